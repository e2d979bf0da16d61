"""The claim panel: everything the panel shows of one claim for one viewer, its
forms (blank, or bound to what the viewer typed when a write was refused), and
where a write's message shows."""

from __future__ import annotations

import dataclasses
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext, ngettext, pgettext_lazy

from annotations import agreement, policies, selectors, services
from annotations.extraction import split_points
from annotations.extraction.splitting.languages import kinds_language, rules_language
from annotations.language_names import language_name
from annotations.models import (
    CaptureOrigin,
    CaptureState,
    Claim,
    GapKind,
    QuoteStatus,
    Severity,
    Stance,
)
from annotations.selectors.sourcing import already_checked
from annotations.services import captures as captures_service
from annotations.sourcing import details as gap_details
from desk import forms
from desk.highlight import checkworthiness_band
from desk.presenters.claims import people_names, top_reasons

PANEL_HISTORY = 12
WORKING = {"open", "in_progress", "returned"}
SEVERITY_ORDER = {"high": 0, "medium": 1, "low": 2}
# Forms whose message shows in their section whatever the claim's state now.
SECTION_SLOTS = {
    "cite": "citations",
    "upload": "citations",
    "cite-remove": "citations",
    "cite-edit": "citations",
    "rating-remove": "ratings",
    "submit": "submit",
    "withdraw": "submit",
}
SEGMENT_SLOTS = {"rebound", "split", "merge", "kind", "dismiss", "restore"}
# What a reviewer may change on a citation they cite (the edit form's fields).
CITATION_EDITABLE = ("stance", "quote", "locator", "note")


class _Delegating:
    """Reads what the presenter does not have from the model instance it wraps."""

    def __getattr__(self, name: str):
        if name == "item":
            raise AttributeError(name)
        return getattr(self.item, name)


# The band beside the check-worthiness score, in words (the band itself is a code
# the highlighting's classes use).
CHECKWORTHINESS_WORDS = {
    "high": pgettext_lazy("check-worthiness band", "high"),
    "medium": pgettext_lazy("check-worthiness band", "medium"),
    "low": pgettext_lazy("check-worthiness band", "low"),
}


@dataclasses.dataclass(frozen=True)
class CitationEntry(_Delegating):
    """A citation on the panel, with what this viewer may do to it and what its edit
    form holds (the stored values, or what the viewer typed when their save of it
    was refused, so nothing typed is lost)."""

    item: Any
    can_edit: bool
    can_remove: bool
    edit: dict
    quote_check: QuoteLine | None = None
    capture_line: CaptureLine | None = None


@dataclasses.dataclass(frozen=True)
class QuoteLine:
    """What the panel says of a citation's quote: the check's status (a code for
    the class, words for the reader), and the capture it was checked against with
    the links to its text and file."""

    status: str
    words: str
    detail: str
    capture: Any
    text_url: str
    download_url: str


def quote_line(claim, citation) -> QuoteLine | None:
    """The quote check of a citation as the panel shows it; None when it quotes
    nothing or was never checked."""
    check = getattr(citation, "quote_check", None)
    if not citation.quote or check is None:
        return None
    capture = check.capture
    detail = ""
    if check.status == QuoteStatus.FUZZY and check.similarity is not None:
        detail = gettext("%(percent)s%% alike") % {
            "percent": int(check.similarity * 100)
        }
    elif check.status == QuoteStatus.CAPTURE_FAILED and capture is not None:
        detail = capture.error or capture.error_code
    text_url = download_url = ""
    if capture is not None and capture.state == CaptureState.CAPTURED:
        text_url = reverse("capture-text", args=[claim.pk, capture.pk])
        if check.start is not None:
            text_url += f"?citation={citation.pk}#quote"
        if capture.file_path:
            download_url = reverse("capture-download", args=[claim.pk, capture.pk])
    return QuoteLine(
        status=check.status,
        words=str(check.get_status_display()),
        detail=detail,
        capture=capture if text_url else None,
        text_url=text_url,
        download_url=download_url,
    )


