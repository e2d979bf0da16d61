"""schema.org ClaimReview markup (JSON-LD): one ClaimReview per checked claim.

Follows Google's documented fact-check markup: the required `claimReviewed`,
`reviewRating` (with `alternateName`) and `url`, and the recommended `author`,
`datePublished` and `itemReviewed` (a `Claim` with its `author`, `datePublished` and
`appearance`), plus `dateModified` after a correction. Each is given whenever the
snapshot holds its data and left out otherwise (docs/REPORT_FORMATS.md has the
mapping). Every property emitted exists on its type in schema.org; the tests
check each pair against the vocabulary.

The file is a JSON array of the same ClaimReview objects the HTML report embeds,
each with its own "@context", one per `<script type="application/ld+json">`.
"""

from __future__ import annotations

from reports.exporters._base import Exporter
from reports.exporters._common import (
    canonical_json,
    claim_reviewed,
    claim_url,
    iso_date,
    linkable_url,
    parse_datetime,
    rating_numbers,
    text,
    verdict_published_at,
)

SCHEMA_CONTEXT = "https://schema.org"
CLAIM_AUTHOR_TYPES = frozenset({"Person", "Organization"})


def organisation(snapshot: dict) -> dict:
    """The desk as a schema.org Organization (name, and url/logo when linkable)."""
    source = snapshot.get("organisation") or {}
    node = {"@type": "Organization", "name": text(source.get("name"))}
    url = linkable_url(source.get("url"))
    if url:
        node["url"] = url
    logo = linkable_url(source.get("logo"))
    if logo:
        node["logo"] = logo
    return node


def rating(snapshot: dict, claim: dict) -> dict:
    """The verdict as a schema.org Rating.

    `alternateName` (and `name`) always carry the label's words, which is what search
    engines show. The numbers are given only when the label sits on the scale and
    the scale is one Google's guideline accepts (`_common.rating_numbers`: worst at
    least 1, below best, the value between them): Misleading or Unverifiable have no
    number, and a number without its range would be read on a default 1-5 scale.
    """
    verdict = claim.get("verdict") or {}
    node = {
        "@type": "Rating",
        "alternateName": text(verdict.get("name")),
        "name": text(verdict.get("name")),
    }
    numbers = rating_numbers(snapshot, claim)
    if numbers is not None:
        node["ratingValue"], node["bestRating"], node["worstRating"] = numbers
    explanation = text(verdict.get("explanation")).strip()
    if explanation:
        node["ratingExplanation"] = explanation
    return node


def reviewed_claim(snapshot: dict, claim: dict) -> dict:
    """The claim as a schema.org Claim: who made it, when, and where it appeared."""
    article = snapshot.get("article") or {}
    node: dict = {"@type": "Claim"}
    attribution = text(claim.get("attribution")).strip()
    kind = claim.get("attribution_type")
    if attribution and kind in CLAIM_AUTHOR_TYPES:
        node["author"] = {"@type": kind, "name": attribution}
    # schema.org Date: ISO 8601, as Google's guideline asks; anything else is left out.
    published_on = iso_date(article.get("published_on"))
    if published_on:
        node["datePublished"] = published_on
    # The claim is in the article's words, so in its language (a BCP 47 tag). The
    # review's own language is not said: its explanation is the desk's writing.
    language = text(article.get("language")).strip()
    if language:
        node["inLanguage"] = language
    article_url = linkable_url(article.get("url"))
    if article_url:
        appearance = {"@type": "CreativeWork", "url": article_url}
        if language:
            appearance["inLanguage"] = language
        if text(article.get("title")).strip():
            appearance["headline"] = text(article.get("title")).strip()
        if text(article.get("publisher")).strip():
            appearance["publisher"] = {
                "@type": "Organization",
                "name": text(article.get("publisher")).strip(),
            }
        node["appearance"] = appearance
    return node


def review_dates(snapshot: dict, claim: dict) -> tuple[str, str]:
    """(datePublished, dateModified) of the claim's review, each "" when unknown.

    Published is when the claim's review first went public (the revision block's
    `claims_first_published`); modified is when its current verdict first went
    public (`verdict_published_at`), given only when that is later: a correction.
    A snapshot without the map (frozen before it existed) dates the review by its
    current verdict and has no modification date.
    """
    current = verdict_published_at(snapshot, claim)
    known = (snapshot.get("report") or {}).get("claims_first_published")
    first = known.get(str(claim.get("id"))) if isinstance(known, dict) else None
    first_time = parse_datetime(first)
    current_time = parse_datetime(current)
    if first_time is None:
        return (current if current_time is not None else ""), ""
    if current_time is not None and current_time > first_time:
        return text(first), current
    return text(first), ""


def claim_review(snapshot: dict, claim: dict) -> dict:
    """One claim's ClaimReview, with its own "@context" so it stands alone.

    `datePublished` is when the claim's review first went public, and
    `dateModified` when a correction changed its verdict (see
    docs/REPORT_FORMATS.md); the rating is always the current verdict's.
    """
    node = {
        "@context": SCHEMA_CONTEXT,
        "@type": "ClaimReview",
        "url": claim_url(snapshot, claim),
        "claimReviewed": claim_reviewed(claim),
        "author": organisation(snapshot),
    }
    # schema.org DateTime in ISO 8601 (Google: "Follow the ISO 8601 format"); a
    # value that does not parse is left out rather than passed on.
    published, modified = review_dates(snapshot, claim)
    if published:
        node["datePublished"] = published
    if modified:
        node["dateModified"] = modified
    node["reviewRating"] = rating(snapshot, claim)
    node["itemReviewed"] = reviewed_claim(snapshot, claim)
    return node


def claim_reviews(snapshot: dict) -> list[dict]:
    """Every checked claim's ClaimReview, in body order."""
    return [claim_review(snapshot, claim) for claim in snapshot.get("claims") or ()]


class ClaimReviewExporter(Exporter):
    identifier = "claimreview"
    label = "ClaimReview (schema.org JSON-LD)"
    content_type = "application/ld+json"
    extension = "jsonld"
    position = 60

    def render(self, snapshot: dict) -> bytes:
        """A JSON array of ClaimReview objects."""
        return canonical_json(claim_reviews(snapshot)).encode("utf-8")


exporters = (ClaimReviewExporter(),)
