"""Celery tasks: thin shells that take ids and call one service.

Every task is idempotent and acknowledged late (settings: CELERY_TASK_ACKS_LATE,
CELERY_TASK_REJECT_ON_WORKER_LOST), so a worker that dies mid-task leaves the message
to be run again; the job's own row says whether it still needs doing, and the reaper
(`reap_jobs`) re-sends what a lost message or a dead worker left behind
(annotations/jobs.py). Retries happen only on the named transient errors below.

Nothing in the domain imports this module: work is queued by task name through
`annotations.queueing`, which also keeps a broker outage from failing a request.
"""

import logging
import socket

from celery import shared_task
from celery.exceptions import Reject
from django.conf import settings
from django.db import InterfaceError, OperationalError

from annotations.models import Article, Claim

logger = logging.getLogger(__name__)

# Scans and link checks may run long (a million claims, hundreds of slow sites); the
# other tasks keep the default limits (settings: CELERY_TASK_*TIME_LIMIT).
LONG = {
    "soft_time_limit": settings.FACTCHECK_LONG_TASK_SOFT_TIME_LIMIT,
    "time_limit": settings.FACTCHECK_LONG_TASK_TIME_LIMIT,
}

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
# Edits queue their claims through annotations.queueing (the outbox): the rows are
# written in the edit's transaction and `rescan_pending` is the wake-up sent after.


@shared_task(name="annotations.rescan_pending", **RETRY)
def rescan_pending() -> dict:
    """Rescan every claim queued by recent edits."""
    from annotations.sourcing import scanner

    result = scanner.scan_pending()
    return {
        "claims": result.claims,
        "opened": result.opened,
        "resolved": result.resolved,
    }


@shared_task(name="annotations.rescan_claims", **RETRY)
def rescan_claims(claim_ids: list[int]) -> dict:
    """Rescan these claims now."""
    from annotations.sourcing import scanner

    result = scanner.scan_claims(claim_ids)
    return {
        "claims": result.claims,
        "opened": result.opened,
        "resolved": result.resolved,
    }


@shared_task(name="annotations.scan_all_gaps", bind=True, **RETRY, **LONG)
def scan_all_gaps(self, article_id: int | None = None, check_back: bool = True) -> dict:
    """Scan every claim (or one article's), taking over a scan whose worker died."""
    from annotations.sourcing import scanner

    article = Article.objects.filter(pk=article_id).first() if article_id else None
    if article_id and article is None:
        return {"skipped": f"article {article_id} no longer exists"}
    try:
        run = scanner.run_scan(article=article)
    except scanner.ScanAlreadyRunning as exc:
        skipped = {"skipped": str(exc), "run": exc.run.pk}
        if not check_back:
            return skipped
        # This may be the message of a worker whose pool process was killed,
        # redelivered at once: the dead process's heartbeat still looks fresh. Look
        # again once it would be stale; a live holder will have beaten by then.
        countdown = exc.stale_in + scanner.heartbeat_interval()
        try:
            self.retry(
                kwargs={"article_id": article_id, "check_back": False},
                countdown=countdown,
                throw=False,
            )
        except Reject:  # what retry raises when the broker refuses the message
            logger.exception(
                "Could not queue the second look at gap scan #%s", exc.run.pk
            )
            return skipped
        return {**skipped, "check_back_in": round(countdown, 1)}
    except scanner.ScanTakenOver as exc:
        return {"skipped": str(exc), "run": exc.run.pk}
    summary = {
        "run": run.pk,
        "claims": run.done,
        "opened": run.opened,
        "resolved": run.resolved,
    }
    if article is None:
        # The periodic full scan also drains the rescan outbox, so claims whose
        # wake-up was lost (the broker was down after their edit) wait a day at most.
        summary["pending"] = scanner.scan_pending().claims
    return summary


@shared_task(name="annotations.check_links", **RETRY, **LONG)
def check_links(source_ids: list[int] | None = None) -> dict:
    """Check cited links that are due (or these sources), then rescan their claims."""
    from annotations.sourcing import linkcheck

    summary = linkcheck.check_due_sources(source_ids=source_ids)
    return summary.as_dict()


# --- captures of cited pages ---------------------------------------------------------


@shared_task(name="annotations.capture_source", bind=True, **RETRY)
def capture_source(self, capture_id: int) -> dict:
    """Capture one cited page (annotations/services/captures.py); a transient failure
    is tried again after the capture's backoff, and the reaper's sweeper sends again
    what this could not (the broker refused the retry, the message was lost)."""
    from annotations.services import captures

    outcome = captures.capture_run(capture_id=capture_id)
    if outcome.retry_in is not None:
        try:
            # Raises Retry, which ends this run. The row counts the tries and
            # gives up after FACTCHECK_CAPTURE_ATTEMPTS, before Celery would.
            self.retry(
                countdown=outcome.retry_in,
                max_retries=settings.FACTCHECK_CAPTURE_ATTEMPTS,
            )
        except Reject:
            # The broker refused the retry: the sweeper sends it when it is due.
            logger.warning("Could not queue the next try of capture #%s", capture_id)
    return {
        "capture": capture_id,
        "state": outcome.state,
        "retry_in": outcome.retry_in,
        "skipped": outcome.skipped,
    }


# --- notifications -----------------------------------------------------------------


# A mail server that is down or refuses for a moment (smtplib's errors are OSErrors).
MAIL_RETRY = {**RETRY, "autoretry_for": (*TRANSIENT_ERRORS, OSError)}


@shared_task(name="annotations.email_notifications", **MAIL_RETRY)
def email_notifications(notification_ids: list[int]) -> dict:
    """E-mail these notifications (each at most once, however often this runs)."""
    from annotations import services

    return {"sent": services.notifications_email(notification_ids=notification_ids)}


# --- the reaper --------------------------------------------------------------------


@shared_task(name="annotations.reap_jobs")
def reap_jobs() -> dict:
    """Send again what waits in its row (the broker was down, or lost the message)
    and re-queue what a dead worker held; beat runs it every few seconds."""
    from annotations import jobs

    return jobs.reap()
