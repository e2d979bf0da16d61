"""ClaimReview JSON-LD: schema.org's vocabulary and Google's fact-check requirements.

Every type/property pair emitted is checked against two offline copies of the
schema.org vocabulary (tests/reports/data/schemaorg/NOTICE.md): the official release
12.0 data and the current vocabulary as typed by schema-dts 2.1.0; object values must
also be of a type the property's range allows.

Google's fact-check markup documentation (Search Central, "Fact check (ClaimReview)
structured data") lists:
- ClaimReview: required `claimReviewed`, `reviewRating`, `url`; recommended
  `author`, `datePublished`, `itemReviewed`. The author has `name` and `url`.
- Claim: recommended `appearance`, `author`, `datePublished`, `firstAppearance`.
- Rating: required `alternateName`; recommended `bestRating`, `name`,
  `ratingValue`, `worstRating`.
"""

import csv
import json
from functools import cache
from pathlib import Path

import lxml.html
import pytest

from reports.exporters import get
from reports.exporters.claimreview import claim_reviews

VOCABULARY = Path(__file__).resolve().parent / "data" / "schemaorg"
GOOGLE_REQUIRED = {
    "ClaimReview": {"claimReviewed", "reviewRating", "url"},
    "Rating": {"alternateName"},
}
GOOGLE_RECOMMENDED = {
    "ClaimReview": {"author", "datePublished", "itemReviewed"},
    "Claim": {"appearance", "author", "datePublished", "firstAppearance"},
    "Rating": {"bestRating", "name", "ratingValue", "worstRating"},
}
# Recommended properties the exporter cannot fill from a snapshot: the article is
# where the desk met the claim, not necessarily where it first appeared.
NOT_KNOWN = {"Claim": {"firstAppearance"}}
TEXT_TYPES = {"Text", "URL", "Date", "DateTime"}
NUMBER_TYPES = {"Number", "Integer"}


def _name(url: str) -> str:
    return url.strip().rsplit("/", 1)[-1]


@cache
def release():
    with (VOCABULARY / "schemaorg-current-https-types.subset.csv").open(
        encoding="utf-8", newline=""
    ) as handle:
        types = {row["label"]: row for row in csv.DictReader(handle)}
    with (VOCABULARY / "schemaorg-current-https-properties.subset.csv").open(
        encoding="utf-8", newline=""
    ) as handle:
        properties = {row["label"]: row for row in csv.DictReader(handle)}
    return types, properties


@cache
def current():
    return json.loads((VOCABULARY / "schema-dts-2.1.0.subset.json").read_text())[
        "types"
    ]


def release_properties(type_name: str) -> set[str]:
    types, _ = release()
    return {_name(p) for p in types[type_name]["properties"].split(",") if p.strip()}


def current_properties(type_name: str) -> set[str]:
    declared = current()[type_name]
    names = set(declared["properties"])
    for parent in declared["parents"]:
        names |= current_properties(parent)
    return names


def supertypes(type_name: str) -> set[str]:
    types, _ = release()
    found = {type_name}
    for parent in types[type_name]["subTypeOf"].split(","):
        if parent.strip():
            found |= supertypes(_name(parent))
    return found


def check_node(node: dict, problems: list[str]) -> None:
    """Every property of `node` exists on its @type, with a value its range allows."""
    _, properties = release()
    kind = node["@type"]
    allowed_release = release_properties(kind)
    allowed_current = current_properties(kind)
    for key, value in node.items():
        if key.startswith("@"):
            continue
        if key not in allowed_release:
            problems.append(f"{kind}.{key} is not in schema.org release 12.0")
        if key not in allowed_current:
            problems.append(
                f"{kind}.{key} is not in the current schema.org (schema-dts)"
            )
        if key not in properties:
            continue
        ranges = {_name(r) for r in properties[key]["rangeIncludes"].split(",")}
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, dict):
                if not supertypes(item["@type"]) & ranges:
                    problems.append(f"{kind}.{key} cannot hold a {item['@type']}")
                check_node(item, problems)
            elif isinstance(item, bool):
                problems.append(f"{kind}.{key} is a boolean")
            elif isinstance(item, int | float):
                if not ranges & (NUMBER_TYPES | {"Text"}):
                    problems.append(f"{kind}.{key} cannot hold a number")
            elif isinstance(item, str) and not ranges & TEXT_TYPES:
                problems.append(f"{kind}.{key} cannot hold text")


