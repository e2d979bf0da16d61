"""Reads shared by pages, the API and exports, each in a bounded number of queries."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import (
    Count,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce

from annotations.highlight import Segment
from annotations.models import (
    Article,
    Citation,
    Claim,
    ClaimStatus,
    Rating,
    RatingLabel,
    RatingScale,
    Source,
    SourcingGap,
)

CLAIM = Claim.Kind.CLAIM


def _count(queryset: QuerySet, group_by: str) -> Subquery:
    """A correlated COUNT(*) subquery: one number per outer row, no join fan-out."""
    counted = (
        queryset.order_by()
        .values(group_by)
        .annotate(n=Count("pk", distinct=True))
        .values("n")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def article_list():
    """Articles with their segment counts and review progress, newest first (one query).

    Every count is its own correlated subquery rather than a JOIN + GROUP BY: mixing
    the two makes the database re-run the subqueries for every joined claim row.
    """
    claims = Claim.objects.filter(article=OuterRef("pk"))
    live = claims.filter(kind=CLAIM, dismissed_at__isnull=True)
    return Article.objects.defer("body").annotate(
        claim_count=_count(live, "article"),
        segment_count=_count(claims, "article"),
        approved_count=_count(live.filter(status=ClaimStatus.APPROVED), "article"),
        submitted_count=_count(live.filter(status=ClaimStatus.SUBMITTED), "article"),
        dismissed_count=_count(
            claims.filter(kind=CLAIM, dismissed_at__isnull=False), "article"
        ),
        rated_count=_count(
            live.filter(pk__in=Rating.objects.values("claim_id")), "article"
        ),
        open_gap_count=_count(
            SourcingGap.objects.filter(
                claim__article=OuterRef("pk"), resolved_at__isnull=True
            ),
            "claim__article",
        ),
    )


def article_search(articles, *, query: str = "", state: str = ""):
    """Filter an `article_list()` queryset by a search string and a progress state."""
    query = " ".join((query or "").split())
    if query:
        articles = articles.filter(
            Q(title__icontains=query)
            | Q(publisher__icontains=query)
            | Q(byline__icontains=query)
            | Q(url__icontains=query)
        )
    if state == "published":
        articles = articles.filter(published_at__isnull=False)
    elif state == "unpublished":
        articles = articles.filter(published_at__isnull=True)
    elif state == "gaps":
        articles = articles.filter(open_gap_count__gt=0)
    elif state == "unrated":
        articles = articles.filter(
            published_at__isnull=True,
            claim_count__gt=0,
            rated_count__lt=F("claim_count"),
        )
    return articles


def article_state(article) -> str:
    """Draft → in review → verified → published, derived from the claim counts."""
    if article.published_at is not None:
        return "published"
    if article.claim_count and article.approved_count == article.claim_count:
        return "verified"
    if article.rated_count or article.submitted_count or article.approved_count:
        return "in review"
    return "draft"


def _mine(user):
    """Claims a user is assigned to, has rated or has cited a source for."""
    return (
        Q(
            pk__in=Claim.assignees.through.objects.filter(user_id=user.pk).values(
                "claim_id"
            )
        )
        | Q(pk__in=Rating.objects.filter(reviewer_id=user.pk).values("claim_id"))
        | Q(pk__in=Citation.objects.filter(added_by_id=user.pk).values("claim_id"))
    )


def my_claims(user, *, limit: int = 50) -> dict[str, list[Claim]]:
    """The dashboard's work queues for one user, each in one query."""
    base = (
        Claim.objects.filter(kind=CLAIM, dismissed_at__isnull=True)
        .select_related("article")
        .only(
            "pk",
            "text",
            "status",
            "checkworthiness",
            "updated_at",
            "start",
            "article__id",
            "article__title",
        )
        .annotate(
            open_gap_count=_count(
                SourcingGap.objects.filter(
                    claim=OuterRef("pk"), resolved_at__isnull=True
                ),
                "claim",
            )
        )
        .order_by("-updated_at", "pk")
    )
    assigned = Q(
        pk__in=Claim.assignees.through.objects.filter(user_id=user.pk).values(
            "claim_id"
        )
    )
    return {
        "assigned": list(base.filter(assigned, status=ClaimStatus.OPEN)[:limit]),
        "in_progress": list(
            base.filter(_mine(user), status=ClaimStatus.IN_PROGRESS)[:limit]
        ),
        "returned": list(base.filter(_mine(user), status=ClaimStatus.RETURNED)[:limit]),
    }


