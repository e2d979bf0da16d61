"""W3C Web Annotation Data Model: the checked claims as an AnnotationCollection.

One Annotation per checked claim (motivation "assessing"), with two targets: the
original article by a TextQuoteSelector (32 characters of context, as Hypothesis
does), and the article text as the desk imported it (plain text,
urn:factcheck:article:<id>) by the same quote and a TextPositionSelector (code
points into that text, the only text its offsets hold in).
Bodies: the verdict (purpose "assessing", with the label's stable key), the
explanation ("commenting"), each override the report shows ("commenting", marked
with the rule it overrode) and each citation ("linking": the source with its title,
publisher and kind, the quoted passage as a TextQuoteSelector on it, its archived
copy and the desk's frozen capture each as a TimeState's `cached` copy, the
stance and locator).

Everything a report shows about a claim's verdict and evidence is in its annotation,
so `reports.services.annotations_import` can restore it (docs/REPORT_FORMATS.md,
"w3c"): W3C Web Annotation terms where the model has one, schema.org and Dublin Core
terms (prefixes the annotation context defines) where it has not, and a few terms of
the desk's own (the `factcheck:` prefix of the context extension, CONTEXT) for what
no published vocabulary names: a citation's stance and locator, a label's polarity,
the overrides.

The export is one self-contained document: the collection with its first page
embedded, each page embedding the next one in `next` (an object with the page's
`id`, which the model accepts wherever it asks for a reference), PAGE_SIZE
annotations per page. Identifiers are stable across revisions: the collection is
report.url + "annotations/", an annotation report.url + "annotations/<claim id>",
page N report.url + "annotations/?page=N".
"""

from __future__ import annotations

import re

from reports.anchoring import CONTEXT_CHARS, selectors_for
from reports.exporters._base import Exporter
from reports.exporters._common import (
    STANCE_WORDS,
    canonical_json,
    claim_spans,
    excerpts_only,
    linkable_url,
    report_base,
    stance_of,
    text,
    utc_timestamp,
)

ANNO_CONTEXT = "http://www.w3.org/ns/anno.jsonld"
# The desk's own terms, for what neither the annotation model nor schema.org and
# Dublin Core name. A URN, like the article text's: the terms are defined in
# docs/REPORT_FORMATS.md, not at an address one could fetch.
VOCABULARY = "urn:factcheck:vocab:"
CONTEXT = [ANNO_CONTEXT, {"factcheck": VOCABULARY}]
PAGE_SIZE = 100
SHA256 = re.compile(r"[0-9a-f]{64}")

# What the override bodies say they override (the `factcheck:overrides` value).
GAP_OVERRIDE = "sourcing-gaps"
TWO_PERSON_OVERRIDE = "two-person-rule"


def collection_id(snapshot: dict) -> str:
    """The collection's IRI: report.url + "annotations/"."""
    return report_base(snapshot) + "annotations/"


def page_id(snapshot: dict, number: int) -> str:
    """Page `number`'s IRI (1-based)."""
    return f"{collection_id(snapshot)}?page={number}"


def annotation_id(snapshot: dict, claim: dict) -> str:
    """A claim's annotation IRI, from its stable id (numbers can shift between
    revisions when a claim is added above; ids do not)."""
    return f"{collection_id(snapshot)}{text(claim.get('id'))}"


def article_text_iri(snapshot: dict) -> str:
    """The IRI of the article text as the desk imported it (the snapshot's
    `article.body`): urn:factcheck:article:<id>. Not the article's URL: the page
    there has its own markup and text around the story, so code-point offsets into
    the imported text do not hold in it."""
    article = snapshot.get("article") or {}
    return f"urn:factcheck:article:{text(article.get('id'))}"


def article_text(snapshot: dict) -> dict:
    """The imported text as an External Web Resource: plain text, so its code
    points are counted with no HTML to strip or entities to decode (4.2.4, 4.2.5)."""
    node = {"id": article_text_iri(snapshot), "type": "Text", "format": "text/plain"}
    language = text((snapshot.get("article") or {}).get("language")).strip()
    if language:
        node["language"] = language
    return node