def nodes(node: dict):
    yield node
    for value in node.values():
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, dict):
                yield from nodes(item)


def test_the_vocabulary_copies_know_the_fact_check_types():
    for kind in ("ClaimReview", "Claim", "Rating", "Organization", "Person"):
        assert release_properties(kind)
        assert current_properties(kind)
    assert "claimReviewed" in release_properties("ClaimReview")
    assert "appearance" in current_properties("Claim")
    assert "Thing" in supertypes("ClaimReview")


@pytest.mark.parametrize("build", ["seed", "hostile"])
def test_every_emitted_property_exists_on_its_type(seed, hostile, build):
    snapshot = {"seed": seed, "hostile": hostile}[build]
    problems: list[str] = []
    for review in claim_reviews(snapshot):
        assert review["@context"] == "https://schema.org"
        check_node(review, problems)
    assert problems == []


def test_checker_catches_unknown_properties_and_wrong_ranges(seed):
    review = claim_reviews(seed)[1]
    review["reviewRating"]["verdictColour"] = "green"
    review["itemReviewed"]["author"]["@type"] = "Rating"
    problems: list[str] = []
    check_node(review, problems)
    assert "Rating.verdictColour is not in schema.org release 12.0" in problems
    assert "Rating.verdictColour is not in the current schema.org (schema-dts)" in (
        problems
    )
    assert "Claim.author cannot hold a Rating" in problems


@pytest.mark.parametrize("number", range(1, 9))
def test_google_required_and_recommended_properties(seed, number):
    review = claim_reviews(seed)[number - 1]
    claim = seed["claims"][number - 1]
    for node in nodes(review):
        missing = GOOGLE_REQUIRED.get(node["@type"], set()) - set(node)
        assert not missing, f"{node['@type']} lacks required {missing}"
    assert GOOGLE_RECOMMENDED["ClaimReview"] <= set(review)
    assert {"name", "url"} <= set(review["author"])
    expected_claim = GOOGLE_RECOMMENDED["Claim"] - NOT_KNOWN["Claim"]
    if not claim["attribution_type"]:
        expected_claim -= {"author"}
    assert set(review["itemReviewed"]) - {"@type", "inLanguage"} == expected_claim
    assert review["itemReviewed"]["inLanguage"] == seed["article"]["language"]
    rating = review["reviewRating"]
    if claim["verdict"]["ordinal"] is None:
        assert set(rating) - {"@type"} == {"alternateName", "name", "ratingExplanation"}
    else:
        assert GOOGLE_RECOMMENDED["Rating"] <= set(rating)


def test_ratings_words_always_numbers_from_the_scale(seed):
    reviews = claim_reviews(seed)
    first = reviews[0]["reviewRating"]
    assert first == {
        "@type": "Rating",
        "alternateName": "Mostly true",
        "name": "Mostly true",
        "ratingValue": 4,
        "bestRating": 5,
        "worstRating": 1,
        "ratingExplanation": seed["claims"][0]["verdict"]["explanation"],
    }
    misleading = reviews[3]["reviewRating"]
    assert misleading["alternateName"] == "Misleading"
    assert "ratingValue" not in misleading
    assert "bestRating" not in misleading