@dataclasses.dataclass(frozen=True)
class CaptureLine:
    """What the panel says of the capture of a citation's source when the citation
    has no quote line: its state (a code for the class, words for the reader), why
    it failed, and the links to a stored capture's text and file."""

    status: str
    words: str
    detail: str
    capture: Any
    text_url: str
    download_url: str


def capture_line(claim, citation) -> CaptureLine | None:
    """The source's capture as the panel shows it for a citation without a quote
    check: its newest captured capture (a later pending or failed one does not take
    the evidence away, as for quotes), else its newest capture of any state, else
    "not captured yet" for a source with a URL; None for a source with neither.
    Needs `source.panel_captures` (`selectors.citations_captures`)."""
    source = citation.source
    captures = getattr(source, "panel_captures", None) or []
    stored = next((c for c in captures if c.state == CaptureState.CAPTURED), None)
    capture = stored or (captures[0] if captures else None)
    if capture is None:
        if not source.url:
            return None
        return CaptureLine(
            status="none",
            words=str(QuoteStatus.NO_CAPTURE.label),
            detail="",
            capture=None,
            text_url="",
            download_url="",
        )
    text_url = download_url = detail = ""
    if capture.state == CaptureState.CAPTURED:
        text_url = reverse("capture-text", args=[claim.pk, capture.pk])
        if capture.file_path:
            download_url = reverse("capture-download", args=[claim.pk, capture.pk])
    elif capture.state == CaptureState.FAILED:
        detail = captures_service.capture_error_said(capture)
    words = (
        capture.get_origin_display()
        if capture.origin == CaptureOrigin.UPLOADED
        else capture.get_state_display()
    )
    return CaptureLine(
        status=capture.state,
        words=str(words),
        detail=detail,
        capture=capture if text_url else None,
        text_url=text_url,
        download_url=download_url,
    )


@dataclasses.dataclass(frozen=True)
class RatingEntry(_Delegating):
    """A rating on the panel, with whether this viewer may remove it."""

    item: Any
    can_remove: bool


def citation_entries(viewer, claim, citations, editing) -> list[CitationEntry]:
    """The panel's citations; `editing` is the refused edit form's data, if any."""
    entries = []
    for citation in citations:
        refused = editing is not None and editing.get("citation_id") == str(citation.pk)
        if refused:
            values = {field: editing.get(field, "") for field in CITATION_EDITABLE}
        else:
            values = {field: getattr(citation, field) for field in CITATION_EDITABLE}
        quoted = quote_line(claim, citation)
        entries.append(
            CitationEntry(
                item=citation,
                can_edit=policies.can_edit_citation(viewer, citation, claim),
                can_remove=policies.can_remove_citation(viewer, citation, claim),
                edit={
                    **values,
                    "seen": citation.updated_at.isoformat(),
                    "open": refused,
                },
                quote_check=quoted,
                capture_line=None if quoted else capture_line(claim, citation),
            )
        )
    return entries


def hand_in(claim, progress, viewer, actions) -> str:
    """Where the claim's hand-in stands, said to this viewer: how many ratings are
    submitted of how many it needs, and whether theirs is needed (the panel)."""
    if claim.kind != Claim.Kind.CLAIM or claim.dismissed_at is not None:
        return ""
    count = ngettext(
        "%(submitted)s of %(required)s rating submitted",
        "%(submitted)s of %(required)s ratings submitted",
        progress.required,
    ) % {"submitted": progress.submitted, "required": progress.required}
    if claim.status == "submitted":
        return gettext("%(count)s. Waiting for an editor.") % {"count": count}
    if claim.status not in WORKING:
        return ""
    waiting = [
        person for person in progress.assignees_waiting if person.pk != viewer.pk
    ]
    if not (progress.submitted or progress.required > 1 or waiting):
        return ""  # one rating needed and nobody has handed in: nothing to say yet
    values = {
        "count": count,
        "more": progress.more_needed,
        "people": people_names(waiting),
    }
    if progress.has_submitted(viewer):
        if progress.more_needed > 1:
            said = ngettext(
                "%(count)s (yours); it goes to the editors once %(more)s more "
                "reviewer submits theirs.",
                "%(count)s (yours); it goes to the editors once %(more)s more "
                "reviewers submit theirs.",
                progress.more_needed,
            )
        elif progress.more_needed:
            said = gettext(
                "%(count)s (yours); it goes to the editors once one more reviewer "
                "submits a rating."
            )
        else:
            said = gettext(
                "%(count)s (yours); it goes to the editors once %(people)s submit too."
            )
        return said % values
    mine = next((r for r in claim.ratings.all() if r.reviewer_id == viewer.pk), None)
    if mine is not None:
        if progress.more_needed <= 1 and not waiting:
            said = gettext("%(count)s; submit yours to send the claim to the editors.")
        else:
            said = gettext("%(count)s; submit yours too (%(more)s more needed).")
        return said % values
    if actions.rate:
        return gettext("%(count)s; yours is needed.") % values
    if waiting:
        return gettext("%(count)s. Waiting for %(people)s.") % values
    return gettext("%(count)s.") % values


