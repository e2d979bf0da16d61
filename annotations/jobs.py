"""Background jobs that outlive their worker and their broker: leases and the reaper.

Every kind of background job is a row written in the transaction that asked for it
(docs/OPERATIONS.md): a claim's PendingRescan, a notification whose e-mail is due, a
gap scan's ScanRun, a PDF's ExportJob (`reports`). A message only wakes a worker up.

- **Leases.** A worker takes a job with a conditional UPDATE (only one taker wins)
  and, while it runs, renews the job's lease every third of
  FACTCHECK_JOB_LEASE_SECONDS from a helper thread (`LeaseKeeper`), however long
  the work takes. A worker killed mid-job stops renewing; once the lease has lapsed
  the job may be taken again. Finishing is a conditional UPDATE on the taker's
  token too, so a job finishes exactly once even if a slow holder wakes up late.
- **The reaper** (`reap`, the task `annotations.reap_jobs`) runs every
  FACTCHECK_JOB_REAP_SECONDS from beat, and once whenever a worker connects to the
  broker. Each kind of job registers a sweeper with it; a sweeper sends again what
  is queued but was never sent (the broker was down) or was sent long ago (its
  message was lost), and re-queues what a dead worker held.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
from collections.abc import Callable

from django.conf import settings
from django.db import DatabaseError, connections
from django.utils import timezone

logger = logging.getLogger(__name__)

# name -> sweeper(now) returning how many jobs it sent. Registered by the apps
# (annotations below, reports in its AppConfig.ready); run in registration order.
SWEEPERS: dict[str, Callable[[dt.datetime], int]] = {}


def sweeper(name: str):
    """Register a function as the reaper's sweeper of one kind of job."""

    def register(function: Callable[[dt.datetime], int]):
        SWEEPERS[name] = function
        return function

    return register


def lease_seconds() -> float:
    return max(0.1, float(settings.FACTCHECK_JOB_LEASE_SECONDS))


def lease_expiry(now: dt.datetime | None = None) -> dt.datetime:
    """When a lease taken or renewed now lapses."""
    return (now or timezone.now()) + dt.timedelta(seconds=lease_seconds())


def resend_before(now: dt.datetime) -> dt.datetime:
    """A job sent before this and still not started is sent again."""
    return now - dt.timedelta(seconds=settings.FACTCHECK_JOB_RESEND_SECONDS)


def reap(now: dt.datetime | None = None) -> dict[str, int | str]:
    """Run every sweeper; returns what each sent (or why it stopped).

    The broker going away mid-way stops the round: the rows wait for the next.
    """
    from annotations.queueing import QueueUnavailable

    now = now or timezone.now()
    summary: dict[str, int | str] = {}
    for name, sweep in SWEEPERS.items():
        try:
            summary[name] = sweep(now)
        except QueueUnavailable:
            summary[name] = "broker unreachable"
            break
    return summary


def wake_reaper() -> bool:
    """Have a worker run the reaper now (False if the broker is down)."""
    from annotations import queueing

    return queueing.try_send(
        queueing.REAP_JOBS, expires=2 * settings.FACTCHECK_JOB_REAP_SECONDS
    )


class LeaseKeeper:
    """Renews a job's lease from a helper thread while the job runs.

    `renew()` extends the lease and returns False once the job is no longer ours
    (another worker took it over after our lease lapsed); the keeper then sets
    `lost` and stops. Use as a context manager around the work.
    """

    def __init__(self, renew: Callable[[], bool], *, name: str):
        self.renew = renew
        self.name = name
        self.interval = lease_seconds() / 3
        self.lost = threading.Event()
        self._stop = threading.Event()
        # The thread has its own connection, which cannot see rows of a transaction
        # still open on this one (a caller's atomic block, a test): there the job
        # is short and the lease is not renewed.
        in_transaction = connections["default"].in_atomic_block
        self._thread = (
            None
            if in_transaction
            else threading.Thread(target=self._run, name=name, daemon=True)
        )

    def __enter__(self) -> LeaseKeeper:
        if self._thread is not None:
            self._thread.start()
        return self

    def __exit__(self, *exc_info) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join()

    def _run(self) -> None:
        try:
            while not self._stop.wait(self.interval):
                try:
                    if not self.renew():
                        self.lost.set()
                        return
                except DatabaseError:
                    # A database restarting: the lease is still ours until it
                    # lapses; the next renewal tries again.
                    logger.warning("%s: lease not renewed", self.name)
                    connections.close_all()
        finally:
            connections.close_all()  # this thread's connections only


