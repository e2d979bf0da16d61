"""The Google Fact Check Tools API's ClaimReviewMarkupPage, ready to send.

The payload of `pages.create` (and `pages.update`) in the API's v1alpha1 REST
reference: page-level `pageUrl`, `publishDate` and `claimReviewAuthor`, and one
`claimReviewMarkups` item per checked claim. Only documented fields are emitted;
`name` and `versionId` are the API's own, output-only, and left out.
"""

from __future__ import annotations

from reports.exporters._base import Exporter
from reports.exporters._common import (
    canonical_json,
    claim_reviewed,
    claim_url,
    first_published_at,
    iso_date,
    linkable_url,
    rating_numbers,
    text,
)


def claim_review_author(snapshot: dict) -> dict:
    """The desk: `name`, and `imageUrl` from its logo when linkable."""
    organisation = snapshot.get("organisation") or {}
    author = {"name": text(organisation.get("name"))}
    logo = linkable_url(organisation.get("logo"))
    if logo:
        author["imageUrl"] = logo
    return author


def claim_rating(snapshot: dict, claim: dict) -> dict:
    """`textualRating` always; the three integers only when the label sits on a
    scale Google's guideline accepts (`_common.rating_numbers`); `ratingExplanation`
    when written."""
    verdict = claim.get("verdict") or {}
    rating = {"textualRating": text(verdict.get("name"))}
    numbers = rating_numbers(snapshot, claim)
    if numbers is not None:
        rating["ratingValue"], rating["bestRating"], rating["worstRating"] = numbers
    explanation = text(verdict.get("explanation")).strip()
    if explanation:
        rating["ratingExplanation"] = explanation
    return rating


def claim_review_markup(snapshot: dict, claim: dict) -> dict:
    """One claim: its URL on the report page, text, author, date and appearance."""
    article = snapshot.get("article") or {}
    markup: dict = {
        "url": claim_url(snapshot, claim),
        "claimReviewed": claim_reviewed(claim),
    }
    attribution = text(claim.get("attribution")).strip()
    if attribution:
        markup["claimAuthor"] = {"name": attribution}
    claim_date = iso_date(article.get("published_on"))
    if claim_date:
        markup["claimDate"] = claim_date
    article_url = linkable_url(article.get("url"))
    if article_url:
        markup["claimAppearances"] = [article_url]
    markup["rating"] = claim_rating(snapshot, claim)
    return markup


def markup_page(snapshot: dict) -> dict:
    """The ClaimReviewMarkupPage.

    `publishDate` is page-level in the API ("each ClaimReview on this page will
    contain the same value"), so it is the report's first publication date.
    """
    page: dict = {"pageUrl": text((snapshot.get("report") or {}).get("url"))}
    published = iso_date(first_published_at(snapshot))
    if published:
        page["publishDate"] = published
    page["claimReviewAuthor"] = claim_review_author(snapshot)
    page["claimReviewMarkups"] = [
        claim_review_markup(snapshot, claim) for claim in snapshot.get("claims") or ()
    ]
    return page


class FactCheckApiExporter(Exporter):
    identifier = "factcheck-api"
    label = "Google Fact Check Tools API (ClaimReviewMarkupPage)"
    content_type = "application/json"
    extension = "json"
    position = 70

    def render(self, snapshot: dict) -> bytes:
        """The markup page as JSON."""
        return canonical_json(markup_page(snapshot)).encode("utf-8")


exporters = (FactCheckApiExporter(),)
