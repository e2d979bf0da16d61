"""`/health/` for probes, the desk's banner when background work is not running, and
the worker heartbeat both read (desk/views/probes.py, annotations/background.py,
factcheck/worker.py)."""

from __future__ import annotations

import socket
import time
from types import SimpleNamespace

import pytest
from django.core.cache import cache
from django.db import OperationalError, connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from kombu import Connection

from annotations import background, jobs, queueing
from desk.views import probes as health_view
from factcheck.celery import app
from factcheck.worker import Heartbeat
from tests.support_jobs import wait_for
from tests.worker import CLOSED_BROKER_URL

pytestmark = pytest.mark.django_db

BANNER = "Background work is paused."


@pytest.fixture(autouse=True)
def _fresh_state(monkeypatch):
    """No heartbeat, no remembered answer, no remembered outage."""
    monkeypatch.setattr(queueing, "broker_state", queueing.BrokerState())
    cache.clear()
    health_view.reused.forget()
    background.forget_status()
    yield
    cache.clear()
    health_view.reused.forget()
    background.forget_status()


def beat(age: float = 0.0, *, connected: bool = True, name: str = "worker-1"):
    background.record_worker_heartbeat(
        name, broker_connected=connected, now=time.time() - age
    )


@pytest.fixture
def broker_refuses(monkeypatch):
    """Every connection to the broker goes to a closed port."""
    monkeypatch.setattr(
        app,
        "connection_for_write",
        lambda *args, **kwargs: Connection(CLOSED_BROKER_URL, connect_timeout=1),
    )


def get_health(client):
    response = client.get("/health/")
    return response, response.json()


# --- /health/ ------------------------------------------------------------------------


def test_everything_running(client):
    beat()
    response, body = get_health(client)
    assert response.status_code == 200
    assert body["status"] == "ok"
    assert {name: part["status"] for name, part in body["checks"].items()} == {
        "database": "ok",
        "cache": "ok",
        "broker": "ok",
        "worker": "ok",
    }
    assert body["checks"]["worker"]["message"] == "A worker reported 0 s ago."
    assert "no-cache" in response["Cache-Control"]


def test_no_worker_is_degraded_not_down(client):
    response, body = get_health(client)
    assert response.status_code == 200
    assert body["status"] == "degraded"
    assert body["checks"]["worker"] == {
        "status": "down",
        "message": "No worker has reported.",
    }
    beat(age=120)
    health_view.reused.forget()
    _, body = get_health(client)
    assert body["checks"]["worker"]["message"] == "No worker has reported for 120 s."


def test_the_broker_down_is_degraded(client, broker_refuses):
    beat()
    response, body = get_health(client)
    assert response.status_code == 200
    assert body["status"] == "degraded"
    assert body["checks"]["broker"] == {
        "status": "down",
        "message": "The task queue does not answer; background work waits and "
        "runs when it is back.",
    }
    assert body["checks"]["database"]["status"] == "ok"


def test_the_cache_down_is_degraded(client, settings):
    _shared_cache_down(settings)
    response, body = get_health(client)
    assert response.status_code == 200
    assert body["checks"]["cache"]["status"] == "degraded"
    assert body["checks"]["database"]["status"] == "ok"


def test_the_database_down_is_503(client, monkeypatch):
    def refuse():
        raise OperationalError("could not connect to server: Connection refused")

    monkeypatch.setattr(health_view.connection, "cursor", refuse)
    beat()
    response, body = get_health(client)
    assert response.status_code == 503
    assert body["status"] == "down"
    assert body["checks"]["database"] == {
        "status": "down",
        "message": "The database does not answer.",
    }


