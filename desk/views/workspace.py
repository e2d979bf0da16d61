"""Pages of the reviewer workspace. Each view checks the role it needs; writes go
through services, and domain errors come back in the form they belong to.

htmx requests get the region they change (django-template-partials): opening a claim
returns `article.html#claim-panel`; every write returns `article.html#workspace` (the
body and the panel), with 400/403/409 and the message when the service refused.
Without JavaScript the same URLs work as plain pages (redirect after POST).
"""

from __future__ import annotations

import dataclasses
from functools import wraps

from django.contrib import messages
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST
from django_htmx.http import replace_url

from annotations import agreement, policies, selectors, services, siteurl
from annotations.errors import DomainError, InvalidInput
from annotations.extraction import split_points
from annotations.extraction.language import NAMES as LANGUAGE_NAMES
from annotations.extraction.language import name as language_name
from annotations.extraction.splitting import model
from annotations.extraction.splitting.languages import rules_language
from annotations.models import (
    Article,
    Citation,
    Claim,
    GapKind,
    Severity,
    Source,
    Stance,
)
from annotations.wording import indefinite, person_name, plural
from desk import forms, forms_segments
from desk.highlight import (
    STATUS_ICONS,
    STATUS_LABELS,
    checkworthiness_band,
    render_body,
)
from desk.views.access import login_redirect, reviewer_required

CONFLICT_HINT = " Their version is shown below; what you typed is kept in the form."
# The languages the article page's language field suggests, by name.
LANGUAGE_CHOICES = sorted(LANGUAGE_NAMES.items(), key=lambda item: item[1])


def article_detail(request, pk: int):
    """The article body with every segment marked in place; `?claim=` opens a panel.

    This is the desk's page: anonymous visitors are sent to log in whatever the id
    (a missing and an existing article answer the same), and signed-in readers of a
    published article are sent to its public report.
    """
    if not request.user.is_authenticated:
        return login_redirect(request)
    if not policies.can_annotate(request.user):
        published = (
            Article.objects.filter(pk=pk)
            .filter(policies.public_articles_filter())
            .exists()
        )
        if published:
            return HttpResponseRedirect(reverse("report-detail", args=[pk]))
        raise Http404("No such article.")
    article = get_object_or_404(selectors.article_list().defer(None), pk=pk)
    selected = _int(request.GET.get("claim"))
    context = _workspace_context(request, article, selected=selected)
    return render(request, "annotations/article.html", context)


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _workspace_context(
    request, article: Article, *, selected: int | None, panel_extra: dict | None = None
) -> dict:
    claims = list(selectors.article_claims(article))
    segments = selectors.segments_for(claims)
    ids = {claim.pk for claim in claims}
    if selected not in ids:
        selected = None
    labels = selectors.rating_labels()
    desk = policies.can_annotate(request.user)
    if not hasattr(article, "checkworthy_count"):
        article = selectors.article_list().defer(None).get(pk=article.pk)
    context = {
        "article": article,
        "progress": selectors.article_progress(article),
        "claims": [c for c in claims if c.kind == Claim.Kind.CLAIM],
        "segment_count": len(claims),
        "can_set_blind_review": policies.can_set_blind_review(request.user, article),
        "can_set_language": policies.can_set_language(request.user, article),
        "language_name": language_name(article.language),
        "language_choices": LANGUAGE_CHOICES,
        "article_alpha": selectors.article_agreement(article.pk, viewer=request.user)
        if desk
        else None,
        "legend": [
            (key, STATUS_ICONS[key], label) for key, label in STATUS_LABELS.items()
        ],
        "labels": labels,
    }
    context["article_url"] = reverse("article-detail", args=[article.pk])
    for claim in context["claims"]:
        claim.icon = "⊘" if claim.dismissed_at else STATUS_ICONS.get(claim.status, "")
        claim.summary = _claim_summary(claim)
        claim.reasons = top_reasons(claim.signals)
    # A new article's claims read best most check-worthy first; once work has
    # started, in reading order. Either way the reader can switch.
    order = request.GET.get("order") if request is not None else None
    if order not in CLAIM_ORDERS:
        order = "checkworthiness" if context["progress"]["state"] == "draft" else "body"
    context["claim_order"] = order
    context["claim_order_label"] = CLAIM_ORDERS[order]
    context["claim_orders"] = CLAIM_ORDERS
    if order == "checkworthiness":
        context["claims"].sort(key=lambda c: (-c.checkworthiness, c.start))
    extra = dict(panel_extra or {})
    feedback_form = extra.get("error_form") or extra.get("notice_form") or ""
    if selected is not None and desk:
        panel_extra = extra
        if feedback_form in WORKSPACE_FORMS:
            # A refusal of the selection bar's or the status line's form is said
            # there, next to that control, not in the panel.
            panel_extra = {"bound": None}
        context.update(_panel_context(request, selected, labels=labels, **panel_extra))
    if extra and ("panel" not in context or feedback_form in WORKSPACE_FORMS):
        context["workspace_error"] = extra.get("error", "")
        context["workspace_notice"] = extra.get("notice", "")
        context["workspace_feedback_form"] = (
            feedback_form if feedback_form in WORKSPACE_FORMS else "status"
        )
        if feedback_form in {"create", "carve"} and extra.get("bound") is not None:
            # The refused selection comes back so the bar can show it again.
            context["selection_again"] = {
                key: extra["bound"].get(key, "")
                for key in ("start", "end", "claim", "version")
            }
    if "panel_gap_count" in context:
        # The open claim's badge and index line count its gaps as they stand now,
        # as its panel does, not as the tracker last recorded them.
        live = context["panel_gap_count"]
        segments = [
            dataclasses.replace(segment, open_gaps=live)
            if segment.id == selected
            else segment
            for segment in segments
        ]
        for claim in context["claims"]:
            if claim.pk == selected:
                claim.open_gap_count = live
                claim.summary = _claim_summary(claim)
    context["body_html"] = render_body(
        article.body,
        segments,
        selected=selected,
        interactive=desk,
        checkworthy=selectors.checkworthy_threshold(),
    )
    return context


