"""Script injection through anything a user typed or imported never executes."""

import pytest
from playwright.sync_api import expect

from annotations import services
from annotations.models import RatingLabel

pytestmark = pytest.mark.browser

PAYLOADS = [
    "<script>window.__xss = (window.__xss || 0) + 1</script>",
    '<img src=x onerror="window.__xss = (window.__xss || 0) + 1">',
    '"><svg onload="window.__xss = (window.__xss || 0) + 1">',
    '\'><iframe srcdoc="<script>parent.__xss=1</script>"></iframe>',
    "javascript:window.__xss=1",
]
HOSTILE = " ".join(PAYLOADS)


@pytest.fixture
def hostile(scale, transactional_db, reviewer):
    """An article where every user-typed or imported field carries the payloads."""
    rita = reviewer
    article = services.article_create(
        title=f"Hostile title {HOSTILE}",
        body=(
            f"The mayor said {HOSTILE} on Monday.\n\n"
            f"Officials said the budget rose by 4 percent {HOSTILE}.\n\n"
            "Critics said the increase was too small."
        ),
        publisher=f"Publisher {HOSTILE}",
        byline=f"Byline {HOSTILE}",
        created_by=rita,
    )
    claims = list(article.claims.order_by("start"))
    source, _ = services.source_get_or_create(
        # Angle brackets and double quotes are refused in URLs (annotations.urlcheck);
        # a single quote is legal, and must not break out of the href either.
        url="https://example.org/report?q=';window.__xss=1;'",
        title=f"Source title {HOSTILE}",
        publisher=f"Source publisher {HOSTILE}",
        user=rita,
    )
    services.citation_add(
        claim=claims[0], source=source, stance="refutes", user=rita,
        quote=f"Quote {HOSTILE}", locator=f"Locator {HOSTILE}"[:200],
        note=f"Note {HOSTILE}",
    )  # fmt: skip
    services.rating_set(
        claim=claims[0],
        reviewer=rita,
        label=RatingLabel.objects.get(slug="false"),
        rationale=f"Rationale {HOSTILE}",
    )
    services.claim_dismiss(claim=claims[1], reason=f"Reason {HOSTILE}"[:500], user=rita)
    return rita, article, claims


def assert_nothing_ran(page, dialogs):
    assert page.evaluate("window.__xss") is None
    assert (
        page.locator("#main script, #main img[src=x], #main svg, #main iframe").count()
        == 0
    )
    assert dialogs == []


def test_payloads_in_every_user_field_never_execute(page, login, live_server, hostile):
    rita, article, claims = hostile
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    login(page, rita)
    expect(page.locator(".article-link")).to_contain_text("Hostile title <script>")
    assert_nothing_ran(page, dialogs)

    page.goto(f"{live_server.url}/articles/{article.pk}/?claim={claims[0].pk}")
    panel = page.locator("#claim-panel")
    expect(panel.locator(".quote")).to_contain_text("Quote <script>")
    expect(panel.locator(".rationale")).to_contain_text("Rationale <script>")
    expect(panel.locator(".citation")).to_contain_text("Source publisher <script>")
    expect(page.locator("#article-body")).to_contain_text("The mayor said <script>")
    assert_nothing_ran(page, dialogs)

    # The same through htmx swaps: open the dismissed claim's panel, search sources.
    page.locator(f"#claim-{claims[1].pk} .txt").evaluate("el => el.click()")
    expect(panel).to_have_attribute("data-claim", str(claims[1].pk))
    expect(panel).to_contain_text("Reason <script>")
    # A dismissed claim takes no evidence: search sources from the live one.
    page.locator(f"#claim-{claims[0].pk} .txt").first.evaluate("el => el.click()")
    expect(panel).to_have_attribute("data-claim", str(claims[0].pk))
    # Type once htmx has settled the swapped panel, as a person would.
    page.wait_for_selector("#claim-panel:not(.htmx-added):not(.htmx-settling)")
    panel.locator(".add-source > summary").click()
    panel.locator("input.source-search").press_sequentially("Source title", delay=20)
    expect(panel.locator(".source-picks")).to_contain_text("Source title <script>")
    assert_nothing_ran(page, dialogs)

    # A refused form re-renders what was typed, still escaped.
    page.goto(f"{live_server.url}/articles/new/")
    page.get_by_label("Article text").fill(HOSTILE)
    page.get_by_label("…or fetch a URL").fill("https://example.org/")
    page.get_by_role("button", name="Split into claims").click()
    expect(page.get_by_role("alert")).to_contain_text("Give only one of")
    expect(page.get_by_label("Article text")).to_have_value(HOSTILE)
    assert_nothing_ran(page, dialogs)
