"""The sourcing-gap dashboard: what is missing, where, for whom, and the trend.

Every view needs a logged-in reviewer (editors and admins are reviewers too). Each
page costs a fixed number of queries whatever the number of gaps.
"""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.db.models.functions import TruncDate
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from annotations import policies, siteurl
from annotations.models import Article, GapKind, ScanRun, Severity, SourcingGap
from annotations.wording import person_name
from desk.views.access import requires, reviewer_required

CHART_DAYS = 30
CHART_WIDTH, CHART_HEIGHT = 760, 220
CHART_LEFT, CHART_BOTTOM, CHART_TOP = 44, 28, 12
PAGE_SIZE = 50
SEVERITY_ORDER = {"high": 0, "medium": 1, "low": 2}
# Queued this long and not started: say that no worker seems to be taking it.
SCAN_WAIT_WARNING = 60


def _daily_counts(field: str, since: dt.datetime) -> dict[dt.date, int]:
    rows = (
        SourcingGap.objects.filter(**{f"{field}__gte": since})
        .annotate(day=TruncDate(field))
        .values("day")
        .annotate(n=Count("id"))
        .order_by()
    )
    return {row["day"]: row["n"] for row in rows}


def gap_chart(*, today: dt.date, days: int = CHART_DAYS) -> dict:
    """Bars of gaps opened and resolved per day, laid out for an inline SVG."""
    first = today - dt.timedelta(days=days - 1)
    since = timezone.make_aware(dt.datetime.combine(first, dt.time.min))
    opened = _daily_counts("opened_at", since)
    resolved = _daily_counts("resolved_at", since)
    top = max([1, *opened.values(), *resolved.values()])
    plot_w = CHART_WIDTH - CHART_LEFT - 8
    plot_h = CHART_HEIGHT - CHART_BOTTOM - CHART_TOP
    slot = plot_w / days
    bar = max(1.0, slot * 0.38)
    baseline = CHART_TOP + plot_h
    rows = []
    for index in range(days):
        day = first + dt.timedelta(days=index)
        x = CHART_LEFT + index * slot
        o, r = opened.get(day, 0), resolved.get(day, 0)
        oh, rh = plot_h * o / top, plot_h * r / top
        rows.append(
            {
                "day": day,
                "opened": o,
                "resolved": r,
                "x_opened": round(x + slot * 0.1, 1),
                "x_resolved": round(x + slot * 0.1 + bar, 1),
                "y_opened": round(baseline - oh, 1),
                "y_resolved": round(baseline - rh, 1),
                "h_opened": round(oh, 1),
                "h_resolved": round(rh, 1),
                "label_x": round(x + slot / 2, 1),
                "show_label": index % 5 == 0 or index == days - 1,
            }
        )
    return {
        "rows": rows,
        "width": CHART_WIDTH,
        "height": CHART_HEIGHT,
        "left": CHART_LEFT,
        "right": CHART_WIDTH - 8,
        "top": CHART_TOP,
        "baseline": baseline,
        "mid_y": round(CHART_TOP + plot_h / 2, 1),
        "max": top,
        "mid": round(top / 2, 1) if top % 2 else top // 2,
        "bar": round(bar, 1),
        "label_y": baseline + 18,
        "total_opened": sum(opened.values()),
        "total_resolved": sum(resolved.values()),
    }


def article_coverage(limit: int = 25) -> list[dict]:
    """Per article: the share of check-worthy live claims with no open blocking gap."""
    worthy = Q(
        claims__kind="claim",
        claims__dismissed_at__isnull=True,
        claims__checkworthiness__gte=settings.FACTCHECK_GAP_CHECKWORTHY,
    )
    blocked = worthy & Q(
        claims__gaps__resolved_at__isnull=True,
        claims__gaps__kind__in=policies.approval_policy().blocking_kinds,
    )
    articles = (
        Article.objects.annotate(
            worthy=Count("claims", filter=worthy, distinct=True),
            blocked=Count("claims", filter=blocked, distinct=True),
            open_gaps=Count(
                "claims__gaps",
                filter=Q(claims__gaps__resolved_at__isnull=True),
                distinct=True,
            ),
        )
        .filter(worthy__gt=0)
        .only("id", "title")
        .order_by("-created_at", "-id")[:limit]
    )
    rows = []
    for article in articles:
        covered = article.worthy - article.blocked
        rows.append(
            {
                "article": article,
                "worthy": article.worthy,
                "covered": covered,
                "open_gaps": article.open_gaps,
                "percent": round(100 * covered / article.worthy),
            }
        )
    return rows


def _filters(request) -> tuple[Q, dict]:
    chosen = {}
    condition = Q(resolved_at__isnull=True)
    kind = request.GET.get("kind", "")
    if kind in GapKind.values:
        condition &= Q(kind=kind)
        chosen["kind"] = kind
    severity = request.GET.get("severity", "")
    if severity in Severity.values:
        condition &= Q(severity=severity)
        chosen["severity"] = severity
    article = request.GET.get("article", "")
    if article.isdigit():
        condition &= Q(claim__article_id=int(article))
        chosen["article"] = article
    assignee = request.GET.get("assignee", "")
    if assignee == "none":
        condition &= Q(claim__assignees__isnull=True)
        chosen["assignee"] = assignee
    elif assignee.isdigit():
        condition &= Q(claim__assignees__id=int(assignee))
        chosen["assignee"] = assignee
    return condition, chosen


def _labelled(rows, field: str, labels: dict) -> list[dict]:
    return [
        {
            "value": row[field],
            "label": labels.get(row[field], row[field]),
            "n": row["n"],
        }
        for row in rows
    ]


