"""The standalone HTML report: content and order, anchors, safety, print rules."""

import json

import lxml.html
import pytest

from reports.exporters import get
from reports.exporters._common import POLARITY_GLYPHS
from reports.exporters.claimreview import claim_reviews
from reports.exporters.html_document import PALETTE, TEXT_PAIRS, stylesheet
from tests.reports.snapshots import MARKER


def render(snapshot) -> str:
    return get("html").render(snapshot).decode("utf-8")


def parse(snapshot):
    return lxml.html.document_fromstring(get("html").render(snapshot))


def test_a_complete_html5_document_with_its_charset_first(seed):
    page = render(seed)
    assert page.startswith('<!DOCTYPE html>\n<html lang="en" dir="ltr">\n<head>\n')
    assert '<meta charset="utf-8">' in page.split("<title>")[0]
    assert (
        '<meta name="viewport" content="width=device-width, initial-scale=1">' in page
    )
    tree = parse(seed)
    assert tree.findtext(".//title") == (
        "Fact check: China and Russia Agree to Build Joint Moon Base"
        " — Example Fact Desk"
    )


def test_sections_come_in_the_documented_order(seed):
    page = render(seed)
    order = [
        "<h1>",
        'id="summary"',
        'id="coverage"',
        'id="article"',
        'id="claims"',
        'id="methodology"',
        'id="corrections"',
    ]
    positions = [page.index(marker) for marker in order]
    assert positions == sorted(positions)


def test_article_metadata_with_a_link_to_the_original(seed):
    tree = parse(seed)
    meta = {
        dt.text_content(): dd.text_content()
        for dt, dd in zip(
            tree.xpath("//dl[@class='meta']/dt"),
            tree.xpath("//dl[@class='meta']/dd"),
            strict=True,
        )
    }
    assert meta["Publisher"] == "Example News"
    assert meta["Byline"] == "Jane Doe"
    assert meta["Published"] == "9 March 2021"
    assert meta["Checked"] == "1 December 2026, 22:15 UTC"
    original = tree.xpath("//dl[@class='meta']//a/@href")
    assert original == ["https://www.example.com/china-russia-moon-base"]


def test_summary_table_lists_every_claim_with_verdict_and_source_count(seed):
    tree = parse(seed)
    rows = tree.xpath("//table[@class='summary']/tbody/tr")
    assert len(rows) == len(seed["claims"])
    for row, claim in zip(rows, seed["claims"], strict=True):
        cells = row.xpath("./td")
        assert cells[0].text_content() == str(claim["number"])
        assert cells[1].xpath(".//a/@href") == [f"#{claim['anchor']}"]
        badge = cells[2].text_content()
        assert claim["verdict"]["name"] in badge
        sources = len({c["source"]["url"] for c in claim["citations"]})
        assert cells[3].text_content().startswith(str(sources))
    # Claim 1 and 3 cite the same CNSA statement: it counts once in coverage.
    assert "10" in tree.xpath("//section[@id='coverage']")[0].text_content()


def test_claims_are_highlighted_in_place_with_their_anchor_and_verdict(seed):
    tree = parse(seed)
    body = tree.xpath("//div[@class='article-body']")[0]
    # The text of the article survives, in order, around the highlights.
    assert (
        body.text_content()
        .replace("Claim ", "")
        .startswith(seed["article"]["body"][:40])
    )
    for claim in seed["claims"]:
        (mark,) = tree.xpath(f"//mark[@id='{claim['anchor']}']")
        assert mark.text_content() == f"Claim {claim['number']}{claim['text']}"
        polarity = claim["verdict"]["polarity"]
        assert f"verdict-{polarity}" in mark.get("class")
        badge = mark.getnext()
        assert badge.get("href") == f"#{claim['anchor']}-review"
        assert badge.text_content() == (
            POLARITY_GLYPHS[polarity] + claim["verdict"]["name"]
        )
        assert f"verdict-{polarity}" in badge.get("class")


def test_each_polarity_has_its_own_glyph():
    assert len(set(POLARITY_GLYPHS.values())) == len(POLARITY_GLYPHS) == 3


