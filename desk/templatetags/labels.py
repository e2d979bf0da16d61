"""Words for codes: every status, state or gap kind a page shows goes through one
mapping here, so no template spells one itself (tests/test_status_words.py,
tests/test_words_not_codes.py)."""

from django import template

from annotations import wording, workflow
from annotations.models import GapKind

register = template.Library()


@register.filter
def state_label(code) -> str:
    """An article's status or its report's publication status, in words."""
    return workflow.state_label(code)


@register.filter
def gap_kind_label(code) -> str:
    """A sourcing-gap kind in words ("no_source" → "No source"), from GapKind, the
    one list of kinds and their labels."""
    try:
        return GapKind(code).label
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
