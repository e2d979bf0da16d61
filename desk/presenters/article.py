"""The article page: the body with every segment marked, the claim index, the
controls above them, and the open claim's panel (`desk.presenters.panel`)."""

from __future__ import annotations

import dataclasses

from django.urls import reverse
from django.utils.translation import gettext_lazy

from annotations import policies, selectors
from annotations.language_names import language_choices, language_name
from annotations.models import Article, Claim
from desk.highlight import STATUS_ICONS, STATUS_LABELS, render_body
from desk.presenters.claims import ClaimEntry
from desk.presenters.panel import panel_context

CLAIM_ORDERS = {
    "checkworthiness": gettext_lazy("Most check-worthy first"),
    "body": gettext_lazy("In reading order"),
}
# Forms outside the claim panel: their messages show beside them.
PAGE_FORMS = {"create", "carve", "blind-review", "language"}


def claim_order(requested: str | None, progress_state: str) -> str:
    """The claim index's order: the one asked for, else most check-worthy first for
    a new article (its claims read best that way) and reading order once work has
    started."""
    if requested in CLAIM_ORDERS:
        return requested
    return "checkworthiness" if progress_state == "draft" else "body"


def article_page_context(
    viewer,
    article: Article,
    *,
    selected: int | None,
    order: str | None = None,
    feedback: dict | None = None,
) -> dict:
    """The article page's context for `viewer`, with the panel of claim `selected`
    open when it is one of the article's. `feedback` is a write's answer: its
    error or notice and the form it came from (the panel's keywords)."""
    claims = list(selectors.article_claims(article))
    segments = selectors.segments_for(claims)
    if selected not in {claim.pk for claim in claims}:
        selected = None
    labels = selectors.rating_labels(article)
    desk = policies.can_annotate(viewer)
    if not hasattr(article, "checkworthy_count"):
        article = selectors.article_list().defer(None).get(pk=article.pk)
    progress = selectors.article_progress(article)
    context = {
        "article": article,
        "progress": progress,
        "segment_count": len(claims),
        "can_set_blind_review": policies.can_set_blind_review(viewer, article),
        "can_set_language": policies.can_set_language(viewer, article),
        "language_name": language_name(article.language),
        "language_choices": language_choices(),
        "article_alpha": selectors.article_agreement(article.pk, viewer=viewer)
        if desk
        else None,
        "legend": [
            (key, STATUS_ICONS[key], label) for key, label in STATUS_LABELS.items()
        ],
        "labels": labels,
        "article_url": reverse("article-detail", args=[article.pk]),
    }
    order = claim_order(order, progress["state"])
    context["claim_order"] = order
    context["claim_order_label"] = CLAIM_ORDERS[order]
    context["claim_orders"] = CLAIM_ORDERS
    extra = dict(feedback or {})
    feedback_form = extra.get("error_form") or extra.get("notice_form") or ""
    if selected is not None and desk:
        panel_extra = extra
        if feedback_form in PAGE_FORMS:
            # A refusal of the selection bar's or the status line's form is said
            # there, next to that control, not in the panel.
            panel_extra = {"bound": None}
        context.update(panel_context(viewer, selected, labels=labels, **panel_extra))
    if extra and ("panel" not in context or feedback_form in PAGE_FORMS):
        context["workspace_error"] = extra.get("error", "")
        context["workspace_notice"] = extra.get("notice", "")
        context["workspace_feedback_form"] = (
            feedback_form if feedback_form in PAGE_FORMS else "status"
        )
        if feedback_form in {"create", "carve"} and extra.get("bound") is not None:
            # The refused selection comes back so the bar can show it again.
            context["selection_again"] = {
                key: extra["bound"].get(key, "")
                for key in ("start", "end", "claim", "version")
            }
    # The open claim's badge and index line count its gaps as they stand now, as
    # its panel does, not as the tracker last recorded them.
    live = context.get("panel_gap_count")
    if live is not None:
        segments = [
            dataclasses.replace(segment, open_gaps=live)
            if segment.id == selected
            else segment
            for segment in segments
        ]
    entries = [
        ClaimEntry.of(claim, open_gaps=live if claim.pk == selected else None)
        for claim in claims
        if claim.kind == Claim.Kind.CLAIM
    ]
    if order == "checkworthiness":
        entries.sort(key=lambda entry: (-entry.checkworthiness, entry.start))
    context["claims"] = entries
    context["body_html"] = render_body(
        article.body,
        segments,
        selected=selected,
        interactive=desk,
        checkworthy=selectors.checkworthy_threshold(article),
    )
    return context