def test_each_review_has_explanation_evidence_and_credit(seed):
    tree = parse(seed)
    for claim in seed["claims"]:
        (review,) = tree.xpath(f"//article[@id='{claim['anchor']}-review']")
        content = review.text_content()
        assert claim["text"] in content
        first_paragraph = claim["verdict"]["explanation"].split("\n\n")[0]
        assert first_paragraph in content
        assert "Approved by Eddie Editor on 29 November 2026" in content or (
            "Approved by Eddie Editor on 1 December 2026" in content
        )
        items = review.xpath(".//ol[@class='evidence']/li")
        assert len(items) == len(claim["citations"])
        for item, citation in zip(items, claim["citations"], strict=True):
            words = {"supports": "Supports the claim", "refutes": "Refutes the claim"}
            assert words.get(citation["stance"], "Context") in item.text_content()
            assert item.xpath(".//cite/a/@href") == [citation["source"]["url"]]
            assert citation["source"]["publisher"] in item.text_content()
            if citation["quote"]:
                assert (
                    citation["quote"] in item.xpath(".//blockquote")[0].text_content()
                )
            if citation["locator"]:
                assert citation["locator"] in item.text_content()
            if citation["source"]["archive_url"]:
                assert citation["source"]["archive_url"] in item.xpath(".//a/@href")
        if not claim["citations"]:
            assert "No sources are cited for this claim." in content


def test_overrides_are_visible(seed):
    tree = parse(seed)
    gap = tree.xpath("//article[@id='claim-4-review']//p[@class='note']")[0]
    assert "Approved over open sourcing gaps (no primary source)." in gap.text_content()
    assert "only primary source" in gap.text_content()
    second = tree.xpath("//article[@id='claim-6-review']//p[@class='note']")[0]
    assert "Approved without a second reviewer." in second.text_content()
    coverage = tree.xpath("//section[@id='coverage']")[0].text_content()
    assert "Published before every check-worthy claim was checked." in coverage


def test_misleading_has_no_number_but_its_words(seed):
    tree = parse(seed)
    (review,) = tree.xpath("//article[@id='claim-4-review']")
    assert "Our verdict: Misleading." in review.text_content()
    assert "Accurate facts, false impression." in review.text_content()


def test_corrections_history_and_the_updated_notice(seed):
    tree = parse(seed)
    notice = tree.xpath("//p[contains(@class, 'updated')]")[0]
    assert notice.text_content() == "Updated on 1 December 2026, see corrections."
    assert notice.xpath(".//a/@href") == ["#corrections"]
    corrections = tree.xpath("//section[@id='corrections']")[0].text_content()
    assert "Updated on 1 December 2026, 22:15 UTC (revision 2)." in corrections
    assert seed["report"]["note"] in corrections
    assert "Revision 1, published 30 November 2026, 09:00 UTC" in corrections


def test_first_revision_says_no_corrections(seed):
    seed["report"].update(revision=1, note="", previous=[])
    tree = parse(seed)
    assert not tree.xpath("//p[contains(@class, 'updated')]")
    corrections = tree.xpath("//section[@id='corrections']")[0].text_content()
    assert "No corrections since." in corrections


def test_methodology_and_rating_scale(seed):
    tree = parse(seed)
    section = tree.xpath("//section[@id='methodology']")[0]
    assert len(section.xpath("./p")) == 2
    rows = section.xpath(".//table[@class='scale']/tbody/tr")
    assert [row.xpath("./td")[0].text_content()[1:] for row in rows] == [
        label["name"] for label in seed["scale"]["labels"]
    ]


def test_claimreview_json_ld_is_embedded_per_claim(seed):
    tree = parse(seed)
    scripts = tree.xpath("//script")
    assert all(s.get("type") == "application/ld+json" for s in scripts)
    assert [json.loads(s.text) for s in scripts] == claim_reviews(seed)


def test_the_json_ld_cannot_break_out_of_its_script_element(seed):
    # The text no longer matches the body, so it is not highlighted; the JSON-LD
    # still carries it.
    seed["claims"][0]["text"] = "x</script><script>alert(1)</script><!--"
    page = render(seed)
    head = page.split("</head>")[0]
    assert "</script><script>alert(1)" not in head
    assert "\\u003c/script\\u003e" in head
    tree = parse(seed)
    texts = [json.loads(s.text)["claimReviewed"] for s in tree.xpath("//script")]
    assert texts[0] == "x</script><script>alert(1)</script><!--"


def test_a_claim_whose_offsets_do_not_match_is_reviewed_but_not_highlighted(seed):
    seed["claims"][1]["start"] += 3
    tree = parse(seed)
    assert not tree.xpath("//mark[@id='claim-2']")
    assert tree.xpath("//article[@id='claim-2-review']")
    assert len(tree.xpath("//mark")) == len(seed["claims"]) - 1


