"""W3C Web Annotations: the MUST requirements of the Web Annotation Data Model
(W3C Recommendation, 23 February 2017, https://www.w3.org/TR/annotation-model/),
each cited by section, checked on every annotation, page and collection exported."""

import json
import re

import pytest

from reports.anchoring import reanchor
from reports.exporters import get
from reports.exporters.w3c_annotations import PAGE_SIZE, collection
from tests.reports.snapshots import synthetic_snapshot

ANNO = "http://www.w3.org/ns/anno.jsonld"
XSD_UTC = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$")
IRI = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:\S+$")
MOTIVATIONS = {
    "assessing",
    "bookmarking",
    "classifying",
    "commenting",
    "describing",
    "editing",
    "highlighting",
    "identifying",
    "linking",
    "moderating",
    "questioning",
    "replying",
    "tagging",
}


def as_list(value):
    return value if isinstance(value, list) else [value]


def exported(snapshot) -> dict:
    return json.loads(get("w3c").render(snapshot))


def pages(document: dict) -> list[dict]:
    found, page = [], document.get("first")
    while isinstance(page, dict):
        found.append(page)
        page = page.get("next")
    return found


def check_collection(document: dict) -> None:
    # 5.1: "The Collection MUST have 1 or more @context values and
    # http://www.w3.org/ns/anno.jsonld MUST be one of them."
    assert ANNO in as_list(document["@context"])
    # 5.1: "The Collection MUST have exactly 1 IRI that identifies it."
    assert isinstance(document["id"], str)
    assert IRI.match(document["id"])
    # 5.1: "The Collection MUST have 1 or more types, and the AnnotationCollection
    # class MUST be one of them."
    assert "AnnotationCollection" in as_list(document["type"])
    # 5.1: label "the value MUST be a string".
    for label in as_list(document.get("label", [])):
        assert isinstance(label, str)
    # 5.1: total, "if present it MUST be an xsd:nonNegativeInteger".
    assert type(document["total"]) is int
    assert document["total"] >= 0
    # 5.1: "A Collection that has a total number of Annotations greater than 0 MUST
    # have exactly 1 first page of Annotations."
    if document["total"] > 0:
        assert isinstance(document["first"], dict | str)
    found = pages(document)
    for index, page in enumerate(found):
        # 5.2: embedded pages SHOULD NOT have an @context (a MUST only when not
        # embedded); ours are all embedded.
        assert "@context" not in page
        # 5.2: "The Page MUST have exactly 1 IRI that provides its identity."
        assert isinstance(page["id"], str)
        assert IRI.match(page["id"])
        # 5.2: "The Page MUST have 1 or more types, and the AnnotationPage class
        # MUST be one of them."
        assert "AnnotationPage" in as_list(page["type"])
        # 5.2: "Each Page MUST have an array of 1 or more Annotations as the value
        # of items."
        assert isinstance(page["items"], list)
        assert page["items"]
        # 5.2: "If the current page is not the last page in the Collection, it MUST
        # have a reference to the IRI of the page that follows it."
        if index + 1 < len(found):
            assert found[index + 1]["id"] == page["next"]["id"]
        # 5.2: startIndex "MUST NOT have more than 1. The value MUST be an
        # xsd:nonNegativeInteger."
        assert type(page["startIndex"]) is int
        assert page["startIndex"] >= 0
        for item in page["items"]:
            check_annotation(item, embedded=True)
    assert sum(len(page["items"]) for page in found) == document["total"]


def check_annotation(annotation: dict, *, embedded: bool) -> None:
    # 3.1: "The Annotation MUST have 1 or more @context values and
    # http://www.w3.org/ns/anno.jsonld MUST be one of them." Embedded in a page
    # whose collection carries it, the context is inherited (JSON-LD).
    if not embedded:
        assert ANNO in as_list(annotation["@context"])
    # 3.1: "An Annotation MUST have exactly 1 IRI that identifies it."
    assert isinstance(annotation["id"], str)
    assert IRI.match(annotation["id"])
    # 3.1: "An Annotation MUST have 1 or more types, and the Annotation class MUST
    # be one of them."
    assert "Annotation" in as_list(annotation["type"])
    # 3.1: "There MUST be 1 or more target relationships associated with an
    # Annotation."
    targets = as_list(annotation["target"])
    assert targets
    # 3.3.1: created/modified "MUST NOT be more than 1 ... MUST be a xsd:dateTime
    # with the UTC timezone expressed as "Z"".
    for key in ("created", "modified", "generated"):
        if key in annotation:
            assert isinstance(annotation[key], str)
            assert XSD_UTC.match(annotation[key])
    # 3.3.5: motivations are from the Motivation instances.
    for motivation in as_list(annotation.get("motivation", [])):
        assert motivation in MOTIVATIONS
    # 3.3.2: an Agent "MUST NOT have more than 1" IRI.
    for agent in as_list(annotation.get("creator", [])):
        assert not isinstance(agent.get("id"), list)
    # 3.2.5: "If the bodyValue property is present, then the body relationship MUST
    # NOT also be present."
    assert not ("bodyValue" in annotation and "body" in annotation)
    for body in as_list(annotation.get("body", [])):
        check_resource(body)
        if "TextualBody" in as_list(body.get("type", [])):
            # 3.2.4: "There MUST be exactly 1 value property associated with the
            # TextualBody."
            assert isinstance(body["value"], str)
        for purpose in as_list(body.get("purpose", [])):
            assert purpose in MOTIVATIONS
    for target in targets:
        check_resource(target)


