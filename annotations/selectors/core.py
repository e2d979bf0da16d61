"""Reads shared by pages, the API and exports, each in a bounded number of queries."""

from __future__ import annotations

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

from annotations import policies
from annotations.desksettings import (
    checkworthy_expression,
    scale_filter,
    settings_of,
)
from annotations.models import (
    Article,
    Capture,
    Citation,
    Claim,
    ClaimStatus,
    Comment,
    CommentKind,
    Rating,
    RatingLabel,
    RatingScale,
    Source,
    SourcingGap,
)
from annotations.segments import Segment
from annotations.workflow import ArticleState

CLAIM = Claim.Kind.CLAIM


def count_subquery(queryset: QuerySet, group_by: str) -> Subquery:
    """A correlated COUNT(*) subquery: one number per outer row, no join fan-out."""
    counted = (
        queryset.order_by()
        .values(group_by)
        .annotate(n=Count("pk", distinct=True))
        .values("n")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def checkworthy_threshold(desk=None) -> float:
    """From this check-worthiness on, a live claim of `desk` (a desk, an article or a
    claim; None: the instance's default) must be approved before its article counts
    as verified (the same threshold as the no_source rule): the desk's setting."""
    return settings_of(desk).gaps.checkworthy


def article_list():
    """Articles with their segment counts and review progress, newest first (one query).

    Every count is its own correlated subquery rather than a JOIN + GROUP BY: mixing
    the two makes the database re-run the subqueries for every joined claim row.
    """
    claims = Claim.objects.filter(article=OuterRef("pk"))
    live = claims.filter(kind=CLAIM, dismissed_at__isnull=True)
    # Each article by its own desk's threshold, read from the desk row joined here.
    checkworthy = live.filter(checkworthiness__gte=OuterRef("checkworthy_threshold"))
    articles = (
        Article.objects.select_related("workspace")
        .defer("body")
        .annotate(checkworthy_threshold=checkworthy_expression("workspace"))
    )
    return articles.annotate(
        claim_count=count_subquery(live, "article"),
        checkworthy_count=count_subquery(checkworthy, "article"),
        checkworthy_approved_count=count_subquery(
            checkworthy.filter(status=ClaimStatus.APPROVED), "article"
        ),
        segment_count=count_subquery(claims, "article"),
        approved_count=count_subquery(
            live.filter(status=ClaimStatus.APPROVED), "article"
        ),
        submitted_count=count_subquery(
            live.filter(status=ClaimStatus.SUBMITTED), "article"
        ),
        dismissed_count=count_subquery(
            claims.filter(kind=CLAIM, dismissed_at__isnull=False), "article"
        ),
        rated_count=count_subquery(
            live.filter(pk__in=Rating.objects.values("claim_id")), "article"
        ),
        open_gap_count=count_subquery(
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
        articles = articles.filter(policies.public_articles_filter())
    elif state == "unpublished":
        articles = articles.exclude(policies.public_articles_filter())
    elif state == "gaps":
        articles = articles.filter(open_gap_count__gt=0)
    elif state == "unrated":
        articles = articles.exclude(policies.public_articles_filter()).filter(
            claim_count__gt=0,
            rated_count__lt=F("claim_count"),
        )
    return articles


def articles_visible_to(viewer, workspace=None):
    """`article_list()` narrowed to what the viewer may read (policies decide), and
    to one desk's (`workspace`, a desk or its id) when given."""
    articles = article_list().filter(policies.visible_articles_filter(viewer))
    if workspace is not None:
        articles = articles.filter(workspace=workspace)
    return articles


def is_verified(article) -> bool:
    """The one statement of "verified": every live check-worthy claim is approved,
    and there is at least one. `article` carries `article_list()`'s counts."""
    total = article.checkworthy_count or 0
    return bool(total) and (article.checkworthy_approved_count or 0) == total


def article_state(article) -> ArticleState:
    """Draft → in review → verified → published, derived from the claim counts.

    Verified: every live check-worthy claim is approved (and there is at least one).
    """
    if policies.is_public(article):
        return ArticleState.PUBLISHED
    if is_verified(article):
        return ArticleState.VERIFIED
    if article.rated_count or article.submitted_count or article.approved_count:
        return ArticleState.IN_REVIEW
    return ArticleState.DRAFT


def article_progress(article) -> dict:
    """The article page's progress line: check-worthy claims approved of all."""
    total = article.checkworthy_count or 0
    approved = article.checkworthy_approved_count or 0
    return {
        "state": article_state(article),
        "approved": approved,
        "total": total,
        "percent": round(100 * approved / total) if total else 0,
        "submitted": article.submitted_count or 0,
    }


def progress_bar(article) -> dict:
    """The dashboard's bar, in percent of the article's live claims: the approved
    share, then the rated but not yet approved share (`total` is the claim count)."""
    total = article.claim_count or 0
    if not total:
        return {"approved": 0, "rated": 0, "total": 0}
    approved = min(article.approved_count, total)
    rated = max(min(article.rated_count, total) - approved, 0)
    return {
        "approved": round(100 * approved / total, 1),
        "rated": round(100 * rated / total, 1),
        "total": total,
    }


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


def my_claims(user, *, limit: int = 50, workspace=None) -> dict:
    """The dashboard's work queues for one user, each in one query, and the counts of
    their claims with the editors and approved; in `workspace` (a desk or its id)
    only, when given."""
    in_desk = Q() if workspace is None else Q(article__workspace=workspace)
    base = (
        Claim.objects.filter(in_desk, kind=CLAIM, dismissed_at__isnull=True)
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
            open_gap_count=count_subquery(
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
    # Assigned work the user has not started: nothing rated or cited by them yet
    # (a colleague may have started it); once they start, it is "in progress".
    untouched = (
        assigned
        & ~Q(pk__in=Rating.objects.filter(reviewer_id=user.pk).values("claim_id"))
        & ~Q(pk__in=Citation.objects.filter(added_by_id=user.pk).values("claim_id"))
    )
    mine = _mine(user)
    latest_return = Comment.objects.filter(
        claim=OuterRef("pk"), kind=CommentKind.RETURN
    ).order_by("-created_at", "-id")
    returned = base.filter(mine, status=ClaimStatus.RETURNED).annotate(
        return_comment=Subquery(latest_return.values("body")[:1]),
        returned_at=Subquery(latest_return.values("created_at")[:1]),
    )
    counts = Claim.objects.filter(
        in_desk, mine, kind=CLAIM, dismissed_at__isnull=True
    ).aggregate(
        submitted=Count("pk", filter=Q(status=ClaimStatus.SUBMITTED)),
        approved=Count("pk", filter=Q(status=ClaimStatus.APPROVED)),
        returned=Count("pk", filter=Q(status=ClaimStatus.RETURNED)),
    )
    return {
        "assigned": list(
            base.filter(
                untouched, status__in=[ClaimStatus.OPEN, ClaimStatus.IN_PROGRESS]
            )[:limit]
        ),
        "in_progress": list(
            base.filter(mine, status=ClaimStatus.IN_PROGRESS).exclude(untouched)[:limit]
        ),
        "returned": list(returned[:limit]),
        "submitted": list(base.filter(mine, status=ClaimStatus.SUBMITTED)[:limit]),
        "counts": counts,
    }


def _claim_counts() -> dict:
    """Counts of citations, ratings and open gaps per claim (correlated subqueries)."""
    return {
        "citation_count": count_subquery(
            Citation.objects.filter(claim=OuterRef("pk")), "claim"
        ),
        "rating_count": count_subquery(
            Rating.objects.filter(claim=OuterRef("pk")), "claim"
        ),
        "open_gap_count": count_subquery(
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
                version=claim.version,
            )
        )
    return segments


def claim_for_panel(claim_id: int, *, viewer) -> Claim:
    """One claim with everything its panel shows to `viewer`, in a fixed number of
    queries (the ratings are those the viewer may read: `claim_detail`; who has
    handed in is `handed_in`; the sources' captures `citations_captures`)."""
    return (
        claim_detail(viewer=viewer)
        .prefetch_related(handed_in(), citations_captures())
        .get(pk=claim_id)
    )


def citations_captures() -> Prefetch:
    """Every capture of the claims' cited sources, newest first, as
    `source.panel_captures` (without their text, which can be megabytes): the
    panel says each citation's capture, quoted or not."""
    return Prefetch(
        "citations__source__captures",
        queryset=Capture.objects.defer("text").order_by("-requested_at", "-id"),
        to_attr="panel_captures",
    )


def handed_in() -> Prefetch:
    """Every submitted rating of the claims, as `claim.handed_in`: who handed in,
    never what they chose (only the reviewer and the time are loaded). Blind
    review hides the others' ratings, not how far the hand-in has come, so the
    count of submitted ratings and who is still awaited are the same for all."""
    return Prefetch(
        "ratings",
        queryset=Rating.objects.filter(submitted_at__isnull=False).only(
            "pk", "claim_id", "reviewer_id", "submitted_at"
        ),
        to_attr="handed_in",
    )


def next_segment(claim: Claim) -> Claim | None:
    return (
        Claim.objects.filter(article_id=claim.article_id, start__gte=claim.end)
        .only("pk", "text", "kind", "start")
        .order_by("start")
        .first()
    )


def rating_labels(desk=None) -> list[RatingLabel]:
    """The labels of the rating scale of `desk` (a desk, an article or a claim; None:
    the instance's default scale), in their order, each with its scale (one
    query)."""
    scale = RatingScale.objects.filter(scale_filter(desk, prefix="")).values("pk")[:1]
    return list(
        RatingLabel.objects.filter(scale__in=Subquery(scale))
        .select_related("scale")
        .order_by("position")
    )


def desks_rating_labels(desks) -> list[RatingLabel]:
    """The labels of the rating scales that `desks` use: scale by scale (by name),
    each scale's in its order, each label with its scale and `desks_using`, the
    slugs of those of `desks` (in their order) that rate on its scale. A desk whose
    scale is gone contributes nothing, as it offers no label. One query (none
    without desks), whatever the number of desks."""
    by_slug: dict[str, set[str]] = {}
    on_default: set[str] = set()
    for desk in desks:
        slug = settings_of(desk).scale
        (by_slug.setdefault(slug, set()) if slug else on_default).add(desk.slug)
    if not by_slug and not on_default:
        return []
    condition = Q(scale__slug__in=sorted(by_slug))
    if on_default:
        condition |= Q(scale__is_default=True)
    labels = list(
        RatingLabel.objects.filter(condition)
        .select_related("scale")
        .order_by("scale__name", "scale__slug", "position", "id")
    )
    order = [desk.slug for desk in desks]
    for label in labels:
        using = by_slug.get(label.scale.slug, set())
        if label.scale.is_default:
            using = using | on_default
        label.desks_using = [slug for slug in order if slug in using]
    return labels


def source_search(query: str, *, viewer, limit: int = 10) -> list[Source]:
    """Sources of the viewer's desks (`policies.visible_sources_filter`) whose URL,
    title or publisher contains the query."""
    query = " ".join((query or "").split())
    if not query:
        return []
    return list(
        Source.objects.filter(policies.visible_sources_filter(viewer))
        .filter(
            Q(title__icontains=query)
            | Q(publisher__icontains=query)
            | Q(url__icontains=query)
            | Q(normalized_url__icontains=query)
            | Q(domain__icontains=query)
        )
        .order_by("title", "id")[:limit]
    )


# --- Reads for the REST API (api/) ----------------------------------------------


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


def visible_ratings(viewer):
    """The ratings `viewer` may read (`policies.visible_ratings_filter`), with their
    labels and reviewers."""
    return Rating.objects.filter(
        policies.visible_ratings_filter(viewer)
    ).select_related("label", "reviewer")


def hidden_rating_count(claim) -> int:
    """How many of a claim's ratings the viewer may not read, for a claim loaded by
    `claim_detail` or `review_queue` (all its ratings counted, the readable ones
    prefetched)."""
    return claim.rating_count - len(claim.ratings.all())


def claim_detail(*, viewer):
    """Claims with everything the API shows of one to `viewer`: citations with their
    sources, the ratings the viewer may read (with labels and reviewers; the count
    of all of them is `rating_count`), the verdict, open gaps and assignees."""
    return (
        Claim.objects.select_related(
            "verdict__label",
            "verdict__approved_by",
            "submitted_by",
            "article__workspace",
        )
        .defer("article__body")
        .annotate(
            rating_count=count_subquery(
                Rating.objects.filter(claim=OuterRef("pk")), "claim"
            )
        )
        .prefetch_related(
            Prefetch(
                "citations",
                # With each quote's check and the capture it was checked against
                # (not the capture's text, which can be megabytes).
                queryset=Citation.objects.select_related(
                    "source", "added_by", "quote_check__capture"
                )
                .defer("quote_check__capture__text")
                .order_by("created_at", "id"),
            ),
            Prefetch(
                "ratings",
                queryset=visible_ratings(viewer).order_by("created_at", "id"),
            ),
            Prefetch(
                "gaps",
                queryset=SourcingGap.objects.filter(resolved_at__isnull=True)
                .select_related("source")
                .order_by("-opened_at"),
                to_attr="open_gaps",
            ),
            Prefetch(
                "comments",
                queryset=Comment.objects.select_related("author").order_by(
                    "created_at", "id"
                ),
            ),
            "assignees",
        )
    )


def sources_matching(query: str = "", *, viewer):
    """Sources of the viewer's desks (`policies.visible_sources_filter`) whose URL,
    title, publisher or domain contains the query (or all of them)."""
    sources = Source.objects.filter(policies.visible_sources_filter(viewer)).order_by(
        "title", "id"
    )
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


def desk_people(workspace=None):
    """Users who can be given claims in `workspace` (a desk or its id; None: any
    desk): its reviewers, editors and admins, by name."""
    from django.contrib.auth import get_user_model

    return (
        get_user_model()
        .objects.filter(policies.assignable_users_filter(workspace))
        .distinct()
        .order_by("first_name", "last_name", "username")
    )