# Forms outside the claim panel: their messages show beside them.
WORKSPACE_FORMS = {"create", "carve", "blind-review", "language"}


PANEL_HISTORY = 12
CLAIM_ORDERS = {
    "checkworthiness": "Most check-worthy first",
    "body": "In reading order",
}


def top_reasons(signals, limit: int = 2) -> list[str]:
    """The strongest reasons, in words, why a claim scored high (for the claim list):
    never a word nobody can act on, even in signals stored before that rule."""
    positive = [
        s for s in signals or [] if s.get("weight", 0) > 0 and model.shown_signal(s)
    ]
    positive.sort(key=lambda s: -s.get("weight", 0))
    return [s.get("label") or s.get("name", "") for s in positive[:limit]]


WORKING = {"open", "in_progress", "returned"}


def _names(people) -> str:
    return ", ".join(person_name(person) for person in people)


def _hand_in(claim, progress, viewer, actions) -> str:
    """Where the claim's hand-in stands, said to this viewer: how many ratings are
    submitted of how many it needs, and whether theirs is needed (the panel)."""
    if claim.kind != Claim.Kind.CLAIM or claim.dismissed_at is not None:
        return ""
    count = f"{progress.submitted} of {plural(progress.required, 'rating')} submitted"
    if claim.status == "submitted":
        return f"{count}. Waiting for an editor."
    if claim.status not in WORKING:
        return ""
    waiting = [
        person for person in progress.assignees_waiting if person.pk != viewer.pk
    ]
    if not (progress.submitted or progress.required > 1 or waiting):
        return ""  # one rating needed and nobody has handed in: nothing to say yet
    if progress.has_submitted(viewer):
        if progress.more_needed > 1:
            more = f"{progress.more_needed} more reviewers submit theirs"
        else:
            more = "one more reviewer submits a rating"
        said = f"{count} (yours); it goes to the editors once "
        said += more if progress.more_needed else f"{_names(waiting)} submit too"
        return said + "."
    mine = next((r for r in claim.ratings.all() if r.reviewer_id == viewer.pk), None)
    if mine is not None:
        if progress.more_needed <= 1 and not waiting:
            return f"{count}; submit yours to send the claim to the editors."
        return f"{count}; submit yours too ({progress.more_needed} more needed)."
    if actions.rate:
        return f"{count}; yours is needed."
    return f"{count}." + (f" Waiting for {_names(waiting)}." if waiting else "")


def _submit_help(progress, viewer) -> str:
    """What the submit button does with the viewer's rating."""
    after = progress.submitted + (0 if progress.has_submitted(viewer) else 1)
    waiting = [p for p in progress.assignees_waiting if p.pk != viewer.pk]
    if after >= progress.required and not waiting:
        return "Hands your rating to the editors; with it the claim goes to them."
    return (
        f"Hands your rating in: the claim goes to the editors once "
        f"{plural(progress.required, 'rating')} are submitted"
        + (f", {_names(waiting)}'s among them" if waiting else "")
        + "."
    )