def check_resource(resource) -> None:
    if isinstance(resource, str):
        assert IRI.match(resource)
        return
    if "SpecificResource" in as_list(resource.get("type", [])) or "source" in resource:
        # 4: "There MUST be exactly 1 source relationship associated with a
        # Specific Resource."
        source = resource["source"]
        assert not isinstance(source, list)
        # 3.2.1: External Web Resources "MUST have exactly 1 id with the value of
        # the resource's IRI".
        if isinstance(source, dict):
            assert isinstance(source["id"], str)
            assert IRI.match(source["id"])
        else:
            assert IRI.match(source)
        for selector in as_list(resource.get("selector", [])):
            check_selector(selector)
        for state in as_list(resource.get("state", [])):
            check_state(state)


def check_state(state) -> None:
    if isinstance(state, str):
        assert IRI.match(state)
        return
    # 4.3.1: "Time States MUST have exactly 1 type and the value MUST be
    # TimeState"; sourceDate "MUST be expressed in the xsd:dateTime format, and MUST
    # use the UTC timezone expressed as "Z""; "If sourceDate is provided, then
    # sourceDateStart and sourceDateEnd MUST NOT be provided". The W3C test suite
    # (4.3.1-timeStateValid) also requires a time: sourceDate or both of the others.
    assert state["type"] == "TimeState"
    if "sourceDate" in state:
        assert not {"sourceDateStart", "sourceDateEnd"} & set(state)
        for date in as_list(state["sourceDate"]):
            assert XSD_UTC.match(date)
    else:
        assert XSD_UTC.match(state["sourceDateStart"])
        assert XSD_UTC.match(state["sourceDateEnd"])
    # cached: a link to a copy of the source's representation (IRIs).
    for cached in as_list(state.get("cached", [])):
        assert IRI.match(cached)


def check_selector(selector: dict) -> None:
    kind = selector["type"]
    if kind == "TextQuoteSelector":
        # 4.2.4: "Text Quote Selectors MUST have exactly 1 type and the value MUST be
        # TextQuoteSelector"; "Each TextQuoteSelector MUST have exactly 1 exact
        # property"; prefix and suffix "MUST NOT have more than 1".
        assert isinstance(selector["exact"], str)
        for key in ("prefix", "suffix"):
            if key in selector:
                assert isinstance(selector[key], str)
    elif kind == "TextPositionSelector":
        # 4.2.5: "Each TextPositionSelector MUST have exactly 1 start property, and
        # the value MUST be a non-negative integer", the same for end.
        for key in ("start", "end"):
            assert type(selector[key]) is int
            assert selector[key] >= 0
    else:
        pytest.fail(f"unexpected selector {kind}")


@pytest.mark.parametrize("build", ["seed", "hostile", "synthetic"])
def test_the_data_model_musts_hold(seed, hostile, build):
    snapshot = {"seed": seed, "hostile": hostile, "synthetic": synthetic_snapshot(250)}
    check_collection(exported(snapshot[build]))


