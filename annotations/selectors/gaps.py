"""Reads of the sourcing-gap dashboard: open gaps counted by kind, severity, article
and assignee, the daily trend, each article's coverage, the filtered listing and the
newest full scan. Each is one query whatever the number of gaps.

Each takes the desk (`workspace`, a desk or its id; None: every desk) whose
articles' gaps it counts: the dashboard passes the request's (docs/DESKS.md)."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import TruncDate
from django.utils import timezone

from annotations.desksettings import blocking_gap_filter, settings_of
from annotations.models import (
    Article,
    Capture,
    Citation,
    ScanRun,
    Source,
    SourcingGap,
)

# How many articles and assignees the dashboard's "by" tables list.
BREAKDOWN_LIMIT = 15


def _in_desk(workspace, to_article: str = "claim__article__") -> Q:
    return Q() if workspace is None else Q(**{f"{to_article}workspace": workspace})


def open_gaps(workspace=None):
    """The gaps nobody has resolved yet."""
    return SourcingGap.objects.filter(_in_desk(workspace), resolved_at__isnull=True)


def capture_health(workspace=None) -> dict[str, int]:
    """How the desk's cited sources stand by their newest capture: {"captured",
    "pending", "failed", "none"} -> number of sources (one query). A source's older
    captures do not count: a failure retried with success is captured."""
    cited = Citation.objects.filter(_in_desk(workspace)).values("source_id")
    newest = (
        Capture.objects.filter(source=OuterRef("pk"))
        .order_by("-requested_at", "-id")
        .values("state")[:1]
    )
    counts = {"captured": 0, "pending": 0, "failed": 0, "none": 0}
    for row in (
        Source.objects.filter(pk__in=cited)
        .annotate(state=Subquery(newest))
        .values("state")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        counts[row["state"] or "none"] += row["n"]
    return counts


def open_gaps_by_kind(workspace=None) -> list[dict]:
    """[{"kind", "n"}], most first (ties by kind)."""
    return list(
        open_gaps(workspace)
        .values("kind")
        .annotate(n=Count("id"))
        .order_by("-n", "kind")
    )


def open_gaps_by_severity(workspace=None) -> list[dict]:
    """[{"severity", "n"}], in no particular order."""
    return list(
        open_gaps(workspace).values("severity").annotate(n=Count("id")).order_by()
    )


def open_gaps_by_article(limit: int = BREAKDOWN_LIMIT, workspace=None) -> list[dict]:
    """[{"claim__article_id", "claim__article__title", "n"}], most first."""
    return list(
        open_gaps(workspace)
        .values("claim__article_id", "claim__article__title")
        .annotate(n=Count("id"))
        .order_by("-n", "claim__article_id")[:limit]
    )


def open_gaps_by_assignee(limit: int = BREAKDOWN_LIMIT, workspace=None) -> list[dict]:
    """Per assignee (a claim with several counts for each; none is one row with
    None fields): their id, username, first and last name and `n`, most first."""
    return list(
        open_gaps(workspace)
        .values(
            "claim__assignees__id",
            "claim__assignees__username",
            "claim__assignees__first_name",
            "claim__assignees__last_name",
        )
        .annotate(n=Count("id", distinct=True))
        .order_by("-n", "claim__assignees__username")[:limit]
    )


def daily_gap_counts(field: str, first: dt.date, workspace=None) -> dict[dt.date, int]:
    """Gaps per local day whose `field` ("opened_at" or "resolved_at") falls on or
    after the day `first`."""
    since = timezone.make_aware(dt.datetime.combine(first, dt.time.min))
    rows = (
        SourcingGap.objects.filter(_in_desk(workspace), **{f"{field}__gte": since})
        .annotate(day=TruncDate(field))
        .values("day")
        .annotate(n=Count("id"))
        .order_by()
    )
    return {row["day"]: row["n"] for row in rows}


def article_coverage(limit: int = 25, workspace=None) -> list[dict]:
    """Per article, newest first: its check-worthy live claims (`worthy`), how many
    of them have no open blocking gap (`covered`, blocking as the approval policy
    says), its open gaps and the covered share in percent."""
    worthy = Q(
        claims__kind="claim",
        claims__dismissed_at__isnull=True,
        claims__checkworthiness__gte=settings_of(workspace).gaps.checkworthy,
    )
    blocked = (
        worthy
        & Q(claims__gaps__resolved_at__isnull=True)
        & blocking_gap_filter(
            [workspace] if workspace is not None else [],
            kind="claims__gaps__kind",
            desk="workspace_id",
        )
    )
    articles = (
        Article.objects.filter(_in_desk(workspace, ""))
        .annotate(
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


def open_gap_listing(
    *,
    kind: str = "",
    severity: str = "",
    article_id: int | None = None,
    assignee: int | str | None = None,
    workspace=None,
):
    """Open gaps, newest first, with their claim, article and source, narrowed to a
    kind, a severity, an article and an assignee (an id, or "none" for claims
    nobody is assigned) when given."""
    condition = _in_desk(workspace) & Q(resolved_at__isnull=True)
    if kind:
        condition &= Q(kind=kind)
    if severity:
        condition &= Q(severity=severity)
    if article_id is not None:
        condition &= Q(claim__article_id=article_id)
    if assignee == "none":
        condition &= Q(claim__assignees__isnull=True)
    elif assignee is not None:
        condition &= Q(claim__assignees__id=assignee)
    return (
        SourcingGap.objects.filter(condition)
        .select_related("claim__article", "source")
        .only(
            "id",
            "kind",
            "severity",
            "detail",
            "detail_code",
            "detail_params",
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


def latest_full_scan() -> ScanRun | None:
    """The newest full gap scan, with who asked for it."""
    return (
        ScanRun.objects.filter(scope=ScanRun.Scope.FULL)
        .select_related("requested_by")
        .first()
    )