SEVERITY_ORDER = {"high": 0, "medium": 1, "low": 2}


def _gap_lines(stored, findings) -> list[dict]:
    """The panel's sourcing gaps as they stand now: the rules evaluated on the
    claim's current facts (`findings`), beside the tracker's record (`stored`, the
    open SourcingGap rows, which its rescan updates a moment after each edit, or
    later when the worker is slow or down).

    "open": recorded and still there; "new": there now, not recorded yet; "pending":
    recorded but no longer there after the last change, until the rescan resolves it.
    """
    found = {(f.kind, f.source_id or 0): f for f in findings}
    lines, recorded = [], set()
    for gap in stored:
        key = (gap.kind, gap.source_id or 0)
        finding = found.get(key)
        if finding is not None:
            recorded.add(key)
        lines.append(
            {
                "state": "open" if finding is not None else "pending",
                "kind": GapKind(gap.kind).label,
                "severity": (finding or gap).severity,
                "detail": (finding or gap).detail,
            }
        )
    for key, finding in found.items():
        if key not in recorded:
            lines.append(
                {
                    "state": "new",
                    "kind": GapKind(finding.kind).label,
                    "severity": finding.severity,
                    "detail": finding.detail,
                }
            )
    for line in lines:
        line["severity_label"] = Severity(line["severity"]).label
    lines.sort(
        key=lambda line: (
            line["state"] == "pending",
            SEVERITY_ORDER.get(line["severity"], 9),
        )
    )
    return lines


def _approve_initial(claim, verdict, ratings) -> dict:
    """Start the approve form from the verdict, else the label the reviewers agree
    on (nothing is preselected when they disagree)."""
    if verdict is not None:
        return {"label": verdict.label_id, "explanation": verdict.explanation}
    labels = {r.label_id for r in ratings}
    return {"label": labels.pop()} if len(labels) == 1 else {}


def _claim_summary(claim) -> str:
    """The line under each claim index entry (built here so 2,000 rows render fast)."""
    parts = [claim.get_status_display() + (", dismissed" if claim.dismissed_at else "")]
    parts.append(plural(claim.citation_count, "source"))
    parts.append(plural(claim.rating_count, "rating"))
    if claim.open_gap_count:
        parts.append("⚠ " + plural(claim.open_gap_count, "open gap"))
    return " · ".join(parts)


def _split_points(claim: Claim) -> list[tuple[int, str, bool]]:
    """The panel's short list of places to split the claim, best first, as
    (offset, label, chosen): the first is the one the form starts on."""
    points = split_points.split_points(claim.text, claim.start)
    return [
        (point.at, f"{point.label} ({point.kind})", index == 0)
        for index, point in enumerate(points)
    ]


