"""The claim table: every segment of an article in rows a desk sorts, filters and
changes in bulk, beside the article view.

Sorting and filtering are the query string (links and a GET form), so they work
without JavaScript; with it, htmx swaps only the table region. Bulk actions post to
`claim_table_bulk`, which goes through `services.claims_bulk` and redirects back to
the same sort and filters.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from annotations import policies, selectors, services
from annotations.errors import DomainError
from annotations.models import Claim, ClaimStatus
from annotations.selectors.table import TABLE_SORTS, TableQuery, claim_table
from desk.forms_segments import BulkForm
from desk.presenters.claims import TableRow
from desk.views.access import reviewer_required

FILTER_KEYS = ("status", "kind", "assignee", "gaps", "checkworthy", "q")


def _params(query: TableQuery, **change) -> dict:
    """The query string of `query` (with `change`), without empty values."""
    values = {
        "status": query.status,
        "kind": query.kind,
        "assignee": query.assignee,
        "gaps": "1" if query.gaps else "",
        "checkworthy": "1" if query.checkworthy else "",
        "q": query.q,
        "sort": ("-" if query.descending else "") + query.sort,
    }
    values.update(change)
    if values["sort"] == "position":
        values["sort"] = ""
    return {key: value for key, value in values.items() if value}


def _columns(query: TableQuery) -> list[dict]:
    """Each sortable column: its label, the link that sorts by it (ascending first,
    then descending), and its aria-sort state."""
    columns = []
    for key, (label, _field) in TABLE_SORTS.items():
        active = query.sort == key
        next_sort = f"-{key}" if active and not query.descending else key
        columns.append(
            {
                "key": key,
                "label": label,
                "url": "?" + urlencode(_params(query, sort=next_sort)),
                "aria_sort": (
                    ("descending" if query.descending else "ascending")
                    if active
                    else "none"
                ),
                "arrow": ("▼" if query.descending else "▲") if active else "",
            }
        )
    return columns


def _table_context(request, article, *, bulk_form=None, error: str = "") -> dict:
    query = TableQuery.from_params(request.GET)
    rows = [TableRow.of(claim) for claim in claim_table(article, query)]
    people = list(selectors.desk_people(article.workspace_id))
    can_assign = policies.can_manage_desk(request.user, article.workspace_id)
    if bulk_form is None:
        bulk_form = BulkForm(people=people, auto_id="bulk-%s")
    if not can_assign:
        action = bulk_form.fields["action"]
        action.choices = [pair for pair in action.choices if pair[0] != "assign"]
    columns = {column["key"]: column for column in _columns(query)}
    return {
        "article": article,
        "rows": rows,
        "query": query,
        "columns": columns,
        "query_string": urlencode(_params(query)),
        "sort_label": TABLE_SORTS[query.sort][0],
        "statuses": [*ClaimStatus.choices, ("dismissed", "Dismissed")],
        "kinds": Claim.Kind.choices,
        "people": people,
        "can_assign": can_assign,
        "bulk_form": bulk_form,
        "bulk_error": error,
        "threshold": selectors.checkworthy_threshold(article),
        "article_url": reverse("article-detail", args=[article.pk]),
    }


@reviewer_required
@require_GET
def claim_table_page(request, pk: int):
    article = get_object_or_404(selectors.articles_visible_to(request.user), pk=pk)
    return render(
        request, "annotations/claim_table.html", _table_context(request, article)
    )


@reviewer_required
@require_POST
def claim_table_bulk(request, pk: int):
    """Apply one action to the ticked segments; back to the same sort and filters."""
    article = get_object_or_404(selectors.articles_visible_to(request.user), pk=pk)
    back = reverse("claim-table", args=[article.pk])
    query = TableQuery.from_params(request.GET)
    if query_string := urlencode(_params(query)):
        back += "?" + query_string
    form = BulkForm(
        request.POST,
        people=list(selectors.desk_people(article.workspace_id)),
        auto_id="bulk-%s",
    )
    status, error = 400, ""
    if form.is_valid():
        data = form.cleaned_data
        try:
            outcome = services.claims_bulk(
                article=article, items=data["claims"], action=data["action"],
                user=request.user, assignees=data["assignees"] or [],
                reason=data["reason"], kind=data["kind"],
            )  # fmt: skip
        except DomainError as exc:
            status, error = exc.status, exc.message
        else:
            messages.success(request, _outcome_message(outcome))
            return HttpResponseRedirect(back)
    else:
        error = " ".join(
            (f"{form.fields[name].label}: " if name != "__all__" else "") + message
            for name, errors in form.errors.items()
            for message in errors
        )
    context = _table_context(request, article, bulk_form=form, error=error)
    return render(request, "annotations/claim_table.html", context, status=status)


# One sentence per action, with its count, so each language can make them agree.
_DONE = {
    "assign": lambda count: ngettext(
        "Assigned %(count)s segment.", "Assigned %(count)s segments.", count
    ),
    "dismiss": lambda count: ngettext(
        "Dismissed %(count)s segment.", "Dismissed %(count)s segments.", count
    ),
    "kind": lambda count: ngettext(
        "Changed the kind of %(count)s segment.",
        "Changed the kind of %(count)s segments.",
        count,
    ),
}


def _outcome_message(outcome) -> str:
    done = len(outcome.done)
    said = _DONE[outcome.action](done) % {"count": done}
    if outcome.skipped:
        reasons = "; ".join(f"#{pk}: {why}" for pk, why in outcome.skipped[:5])
        skipped = len(outcome.skipped)
        more = skipped - 5
        if more > 0:
            said += " " + ngettext(
                "Skipped %(count)s (%(reasons)s; and %(more)s more).",
                "Skipped %(count)s (%(reasons)s; and %(more)s more).",
                skipped,
            ) % {"count": skipped, "reasons": reasons, "more": more}
        else:
            said += " " + ngettext(
                "Skipped %(count)s (%(reasons)s).",
                "Skipped %(count)s (%(reasons)s).",
                skipped,
            ) % {"count": skipped, "reasons": reasons}
    return said