def review_queue(*, blocking_kinds, limit: int = 50) -> list[Claim]:
    """Claims submitted for review, oldest first, with their open and blocking gaps.

    This is the editors' queue: a claim with a blocking gap open cannot be approved,
    so the queue shows it before the editor opens the claim (one query).
    """
    open_gaps = SourcingGap.objects.filter(
        claim=OuterRef("pk"), resolved_at__isnull=True
    )
    return list(
        Claim.objects.filter(
            kind=CLAIM, dismissed_at__isnull=True, status=ClaimStatus.SUBMITTED
        )
        .select_related("article")
        .only(
            "pk",
            "text",
            "status",
            "updated_at",
            "start",
            "article__id",
            "article__title",
        )
        .annotate(
            open_gap_count=_count(open_gaps, "claim"),
            blocking_gap_count=_count(
                open_gaps.filter(kind__in=list(blocking_kinds)), "claim"
            ),
        )
        .order_by("updated_at", "pk")[:limit]
    )


def _claim_counts() -> dict:
    """Counts of citations, ratings and open gaps per claim (correlated subqueries)."""
    return {
        "citation_count": _count(
            Citation.objects.filter(claim=OuterRef("pk")), "claim"
        ),
        "rating_count": _count(Rating.objects.filter(claim=OuterRef("pk")), "claim"),
        "open_gap_count": _count(
            SourcingGap.objects.filter(claim=OuterRef("pk"), resolved_at__isnull=True),
            "claim",
        ),
    }


def article_claims(article: Article):
    """The article's segments in reading order, with what the page shows of each.

    Counts come from correlated subqueries, so the query count does not grow with the
    number of claims, citations or ratings.
    """
    return (
        Claim.objects.filter(article=article)
        .select_related("verdict__label")
        .annotate(**_claim_counts())
        .order_by("start")
    )


def segments_for(claims) -> list[Segment]:
    """Turn `article_claims` rows into the plain data the body renderer takes."""
    segments = []
    for claim in claims:
        # A reverse one-to-one raises when absent; select_related cached the lookup.
        verdict = claim.verdict if hasattr(claim, "verdict") else None
        segments.append(
            Segment(
                id=claim.pk,
                start=claim.start,
                end=claim.end,
                kind=claim.kind,
                status=claim.status,
                dismissed=claim.dismissed_at is not None,
                checkworthiness=claim.checkworthiness,
                verdict=verdict.label.name if verdict else "",
                verdict_polarity=verdict.label.polarity if verdict else "",
                open_gaps=claim.open_gap_count,
                citations=claim.citation_count,
                ratings=claim.rating_count,
            )
        )
    return segments


@dataclass(frozen=True)
class HistoryEntry:
    when: object
    who: str
    action: str
    changes: list[str]


HISTORY_FIELDS = {
    "start": "start",
    "end": "end",
    "text": "text",
    "kind": "kind",
    "status": "status",
    "dismissed_reason": "dismissal reason",
    "dismissed_at": "dismissed",
    "attribution": "attribution",
}


def claim_history(claim: Claim, *, limit: int = 8) -> list[HistoryEntry]:
    """The claim's latest changes, newest first, each with the fields it changed."""
    records = list(
        claim.history.select_related("history_user").order_by("-history_id")[
            : limit + 1
        ]
    )
    entries = []
    for index, record in enumerate(records[:limit]):
        previous = records[index + 1] if index + 1 < len(records) else None
        changes = []
        if previous is not None and record.history_type == "~":
            changes = [
                label
                for field, label in HISTORY_FIELDS.items()
                if getattr(record, field) != getattr(previous, field)
            ]
        user = record.history_user
        entries.append(
            HistoryEntry(
                when=record.history_date,
                who=(user.get_full_name() or user.get_username()) if user else "system",
                action={"+": "created", "~": "changed", "-": "deleted"}.get(
                    record.history_type, record.history_type
                ),
                changes=changes,
            )
        )
    return entries


