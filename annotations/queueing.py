"""Handing work to the Celery workers: sending that survives a broker outage.

Domain modules (services, the scanner, the link checker, views) queue work through
here and never import `annotations.tasks`: the task shells import the domain, not the
other way round. Tasks are named by their registered names and looked up in the
Celery app when sent.

**Every job is a row first.** A gap rescan is a PendingRescan row, an e-mail a
notification not yet e-mailed, a PDF an ExportJob, a scan a ScanRun, each written in
the caller's transaction; the message only wakes a worker up. So a message the broker
refused, or lost, loses nothing: the reaper (`annotations.jobs`) sends it again from
the row once the broker is back, and a worker that died holding a job has its lease
lapse and the job re-queued.

**Sending.** `send` raises QueueUnavailable when the broker cannot be reached.
`send_on_commit` sends once the transaction commits; if the broker is down then the
committed change stands, its row waits for the reaper, and the outage is logged once
per process (not once per request). After a failure this process does not try the
broker again for FACTCHECK_BROKER_RETRY_SECONDS: requests stay fast during an outage.

**The gap-rescan outbox.** `rescan_after_commit` writes the claims' PendingRescan rows
inside the caller's transaction, so they commit or roll back with the edit itself;
only the wake-up message (`annotations.rescan_pending`, one per transaction) is sent
after commit. A lost wake-up loses nothing: the reaper sends another while rows wait.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterable

import kombu.exceptions
from celery import current_app
from django.conf import settings
from django.db import transaction

from annotations.sourcing import scanner

logger = logging.getLogger(__name__)

# Registered task names (annotations/tasks.py): the message contract, not the module.
RESCAN_PENDING = "annotations.rescan_pending"
SCAN_ALL_GAPS = "annotations.scan_all_gaps"
CHECK_LINKS = "annotations.check_links"
EMAIL_NOTIFICATIONS = "annotations.email_notifications"
WORKER_PING = "annotations.worker_ping"
REAP_JOBS = "annotations.reap_jobs"
CAPTURE_SOURCE = "annotations.capture_source"

QUEUE_UNREACHABLE = "The background task queue is unreachable."

# What a publish raises when the broker cannot be reached: kombu wraps transport
# errors (Redis refusing the connection, a timeout) in OperationalError; the AMQP
# transport raises its ConnectionError; sockets and the filesystem transport raise
# OSError (ConnectionError, TimeoutError and permission errors among them).
BROKER_ERRORS = (
    kombu.exceptions.OperationalError,
    kombu.exceptions.ConnectionError,
    OSError,
)


class QueueUnavailable(Exception):
    """The broker could not be reached; the message was not sent."""

    def __init__(self, task_name: str):
        super().__init__(QUEUE_UNREACHABLE)
        self.task_name = task_name


class BrokerState:
    """This process's view of the broker: reachable, or down since a failed send.

    After a failure, sends are refused without trying for
    FACTCHECK_BROKER_RETRY_SECONDS (a broker that does not answer would otherwise
    cost every request its connection timeout); the next send after that tries
    again. The outage and the recovery are each logged once.
    """

    def __init__(self):
        self.lock = threading.Lock()
        self.down_since: float | None = None
        self.retry_at = 0.0

    def may_try(self) -> bool:
        with self.lock:
            return self.down_since is None or time.monotonic() >= self.retry_at

    @property
    def reachable(self) -> bool:
        return self.down_since is None

    def failed(self, error: BaseException) -> None:
        with self.lock:
            first = self.down_since is None
            if first:
                self.down_since = time.monotonic()
            self.retry_at = time.monotonic() + settings.FACTCHECK_BROKER_RETRY_SECONDS
        if first:
            logger.error(
                "The broker is unreachable (%s): background work waits in its rows "
                "and is sent when the broker is back. Said once until then.",
                error,
            )

    def succeeded(self) -> None:
        with self.lock:
            down_since, self.down_since = self.down_since, None
        if down_since is not None:
            logger.warning(
                "The broker is reachable again after %.0f s.",
                time.monotonic() - down_since,
            )


broker_state = BrokerState()


def probe_broker() -> bool:
    """Connect to the broker now, unless this process failed to within the retry
    period, and record the outcome; True when it answers."""
    if broker_state.may_try():
        try:
            with current_app.connection_for_write() as conn:
                conn.ensure_connection(
                    max_retries=1, timeout=settings.CELERY_BROKER_CONNECTION_TIMEOUT
                )
        except Exception as error:  # any transport error: the broker is not there
            broker_state.failed(error)
        else:
            broker_state.succeeded()
    return broker_state.reachable


def broker_reachable() -> bool:
    """False while this process's last attempt to reach the broker failed and is
    recent (within FACTCHECK_BROKER_RETRY_SECONDS); after that this process does not
    know until it tries again, and the workers' heartbeats say."""
    return broker_state.reachable or broker_state.may_try()