def test_every_claimreview_url_fragment_exists_on_the_page(seed):
    # Google, "Fact check (ClaimReview) structured data": `url` links to the fact
    # check on the page hosting it; the Fact Check Tools API allows the page URL
    # plus an anchor ("page jump"). The anchor must exist even for a claim that
    # could not be highlighted in the article.
    seed["claims"][1]["start"] += 3
    tree = parse(seed)
    ids = set(tree.xpath("//@id"))
    for script in tree.xpath("//script[@type='application/ld+json']"):
        fragment = json.loads(script.text)["url"].split("#", 1)[1]
        assert fragment in ids
    (element,) = tree.xpath("//*[@id='claim-2']")
    assert element.tag == "blockquote"
    assert not tree.xpath("//article[@id='claim-2-review']//a[@href='#claim-2']")


def test_only_http_links_become_hrefs(seed):
    seed["article"]["url"] = "javascript:alert(1)"
    seed["claims"][0]["citations"][0]["source"]["url"] = "data:text/html,x"
    seed["claims"][0]["citations"][0]["source"]["archive_url"] = "vbscript:x"
    tree = parse(seed)
    hrefs = tree.xpath("//@href")
    assert all(h.startswith(("#", "https://", "http://")) for h in hrefs), hrefs
    meta = tree.xpath("//dl[@class='meta']")[0].text_content()
    assert "javascript:alert(1)" in meta  # shown, as text


def test_offline_no_external_resource(seed):
    page = render(seed)
    tree = parse(seed)
    assert not tree.xpath("//@src")
    assert not tree.xpath("//link[@rel='stylesheet']")
    assert not tree.xpath("//iframe|//img|//object|//embed")
    assert "@import" not in page
    assert "url(" not in stylesheet()


def test_print_rules_page_numbers_and_responsive_rules():
    css = stylesheet()
    assert "@media print" in css
    assert "@page" in css
    assert 'counter(page) " of " counter(pages)' in css
    assert "@media (max-width: 40rem)" in css


def _luminance(colour: str) -> float:
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [
        c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels
    ]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


@pytest.mark.parametrize(("ink", "ground"), TEXT_PAIRS)
def test_text_colours_meet_wcag_aa(ink, ground):
    lighter, darker = sorted(
        (_luminance(PALETTE[ink]), _luminance(PALETTE[ground])), reverse=True
    )
    assert (lighter + 0.05) / (darker + 0.05) >= 4.5


def test_hostile_text_is_inert(hostile):
    page = render(hostile)
    tree = lxml.html.document_fromstring(page.encode("utf-8"))
    scripts = tree.xpath("//script")
    assert scripts
    assert all(s.get("type") == "application/ld+json" for s in scripts)
    for script in scripts:
        json.loads(script.text)  # still valid JSON, nothing cut short
    for element in tree.iter():
        if not isinstance(element.tag, str):
            continue
        assert element.tag not in {"img", "iframe", "object", "embed", "svg", "form"}
        for name, value in element.attrib.items():
            assert not name.lower().startswith("on"), (element.tag, name)
            if name in {"href", "src", "action", "formaction"}:
                assert value.startswith("#"), value
    # The planted strings are still shown, as text.
    assert tree.text_content().count(MARKER) > 20
    assert "<script>alert(1)</script>" in tree.text_content()
    # The anchors themselves were hostile: each stays whole inside its id attribute.
    for claim in hostile["claims"]:
        assert tree.get_element_by_id(claim["anchor"]).tag == "mark"


def test_a_claim_across_a_paragraph_break_is_marked_in_both(seed):
    body = seed["article"]["body"]
    claim = seed["claims"][0]
    end = body.index("\n\n", claim["end"])
    following = body.index("Leaders from both", end)
    # Claim 1 now runs from its sentence into the next paragraph's first sentence.
    claim["end"] = following + len("Leaders from both")
    claim["text"] = body[claim["start"] : claim["end"]]
    seed["claims"] = [claim]
    tree = parse(seed)
    marks = tree.xpath("//div[@class='article-body']//mark")
    assert len(marks) == 2
    assert marks[0].get("id") == "claim-1"
    assert marks[1].get("id") is None
    assert marks[0].getparent() is not marks[1].getparent()
    assert [
        m.getnext() is not None and "badge" in m.getnext().get("class", "")
        for m in marks
    ] == [False, True]
    assert "".join(m.text_content() for m in marks).endswith("Leaders from both")


def test_the_pdf_input_leaves_out_the_json_ld(seed):
    from reports.exporters.html_document import render_html

    assert "application/ld+json" not in render_html(seed, structured_data=False)
