"""A citation's quote checked against its source's capture, as the panel shows it:
a quote absent from the capture says "Not found in the capture" and opens its gap;
edited to words the capture has, it says found and links to the marked text."""

import pytest
from playwright.sync_api import expect

from annotations import services
from annotations.services import quotes as quote_service
from annotations.sourcing import scanner
from tests import factories
from tests.browser.test_sourcing import BODY, SOURCE, eager_rescans, tolls_claim, watch

pytestmark = pytest.mark.browser

__all__ = ["eager_rescans"]

CAPTURED = (
    "Port authority annual report 2023\n\n"
    "Harbour tolls rose by 12 per cent in 2023, the authority\u2019s board said."
)


def test_a_quote_absent_from_the_capture_is_not_found_on_the_panel(
    page, login, live_server, reviewer, scale, eager_rescans, screenshot_path
):
    problems = watch(page)
    article = services.article_create(title="", body=BODY, created_by=reviewer)
    claim = tolls_claim(article)
    citation = services.citation_add_with_source(
        claim=claim, user=reviewer, stance="supports", url=SOURCE,
        title="Port authority annual report", quote="Tolls were cut by half.",
    )  # fmt: skip
    quote_service.quotes_check(
        factories.CaptureFactory(source=citation.source, text=CAPTURED)
    )
    scanner.scan_pending()
    login(page, reviewer, f"/articles/{article.pk}/?claim={claim.pk}")
    panel = page.locator("#claim-panel")
    status = panel.locator("li.citation .quote-check")
    expect(status).to_contain_text("Not found in the capture")
    expect(status).to_have_class("quote-check quote-not_found")
    expect(panel.locator("section.gaps")).to_contain_text("Quote not in source")
    panel.screenshot(path=screenshot_path("panel-quote-not-found.png"))

    # Edited to the page's words (lower case, a straight apostrophe): found.
    panel.locator("details.citation-edit summary").click()
    panel.locator(f"#cite-edit-quote-{citation.pk}").fill(
        "harbour tolls rose by 12 per cent in 2023, the authority's board said"
    )
    panel.get_by_role("button", name="Save the citation").click()
    expect(status).to_contain_text("Found in the capture")
    expect(panel.locator("section.gaps")).not_to_contain_text("Quote not in source")
    link = status.get_by_role("link", name="captured text")
    href = link.get_attribute("href")
    page.goto(live_server.url + href)
    expect(page.locator("pre.capture-text mark")).to_have_text(
        "Harbour tolls rose by 12 per cent in 2023, the authority\u2019s board said"
    )
    assert not problems, problems


def test_a_citation_without_a_quote_shows_its_capture_on_the_panel(
    page, login, live_server, reviewer, scale, eager_rescans
):
    """No quote, so no quote check: the panel still says the source was captured
    and links its text, which opens."""
    problems = watch(page)
    article = services.article_create(title="", body=BODY, created_by=reviewer)
    claim = tolls_claim(article)
    citation = services.citation_add_with_source(
        claim=claim, user=reviewer, stance="supports", url=SOURCE,
        title="Port authority annual report",
    )  # fmt: skip
    factories.CaptureFactory(source=citation.source, text=CAPTURED)
    login(page, reviewer, f"/articles/{article.pk}/?claim={claim.pk}")
    panel = page.locator("#claim-panel")
    expect(panel.locator("li.citation .quote-check")).to_have_count(0)
    line = panel.locator("li.citation .capture-line")
    expect(line).to_be_visible()
    expect(line).to_have_class("capture-line capture-captured")
    expect(line).to_contain_text("Captured")
    href = line.get_by_role("link", name="captured text").get_attribute("href")
    page.goto(live_server.url + href)
    expect(page.locator("pre.capture-text")).to_contain_text("Harbour tolls rose")
    assert not problems, problems
