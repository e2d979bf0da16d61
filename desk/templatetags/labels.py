"""Words for codes: every status, state or gap kind a page shows goes through one
mapping here, so no template spells one itself (tests/test_status_words.py,
tests/test_words_not_codes.py)."""

from django import template
from django.utils.translation import gettext, gettext_noop, pgettext, pgettext_lazy

from annotations import wording, workflow
from annotations.extraction.splitting import features
from annotations.models import GapKind

register = template.Library()

# The pure workflow module says its labels in English; they are marked here so
# `makemessages` finds them, and said in the reader's language by the filter
# (tests/test_i18n_python.py checks the two lists agree).
STATE_WORDS = (
    gettext_noop("Draft"),
    gettext_noop("In review"),
    gettext_noop("Verified"),
    gettext_noop("Published"),
    gettext_noop("Not published"),
    gettext_noop("Changed since publication"),
    gettext_noop("Taken down"),
)
# The gap kinds' labels (annotations.sourcing.gaps.KINDS, pure too), which
# annotations.models.GapKind says through gettext_lazy.
GAP_KIND_WORDS = (
    gettext_noop("No source"),
    gettext_noop("Single source"),
    gettext_noop("Sources not independent"),
    gettext_noop("Attributed source not cited"),
    gettext_noop("No primary source"),
    gettext_noop("Verdict unsupported"),
    gettext_noop("Dead link"),
    gettext_noop("No archived copy"),
    gettext_noop("Quote not in source"),
)

# The check-worthiness signals by their stable names (the pure splitter's
# `features.SIGNAL_LABELS` holds the same English; tests/test_i18n_python.py keeps
# the names equal). A word signal is said from its words, which stay as written.
SIGNAL_WORDS = {
    "number": pgettext_lazy("check-worthiness signal", "a number"),
    "quantity": pgettext_lazy("check-worthiness signal", "money or a percentage"),
    "date": pgettext_lazy("check-worthiness signal", "a date or time"),
    "named_entity": pgettext_lazy(
        "check-worthiness signal", "names a person, body or place"
    ),
    "official_action": pgettext_lazy(
        "check-worthiness signal", "names an official action"
    ),
    "attribution": pgettext_lazy("check-worthiness signal", "attributed to a source"),
    "comparison": pgettext_lazy(
        "check-worthiness signal", "a comparison or superlative"
    ),
    "causal": pgettext_lazy("check-worthiness signal", "says what caused what"),
    "hedge": pgettext_lazy("check-worthiness signal", "hedged"),
    "opinion_marker": pgettext_lazy("check-worthiness signal", "opinion word"),
    "first_person": pgettext_lazy(
        "check-worthiness signal", "speaks in the first person"
    ),
    "question": pgettext_lazy("check-worthiness signal", "a question"),
    "short": pgettext_lazy("check-worthiness signal", "a short sentence"),
    "long": pgettext_lazy("check-worthiness signal", "a long sentence"),
    features.BASIS_SIGNAL: pgettext_lazy(
        "check-worthiness signal",
        "language-independent score (no training data in this language)",
    ),
}


def signal_label(signal) -> str:
    """A stored check-worthiness signal in the reader's words: a named signal by
    its name, a word signal as "word '…'" around its own words; a signal the
    desk has no words for keeps its stored label."""
    if not isinstance(signal, dict):
        return ""
    name = signal.get("name") or ""
    stored = str(signal.get("label") or name)
    if name in SIGNAL_WORDS:
        return str(SIGNAL_WORDS[name])
    evidence = str(signal.get("evidence") or "")
    if name in ("word", "words") and evidence.strip():
        words = features.key_words(evidence)
        if name == "word":
            return pgettext("check-worthiness signal", "word '%(words)s'") % {
                "words": words
            }
        return pgettext("check-worthiness signal", "words '%(words)s'") % {
            "words": words
        }
    return stored


@register.filter
def signal_words(signal) -> str:
    """`signal_label` for templates."""
    return signal_label(signal)


@register.filter
def state_label(code) -> str:
    """An article's status or its report's publication status, in words, in the
    reader's language."""
    return gettext(workflow.state_label(code))


@register.filter
def gap_kind_label(code) -> str:
    """A sourcing-gap kind in words ("no_source" → "No source"), from GapKind, the
    one list of kinds and their labels."""
    try:
        return str(GapKind(code).label)
    except ValueError:
        return str(code).replace("_", " ").capitalize()


@register.filter
def gap_kind_labels(codes) -> str:
    """Several gap kinds in words, comma-separated."""
    return ", ".join(gap_kind_label(code) for code in codes or ())


@register.filter
def person_name(user, nobody: str = "") -> str:
    """A person as every page names them (annotations.wording.person_name); the
    argument is what to say when there is nobody:
    {{ comment.author|person_name:"someone" }}."""
    return wording.person_name(user or None, nobody)


@register.filter
def alpha_reading(alpha) -> str:
    """What an agreement figure means, in the reader's language."""
    from annotations import agreement_words

    return agreement_words.reading(alpha)


@register.filter
def alpha_reason(alpha) -> str:
    """Why an agreement figure is missing, in the reader's language ("" if not)."""
    from annotations import agreement_words

    return agreement_words.reason(alpha)