def test_urls_author_and_claim_details(seed):
    review = claim_reviews(seed)[1]
    assert review["url"] == "https://desk.example.org/reports/12/#claim-2"
    assert review["claimReviewed"] == seed["claims"][1]["text"]
    assert review["author"] == {
        "@type": "Organization",
        "name": "Example Fact Desk",
        "url": "https://desk.example.org/",
    }
    assert review["itemReviewed"] == {
        "@type": "Claim",
        "author": {"@type": "Organization", "name": "SpaceNews"},
        "datePublished": "2021-03-09",
        "inLanguage": "en",
        "appearance": {
            "@type": "CreativeWork",
            "url": "https://www.example.com/china-russia-moon-base",
            "inLanguage": "en",
            "headline": "China and Russia Agree to Build Joint Moon Base",
            "publisher": {"@type": "Organization", "name": "Example News"},
        },
    }
    psaki = claim_reviews(seed)[7]["itemReviewed"]["author"]
    assert psaki == {"@type": "Person", "name": "Jen Psaki"}
    assert "author" not in claim_reviews(seed)[0]["itemReviewed"]


def test_date_published_is_when_the_verdict_first_went_public(seed):
    dates = [review["datePublished"] for review in claim_reviews(seed)]
    # Claim 4 was re-approved after revision 1: its verdict first appeared in 2.
    assert dates[3] == "2026-12-01T22:15:03+00:00"
    assert set(dates[:3] + dates[4:]) == {"2026-11-30T09:00:00+00:00"}


def test_no_article_url_no_appearance_and_no_unsafe_urls(seed):
    seed["article"]["url"] = ""
    seed["organisation"]["url"] = "javascript:alert(1)"
    review = claim_reviews(seed)[0]
    assert "appearance" not in review["itemReviewed"]
    assert "url" not in review["author"]


@pytest.mark.parametrize("language", ["es", "ar-EG", "hy"])
def test_the_claim_and_its_appearance_are_in_the_articles_language(seed, language):
    seed["article"]["language"] = language
    seed["article"]["url"] = "https://news.example/story"
    claim = claim_reviews(seed)[0]["itemReviewed"]
    assert claim["inLanguage"] == claim["appearance"]["inLanguage"] == language


def test_no_language_is_said_when_the_article_has_none(seed):
    seed["article"]["language"] = ""
    claim = claim_reviews(seed)[0]["itemReviewed"]
    assert "inLanguage" not in claim
    assert "inLanguage" not in claim.get("appearance", {})


def test_the_export_is_the_list_the_html_embeds(seed):
    assert json.loads(get("claimreview").render(seed)) == claim_reviews(seed)


@pytest.mark.parametrize(
    "ordinals",
    [
        # A scale whose lowest ordinal is 0: Google's guideline gives worstRating a
        # minimum value of 1.
        {"true": 4, "mostly-true": 3, "half-true": 2, "mostly-false": 1, "false": 0},
        # One label on the scale: best and worst equal, but worstRating must be less
        # than bestRating.
        {"true": 1, "mostly-true": None, "half-true": None, "mostly-false": None,
         "false": None},
    ],
)  # fmt: skip
def test_numbers_only_on_a_scale_google_accepts(seed, ordinals):
    # Google, "Fact check (ClaimReview) structured data", Rating: worstRating is at
    # least 1 and less than bestRating, and ratingValue lies between worstRating and
    # bestRating inclusive. A scale that breaks this keeps its words, not its numbers.
    for label in seed["scale"]["labels"]:
        label["ordinal"] = ordinals.get(label["slug"], label["ordinal"])
    numbers = [o for o in ordinals.values() if o is not None]
    seed["scale"]["best"], seed["scale"]["worst"] = max(numbers), min(numbers)
    for claim in seed["claims"]:
        claim["verdict"]["ordinal"] = ordinals.get(
            claim["verdict"]["label"], claim["verdict"]["ordinal"]
        )
    for review in claim_reviews(seed):
        rating = review["reviewRating"]
        assert rating["alternateName"]
        assert not {"ratingValue", "bestRating", "worstRating"} & set(rating)


