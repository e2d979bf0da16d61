"""The editorial loop in a real browser: two reviewers and an editor."""

import pytest
from playwright.sync_api import expect

from annotations.models import Article, Claim, ClaimStatus, Verdict
from tests import factories

pytestmark = pytest.mark.browser


@pytest.fixture
def story(scale):
    """A short story with one check-worthy claim, so approving it verifies it."""
    article = Article.objects.create(
        title="Council budget",
        body="Council budget\n\nThe council approved a budget of $3 million on "
        "Monday by a vote of 7 to 2.",
    )
    headline, claim = factories.claims_for(
        article,
        ["Council budget", "The council approved a budget of $3 million on Monday "
         "by a vote of 7 to 2."],
        checkworthiness=0.7,
    )  # fmt: skip
    Claim.objects.filter(pk=headline.pk).update(kind="headline", checkworthiness=0.1)
    return article, claim


def panel_url(live_server, article, claim):
    return f"{live_server.url}/articles/{article.pk}/?claim={claim.pk}#claim-{claim.pk}"


def test_the_editorial_loop(browser, page, login, live_server, people, story):
    """assign → both rate → both submit → the editor sees the disagreement side by
    side → returns with a comment → the reviewer sees it in "Returned to me", fixes,
    resubmits → approval is refused while a blocking gap is open (on screen) → the
    gap is resolved → approved → the article shows "Verified"."""
    article, claim = story
    errors = []
    pages = {"eddie": page}
    for name in ("rita", "sam"):
        context = browser.new_context(viewport={"width": 1366, "height": 900})
        pages[name] = context.new_page()
    for name, tab in pages.items():
        tab.on("pageerror", lambda exc: errors.append(str(exc)))
        login(tab, people[name])
    eddie, rita, sam = pages["eddie"], pages["rita"], pages["sam"]

    # 1. The editor assigns both reviewers from the claim panel.
    eddie.goto(panel_url(live_server, article, claim))
    eddie.select_option(
        "#assign-assignees", [str(people["rita"].pk), str(people["sam"].pk)]
    )
    eddie.get_by_role("button", name="Assign").click()
    expect(eddie.locator("#claim-panel .alert.notice")).to_contain_text(
        "assigned to Rita Reviewer, Sam Second"
    )

    # 2. Both reviewers rate and submit; the claim waits for the second.
    for tab, rating, rationale in (
        (rita, "True", "The minutes record the vote."),
        (sam, "Mostly false", "The vote was 6 to 3."),
    ):
        tab.goto(f"{live_server.url}/")
        expect(tab.locator("#queue-assigned-card")).to_contain_text("council approved")
        tab.goto(panel_url(live_server, article, claim))
        tab.select_option("#rate-label", label=rating)
        tab.fill("#rate-rationale", rationale)
        tab.get_by_role("button", name="Save rating").click()
        expect(tab.locator("#claim-panel .alert.notice")).to_contain_text("saved")
        tab.get_by_role("button", name="Submit my rating for review").click()
    expect(rita.locator("#claim-panel")).to_be_visible()
    expect(sam.locator("#claim-panel .alert.notice")).to_contain_text(
        "was submitted for review"
    )
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.SUBMITTED

    # 3. The editor's queue shows the two ratings side by side.
    eddie.goto(f"{live_server.url}/review/")
    item = eddie.locator(f"#queue-claim-{claim.pk}")
    expect(item.locator(".rating-card")).to_have_count(2)
    expect(item).to_contain_text("2 reviewers disagree, 3 steps apart")
    expect(item).to_contain_text("The minutes record the vote.")
    expect(item).to_contain_text("The vote was 6 to 3.")

    # 4. The editor returns it with a comment, in place.
    item.locator("textarea[name=comment]").fill("Which document gives the vote?")
    item.get_by_role("button", name="Return to the reviewers").click()
    expect(eddie.locator(f"#queue-claim-{claim.pk}")).to_contain_text(
        "was returned to its reviewers"
    )

    # 5. Rita sees it in "Returned to me", with the comment; she fixes and resubmits.
    rita.goto(f"{live_server.url}/")
    returned = rita.locator("#queue-returned-card")
    expect(returned).to_contain_text("Which document gives the vote?")
    expect(rita.locator("#count-returned")).to_have_text("1")
    returned.get_by_role("link").first.click()
    expect(rita.locator("#claim-panel .thread")).to_contain_text(
        "Which document gives the vote?"
    )
    rita.select_option("#rate-label", label="False")
    rita.fill("#rate-rationale", "The minutes say the budget was rejected.")
    rita.get_by_role("button", name="Update my rating").click()
    expect(rita.locator("#claim-panel .alert.notice")).to_contain_text("saved")
    rita.get_by_role("button", name="Submit my rating for review").click()
    expect(rita.locator("#claim-panel .alert.notice")).to_contain_text(
        "was submitted for review"
    )

    # 6. Approval is refused while a blocking gap is open: the message is on screen.
    eddie.goto(f"{live_server.url}/review/")
    item = eddie.locator(f"#queue-claim-{claim.pk}")
    item.locator("select[name=label]").select_option(label="False")
    item.locator("textarea[name=explanation]").fill("The minutes show it failed.")
    item.get_by_role("button", name="Approve").click()
    refusal = eddie.locator(f"#queue-claim-{claim.pk} .alert.error")
    expect(refusal).to_be_visible()
    expect(refusal).to_contain_text("blocking sourcing gaps")
    expect(refusal).to_contain_text("No source: The claim cites no source.")
    expect(item.locator("textarea[name=explanation]")).to_have_value(
        "The minutes show it failed."
    )
    assert not Verdict.objects.exists()

    # 7. Rita resolves it: withdraws, cites the minutes (refuting), resubmits.
    rita.goto(panel_url(live_server, article, claim))
    rita.get_by_role("button", name="Withdraw my submission").click()
    expect(rita.locator("#claim-panel .alert.notice")).to_contain_text("withdrawn")
    rita.fill("#cite-url", "https://council.example.org/minutes/2026-11-30")
    rita.fill("#cite-title", "Council minutes, 30 November")
    rita.fill("#cite-publisher", "City Council")
    rita.locator("#cite-form label.radio", has_text="Refutes").click()
    rita.fill("#cite-quote", "The budget was rejected by 6 votes to 3.")
    rita.get_by_role("button", name="Add source").click()
    expect(rita.locator("#claim-panel .alert.notice")).to_contain_text("Cited")
    rita.get_by_role("button", name="Submit my rating for review").click()
    expect(rita.locator("#claim-panel .alert.notice")).to_contain_text(
        "was submitted for review"
    )

    # 8. Approved; the article is verified.
    eddie.goto(f"{live_server.url}/review/")
    item = eddie.locator(f"#queue-claim-{claim.pk}")
    item.locator("select[name=label]").select_option(label="False")
    item.locator("textarea[name=explanation]").fill("The minutes show it failed.")
    item.get_by_role("button", name="Approve").click()
    expect(eddie.locator(f"#queue-claim-{claim.pk}")).to_contain_text(
        "was approved as False"
    )
    eddie.goto(f"{live_server.url}/articles/{article.pk}/")
    expect(eddie.locator("#article-state")).to_have_text("Verified")
    verdict = Verdict.objects.get(claim=claim)
    assert (verdict.label.slug, verdict.approved_by) == ("false", people["eddie"])
    rita.goto(f"{live_server.url}/notifications/")
    expect(rita.locator(".notification-list")).to_contain_text("approved claim")
    assert errors == []
