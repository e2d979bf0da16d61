"""Links the pages build to the desk's own places, from the one builder of each
(annotations.siteurl), so a template never spells a claim's address itself."""

from django import template

from annotations import siteurl

register = template.Library()


@register.simple_tag
def claim_path(article_id, claim_id) -> str:
    """{% claim_path article.pk claim.pk %}: the claim's panel on its article page."""
    return siteurl.claim_path(article_id, claim_id)
