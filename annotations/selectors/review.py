"""Reads for editors: the review queue and reviewer agreement (docs/WORKFLOW.md)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import (
    Count,
    FloatField,
    IntegerField,
    Max,
    Min,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
    Value,
)
from django.db.models.functions import Cast, Coalesce, NullIf

from annotations import agreement, policies, roles
from annotations.desksettings import blocking_gap_filter
from annotations.models import (
    Article,
    Citation,
    Claim,
    ClaimStatus,
    Comment,
    Rating,
    RatingLabel,
    SourcingGap,
    Workspace,
)
from annotations.selectors.core import (
    CLAIM,
    count_subquery,
    visible_ratings,
)

QUEUE_SORTS = {
    "age": ("Oldest submission first", ("submitted_at", "pk")),
    "checkworthiness": (
        "Most check-worthy first",
        ("-checkworthiness", "submitted_at", "pk"),
    ),
    # The spread as a share of the claim's scale: 2 steps apart is the whole of a
    # three-label scale but a third of a seven-label one, and one queue may hold
    # the claims of desks with different scales.
    "disagreement": (
        "Most disagreement first",
        ("-label_count", "-relative_spread", "-ordinal_spread", "submitted_at", "pk"),
    ),
}


def _rating_aggregate(function, field: str, viewer):
    """One aggregate per claim over the ratings `viewer` may read (what labels the
    reviewers chose is rating data like any other)."""
    rows = (
        Rating.objects.filter(policies.visible_ratings_filter(viewer))
        .filter(claim=OuterRef("pk"))
        .order_by()
        .values("claim")
        .annotate(value=function(field))
        .values("value")
    )
    return Subquery(rows, output_field=IntegerField())


def _queue_desks(viewer, workspace) -> list:
    """The desks whose own blocking kinds the queue honours: the one asked for, else
    the viewer's desks (every desk for an instance admin: one query)."""
    if isinstance(workspace, Workspace):
        return [workspace]
    if workspace is not None:
        return list(Workspace.objects.filter(pk=workspace))
    if policies.working_desk_ids(viewer) is None:
        return list(Workspace.objects.all())
    return roles.member_workspaces(viewer)