def test_a_rating_value_outside_the_scale_is_not_emitted(seed):
    # Google's guideline: ratingValue "in the range worstRating — bestRating
    # inclusive"; a verdict whose ordinal lies off its scale gets no numbers.
    seed["claims"][0]["verdict"]["ordinal"] = 9
    rating = claim_reviews(seed)[0]["reviewRating"]
    assert rating["alternateName"] == "Mostly true"
    assert "ratingValue" not in rating
    for review in claim_reviews(seed)[1:]:
        rating = review["reviewRating"]
        if "ratingValue" in rating:
            assert (
                rating["worstRating"] <= rating["ratingValue"] <= rating["bestRating"]
            )
            assert 1 <= rating["worstRating"] < rating["bestRating"]


def test_dates_are_iso_8601_or_absent(hostile):
    # Google's guideline: datePublished follows ISO 8601 (schema.org Date or
    # DateTime), on the ClaimReview and on the Claim. Text that is not a date (the
    # snapshot is untrusted) is left out, never passed on as a date.
    for review in claim_reviews(hostile):
        assert "datePublished" not in review
        assert "datePublished" not in review["itemReviewed"]


# --- the claim as checked, the review's dates, older snapshots ------------------------

REVISION_1 = "2026-11-30T09:00:00+00:00"
REVISION_2 = "2026-12-01T22:15:03+00:00"

# Our own description of a complete ClaimReview, written from the schema.org
# definitions of ClaimReview, Claim, CreativeWork and Rating and Google's former
# fact-check guidance: per type, the properties it must have, and those it should
# have whenever the snapshot holds the data (each with what fills it).
STRUCTURE = {
    "ClaimReview": {
        "required": {"url", "claimReviewed", "reviewRating"},
        "when_known": {
            "author": lambda snapshot, claim: bool(snapshot["organisation"]["name"]),
            "datePublished": lambda snapshot, claim: True,
            "dateModified": lambda snapshot, claim: claim["id"] == 348,
            "itemReviewed": lambda snapshot, claim: True,
        },
    },
    "Claim": {
        "required": set(),
        "when_known": {
            "author": lambda snapshot, claim: bool(claim["attribution_type"]),
            "appearance": lambda snapshot, claim: bool(snapshot["article"]["url"]),
            "inLanguage": lambda snapshot, claim: bool(
                snapshot["article"].get("language")
            ),
            "datePublished": lambda snapshot, claim: bool(
                snapshot["article"]["published_on"]
            ),
        },
    },
    "Rating": {
        "required": {"alternateName", "name"},
        "when_known": {
            key: lambda snapshot, claim: claim["verdict"]["ordinal"] is not None
            for key in ("ratingValue", "bestRating", "worstRating")
        },
    },
}


def as_published_now(seed) -> dict:
    """The seed as publishing freezes it now: a short claim as checked on the long
    claims, and since when each claim's review has been public (claim 4, first
    published in revision 1, was corrected in revision 2)."""
    for claim in seed["claims"]:
        claim["verdict"]["claim_as_checked"] = ""
    seed["claims"][2]["verdict"]["claim_as_checked"] = (
        "China and Russia will build a lunar research station together"
    )
    seed["report"]["claims_first_published"] = {
        str(claim["id"]): REVISION_1 for claim in seed["claims"]
    }
    return seed


def empty_values(node, where="") -> list[str]:
    """Every property holding "", null, [] or {}: a property without data must be
    left out, not sent empty."""
    found = []
    for key, value in node.items():
        if value in ("", None, [], {}):
            found.append(f"{where}{key}")
        elif isinstance(value, dict):
            found += empty_values(value, f"{where}{key}.")
    return found


