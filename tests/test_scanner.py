"""The gap scanner: bulk loading, opening/refreshing/resolving, progress, resumption."""

import datetime as dt
import threading
import time

import pytest
from django.db import connection
from django.db.models import F
from django.utils import timezone

from annotations.models import (
    Claim,
    LinkStatus,
    PendingRescan,
    ScanRun,
    SourceKind,
    SourcingGap,
    Stance,
)
from annotations.sourcing import scanner
from tests import factories

BODY = (
    "The agency approved a budget of $3 million on Monday, according to SpaceNews. "
    "Critics said it was too small. The mayor said turnout was 70 percent. "
    "Sales fell 12 percent last year. Growth doubled in 2023."
)


def make_claims(n_articles=1, **fields):
    claims = []
    for _ in range(n_articles):
        article = factories.ArticleFactory(body=BODY)
        claims += factories.claims_for(article, checkworthiness=0.9, **fields)
    return claims


def cite(claim, **source_fields):
    source = factories.SourceFactory(
        **{"archive_url": "https://web.archive.org/x", **source_fields}
    )
    return factories.CitationFactory(claim=claim, source=source)


def open_kinds(claim):
    return sorted(
        SourcingGap.objects.filter(claim=claim, resolved_at__isnull=True).values_list(
            "kind", flat=True
        )
    )


@pytest.mark.django_db
def test_scan_opens_no_source_and_resolves_it_when_cited():
    """An uncited check-worthy claim gets no_source; two independent sources fix it."""
    [claim, *_] = make_claims()
    scanner.scan_claims([claim.pk])
    assert open_kinds(claim) == ["no_source"]
    gap = SourcingGap.objects.get(claim=claim)
    assert gap.severity == "high"
    assert gap.opened_at == gap.last_seen_at
    assert gap.opened_at.tzinfo is not None

    cite(claim, publisher="SpaceNews", domain="spacenews.com")
    cite(claim, publisher="Reuters", domain="reuters.com")
    result = scanner.scan_claims([claim.pk])
    assert open_kinds(claim) == []
    gap.refresh_from_db()
    assert gap.resolved_at is not None
    assert result.resolved == 1


@pytest.mark.django_db
def test_rescan_is_idempotent_and_refreshes_last_seen():
    """Scanning twice keeps one open gap and moves only its last_seen_at."""
    [claim, *_] = make_claims()
    first = timezone.now() - dt.timedelta(hours=1)
    scanner.scan_claims([claim.pk], now=first)
    scanner.scan_claims([claim.pk])
    [gap] = SourcingGap.objects.filter(claim=claim)
    assert gap.opened_at == first
    assert gap.last_seen_at > first
    assert gap.resolved_at is None


@pytest.mark.django_db
def test_gap_reopens_as_a_new_record_after_resolving():
    """History is kept: a gap that comes back is a new row; the old stays resolved."""
    [claim, *_] = make_claims()
    scanner.scan_claims([claim.pk])
    citation = cite(claim)
    scanner.scan_claims([claim.pk])
    citation.delete()
    scanner.scan_claims([claim.pk])
    rows = SourcingGap.objects.filter(claim=claim, kind="no_source").order_by("pk")
    assert [g.resolved_at is None for g in rows] == [False, True]


@pytest.mark.django_db
def test_dismissing_or_reclassifying_resolves_open_gaps():
    claim, other, *_ = make_claims()
    scanner.scan_claims([claim.pk, other.pk])
    Claim.objects.filter(pk=claim.pk).update(
        dismissed_at=timezone.now(), dismissed_reason="Opinion"
    )
    Claim.objects.filter(pk=other.pk).update(kind="opinion")
    scanner.scan_claims([claim.pk, other.pk])
    assert open_kinds(claim) == []
    assert open_kinds(other) == []


@pytest.mark.django_db
def test_per_source_gaps_and_rules_from_the_database():
    """Dead links, missing archives and institutional claims come through the loader."""
    [claim, *_] = make_claims()
    Claim.objects.filter(pk=claim.pk).update(
        attribution="SpaceNews", signals=[{"name": "official_action", "weight": 0.3}]
    )
    dead = factories.SourceFactory(
        publisher="Blog", domain="blog.example", link_status=LinkStatus.DEAD
    )
    factories.CitationFactory(claim=claim, source=dead, stance=Stance.CONTEXT)
    live = factories.SourceFactory(
        publisher="Blog", domain="blog.example", archive_url=""
    )
    factories.CitationFactory(claim=claim, source=live)
    factories.RatingFactory(claim=claim)  # "False"
    scanner.scan_claims([claim.pk])
    rows = SourcingGap.objects.filter(claim=claim, resolved_at__isnull=True)
    assert sorted((g.kind, g.source_id) for g in rows) == sorted(
        [
            ("not_independent", None),
            ("attribution_uncited", None),
            ("no_primary", None),
            ("verdict_unsupported", None),
            ("dead_link", dead.pk),
            ("no_archive", live.pk),
        ]
    )
    official = factories.SourceFactory(
        publisher="SpaceNews",
        domain="spacenews.com",
        kind=SourceKind.OFFICIAL,
        archive_url="https://web.archive.org/s",
    )
    factories.CitationFactory(claim=claim, source=official, stance=Stance.REFUTES)
    scanner.scan_claims([claim.pk])
    assert open_kinds(claim) == ["dead_link", "no_archive"]