def _panel_context(
    request,
    claim_id: int,
    *,
    labels=None,
    error: str = "",
    error_status: int = 0,
    error_form: str = "",
    bound=None,
    notice: str = "",
    notice_form: str = "",
) -> dict:
    try:
        claim = selectors.claim_for_panel(claim_id, viewer=request.user)
    except Claim.DoesNotExist:
        return {}
    labels = labels if labels is not None else selectors.rating_labels()
    # Only the ratings the viewer may read (blind review: the selector applies it).
    ratings = list(claim.ratings.all())
    hidden_ratings = selectors.hidden_rating_count(claim)
    mine = next((r for r in ratings if r.reviewer_id == request.user.pk), None)
    actions = policies.claim_actions(
        request.user, claim, ratings, hidden_ratings=hidden_ratings
    )

    def form(name, cls, initial=None, **kwargs):
        if error_form == name and bound is not None:
            made = cls(bound, auto_id=f"{name}-%s", **kwargs)
            made.is_valid()
            return made
        return cls(initial=initial, auto_id=f"{name}-%s", **kwargs)

    rating_initial = (
        {
            "label": mine.label_id,
            "confidence": mine.confidence,
            "rationale": mine.rationale,
        }
        if mine
        else None
    )
    citations = list(claim.citations.all())
    editing = bound if error_form == "cite-edit" and bound is not None else None
    for citation in citations:
        citation.can_edit = policies.can_edit_citation(request.user, citation, claim)
        citation.can_remove = policies.can_remove_citation(
            request.user, citation, claim
        )
        # What the edit form shows: the stored values, or what the reviewer typed when
        # their save of this citation was refused (so nothing typed is lost).
        if editing is not None and editing.get("citation_id") == str(citation.pk):
            citation.edit = {
                "stance": editing.get("stance", ""),
                "quote": editing.get("quote", ""),
                "locator": editing.get("locator", ""),
                "note": editing.get("note", ""),
                "seen": citation.updated_at.isoformat(),
                "open": True,
            }
        else:
            citation.edit = {
                "stance": citation.stance,
                "quote": citation.quote,
                "locator": citation.locator,
                "note": citation.note,
                "seen": citation.updated_at.isoformat(),
                "open": False,
            }
    for rating in ratings:
        rating.can_remove = policies.can_remove_rating(request.user, rating, claim)
    verdict = claim.verdict if hasattr(claim, "verdict") else None
    progress = services.workflow.submission_progress(claim, claim.handed_in)
    gap_lines = _gap_lines(claim.open_gaps, services.workflow.current_findings(claim))
    panel_split_points = _split_points(claim)
    following = selectors.next_segment(claim)
    editing_open = any(c.edit["open"] and c.can_edit for c in citations)
    # Where the message shows: beside the form that caused it when that form is on
    # the panel now, else at the top of the panel.
    slot = _feedback_slot(
        error_form if error else notice_form,
        {
            "attribution": actions.edit_segment and bool(error),
            "rebound": actions.edit_segment,
            "kind": actions.edit_segment,
            "split": actions.edit_segment and bool(panel_split_points),
            "merge": actions.edit_segment and following is not None,
            "dismiss": actions.edit_segment
            and (claim.dismissed_at is None or (error_form == "dismiss" and error)),
            "restore": actions.edit_segment and claim.dismissed_at is not None,
            "cite": actions.cite and bool(error),
            "cite-edit": bool(error) and editing_open,
            "rate": actions.rate,
            "approve": actions.approve,
            "return": actions.return_,
            "reopen": actions.reopen,
            "comment": actions.comment,
            "assign": actions.assign,
        },
    )
    return {
        "panel": claim,
        # With no kind or attribution rules for the article's language, the panel
        # says so (docs/EXTRACTION.md, "Languages").
        "panel_language_name": language_name(claim.article.language),
        "panel_rules_language": rules_language(claim.article.language),
        "panel_feedback_slot": slot,
        "panel_segment_open": slot in SEGMENT_SLOTS,
        "panel_actions": actions,
        "panel_verdict": verdict,
        "panel_citations": citations,
        "panel_ratings": ratings,
        "panel_hidden_ratings": hidden_ratings,
        "panel_agreement": agreement.claim_agreement(
            [(r.label.name, r.label.ordinal) for r in ratings]
        )
        if actions.see_ratings
        else None,
        "panel_hand_in": _hand_in(claim, progress, request.user, actions),
        "panel_submit_help": _submit_help(progress, request.user),
        "panel_comments": list(claim.comments.all()),
        "panel_my_rating": mine,
        "panel_gaps": gap_lines,
        "panel_gap_count": sum(1 for line in gap_lines if line["state"] != "pending"),
        "panel_assignees": list(claim.assignees.all()),
        "panel_history": selectors.claim_timeline(
            claim.pk, viewer=request.user, limit=PANEL_HISTORY
        ),
        "panel_next": following,
        "panel_split_points": panel_split_points,
        "panel_split_tokens": split_points.split_tokens(claim.text, claim.start)
        if panel_split_points
        else [],
        "panel_cw_band": checkworthiness_band(claim.checkworthiness),
        "panel_reasons": top_reasons(claim.signals, limit=3),
        "panel_error": error,
        "panel_error_status": error_status,
        "panel_error_form": error_form,
        "panel_notice": notice,
        "citation_form": form("cite", forms.CitationForm),
        "rating_form": form("rate", forms.RatingForm, rating_initial, labels=labels),
        "dismiss_form": form("dismiss", forms.DismissForm),
        "rebound_form": form(
            "rebound", forms.ReboundForm, {"start": claim.start, "end": claim.end}
        ),
        "kind_form": form("kind", forms.KindForm, {"kind": claim.kind}),
        "attribution_form": form(
            "attribution", forms.AttributionForm, {"attribution": claim.attribution}
        ),
        "assign_form": form(
            "assign",
            forms.AssignForm,
            {"assignees": [user.pk for user in claim.assignees.all()]},
            people=selectors.desk_people(),
        )
        if actions.assign
        else None,
        "approve_form": form(
            "approve",
            forms.ApproveForm,
            _approve_initial(claim, verdict, ratings),
            labels=labels,
        )
        if actions.approve
        else None,
        "return_form": form("return", forms.ReturnForm) if actions.return_ else None,
        "reopen_form": form("reopen", forms.ReopenForm) if actions.reopen else None,
        "comment_form": form("comment", forms.CommentForm),
        "kinds": Claim.Kind.choices,
        "stances": Stance.choices,
    }