def claim_for_panel(claim_id: int) -> Claim:
    """One claim with everything its panel shows, in a fixed number of queries."""
    return (
        claim_detail().select_related("article").defer("article__body").get(pk=claim_id)
    )


def next_segment(claim: Claim) -> Claim | None:
    return (
        Claim.objects.filter(article_id=claim.article_id, start__gte=claim.end)
        .only("pk", "text", "kind", "start")
        .order_by("start")
        .first()
    )


def rating_labels() -> list[RatingLabel]:
    """The default scale's labels in their order (one query)."""
    scale = RatingScale.objects.filter(is_default=True).values("pk")[:1]
    return list(
        RatingLabel.objects.filter(scale__in=Subquery(scale)).order_by("position")
    )


def source_search(query: str, *, limit: int = 10) -> list[Source]:
    """Sources whose URL, title or publisher contains the query."""
    query = " ".join((query or "").split())
    if not query:
        return []
    return list(
        Source.objects.filter(
            Q(title__icontains=query)
            | Q(publisher__icontains=query)
            | Q(url__icontains=query)
            | Q(normalized_url__icontains=query)
            | Q(domain__icontains=query)
        ).order_by("title", "id")[:limit]
    )


# --- Reads for the REST API (annotations.api) -----------------------------------------


def claim_list():
    """Claims with their evidence counts and verdict label, in reading order.

    Counts are correlated subqueries and assignees one prefetch, so a page of claims
    costs the same few queries however many citations and ratings they have.
    """
    return (
        Claim.objects.select_related("verdict__label")
        .annotate(**_claim_counts())
        .prefetch_related("assignees")
        .order_by("article_id", "start")
    )


def claim_detail():
    """Claims with everything the API shows of one: citations with their sources,
    ratings with labels and reviewers, the verdict, open gaps and assignees."""
    return Claim.objects.select_related(
        "verdict__label", "verdict__approved_by"
    ).prefetch_related(
        Prefetch(
            "citations",
            queryset=Citation.objects.select_related("source", "added_by").order_by(
                "created_at", "id"
            ),
        ),
        Prefetch(
            "ratings",
            queryset=Rating.objects.select_related("label", "reviewer").order_by(
                "created_at", "id"
            ),
        ),
        Prefetch(
            "gaps",
            queryset=SourcingGap.objects.filter(resolved_at__isnull=True)
            .select_related("source")
            .order_by("-opened_at"),
            to_attr="open_gaps",
        ),
        "assignees",
    )


def sources_matching(query: str = ""):
    """Sources whose URL, title, publisher or domain contains the query (or all)."""
    sources = Source.objects.order_by("title", "id")
    query = " ".join((query or "").split())
    if query:
        sources = sources.filter(
            Q(title__icontains=query)
            | Q(publisher__icontains=query)
            | Q(url__icontains=query)
            | Q(normalized_url__icontains=query)
            | Q(domain__icontains=query)
        )
    return sources


def gap_list():
    """Sourcing gaps, newest first, with the article each one's claim belongs to."""
    return (
        SourcingGap.objects.select_related("source")
        .annotate(article_id=F("claim__article_id"))
        .order_by("-opened_at", "-id")
    )


def desk_people():
    """Users who can be given claims: reviewers, editors and admins, by name."""
    from django.contrib.auth import get_user_model

    from annotations import roles

    return (
        get_user_model()
        .objects.filter(
            Q(is_superuser=True) | Q(groups__name__in=[roles.REVIEWERS, roles.EDITORS]),
            is_active=True,
        )
        .distinct()
        .order_by("first_name", "last_name", "username")
    )