@pytest.mark.django_db
@pytest.mark.parametrize("n_articles", [1, 8])
def test_scan_query_count_does_not_grow_with_claims(
    django_assert_num_queries, n_articles
):
    """A batch costs a fixed number of queries, whatever its size."""
    claims = make_claims(n_articles)
    for claim in claims[::2]:
        cite(claim)
        cite(claim)
    ids = [c.pk for c in claims]
    scanner.scan_claims(ids)  # opens gaps
    for claim in claims[1::4]:
        cite(claim)  # some resolve
    # Ten for the batch, one for the desks' settings (read once per scan).
    with django_assert_num_queries(11):
        scanner.scan_claims(ids)


@pytest.mark.django_db
def test_full_scan_records_progress_and_finishes():
    claims = make_claims(3)
    seen = []
    run = scanner.run_scan(batch_size=4, progress=lambda done, total: seen.append(done))
    run.refresh_from_db()
    assert run.status == ScanRun.Status.FINISHED
    assert run.total == run.done == len(claims)
    assert run.finished_at is not None
    assert seen[0] == 0
    assert seen[-1] == len(claims)
    assert SourcingGap.objects.filter(resolved_at__isnull=True).count() == len(claims)


@pytest.mark.django_db
def test_article_scan_touches_only_that_article():
    claims = make_claims(2)
    article = claims[0].article
    scanner.run_scan(article=article)
    assert set(SourcingGap.objects.values_list("claim__article", flat=True)) == {
        article.pk
    }


