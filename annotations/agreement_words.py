"""Krippendorff's alpha in words, in the reader's language.

The agreement module is pure (no Django) and says its readings in English; the
pages and the API say them through these functions, which word the same facts
(`Alpha.reading_code`, its counts) with gettext (docs/WORKFLOW.md, "Agreement")."""

from __future__ import annotations

from django.utils.translation import gettext, ngettext

from annotations.agreement import Alpha


def reading(alpha: Alpha) -> str:
    """What the figure means: "reliable", "tentative", "low: discuss the scale", or
    why there is none yet."""
    code = alpha.reading_code
    if code == "several_scales":
        return gettext("several scales: read each scale's figure")
    if code == "not_enough":
        return ngettext(
            "not enough ratings yet (%(count)s more needed)",
            "not enough ratings yet (%(count)s more needed)",
            alpha.ratings_needed,
        ) % {"count": alpha.ratings_needed}
    if code == "no_variation":
        return gettext("no variation yet: every rating is the same label")
    if code == "reliable":
        return gettext("reliable")
    if code == "tentative":
        return gettext("tentative")
    return gettext("low: discuss the scale")


def reason(alpha: Alpha) -> str:
    """Why there is no figure, in sentences ("" when there is one)."""
    code = alpha.reading_code
    if alpha.value is not None:
        return ""
    if code == "several_scales":
        return gettext(
            "The ratings are on %(scales)s rating scales, whose steps do not "
            "compare: agreement is measured on each scale apart."
        ) % {"scales": alpha.scales}
    if code == "not_enough":
        so_far = ngettext(
            "%(count)s claim is so far.", "%(count)s claims are so far.", alpha.units
        ) % {"count": alpha.units}
        needed = ngettext(
            "It needs at least %(count)s more rating.",
            "It needs at least %(count)s more ratings.",
            alpha.ratings_needed,
        ) % {"count": alpha.ratings_needed}
        return " ".join(
            (
                gettext(
                    "Agreement is measured once %(minimum)s claims are rated by two "
                    "or more reviewers on the True-False scale;"
                )
                % {"minimum": alpha.minimum_units},
                so_far,
                needed,
            )
        )
    return gettext(
        "Every rating so far gives the same label, so there is no variation to "
        "measure agreement against yet."
    )
