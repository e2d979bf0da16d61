"""Words for codes: every status, state or gap kind a page shows goes through one
mapping here, so no template spells one itself (tests/test_status_words.py,
tests/test_words_not_codes.py)."""

from django import template
from django.utils.translation import gettext, gettext_noop

from annotations import wording, workflow
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
)


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