def test_one_assessing_annotation_per_checked_claim(seed):
    document = exported(seed)
    assert document["label"] == (
        "Fact check: China and Russia Agree to Build Joint Moon Base"
    )
    items = document["first"]["items"]
    assert document["total"] == len(items) == len(seed["claims"])
    first = items[0]
    assert first["id"] == "https://desk.example.org/reports/12/annotations/345"
    assert first["motivation"] == "assessing"
    assert first["created"] == "2026-11-29T16:20:00Z"
    assert first["modified"] == "2026-12-01T22:15:03Z"
    assert first["creator"] == [
        {
            "id": "https://desk.example.org/",
            "type": "Organization",
            "name": "Example Fact Desk",
            "homepage": "https://desk.example.org/",
        },
        {"type": "Person", "name": "Eddie Editor"},
    ]
    verdict, explanation, *citations = first["body"]
    assert verdict == {
        "type": "TextualBody",
        "purpose": "assessing",
        "value": "Mostly true",
        "format": "text/plain",
        "language": "en",
        "schema:identifier": "mostly-true",
        "schema:ratingValue": 4,
        "factcheck:polarity": "true",
    }
    assert explanation["purpose"] == "commenting"
    assert explanation["value"] == seed["claims"][0]["verdict"]["explanation"]
    assert [c["purpose"] for c in citations] == ["linking", "linking"]
    assert (
        citations[0]["source"]["id"]
        == seed["claims"][0]["citations"][0]["source"]["url"]
    )
    assert citations[0]["selector"] == {
        "type": "TextQuoteSelector",
        "exact": seed["claims"][0]["citations"][0]["quote"],
    }
    assert citations[0]["schema:description"] == "Supports the claim (first paragraph)"
    assert citations[0]["factcheck:stance"] == "supports"
    assert citations[0]["factcheck:locator"] == "first paragraph"
    assert citations[0]["source"] == {
        "id": "https://www.cnsa.gov.cn/english/n6465652/n6465653/c6811380/content.html",
        "type": "Text",
        "schema:name": "China and Russia sign memorandum on the International Lunar "
        "Research Station",
        "schema:publisher": "China National Space Administration",
        "dcterms:type": "official",
    }
    # The archived copy is the TimeState's cached copy of the source, as of the
    # verdict's approval (model 4.3.1).
    assert citations[0]["state"] == {
        "type": "TimeState",
        "sourceDate": "2026-11-29T16:20:00Z",
        "cached": "https://web.archive.org/web/20210310000000/https://www.cnsa.gov.cn/english/",
    }
    assert "state" not in citations[1]  # SpaceNews has no archived copy


def test_the_context_extends_the_annotation_context_with_one_prefix(seed):
    """Every term outside the annotation context is a compact IRI whose prefix the
    annotation context (schema, dcterms) or its extension (factcheck) defines."""
    document = exported(seed)
    assert document["@context"] == [ANNO, {"factcheck": "urn:factcheck:vocab:"}]
    prefixes = set()

    def walk(node):
        if isinstance(node, list):
            for item in node:
                walk(item)
        elif isinstance(node, dict):
            for key, value in node.items():
                if ":" in key and not key.startswith("@"):
                    prefixes.add(key.split(":", 1)[0])
                walk(value)

    walk(document["first"])
    assert prefixes == {"schema", "dcterms", "factcheck"}


def test_overrides_are_commenting_bodies_marked_with_the_rule(seed):
    items = {
        item["id"].rsplit("/", 1)[1]: item for item in exported(seed)["first"]["items"]
    }
    for claim in seed["claims"]:
        verdict = claim["verdict"]
        bodies = items[str(claim["id"])]["body"]
        marked = {
            body["factcheck:overrides"]: body
            for body in bodies
            if "factcheck:overrides" in body
        }
        if verdict["gap_override_reason"]:
            gap = marked.pop("sourcing-gaps")
            assert gap["purpose"] == "commenting"
            assert gap["value"] == verdict["gap_override_reason"]
            assert gap["factcheck:gapKinds"] == verdict["gap_override_kinds"]
        if verdict["two_person_override_reason"]:
            two = marked.pop("two-person-rule")
            assert two["purpose"] == "commenting"
            assert two["value"] == verdict["two_person_override_reason"]
        assert marked == {}


def test_who_made_the_claim_is_the_author_of_the_targeted_words(seed):
    for item, claim in zip(
        exported(seed)["first"]["items"], seed["claims"], strict=True
    ):
        imported = item["target"][-1]
        if not claim["attribution"]:
            assert "schema:author" not in imported
            continue
        author = {"name": claim["attribution"]}
        if claim["attribution_type"]:
            author["type"] = claim["attribution_type"]
        assert imported["schema:author"] == author


def test_the_target_quotes_the_claim_with_32_characters_of_context(seed):
    body = seed["article"]["body"]
    for annotation, claim in zip(
        exported(seed)["first"]["items"], seed["claims"], strict=True
    ):
        original, imported = annotation["target"]
        assert original["source"] == "https://www.example.com/china-russia-moon-base"
        assert imported["source"]["id"] == "urn:factcheck:article:12"
        quote, position = imported["selector"]
        assert original["selector"] == quote
        assert quote["exact"] == claim["text"]
        assert quote["prefix"] == body[max(0, claim["start"] - 32) : claim["start"]]
        assert quote["suffix"] == body[claim["end"] : claim["end"] + 32]
        assert (position["start"], position["end"]) == (claim["start"], claim["end"])
        anchor = reanchor(body, quote, position)
        assert (anchor.start, anchor.end, anchor.method) == (
            claim["start"],
            claim["end"],
            "position",
        )