def submit_help(progress, viewer) -> str:
    """What the submit button does with the viewer's rating."""
    after = progress.submitted + (0 if progress.has_submitted(viewer) else 1)
    waiting = [p for p in progress.assignees_waiting if p.pk != viewer.pk]
    if after >= progress.required and not waiting:
        return gettext(
            "Hands your rating to the editors; with it the claim goes to them."
        )
    values = {"count": progress.required, "people": people_names(waiting)}
    if waiting:
        said = ngettext(
            "Hands your rating in: the claim goes to the editors once %(count)s "
            "rating is submitted, %(people)s's among them.",
            "Hands your rating in: the claim goes to the editors once %(count)s "
            "ratings are submitted, %(people)s's among them.",
            progress.required,
        )
    else:
        said = ngettext(
            "Hands your rating in: the claim goes to the editors once %(count)s "
            "rating is submitted.",
            "Hands your rating in: the claim goes to the editors once %(count)s "
            "ratings are submitted.",
            progress.required,
        )
    return said % values


def gap_lines(stored, findings) -> list[dict]:
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
                "kind": str(GapKind(gap.kind).label),
                "severity": (finding or gap).severity,
                "detail": gap_details.said(finding or gap),
            }
        )
    for key, finding in found.items():
        if key not in recorded:
            lines.append(
                {
                    "state": "new",
                    "kind": str(GapKind(finding.kind).label),
                    "severity": finding.severity,
                    "detail": gap_details.said(finding),
                }
            )
    for line in lines:
        line["severity_label"] = str(Severity(line["severity"]).label)
    lines.sort(
        key=lambda line: (
            line["state"] == "pending",
            SEVERITY_ORDER.get(line["severity"], 9),
        )
    )
    return lines


def live_gap_count(lines) -> int:
    """The gaps a claim has now (the ones its last change resolved left out)."""
    return sum(1 for line in lines if line["state"] != "pending")


def approve_initial(verdict, ratings) -> dict:
    """Start the approve form from the verdict, else the label the reviewers agree
    on (nothing is preselected when they disagree)."""
    if verdict is not None:
        return {"label": verdict.label_id, "explanation": verdict.explanation}
    labels = {r.label_id for r in ratings}
    return {"label": labels.pop()} if len(labels) == 1 else {}


def split_point_choices(claim) -> list[tuple[int, str, bool]]:
    """The panel's short list of places to split the claim, best first, as
    (offset, label, chosen): the first is the one the form starts on."""
    points = split_points.split_points(claim.text, claim.start)
    return [
        (point.at, f"{point.label} ({point.kind})", index == 0)
        for index, point in enumerate(points)
    ]


def feedback_slot(form_name: str, shown: dict[str, bool]) -> str:
    """The slot beside the form that caused a message, if that form is on the panel
    now (a form the claim's new state hides cannot hold it), else the panel's top."""
    if shown.get(form_name):
        return form_name
    return SECTION_SLOTS.get(form_name, "panel")


