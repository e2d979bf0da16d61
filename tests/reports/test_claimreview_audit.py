"""A held-out audit of the ClaimReview export of reports published through the
services, the way a consumer of fact-checks would read it.

It is written apart from the exporter's own tests (test_exporters_claimreview.py)
and from its code: `audit(snapshot, reviews)` knows only the snapshot contract
(docs/REPORT_SNAPSHOT.md), the schema.org ClaimReview vocabulary and the guidance
Google published for ClaimReview rich results (retired in June 2025, still what Fact
Check Explorer and other readers expect):

- errors: a ClaimReview without `claimReviewed`, `url`, an `author` with a `name`,
  or a `reviewRating` with either `alternateName` or all of `ratingValue`,
  `bestRating` and `worstRating` (integers, worst >= 1, worst < best, value between).
- missing, when the report's data could fill it: `datePublished`; the author's
  `url` (the desk's address); `itemReviewed` as a `Claim`; the Claim's `author`
  typed `Person` or `Organization` with its `name` (a named attribution), and
  never a description standing in for a name ("Space advocates");
  `appearance` as a `CreativeWork` with the article's `url`; the Claim's
  `datePublished` (the article's date) and `inLanguage` (the article's language);
  a `claimReviewed` of at most 75 characters when the editor wrote the claim as
  checked. `firstAppearance` is never asked for: the desk knows where it met the
  claim, not where the claim first appeared.

The JSON-LD is also expanded and turned into RDF by PyLD, with schema.org's
context given offline (`@vocab` schema.org, URL-valued properties as IRIs, from the
vocabulary copies in data/schemaorg/): every predicate and type must be a schema.org
term, and nothing may be dropped on the way.
"""

from __future__ import annotations

import copy
import csv
import datetime as dt
import json
from functools import cache
from pathlib import Path

import pytest
from pyld import jsonld

from annotations import selectors
from annotations import services as desk
from annotations.models import Claim
from reports import exporters
from reports import services as reports
from reports.exporters.claimreview import claim_reviews
from tests.report_fixtures import SLUGS, label
from tests.rich_report import rich_report

pytestmark = pytest.mark.django_db

VOCABULARY = Path(__file__).resolve().parent / "data" / "schemaorg"
SCHEMA = "https://schema.org/"
ADVISED_LENGTH = 75


# --- the checker -------------------------------------------------------------------


