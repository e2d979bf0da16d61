"""Template helpers of the claim panel's sourcing partials (_already_checked.html,
_archive_field.html, _source_archive.html)."""

from django import template

from annotations.selectors.sourcing import already_checked

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


@register.simple_tag(takes_context=True)
def already_checked_for(context, claim):
    """Approved claims of other articles that resemble `claim` (one query)."""
    request = context.get("request")
    viewer = request.user if request is not None else context.get("user")
    return already_checked([claim], viewer=viewer).get(claim.pk, [])
