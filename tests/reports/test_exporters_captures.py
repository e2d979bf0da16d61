"""A cited source's frozen capture in Markdown and CSV, as the HTML shows it: when it
was captured (or stored, for an upload), its download and text links and its SHA-256
(docs/EVIDENCE.md, "Captures in reports")."""

from __future__ import annotations

import copy
import csv
import io

import lxml.html
import markdown

from reports.exporters import get
from reports.exporters.csv_table import COLUMNS

FETCHED_SHA = "3f" * 32
UPLOADED_SHA = "a1" * 32


def with_captures(seed: dict) -> tuple[dict, str, str, str]:
    """The seed with a fetched capture on the first cited source and an uploaded
    one on the second; returns it and the three sources' URLs (the third has no
    capture)."""
    snapshot = copy.deepcopy(seed)
    sources, seen = [], set()
    for claim in snapshot["claims"]:
        for citation in claim["citations"]:
            source = citation["source"]
            if source["url"] and source["url"] not in seen:
                seen.add(source["url"])
                sources.append(source["url"])
    fetched_url, uploaded_url, bare_url = sources[:3]
    base = "https://desk.example.org/reports/12/captures"
    captures = {
        fetched_url: {
            "id": 41,
            "origin": "fetched",
            "sha256": FETCHED_SHA,
            "captured_at": "2026-03-10T08:15:00Z",
            "content_type": "text/html",
            "size_bytes": 5120,
            "url": f"{base}/41/",
            "text_url": f"{base}/41/text/",
        },
        uploaded_url: {
            "id": 42,
            "origin": "uploaded",
            "sha256": UPLOADED_SHA,
            "captured_at": "2026-03-11T09:30:00Z",
            "content_type": "application/pdf",
            "size_bytes": 900,
            "url": f"{base}/42/",
            "text_url": f"{base}/42/text/",
        },
    }
    for claim in snapshot["claims"]:
        for citation in claim["citations"]:
            source = citation["source"]
            if source["url"] in captures:
                source["capture"] = captures[source["url"]]
    return snapshot, fetched_url, uploaded_url, bare_url


def change_capture(snapshot: dict, capture_id: int, **fields) -> None:
    """Set `fields` on the frozen capture `capture_id` wherever a citation carries
    it (the hostile-capture tests of every format)."""
    for claim in snapshot["claims"]:
        for citation in claim["citations"]:
            capture = citation["source"].get("capture")
            if capture and capture["id"] == capture_id:
                capture.update(fields)


def footnotes(payload: bytes) -> dict[str, str]:
    """Each footnote's text by the source URL it links first."""
    html = markdown.markdown(payload.decode("utf-8"), extensions=["footnotes"])
    tree = lxml.html.document_fromstring(f"<html><body>{html}</body></html>")
    notes = {}
    for item in tree.xpath("//div[@class='footnote']//li"):
        notes[item.xpath(".//a/@href")[0]] = item
    return notes


def test_markdown_footnotes_carry_the_capture_time_links_and_hash(seed):
    snapshot, fetched, uploaded, bare = with_captures(seed)
    notes = footnotes(get("md").render(snapshot))
    words = notes[fetched].text_content()
    assert "Captured 10 March 2026" in words
    assert f"SHA-256 {FETCHED_SHA}" in words
    links = dict(
        zip(
            notes[fetched].xpath(".//a/text()"),
            notes[fetched].xpath(".//a/@href"),
            strict=False,
        )
    )
    assert (
        links["download the capture"]
        == "https://desk.example.org/reports/12/captures/41/"
    )
    assert links["its text"] == "https://desk.example.org/reports/12/captures/41/text/"
    assert "Uploaded evidence, stored 11 March 2026" in notes[uploaded].text_content()
    assert UPLOADED_SHA in notes[uploaded].text_content()
    assert "Captured" not in notes[bare].text_content()
    assert "SHA-256" not in notes[bare].text_content()


def test_markdown_capture_words_are_in_the_report_language(seed):
    snapshot, fetched, _uploaded, _bare = with_captures(seed)
    snapshot["article"]["language"] = "es"
    note = footnotes(get("md").render(snapshot))[fetched]
    assert "Capturado el" in note.text_content()
    assert "descargar la captura" in note.xpath(".//a/text()")
    assert "su texto" in note.xpath(".//a/text()")


def test_markdown_never_links_or_prints_a_hostile_capture(seed):
    snapshot, fetched, _uploaded, _bare = with_captures(seed)
    change_capture(
        snapshot,
        41,
        url="javascript:alert(1)",
        text_url="data:text/html,<script>x</script>",
        sha256="`<img src=x onerror=alert(1)>`",
    )
    payload = get("md").render(snapshot).decode("utf-8")
    assert "javascript:" not in payload
    assert "data:text/html" not in payload
    assert "<img" not in payload
    assert (
        "Captured 10 March 2026" in footnotes(payload.encode())[fetched].text_content()
    )


def test_csv_rows_carry_the_capture_of_their_source(seed):
    snapshot, fetched, uploaded, bare = with_captures(seed)
    payload = get("csv").render(snapshot)
    assert payload.split(b"\r\n", 1)[0].decode() == ",".join(COLUMNS)
    rows = list(csv.DictReader(io.StringIO(payload.decode("utf-8"), newline="")))
    by_url = {}
    for row in rows:
        by_url.setdefault(row["source_url"], row)
    assert {key: by_url[fetched][key] for key in COLUMNS[-5:]} == {
        "capture_origin": "fetched",
        "captured_at": "2026-03-10T08:15:00Z",
        "capture_url": "https://desk.example.org/reports/12/captures/41/",
        "capture_text_url": "https://desk.example.org/reports/12/captures/41/text/",
        "capture_sha256": FETCHED_SHA,
    }
    assert by_url[uploaded]["capture_origin"] == "uploaded"
    assert by_url[uploaded]["capture_sha256"] == UPLOADED_SHA
    assert [by_url[bare][key] for key in COLUMNS[-5:]] == [""] * 5
    # A claim without citations keeps the width of the table.
    assert all(len(row) == len(COLUMNS) for row in rows)


def test_without_captures_the_csv_and_markdown_say_nothing_of_them(seed):
    payload = get("md").render(seed).decode("utf-8")
    assert "SHA-256" not in payload
    assert "download the capture" not in payload
    rows = list(
        csv.DictReader(io.StringIO(get("csv").render(seed).decode(), newline=""))
    )
    assert {row["capture_sha256"] for row in rows} == {""}
