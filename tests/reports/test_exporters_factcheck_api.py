"""The Google Fact Check Tools API payload (ClaimReviewMarkupPage, v1alpha1).

Field names and types from the API's REST reference (resource `pages`):
ClaimReviewMarkupPage {name, pageUrl, publishDate, claimReviewAuthor,
claimReviewMarkups[], versionId}; ClaimReviewAuthor {name, imageUrl};
ClaimReviewMarkup {url, claimReviewed, claimDate, claimLocation,
claimFirstAppearance, claimAppearances[], claimAuthor, rating}; ClaimAuthor {name,
jobTitle, imageUrl, sameAs}; ClaimRating {textualRating, ratingValue, worstRating,
bestRating, ratingExplanation, imageUrl}, the three numbers being integers. `name`
and `versionId` are output-only and must not be sent on create.
"""

import json

from reports.exporters import get

PAGE = {"pageUrl", "publishDate", "claimReviewAuthor", "claimReviewMarkups"}
AUTHOR = {"name", "imageUrl"}
MARKUP = {
    "url",
    "claimReviewed",
    "claimDate",
    "claimLocation",
    "claimFirstAppearance",
    "claimAppearances",
    "claimAuthor",
    "rating",
}
CLAIM_AUTHOR = {"name", "jobTitle", "imageUrl", "sameAs"}
RATING = {
    "textualRating",
    "ratingValue",
    "worstRating",
    "bestRating",
    "ratingExplanation",
    "imageUrl",
}


def payload(snapshot) -> dict:
    return json.loads(get("factcheck-api").render(snapshot))


def test_only_documented_fields_with_their_types(seed, hostile):
    for snapshot in (seed, hostile):
        page = payload(snapshot)
        assert set(page) <= PAGE
        assert set(page["claimReviewAuthor"]) <= AUTHOR
        for markup in page["claimReviewMarkups"]:
            assert set(markup) <= MARKUP
            assert set(markup.get("claimAuthor", {})) <= CLAIM_AUTHOR
            assert set(markup["rating"]) <= RATING
            assert isinstance(markup.get("claimAppearances", []), list)
            for key in ("ratingValue", "worstRating", "bestRating"):
                if key in markup["rating"]:
                    assert type(markup["rating"][key]) is int
            for value in (markup["url"], markup["claimReviewed"]):
                assert isinstance(value, str)


def test_the_page_and_its_markups(seed):
    page = payload(seed)
    assert page["pageUrl"] == "https://desk.example.org/reports/12/"
    assert page["publishDate"] == "2026-11-30"  # the first publication
    assert page["claimReviewAuthor"] == {"name": "Example Fact Desk"}
    markups = page["claimReviewMarkups"]
    assert len(markups) == len(seed["claims"])
    assert markups[1] == {
        "url": "https://desk.example.org/reports/12/#claim-2",
        "claimReviewed": seed["claims"][1]["text"],
        "claimAuthor": {"name": "SpaceNews"},
        "claimDate": "2021-03-09",
        "claimAppearances": ["https://www.example.com/china-russia-moon-base"],
        "rating": {
            "textualRating": "True",
            "ratingValue": 5,
            "bestRating": 5,
            "worstRating": 1,
            "ratingExplanation": seed["claims"][1]["verdict"]["explanation"],
        },
    }
    misleading = markups[3]["rating"]
    assert misleading["textualRating"] == "Misleading"
    assert "ratingValue" not in misleading


def test_a_logo_becomes_the_author_image_only_when_linkable(seed):
    seed["organisation"]["logo"] = "https://desk.example.org/logo.png"
    assert payload(seed)["claimReviewAuthor"]["imageUrl"] == (
        "https://desk.example.org/logo.png"
    )
    seed["organisation"]["logo"] = "javascript:alert(1)"
    assert "imageUrl" not in payload(seed)["claimReviewAuthor"]


def test_rating_numbers_only_on_a_scale_google_accepts(seed):
    # The API's ClaimRating mirrors ClaimReview.reviewRating; Google's fact-check
    # guideline: worstRating at least 1 and less than bestRating, ratingValue
    # between them inclusive. A scale from 0 breaks it, so only the words are sent.
    for label in seed["scale"]["labels"]:
        if label["ordinal"] is not None:
            label["ordinal"] -= 1
    seed["scale"]["best"], seed["scale"]["worst"] = 4, 0
    for claim in seed["claims"]:
        if claim["verdict"]["ordinal"] is not None:
            claim["verdict"]["ordinal"] -= 1
    for markup in payload(seed)["claimReviewMarkups"]:
        assert markup["rating"]["textualRating"]
        assert not {"ratingValue", "bestRating", "worstRating"} & set(markup["rating"])