@pytest.mark.parametrize("variant", ["current", "no article url", "no dates"])
def test_the_structure_has_every_property_the_data_can_fill(seed, variant):
    snapshot = as_published_now(seed)
    if variant == "no article url":
        snapshot["article"]["url"] = ""
    if variant == "no dates":
        snapshot["article"]["published_on"] = None
    problems: list[str] = []
    for claim, review in zip(snapshot["claims"], claim_reviews(snapshot), strict=True):
        assert empty_values(review) == []
        check_node(review, problems)
        for node in nodes(review):
            rules = STRUCTURE.get(node["@type"])
            if rules is None:
                continue
            assert rules["required"] <= set(node), node["@type"]
            for key, known in rules["when_known"].items():
                assert (key in node) == known(snapshot, claim), (
                    f"claim {claim['number']}: {node['@type']}.{key}"
                )
    assert problems == []


def test_the_claim_as_checked_is_claim_reviewed(seed):
    snapshot = as_published_now(seed)
    reviews = claim_reviews(snapshot)
    assert reviews[2]["claimReviewed"] == (
        "China and Russia will build a lunar research station together"
    )
    assert len(snapshot["claims"][2]["text"]) > 75


def test_without_one_the_claim_text_is_given_whole_never_cut(seed):
    snapshot = as_published_now(seed)
    snapshot["claims"][1]["verdict"]["claim_as_checked"] = "   "
    for claim, review in zip(snapshot["claims"], claim_reviews(snapshot), strict=True):
        if not claim["verdict"]["claim_as_checked"].strip():
            assert review["claimReviewed"] == claim["text"]
    assert len(claim_reviews(snapshot)[1]["claimReviewed"]) == 200


def test_a_corrected_verdict_is_dated_modified_with_its_new_rating(seed):
    reviews = claim_reviews(as_published_now(seed))
    corrected = reviews[3]
    assert corrected["datePublished"] == REVISION_1
    assert corrected["dateModified"] == REVISION_2
    assert corrected["reviewRating"]["alternateName"] == "Misleading"
    for review in reviews[:3] + reviews[4:]:
        assert review["datePublished"] == REVISION_1
        assert "dateModified" not in review


def test_a_claim_new_in_this_revision_has_no_modification(seed):
    snapshot = as_published_now(seed)
    snapshot["report"]["claims_first_published"][str(348)] = REVISION_2
    review = claim_reviews(snapshot)[3]
    assert review["datePublished"] == REVISION_2
    assert "dateModified" not in review


def test_a_snapshot_frozen_before_the_new_fields_still_renders(seed):
    # The seed as it stands is such a snapshot: no claim_as_checked on its verdicts
    # and no claims_first_published in its revision block.
    assert "claims_first_published" not in seed["report"]
    assert all("claim_as_checked" not in c["verdict"] for c in seed["claims"])
    reviews = json.loads(get("claimreview").render(seed))
    assert [r["claimReviewed"] for r in reviews] == [c["text"] for c in seed["claims"]]
    assert reviews[3]["datePublished"] == REVISION_2
    assert all("dateModified" not in review for review in reviews)
    problems: list[str] = []
    for review in reviews:
        check_node(review, problems)
    assert problems == []


@pytest.mark.parametrize(
    "mapping",
    [{"348": "last Tuesday"}, {"348": None}, ["2026-11-30"], "2026-11-30", None],
)
def test_an_unreadable_first_publication_falls_back_to_the_verdicts_date(seed, mapping):
    seed["report"]["claims_first_published"] = mapping
    review = claim_reviews(seed)[3]
    assert review["datePublished"] == REVISION_2
    assert "dateModified" not in review


def test_a_hostile_claim_as_checked_is_inert_in_the_embedded_json_ld(seed):
    attack = "</script><script>alert(1)</script><!-- \u2028"
    seed["claims"][0]["verdict"]["claim_as_checked"] = attack
    page = get("html").render(seed).decode("utf-8")
    assert "</script><script>alert(1)" not in page
    tree = lxml.html.fromstring(page)
    embedded = [json.loads(s.text) for s in tree.xpath("//script")]
    assert embedded[0]["claimReviewed"] == attack.strip()
    assert json.loads(get("claimreview").render(seed))[0]["claimReviewed"] == (
        attack.strip()
    )