# Forms whose message shows in their section whatever the claim's state now.
SECTION_SLOTS = {
    "cite": "citations",
    "cite-remove": "citations",
    "cite-edit": "citations",
    "rating-remove": "ratings",
    "submit": "submit",
    "withdraw": "submit",
}
SEGMENT_SLOTS = {"rebound", "split", "merge", "kind", "dismiss", "restore"}


def _feedback_slot(form_name: str, shown: dict[str, bool]) -> str:
    """The slot beside the form that caused a message, if that form is on the panel
    now (a form the claim's new state hides cannot hold it), else the panel's top."""
    if shown.get(form_name):
        return form_name
    return SECTION_SLOTS.get(form_name, "panel")


@reviewer_required
@require_GET
def claim_panel(request, pk: int):
    """One claim's panel; a plain request gets the article page with the panel open."""
    claim = get_object_or_404(Claim.objects.only("pk", "article_id"), pk=pk)
    if not request.htmx:
        return _article_redirect(claim.article_id, claim.pk)
    context = _panel_context(request, claim.pk)
    context["article"] = context["panel"].article
    return render(request, "annotations/article.html#claim-panel", context)


def _article_redirect(article_id: int, claim_id: int | None) -> HttpResponseRedirect:
    if claim_id:
        return HttpResponseRedirect(siteurl.claim_path(article_id, claim_id))
    return HttpResponseRedirect(reverse("article-detail", args=[article_id]))


def _respond(
    request,
    article: Article,
    claim_id: int | None,
    *,
    error: str = "",
    status: int = 200,
    error_form: str = "",
    notice: str = "",
    notice_form: str = "",
):
    """The answer to a write: the workspace region (htmx) or a redirect / full page.

    Forms posted from the editors' queue (`origin=queue`) get their queue item back.
    """
    if request.POST.get("origin") == "queue" and claim_id is not None:
        if request.htmx:
            from desk.views.review import queue_item_response

            return queue_item_response(
                request, claim_id, error=error, status=status, notice=notice,
                error_form=error_form,
            )  # fmt: skip
        if not error:
            if notice:
                messages.success(request, notice)
            return HttpResponseRedirect(reverse("review-queue"))
    if not error and notice_form in WORKSPACE_FORMS - {"blind-review", "language"}:
        notice_form = ""  # the new claim's panel says it, not the selection bar
    if not error and not request.htmx:
        if notice:
            messages.success(request, notice)
        return _article_redirect(article.pk, claim_id)
    panel_extra = {
        "error": error,
        "error_status": status if error else 0,
        "error_form": error_form,
        "bound": request.POST if error else None,
        "notice": notice,
        "notice_form": notice_form,
    }
    context = _workspace_context(
        request, article, selected=claim_id, panel_extra=panel_extra
    )
    if claim_id is not None and "panel" not in context:
        claim_id = None  # the claim is gone (merged away): show no panel
    template = "annotations/article.html"
    if request.htmx:
        template += "#workspace"
    response = render(request, template, context, status=status)
    if request.htmx:
        if claim_id:
            url = siteurl.claim_path(article.pk, claim_id, anchor=False)
        else:
            url = reverse("article-detail", args=[article.pk])
        replace_url(response, url)
    return response