def test_positions_are_only_given_on_the_text_they_count_in(seed):
    # Web Annotation Data Model 4.2.5 (Text Position Selector): start and end count
    # characters in the text of the Selector's own source. The offsets are into
    # article.body, the text the desk imported; the page at the article's URL has
    # its own markup and text around the story, so a TextPositionSelector whose
    # source is that URL selects the wrong characters there.
    positioned = 0
    for annotation in exported(seed)["first"]["items"]:
        for target in as_list(annotation["target"]):
            selectors = as_list(target["selector"])
            kinds = {selector["type"] for selector in selectors}
            if "TextPositionSelector" not in kinds:
                continue
            positioned += 1
            source = target["source"]
            # The source is described as plain text (4.2.4/4.2.5: no markup to
            # strip, no entities to decode), and its text is exactly the body.
            assert isinstance(source, dict)
            assert source["id"] == "urn:factcheck:article:12"
            assert source["format"] == "text/plain"
            assert source["language"] == "en"
            for selector in selectors:
                if selector["type"] == "TextPositionSelector":
                    exact = next(
                        s["exact"]
                        for s in selectors
                        if s["type"] == "TextQuoteSelector"
                    )
                    start, end = selector["start"], selector["end"]
                    assert seed["article"]["body"][start:end] == exact
    assert positioned == len(seed["claims"])


def test_positions_count_code_points_beyond_the_basic_plane(seed):
    # 4.2.5: the selection is counted in Unicode code points, not in code units
    # (UTF-16 or UTF-8): an emoji before the claim counts as one character.
    body = "🚀🌕 Intro. " + seed["article"]["body"]
    shift = len("🚀🌕 Intro. ")
    seed["article"]["body"] = body
    for claim in seed["claims"]:
        claim["start"] += shift
        claim["end"] += shift
    item = exported(seed)["first"]["items"][0]
    position = as_list(item["target"])[-1]["selector"][1]
    assert position["start"] == seed["claims"][0]["start"]
    assert body[position["start"] : position["end"]] == seed["claims"][0]["text"]
    assert len(body[:shift].encode("utf-16-le")) // 2 == shift + 2


def test_an_article_without_url_is_targeted_by_a_stable_urn(seed):
    seed["article"]["url"] = ""
    items = exported(seed)["first"]["items"]
    for item in items:
        (only,) = item["target"]
        assert only["source"]["id"] == "urn:factcheck:article:12"


def test_pages_of_a_hundred_linked_and_embedded():
    snapshot = synthetic_snapshot(250)
    document = collection(snapshot)
    found = pages(document)
    base = "https://desk.example.org/reports/12/annotations/"
    assert [len(page["items"]) for page in found] == [PAGE_SIZE, PAGE_SIZE, 50]
    assert [page["id"] for page in found] == [f"{base}?page={n}" for n in (1, 2, 3)]
    assert [page["startIndex"] for page in found] == [0, 100, 200]
    assert {page["partOf"] for page in found} == {base}
    assert "prev" not in found[0]
    assert found[1]["prev"] == f"{base}?page=1"
    assert "next" not in found[-1]
    assert document["last"] == f"{base}?page=3"
    ids = [item["id"] for page in found for item in page["items"]]
    assert ids == [f"{base}{claim['id']}" for claim in snapshot["claims"]]


def test_no_claims_no_pages(seed):
    seed["claims"] = []
    document = exported(seed)
    assert document["total"] == 0
    assert "first" not in document
    assert "last" not in document
    check_collection(document)


def test_unlinkable_sources_become_textual_bodies(seed):
    seed["claims"][0]["citations"][0]["source"]["url"] = "javascript:alert(1)"
    body = exported(seed)["first"]["items"][0]["body"][2]
    assert body["type"] == "TextualBody"
    assert body["purpose"] == "linking"
    assert body["value"].startswith("Supports the claim (first paragraph): China and")
    assert "javascript:" not in json.dumps(body)
    assert body["schema:name"].startswith("China and Russia sign memorandum")
    assert body["factcheck:quote"] == seed["claims"][0]["citations"][0]["quote"]
    assert body["schema:archivedAt"].startswith("https://web.archive.org/")


