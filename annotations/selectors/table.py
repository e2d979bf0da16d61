"""The claim table: every segment of an article with what a desk sorts and filters
by, in a fixed number of queries (the rows, their assignees)."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db.models import Case, IntegerField, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce, Lower

from annotations.models import Citation, Claim, ClaimStatus, SourcingGap
from annotations.selectors.core import checkworthy_threshold, count_subquery

# Statuses in the order work moves through them, for sorting.
STATUS_ORDER = [
    ClaimStatus.OPEN,
    ClaimStatus.IN_PROGRESS,
    ClaimStatus.RETURNED,
    ClaimStatus.SUBMITTED,
    ClaimStatus.APPROVED,
]

# Sort key → (label, the ordering expression's alias or field).
TABLE_SORTS = {
    "position": ("Position", "start"),
    "checkworthiness": ("Check-worthiness", "checkworthiness"),
    "status": ("Status", "status_rank"),
    "kind": ("Kind", "kind"),
    "attribution": ("Attribution", "attribution_sort"),
    "assignee": ("Assignee", "assignee_sort"),
    "sources": ("Sources", "citation_count"),
    "gaps": ("Open gaps", "open_gap_count"),
    "verdict": ("Verdict", "verdict_rank"),
}


@dataclass(frozen=True)
class TableQuery:
    """What the reader asked for: a sort key (descending when `descending`) and
    filters; every field has a harmless default, so bad input just falls back."""

    sort: str = "position"
    descending: bool = False
    status: str = ""  # a ClaimStatus value or "dismissed"
    kind: str = ""
    assignee: str = ""  # a user id, or "none"
    gaps: bool = False
    checkworthy: bool = False
    q: str = ""

    @classmethod
    def from_params(cls, params) -> TableQuery:
        sort = params.get("sort", "") or "position"
        descending = sort.startswith("-")
        sort = sort.lstrip("-")
        if sort not in TABLE_SORTS:
            sort, descending = "position", False
        status = params.get("status", "")
        if status not in {*ClaimStatus.values, "dismissed"}:
            status = ""
        kind = params.get("kind", "")
        if kind not in Claim.Kind.values:
            kind = ""
        assignee = params.get("assignee", "")
        if assignee != "none" and not assignee.isdigit():
            assignee = ""
        return cls(
            sort=sort,
            descending=descending,
            status=status,
            kind=kind,
            assignee=assignee,
            gaps=params.get("gaps") == "1",
            checkworthy=params.get("checkworthy") == "1",
            q=" ".join(params.get("q", "")[:200].split()),
        )

    def filtered(self) -> bool:
        return bool(
            self.status
            or self.kind
            or self.assignee
            or self.gaps
            or self.checkworthy
            or self.q
        )


def claim_table(article, query: TableQuery):
    """The article's segments as table rows: counts and sort keys are annotations
    (correlated subqueries, no join fan-out), assignees one prefetch."""
    user_model = get_user_model()
    first_assignee = (
        user_model.objects.filter(assigned_claims=OuterRef("pk"))
        .order_by(Lower("username"))
        .values("username")[:1]
    )
    rows = (
        Claim.objects.filter(article=article)
        .select_related("verdict__label")
        .defer("signals")
        .annotate(
            citation_count=count_subquery(
                Citation.objects.filter(claim=OuterRef("pk")), "claim"
            ),
            open_gap_count=count_subquery(
                SourcingGap.objects.filter(
                    claim=OuterRef("pk"), resolved_at__isnull=True
                ),
                "claim",
            ),
            status_rank=Case(
                *(When(status=s, then=Value(i)) for i, s in enumerate(STATUS_ORDER)),
                default=Value(len(STATUS_ORDER)),
                output_field=IntegerField(),
            ),
            # No verdict sorts before every verdict's ordinal.
            verdict_rank=Coalesce("verdict__label__ordinal", Value(-1000)),
            attribution_sort=Lower("attribution"),
            assignee_sort=Coalesce(Subquery(first_assignee), Value("")),
        )
        .prefetch_related("assignees")
    )
    if query.status == "dismissed":
        rows = rows.filter(dismissed_at__isnull=False)
    elif query.status:
        rows = rows.filter(status=query.status, dismissed_at__isnull=True)
    if query.kind:
        rows = rows.filter(kind=query.kind)
    if query.assignee == "none":
        rows = rows.filter(assignees__isnull=True)
    elif query.assignee:
        rows = rows.filter(
            pk__in=Claim.assignees.through.objects.filter(
                user_id=int(query.assignee)
            ).values("claim_id")
        )
    if query.gaps:
        rows = rows.filter(open_gap_count__gt=0)
    if query.checkworthy:
        rows = rows.filter(checkworthiness__gte=checkworthy_threshold(article))
    if query.q:
        rows = rows.filter(
            Q(text__icontains=query.q) | Q(attribution__icontains=query.q)
        )
    field = TABLE_SORTS[query.sort][1]
    order = f"-{field}" if query.descending else field
    return rows.order_by(order, "start")
