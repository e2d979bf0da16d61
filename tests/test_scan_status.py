"""The gap dashboard's word on full scans, read from the newest full run: queued
after the button (whether or not a worker or even the queue is there to take it),
then the run's progress, a run whose worker went silent, and the result."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from annotations import queueing
from annotations.models import ScanRun
from desk.views.gaps import scan_status

pytestmark = pytest.mark.django_db

NOW = timezone.now()


def run(
    started_ago: float,
    status=ScanRun.Status.RUNNING,
    beat_ago: float = 1,
    *,
    sent=True,
    by=None,
):
    return ScanRun.objects.create(
        scope=ScanRun.Scope.FULL,
        status=status,
        started_at=NOW - dt.timedelta(seconds=started_ago),
        heartbeat_at=NOW - dt.timedelta(seconds=beat_ago),
        finished_at=NOW if status == ScanRun.Status.FINISHED else None,
        sent_at=NOW - dt.timedelta(seconds=started_ago) if sent else None,
        requested_by=by,
        total=100,
        done=100 if status == ScanRun.Status.FINISHED else 30,
    )


def test_nothing_asked_nothing_run():
    assert scan_status(NOW)["state"] == "none"
    assert not scan_status(NOW)["poll"]


def test_asked_and_not_started_is_queued_and_polled(editor):
    run(5, ScanRun.Status.QUEUED, by=editor)
    status = scan_status(NOW)
    assert (status["state"], status["poll"], status["waited"]) == ("queued", True, 5)
    assert status["by"] == "Eddie Editor"
    assert not status["slow"]
    assert not status["unsent"]


def test_queued_for_a_minute_warns_about_the_worker():
    run(90, ScanRun.Status.QUEUED)
    assert scan_status(NOW)["slow"]


def test_a_task_the_queue_refused_is_said_to_wait_for_the_queue():
    run(5, ScanRun.Status.QUEUED, sent=False)
    assert scan_status(NOW)["unsent"]


def test_an_older_run_does_not_hide_the_request():
    ScanRun.objects.create(
        scope=ScanRun.Scope.FULL,
        status=ScanRun.Status.FINISHED,
        started_at=NOW - dt.timedelta(hours=1),
        heartbeat_at=NOW - dt.timedelta(hours=1),
        finished_at=NOW - dt.timedelta(minutes=59),
    )
    run(5, ScanRun.Status.QUEUED)
    assert scan_status(NOW)["state"] == "queued"


def test_a_running_scan_shows_its_progress():
    run(2)
    status = scan_status(NOW)
    assert (status["state"], status["poll"]) == ("running", True)


def test_a_silent_worker_is_said_to_have_stopped():
    run(600, beat_ago=300)
    assert scan_status(NOW)["state"] == "stalled"


def test_the_result_is_shown_and_not_polled():
    run(30, ScanRun.Status.FINISHED)
    status = scan_status(NOW)
    assert (status["state"], status["poll"]) == ("finished", False)


def test_the_button_queues_a_scan_the_dashboard_names_even_with_the_queue_down(
    client, editor, monkeypatch
):
    """Pressing the button shows "Full scan queued" at once, by whom; with the task
    queue unreachable it says the scan starts when the queue is back."""
    client.force_login(editor)

    def unreachable(task, *args, **kwargs):
        raise queueing.QueueUnavailable(task)

    monkeypatch.setattr(queueing, "send", unreachable)
    page = client.post(reverse("gap-scan-start"), follow=True).content.decode()
    assert "Full scan queued" in page
    assert "by Eddie Editor" in page
    assert "task queue is unreachable" in page
    assert "No full scan has run yet" not in page
    assert ScanRun.objects.get().requested_by == editor
