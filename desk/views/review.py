"""Editors' pages: the review queue, the desk's agreement stats, notifications.

The queue's approve and return forms post to the same claim views as the claim
panel (one write path); with `origin=queue` they answer with the queue item they
changed (htmx) instead of the article workspace.
"""

from __future__ import annotations

import datetime as dt
import math
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_GET, require_POST

from annotations import policies, selectors, services, siteurl
from annotations.models import Claim, Notification
from desk import forms
from desk.views.access import requires
from desk.views.params import int_or_none

QUEUE_PAGE = 20
NOTIFICATION_PAGE = 50
PERIODS = [
    ("7", gettext_lazy("Last 7 days")),
    ("30", gettext_lazy("Last 30 days")),
    ("90", gettext_lazy("Last 90 days")),
    ("365", gettext_lazy("Last year")),
    ("all", gettext_lazy("All time")),
]


def decorate_queue_item(request, claim, labels, *, bound=None, error_form=""):
    """Attach to a queue row what its template shows: agreement, the viewer's
    controls and their forms (bound to what was typed when a save was refused)."""
    ratings = list(claim.ratings.all())  # those the viewer may read
    claim.actions = policies.claim_actions(
        request.user,
        claim,
        ratings,
        hidden_ratings=selectors.hidden_rating_count(claim),
    )
    claim.agreement = selectors.with_agreement([claim])[0].agreement
    progress = services.workflow.submission_progress(claim, claim.handed_in)
    claim.hand_in = ngettext(
        "%(submitted)s of %(required)s rating submitted",
        "%(submitted)s of %(required)s ratings submitted",
        progress.required,
    ) % {"submitted": progress.submitted, "required": progress.required}
    labels_chosen = {r.label_id for r in ratings}
    initial = {"label": labels_chosen.pop()} if len(labels_chosen) == 1 else {}

    def form(name, cls, **kwargs):
        prefix = f"q{claim.pk}-{name}-%s"
        if error_form == name and bound is not None:
            made = cls(bound, auto_id=prefix, **kwargs)
            made.is_valid()
            return made
        return cls(initial=initial if name == "approve" else None, auto_id=prefix,
                   **kwargs)  # fmt: skip

    claim.approve_form = (
        form("approve", forms.ApproveForm, labels=labels)
        if claim.actions.approve
        else None
    )
    claim.return_form = (
        form("return", forms.ReturnForm) if claim.actions.return_ else None
    )
    claim.blocking_gaps = [
        gap
        for gap in claim.open_gaps
        if gap.kind in policies.approval_policy(claim).blocking_kinds
    ]
    return claim


@requires(
    policies.can_view_review_queue,
    gettext_lazy("The review queue is for editors and admins."),
)
@require_GET
def review_queue(request):
    """Submitted claims across articles: ratings side by side, evidence, gaps, and
    the approve / return forms in place."""
    sort = request.GET.get("sort", "age")
    if sort not in selectors.QUEUE_SORTS:
        sort = "age"
    article_id = int_or_none(request.GET.get("article"))
    reviewer_id = int_or_none(request.GET.get("reviewer"))
    # The rows say how far each hand-in has come: who submitted, whatever the viewer
    # may read of the ratings.
    claims = selectors.review_queue(
        request.user,
        sort=sort,
        article_id=article_id,
        reviewer_id=reviewer_id,
        workspace=request.workspace,
    ).prefetch_related(selectors.handed_in())
    page = Paginator(claims, QUEUE_PAGE).get_page(request.GET.get("page"))
    labels = selectors.rating_labels(request.workspace)
    items = [decorate_queue_item(request, claim, labels) for claim in page]
    query = {
        key: value
        for key, value in (
            ("sort", sort),
            ("article", article_id or ""),
            ("reviewer", reviewer_id or ""),
        )
        if value
    }
    context = {
        "page": page,
        "items": items,
        "sort": sort,
        "sorts": [
            (key, label) for key, (label, _order) in selectors.QUEUE_SORTS.items()
        ],
        "article_id": article_id,
        "reviewer_id": reviewer_id,
        "filters": selectors.queue_filters(request.user, request.workspace),
        "query": urlencode(query),
        "queue_count": page.paginator.count,
        "queue_pages": page.paginator.num_pages,
        "queue_page": page.number,
    }
    template = "annotations/review/queue.html"
    if request.htmx and request.htmx.target == "queue-list":
        template += "#queue-list"
    return render(request, template, context)