def test_nothing_in_the_answer_helps_an_attacker(client, broker_refuses, settings):
    """Every part down or degraded: still only states and plain sentences, with no
    address, port, host name, error text or software name."""
    settings.CACHES = {
        "default": {
            "BACKEND": "factcheck.cache.FailSafeCache",
            "LOCATION": CLOSED_BROKER_URL,
            "OPTIONS": {"BACKEND": "django.core.cache.backends.redis.RedisCache"},
        }
    }
    response, body = get_health(client)
    text = response.content.decode()
    for secret in (
        "127.0.0.1",
        ":1/",
        "redis",
        "Redis",
        "Error",
        "refused",
        socket.gethostname(),
        "sqlite",
        "postgres",
        "celery",
    ):
        assert secret not in text, secret
    assert set(body) == {"status", "checks"}
    for part in body["checks"].values():
        assert set(part) == {"status", "message"}


def test_probing_often_costs_the_broker_one_connection_per_period(
    client, monkeypatch, settings
):
    settings.FACTCHECK_HEALTH_CACHE_SECONDS = 3600
    connections = []
    connect = app.connection_for_write

    def counted(*args, **kwargs):
        connections.append(1)
        return connect(*args, **kwargs)

    monkeypatch.setattr(app, "connection_for_write", counted)
    for _ in range(10):
        assert client.get("/health/").status_code == 200
    assert len(connections) == 1


def test_anyone_may_ask(client, reviewer):
    assert client.get("/health/").status_code == 200
    client.force_login(reviewer)
    assert client.get("/health/").status_code == 200


# --- the banner ----------------------------------------------------------------


def test_the_desk_sees_the_banner_while_no_worker_runs(client, reviewer):
    client.force_login(reviewer)
    html = client.get(reverse("dashboard")).content.decode()
    assert BANNER in html
    assert "No background worker is running, so gap checks, e-mails and PDF" in html
    assert "exports are waiting." in html


def test_the_banner_goes_once_a_worker_reports(client, reviewer):
    beat()
    client.force_login(reviewer)
    assert BANNER not in client.get(reverse("dashboard")).content.decode()


@pytest.mark.parametrize("who_says", ["the worker", "this process"])
def test_the_banner_says_the_queue_is_unreachable(client, reviewer, who_says):
    if who_says == "the worker":
        beat(connected=False)
    else:
        beat()
        queueing.broker_state.failed(ConnectionRefusedError("refused"))
    client.force_login(reviewer)
    html = client.get(reverse("dashboard")).content.decode()
    assert BANNER in html
    assert "The task queue is unreachable, so gap checks, e-mails and PDF" in html


def test_a_process_s_own_failed_send_counts_only_until_it_may_try_again(
    client, reviewer, settings
):
    """Long after this process last failed to reach the broker (and sent nothing
    since), it does not claim the queue is still down: the workers say."""
    settings.FACTCHECK_BROKER_RETRY_SECONDS = 0
    beat()
    queueing.broker_state.failed(ConnectionRefusedError("refused"))
    client.force_login(reviewer)
    assert BANNER not in client.get(reverse("dashboard")).content.decode()


def _shared_cache_down(settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "factcheck.cache.FailSafeCache",
            "LOCATION": CLOSED_BROKER_URL,
            "OPTIONS": {"BACKEND": "django.core.cache.backends.redis.RedisCache"},
        }
    }


def test_with_the_shared_cache_down_the_banner_asks_the_broker_itself(
    client, reviewer, settings, broker_refuses
):
    """Redis as cache and broker goes down: a web process that never tried to send
    cannot read the workers' heartbeats nor another process's failure, so it asks
    the broker itself (once per retry period) and says the queue is unreachable."""
    _shared_cache_down(settings)
    client.force_login(reviewer)
    html = client.get(reverse("dashboard")).content.decode()
    assert BANNER in html
    assert "The task queue is unreachable" in html


def test_with_only_the_shared_cache_down_the_workers_are_not_blamed(
    client, reviewer, settings, monkeypatch
):
    """No heartbeat can be read while the cache is down; with the broker answering
    the banner says nothing rather than "no background worker is running"."""
    monkeypatch.setattr(queueing, "probe_broker", lambda: True)
    _shared_cache_down(settings)
    client.force_login(reviewer)
    assert BANNER not in client.get(reverse("dashboard")).content.decode()


def test_readers_never_see_the_banner(client):
    html = client.get(reverse("report-index")).content.decode()
    assert BANNER not in html


