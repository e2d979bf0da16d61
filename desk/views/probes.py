"""`/health/`: what a probe or an operator needs to know, each part on its own.

Anyone may ask (probes carry no login). The answer names each part's state in a few
plain words and nothing else: no host, address, version or error text that would
help an attacker. HTTP 200 while the web part can serve (the database answers, even
if the cache, the broker or the workers do not); 503 when the database does not.
The database is asked on every call; the other parts' answers are reused for
FACTCHECK_HEALTH_CACHE_SECONDS, so probing this page often costs the broker and the
cache nothing more. docs/OPERATIONS.md lists what each state means.
"""

from __future__ import annotations

import threading
import time

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from annotations import background, queueing

OK, DEGRADED, DOWN = "ok", "degraded", "down"


def _part(status: str, message: str) -> dict:
    return {"status": status, "message": message}


def check_database() -> dict:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return _part(DOWN, "The database does not answer.")
    return _part(OK, "The database answers.")


def check_cache() -> dict:
    cache.get("health:probe")
    if not getattr(cache, "reachable", True):
        return _part(
            DEGRADED,
            "The shared cache does not answer; each web process uses a memory "
            "cache of its own meanwhile.",
        )
    return _part(OK, "The cache answers.")


def check_broker() -> dict:
    """Connect to the broker (not more than once per retry period of a process
    that just failed to)."""
    queueing.probe_broker()
    if not queueing.broker_state.reachable:
        return _part(
            DOWN,
            "The task queue does not answer; background work waits and runs when "
            "it is back.",
        )
    return _part(OK, "The task queue answers.")


def check_workers() -> dict:
    status = background.current_status()
    if status.live_workers:
        return _part(OK, f"A worker reported {status.heartbeat_age:.0f} s ago.")
    if status.heartbeat_age is None:
        return _part(DOWN, "No worker has reported.")
    return _part(DOWN, f"No worker has reported for {status.heartbeat_age:.0f} s.")


class _Reused:
    """The slower checks' answers, reused for a few seconds per process."""

    def __init__(self):
        self.lock = threading.Lock()
        self.value: dict | None = None
        self.read_at = float("-inf")

    def get(self) -> dict:
        with self.lock:
            ttl = settings.FACTCHECK_HEALTH_CACHE_SECONDS
            if self.value is None or time.monotonic() - self.read_at >= ttl:
                self.value = {
                    "cache": check_cache(),
                    "broker": check_broker(),
                    "worker": check_workers(),
                }
                self.read_at = time.monotonic()
            return dict(self.value)

    def forget(self) -> None:
        with self.lock:
            self.value = None


reused = _Reused()


@never_cache
@require_GET
def health(request):
    """Each part's state; 200 while the database answers, 503 when it does not."""
    checks = {"database": check_database(), **reused.get()}
    if checks["database"]["status"] == DOWN:
        overall = DOWN
    elif all(part["status"] == OK for part in checks.values()):
        overall = OK
    else:
        overall = DEGRADED
    return JsonResponse(
        {"status": overall, "checks": checks},
        status=503 if overall == DOWN else 200,
    )