def send_once(model, pk: int, sent_at, now: dt.datetime, task, *args, **options):
    """Send a job's message, once among reapers running at the same time.

    The row's `sent_at` moves from the value the caller read to `now` (a conditional
    UPDATE: only one reaper wins), then the message goes. If the broker refuses it,
    `sent_at` goes back, so the next round sends it, and QueueUnavailable is raised.
    Returns whether this call sent it.
    """
    from annotations import queueing
    from annotations.services import system

    if not system.job_mark_sent(model, pk, read=sent_at, now=now):
        return False
    try:
        queueing.send(task, *args, **options)
    except queueing.QueueUnavailable:
        system.job_unmark_sent(model, pk, sent=now, back_to=sent_at)
        raise
    return True


def settle_before(now: dt.datetime) -> dt.datetime:
    """Rows queued before this should have been picked up by now if their wake-up
    went out: the rescan delay plus one reaper turn."""
    return now - dt.timedelta(
        seconds=settings.FACTCHECK_GAP_RESCAN_DELAY
        + settings.FACTCHECK_JOB_REAP_SECONDS
    )


# --- the core's sweepers ----------------------------------------------------------


@sweeper("rescans")
def sweep_rescans(now: dt.datetime) -> int:
    """Wake the rescanner if claims have waited longer than a wake-up takes (theirs
    was refused or lost). A spare wake-up costs one query, so no bookkeeping."""
    from annotations import queueing
    from annotations.models import PendingRescan

    if not PendingRescan.objects.filter(requested_at__lt=settle_before(now)).exists():
        return 0
    queueing.send(
        queueing.RESCAN_PENDING, expires=2 * settings.FACTCHECK_JOB_REAP_SECONDS
    )
    return 1


# Notifications e-mailed per message the reaper sends.
EMAIL_BATCH = 200


@sweeper("e-mails")
def sweep_emails(now: dt.datetime) -> int:
    """Send the e-mail task for notifications whose e-mail is due and waited past a
    wake-up, and that no live worker holds (an unclaimed one, or one whose claim
    lapsed with its worker)."""
    from django.db.models import Q

    from annotations import queueing
    from annotations.models import Notification

    if not settings.FACTCHECK_EMAIL_NOTIFICATIONS:
        return 0
    lapsed = now - dt.timedelta(seconds=lease_seconds())
    ids = list(
        Notification.objects.filter(
            email_due_at__lt=settle_before(now), emailed_at__isnull=True
        )
        .filter(Q(email_claimed_at__isnull=True) | Q(email_claimed_at__lt=lapsed))
        .order_by("pk")
        .values_list("pk", flat=True)[:EMAIL_BATCH]
    )
    if ids:
        queueing.send(
            queueing.EMAIL_NOTIFICATIONS,
            ids,
            expires=2 * settings.FACTCHECK_JOB_REAP_SECONDS,
        )
    return len(ids)


@sweeper("scans")
def sweep_scans(now: dt.datetime) -> int:
    """Send the scan task for a queued scan never sent (or sent long ago), and for a
    running one whose heartbeat stopped (the task takes it over from its cursor)."""
    from annotations import queueing
    from annotations.models import ScanRun
    from annotations.sourcing import scanner

    waiting = ScanRun.objects.filter(scanner.waiting_for_a_worker(now)).values_list(
        "pk", "article_id", "sent_at"
    )
    sent = 0
    for pk, article_id, sent_at in waiting:
        sent += send_once(ScanRun, pk, sent_at, now, queueing.SCAN_ALL_GAPS, article_id)
    return sent


@sweeper("captures")
def sweep_captures(now: dt.datetime) -> int:
    """Send again the captures of cited pages whose message was lost or whose retry
    could not be queued (annotations/services/captures.py)."""
    from annotations.services import captures

    return captures.captures_resend(now)