def _is_integer(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _named(node, types) -> bool:
    return (
        isinstance(node, dict)
        and node.get("@type") in types
        and isinstance(node.get("name"), str)
        and bool(node["name"].strip())
    )


def _description(name) -> bool:
    """A phrase of several words with no capital but, perhaps, its first letter."""
    if not isinstance(name, str) or len(name.split()) < 2:
        return False
    return not any(character.isupper() for character in name.strip()[1:])


def _http(value) -> bool:
    return isinstance(value, str) and value.startswith(("http://", "https://"))


def audit(snapshot: dict, reviews: list) -> tuple[list[str], list[str]]:
    """(errors, missing): what breaks the required rules, and each recommended
    property the snapshot's data could fill that the export leaves out."""
    errors: list[str] = []
    missing: list[str] = []
    claims = snapshot.get("claims") or []
    if not isinstance(reviews, list) or len(reviews) != len(claims):
        return [f"{len(claims)} claims but the export is not one review each"], []
    article = snapshot["article"]
    organisation = snapshot["organisation"]
    for claim, review in zip(claims, reviews, strict=True):
        where = f"claim {claim['number']}"

        def error(message: str, where=where) -> None:
            errors.append(f"{where}: {message}")

        def lacks(message: str, where=where) -> None:
            missing.append(f"{where}: {message}")

        if review.get("@type") != "ClaimReview":
            error("not a ClaimReview")
        if review.get("@context") not in ("https://schema.org", "https://schema.org/"):
            error("no schema.org context")
        reviewed = review.get("claimReviewed")
        if not isinstance(reviewed, str) or not reviewed.strip():
            error("no claimReviewed")
        if not _http(review.get("url")):
            error("no url")
        elif not review["url"].startswith(snapshot["report"]["url"]):
            error("url is not on the report's page")
        if not _named(review.get("author"), {"Organization", "Person"}):
            error("no author with a name")
        rating = review.get("reviewRating")
        if not isinstance(rating, dict) or rating.get("@type") != "Rating":
            error("no reviewRating")
            rating = {}
        numbers = [rating.get(k) for k in ("ratingValue", "bestRating", "worstRating")]
        words = isinstance(rating.get("alternateName"), str) and bool(
            rating.get("alternateName", "").strip()
        )
        if any(number is not None for number in numbers):
            value, best, worst = numbers
            if not all(_is_integer(number) for number in numbers):
                error("rating numbers are not all integers")
            elif not (1 <= worst < best and worst <= value <= best):
                error(f"rating {value} on {worst}..{best} breaks the rules")
        elif not words:
            error("reviewRating has neither alternateName nor numbers")

        verdict = claim["verdict"]
        # Recommended, where the data holds it.
        if not review.get("datePublished"):
            lacks("datePublished")
        if _http(organisation.get("url")) and not _http(
            (review.get("author") or {}).get("url")
        ):
            lacks("author.url (the desk's address)")
        if verdict.get("ordinal") is not None and not words:
            lacks("reviewRating.alternateName")
        as_checked = (verdict.get("claim_as_checked") or "").strip()
        if as_checked:
            if reviewed != as_checked:
                lacks("claimReviewed is not the claim as checked")
            elif len(reviewed) > ADVISED_LENGTH:
                lacks(f"claimReviewed is longer than {ADVISED_LENGTH} characters")
        item = review.get("itemReviewed")
        if not isinstance(item, dict) or item.get("@type") != "Claim":
            lacks("itemReviewed Claim")
            continue
        if claim.get("attribution_type") in ("Person", "Organization"):
            author = item.get("author")
            if not _named(author, {claim["attribution_type"]}):
                lacks(f"itemReviewed.author ({claim['attribution_type']} with a name)")
            elif author["name"] != claim["attribution"].strip():
                lacks("itemReviewed.author is not the attribution")
        author = item.get("author")
        if isinstance(author, dict) and _description(author.get("name")):
            # "Space advocates", "local officials": a phrase of common words
            # (a capital, if any, only where a sentence starts) names nobody a
            # reader could look up; better no author than a wrong one.
            lacks(f"itemReviewed.author {author.get('name')!r} is not a name")
        if _http(article.get("url")):
            appearance = item.get("appearance")
            if isinstance(appearance, list):
                appearance = appearance[0] if appearance else None
            first = item.get("firstAppearance")
            candidates = [node for node in (appearance, first) if node]
            if not any(
                isinstance(node, dict)
                and node.get("@type") == "CreativeWork"
                and node.get("url") == article["url"]
                for node in candidates
            ):
                lacks("itemReviewed.appearance CreativeWork with the article's url")
        if article.get("published_on") and not item.get("datePublished"):
            lacks("itemReviewed.datePublished (the article's date)")
        if (article.get("language") or "").strip() and not item.get("inLanguage"):
            lacks("itemReviewed.inLanguage (the article's language)")
    return errors, missing


# --- JSON-LD, read by PyLD -----------------------------------------------------------


@cache
def _vocabulary() -> tuple[dict, frozenset[str], frozenset[str]]:
    """schema.org's context (as its published one: @vocab, URL properties as
    IRIs), and the known property and type IRIs, from the offline copies."""
    properties, types, url_valued = set(), set(), set()
    with (VOCABULARY / "schemaorg-current-https-properties.subset.csv").open(
        encoding="utf-8"
    ) as handle:
        for row in csv.DictReader(handle):
            properties.add(row["id"])
            ranges = {value.strip() for value in row["rangeIncludes"].split(",")}
            if ranges == {SCHEMA + "URL"}:
                url_valued.add(row["label"])
    with (VOCABULARY / "schemaorg-current-https-types.subset.csv").open(
        encoding="utf-8"
    ) as handle:
        types = {row["id"] for row in csv.DictReader(handle)}
    context = {
        "@context": {
            "@vocab": SCHEMA,
            "schema": SCHEMA,
            **{name: {"@id": SCHEMA + name, "@type": "@id"} for name in url_valued},
        }
    }
    return context, frozenset(properties), frozenset(types)


def _loader(url, options=None):
    if url.rstrip("/") not in ("https://schema.org", "http://schema.org"):
        raise AssertionError(f"the JSON-LD asks for another context: {url}")
    return {"contextUrl": None, "documentUrl": url, "document": _vocabulary()[0]}


def _leaves(node) -> int:
    """Values in a compact JSON-LD node, not counting @context and @type."""
    if isinstance(node, list):
        return sum(_leaves(item) for item in node)
    if isinstance(node, dict):
        return sum(
            _leaves(value)
            for key, value in node.items()
            if key not in ("@context", "@type")
        )
    return 1


def _expanded_terms(node, predicates: set, types: set) -> int:
    """Walk an expanded node: collect its predicates and types, count its values."""
    if isinstance(node, list):
        return sum(_expanded_terms(item, predicates, types) for item in node)
    if not isinstance(node, dict):
        return 0
    if "@value" in node:
        return 1
    if set(node) == {"@id"}:
        return 1
    count = 0
    for key, value in node.items():
        if key == "@type":
            types.update(value)
        elif key == "@id":
            continue
        else:
            predicates.add(key)
            count += _expanded_terms(value, predicates, types)
    return count


def jsonld_problems(reviews: list) -> list[str]:
    """What PyLD finds: unknown terms, values lost in expansion, no RDF."""
    _context, known_properties, known_types = _vocabulary()
    problems = []
    for index, review in enumerate(reviews, start=1):
        options = {"documentLoader": _loader}
        expanded = jsonld.expand(review, options)
        predicates: set[str] = set()
        types: set[str] = set()
        kept = _expanded_terms(expanded, predicates, types)
        if kept != _leaves(review):
            problems.append(f"review {index}: {_leaves(review) - kept} values dropped")
        for iri in sorted(predicates - known_properties):
            problems.append(f"review {index}: {iri} is not a schema.org property")
        for iri in sorted(types - known_types):
            problems.append(f"review {index}: {iri} is not a schema.org type")
        quads = jsonld.to_rdf(
            review, {**options, "format": "application/n-quads"}
        ).splitlines()
        if len(quads) < kept:
            problems.append(f"review {index}: {len(quads)} triples for {kept} values")
    return problems


# --- the published reports ---------------------------------------------------------


@pytest.fixture
def rich(seed_text, reviewer, editor, admin_user):
    """The rich report (tests/rich_report.py) as published."""
    _article, revision = rich_report(
        body=seed_text, reviewer=reviewer, editor=editor, admin=admin_user
    )
    return revision


SHORT = "China and Russia plan a joint research station on the Moon"


@pytest.fixture
def dated(seed_text, reviewer, editor):
    """The seed article with its date, language and address, a person and an
    organisation quoted, and an editor's short claim as checked on the longest
    claim, published."""
    article = desk.article_create(
        title="China and Russia Agree to Build Joint Moon Base",
        body=seed_text,
        url="https://www.example.com/science/moon-base",
        publisher="Space.com",
        byline="Jane Doe",
        published_on=dt.date(2021, 3, 9),
        language="en",
        created_by=reviewer,
    )
    claims = list(
        Claim.objects.filter(
            article=article,
            kind="claim",
            dismissed_at__isnull=True,
            checkworthiness__gte=selectors.checkworthy_threshold(),
        ).order_by("start")
    )
    desk.claim_set_attribution(
        claim=claims[0], attribution="Yuri Borisov", user=reviewer
    )
    desk.claim_set_attribution(
        claim=claims[1], attribution="the China National Space Administration",
        user=reviewer,
    )  # fmt: skip
    longest = max(claims, key=lambda claim: len(claim.text))
    for n, claim in enumerate(claims):
        slug = SLUGS[n % len(SLUGS)]
        stance = "refutes" if label(slug).polarity == "false" else "supports"
        for index in (1, 2):
            desk.citation_add_with_source(
                claim=claim, stance=stance, user=reviewer,
                url=f"https://source{index}.example.org/{n}",
                title=f"Document {n}-{index}", publisher=f"Outlet {index}",
                kind="official",
            )  # fmt: skip
        desk.rating_set(claim=claim, reviewer=reviewer, label=label(slug))
        desk.claim_submit(claim=claim, user=reviewer)
        claim.refresh_from_db()
        desk.verdict_approve(
            claim=claim, user=editor, label=slug,
            explanation=f"What the sources say about claim {n}.",
            expected_version=claim.version,
            claim_as_checked=SHORT if claim == longest else "",
        )  # fmt: skip
    return reports.article_publish(article=article, user=editor)


def _exported(revision) -> list:
    return json.loads(exporters.get("claimreview").render(revision.snapshot))


@pytest.mark.parametrize("report", ["rich", "dated"])
def test_published_claimreviews_have_no_error_and_lack_nothing_the_data_has(
    request, report
):
    revision = request.getfixturevalue(report)
    snapshot = revision.snapshot
    reviews = _exported(revision)
    errors, missing = audit(snapshot, reviews)
    assert errors == []
    assert missing == []
    assert jsonld_problems(reviews) == []


def test_the_dated_report_exercises_every_recommended_property(dated):
    """The audit above is only as good as the data it is given: this report has
    every piece of data a recommended property can come from."""
    snapshot = dated.snapshot
    kinds = {claim["attribution_type"] for claim in snapshot["claims"]}
    assert {"Person", "Organization"} <= kinds
    assert any(
        claim["verdict"]["claim_as_checked"] == SHORT for claim in snapshot["claims"]
    )
    assert snapshot["article"]["published_on"] == "2021-03-09"
    reviews = _exported(dated)
    person = next(
        review
        for review, claim in zip(reviews, snapshot["claims"], strict=True)
        if claim["attribution_type"] == "Person"
    )
    assert person["itemReviewed"]["author"] == {
        "@type": "Person",
        "name": "Yuri Borisov",
    }


def _rating_without_words_or_numbers(review):
    for key in ("alternateName", "ratingValue", "bestRating", "worstRating"):
        review["reviewRating"].pop(key, None)


@pytest.mark.parametrize(
    ("damage", "found_in"),
    [
        (lambda review: review.pop("claimReviewed"), "errors"),
        (lambda review: review.pop("url"), "errors"),
        (lambda review: review["author"].pop("name"), "errors"),
        (_rating_without_words_or_numbers, "errors"),
        (lambda review: review["reviewRating"].update(ratingValue=9), "errors"),
        (lambda review: review.update({"@type": "ClaimReveiw"}), "errors"),
        (lambda review: review.pop("datePublished"), "missing"),
        (lambda review: review["author"].pop("url"), "missing"),
        (lambda review: review["itemReviewed"].pop("appearance"), "missing"),
        (lambda review: review["itemReviewed"].pop("datePublished"), "missing"),
        (lambda review: review["itemReviewed"].pop("inLanguage"), "missing"),
        (lambda review: review["itemReviewed"].pop("author"), "missing"),
        (
            lambda review: review["itemReviewed"]["author"].update({"@type": "Thing"}),
            "missing",
        ),
        (lambda review: review.update(claimReviewed=SHORT + " " + "x" * 20), "missing"),
        (
            lambda review: review["itemReviewed"]["author"].update(name="Local people"),
            "missing",
        ),
        (lambda review: review["itemReviewed"].update(colour="red"), "jsonld"),
        (lambda review: review.update({"ex:note": "x"}), "jsonld"),
        (lambda review: review["reviewRating"].update({"@type": "Grade"}), "jsonld"),
    ],
)
def test_the_audit_catches_each_kind_of_damage(dated, damage, found_in):
    """Each damage done to the review of the claim with the most data (a person
    quoted, and the claim as checked given to it too) is reported."""
    snapshot = copy.deepcopy(dated.snapshot)
    person = next(
        index
        for index, claim in enumerate(snapshot["claims"])
        if claim["attribution_type"] == "Person"
    )
    snapshot["claims"][person]["verdict"]["claim_as_checked"] = SHORT
    reviews = claim_reviews(snapshot)
    assert audit(snapshot, reviews) == ([], [])
    assert jsonld_problems(reviews) == []
    damage(reviews[person])
    errors, missing = audit(snapshot, reviews)
    found = {"errors": errors, "missing": missing}.get(found_in)
    if found is None:
        found = jsonld_problems(reviews)
    assert found