def organisation_agent(snapshot: dict) -> dict:
    """The desk as an Organization agent (its homepage as id when linkable)."""
    organisation = snapshot.get("organisation") or {}
    agent: dict = {}
    url = linkable_url(organisation.get("url"))
    if url:
        agent["id"] = url
    agent["type"] = "Organization"
    agent["name"] = text(organisation.get("name"))
    if url:
        agent["homepage"] = url
    return agent


def creators(snapshot: dict, claim: dict) -> dict | list[dict]:
    """The desk, and the approving editor as a Person where the desk credits staff."""
    approver = text((claim.get("verdict") or {}).get("approved_by")).strip()
    organisation = organisation_agent(snapshot)
    if not approver:
        return organisation
    return [organisation, {"type": "Person", "name": approver}]


def claim_author(claim: dict) -> dict | None:
    """Who the article says made the claim (its attribution), as an agent: a
    Person or an Organization when the snapshot says which, else just a name."""
    name = text(claim.get("attribution")).strip()
    if not name:
        return None
    agent: dict = {}
    kind = claim.get("attribution_type")
    if kind in {"Person", "Organization"}:
        agent["type"] = kind
    agent["name"] = name
    return agent


def target(snapshot: dict, claim: dict, body: str) -> list[dict]:
    """The claim's words: by quote in the original article (when it has an http(s)
    URL), and by quote and code-point position in the text the desk imported, which
    also names who the article says made the claim (`schema:author`).

    Model 4.2.5: a TextPositionSelector counts characters in the source's own
    (normalised) text. Offsets into `article.body` say nothing about the original
    page, whose text has navigation, captions and other markup around the story,
    so the position is given only on the imported text, and the original article
    gets the quote, which finds the words wherever they are.
    """
    start, end = claim["start"], claim["end"]
    if excerpts_only(snapshot):
        quote, position = excerpt_selectors(claim)
    else:
        quote, position = selectors_for(body, start, end)
    targets = []
    article_url = linkable_url((snapshot.get("article") or {}).get("url"))
    if article_url:
        targets.append(
            {"type": "SpecificResource", "source": article_url, "selector": quote}
        )
    imported: dict = {
        "type": "SpecificResource",
        "source": article_text(snapshot),
        "selector": [dict(quote), position],
    }
    author = claim_author(claim)
    if author:
        imported["schema:author"] = author
    targets.append(imported)
    return targets


def excerpt_selectors(claim: dict) -> tuple[dict, dict]:
    """The selectors of a claim in an excerpts-only revision, which has no body:
    its words, and the context frozen beside them (at most 32 characters either
    side, as `selectors_for` takes from a body)."""
    context = claim.get("context") or {}
    quote = {"type": "TextQuoteSelector", "exact": text(claim.get("text"))}
    for key in ("prefix", "suffix"):
        value = text(context.get(key))[:CONTEXT_CHARS]
        if value:
            quote[key] = value
    position = {
        "type": "TextPositionSelector",
        "start": claim["start"],
        "end": claim["end"],
    }
    return quote, position


def _source_terms(source: dict) -> dict:
    """The cited document's title, publisher and kind, where they are known."""
    terms: dict = {}
    for key, term in (
        ("title", "schema:name"),
        ("publisher", "schema:publisher"),
        ("kind", "dcterms:type"),
    ):
        value = text(source.get(key)).strip()
        if value:
            terms[term] = value
    return terms


def _citation_terms(citation: dict) -> dict:
    """The stance in words (for people) and as a key (for programs), the locator."""
    stance = stance_of(citation)
    locator = text(citation.get("locator")).strip()
    terms = {
        "schema:description": STANCE_WORDS[stance]
        + (f" ({locator})" if locator else ""),
        "factcheck:stance": stance,
    }
    if locator:
        terms["factcheck:locator"] = locator
    return terms