@reviewer_required
def dashboard(request):
    """Open gaps by kind, severity, article and assignee; the trend; coverage."""
    open_gaps = SourcingGap.objects.filter(resolved_at__isnull=True)
    by_kind = _labelled(
        open_gaps.values("kind").annotate(n=Count("id")).order_by("-n", "kind"),
        "kind",
        dict(GapKind.choices),
    )
    by_severity = sorted(
        _labelled(
            open_gaps.values("severity").annotate(n=Count("id")).order_by(),
            "severity",
            dict(Severity.choices),
        ),
        key=lambda row: SEVERITY_ORDER.get(row["value"], 9),
    )
    by_article = list(
        open_gaps.values("claim__article_id", "claim__article__title")
        .annotate(n=Count("id"))
        .order_by("-n", "claim__article_id")[:15]
    )
    by_assignee = list(
        open_gaps.values(
            "claim__assignees__id",
            "claim__assignees__username",
            "claim__assignees__first_name",
            "claim__assignees__last_name",
        )
        .annotate(n=Count("id", distinct=True))
        .order_by("-n", "claim__assignees__username")[:15]
    )
    for row in by_assignee:
        first, last = (
            row["claim__assignees__first_name"],
            row["claim__assignees__last_name"],
        )
        row["name"] = (
            f"{first or ''} {last or ''}".strip()
            or row["claim__assignees__username"]
            or "Unassigned"
        )
        row["key"] = row["claim__assignees__id"] or "none"
    condition, chosen = _filters(request)
    listing = (
        SourcingGap.objects.filter(condition)
        .select_related("claim__article", "source")
        .only(
            "id",
            "kind",
            "severity",
            "detail",
            "opened_at",
            "last_seen_at",
            "claim__id",
            "claim__text",
            "claim__article__id",
            "claim__article__title",
            "source__id",
            "source__title",
        )
        .order_by("-opened_at", "-id")
        .distinct()
    )
    page = Paginator(listing, PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = list(page.object_list)
    for gap in page.object_list:
        # Where a reviewer fixes the gap: the claim's panel on its article page.
        gap.panel_url = siteurl.claim_path(gap.claim.article_id, gap.claim_id)
    today = timezone.localdate()
    context = {
        "total_open": sum(row["n"] for row in by_kind),
        "blocking_kinds": [
            dict(GapKind.choices).get(kind, kind)
            for kind in sorted(policies.approval_policy().blocking_kinds)
        ],
        "by_kind": by_kind,
        "by_severity": by_severity,
        "by_article": by_article,
        "by_assignee": by_assignee,
        "chart": gap_chart(today=today),
        "coverage": article_coverage(),
        "page": page,
        "chosen": chosen,
        "filter_query": urlencode(chosen),
        "kind_label": dict(GapKind.choices).get(chosen.get("kind", ""), ""),
        "scan": scan_status(),
    }
    return render(request, "annotations/gaps/dashboard.html", context)


def scan_status(now: dt.datetime | None = None) -> dict:
    """What the dashboard says about full scans, read from the newest full run: queued
    (asked for, no worker has started it: how long, by whom, and whether its task
    could be sent at all), running with its progress, stalled (its worker stopped
    beating), or the last result.

    `state` is "queued", "running", "stalled", "finished", "failed" or "none"; `poll`
    is true while the answer can change on its own (the page asks again every 2 s).
    """
    from annotations.sourcing import scanner

    now = now or timezone.now()
    run = (
        ScanRun.objects.filter(scope=ScanRun.Scope.FULL)
        .select_related("requested_by")
        .first()
    )
    status = {"run": run, "state": "none", "poll": False}
    if run is None:
        return status
    if run.status == ScanRun.Status.RUNNING:
        silent = (now - run.heartbeat_at).total_seconds()
        stalled = silent > scanner.stale_after_seconds()
        status.update(
            state="stalled" if stalled else "running", poll=True, silent=int(silent)
        )
    elif run.status == ScanRun.Status.QUEUED:
        waited = max(0, int((now - run.started_at).total_seconds()))
        status.update(
            state="queued",
            poll=True,
            waited=waited,
            slow=waited >= SCAN_WAIT_WARNING,
            unsent=run.sent_at is None,
            by=person_name(run.requested_by),
        )
    else:
        status["state"] = run.status
    return status


@reviewer_required
def scan_progress(request):
    """The full scan's status (htmx polls it every 2 s while it can change)."""
    return render(
        request,
        "annotations/gaps/dashboard.html#scan-progress",
        {"scan": scan_status()},
    )


@require_POST
@requires(policies.can_run_full_scan, "Only editors and admins start a full gap scan.")
def scan_start(request):
    """Queue a full scan (editors only); a scan already queued or running is not
    doubled, and a broker that is down leaves it queued, to start when it is back."""
    from annotations import services
    from annotations.services.scans import ScanRequest

    run, outcome = services.scan_request(user=request.user)
    if outcome == ScanRequest.RESUMED:
        messages.info(
            request,
            "The running full gap scan had stopped (its worker was lost); it "
            "resumes from where it stopped.",
        )
    elif outcome == ScanRequest.WAITING:
        messages.info(
            request,
            f"A full gap scan is already {run.get_status_display().lower()}; "
            "it was not started twice.",
        )
    elif run.sent_at is None:
        messages.warning(
            request,
            "The background task queue is unreachable right now. The full gap scan "
            "is queued and starts by itself when the queue is back.",
        )
    else:
        messages.success(
            request, "A full gap scan was queued; its progress shows below."
        )
    return redirect("gap-dashboard")