def claim_write(form_name: str, form_class, *, needs_form: bool = True):
    """Decorator for POST views that change one claim through one service.

    The wrapped function gets (request, claim, data) and returns the id of the claim
    to show afterwards and a notice; DomainErrors become the status they map to.
    """

    def decorate(action):
        @wraps(action)
        @reviewer_required
        @require_POST
        def view(request, pk: int):
            claim = get_object_or_404(Claim.objects.select_related("article"), pk=pk)
            article = claim.article
            form = form_class(request.POST) if form_class else None
            if form is not None and not form.is_valid():
                message = " ".join(
                    (f"{form.fields[field].label}: " if field != "__all__" else "")
                    + error
                    for field, errors in form.errors.items()
                    for error in errors
                )
                return _respond(
                    request, article, claim.pk, error=message, status=400,
                    error_form=form_name,
                )  # fmt: skip
            try:
                shown, notice = action(
                    request, claim, form.cleaned_data if form else {}
                )
            except DomainError as exc:
                error = exc.message
                if exc.status == 409 and getattr(exc, "current_version", None):
                    error += CONFLICT_HINT
                return _respond(
                    request, article, claim.pk, error=error, status=exc.status,
                    error_form=form_name,
                )  # fmt: skip
            return _respond(
                request, article, shown, notice=notice, notice_form=form_name
            )

        return view

    return decorate


@claim_write("rebound", forms.ReboundForm)
def claim_rebound(request, claim, data):
    services.claim_rebound(
        claim=claim, start=data["start"], end=data["end"], user=request.user,
        expected_version=data["version"],
    )  # fmt: skip
    return claim.pk, f"Claim #{claim.pk} now covers {data['start']} to {data['end']}."


@claim_write("split", forms.SplitForm)
def claim_split(request, claim, data):
    first, second = services.claim_split(
        claim=claim, at=data["at"], user=request.user, expected_version=data["version"]
    )
    return first.pk, f"Claim #{first.pk} was split; the second part is #{second.pk}."


@claim_write("carve", forms_segments.CarveForm)
def claim_carve(request, claim, data):
    """Make the selected span, inside this claim, a claim of its own."""
    result = services.claim_carve(
        claim=claim, start=data["start"], end=data["end"], user=request.user,
        expected_version=data["version"],
        unmatched_citations_to=data["citations"],
    )  # fmt: skip
    carved = result.carved
    rest = [f"#{part.pk}" for part in result.rest]
    text = carved.text if len(carved.text) <= 60 else carved.text[:60] + "…"
    said = f"“{text}” is claim #{carved.pk} now"
    if rest:
        said += f"; the rest stays {' and '.join(rest)}"
    moved = sum(1 for target in result.citations_moved.values() if target == carved.pk)
    if result.citations_moved:
        said += f"; {plural(moved, 'source')} went with it"
    return carved.pk, said + "."


@claim_write("merge", forms.VersionForm)
def claim_merge(request, claim, data):
    services.claim_merge(
        claim=claim, user=request.user, expected_version=data["version"]
    )
    return claim.pk, f"Claim #{claim.pk} was merged with the segment after it."


@claim_write("dismiss", forms.DismissForm)
def claim_dismiss(request, claim, data):
    services.claim_dismiss(
        claim=claim, reason=data["reason"], user=request.user,
        expected_version=data["version"],
    )  # fmt: skip
    return claim.pk, f"Claim #{claim.pk} was dismissed."


@claim_write("restore", forms.VersionForm)
def claim_restore(request, claim, data):
    services.claim_restore(
        claim=claim, user=request.user, expected_version=data["version"]
    )
    return claim.pk, f"Claim #{claim.pk} was restored."


@claim_write("attribution", forms.AttributionForm)
def claim_attribution(request, claim, data):
    claim = services.claim_set_attribution(
        claim=claim, attribution=data["attribution"], user=request.user,
        expected_version=data["version"],
    )  # fmt: skip
    said = f"to {claim.attribution}" if claim.attribution else "to nobody"
    return claim.pk, f"Claim #{claim.pk} is now attributed {said}."


@claim_write("kind", forms.KindForm)
def claim_kind(request, claim, data):
    services.claim_set_kind(
        claim=claim,
        kind=data["kind"],
        user=request.user,
        expected_version=data["version"],
    )
    kind = indefinite(Claim.Kind(data["kind"]).label.lower())
    return claim.pk, f"Segment #{claim.pk} is now {kind}."


@claim_write("submit", forms.VersionForm)
def claim_submit(request, claim, data):
    claim = services.claim_submit(
        claim=claim, user=request.user, expected_version=data["version"]
    )
    if claim.status == "submitted":
        return claim.pk, f"Claim #{claim.pk} was submitted for review."
    progress = services.workflow.submission_progress(claim)
    more = progress.more_needed
    if more:
        when = f"{plural(more, 'more rating')} {'is' if more == 1 else 'are'} submitted"
    else:
        when = f"{_names(progress.assignees_waiting)} submit too"
    return claim.pk, (
        f"Your rating of claim #{claim.pk} is submitted; the claim goes to the "
        f"editors once {when}."
    )


