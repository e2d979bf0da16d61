"""Celery tasks: thin shells that take ids and call one service.

Every task is idempotent and acknowledged late (settings: CELERY_TASK_ACKS_LATE,
CELERY_TASK_REJECT_ON_WORKER_LOST), so a worker that dies mid-task leaves the message
to be run again. Retries happen only on the named transient errors below.
"""

import logging
import socket

from celery import shared_task
from django.conf import settings
from django.db import InterfaceError, OperationalError, transaction

from annotations.models import Article, Claim

logger = logging.getLogger(__name__)

# A database restarting or a connection dropped: worth trying again shortly.
TRANSIENT_ERRORS = (OperationalError, InterfaceError)
RETRY = {
    "acks_late": True,
    "autoretry_for": TRANSIENT_ERRORS,
    "retry_backoff": 2,
    "retry_backoff_max": 120,
    "retry_jitter": True,
    "max_retries": 5,
}


@shared_task(name="annotations.worker_ping")
def worker_ping() -> dict:
    """Prove a worker is alive and reaches the database; returns what it saw."""
    return {
        "hostname": socket.gethostname(),
        "articles": Article.objects.count(),
        "claims": Claim.objects.count(),
    }


# --- gap tracker -------------------------------------------------------------------


class _PendingIds:
    """Claim ids touched in the current transaction; flushed once when it commits."""

    def __init__(self) -> None:
        self.ids: set[int] = set()

    def flush(self) -> None:
        from annotations import scanner

        ids, self.ids = self.ids, set()
        if not ids:
            return
        # The queue rows make a burst of edits (many transactions, many messages)
        # cost one scan: the first task to run takes every queued claim, the others
        # find the queue empty.
        scanner.request_rescan(ids)
        try:
            rescan_pending.apply_async(countdown=settings.FACTCHECK_GAP_RESCAN_DELAY)
        except Exception:  # the broker is down: the queued rows wait for the next run
            logger.exception("Could not queue the gap rescan of %d claims", len(ids))


def enqueue_claim_rescan(claim_ids: list[int]) -> None:
    """Queue a gap rescan of these claims after the current transaction commits.

    All calls inside one transaction share a single on-commit callback, so a service
    touching claims several times sends one message. Outside a transaction the
    rescan is queued at once.
    """
    ids = {int(pk) for pk in claim_ids}
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        pending = _PendingIds()
        pending.ids = ids
        pending.flush()
        return
    pending = getattr(connection, "_gap_rescan_pending", None)
    registered = pending is not None and any(
        entry[1] == pending.flush for entry in connection.run_on_commit
    )
    if not registered:
        # A rolled-back transaction drops its callback: start afresh, without the
        # ids of the work that never committed.
        pending = _PendingIds()
        connection._gap_rescan_pending = pending
        # Robust: a broker hiccup must not break the request that committed the edit;
        # the periodic full scan catches up on anything missed.
        transaction.on_commit(pending.flush, robust=True)
    pending.ids.update(ids)


@shared_task(name="annotations.rescan_pending", **RETRY)
def rescan_pending() -> dict:
    """Rescan every claim queued by recent edits."""
    from annotations import scanner

    result = scanner.scan_pending()
    return {
        "claims": result.claims,
        "opened": result.opened,
        "resolved": result.resolved,
    }


@shared_task(name="annotations.rescan_claims", **RETRY)
def rescan_claims(claim_ids: list[int]) -> dict:
    """Rescan these claims now."""
    from annotations import scanner

    result = scanner.scan_claims(claim_ids)
    return {
        "claims": result.claims,
        "opened": result.opened,
        "resolved": result.resolved,
    }


@shared_task(name="annotations.scan_all_gaps", **RETRY)
def scan_all_gaps(article_id: int | None = None) -> dict:
    """Scan every claim (or one article's), resuming a scan whose worker died."""
    from annotations import scanner

    article = Article.objects.filter(pk=article_id).first() if article_id else None
    if article_id and article is None:
        return {"skipped": f"article {article_id} no longer exists"}
    try:
        run = scanner.run_scan(article=article)
    except scanner.ScanAlreadyRunning as exc:
        return {"skipped": str(exc), "run": exc.run.pk}
    return {
        "run": run.pk,
        "claims": run.done,
        "opened": run.opened,
        "resolved": run.resolved,
    }


@shared_task(name="annotations.check_links", **RETRY)
def check_links(source_ids: list[int] | None = None) -> dict:
    """Check cited links that are due (or these sources), then rescan their claims."""
    from annotations import linkcheck

    summary = linkcheck.check_due_sources(source_ids=source_ids)
    return summary.as_dict()


# --- notifications -----------------------------------------------------------------


# A mail server that is down or refuses for a moment (smtplib's errors are OSErrors).
MAIL_RETRY = {**RETRY, "autoretry_for": (*TRANSIENT_ERRORS, OSError)}


@shared_task(name="annotations.email_notifications", **MAIL_RETRY)
def email_notifications(notification_ids: list[int]) -> dict:
    """E-mail these notifications (each at most once, however often this runs)."""
    from annotations import services

    return {"sent": services.notifications_email(notification_ids=notification_ids)}