def capture_state(source: dict) -> dict | None:
    """The source's frozen capture (docs/EVIDENCE.md) as a TimeState (4.3.1): the
    desk's stored copy as `cached`, the time it was taken as `sourceDate`, and its
    SHA-256 as `schema:sha256`, which also tells it from the archived copy's state.
    None without a capture, or when its address is not http(s), its time does not
    parse or its digest is not one: a state must have a time, and a copy nobody
    can check against its digest is not the capture the report froze."""
    capture = source.get("capture")
    if not isinstance(capture, dict):
        return None
    cached = linkable_url(capture.get("url"))
    taken = utc_timestamp(capture.get("captured_at"))
    digest = text(capture.get("sha256"))
    if not cached or not taken or not SHA256.fullmatch(digest):
        return None
    return {
        "type": "TimeState",
        "sourceDate": taken,
        "cached": cached,
        "schema:sha256": digest,
    }


def citation_body(citation: dict, consulted: str | None = None) -> dict:
    """A citation as a "linking" body: the source (its title, publisher and kind),
    the quoted passage selected on it, the stance and the locator, and its states
    (4.3.1): the archived copy as a TimeState's cached copy as of `consulted` (the
    verdict's approval), then the desk's frozen capture as of when it was taken
    (`capture_state`). A source without a linkable URL becomes a TextualBody naming
    it, with the same terms, the quote as `factcheck:quote`, the archived copy as
    `schema:archivedAt` and the capture's TimeState as `factcheck:capture`."""
    source = citation.get("source") or {}
    quote = text(citation.get("quote")).strip()
    archive = linkable_url(source.get("archive_url"))
    captured = capture_state(source)
    url = linkable_url(source.get("url"))
    if url is None:
        title = text(source.get("title")).strip()
        publisher = text(source.get("publisher")).strip()
        terms = _citation_terms(citation)
        words = ", ".join(part for part in (title, publisher) if part)
        value = terms["schema:description"]
        if words:
            value += f": {words}"
        if quote:
            value += f". “{quote}”"
        body = {
            "type": "TextualBody",
            "purpose": "linking",
            "value": value,
            "format": "text/plain",
            **_source_terms(source),
            **terms,
        }
        if quote:
            body["factcheck:quote"] = quote
        if archive:
            body["schema:archivedAt"] = archive
        if captured:
            # The model gives a state to a SpecificResource only; a source named
            # in words (an uploaded file has no address) keeps its capture here.
            body["factcheck:capture"] = captured
        return body
    body = {
        "type": "SpecificResource",
        "purpose": "linking",
        "source": {"id": url, "type": "Text", **_source_terms(source)},
    }
    # 4.3.1: a TimeState names the time the source is read as of; the archived
    # copy is its cached representation. Without a time there is no valid state.
    # The archived copy comes first: importers that read one state take it.
    states = []
    if archive and consulted:
        states.append({"type": "TimeState", "sourceDate": consulted, "cached": archive})
    if captured:
        states.append(captured)
    if states:
        body["state"] = states[0] if len(states) == 1 else states
    if quote:
        body["selector"] = {"type": "TextQuoteSelector", "exact": quote}
    body.update(_citation_terms(citation))
    return body


def verdict_body(verdict: dict, language: str) -> dict:
    """The verdict: the label's name for people, its slug as the stable key a
    desk matches labels by (`schema:identifier`), its ordinal and polarity."""
    body = _textual(text(verdict.get("name")), "assessing", language)
    key = text(verdict.get("label")).strip()
    if key:
        body["schema:identifier"] = key
    ordinal = verdict.get("ordinal")
    if type(ordinal) is int:
        body["schema:ratingValue"] = ordinal
    polarity = text(verdict.get("polarity")).strip()
    if polarity:
        body["factcheck:polarity"] = polarity
    return body


def override_bodies(verdict: dict, language: str) -> list[dict]:
    """The written reasons the report shows beside the verdict when it was approved
    over open sourcing gaps (with their kinds) or without a second reviewer, each
    a "commenting" body marked with the rule it overrode."""
    bodies = []
    gap_reason = text(verdict.get("gap_override_reason")).strip()
    if gap_reason:
        body = _textual(gap_reason, "commenting", language)
        body["factcheck:overrides"] = GAP_OVERRIDE
        body["factcheck:gapKinds"] = [
            text(kind) for kind in verdict.get("gap_override_kinds") or ()
        ]
        bodies.append(body)
    two_person_reason = text(verdict.get("two_person_override_reason")).strip()
    if two_person_reason:
        body = _textual(two_person_reason, "commenting", language)
        body["factcheck:overrides"] = TWO_PERSON_OVERRIDE
        bodies.append(body)
    return bodies


