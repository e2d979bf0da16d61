"""A sourcing gap's detail said in the reader's language (docs/I18N.md).

The pure rules (`annotations.sourcing.gaps`) store each finding's English sentence
as `detail`, with the message id and parameters it was said from (`detail_code`,
`detail_params`). Here each id has its marked sentence, said when the gap is shown:
in English the stored sentence is returned as it is (byte for byte what the rules
wrote), and a row whose id is empty or unknown, or whose parameters do not fit
(a row written before the ids, with a sentence no template matched), is shown as
stored.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from django.utils.translation import get_language, gettext, ngettext

from annotations.sourcing import gaps


def _count(params: Mapping[str, object]) -> int:
    return int(params["count"])  # type: ignore[call-overload]


# One marked sentence per id of `gaps.DETAIL_TEMPLATES`; counts through ngettext
# (tests/test_i18n_stored_text.py keeps the two lists equal).
SAYERS: dict[str, Callable[[Mapping[str, object]], str]] = {
    gaps.NO_SOURCE: lambda params: gettext("The claim cites no source."),
    gaps.SINGLE_SOURCE: lambda params: (
        ngettext(
            "%(count)s source cited; at least %(minimum)s are needed.",
            "%(count)s sources cited; at least %(minimum)s are needed.",
            _count(params),
        )
        % {"count": _count(params), "minimum": int(params["minimum"])}
    ),  # type: ignore[call-overload]
    gaps.NOT_INDEPENDENT: lambda params: (
        ngettext(
            "All %(count)s sources come from %(outlet)s; cite an independent one.",
            "All %(count)s sources come from %(outlet)s; cite an independent one.",
            _count(params),
        )
        % {"count": _count(params), "outlet": str(params["outlet"])}
    ),
    "not_independent_one_outlet": lambda params: (
        ngettext(
            "All %(count)s sources come from one outlet; cite an independent one.",
            "All %(count)s sources come from one outlet; cite an independent one.",
            _count(params),
        )
        % {"count": _count(params)}
    ),
    gaps.ATTRIBUTION_UNCITED: lambda params: (
        gettext(
            "The text attributes this to %(attribution)s; no citation comes from them."
        )
        % {"attribution": str(params["attribution"])}
    ),
    gaps.NO_PRIMARY: lambda params: gettext(
        "The claim reports an institution's statement or decision; cite the "
        "primary document or official statement."
    ),
    "verdict_unsupported_false": lambda params: gettext(
        "Rated on the false side, but no citation refutes the claim."
    ),
    "verdict_unsupported_true": lambda params: gettext(
        "Rated on the true side, but no citation supports the claim."
    ),
    gaps.DEAD_LINK: lambda params: (
        gettext("%(url)s is dead and has no archived copy.")
        % {"url": str(params["url"])}
    ),
    gaps.NO_ARCHIVE: lambda params: (
        gettext("%(url)s has no archived copy.") % {"url": str(params["url"])}
    ),
    gaps.QUOTE_NOT_IN_SOURCE: lambda params: (
        gettext("The quoted words are not in the capture of %(source)s.")
        % {"source": str(params["source"])}
    ),
    "quote_not_in_source_unnamed": lambda params: gettext(
        "The quoted words are not in the capture of the cited source."
    ),
}


def say(code: str, params: object, stored: str) -> str:
    """The detail of a gap or finding in the active language; `stored` (the
    English the rules wrote) in English or when the id cannot be said."""
    if (get_language() or "en").split("-")[0] == "en":
        return stored
    sayer = SAYERS.get(code or "")
    if sayer is None or not isinstance(params, Mapping):
        return stored
    try:
        return sayer(params)
    except (KeyError, TypeError, ValueError):
        return stored


def said(gap) -> str:
    """`say` for anything with `detail`, `detail_code` and `detail_params` (a
    SourcingGap row or a `gaps.Finding`)."""
    return say(
        getattr(gap, "detail_code", ""), getattr(gap, "detail_params", None), gap.detail
    )