@pytest.mark.django_db
def test_abandoned_full_scan_is_taken_over_from_its_cursor():
    """A run whose worker died (stale heartbeat) is resumed, not restarted."""
    claims = make_claims(2)
    old = timezone.now() - dt.timedelta(hours=1)
    half = claims[len(claims) // 2].pk
    run = ScanRun.objects.create(
        started_at=old, heartbeat_at=old, total=len(claims), done=5, last_claim_id=half
    )
    resumed = scanner.run_scan(stale_after=60)
    assert resumed.pk == run.pk
    resumed.refresh_from_db()
    assert resumed.status == ScanRun.Status.FINISHED
    assert resumed.takeovers == 1
    scanned = set(SourcingGap.objects.values_list("claim_id", flat=True))
    assert scanned == {c.pk for c in claims if c.pk > half}


@pytest.mark.django_db
def test_a_live_full_scan_is_not_started_twice():
    now = timezone.now()
    ScanRun.objects.create(started_at=now, heartbeat_at=now)
    with pytest.raises(scanner.ScanAlreadyRunning):
        scanner.run_scan(stale_after=60)


def aged_run(seconds: float, **fields) -> ScanRun:
    """An unfinished full scan whose last heartbeat was `seconds` ago."""
    beat = timezone.now() - dt.timedelta(seconds=seconds)
    return ScanRun.objects.create(
        started_at=beat - dt.timedelta(minutes=5), heartbeat_at=beat, **fields
    )


@pytest.mark.django_db
def test_a_run_is_abandoned_a_grace_past_the_heartbeat_interval(settings, frozen_clock):
    """Live while its heartbeat is at most interval + grace old; taken over after."""
    settings.FACTCHECK_GAP_SCAN_HEARTBEAT_SECONDS = 1.0
    settings.FACTCHECK_GAP_SCAN_HEARTBEAT_GRACE = 2.0
    make_claims()
    live = aged_run(2.2, total=10, done=4)
    with pytest.raises(scanner.ScanAlreadyRunning) as refused:
        scanner.run_scan()
    assert str(refused.value) == (
        f"A live worker holds scan #{live.pk} (heartbeat 2 s ago), 4 of 10 claims done"
    )
    assert 0 < refused.value.stale_in <= 0.8
    ScanRun.objects.filter(pk=live.pk).update(
        heartbeat_at=timezone.now() - dt.timedelta(seconds=3.5)
    )
    found = []
    resumed = scanner.run_scan(announce=found.append)
    assert resumed.pk == live.pk
    assert resumed.takeovers == 1
    [message] = found
    assert message.startswith(f"Scan #{live.pk} of all claims, started at ")
    assert "last heartbeat 4 s ago: taking it over from claim #0" in message


@pytest.mark.django_db
def test_take_over_takes_a_live_run_and_says_so(frozen_clock):
    make_claims()
    live = aged_run(0)
    found = []
    run = scanner.run_scan(stale_after=60, take_over=True, announce=found.append)
    assert run.pk == live.pk
    run.refresh_from_db()
    assert (run.status, run.takeovers) == (ScanRun.Status.FINISHED, 1)
    assert found[0].startswith(
        f"A live worker holds scan #{live.pk} (heartbeat 0 s ago): taking it over"
    )


@pytest.mark.django_db
def test_a_scan_whose_run_was_taken_over_stops_without_writing():
    """Another worker takes the run over after the first batch: this scan's next
    batch rolls back and it stops; the run is neither failed nor finished by it."""
    claims = make_claims(3)

    def taken_over_after_the_first_batch(done, total):
        if done:
            ScanRun.objects.update(takeovers=F("takeovers") + 1)

    with pytest.raises(scanner.ScanTakenOver):
        scanner.run_scan(batch_size=4, progress=taken_over_after_the_first_batch)
    run = ScanRun.objects.get()
    assert (run.status, run.done, run.takeovers) == (ScanRun.Status.RUNNING, 4, 1)
    scanned = set(SourcingGap.objects.values_list("claim_id", flat=True))
    assert scanned == {c.pk for c in claims[:4]}


@pytest.mark.django_db(transaction=True)
def test_the_heartbeat_is_written_at_its_interval_between_batches(settings):
    """Outside a transaction a helper thread keeps the heartbeat fresh however long
    a batch or a pause takes, and stops once the run is taken over."""
    settings.FACTCHECK_GAP_SCAN_HEARTBEAT_SECONDS = 0.05
    run = aged_run(60)
    beat = scanner._Heartbeat(run, interval=0.05, threaded=True)
    beat.start()
    try:
        first = run.heartbeat_at
        # Only a bound for a broken heartbeat: a working one is seen at once.
        deadline = time.monotonic() + 120
        while ScanRun.objects.get(pk=run.pk).heartbeat_at == first:
            assert time.monotonic() < deadline, "no heartbeat written"
            time.sleep(0.02)
        ScanRun.objects.filter(pk=run.pk).update(takeovers=F("takeovers") + 1)
        while not beat.lost.is_set():
            assert time.monotonic() < deadline, "the take-over went unnoticed"
            time.sleep(0.02)
        with pytest.raises(scanner.ScanTakenOver):
            beat.check()
    finally:
        beat.stop()


@pytest.mark.django_db
def test_pending_rescans_collapse_into_one_scan():
    """A burst of edits queues each claim once; one scan takes them all."""
    claim, other, *_ = make_claims()
    for _ in range(5):
        scanner.request_rescan([claim.pk, other.pk])
    assert PendingRescan.objects.count() == 2
    result = scanner.scan_pending()
    assert result.claims == 2
    assert PendingRescan.objects.count() == 0
    assert scanner.scan_pending().claims == 0


@pytest.mark.django_db
def test_open_gaps_by_claim_groups_most_severe_first(django_assert_num_queries):
    claim, other, *_ = make_claims()
    cite(claim, archive_url="")
    scanner.scan_claims([claim.pk, other.pk])
    with django_assert_num_queries(1):
        grouped = scanner.open_gaps_by_claim([claim.pk, other.pk])
    assert [g.kind for g in grouped[other.pk]] == ["no_source"]
    assert [g.severity for g in grouped[claim.pk]] == ["medium", "low"]


@pytest.mark.django_db(transaction=True)
def test_concurrent_scans_never_duplicate_open_gaps():
    """Scanners racing over the same claims leave exactly one open gap per kind."""
    if connection.vendor == "sqlite":
        pytest.skip("SQLite serialises writers; the race needs PostgreSQL")
    claims = make_claims(4)
    ids = [c.pk for c in claims]
    barrier = threading.Barrier(4)
    errors = []

    def scan():
        try:
            barrier.wait()
            for _ in range(3):
                scanner.scan_claims(ids, batch_size=7)
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=scan) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    open_gaps = SourcingGap.objects.filter(resolved_at__isnull=True)
    assert open_gaps.count() == len(claims)
    assert sorted(open_gaps.values_list("claim_id", flat=True)) == sorted(ids)