def test_the_banner_costs_no_query_and_no_broker_round_trip(
    client, reviewer, monkeypatch, django_assert_num_queries
):
    """Its status is one cache read reused for a few seconds: a page with the
    banner makes the same queries as without it, and no page view connects to the
    broker."""
    client.force_login(reviewer)
    url = reverse("dashboard")
    client.get(url)  # warm the session and the content types
    beat()
    background.forget_status()
    with CaptureQueriesContext(connection) as without:
        assert BANNER not in client.get(url).content.decode()
    cache.clear()
    background.forget_status()
    connections = []
    monkeypatch.setattr(
        app, "connection_for_write", lambda *a, **k: connections.append(1)
    )
    monkeypatch.setattr(
        app, "producer_or_acquire", lambda *a, **k: connections.append(1)
    )
    with django_assert_num_queries(len(without.captured_queries)):
        assert BANNER in client.get(url).content.decode()
    for _ in range(5):
        client.get(url)
    assert connections == []


def test_the_status_is_reused_for_a_few_seconds(settings, monkeypatch):
    settings.FACTCHECK_HEALTH_CACHE_SECONDS = 3600
    reads = []
    current = background.current_status
    monkeypatch.setattr(
        background, "current_status", lambda: reads.append(1) or current()
    )
    for _ in range(10):
        background.status()
    assert len(reads) == 1


# --- the worker's heartbeat -----------------------------------------------------


def test_the_worker_heartbeat_reports_the_broker_and_wakes_the_reaper_on_connect(
    settings, monkeypatch
):
    """The heartbeat thread of a worker: it records the worker alive and whether
    its consumer holds a broker connection, and sends the reaper when the
    connection is there after start-up and again after an outage."""
    settings.FACTCHECK_WORKER_HEARTBEAT_SECONDS = 0.02
    woken = []
    monkeypatch.setattr(jobs, "wake_reaper", lambda: woken.append(1) or True)
    connected = SimpleNamespace(connected=True)
    consumer = SimpleNamespace(connection=connected)
    step = Heartbeat(SimpleNamespace(consumer=consumer))

    def reported(broker: bool):
        beats = cache.get(background.HEARTBEATS_KEY) or {}
        return any(is_connected is broker for _, is_connected in beats.values())

    step.start(None)
    try:
        wait_for(lambda: reported(True) and woken, timeout=30, interval=0.01)
        consumer.connection = None  # the broker went away
        wait_for(lambda: reported(False), timeout=30, interval=0.01)
        assert len(woken) == 1
        consumer.connection = connected  # back
        wait_for(lambda: len(woken) == 2, timeout=30, interval=0.01)
    finally:
        step.stop(None)
    assert background.current_status().live_workers == 1


def test_silent_workers_drop_out_of_the_heartbeats(settings):
    settings.FACTCHECK_WORKER_STALE_SECONDS = 60
    beat(age=300, name="gone")
    beat(name="here")
    assert set(cache.get(background.HEARTBEATS_KEY)) == {"here"}


def test_the_worker_heartbeat_outlives_a_failing_beat(settings, monkeypatch):
    """One beat fails (the cache or the database restarting): the next ones are
    recorded all the same."""
    settings.FACTCHECK_WORKER_HEARTBEAT_SECONDS = 0.02
    monkeypatch.setattr(jobs, "wake_reaper", lambda: True)
    record = background.record_worker_heartbeat
    calls = []

    def fails_once(name, **kwargs):
        calls.append(1)
        if len(calls) == 1:
            raise OperationalError("the database system is starting up")
        record(name, **kwargs)

    monkeypatch.setattr(background, "record_worker_heartbeat", fails_once)
    consumer = SimpleNamespace(connection=SimpleNamespace(connected=True))
    step = Heartbeat(SimpleNamespace(consumer=consumer))
    step.start(None)
    try:
        wait_for(
            lambda: background.current_status().live_workers == 1,
            timeout=30,
            interval=0.01,
        )
    finally:
        step.stop(None)
    assert len(calls) >= 2
