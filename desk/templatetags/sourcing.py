"""Template helpers of the claim panel's sourcing partials (_archive_field.html,
_source_archive.html). They only format: what a partial shows is read by the view
or its presenter (tests/test_architecture.py keeps template tags off the ORM)."""

from django import template

register = template.Library()

WAYBACK = "https://web.archive.org/web/"


@register.filter
def wayback_lookup(url: str) -> str:
    """The Wayback Machine's list of snapshots of `url` (opened by the reviewer, who
    picks one; the server never fetches it)."""
    url = (url or "").strip()
    if not url.lower().startswith(("http://", "https://")):
        return WAYBACK
    return f"{WAYBACK}*/{url}"