def queue_item_response(
    request,
    claim_id: int,
    *,
    error: str = "",
    status: int = 200,
    notice: str = "",
    error_form: str = "",
):
    """The answer to an approve/return posted from the queue: the changed item, and
    (out of band) the count of the queue the editor is looking at, which the
    decision may have changed."""
    article_id = int_or_none(request.POST.get("queue_article"))
    reviewer_id = int_or_none(request.POST.get("queue_reviewer"))
    waiting = selectors.review_queue(
        request.user,
        article_id=article_id,
        reviewer_id=reviewer_id,
        workspace=request.workspace,
    ).count()
    pages = max(1, math.ceil(waiting / QUEUE_PAGE))
    claim = (
        selectors.review_queue(request.user)
        .prefetch_related(selectors.handed_in())
        .filter(pk=claim_id)
        .first()
    )
    context = {
        "notice": notice,
        "error": error,
        "oob_count": True,
        "queue_count": waiting,
        "queue_pages": pages,
        "queue_page": min(
            max(int_or_none(request.POST.get("queue_page")) or 1, 1), pages
        ),
        "article_id": article_id,
        "reviewer_id": reviewer_id,
    }
    if claim is None:
        # It left the queue (approved or returned): show the outcome in its place.
        context["done"] = (
            Claim.objects.select_related("verdict__label", "article")
            .defer("article__body")
            .get(pk=claim_id)
        )
    else:
        decorate_queue_item(
            request,
            claim,
            selectors.rating_labels(claim),
            bound=request.POST if error else None,
            error_form=error_form if error else "",
        )
        context["claim"] = claim
    return render(
        request, "annotations/review/queue.html#queue-item", context, status=status
    )


def _since(period: str) -> dt.datetime | None:
    if period == "all":
        return None
    return timezone.now() - dt.timedelta(days=int(period))


@requires(
    policies.can_view_desk_stats, gettext_lazy("Desk statistics are for the desk.")
)
@require_GET
def desk_stats(request):
    """Reviewer agreement across the request's desk and per article, over a chosen
    period."""
    period = request.GET.get("period", "90")
    if period not in dict(PERIODS):
        period = "90"
    stats = selectors.desk_agreement(
        viewer=request.user, since=_since(period), workspace=request.workspace
    )
    context = {"stats": stats, "period": period, "periods": PERIODS}
    return render(request, "annotations/review/desk.html", context)


@login_required
@require_GET
def notification_list(request):
    """The viewer's notifications, newest first, unread ones marked."""
    page = Paginator(selectors.notifications_for(request.user), NOTIFICATION_PAGE)
    context = {"page": page.get_page(request.GET.get("page"))}
    return render(request, "annotations/notifications.html", context)


def notification_target(notification: Notification) -> str:
    if notification.claim_id:
        return siteurl.claim_path(notification.claim.article_id, notification.claim_id)
    return reverse("notifications")


@login_required
@require_POST
def notification_open(request, pk: int):
    """Mark one notification read and go to what it is about."""
    notification = get_object_or_404(
        Notification.objects.select_related("claim").defer("claim__text"),
        pk=pk,
        recipient=request.user,
    )
    services.notifications_mark_read(user=request.user, ids=[notification.pk])
    return HttpResponseRedirect(notification_target(notification))


@login_required
@require_POST
def notifications_read_all(request):
    services.notifications_mark_read(user=request.user)
    return redirect("notifications")
