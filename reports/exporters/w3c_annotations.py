"""W3C Web Annotation Data Model: the checked claims as an AnnotationCollection.

One Annotation per checked claim (motivation "assessing"), with two targets: the
original article by a TextQuoteSelector (32 characters of context, as Hypothesis
does), and the article text as the desk imported it (plain text,
urn:factcheck:article:<id>) by the same quote and a TextPositionSelector (code
points into that text, the only text its offsets hold in).
Bodies: the verdict (purpose "assessing"), the explanation ("commenting") and each
citation ("linking": the source, with the quoted passage as a TextQuoteSelector on
it).

The export is one self-contained document: the collection with its first page
embedded, each page embedding the next one in `next` (an object with the page's
`id`, which the model accepts wherever it asks for a reference), PAGE_SIZE
annotations per page. Identifiers are stable across revisions: the collection is
report.url + "annotations/", an annotation report.url + "annotations/<claim id>",
page N report.url + "annotations/?page=N".
"""

from __future__ import annotations

from reports.anchoring import selectors_for
from reports.exporters._base import Exporter
from reports.exporters._common import (
    STANCE_WORDS,
    canonical_json,
    claim_spans,
    linkable_url,
    report_base,
    stance_of,
    text,
    utc_timestamp,
)

ANNO_CONTEXT = "http://www.w3.org/ns/anno.jsonld"
PAGE_SIZE = 100


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


def target(snapshot: dict, claim: dict, body: str) -> list[dict]:
    """The claim's words: by quote in the original article (when it has an http(s)
    URL), and by quote and code-point position in the text the desk imported.

    Model 4.2.5: a TextPositionSelector counts characters in the source's own
    (normalised) text. Offsets into `article.body` say nothing about the original
    page, whose text has navigation, captions and other markup around the story,
    so the position is given only on the imported text, and the original article
    gets the quote, which finds the words wherever they are.
    """
    start, end = claim["start"], claim["end"]
    quote, position = selectors_for(body, start, end)
    targets = []
    article_url = linkable_url((snapshot.get("article") or {}).get("url"))
    if article_url:
        targets.append(
            {"type": "SpecificResource", "source": article_url, "selector": quote}
        )
    targets.append(
        {
            "type": "SpecificResource",
            "source": article_text(snapshot),
            "selector": [dict(quote), position],
        }
    )
    return targets


def citation_body(citation: dict) -> dict:
    """A citation as a "linking" body: the source, with the quoted passage selected
    on it; a TextualBody naming the source when it has no linkable URL."""
    source = citation.get("source") or {}
    stance = STANCE_WORDS[stance_of(citation)]
    locator = text(citation.get("locator")).strip()
    quote = text(citation.get("quote")).strip()
    title = text(source.get("title")).strip()
    publisher = text(source.get("publisher")).strip()
    description = stance + (f" ({locator})" if locator else "")
    url = linkable_url(source.get("url"))
    if url is None:
        words = ", ".join(part for part in (title, publisher) if part)
        value = f"{description}: {words}" if words else description
        if quote:
            value += f". “{quote}”"
        return {
            "type": "TextualBody",
            "purpose": "linking",
            "value": value,
            "format": "text/plain",
        }
    resource: dict = {"id": url, "type": "Text"}
    if title:
        resource["schema:name"] = title
    body: dict = {
        "type": "SpecificResource",
        "purpose": "linking",
        "source": resource,
        "schema:description": description,
    }
    if quote:
        body["selector"] = {"type": "TextQuoteSelector", "exact": quote}
    return body


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
    bodies = [_textual(text(verdict.get("name")), "assessing", language)]
    explanation = text(verdict.get("explanation")).strip()
    if explanation:
        bodies.append(_textual(explanation, "commenting", language))
    bodies.extend(citation_body(citation) for citation in claim.get("citations") or ())
    node["body"] = bodies
    node["target"] = target(snapshot, claim, body)
    return node


def collection(snapshot: dict) -> dict:
    """The whole AnnotationCollection, pages embedded."""
    article = snapshot.get("article") or {}
    body = text(article.get("body"))
    # A claim whose offsets do not match the body cannot be targeted honestly.
    claims = claim_spans(body, list(snapshot.get("claims") or ()))
    items = [annotation(snapshot, claim, body) for claim in claims]
    document: dict = {
        "@context": ANNO_CONTEXT,
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
