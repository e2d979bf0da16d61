"""The gap tracker through real worker processes: triggers, dedup, a killed worker."""

import os
import re
import signal
import time
import uuid
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from annotations import roles, services, tasks
from annotations.models import Article, Claim, PendingRescan, ScanRun, SourcingGap
from annotations.services.common import claims_touched
from tests import factories
from tests.worker import pool_children, start_worker, stop_worker

# How long a condition may take to come true. Generous: a loaded machine is slow,
# and the wait ends as soon as the condition holds.
DEADLINE = 120.0


# A scan's heartbeat every 0.2 s; a run 0.5 s later than that is abandoned.
FAST_HEARTBEAT = {
    "FACTCHECK_GAP_SCAN_HEARTBEAT_SECONDS": "0.2",
    "FACTCHECK_GAP_SCAN_HEARTBEAT_GRACE": "0.5",
}


def wait_for(condition, timeout=DEADLINE, interval=0.1):
    """Poll until `condition()` is truthy; return its value, or fail at the deadline."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(interval)
    pytest.fail(f"Condition not met within {timeout:g} s")


def open_gaps(claim, kind="no_source"):
    return SourcingGap.objects.filter(claim=claim, kind=kind, resolved_at__isnull=True)


def archived_source(publisher, domain):
    return factories.SourceFactory(
        publisher=publisher,
        domain=domain,
        url=f"https://{domain}/story",
        normalized_url=f"https://{domain}/story",
        archive_url=f"https://web.archive.org/{domain}",
    )


@pytest.mark.worker
def test_citation_edits_open_and_resolve_no_source(
    celery_worker, transactional_db, client
):
    """Removing the last citation opens no_source within seconds; citing two
    publishers resolves it and records resolved_at; the dashboard shows both."""
    user = factories.UserFactory(role="reviewer")
    article = factories.ArticleFactory()
    [claim, *_] = factories.claims_for(article, checkworthiness=0.9)
    first = services.citation_add(
        claim=claim, source=archived_source("Wire", "wire.example"), stance="supports",
        user=user,
    )  # fmt: skip
    # The rescan after that edit ran: single_source is open, no_source is not.
    wait_for(lambda: open_gaps(claim, "single_source").exists())
    assert not open_gaps(claim).exists()

    services.citation_remove(citation=first, user=user)
    gap = wait_for(lambda: open_gaps(claim).first())
    assert gap.opened_at <= timezone.now()

    services.citation_add(
        claim=claim, source=archived_source("SpaceNews", "spacenews.com"),
        stance="supports", user=user,
    )  # fmt: skip
    services.citation_add(
        claim=claim, source=archived_source("Reuters", "reuters.com"),
        stance="refutes", user=user,
    )  # fmt: skip
    wait_for(lambda: SourcingGap.objects.get(pk=gap.pk).resolved_at)
    wait_for(
        lambda: not SourcingGap.objects.filter(claim=claim, resolved_at=None).exists()
    )
    gap.refresh_from_db()
    assert gap.resolved_at >= gap.opened_at
    assert not PendingRescan.objects.exists()

    client.force_login(user)
    response = client.get(reverse("gap-dashboard"))
    rows = response.context["chart"]["rows"]
    # Opened: single_source, then no_source; resolved: both of them. (Counted over
    # the chart's days: the worker's clock may pass midnight during the test.)
    assert sum(row["opened"] for row in rows) >= 2
    assert sum(row["resolved"] for row in rows) >= 2
    assert response.context["total_open"] == 0


@pytest.mark.django_db
def test_one_transaction_sends_one_rescan(
    django_capture_on_commit_callbacks, monkeypatch
):
    """Claims touched in one transaction cost one message and one queue row each."""
    sent = []
    monkeypatch.setattr(
        tasks.rescan_pending, "apply_async", lambda **kw: sent.append(kw)
    )
    article = factories.ArticleFactory()
    claims = factories.claims_for(article)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        for claim in claims:
            claims_touched([claim.pk])
        claims_touched([claims[0].pk])
    assert len(callbacks) == 1
    assert len(sent) == 1
    assert sorted(PendingRescan.objects.values_list("claim_id", flat=True)) == sorted(
        c.pk for c in claims
    )


def many_claims(n=600) -> list[Claim]:
    """One article of `n` check-worthy claims, each opening one no_source gap."""
    body = " ".join(f"Sales rose {i} percent in 2023." for i in range(n))
    article = Article.objects.create(
        workspace=roles.ensure_first_workspace(), title="Many claims", body=body
    )
    claims, cursor = [], 0
    for i in range(n):
        text = f"Sales rose {i} percent in 2023."
        start = body.index(text, cursor)
        cursor = start + len(text)
        claims.append(
            Claim(
                article=article, start=start, end=cursor, text=text, checkworthiness=0.9
            )
        )
    return Claim.objects.bulk_create(claims)


@pytest.mark.django_db
def test_a_scan_task_meeting_a_live_heartbeat_looks_again_once_it_would_be_stale(
    settings, monkeypatch, frozen_clock
):
    """A redelivered scan cannot tell a dead holder from a live one by a fresh
    heartbeat: it comes back once (check_back off) after the stale window, and then
    skips if the holder is still beating."""
    settings.FACTCHECK_GAP_SCAN_HEARTBEAT_SECONDS = 1.0
    settings.FACTCHECK_GAP_SCAN_HEARTBEAT_GRACE = 4.0
    now = timezone.now()
    live = ScanRun.objects.create(started_at=now, heartbeat_at=now)
    retries = []
    monkeypatch.setattr(
        tasks.scan_all_gaps, "retry", lambda **options: retries.append(options)
    )
    first = tasks.scan_all_gaps.apply().get()
    assert first["run"] == live.pk
    assert first["skipped"].startswith(f"A live worker holds scan #{live.pk}")
    [retry] = retries
    assert retry["kwargs"] == {"article_id": None, "check_back": False}
    assert 5.0 <= retry["countdown"] <= 6.0  # the 5 s stale window, plus a beat
    assert first["check_back_in"] == round(retry["countdown"], 1)

    second = tasks.scan_all_gaps.apply(kwargs={"check_back": False}).get()
    assert second == {"skipped": first["skipped"], "run": live.pk}
    assert len(retries) == 1


@pytest.mark.worker
@pytest.mark.slow
def test_killed_worker_mid_scan_leaves_consistent_data_and_next_run_finishes(
    celery_worker, transactional_db, tmp_path
):
    """kill -9 during a full scan: every batch is all-or-nothing, and the next run
    takes the abandoned scan over from its cursor and finishes it."""
    claims = many_claims()
    # A queue of this run's own: a message a killed worker left unacknowledged in an
    # earlier run (redelivered once the broker's visibility timeout passes) must not
    # start a second scan here.
    queue = f"gap-kill-test-{uuid.uuid4().hex[:12]}"

    # After its first batch the worker pauses far longer than the test can take to
    # notice: it is killed in that pause, however slow the machine.
    slow = start_worker(
        tmp_path / "slow.log",
        extra_args=["--pool", "solo", "-Q", queue],
        FACTCHECK_GAP_SCAN_BATCH_SIZE="50",
        FACTCHECK_GAP_SCAN_BATCH_PAUSE="600",
    )
    try:
        tasks.scan_all_gaps.apply_async(queue=queue)
        run = wait_for(lambda: ScanRun.objects.filter(done__gte=50).first())
        slow.kill()  # SIGKILL: no clean-up runs
        slow.wait()
    finally:
        stop_worker(slow)

    run.refresh_from_db()
    assert run.status == ScanRun.Status.RUNNING
    assert 0 < run.done < 600
    open_rows = SourcingGap.objects.filter(resolved_at__isnull=True)
    scanned = set(open_rows.values_list("claim_id", flat=True))
    # Consistent: exactly the claims up to the cursor were scanned, one gap each.
    assert open_rows.count() == len(scanned) == run.done
    assert max(scanned) == run.last_claim_id
    assert scanned == set(
        Claim.objects.filter(pk__lte=run.last_claim_id).values_list("pk", flat=True)
    )

    again = start_worker(
        tmp_path / "again.log",
        extra_args=["--pool", "solo", "-Q", queue],
        **FAST_HEARTBEAT,
    )
    try:
        tasks.scan_all_gaps.apply_async(queue=queue)
        wait_for(lambda: ScanRun.objects.filter(pk=run.pk, status="finished").exists())
    finally:
        stop_worker(again)
    run.refresh_from_db()
    assert (run.done, run.total, run.takeovers) == (600, 600, 1)
    assert ScanRun.objects.count() == 1
    open_rows = SourcingGap.objects.filter(resolved_at__isnull=True)
    assert open_rows.count() == 600
    assert set(open_rows.values_list("claim_id", flat=True)) == {c.pk for c in claims}


@pytest.mark.worker
def test_killed_pool_processes_mid_scan_are_taken_over_by_the_redelivered_task(
    celery_worker, transactional_db, tmp_path, monkeypatch
):
    """SIGKILL the pool processes of a prefork worker mid-scan. The worker requeues
    the message (acks late, reject on worker lost); the redelivered task finds the
    dead process's heartbeat still fresh, looks again once it is stale, takes the
    run over and finishes it from its cursor. While the scan was alive, `scan_gaps`
    refused it and offered --take-over."""
    claims = many_claims()
    queue = f"gap-pool-kill-test-{uuid.uuid4().hex[:12]}"
    worker = start_worker(
        tmp_path / "prefork.log",
        concurrency=1,
        extra_args=["--pool", "prefork", "-Q", queue],
        lost_wait=0.5,
        FACTCHECK_GAP_SCAN_BATCH_SIZE="50",
        FACTCHECK_GAP_SCAN_BATCH_PAUSE="0.15",
        # A stale window (2.7 s) longer than the redelivery takes, so the
        # redelivered task meets a heartbeat that still looks alive.
        FACTCHECK_GAP_SCAN_HEARTBEAT_SECONDS="0.2",
        FACTCHECK_GAP_SCAN_HEARTBEAT_GRACE="2.5",
    )
    try:
        tasks.scan_all_gaps.apply_async(queue=queue)
        run = wait_for(lambda: ScanRun.objects.filter(done__gte=100).first())
        # The database's write lock (a row lock on the run on PostgreSQL) holds the
        # scan at its next write while the test looks and kills, however slow the
        # machine: the scan cannot finish before its pool processes die.
        with transaction.atomic():
            run = ScanRun.objects.select_for_update().get(pk=run.pk)
            assert run.status == ScanRun.Status.RUNNING
            assert run.done < 600
            # Asked at the moment of the scan's last heartbeat (however long the
            # test took to get here), the command finds its worker alive.
            with monkeypatch.context() as clock:
                clock.setattr(timezone, "now", lambda: run.heartbeat_at)
                with pytest.raises(CommandError, match="A live worker holds") as no:
                    call_command("scan_gaps", stdout=StringIO(), stderr=StringIO())
            assert "use --take-over to take it anyway" in str(no.value)
            children = pool_children(worker)
            assert children, "the prefork worker has no pool process"
            for pid in children:
                os.kill(pid, signal.SIGKILL)
        wait_for(lambda: ScanRun.objects.filter(pk=run.pk, status="finished").exists())
    finally:
        stop_worker(worker)
    run.refresh_from_db()
    assert (run.done, run.total, run.takeovers) == (600, 600, 1)
    assert ScanRun.objects.count() == 1
    open_rows = SourcingGap.objects.filter(resolved_at__isnull=True)
    assert open_rows.count() == 600
    assert set(open_rows.values_list("claim_id", flat=True)) == {c.pk for c in claims}
    log = (tmp_path / "prefork.log").read_text()
    # Usually the redelivered task sees the dead process's heartbeat still fresh and
    # comes back once it is stale ('check_back_in'); when the worker notices the
    # death late (its pool supervisor polls every few seconds) the heartbeat is
    # already stale on redelivery. Either way the run is taken over from its cursor.
    assert re.search(r"last heartbeat \d+ s ago: taking it over from claim #\d+", log)