@claim_write("cite", forms.CitationForm)
def citation_add(request, claim, data):
    source = None
    if data.get("source_id"):
        source = Source.objects.filter(pk=data["source_id"]).first()
        if source is None:
            raise InvalidInput("That source no longer exists; search again.")
    citation = services.citation_add_with_source(
        claim=claim, source=source, url=data["url"], title=data["title"],
        publisher=data["publisher"], kind=data["kind"], stance=data["stance"],
        user=request.user, quote=data["quote"], locator=data["locator"],
        note=data["note"], archive_url=data.get("archive_url", ""),
    )  # fmt: skip
    source = citation.source
    return claim.pk, f"Cited “{source.title}”."


@claim_write("rate", forms.RatingForm)
def rating_set(request, claim, data):
    services.rating_set(
        claim=claim, reviewer=request.user, label=data["label"],
        confidence=data["confidence"], rationale=data["rationale"],
    )  # fmt: skip
    return claim.pk, f"Your rating of claim #{claim.pk} was saved."


def _assign_form(data):
    return forms.AssignForm(data, people=selectors.desk_people())


@claim_write("assign", _assign_form)
def claim_assign(request, claim, data):
    services.claim_assign(
        claim=claim, assignees=data["assignees"], user=request.user,
        expected_version=data["version"],
    )  # fmt: skip
    names = _names(data["assignees"])
    return claim.pk, f"Claim #{claim.pk} assigned to {names or 'nobody'}."


@claim_write("cite-edit", forms.CitationEditForm)
def citation_update(request, claim, data):
    citation = Citation.objects.filter(pk=data["citation_id"], claim=claim).first()
    if citation is None:
        raise InvalidInput("That citation is no longer on this claim.")
    services.citation_update(
        citation=citation, user=request.user, stance=data["stance"],
        quote=data["quote"], locator=data["locator"], note=data["note"],
        seen_updated_at=data["seen"],
    )  # fmt: skip
    return claim.pk, "The citation was updated."


@reviewer_required
@require_POST
def citation_remove(request, pk: int):
    citation = get_object_or_404(
        Citation.objects.select_related("claim__article"), pk=pk
    )
    claim = citation.claim
    try:
        services.citation_remove(citation=citation, user=request.user)
    except DomainError as exc:
        return _respond(
            request, claim.article, claim.pk, error=exc.message, status=exc.status,
            error_form="cite-remove",
        )  # fmt: skip
    return _respond(
        request, claim.article, claim.pk, notice="The citation was removed.",
        notice_form="cite-remove",
    )  # fmt: skip


@reviewer_required
@require_POST
def claim_create(request, pk: int):
    """A new claim from a text selection (body offsets)."""
    article = get_object_or_404(Article.objects.all(), pk=pk)
    form = forms.RangeForm(request.POST)
    if not form.is_valid():
        return _respond(
            request, article, _int(request.POST.get("claim")),
            error="The selection could not be read.", status=400, error_form="create",
        )  # fmt: skip
    try:
        claim = services.claim_create(
            article=article,
            start=form.cleaned_data["start"],
            end=form.cleaned_data["end"],
            user=request.user,
        )
    except DomainError as exc:
        # Keep the panel the reviewer had open, if any, beside the message.
        keep = _int(request.POST.get("claim"))
        if keep is not None and not article.claims.filter(pk=keep).exists():
            keep = None
        return _respond(
            request, article, keep, error=exc.message, status=exc.status,
            error_form="create",
        )  # fmt: skip
    return _respond(request, article, claim.pk, notice=f"Claim #{claim.pk} was added.")


@reviewer_required
@require_GET
def source_search(request):
    """Existing sources matching a URL, title or publisher (the citation picker)."""
    query = request.GET.get("q", "")[:200]
    claim_id = _int(request.GET.get("claim")) or 0
    sources = selectors.source_search(query)
    context = {"sources": sources, "query": query, "claim_id": claim_id}
    if not request.htmx:
        raise Http404("The source search answers the claim panel only.")
    return render(request, "annotations/article.html#source-results", context)


# --- the editorial loop -------------------------------------------------------------


