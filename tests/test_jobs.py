"""Background jobs as rows with leases, and the reaper (annotations/jobs.py): one
scan at a time, exports taken and finished once, rescans and e-mails never dropped,
and the Celery settings a deployment needs (docs/OPERATIONS.md)."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import threading

import pytest
from django.core import mail
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from annotations import jobs, queueing, services
from annotations.models import Notification, PendingRescan, ScanRun
from annotations.sourcing import scanner
from reports import services as report_services
from reports.models import ExportJob, ReportRevision
from tests import factories
from tests.conftest import ROOT
from tests.support_jobs import wait_for
from tests.worker import make_broker_unreachable


@pytest.fixture
def sent(monkeypatch):
    """Every message sent through `queueing.send`, instead of sending it."""
    messages = []

    def record(task, *args, **options):
        messages.append((queueing._task(task).name, args))

    monkeypatch.setattr(queueing, "send", record)
    return messages


def a_claim():
    article = factories.ArticleFactory()
    claim, *_ = factories.claims_for(article, checkworthiness=0.9)
    return claim


def ago(seconds: float) -> dt.datetime:
    return timezone.now() - dt.timedelta(seconds=seconds)


def a_revision() -> ReportRevision:
    from reports import snapshot
    from tests.reports.snapshots import synthetic_snapshot

    data = synthetic_snapshot(2)
    return ReportRevision.objects.create(
        article=factories.ArticleFactory(),
        number=1,
        snapshot_json=snapshot.canonical_bytes(data).decode(),
        sha256=snapshot.sha256(data),
        content_sha256=snapshot.content_sha256(data),
        published_at=timezone.now(),
    )


# --- one scan at a time -------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_two_scan_requests_at_once_make_one_scan(monkeypatch):
    """Two editors press "Run a full scan" at the same moment: real requests in two
    threads, each on its own database connection, both past the "is one queued?"
    read before either writes (a barrier holds them there). The unique index on
    unfinished runs lets one insert through; the other request is told a scan is
    already queued. On SQLite the inserts queue behind each other; on PostgreSQL
    they run at once."""
    editors = [factories.UserFactory(role="editor") for _ in range(2)]
    both_read = threading.Barrier(2, timeout=30)
    unfinished_run = scanner._unfinished_run
    waited = threading.local()

    def read_then_wait(scope, article):
        found = unfinished_run(scope, article)
        if not getattr(waited, "once", False):  # the first read of each request
            waited.once = True
            both_read.wait()
        return found

    monkeypatch.setattr(scanner, "_unfinished_run", read_then_wait)
    monkeypatch.setattr(queueing, "try_send", lambda *args, **options: True)
    answers, errors = [], []

    def press(editor):
        try:
            client = Client()
            client.force_login(editor)
            response = client.post(reverse("gap-scan-start"), follow=True)
            answers.append((response.status_code, response.content.decode()))
        except Exception as error:  # reported below, not lost in the thread
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=press, args=(e,)) for e in editors]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors, errors
    assert [status for status, _ in answers] == [200, 200]
    assert ScanRun.objects.count() == 1
    said = sorted(
        "queued" if "A full gap scan was queued" in html else "refused"
        for _, html in answers
        if "A full gap scan was queued" in html or "not started twice" in html
    )
    assert said == ["queued", "refused"]


@pytest.mark.django_db(transaction=True)
def test_two_scans_starting_at_once_run_one(monkeypatch):
    """Beat's nightly scan and a command starting at the same moment. On
    PostgreSQL both find no unfinished run (nothing for SELECT ... FOR UPDATE to
    lock) and both insert one: the unique index refuses the second, which stops
    with ScanAlreadyRunning instead of scanning beside the first. On SQLite the
    second start waits for the first's and then finds its run."""
    factories.claims_for(factories.ArticleFactory(), checkworthiness=0.9)
    if connection.vendor == "postgresql":
        both_looked = threading.Barrier(2, timeout=30)
        create = ScanRun.objects.create

        def look_then_create(**fields):
            both_looked.wait()
            return create(**fields)

        monkeypatch.setattr(ScanRun.objects, "create", look_then_create)
    start = threading.Barrier(2, timeout=30)
    refused = threading.Event()
    outcomes = []

    def hold_until_the_other_was_refused(done, total):
        # The scan that started keeps running until the other one has tried.
        refused.wait(timeout=30)

    def scan():
        start.wait()
        try:
            run = scanner.run_scan(progress=hold_until_the_other_was_refused)
            outcomes.append(("ran", run.pk))
        except scanner.ScanAlreadyRunning as error:
            outcomes.append(("refused", error.run.pk))
            refused.set()
        finally:
            connection.close()

    threads = [threading.Thread(target=scan) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(kind for kind, _ in outcomes) == ["ran", "refused"]
    assert ScanRun.objects.count() == 1
    assert len({pk for _, pk in outcomes}) == 1


@pytest.mark.django_db
def test_a_queued_scan_is_started_not_doubled_by_the_task():
    """The task finds the dashboard's queued run and starts that one."""
    factories.claims_for(factories.ArticleFactory(), checkworthiness=0.9)
    queued, created = scanner.request_scan()
    assert created
    again, created = scanner.request_scan()
    assert (again.pk, created) == (queued.pk, False)
    run = scanner.run_scan()
    assert run.pk == queued.pk
    assert ScanRun.objects.get().status == "finished"


# --- exports: taken once, finished once, re-queued when their worker died ------------


@pytest.mark.django_db
def test_a_second_delivery_while_a_live_worker_renders_does_nothing(monkeypatch):
    job = ExportJob.objects.create(
        revision=a_revision(),
        format="md",
        status=ExportJob.Status.RUNNING,
        lease_token=1,
        lease_expires_at=timezone.now() + dt.timedelta(seconds=60),
        attempts=1,
    )
    rendered = []
    monkeypatch.setattr(
        report_services.exports, "render", lambda *a: rendered.append(a) or b""
    )
    assert report_services.export_run(job_id=job.pk).status == "running"
    assert rendered == []
    job.refresh_from_db()
    assert (job.lease_token, job.attempts) == (1, 1)


@pytest.mark.django_db
def test_a_job_whose_lease_lapsed_is_taken_over_and_finished_by_its_new_taker():
    job = ExportJob.objects.create(
        revision=a_revision(),
        format="md",
        status=ExportJob.Status.RUNNING,
        lease_token=4,
        lease_expires_at=ago(1),
        attempts=1,
    )
    done = report_services.export_run(job_id=job.pk)
    assert (done.status, done.lease_token, done.attempts) == ("done", 5, 2)
    assert done.lease_expires_at is None
    assert done.size > 0


@pytest.mark.django_db
def test_a_slow_holder_whose_job_was_taken_over_cannot_finish_it(monkeypatch):
    """The first taker renders so slowly its lease lapses and another takes the job
    over: the first one's result is not written (the job finishes once)."""
    job = ExportJob.objects.create(revision=a_revision(), format="md")

    def render_while_taken_over(revision, identifier):
        ExportJob.objects.filter(pk=job.pk).update(
            lease_token=99, lease_expires_at=timezone.now()
        )
        return b"late"

    monkeypatch.setattr(report_services.exports, "render", render_while_taken_over)
    report_services.export_run(job_id=job.pk)
    job.refresh_from_db()
    assert (job.status, job.lease_token, job.size) == ("running", 99, None)


@pytest.mark.django_db
def test_the_next_request_requeues_a_job_whose_worker_died(
    sent, django_capture_on_commit_callbacks
):
    """The page asks again for a PDF whose worker died: it is queued and sent
    again at once, not left "rendering" for ever; one whose worker is alive is
    left alone."""
    revision = a_revision()
    job = ExportJob.objects.create(
        revision=revision,
        format="pdf",
        status=ExportJob.Status.RUNNING,
        lease_token=1,
        lease_expires_at=timezone.now() + dt.timedelta(seconds=30),
        attempts=1,
        sent_at=ago(5),
    )
    with django_capture_on_commit_callbacks(execute=True):
        alive = report_services.export_request(revision=revision, identifier="pdf")
    assert alive.status == "running"
    assert sent == []
    ExportJob.objects.filter(pk=job.pk).update(lease_expires_at=ago(1))
    with django_capture_on_commit_callbacks(execute=True):
        again = report_services.export_request(revision=revision, identifier="pdf")
    assert again.status == "queued"
    assert sent == [("reports.render_export", (job.pk,))]


@pytest.mark.django_db
def test_a_pdf_that_keeps_killing_its_worker_fails_with_a_reason(
    sent, settings, django_capture_on_commit_callbacks
):
    settings.FACTCHECK_JOB_MAX_ATTEMPTS = 3
    revision = a_revision()
    job = ExportJob.objects.create(
        revision=revision,
        format="pdf",
        status=ExportJob.Status.RUNNING,
        lease_token=3,
        lease_expires_at=ago(1),
        attempts=3,
    )
    assert jobs.reap()["exports"] == 0
    job.refresh_from_db()
    assert job.status == "failed"
    assert job.error == "The worker rendering it stopped 3 times; ask again to retry."
    with django_capture_on_commit_callbacks(execute=True):
        retried = report_services.export_request(revision=revision, identifier="pdf")
    assert (retried.status, retried.attempts) == ("queued", 0)
    assert sent == [("reports.render_export", (job.pk,))]


# --- the reaper ----------------------------------------------------------------------


@pytest.mark.django_db
def test_the_reaper_sends_what_waits_and_nothing_else(sent, settings):
    """What the broker refused (never sent) or lost (sent long ago) goes out once;
    what was sent a moment ago, or is held by a live worker, does not."""
    settings.FACTCHECK_EMAIL_NOTIFICATIONS = True
    revision = a_revision()
    unsent = ExportJob.objects.create(revision=revision, format="pdf")
    recent = ExportJob.objects.create(revision=revision, format="md", sent_at=ago(1))
    lost = ExportJob.objects.create(revision=revision, format="csv", sent_at=ago(600))
    lapsed = ExportJob.objects.create(
        revision=revision,
        format="json",
        status=ExportJob.Status.RUNNING,
        lease_expires_at=ago(1),
        attempts=1,
        sent_at=ago(30),
    )
    ExportJob.objects.create(
        revision=revision,
        format="w3c",
        status=ExportJob.Status.RUNNING,
        lease_expires_at=timezone.now() + dt.timedelta(seconds=30),
        attempts=1,
    )
    old, fresh = a_claim(), a_claim()
    scanner.request_rescan([old.pk], now=ago(120))
    person = factories.UserFactory(email="sam@example.org")
    due = Notification.objects.create(
        recipient=person, kind="assigned", text="due", email_due_at=ago(120)
    )
    Notification.objects.create(
        recipient=person,
        kind="assigned",
        text="held",
        email_due_at=ago(120),
        email_claimed_at=ago(1),
    )
    queued_scan, _ = scanner.request_scan()
    # A capture whose message was lost (sent longer ago than the resend window),
    # one sent a moment ago, and one held by a live worker.
    lost_capture = factories.CaptureFactory(
        state="pending", captured_at=None, sent_at=ago(200)
    )
    factories.CaptureFactory(state="pending", captured_at=None, sent_at=ago(1))
    factories.CaptureFactory(
        state="pending",
        captured_at=None,
        sent_at=ago(200),
        attempts=1,
        lease_expires_at=timezone.now() + dt.timedelta(seconds=30),
    )

    summary = jobs.reap()
    assert summary == {
        "rescans": 1, "e-mails": 1, "scans": 1, "captures": 1, "exports": 3,
        "webhooks": 0,
    }  # fmt: skip
    assert sorted(sent) == sorted(
        [
            ("annotations.rescan_pending", ()),
            ("annotations.email_notifications", ([due.pk],)),
            ("annotations.scan_all_gaps", (None,)),
            ("reports.render_export", (unsent.pk,)),
            ("reports.render_export", (lost.pk,)),
            ("reports.render_export", (lapsed.pk,)),
            ("annotations.capture_source", (lost_capture.pk,)),
        ]
    )
    lapsed.refresh_from_db()
    assert (lapsed.status, lapsed.lease_expires_at) == ("queued", None)
    recent.refresh_from_db()
    assert recent.sent_at < ago(0.5)

    # A second reaper right after (another worker, the next turn): nothing twice,
    # but the rescanner is woken again while rows wait (a spare wake-up is cheap).
    sent.clear()
    scanner.request_rescan([fresh.pk])
    assert jobs.reap() == {
        "rescans": 1, "e-mails": 1, "scans": 0, "captures": 0, "exports": 0,
        "webhooks": 0,
    }  # fmt: skip
    assert queued_scan.pk == ScanRun.objects.get().pk


@pytest.mark.django_db
def test_a_refused_send_leaves_the_job_to_the_next_round(monkeypatch):
    """The broker is still down when the reaper runs: it stops, and what it tried
    to send is marked unsent again."""
    make_broker_unreachable(monkeypatch)
    job = ExportJob.objects.create(revision=a_revision(), format="pdf")
    monkeypatch.setitem(jobs.SWEEPERS, "rescans", lambda now: 0)
    summary = jobs.reap()
    assert summary["scans"] == 0
    assert summary["exports"] == "broker unreachable"
    job.refresh_from_db()
    assert (job.status, job.sent_at) == ("queued", None)


# --- rescans and e-mails are never dropped -------------------------------------


@pytest.mark.django_db(transaction=True)
def test_a_rescan_that_fails_half_way_keeps_its_claims_queued(monkeypatch):
    """The worker dies (here: the scan raises) after taking the queued claims: they
    are still queued, for the next wake-up, not dropped."""
    claims = [a_claim() for _ in range(3)]
    scanner.request_rescan([c.pk for c in claims])

    def dies(*args, **kwargs):
        raise RuntimeError("the worker died mid-batch")

    monkeypatch.setattr(scanner, "scan_filter", dies)
    with pytest.raises(RuntimeError):
        scanner.scan_pending()
    assert sorted(PendingRescan.objects.values_list("claim_id", flat=True)) == sorted(
        c.pk for c in claims
    )
    monkeypatch.undo()
    assert scanner.scan_pending().claims == 3
    assert not PendingRescan.objects.exists()


@pytest.mark.django_db
def test_an_email_whose_worker_died_is_sent_once_its_claim_lapsed(settings):
    settings.FACTCHECK_JOB_LEASE_SECONDS = 60
    person = factories.UserFactory(email="sam@example.org")
    note = Notification.objects.create(
        recipient=person,
        kind="assigned",
        text="Someone assigned you claim 1",
        email_due_at=ago(300),
        email_claimed_at=ago(10),
    )
    assert services.notifications_email(notification_ids=[note.pk]) == 0
    Notification.objects.filter(pk=note.pk).update(email_claimed_at=ago(61))
    assert services.notifications_email(notification_ids=[note.pk]) == 1
    assert services.notifications_email(notification_ids=[note.pk]) == 0
    assert len(mail.outbox) == 1
    note.refresh_from_db()
    assert note.emailed_at is not None
    assert note.email_claimed_at is None


@pytest.mark.django_db
def test_a_refused_mail_is_tried_again_after_its_lease_not_in_a_loop(
    settings, monkeypatch
):
    person = factories.UserFactory(email="sam@example.org")
    note = Notification.objects.create(
        recipient=person, kind="assigned", text="x", email_due_at=ago(300)
    )

    def refuse(*args, **kwargs):
        raise ConnectionRefusedError("the mail server refuses")

    monkeypatch.setattr("django.core.mail.send_mail", refuse)
    with pytest.raises(ConnectionRefusedError):
        services.notifications_email(notification_ids=[note.pk])
    note.refresh_from_db()
    assert note.email_claimed_at is not None
    assert note.emailed_at is None
    settings.FACTCHECK_EMAIL_NOTIFICATIONS = True
    sent_ids = []
    monkeypatch.setattr(
        queueing, "send", lambda task, ids=None, **options: sent_ids.append(ids)
    )
    jobs.sweep_emails(timezone.now())
    assert sent_ids == []  # held until the claim lapses


# --- leases ---------------------------------------------------------------------


def test_a_lease_keeper_renews_until_the_job_is_no_longer_its_own(settings):
    settings.FACTCHECK_JOB_LEASE_SECONDS = 0.3
    renewals = []

    def renew() -> bool:
        renewals.append(1)
        return len(renewals) < 3

    with jobs.LeaseKeeper(renew, name="test lease") as keeper:
        wait_for(keeper.lost.is_set, timeout=30, interval=0.02, what="lease lost")
    assert len(renewals) == 3


def test_a_lease_keeper_outlives_a_database_restart(settings):
    """Renewing fails while the database restarts: the lease is not given up, and
    renewing goes on once the database answers."""
    from django.db import OperationalError

    settings.FACTCHECK_JOB_LEASE_SECONDS = 0.3
    calls = []

    def renew() -> bool:
        calls.append(1)
        if len(calls) <= 2:
            raise OperationalError("the database system is shutting down")
        return len(calls) < 5

    with jobs.LeaseKeeper(renew, name="test lease") as keeper:
        wait_for(keeper.lost.is_set, timeout=30, interval=0.02, what="lease lost")
    assert len(calls) == 5


# --- settings a deployment needs ------------------------------------------------


def test_celery_settings_a_deployment_needs(tmp_path):
    """Read as a worker reads them, with Redis as broker."""
    code = (
        "from factcheck.celery import app\n"
        "c = app.conf\n"
        "print(c.task_acks_late, c.task_reject_on_worker_lost,"
        " c.worker_prefetch_multiplier, c.broker_connection_retry,"
        " c.broker_connection_retry_on_startup, c.broker_connection_max_retries,"
        " c.worker_cancel_long_running_tasks_on_connection_loss)\n"
        "print(c.task_soft_time_limit, c.task_time_limit)\n"
        "print(c.broker_transport_options['visibility_timeout'])\n"
        "print(c.broker_transport)\n"
        "from annotations import tasks\n"
        "print(tasks.scan_all_gaps.time_limit, tasks.check_links.time_limit)\n"
        "print(app.conf.beat_scheduler)\n"
    )
    env = {
        "PATH": "/usr/bin:/bin",
        "DEBUG": "1",
        "DJANGO_SETTINGS_MODULE": "factcheck.settings",
        "FACTCHECK_VAR_DIR": str(tmp_path),
        "CELERY_BROKER_URL": "redis://127.0.0.1:6379/0",
    }
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()\n" + code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "True True 1 True True None False"
    soft, hard = map(int, lines[1].split())
    assert 0 < soft < hard
    long_hard = [int(n) for n in lines[4].split()]
    # Redis must not hand a running task to another worker: the visibility
    # timeout outlasts the longest task's hard limit.
    assert int(lines[2]) > max(long_hard) > hard
    assert lines[3] == "factcheck.broker:RedisTransport"
    assert lines[5] == "factcheck.beat:Scheduler"


# --- beat ------------------------------------------------------------------------


@pytest.fixture
def beat_scheduler(transactional_db):
    """django-celery-beat closes the database connection as it works: these run
    outside a test transaction."""
    from factcheck.beat import Scheduler
    from factcheck.celery import app

    return Scheduler(app=app)


def test_beat_puts_the_reaper_back_on_its_schedule_at_start(transactional_db):
    """Switched off in the admin, the reaper is back on at beat's next start, its
    messages expiring after two turns."""
    from django_celery_beat.models import PeriodicTask

    from factcheck.beat import Scheduler
    from factcheck.celery import app

    Scheduler(app=app)
    PeriodicTask.objects.filter(name="reap background jobs").update(enabled=False)
    scheduler = Scheduler(app=app)
    task = PeriodicTask.objects.get(name="reap background jobs")
    assert task.enabled
    assert task.task == "annotations.reap_jobs"
    entry = scheduler.schedule["reap background jobs"]
    assert entry.options["expires"] == task.expire_seconds > 0


def test_beat_keeps_a_due_task_the_broker_refused_until_it_is_sent(
    beat_scheduler, monkeypatch, caplog
):
    """Due while the broker is down: kept, tried again at every tick (the outage
    logged once), sent once the broker answers, then forgotten."""
    import logging

    entry = beat_scheduler.schedule["reap background jobs"]
    attempts = []
    broker_up = False

    def apply_async(entry, producer=None, advance=True, **kwargs):
        attempts.append(entry.name)
        if not broker_up:
            raise ConnectionRefusedError("the broker is down")

    monkeypatch.setattr(beat_scheduler, "apply_async", apply_async)
    with caplog.at_level(logging.INFO, logger="factcheck.beat"):
        beat_scheduler.apply_entry(entry)
        assert list(beat_scheduler.unsent) == ["reap background jobs"]
        for _ in range(3):
            assert beat_scheduler.tick() <= 5
        broker_up = True
        beat_scheduler.tick()
    assert beat_scheduler.unsent == {}
    assert attempts.count("reap background jobs") >= 5
    assert caplog.text.count("Could not send") == 1
    assert "every kept task was sent" in caplog.text
