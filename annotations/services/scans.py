"""Asking for a gap scan to run in the background."""

from __future__ import annotations

from annotations import policies, queueing, scanner
from annotations.models import Article, ScanRun


def scan_request(*, user, article: Article | None = None) -> tuple[ScanRun, bool]:
    """Queue a full gap scan (or one article's) for a worker; editors only.

    Returns the run and whether this call queued it. A scan of the same claims
    already queued or running is returned as it is: two requests at the same moment
    make one scan. The task is sent once the row commits; if the broker is down
    then, the run stays queued (its `sent_at` unset) and the reaper sends it when
    the broker is back.
    """
    policies.check_run_full_scan(user)
    run, created = scanner.request_scan(article)
    if created:
        queueing.send_on_commit(
            queueing.SCAN_ALL_GAPS,
            article.pk if article is not None else None,
            what=f"gap scan #{run.pk}",
            on_sent=lambda: scanner.mark_scan_sent(run),
        )
    return run, created
