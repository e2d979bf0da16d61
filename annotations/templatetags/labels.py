"""Words for codes: every status, state or gap kind a page shows goes through one
mapping here, so no template spells one itself (tests/test_status_words.py,
tests/test_words_not_codes.py)."""

from django import template

from annotations import workflow

register = template.Library()


@register.filter
def state_label(code) -> str:
    """An article's status or its report's publication status, in words."""
    return workflow.state_label(code)
