"""Asking for a gap scan to run in the background."""

from __future__ import annotations

import contextlib
from enum import StrEnum

from django.utils import timezone

from annotations import jobs, policies, queueing
from annotations.models import Article, ScanRun
from annotations.sourcing import scanner


class ScanRequest(StrEnum):
    """What asking for a scan did."""

    QUEUED = "queued"  # a new run, its task sent once the row commits
    WAITING = "waiting"  # one was queued or running already, and left as it is
    RESUMED = "resumed"  # one had stopped (its worker was lost): its task sent again


def scan_request(
    *, user, article: Article | None = None
) -> tuple[ScanRun, ScanRequest]:
    """Queue a full gap scan (or one article's) for a worker; editors only.

    A scan of the same claims already queued or running is never doubled: two
    requests at the same moment make one scan (a unique index decides). If that one
    is waiting for a worker — never sent, or running with a heartbeat that stopped
    — this request sends its task now rather than leaving it to the reaper. A task
    the broker refuses leaves the run queued (`sent_at` unset) for the reaper.
    """
    policies.check_run_full_scan(user)
    run, created = scanner.request_scan(article, requested_by=user)
    article_id = article.pk if article is not None else None
    if created:
        queueing.send_on_commit(
            queueing.SCAN_ALL_GAPS,
            article_id,
            what=f"gap scan #{run.pk}",
            on_sent=lambda: scanner.mark_scan_sent(run),
        )
        return run, ScanRequest.QUEUED
    now = timezone.now()
    stopped = (
        run.status == ScanRun.Status.RUNNING
        and ScanRun.objects.filter(
            scanner.waiting_for_a_worker(now), pk=run.pk
        ).exists()
    )
    if stopped:
        # With the broker down the reaper sends it when the broker is back.
        with contextlib.suppress(queueing.QueueUnavailable):
            jobs.send_once(
                ScanRun, run.pk, run.sent_at, now, queueing.SCAN_ALL_GAPS, article_id
            )
        return run, ScanRequest.RESUMED
    return run, ScanRequest.WAITING
