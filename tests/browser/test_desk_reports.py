"""A reader finds two desks' reports on the instance's list, follows one desk's name
to its own list and report, and stays in that desk (docs/DESKS.md, "Public reports")."""

import pytest
from playwright.sync_api import expect

from annotations import roles, services
from annotations.models import Workspace
from reports import services as reports
from tests import factories
from tests.report_fixtures import verify_article

pytestmark = pytest.mark.browser

BODY = (
    "The harbour authority said cargo volumes rose by 14 percent in 2024. "
    "Officials reported that 3,200 ships docked there last year."
)


def _desk_publishes(workspace, *, title: str, organisation: str):
    workspace.settings = {"report": {"organisation_name": organisation}}
    workspace.save()
    reviewer = factories.UserFactory(role="reviewer", role__workspace=workspace)
    editor = factories.UserFactory(role="editor", role__workspace=workspace)
    article = services.article_create(
        title=title, body=BODY, created_by=reviewer, workspace=workspace
    )
    verify_article(article, reviewer=reviewer, editor=editor)
    reports.article_publish(article=article, user=editor, override_reason="Early.")
    return article


def test_a_reader_follows_a_desk_from_the_instances_list_to_its_report(
    page, live_server, scale, settings
):
    settings.FACTCHECK_SITE_URL = live_server.url
    harbour = roles.ensure_first_workspace()
    valley = Workspace.objects.create(slug="valley", name="Valley desk")
    _desk_publishes(harbour, title="Harbour cargo story", organisation="Harbour Org")
    valley_article = _desk_publishes(
        valley, title="Valley clinic story", organisation="Valley Health Watch"
    )

    page.goto(f"{live_server.url}/reports/")
    cards = page.locator(".report-card")
    expect(cards).to_have_count(2)
    valley_card = cards.filter(has_text="Valley clinic story")
    expect(valley_card.locator(".report-desk")).to_have_text("Valley desk")
    expect(
        cards.filter(has_text="Harbour cargo story").locator(".report-desk")
    ).to_have_text(harbour.name)

    valley_card.locator(".report-desk").click()
    expect(page).to_have_url(f"{live_server.url}/w/valley/reports/")
    expect(page.locator(".intro")).to_contain_text("Valley Health Watch")
    expect(page.locator(".report-card")).to_have_count(1)
    expect(page.locator(".report-card")).to_contain_text("Valley clinic story")
    expect(page.locator(".report-desk")).to_have_count(0)

    page.get_by_role("link", name="Valley clinic story").click()
    expect(page).to_have_url(f"{live_server.url}/w/valley/reports/{valley_article.pk}/")
    expect(page.locator("body")).to_contain_text("Valley Health Watch")
    expect(page.locator("body")).not_to_contain_text("Harbour Org")

    page.locator(".site-nav").get_by_role("link", name="All reports").click()
    expect(page).to_have_url(f"{live_server.url}/w/valley/reports/")
    page.get_by_role("link", name="Reports of every desk").click()
    expect(page).to_have_url(f"{live_server.url}/reports/")
