"""The sourcing-gap dashboard: what is missing, where, for whom, and the trend.

Every view needs a logged-in reviewer (editors and admins are reviewers too). Each
page costs a fixed number of queries whatever the number of gaps: the reads are in
`annotations.selectors.gaps`, the labels, links and chart layout in
`desk.presenters.gaps` and `desk.presenters.gap_chart`.
"""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy
from django.views.decorators.http import require_POST

from annotations import policies
from annotations.models import GapKind, Severity
from annotations.selectors import gaps as gap_selectors
from desk.presenters import gaps as gap_presenters
from desk.views.access import requires, reviewer_required

PAGE_SIZE = 50


def _filters(request) -> dict:
    """The listing's filters the request names, each kept only when it is valid
    (anything else is ignored, as if not given)."""
    chosen = {}
    kind = request.GET.get("kind", "")
    if kind in GapKind.values:
        chosen["kind"] = kind
    severity = request.GET.get("severity", "")
    if severity in Severity.values:
        chosen["severity"] = severity
    article = request.GET.get("article", "")
    if article.isdigit():
        chosen["article"] = article
    assignee = request.GET.get("assignee", "")
    if assignee == "none" or assignee.isdigit():
        chosen["assignee"] = assignee
    return chosen


@reviewer_required
def dashboard(request):
    """Open gaps by kind, severity, article and assignee; the trend; coverage: of
    the request's desk."""
    desk = request.workspace
    by_kind = gap_presenters.labelled(
        gap_selectors.open_gaps_by_kind(desk), "kind", dict(GapKind.choices)
    )
    by_severity = gap_presenters.by_severity(gap_selectors.open_gaps_by_severity(desk))
    by_article = gap_selectors.open_gaps_by_article(workspace=desk)
    by_assignee = gap_presenters.by_assignee(
        gap_selectors.open_gaps_by_assignee(workspace=desk)
    )
    chosen = _filters(request)
    assignee = chosen.get("assignee")
    listing = gap_selectors.open_gap_listing(
        kind=chosen.get("kind", ""),
        severity=chosen.get("severity", ""),
        article_id=int(chosen["article"]) if "article" in chosen else None,
        assignee=int(assignee) if assignee and assignee != "none" else assignee,
        workspace=desk,
    )
    page = Paginator(listing, PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = gap_presenters.gap_entries(page.object_list)
    context = {
        "total_open": sum(row["n"] for row in by_kind),
        "blocking_kinds": gap_presenters.blocking_kind_labels(desk),
        "by_kind": by_kind,
        "by_severity": by_severity,
        "by_article": by_article,
        "by_assignee": by_assignee,
        "chart": gap_presenters.trend_chart(timezone.localdate(), workspace=desk),
        "coverage": gap_selectors.article_coverage(workspace=desk),
        "captures": gap_selectors.capture_health(desk),
        "page": page,
        "chosen": chosen,
        "filter_query": urlencode(chosen),
        "kind_label": dict(GapKind.choices).get(chosen.get("kind", ""), ""),
        "scan": scan_status(viewer=request.user),
    }
    return render(request, "annotations/gaps/dashboard.html", context)


def scan_status(now: dt.datetime | None = None, *, viewer=None) -> dict:
    """What the dashboard says about full scans now (desk.presenters.gaps.scan_status
    over the newest full run), as `viewer` may read it."""
    return gap_presenters.scan_status(
        gap_selectors.latest_full_scan(), now, viewer=viewer
    )


@reviewer_required
def scan_progress(request):
    """The full scan's status (htmx polls it every 2 s while it can change)."""
    return render(
        request,
        "annotations/gaps/dashboard.html#scan-progress",
        {"scan": scan_status(viewer=request.user)},
    )


@require_POST
@requires(
    policies.can_run_full_scan,
    gettext_lazy("Only editors and admins start a full gap scan."),
)
def scan_start(request):
    """Queue a full scan (editors only); a scan already queued or running is not
    doubled, and a broker that is down leaves it queued, to start when it is back."""
    from annotations import services
    from annotations.services.scans import ScanRequest

    run, outcome = services.scan_request(user=request.user)
    if outcome == ScanRequest.RESUMED:
        messages.info(
            request,
            gettext(
                "The running full gap scan had stopped (its worker was lost); it "
                "resumes from where it stopped."
            ),
        )
    elif outcome == ScanRequest.WAITING:
        messages.info(
            request,
            gettext("A full gap scan is already %(status)s; it was not started twice.")
            % {"status": str(run.get_status_display()).lower()},
        )
    elif run.sent_at is None:
        messages.warning(
            request,
            gettext(
                "The background task queue is unreachable right now. The full gap "
                "scan is queued and starts by itself when the queue is back."
            ),
        )
    else:
        messages.success(
            request, gettext("A full gap scan was queued; its progress shows below.")
        )
    return redirect("gap-dashboard")