def _linking_bodies(document: dict) -> dict[str, dict]:
    """Each cited source's first linking body, by the source's URL (or, for a
    source named in words, by its title)."""
    found = {}
    for page in pages(document):
        for item in page["items"]:
            for body in item["body"]:
                if body["purpose"] != "linking":
                    continue
                key = (
                    body["source"]["id"]
                    if "source" in body
                    else body.get("schema:name", "")
                )
                found.setdefault(key, body)
    return found


def test_a_capture_is_a_time_state_of_the_cited_source(seed):
    from tests.reports.test_exporters_captures import (
        FETCHED_SHA,
        UPLOADED_SHA,
        with_captures,
    )

    snapshot, fetched, uploaded, bare = with_captures(seed)
    document = exported(snapshot)
    check_collection(document)
    bodies = _linking_bodies(document)
    # CNSA has an archived copy too: its states are the archived copy as of the
    # approval, then the desk's capture as of when it was taken (4.3.1).
    assert fetched.startswith("https://www.cnsa.gov.cn/")
    archived, captured = bodies[fetched]["state"]
    assert archived["cached"].startswith("https://web.archive.org/")
    assert "schema:sha256" not in archived
    assert captured == {
        "type": "TimeState",
        "sourceDate": "2026-03-10T08:15:00Z",
        "cached": "https://desk.example.org/reports/12/captures/41/",
        "schema:sha256": FETCHED_SHA,
    }
    assert bodies[uploaded]["state"] == {
        "type": "TimeState",
        "sourceDate": "2026-03-11T09:30:00Z",
        "cached": "https://desk.example.org/reports/12/captures/42/",
        "schema:sha256": UPLOADED_SHA,
    }
    assert "state" not in bodies[bare]  # SpaceNews: no archived copy, no capture


def test_without_a_capture_the_states_are_as_before(seed):
    document = exported(seed)
    assert "schema:sha256" not in json.dumps(document)
    assert "factcheck:capture" not in json.dumps(document)
    states = [
        body["state"]
        for page in pages(document)
        for item in page["items"]
        for body in item["body"]
        if "state" in body
    ]
    assert states
    assert all(isinstance(state, dict) for state in states)


def test_a_source_named_in_words_keeps_its_capture_as_a_desk_term(seed):
    from tests.reports.test_exporters_captures import UPLOADED_SHA, with_captures

    snapshot, _fetched, uploaded, _bare = with_captures(seed)
    for claim in snapshot["claims"]:
        for citation in claim["citations"]:
            if citation["source"]["url"] == uploaded:
                citation["source"]["url"] = ""  # an uploaded file has no address
                title = citation["source"]["title"]
    document = exported(snapshot)
    check_collection(document)
    body = _linking_bodies(document)[title]
    assert body["type"] == "TextualBody"
    assert body["factcheck:capture"] == {
        "type": "TimeState",
        "sourceDate": "2026-03-11T09:30:00Z",
        "cached": "https://desk.example.org/reports/12/captures/42/",
        "schema:sha256": UPLOADED_SHA,
    }


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("url", "javascript:alert(1)"),
        ("url", "data:text/html,<script>alert(1)</script>"),
        ("url", "//evil.example/x"),
        ("captured_at", "yesterday"),
        ("sha256", "<script>alert(1)</script>"),
    ],
)
def test_a_capture_that_cannot_be_linked_or_checked_is_left_out(seed, field, value):
    from tests.reports.test_exporters_captures import change_capture, with_captures

    snapshot, fetched, _uploaded, _bare = with_captures(seed)
    change_capture(snapshot, 41, **{field: value})
    document = exported(snapshot)
    check_collection(document)
    payload = json.dumps(document)
    assert "javascript:" not in payload
    assert "data:text/html" not in payload
    assert "evil.example" not in payload
    assert "<script>" not in payload
    assert "captures/41/" not in payload
    # Only the archived copy's state is left.
    state = _linking_bodies(document)[fetched]["state"]
    assert state["cached"].startswith("https://web.archive.org/")


def test_an_import_does_not_take_the_capture_for_the_archived_copy(seed):
    from reports.services import flatten_annotations, read_annotation
    from tests.reports.test_exporters_captures import with_captures

    snapshot, _fetched, _uploaded, _bare = with_captures(seed)
    items = flatten_annotations(exported(snapshot))
    read = [
        citation["archive_url"]
        for annotation in items
        for citation in read_annotation(annotation).citations
    ]
    assert read == [
        citation["source"]["archive_url"]
        for claim in snapshot["claims"]
        for citation in claim["citations"]
    ]
