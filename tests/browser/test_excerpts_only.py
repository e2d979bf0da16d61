"""An editor publishes a report as excerpts only from the publish page, and a
reader sees the checked claims and a prominent link to the original article, not
the article (docs/PUBLISHING.md, "Excerpts only")."""

import pytest
from playwright.sync_api import expect

from annotations import services
from reports import services as reports
from tests.report_fixtures import verify_article

pytestmark = pytest.mark.browser

SCENERY = "Gulls wheeled over the grey harbour while the ferries idled at the quay."
FACT = "The harbour authority said cargo volumes rose by 14 percent in 2024."
BODY = f"{SCENERY}\n\n{FACT}"
ORIGINAL = "https://news.example.com/harbour/cargo"


def test_an_editor_publishes_excerpts_and_a_reader_sees_no_article_text(
    page, live_server, people, login, settings, screenshot_path
):
    settings.FACTCHECK_SITE_URL = live_server.url
    article = services.article_create(
        title="Harbour cargo story",
        body=BODY,
        url=ORIGINAL,
        created_by=people["rita"],
    )
    for claim in article.claims.filter(kind="claim"):
        if claim.text == SCENERY:
            services.claim_dismiss(claim=claim, reason="scenery", user=people["rita"])
    verify_article(article, reviewer=people["rita"], editor=people["eddie"])

    login(page, people["eddie"], f"/reports/{article.pk}/publish/")
    choice = page.get_by_label("Excerpts only")
    expect(choice).not_to_be_checked()  # the desk's default: the full article
    choice.check()
    page.get_by_role("button", name="Publish", exact=True).click()
    expect(page.get_by_text("Revision 1 of the report is published.")).to_be_visible()
    assert reports.latest_revision(article).snapshot["report"]["excerpts_only"]

    page.goto(f"{live_server.url}/reports/{article.pk}/")
    notice = page.locator(".excerpts")
    expect(notice).to_be_visible()
    expect(notice).to_contain_text("does not reprint the article")
    original = notice.get_by_role(
        "link", name="Read the whole article at its publisher"
    )
    expect(original).to_be_visible()
    expect(original).to_have_attribute("href", ORIGINAL)
    expect(page.locator("#article")).to_have_count(0)
    expect(page.locator("#claim-1")).to_contain_text(FACT)
    page.screenshot(path=screenshot_path("report-excerpts-only.png"), full_page=True)
    assert SCENERY not in page.content()
