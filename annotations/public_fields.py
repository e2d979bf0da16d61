"""The words beside every field whose text the published report shows.

An editor who reads "Shown in the published report" under a field does not write an
internal note in it. Forms, API serializers (their help text is the OpenAPI
description), the admin and the templates that write such a field all take the
notice from here; which fields they are is one list next to the report snapshot,
`reports/published_fields.py`, which tests/test_published_fields.py holds to what
the snapshot really publishes.
"""

PUBLISHED = "Shown in the published report."
# Beside the free-text fields that look public but are not (notes, reasons).
INTERNAL = "For the desk only: never published."


def published(help_text: str = "") -> str:
    """`help_text` followed by the notice that the report shows this field."""
    return f"{help_text} {PUBLISHED}".strip()


def internal(help_text: str = "") -> str:
    """`help_text` followed by the notice that the field stays on the desk."""
    return f"{help_text} {INTERNAL}".strip()