@claim_write("withdraw", forms.VersionForm)
def claim_withdraw(request, claim, data):
    services.claim_withdraw(
        claim=claim, user=request.user, expected_version=data["version"]
    )
    return claim.pk, f"Your submission of claim #{claim.pk} was withdrawn."


def _approve_form(data):
    return forms.ApproveForm(data, labels=selectors.rating_labels())


@claim_write("approve", _approve_form)
def claim_approve(request, claim, data):
    verdict = services.verdict_approve(
        claim=claim, user=request.user, label=data["label"],
        explanation=data["explanation"], expected_version=data["version"],
        gap_override_reason=data["gap_override_reason"],
        two_person_override_reason=data["two_person_override_reason"],
    )  # fmt: skip
    return claim.pk, f"Claim #{claim.pk} was approved as {verdict.label.name}."


@claim_write("return", forms.ReturnForm)
def claim_return(request, claim, data):
    services.claim_return(
        claim=claim, user=request.user, comment=data["comment"],
        expected_version=data["version"],
    )  # fmt: skip
    return claim.pk, f"Claim #{claim.pk} was returned to its reviewers."


@claim_write("reopen", forms.ReopenForm)
def claim_reopen(request, claim, data):
    services.verdict_reopen(
        claim=claim, user=request.user, reason=data["reason"],
        expected_version=data["version"],
    )  # fmt: skip
    return claim.pk, f"Claim #{claim.pk} was reopened."


@claim_write("comment", forms.CommentForm)
def comment_add(request, claim, data):
    services.comment_add(claim=claim, user=request.user, body=data["body"])
    return claim.pk, "Your comment was added."


@claim_write("rating-remove", forms.RatingRemoveForm)
def rating_remove(request, claim, data):
    rating = (
        selectors.visible_ratings(request.user)
        .filter(pk=data["rating_id"], claim=claim)
        .first()
    )
    if rating is None:
        raise InvalidInput("That rating is no longer on this claim.")
    services.rating_remove(rating=rating, user=request.user)
    return claim.pk, "The rating was removed."


@reviewer_required
@require_POST
def article_blind_review(request, pk: int):
    """Switch blind review on or off for the article (editors)."""
    article = get_object_or_404(Article.objects.only("pk"), pk=pk)
    form = forms.BlindReviewForm(request.POST)
    form.is_valid()
    try:
        article = services.article_set_blind_review(
            article=article,
            user=request.user,
            blind=form.cleaned_data.get("blind_review", False),
        )
    except DomainError as exc:
        return _respond(
            request, article, None, error=exc.message, status=exc.status,
            error_form="blind-review",
        )  # fmt: skip
    state = "on" if article.blind_review else "off"
    return _respond(
        request, article, None, notice=f"Blind review is {state}.",
        notice_form="blind-review",
    )  # fmt: skip


@reviewer_required
@require_POST
def article_language(request, pk: int):
    """Correct the article's language (its segments are not split again)."""
    article = get_object_or_404(Article.objects.only("pk"), pk=pk)
    form = forms.ArticleLanguageForm(request.POST)
    if not form.is_valid():
        return _respond(
            request, article, None, status=400, error_form="language",
            error="Give the language as a BCP 47 tag, such as en, es or pt-BR.",
        )  # fmt: skip
    try:
        article = services.article_set_language(
            article=article, user=request.user, language=form.cleaned_data["language"]
        )
    except DomainError as exc:
        return _respond(
            request, article, None, error=exc.message, status=exc.status,
            error_form="language",
        )  # fmt: skip
    return _respond(
        request, article, None, notice_form="language",
        notice=f"The article's language is now {language_name(article.language)}. "
        "Its segments keep their kinds and speakers; new claims follow it.",
    )  # fmt: skip


@reviewer_required
@require_GET
def claim_timeline(request, pk: int):
    """A claim's whole history: who changed what, when, before → after."""
    claim = get_object_or_404(
        Claim.objects.select_related("article").defer("article__body"), pk=pk
    )
    context = {
        "claim": claim,
        "article": claim.article,
        "entries": selectors.claim_timeline(claim.pk, viewer=request.user),
    }
    return render(request, "annotations/timeline.html", context)


@reviewer_required
@require_GET
def article_activity(request, pk: int):
    """Everything that happened to an article's claims, newest first."""
    article = get_object_or_404(Article.objects.defer("body"), pk=pk)
    context = {
        "article": article,
        "entries": selectors.article_activity(article.pk, viewer=request.user),
    }
    return render(request, "annotations/activity.html", context)
