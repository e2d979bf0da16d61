"""Markdown: verdicts in words, sources as footnotes, hostile text inert."""

import lxml.html
import markdown
import pytest

from reports.exporters import get
from reports.exporters.markdown_text import escape
from tests.reports.snapshots import MARKER

EXTENSIONS = ["tables", "footnotes"]


def render(snapshot) -> str:
    return get("md").render(snapshot).decode("utf-8")


def to_html(text: str, extensions=EXTENSIONS):
    return lxml.html.document_fromstring(
        "<html><body>"
        + markdown.markdown(text, extensions=extensions)
        + "</body></html>"
    )


def test_title_summary_table_and_verdicts_in_words(seed):
    text = render(seed)
    assert text.startswith(
        "# Fact check: China and Russia Agree to Build Joint Moon Base\n"
    )
    tree = to_html(text)
    rows = tree.xpath("//table/tbody/tr")
    assert len(rows) == len(seed["claims"])
    assert [row.xpath("./td")[2].text_content() for row in rows] == [
        ("✓ " if c["verdict"]["polarity"] == "true" else "")
        + ("✗ " if c["verdict"]["polarity"] == "false" else "")
        + ("◐ " if c["verdict"]["polarity"] == "neutral" else "")
        + c["verdict"]["name"]
        for c in seed["claims"]
    ]
    headings = [h.text_content() for h in tree.xpath("//h3")]
    assert "Claim 4: ✗ Misleading" in headings


def test_sources_are_footnotes(seed):
    text = render(seed)
    assert "[^1]" in text
    assert "\n[^1]: [China and Russia sign memorandum" in text
    tree = to_html(text)
    notes = tree.xpath("//div[@class='footnote']//li")
    distinct = {
        citation["source"]["url"]
        for claim in seed["claims"]
        for citation in claim["citations"]
    }
    assert len(notes) == len(distinct)
    # The CNSA statement is cited by claims 1 and 3: one footnote, two references.
    assert text.count("[^1]") == 3


def test_overrides_and_corrections_are_stated(seed):
    shown = " ".join(to_html(render(seed)).text_content().split())
    assert "Approved over open sourcing gaps (no primary source): The intelligence" in (
        shown
    )
    assert "Approved without a second reviewer: Only one editor" in shown
    assert "Published before every check-worthy claim was checked: Published" in shown
    assert "Updated on 1 December 2026, 22:15 UTC (revision 2)." in shown
    assert "Revision 1, published 30 November 2026, 09:00 UTC" in shown


def test_the_article_text_marks_each_claim(seed):
    tree = to_html(render(seed))
    strong = [s.text_content() for s in tree.xpath("//strong")]
    for claim in seed["claims"]:
        assert f"[{claim['number']}] {' '.join(claim['text'].split())}" in strong


@pytest.mark.parametrize(
    "payload",
    [
        "<script>alert(1)</script>",
        '<img src=x onerror="alert(1)">',
        "[x](javascript:alert(1))",
        "[x]: javascript:alert(1)\n\n[x]",
        "<javascript:alert(1)>",
        "*emphasis* _under_ `code` # heading | pipe ~strike~ ^sup^ ==mark==",
        "&lt;script&gt;",
        "![image](https://evil.example/x.png)",
        "# heading",
        "- list item",
        "+ list item",
        "12. ordered item",
        "3) ordered item",
        "> quoted",
        "===",
        "---",
        "    indented code",
        "| a | b |",
    ],
)
def test_escape_renders_as_the_text_itself(payload):
    for markdown_text in (escape(payload), f"Some text\n{escape(payload)}"):
        tree = to_html(markdown_text)
        assert not tree.xpath(
            "//script|//img|//a|//em|//strong|//code|//pre|//blockquote"
            "|//h1|//h2|//ul|//ol|//hr|//table|//del|//sup"
        ), markdown_text
        assert tree.text_content().endswith(" ".join(payload.split()))


@pytest.mark.parametrize("extensions", [EXTENSIONS, []])
def test_hostile_snapshot_is_inert_when_rendered(hostile, extensions):
    tree = to_html(render(hostile), extensions)
    assert not tree.xpath("//script|//img|//iframe|//object|//embed|//svg")
    for element in tree.iter():
        if not isinstance(element.tag, str):
            continue
        for name, value in element.attrib.items():
            assert not name.lower().startswith("on"), (element.tag, name)
            if name in {"href", "src"}:
                assert value.startswith(("#", "http://", "https://")), value
    assert tree.text_content().count(MARKER) > 20
    assert "<script>alert(1)</script>" in tree.text_content()
