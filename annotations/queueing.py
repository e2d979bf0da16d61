"""Handing work to the Celery workers: safe sending, and the gap-rescan outbox.

Domain modules (services, the scanner, the link checker, views) queue work through
here and never import `annotations.tasks`: the task shells import the domain, not the
other way round. Tasks are named by their registered names and looked up in the
Celery app when sent.

**Sending.** `send` raises QueueUnavailable when the broker cannot be reached, so a
page can say so instead of answering 500. `send_on_commit` sends once the transaction
commits; if the broker is down then, it logs that (and runs the caller's fallback):
the committed change stands without its message.

**The gap-rescan outbox.** `rescan_after_commit` writes the claims' PendingRescan rows
inside the caller's transaction, so they commit or roll back with the edit itself;
only the wake-up message (`annotations.rescan_pending`, one per transaction) is sent
after commit. A lost wake-up loses nothing: the rows wait for the next wake-up (any
edit's) or the periodic full scan, which drains them too.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable

import kombu.exceptions
from celery import current_app
from django.conf import settings
from django.db import transaction

from annotations import scanner

logger = logging.getLogger(__name__)

# Registered task names (annotations/tasks.py): the message contract, not the module.
RESCAN_PENDING = "annotations.rescan_pending"
SCAN_ALL_GAPS = "annotations.scan_all_gaps"
CHECK_LINKS = "annotations.check_links"
EMAIL_NOTIFICATIONS = "annotations.email_notifications"
WORKER_PING = "annotations.worker_ping"

QUEUE_UNREACHABLE = (
    "The background worker queue is unreachable; nothing was queued. "
    "Try again in a moment."
)

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
    """The broker could not be reached; nothing was queued."""

    def __init__(self, task_name: str):
        super().__init__(QUEUE_UNREACHABLE)
        self.task_name = task_name


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

    Raises QueueUnavailable (its message fit to show a user) if the broker is down.
    `options` go to `apply_async` (countdown, queue, ...).
    """
    task = _task(task)
    try:
        if options:
            return task.apply_async(args=args, **options)
        # `delay` when there is nothing but arguments: tests that stand in for a
        # task replace its `delay`.
        return task.delay(*args)
    except BROKER_ERRORS as exc:
        raise QueueUnavailable(task.name) from exc


def send_on_commit(
    task,
    *args,
    what: str,
    on_unreachable: Callable[[], object] | None = None,
    **options,
) -> None:
    """Queue the task once the current transaction commits (at once outside one).

    If the broker is down at that moment the error is logged (naming `what` was not
    queued) and `on_unreachable` runs; the committed change stands either way.
    """

    def deliver() -> None:
        try:
            send(task, *args, **options)
        except QueueUnavailable as exc:
            logger.error(
                "Could not queue %s (task %s): the broker is unreachable (%s); "
                "the change was committed without it.",
                what,
                exc.task_name,
                exc.__cause__,
            )
            if on_unreachable is not None:
                on_unreachable()

    # Robust: whatever else goes wrong in the callback is logged, never raised into
    # the request whose transaction already committed.
    transaction.on_commit(deliver, robust=True)


# --- the gap-rescan outbox -----------------------------------------------------------


def wake_rescanner() -> None:
    """Send the wake-up that makes a worker rescan every queued claim (after a short
    delay, so a burst of edits costs one scan). A broker outage is logged; the queued
    rows wait for the next wake-up."""
    try:
        send(RESCAN_PENDING, countdown=settings.FACTCHECK_GAP_RESCAN_DELAY)
    except QueueUnavailable as exc:
        logger.error(
            "Could not send the gap-rescan wake-up: the broker is unreachable (%s); "
            "the queued claims wait for the next wake-up or full scan.",
            exc.__cause__,
        )


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