def review_queue(
    viewer,
    *,
    sort: str = "age",
    article_id: int | None = None,
    reviewer_id: int | None = None,
    workspace=None,
):
    """Submitted claims across articles, with what an editor needs to decide: those
    of `workspace` (a desk or its id; None: every desk the viewer reads).

    Each row carries its open and blocking gap counts, how many reviewers rated it,
    how many distinct labels they chose and the spread of their ordinal labels (for
    sorting by disagreement), and prefetched ratings (those `viewer` may read: all,
    for the editors the queue is for), citations, open gaps, assignees and comments.
    A page of it costs a fixed number of queries.
    """
    open_gaps = SourcingGap.objects.filter(
        claim=OuterRef("pk"), resolved_at__isnull=True
    )
    blocking = blocking_gap_filter(
        _queue_desks(viewer, workspace),
        kind="kind",
        desk="claim__article__workspace_id",
    )
    claims = (
        Claim.objects.filter(
            kind=CLAIM, dismissed_at__isnull=True, status=ClaimStatus.SUBMITTED
        )
        .filter(policies.visible_claims_filter(viewer))
        .select_related(
            "article__workspace",
            "submitted_by",
            "verdict__label",
            "verdict__approved_by",
        )
        .defer("article__body")
        .annotate(
            open_gap_count=count_subquery(open_gaps, "claim"),
            blocking_gap_count=count_subquery(open_gaps.filter(blocking), "claim"),
            rater_count=count_subquery(
                Rating.objects.filter(claim=OuterRef("pk")), "claim"
            ),
            rating_count=count_subquery(
                Rating.objects.filter(claim=OuterRef("pk")), "claim"
            ),
            label_count=Coalesce(
                _rating_aggregate(lambda f: Count(f, distinct=True), "label", viewer),
                Value(0),
            ),
            ordinal_spread=Coalesce(
                _rating_aggregate(Max, "label__ordinal", viewer)
                - _rating_aggregate(Min, "label__ordinal", viewer),
                Value(0),
            ),
            # The width of the rated labels' scale, from its lowest ordinal to its
            # highest (None when it has fewer than two ordinal labels).
            scale_width=NullIf(
                _rating_aggregate(Max, "label__scale__labels__ordinal", viewer)
                - _rating_aggregate(Min, "label__scale__labels__ordinal", viewer),
                Value(0),
            ),
        )
        .annotate(
            relative_spread=Coalesce(
                Cast("ordinal_spread", FloatField())
                / Cast("scale_width", FloatField()),
                Value(0.0),
                output_field=FloatField(),
            ),
        )
        .prefetch_related(
            Prefetch(
                "ratings",
                queryset=visible_ratings(viewer).order_by("created_at", "id"),
            ),
            Prefetch(
                "citations",
                queryset=Citation.objects.select_related("source", "added_by").order_by(
                    "created_at", "id"
                ),
            ),
            Prefetch(
                "gaps",
                queryset=SourcingGap.objects.filter(resolved_at__isnull=True)
                .select_related("source")
                .order_by("-opened_at", "id"),
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
    if workspace is not None:
        claims = claims.filter(article__workspace=workspace)
    if article_id:
        claims = claims.filter(article_id=article_id)
    if reviewer_id:
        claims = claims.filter(
            pk__in=Rating.objects.filter(reviewer_id=reviewer_id).values("claim_id")
        )
    sort = sort if sort in QUEUE_SORTS else "age"
    return claims.order_by(*QUEUE_SORTS[sort][1])


def with_agreement(claims) -> list[Claim]:
    """Attach `agreement` (per-claim reviewer agreement) to claims whose ratings are
    prefetched with their labels."""
    claims = list(claims)
    for claim in claims:
        claim.agreement = agreement.claim_agreement(
            [(r.label.name, r.label.ordinal) for r in claim.ratings.all()]
        )
    return claims


def queue_filters(viewer, workspace=None) -> dict:
    """The articles and reviewers the queue of `workspace` (as `review_queue`) can
    be filtered by (two queries)."""
    submitted = Claim.objects.filter(
        status=ClaimStatus.SUBMITTED, dismissed_at__isnull=True, kind=CLAIM
    ).filter(policies.visible_claims_filter(viewer))
    if workspace is not None:
        submitted = submitted.filter(article__workspace=workspace)
    articles = Article.objects.filter(pk__in=submitted.values("article_id")).only(
        "pk", "title"
    )
    from django.contrib.auth import get_user_model

    reviewers = (
        get_user_model()
        .objects.filter(
            pk__in=Rating.objects.filter(claim__in=submitted).values("reviewer_id")
        )
        .order_by("first_name", "last_name", "username")
    )
    return {"articles": list(articles), "reviewers": list(reviewers)}


# --- agreement over many claims -------------------------------------------------------


@dataclass(frozen=True)
class ArticleAgreement:
    article_id: int
    title: str
    alpha: agreement.Alpha
    claims_rated: int
    claims_disagreeing: int


@dataclass(frozen=True)
class ScaleAgreement:
    """Agreement over the ratings given on one rating scale."""

    slug: str
    name: str
    alpha: agreement.Alpha


def _scales(scale_ids) -> dict[int, dict]:
    """Each rating scale's slug, name and every ordinal it has (one query; none
    without scales: an empty `__in` asks nothing of the database)."""
    scales: dict[int, dict] = {}
    rows = RatingLabel.objects.filter(scale_id__in=sorted(scale_ids)).values_list(
        "scale_id", "scale__slug", "scale__name", "ordinal"
    )
    for scale_id, slug, name, ordinal in rows:
        scale = scales.setdefault(
            scale_id, {"slug": slug, "name": name, "ordinals": []}
        )
        if ordinal is not None:
            scale["ordinals"].append(ordinal)
    return scales


def desk_agreement(
    *,
    viewer,
    since: dt.datetime | None = None,
    article_id=None,
    workspace=None,
    desks=None,
) -> dict:
    """Krippendorff's alpha (ordinal) across the desk and per article, over the
    ratings `viewer` may read made since `since` (all when None), in `workspace`'s
    articles (a desk or its id; None: every desk whose ratings the viewer reads),
    and in those of `desks` when given (desks or ids; an empty list counts nothing,
    with no query). Three queries.

    Each rating is measured on the scale of its label, its desk's scale when it
    was given: the desks' scales are never pooled (`agreement.alpha_by_scale`).
    "desk" is the figure over all (none over several scales), "scales" each
    scale's, by name.

    Blind review hides the others' ratings of a claim from a reviewer; agreement
    over them would tell whether the others chose the reviewer's label."""
    ratings = Rating.objects.filter(policies.visible_ratings_filter(viewer)).order_by()
    if since is not None:
        ratings = ratings.filter(created_at__gte=since)
    if article_id is not None:
        ratings = ratings.filter(claim__article_id=article_id)
    if workspace is not None:
        ratings = ratings.filter(
            claim__article__workspace_id=getattr(workspace, "pk", workspace)
        )
    if desks is not None:
        ratings = ratings.filter(
            claim__article__workspace_id__in=[
                getattr(desk, "pk", desk) for desk in desks
            ]
        )
    rows = list(
        ratings.values_list(
            "claim_id",
            "claim__article_id",
            "reviewer_id",
            "label__ordinal",
            "label_id",
            "label__scale_id",
        )
    )
    scales = _scales({row[5] for row in rows})
    ordinals = {pk: scale["ordinals"] for pk, scale in scales.items()}
    by_article: dict[int, list] = defaultdict(list)
    labels_by_claim: dict[int, set] = defaultdict(set)
    for claim_id, article, reviewer, ordinal, label, scale in rows:
        by_article[article].append((scale, claim_id, reviewer, ordinal))
        labels_by_claim[claim_id].add(label)

    def on_scales(some_rows) -> tuple:
        return agreement.alpha_by_scale(
            [row for row in some_rows if row[3] is not None], scales=ordinals
        )

    titles = dict(
        Article.objects.filter(pk__in=list(by_article)).values_list("pk", "title")
    )
    articles = []
    for article, article_rows in by_article.items():
        claim_ids = {row[1] for row in article_rows}
        articles.append(
            ArticleAgreement(
                article_id=article,
                title=titles.get(article, f"Article #{article}"),
                alpha=on_scales(article_rows)[0],
                claims_rated=len(claim_ids),
                claims_disagreeing=sum(
                    1 for claim_id in claim_ids if len(labels_by_claim[claim_id]) > 1
                ),
            )
        )
    articles.sort(key=lambda a: (a.alpha.value is None, a.alpha.value or 0, a.title))
    whole, each = on_scales(
        [row for article_rows in by_article.values() for row in article_rows]
    )
    return {
        "desk": whole,
        "scales": sorted(
            (
                ScaleAgreement(scales[pk]["slug"], scales[pk]["name"], alpha)
                for pk, alpha in each.items()
            ),
            key=lambda scale: (scale.name, scale.slug),
        ),
        "articles": articles,
        "ratings": len(rows),
        "reviewers": len({row[2] for row in rows}),
    }


def article_agreement(article_id: int, *, viewer) -> agreement.Alpha:
    """Krippendorff's alpha (ordinal) over the article's ratings `viewer` may read,
    each on its label's scale as in `desk_agreement` (two queries)."""
    rows = list(
        Rating.objects.filter(policies.visible_ratings_filter(viewer))
        .filter(claim__article_id=article_id, label__ordinal__isnull=False)
        .values_list("label__scale_id", "claim_id", "reviewer_id", "label__ordinal")
    )
    scales = _scales({row[0] for row in rows})
    return agreement.alpha_by_scale(
        rows, scales={pk: scale["ordinals"] for pk, scale in scales.items()}
    )[0]


def _in_my_desks(user) -> Q:
    """A person's notifications about the claims of the desks they are in (all of
    them, not only the request's: the bell is theirs across desks), and those about
    no claim. Someone who left a desk no longer reads what it sent them."""
    readable = policies.visible_articles_filter(user, "claim__article__")
    # An empty filter (an instance admin's) reads everything; `|` with it would not.
    return readable if not readable else Q(claim__isnull=True) | readable


def unread_notification_count(user) -> int:
    """The header's badge (one query)."""
    from annotations.models import Notification

    if not user.is_authenticated:
        return 0
    return Notification.objects.filter(
        _in_my_desks(user), recipient=user, read_at__isnull=True
    ).count()


def notifications_for(user):
    from annotations.models import Notification

    return (
        Notification.objects.filter(_in_my_desks(user), recipient=user)
        .select_related("actor", "claim")
        .defer("claim__text", "claim__signals")
        .order_by("-created_at", "-id")
    )
