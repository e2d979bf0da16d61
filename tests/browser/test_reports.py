"""The seed article from review to the public report and every export, in a browser."""

import pytest
from playwright.sync_api import expect

from annotations import selectors, services
from annotations.models import Claim, ClaimStatus
from reports import exporters
from tests import factories
from tests.report_fixtures import INTERNAL, approve_claim

pytestmark = pytest.mark.browser


@pytest.fixture
def people(scale):
    from annotations import roles

    roles.ensure_first_workspace()
    return {
        "rita": factories.UserFactory(
            username="rita", first_name="Rita", last_name="Reviewer", role="reviewer"
        ),
        "eddie": factories.UserFactory(
            username="eddie", first_name="Eddie", last_name="Editor", role="editor"
        ),
    }


def test_seed_article_review_approve_publish_public_page_and_exports(
    browser, page, login, live_server, people, seed_text
):
    rita, eddie = people["rita"], people["eddie"]
    article = services.article_create(title="", body=seed_text, created_by=rita)
    checkworthy = list(
        Claim.objects.filter(
            article=article,
            kind="claim",
            checkworthiness__gte=selectors.checkworthy_threshold(),
        ).order_by("start")
    )
    first, *others = checkworthy
    for n, claim in enumerate(others, start=1):
        approve_claim(claim, reviewer=rita, editor=eddie, n=n)
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))

    # Review one claim in the workspace: cite two sources, rate, submit.
    login(page, rita)
    page.goto(f"{live_server.url}/articles/{article.pk}/?claim={first.pk}")
    for n, outlet in ((1, "SpaceNews"), (2, "China National Space Administration")):
        page.fill("#cite-url", f"https://source{n}.example.org/moon-base")
        page.fill("#cite-title", f"{outlet} on the lunar station")
        page.fill("#cite-publisher", outlet)
        page.locator("#cite-form label.radio", has_text="Supports").click()
        page.fill("#cite-quote", f"Quote {n}: the agencies signed a memorandum.")
        page.fill("#cite-note", f"{INTERNAL} note")
        page.get_by_role("button", name="Add source").click()
        expect(page.locator("#claim-panel .citation-list > li")).to_have_count(n)
        if n == 1:
            page.locator(".add-source > summary").click()
    page.select_option("#rate-label", label="Mostly true")
    page.fill("#rate-rationale", f"{INTERNAL} rationale")
    page.get_by_role("button", name="Save rating").click()
    expect(page.locator("#claim-panel .alert.notice")).to_contain_text("saved")
    page.get_by_role("button", name="Submit my rating for review").click()
    expect(page.locator("#claim-panel .alert.notice")).to_contain_text("submitted")

    # The editor approves it from the queue, then publishes from the publish page.
    editor_context = browser.new_context(viewport={"width": 1366, "height": 900})
    desk = editor_context.new_page()
    desk.on("pageerror", lambda exc: errors.append(str(exc)))
    login(desk, eddie)
    desk.goto(f"{live_server.url}/review/")
    item = desk.locator(f"#queue-claim-{first.pk}")
    item.locator("textarea[name=explanation]").fill(
        "Both agencies published the memorandum; it is not yet a treaty."
    )
    item.get_by_role("button", name="Approve").click()
    expect(desk.locator(f"#queue-claim-{first.pk}")).to_contain_text("was approved")
    first.refresh_from_db()
    assert first.status == ClaimStatus.APPROVED
    desk.goto(f"{live_server.url}/articles/{article.pk}/")
    expect(desk.locator("#article-state")).to_have_text("Verified")
    desk.get_by_role("link", name="publish", exact=True).click()
    expect(desk.locator("#publish-state")).to_have_text("Verified")
    desk.get_by_role("button", name="Publish").click()
    expect(desk.locator(".messages")).to_contain_text("Revision 1 of the report")

    # Anyone reads the public report: every checked claim marked and numbered,
    # verdicts in words, one ClaimReview per claim, nothing internal.
    public = browser.new_context(viewport={"width": 1440, "height": 1000}).new_page()
    public.on("pageerror", lambda exc: errors.append(str(exc)))
    public.goto(f"{live_server.url}/reports/")
    public.get_by_role("link", name=article.title).click()
    expect(public.locator("#claim-1")).to_be_visible()
    expect(public.locator(f"#claim-{len(checkworthy)}")).to_be_attached()
    expect(public.get_by_text("Mostly true").first).to_be_visible()
    assert public.locator('script[type="application/ld+json"]').count() == len(
        checkworthy
    )
    content = public.content()
    assert INTERNAL not in content
    assert "Both agencies published the memorandum" in content

    # Every export from the download menu.
    public.locator(".site-menu summary", has_text="Download").click()
    links = public.locator(".site-menu a[download]")
    assert links.count() == len(exporters.EXPORTERS)
    for index in range(links.count()):
        href = links.nth(index).get_attribute("href")
        response = public.request.get(f"{live_server.url}{href}")
        assert response.status == 200, href
        assert INTERNAL.encode() not in response.body()
    pdf = public.request.get(f"{live_server.url}/reports/{article.pk}/export/pdf/")
    assert pdf.body().startswith(b"%PDF")
    assert errors == []
