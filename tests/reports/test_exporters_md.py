"""Markdown: verdicts in words, sources as footnotes, hostile text inert."""

import lxml.html
import markdown
import pytest

from reports.exporters import get
from reports.exporters.markdown_text import escape
from tests.reports.snapshots import MARKER, seed_snapshot

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


# --- the article keeps its paragraphs --------------------------------------------

# A page's extracted text: one paragraph per line, no blank lines (as trafilatura
# gives it), long enough that running it together makes one enormous line.
WEB_PARAGRAPHS = [
    "Harbour officials said on Tuesday that the new ferry terminal cost $48 million, "
    "twice the original estimate, and that the overrun was approved in a 7-2 vote.",
    "The terminal will carry 12,000 passengers a day by 2027, according to the port "
    "authority. Critics called the forecast wildly optimistic.",
    "Construction began in March 2022 and employed about 900 workers at its peak.",
    "- Ticket prices will rise by 15 percent next year, the operator said.",
    "The old terminal, built in 1961, will be demolished in the autumn.",
]


def _article_snapshot(seed, body: str, marked: list[str]) -> dict:
    """The seed snapshot with another body and claims over the given texts."""
    template = seed["claims"][0]
    claims = []
    for number, text in enumerate(marked, 1):
        start = body.index(text)
        claims.append(
            {
                **template,
                "number": number,
                "anchor": f"claim-{number}",
                "start": start,
                "end": start + len(text),
                "text": text,
            }
        )
    seed["article"]["body"] = body
    seed["claims"] = claims
    return seed


def _article_section(text: str) -> list[str]:
    section = text.split("## The article\n\n", 1)[1].split("\n\n## Claims", 1)[0]
    return section.split("\n\n")


def test_an_article_with_one_paragraph_per_line_keeps_them(seed):
    body = "\n".join(WEB_PARAGRAPHS)
    marked = ["the new ferry terminal cost $48 million", "about 900 workers"]
    text = render(_article_snapshot(seed, body, marked))
    paragraphs = _article_section(text)
    assert len(paragraphs) == len(WEB_PARAGRAPHS)
    # Each claim is marked inside the paragraph it belongs to.
    assert "**\\[1\\] the new ferry terminal cost $48 million**" in paragraphs[0]
    assert "**\\[2\\] about 900 workers**" in paragraphs[2]
    assert paragraphs[1].startswith("The terminal will carry 12,000 passengers")
    # A line that would open a list stays text.
    assert paragraphs[3].startswith("\\- Ticket prices")
    assert max(len(line) for line in text.splitlines()) < 400
    rendered = to_html(text).xpath("//h2[.='The article']/following-sibling::p")
    assert [p.text_content() for p in rendered[:2]][1] == WEB_PARAGRAPHS[1]


def test_blank_lines_separate_paragraphs_and_single_breaks_stay_breaks(seed):
    body = (
        "Ferry terminal over budget\n\n"
        "Harbour officials said the terminal cost $48 million.\n"
        "Photo: Port authority\n\n"
        "Critics called the forecast wildly optimistic."
    )
    text = render(_article_snapshot(seed, body, ["the terminal cost $48 million"]))
    paragraphs = _article_section(text)
    assert paragraphs[0] == "Ferry terminal over budget"
    assert paragraphs[1].endswith("  \nPhoto: Port authority")
    assert paragraphs[2] == "Critics called the forecast wildly optimistic."
    tree = to_html(text)
    assert tree.xpath("//h2[.='The article']/following-sibling::p[2]/br")


def test_a_claim_across_a_paragraph_break_is_marked_in_both(seed):
    body = "First paragraph ends here.\nSecond one starts here and goes on."
    claim = "ends here.\nSecond one starts"
    text = render(_article_snapshot(seed, body, [claim]))
    paragraphs = _article_section(text)
    assert paragraphs[0] == "First paragraph **\\[1\\] ends here.**"
    assert paragraphs[1].startswith("**Second one starts** *(")
    assert "here and goes on." in paragraphs[1]


def test_the_seed_article_keeps_its_paragraphs(seed):
    paragraphs = _article_section(render(seed))
    blocks = [b for b in seed["article"]["body"].split("\n\n") if b.strip()]
    assert len(paragraphs) == len(blocks)
    assert paragraphs[0] == "China and Russia Agree to Build Joint Moon Base"


def test_the_same_revision_gives_the_same_bytes(seed):
    body = "\n".join(WEB_PARAGRAPHS)
    first = get("md").render(_article_snapshot(seed, body, ["about 900 workers"]))
    again = get("md").render(
        _article_snapshot(seed_snapshot(), body, ["about 900 workers"])
    )
    assert first == again