@pytest.mark.django_db
def test_the_constraint_refuses_a_second_open_gap():
    from django.db import IntegrityError, transaction

    [claim, *_] = make_claims()
    now = timezone.now()
    fields = {
        "claim": claim,
        "kind": "no_source",
        "opened_at": now,
        "last_seen_at": now,
    }
    SourcingGap.objects.create(**fields)
    with pytest.raises(IntegrityError), transaction.atomic():
        SourcingGap.objects.create(**fields)
    SourcingGap.objects.create(**fields, resolved_at=now)  # resolved ones may repeat


@pytest.mark.django_db
def test_scan_gaps_command_takes_over_an_abandoned_scan_and_says_what_it_found(
    frozen_clock,
):
    from io import StringIO

    from django.core.management import call_command

    make_claims()
    abandoned = aged_run(120)
    out, err = StringIO(), StringIO()
    call_command("scan_gaps", stdout=out, stderr=err)
    assert f"Scan #{abandoned.pk} of all claims, started at " in err.getvalue()
    assert "last heartbeat 120 s ago: taking it over" in err.getvalue()
    abandoned.refresh_from_db()
    assert abandoned.status == ScanRun.Status.FINISHED


@pytest.mark.django_db
def test_scan_gaps_command_offers_take_over_only_when_a_live_worker_holds_it(
    frozen_clock,
):
    from io import StringIO

    from django.core.management import CommandError, call_command

    make_claims()
    live = aged_run(1)
    with pytest.raises(CommandError) as refused:
        call_command("scan_gaps", stdout=StringIO(), stderr=StringIO())
    assert str(refused.value) == (
        f"A live worker holds scan #{live.pk} (heartbeat 1 s ago), 0 of 0 claims "
        "done; use --take-over to take it anyway."
    )
    err = StringIO()
    call_command("scan_gaps", "--take-over", stdout=StringIO(), stderr=err)
    assert "taking it over as asked" in err.getvalue()
    live.refresh_from_db()
    assert (live.status, live.takeovers) == (ScanRun.Status.FINISHED, 1)


@pytest.mark.django_db
def test_scan_gaps_command_shows_progress_and_summary():
    from io import StringIO

    from django.core.management import call_command

    claims = make_claims(2)
    out, err = StringIO(), StringIO()
    call_command("scan_gaps", "--article", claims[0].article_id, stdout=out, stderr=err)
    assert "claims" in err.getvalue()
    assert "100%" in err.getvalue()
    assert (
        f"Scanned {len(claims) // 2} claims: {len(claims) // 2} gaps opened"
        in out.getvalue()
    )


@pytest.mark.django_db(transaction=True)
def test_full_scan_outside_a_transaction_prepares_batches_ahead():
    """Outside a transaction the next batch is loaded in a helper thread; the result
    is the same: every claim scanned once, the cursor at the last claim."""
    claims = make_claims(3)
    for claim in claims[::3]:
        cite(claim, publisher="SpaceNews", domain="spacenews.com")
        cite(claim, publisher="Reuters", domain="reuters.com")
    seen = []
    run = scanner.run_scan(batch_size=4, progress=lambda done, total: seen.append(done))
    run.refresh_from_db()
    assert run.status == ScanRun.Status.FINISHED
    assert run.done == run.total == len(claims)
    assert run.last_claim_id == max(c.pk for c in claims)
    assert seen == sorted(seen)
    assert seen[-1] == len(claims)
    uncited = {c.pk for c in claims} - {c.pk for c in claims[::3]}
    open_rows = SourcingGap.objects.filter(resolved_at__isnull=True)
    assert sorted(open_rows.values_list("claim_id", "kind")) == sorted(
        (pk, "no_source") for pk in uncited
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    "signals",
    [
        ["official_action"],
        [{"name": "official_action", "weight": 0.3}, {"name": "number"}],
    ],
)
def test_institutional_signal_is_read_in_either_stored_form(signals):
    """The splitter's `official_action` signal counts whether stored as a name or as
    a {"name": ...} object; other signals do not make a claim institutional."""
    claim, other, *_ = make_claims()
    Claim.objects.filter(pk=claim.pk).update(signals=signals)
    Claim.objects.filter(pk=other.pk).update(signals=[{"name": "number"}, "quote"])
    for target in (claim, other):
        cite(target, publisher="SpaceNews", domain="spacenews.com")
        cite(target, publisher="Reuters", domain="reuters.com")
    scanner.scan_claims([claim.pk, other.pk])
    assert open_kinds(claim) == ["no_primary"]
    assert open_kinds(other) == []