def annotation(snapshot: dict, claim: dict, body: str) -> dict:
    """One claim's Annotation."""
    verdict = claim.get("verdict") or {}
    language = text((snapshot.get("article") or {}).get("language")).strip()
    published = utc_timestamp((snapshot.get("report") or {}).get("published_at"))
    created = utc_timestamp(verdict.get("approved_at")) or published
    node: dict = {
        "id": annotation_id(snapshot, claim),
        "type": "Annotation",
        "motivation": "assessing",
    }
    if created:
        node["created"] = created
    # Every revision of the report re-issues its annotations: `modified` is this
    # revision's publication, when it came after the verdict's approval.
    if published and created and published > created:
        node["modified"] = published
    node["creator"] = creators(snapshot, claim)
    bodies = [verdict_body(verdict, language)]
    explanation = text(verdict.get("explanation")).strip()
    if explanation:
        bodies.append(_textual(explanation, "commenting", language))
    bodies.extend(override_bodies(verdict, language))
    bodies.extend(
        citation_body(citation, created) for citation in claim.get("citations") or ()
    )
    node["body"] = bodies
    node["target"] = target(snapshot, claim, body)
    return node


def collection(snapshot: dict) -> dict:
    """The whole AnnotationCollection, pages embedded."""
    article = snapshot.get("article") or {}
    body = text(article.get("body"))
    if excerpts_only(snapshot):
        # No body to check the offsets against: each claim's own words and frozen
        # context are its selector.
        body = ""
        claims = [
            claim
            for claim in snapshot.get("claims") or ()
            if text(claim.get("text"))
            and _offsets(claim.get("start"), claim.get("end"))
        ]
    else:
        # A claim whose offsets do not match the body cannot be targeted honestly.
        claims = claim_spans(body, list(snapshot.get("claims") or ()))
    items = [annotation(snapshot, claim, body) for claim in claims]
    document: dict = {
        "@context": CONTEXT,
        "id": collection_id(snapshot),
        "type": "AnnotationCollection",
        "label": f"Fact check: {text(article.get('title'))}",
        "total": len(items),
    }
    if not items:
        return document
    chunks = [items[at : at + PAGE_SIZE] for at in range(0, len(items), PAGE_SIZE)]
    document["first"] = _page(snapshot, chunks, 0)
    document["last"] = page_id(snapshot, len(chunks))
    return document


def _offsets(start, end) -> bool:
    return (
        isinstance(start, int)
        and isinstance(end, int)
        and not isinstance(start, bool)
        and 0 <= start < end
    )


def _page(snapshot: dict, chunks: list[list[dict]], index: int) -> dict:
    # One level of nesting per page: five for 500 claims.
    page: dict = {
        "id": page_id(snapshot, index + 1),
        "type": "AnnotationPage",
        "partOf": collection_id(snapshot),
        "startIndex": index * PAGE_SIZE,
    }
    if index > 0:
        page["prev"] = page_id(snapshot, index)
    if index + 1 < len(chunks):
        page["next"] = _page(snapshot, chunks, index + 1)
    page["items"] = chunks[index]
    return page


def _textual(value: str, purpose: str, language: str) -> dict:
    body = {"type": "TextualBody", "purpose": purpose, "value": value}
    body["format"] = "text/plain"
    if language:
        body["language"] = language
    return body


class W3cAnnotationsExporter(Exporter):
    identifier = "w3c"
    label = "W3C Web Annotations (JSON-LD)"
    content_type = 'application/ld+json; profile="http://www.w3.org/ns/anno.jsonld"'
    extension = "jsonld"
    position = 80

    def render(self, snapshot: dict) -> bytes:
        """The AnnotationCollection as JSON-LD."""
        return canonical_json(collection(snapshot)).encode("utf-8")


exporters = (W3cAnnotationsExporter(),)