def _task(task):
    if not isinstance(task, str):
        return task
    if task not in current_app.tasks:
        # Only the worker imports the apps' task modules at start; a web process or a
        # command queueing by name imports them (Celery's autodiscovery) on first use.
        current_app.loader.import_default_modules()
    return current_app.tasks[task]


def send(task, *args, **options):
    """Queue the task (a registered name or a task) now; returns its AsyncResult.

    Raises QueueUnavailable if the broker is down (or was a moment ago, see
    BrokerState). `options` go to `apply_async` (countdown, queue, expires, ...).
    """
    task = _task(task)
    if not broker_state.may_try():
        raise QueueUnavailable(task.name)
    try:
        if options:
            result = task.apply_async(args=args, **options)
        else:
            # `delay` when there is nothing but arguments: tests that stand in for
            # a task replace its `delay`.
            result = task.delay(*args)
    except BROKER_ERRORS as exc:
        broker_state.failed(exc)
        raise QueueUnavailable(task.name) from exc
    broker_state.succeeded()
    return result


def try_send(task, *args, **options) -> bool:
    """Send now if the broker answers; False (the outage logged once) if not."""
    try:
        send(task, *args, **options)
    except QueueUnavailable:
        return False
    return True


def send_on_commit(
    task,
    *args,
    what: str,
    on_sent: Callable[[], object] | None = None,
    **options,
) -> None:
    """Queue the task once the current transaction commits (at once outside one).

    The caller's row is what makes the work happen: if the broker is down at that
    moment the reaper sends it later, so the failure is only logged (once per
    outage, naming `what`). `on_sent` runs after a successful send (to record
    it on the row); the committed change stands either way.
    """

    def deliver() -> None:
        if try_send(task, *args, **options):
            if on_sent is not None:
                on_sent()
        else:
            # The outage itself was logged once (BrokerState); per message only
            # at debug level.
            logger.debug(
                "Not sent now (the broker is unreachable): %s; the reaper sends it.",
                what,
            )

    # Robust: whatever else goes wrong in the callback is logged, never raised into
    # the request whose transaction already committed.
    transaction.on_commit(deliver, robust=True)


# --- the gap-rescan outbox -----------------------------------------------------------


def wake_rescanner() -> bool:
    """Send the wake-up that makes a worker rescan every queued claim (after a short
    delay, so a burst of edits costs one scan). False if the broker is down: the
    queued rows wait, and the reaper wakes the rescanner once it is back."""
    return try_send(RESCAN_PENDING, countdown=settings.FACTCHECK_GAP_RESCAN_DELAY)


def rescan_after_commit(claim_ids: Iterable[int]) -> None:
    """Queue a gap rescan of these claims as part of the current transaction.

    The PendingRescan rows are written now, in the caller's transaction: an edit that
    commits has its rows, one that rolls back has none. One wake-up message is sent
    when the transaction commits, however often it called this. Outside a
    transaction the rows commit at once and the wake-up is sent at once.
    """
    ids = sorted({int(pk) for pk in claim_ids})
    if not ids:
        return
    # Sorted ids: two transactions queueing overlapping claims lock the rows'
    # index entries in the same order, so they wait for each other, never deadlock.
    scanner.request_rescan(ids)
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        wake_rescanner()
        return
    # A callback registered in a savepoint that rolled back is gone, like that
    # savepoint's rows: then this call registers it again.
    registered = any(
        callback is wake_rescanner for _, callback, _ in connection.run_on_commit
    )
    if not registered:
        transaction.on_commit(wake_rescanner, robust=True)
