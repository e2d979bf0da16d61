"""Whether background work is running, known cheaply: for the desk's banner and the
health check.

Workers record a heartbeat in the shared cache every FACTCHECK_WORKER_HEARTBEAT_
SECONDS (`factcheck.worker.Heartbeat`), saying whether they hold a broker
connection; web processes know whether their own last attempt to reach the broker
failed (`annotations.queueing`). Reading that costs one cache read and no database
query or broker round trip, and the answer is reused for
FACTCHECK_HEALTH_CACHE_SECONDS, so every page can show it.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache

# One key for every worker: {name: (unix time, broker connected)}. Workers rewrite
# it every few seconds, so a lost update between two of them lasts one beat.
HEARTBEATS_KEY = "background:worker-heartbeats"


def record_worker_heartbeat(
    name: str, *, broker_connected: bool, now: float | None = None
) -> None:
    """Record that worker `name` is alive now, and whether it reaches the broker;
    heartbeats of workers silent for longer than the stale limit are dropped."""
    now = time.time() if now is None else now
    stale = settings.FACTCHECK_WORKER_STALE_SECONDS
    beats = cache.get(HEARTBEATS_KEY) or {}
    beats = {
        worker: beat
        for worker, beat in beats.items()
        if isinstance(beat, list | tuple) and now - beat[0] <= stale
    }
    beats[name] = (now, bool(broker_connected))
    cache.set(HEARTBEATS_KEY, beats, timeout=max(1, int(2 * stale)))


@dataclass(frozen=True)
class Status:
    """What the desk can say about its background work."""

    # Seconds since the latest heartbeat of any worker (None: none on record).
    heartbeat_age: float | None
    # Workers that beat within the stale limit.
    live_workers: int
    # The live workers' broker connection and this process's last attempt agree
    # the broker answers (False: one of them says it does not).
    broker_reachable: bool
    # "" when work runs; else "broker" or "worker".
    problem: str

    @property
    def running(self) -> bool:
        return not self.problem

    @property
    def message(self) -> str:
        """One sentence for the people on the desk (nothing technical)."""
        if self.problem == "broker":
            return (
                "The task queue is unreachable, so gap checks, e-mails and PDF "
                "exports are waiting. Your edits are saved; the waiting work runs "
                "by itself when the queue is back."
            )
        if self.problem == "worker":
            return (
                "No background worker is running, so gap checks, e-mails and PDF "
                "exports are waiting. Your edits are saved; the waiting work runs "
                "by itself once a worker is back."
            )
        return ""


def current_status(now: float | None = None) -> Status:
    """The status now, from the workers' heartbeats and this process's view of the
    broker (one cache read)."""
    from annotations import queueing

    now = time.time() if now is None else now
    stale = settings.FACTCHECK_WORKER_STALE_SECONDS
    beats = cache.get(HEARTBEATS_KEY) or {}
    shared = getattr(cache, "reachable", True)
    if not shared:
        # The shared cache is down, so the workers' heartbeats cannot be read and
        # another process's failed send is not known here; the broker often lives on
        # the same server. Ask it (at most once per retry period of this process).
        queueing.probe_broker()
    times = [
        beat
        for beat in beats.values()
        if isinstance(beat, list | tuple) and len(beat) == 2
    ]
    latest = max((beat[0] for beat in times), default=None)
    live = [beat for beat in times if now - beat[0] <= stale]
    reachable = queueing.broker_reachable() and (
        not live or any(connected for _, connected in live)
    )
    if not reachable:
        problem = "broker"
    elif not live and shared:
        # (With the shared cache down no heartbeat can be read: say nothing rather
        # than blame the workers.)
        problem = "worker"
    else:
        problem = ""
    return Status(
        heartbeat_age=None if latest is None else max(0.0, now - latest),
        live_workers=len(live),
        broker_reachable=reachable,
        problem=problem,
    )


class _Memo:
    """The last status and when it was read, per process."""

    def __init__(self):
        self.lock = threading.Lock()
        self.value: Status | None = None
        self.read_at = float("-inf")

    def get(self) -> Status:
        with self.lock:
            ttl = settings.FACTCHECK_HEALTH_CACHE_SECONDS
            if self.value is None or time.monotonic() - self.read_at >= ttl:
                self.value = current_status()
                self.read_at = time.monotonic()
            return self.value

    def forget(self) -> None:
        with self.lock:
            self.value = None


_memo = _Memo()


def status() -> Status:
    """The status, reused for FACTCHECK_HEALTH_CACHE_SECONDS."""
    return _memo.get()


def forget_status() -> None:
    """Read the status afresh next time (after a test changes what it depends on)."""
    _memo.forget()


def banner(request) -> dict:
    """Context processor: the banner's problem for signed-in people (lazy, so pages
    that do not render the layout pay nothing)."""
    if not getattr(request, "user", None) or not request.user.is_authenticated:
        return {}
    return {"background_status": status}