def panel_context(
    viewer,
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
    """The template context of one claim's panel for `viewer` ({} when the claim is
    gone). `error_form`/`bound` name the refused form and what was posted to it (it
    comes back bound, with its errors); `notice_form` the form a success came from."""
    try:
        claim = selectors.claim_for_panel(claim_id, viewer=viewer)
    except Claim.DoesNotExist:
        return {}
    labels = labels if labels is not None else selectors.rating_labels(claim)
    # Only the ratings the viewer may read (blind review: the selector applies it).
    ratings = list(claim.ratings.all())
    hidden_ratings = selectors.hidden_rating_count(claim)
    mine = next((r for r in ratings if r.reviewer_id == viewer.pk), None)
    actions = policies.claim_actions(
        viewer, claim, ratings, hidden_ratings=hidden_ratings
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
    editing = bound if error_form == "cite-edit" and bound is not None else None
    citations = citation_entries(viewer, claim, claim.citations.all(), editing)
    rating_entries = [
        RatingEntry(
            item=rating,
            can_remove=policies.can_remove_rating(viewer, rating, claim),
        )
        for rating in ratings
    ]
    verdict = claim.verdict if hasattr(claim, "verdict") else None
    progress = services.workflow.submission_progress(claim, claim.handed_in)
    lines = gap_lines(claim.open_gaps, services.workflow.current_findings(claim))
    choices = split_point_choices(claim)
    following = selectors.next_segment(claim)
    editing_open = any(c.edit["open"] and c.can_edit for c in citations)
    # Where the message shows: beside the form that caused it when that form is on
    # the panel now, else at the top of the panel.
    slot = feedback_slot(
        error_form if error else notice_form,
        {
            "attribution": actions.edit_segment and bool(error),
            "rebound": actions.edit_segment,
            "kind": actions.edit_segment,
            "split": actions.edit_segment and bool(choices),
            "merge": actions.edit_segment and following is not None,
            "dismiss": actions.edit_segment
            and (claim.dismissed_at is None or (error_form == "dismiss" and error)),
            "restore": actions.edit_segment and claim.dismissed_at is not None,
            "cite": actions.cite and bool(error),
            "upload": actions.cite and bool(error),
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
        # With no kind or attribution rules for the article's language (or kind
        # rules only), the panel says so (docs/EXTRACTION.md, "Languages").
        "panel_language_name": language_name(claim.article.language),
        "panel_rules_language": rules_language(claim.article.language),
        "panel_kinds_language": kinds_language(claim.article.language),
        "panel_feedback_slot": slot,
        "panel_segment_open": slot in SEGMENT_SLOTS,
        "panel_actions": actions,
        "panel_verdict": verdict,
        "panel_citations": citations,
        "panel_ratings": rating_entries,
        "panel_hidden_ratings": hidden_ratings,
        "panel_agreement": agreement.claim_agreement(
            [(r.label.name, r.label.ordinal) for r in ratings]
        )
        if actions.see_ratings
        else None,
        "panel_hand_in": hand_in(claim, progress, viewer, actions),
        "panel_submit_help": submit_help(progress, viewer),
        "panel_comments": list(claim.comments.all()),
        "panel_my_rating": mine,
        "panel_gaps": lines,
        "panel_gap_count": live_gap_count(lines),
        "panel_already_checked": already_checked(
            [claim], viewer=viewer, desk=claim.article.workspace
        ).get(claim.pk, []),
        "panel_assignees": list(claim.assignees.all()),
        "panel_history": selectors.claim_timeline(
            claim.pk, viewer=viewer, limit=PANEL_HISTORY
        ),
        "panel_next": following,
        "panel_split_points": choices,
        "panel_split_tokens": split_points.split_tokens(claim.text, claim.start)
        if choices
        else [],
        "panel_cw_band": CHECKWORTHINESS_WORDS[
            checkworthiness_band(claim.checkworthiness)
        ],
        "panel_reasons": top_reasons(claim.signals, limit=3),
        "panel_error": error,
        "panel_error_status": error_status,
        "panel_error_form": error_form,
        "panel_notice": notice,
        "citation_form": form("cite", forms.CitationForm),
        "upload_form": form("upload", forms.EvidenceUploadForm),
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
            people=selectors.desk_people(claim.article.workspace_id),
        )
        if actions.assign
        else None,
        "approve_form": form(
            "approve",
            forms.ApproveForm,
            approve_initial(verdict, ratings),
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
