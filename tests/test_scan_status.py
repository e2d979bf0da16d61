"""The gap dashboard's word on full scans: queued after the button (whether or not a
worker is there to take it), then the run's progress, a run whose worker went
silent, and the result."""

import datetime as dt

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from annotations import queueing
from annotations.models import ScanRun
from annotations.views.gaps import SCAN_REQUEST_KEY, scan_status

pytestmark = pytest.mark.django_db

NOW = timezone.now()


@pytest.fixture(autouse=True)
def no_request():
    cache.delete(SCAN_REQUEST_KEY)
    yield
    cache.delete(SCAN_REQUEST_KEY)


def asked(seconds_ago: float) -> None:
    when = NOW - dt.timedelta(seconds=seconds_ago)
    cache.set(SCAN_REQUEST_KEY, {"at": when, "by": "Eddie Editor"}, timeout=None)


def run(started_ago: float, status=ScanRun.Status.RUNNING, beat_ago: float = 1):
    return ScanRun.objects.create(
        scope=ScanRun.Scope.FULL,
        status=status,
        started_at=NOW - dt.timedelta(seconds=started_ago),
        heartbeat_at=NOW - dt.timedelta(seconds=beat_ago),
        finished_at=NOW if status == ScanRun.Status.FINISHED else None,
        total=100,
        done=100 if status == ScanRun.Status.FINISHED else 30,
    )


def test_nothing_asked_nothing_run():
    assert scan_status(NOW)["state"] == "none"
    assert not scan_status(NOW)["poll"]


def test_asked_and_not_started_is_queued_and_polled():
    asked(5)
    status = scan_status(NOW)
    assert (status["state"], status["poll"], status["waited"]) == ("queued", True, 5)
    assert not status["slow"]


def test_queued_for_a_minute_warns_about_the_worker():
    asked(90)
    assert scan_status(NOW)["slow"]


def test_an_older_run_does_not_hide_the_request():
    run(3600, ScanRun.Status.FINISHED)
    asked(5)
    assert scan_status(NOW)["state"] == "queued"


def test_a_run_started_after_the_request_shows_its_progress():
    asked(10)
    run(2)
    status = scan_status(NOW)
    assert (status["state"], status["poll"]) == ("running", True)


def test_a_silent_worker_is_said_to_have_stopped():
    run(600, beat_ago=300)
    assert scan_status(NOW)["state"] == "stalled"


def test_the_result_after_the_request():
    asked(60)
    run(30, ScanRun.Status.FINISHED)
    status = scan_status(NOW)
    assert (status["state"], status["poll"]) == ("finished", False)


def test_the_button_records_the_request_only_when_it_was_queued(
    client, editor, monkeypatch
):
    client.force_login(editor)

    def unreachable(task, *args, **kwargs):
        raise queueing.QueueUnavailable(task)

    monkeypatch.setattr(queueing, "send", unreachable)
    client.post(reverse("gap-scan-start"))
    assert cache.get(SCAN_REQUEST_KEY) is None
    monkeypatch.setattr(queueing, "send", lambda task, *a, **k: None)
    page = client.post(reverse("gap-scan-start"), follow=True).content.decode()
    assert cache.get(SCAN_REQUEST_KEY)["by"] == editor.get_full_name()
    assert "Full scan queued" in page
    assert "No full scan has run yet" not in page
