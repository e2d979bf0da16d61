"""Render an article body with its segments marked, from escaped pieces only.

Article text is untrusted: every piece of it passes through `escape` here, and the
markup around it is built with `format_html`. Each run of text carries its body
offsets (`data-start`/`data-end`) so the browser can map a selection back onto the
stored body exactly.
"""

from collections.abc import Sequence

from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext, gettext_lazy, ngettext

from annotations.models import Claim
from annotations.segments import Segment

STATUS_LABELS = {
    "open": gettext_lazy("Open"),
    "in_progress": gettext_lazy("In progress"),
    "submitted": gettext_lazy("Submitted"),
    "returned": gettext_lazy("Returned"),
    "approved": gettext_lazy("Approved"),
}
# A text badge beside the colour, so status never rests on colour alone. Each has
# its own shape (none is another's mirror image): an empty circle to do, a pencil
# being worked, an arrow sent to the editors, a hook back, a tick approved.
STATUS_ICONS = {
    "open": "○",
    "in_progress": "✎",
    "submitted": "➤",
    "returned": "↩",
    "approved": "✓",
}
DISMISSED_ICON = "⊘"


def _plain(body: str, start: int, end: int) -> str:
    return format_html(
        '<span class="txt" data-start="{}" data-end="{}">{}</span>',
        start,
        end,
        body[start:end],
    )


def segment_label(segment: Segment) -> str:
    if segment.kind != "claim":
        return gettext("not a claim: %(kind)s") % {"kind": _kind_word(segment.kind)}
    if segment.dismissed:
        return gettext("Dismissed")
    status = str(STATUS_LABELS.get(segment.status, segment.status))
    if segment.verdict:
        return gettext("%(status)s: %(verdict)s") % {
            "status": status,
            "verdict": segment.verdict,
        }
    return status


def _kind_word(kind: str) -> str:
    """A segment kind in the reader's words, as a tooltip says it mid-sentence."""
    try:
        return str(Claim.Kind(kind).label).lower()
    except ValueError:
        return kind


def segment_title(segment: Segment) -> str:
    """The tooltip: everything the colours say, in words."""
    parts = [f"#{segment.id}", segment_label(segment)]
    if segment.kind == "claim":
        parts.append(
            gettext("check-worthiness %(score)s")
            % {"score": f"{segment.checkworthiness:.2f}"}
        )
        parts.append(sources_counted(segment.citations))
        parts.append(ratings_counted(segment.ratings))
    if segment.open_gaps:
        parts.append(open_gaps_counted(segment.open_gaps))
    return " · ".join(parts)


# A claim's counts in words, the same on the highlighted text and the claim index.
def sources_counted(count: int) -> str:
    return ngettext("%(count)s source", "%(count)s sources", count) % {"count": count}


def ratings_counted(count: int) -> str:
    return ngettext("%(count)s rating", "%(count)s ratings", count) % {"count": count}


def open_gaps_counted(count: int) -> str:
    return ngettext("%(count)s open gap", "%(count)s open gaps", count) % {
        "count": count
    }


def checkworthiness_band(value: float) -> str:
    if value >= 0.66:
        return "high"
    if value >= 0.33:
        return "medium"
    return "low"


def render_body(
    body: str,
    segments: Sequence[Segment],
    *,
    selected: int | None = None,
    interactive: bool = True,
    checkworthy: float | None = None,
):
    """The body as HTML with one element per segment, every text run escaped.

    With `interactive` off (readers of a published report) segments are marked but are
    not buttons: no tab stop, no button role, no pointer. Claims below the
    `checkworthy` threshold that nobody has worked on are muted, so the strong
    highlight goes to what is worth checking.
    """
    parts: list[str] = []
    cursor = 0
    ordered = sorted(segments, key=lambda s: s.start)
    # One tab stop for the whole body (a roving tabindex): j/k and the arrow keys move
    # between claims, so Tab does not have to walk through hundreds of them.
    focus_id = selected
    if focus_id is None:
        focus_id = next((s.id for s in ordered if s.kind == "claim"), None)
    for segment in ordered:
        if segment.start < cursor or segment.end > len(body):
            continue  # overlapping or stale rows are skipped, never mis-rendered
        if segment.start > cursor:
            parts.append(_plain(body, cursor, segment.start))
        classes = ["seg", f"kind-{segment.kind}", f"status-{segment.status}"]
        if segment.kind != "claim":
            classes.append("nonclaim")
        if segment.dismissed:
            classes.append("dismissed")
        if segment.kind == "claim":
            classes.append(f"cw-{checkworthiness_band(segment.checkworthiness)}")
            if (
                checkworthy is not None
                and segment.checkworthiness < checkworthy
                and segment.status == "open"
                and not segment.verdict
            ):
                classes.append("cw-muted")
        if segment.verdict_polarity:
            classes.append(f"verdict-{segment.verdict_polarity}")
        if segment.open_gaps:
            classes.append("has-gaps")
        if segment.id == selected:
            classes.append("selected")
        if not interactive:
            classes.append("static")
        muted = "cw-muted" in classes
        icon = "" if segment.kind != "claim" else STATUS_ICONS.get(segment.status, "")
        if segment.dismissed:
            icon = DISMISSED_ICON
        if muted:
            icon = ""  # quiet: no badge, the underline and the label say it
        label = segment_label(segment)
        gaps = ""
        if segment.open_gaps and segment.kind == "claim" and not segment.dismissed:
            label += ", " + open_gaps_counted(segment.open_gaps)
            if not muted:
                # One summary badge per claim, with the count (the words are in
                # the hidden label and the tooltip), not a mark on every piece.
                gaps = format_html(
                    '<span class="gap-badge" aria-hidden="true">⚠{}</span>',
                    segment.open_gaps,
                )
        parts.append(
            format_html(
                '<span class="{}" id="claim-{}" data-claim="{}" data-start="{}" '
                'data-end="{}" data-cw="{}"{} title="{}">'
                '<span class="seg-badge" aria-hidden="true">{}</span>'
                '<span class="txt" data-start="{}" data-end="{}">{}</span>{}'
                '<span class="visually-hidden"> ({})</span></span>',
                " ".join(classes),
                segment.id,
                segment.id,
                segment.start,
                segment.end,
                f"{segment.checkworthiness:.2f}",
                _focus_attributes(segment, interactive, segment.id == focus_id),
                segment_title(segment),
                icon,
                segment.start,
                segment.end,
                body[segment.start : segment.end],
                gaps,
                label,
            )
        )
        cursor = segment.end
    if cursor < len(body):
        parts.append(_plain(body, cursor, len(body)))
    # Every part above is the output of format_html, so joining them is safe.
    return mark_safe("".join(parts))


def _focus_attributes(segment: Segment, interactive: bool, focused: bool) -> SafeString:
    """Desk-only attributes: the roving tab stop, and the version and source count
    the selection bar needs to carve a span out of the segment."""
    if not interactive:
        return mark_safe("")
    return format_html(
        ' tabindex="{}" role="button" data-version="{}" data-sources="{}"',
        0 if focused else -1,
        segment.version,
        segment.citations,
    )
