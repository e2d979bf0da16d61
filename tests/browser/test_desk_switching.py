"""Two desks in a real browser (docs/DESKS.md): an editor in both switches with the
header's switcher, approves in one and sees nothing of the other's queue; a desk
admin's members page (its screenshot is docs/screenshots/desk-members.png)."""

import pytest
from playwright.sync_api import expect

from annotations import roles, services
from annotations.models import Claim, ClaimStatus, Verdict, Workspace
from tests import factories
from tests.factories import label

pytestmark = pytest.mark.browser


def submitted_claim(desk, reviewer, title: str, sentence: str) -> Claim:
    """An article of `desk` whose one claim `reviewer` cited, rated and submitted."""
    article = factories.ArticleFactory(workspace=desk, title=title, body=sentence)
    (claim,) = factories.claims_for(article, [sentence], checkworthiness=0.8)
    source = factories.SourceFactory(title=f"{title} source")
    services.citation_add(
        claim=claim,
        source=source,
        stance="supports",
        user=reviewer,
        quote=sentence,
    )
    services.rating_set(claim=claim, reviewer=reviewer, label=label("true"))
    claim.refresh_from_db()
    services.claim_submit(claim=claim, user=reviewer)
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.SUBMITTED
    return claim


@pytest.fixture
def two_desks(scale):
    coast = Workspace.objects.create(slug="coast", name="Coast desk")
    health = Workspace.objects.create(slug="health", name="Health desk")
    erin = factories.UserFactory(
        username="erin", first_name="Erin", last_name="Editor", role="editor",
        role__workspace=coast,
    )  # fmt: skip
    roles.grant(erin, "editor", health)
    rita = factories.UserFactory(
        username="rita", role="reviewer", role__workspace=coast
    )
    hugo = factories.UserFactory(
        username="hugo", role="reviewer", role__workspace=health
    )
    ferry = submitted_claim(
        coast, rita, "Ferry fares", "Ferry fares rose by 40 percent in March."
    )
    clinic = submitted_claim(
        health, hugo, "Clinic hours", "The clinic now opens at ten in the morning."
    )
    return erin, coast, health, ferry, clinic


def switch_to(page, desk_name: str) -> None:
    page.get_by_label("Desk").select_option(label=desk_name)
    page.get_by_role("button", name="Apply").click()
    page.wait_for_load_state()


def test_an_editor_of_two_desks_switches_approves_in_one_and_sees_none_of_the_other(
    page, login, live_server, two_desks
):
    erin, coast, health, ferry, clinic = two_desks
    login(page, erin)
    # By name, Coast comes first: the session starts there.
    expect(page.get_by_label("Desk")).to_have_value(str(coast.pk))
    page.goto(f"{live_server.url}/review/")
    expect(page.locator(f"#queue-claim-{ferry.pk}")).to_be_visible()
    expect(page.locator("main")).not_to_contain_text(clinic.text)
    expect(page.locator("main")).not_to_contain_text("Clinic hours")

    switch_to(page, "Health desk")
    expect(page.get_by_label("Desk")).to_have_value(str(health.pk))
    page.goto(f"{live_server.url}/review/")
    item = page.locator(f"#queue-claim-{clinic.pk}")
    expect(item).to_be_visible()
    expect(page.locator("main")).not_to_contain_text(ferry.text)
    expect(page.locator("main")).not_to_contain_text("Ferry fares")
    item.locator("select[name=label]").select_option(label="True")
    item.locator("textarea[name=explanation]").fill("The clinic's notice says so.")
    item.get_by_role("button", name="Approve").click()
    expect(page.locator(f"#queue-claim-{clinic.pk}")).to_contain_text("was approved")
    verdict = Verdict.objects.get(claim=clinic)
    assert verdict.approved_by == erin
    assert not Verdict.objects.filter(claim=ferry).exists()

    switch_to(page, "Coast desk")
    page.goto(f"{live_server.url}/review/")
    expect(page.locator(f"#queue-claim-{ferry.pk}")).to_be_visible()
    expect(page.locator("main")).not_to_contain_text(clinic.text)
    ferry.refresh_from_db()
    assert ferry.status == ClaimStatus.SUBMITTED  # Coast's claim was left alone


def test_the_members_page_on_screen(page, login, live_server, scale, screenshot_path):
    coast = Workspace.objects.create(slug="coast", name="Coast desk")
    chief = factories.UserFactory(
        username="chief", first_name="Carmen", last_name="Chief",
        email="carmen@coast.example", role="admin", role__workspace=coast,
    )  # fmt: skip
    for username, first, last, role in (
        ("rita", "Rita", "Reviewer", "reviewer"),
        ("omar", "Omar", "Haddad", "reviewer"),
        ("erin", "Erin", "Editor", "editor"),
    ):
        factories.UserFactory(
            username=username, first_name=first, last_name=last,
            email=f"{username}@coast.example", role=role, role__workspace=coast,
        )  # fmt: skip
    login(page, chief, "/desk/")
    page.get_by_role("link", name="Members").click()
    expect(page.locator("h1")).to_have_text("Members of Coast desk")
    rows = page.locator("#member-list tbody tr")
    expect(rows).to_have_count(4)
    page.get_by_label("Role of Rita Reviewer").select_option("editor")
    page.locator("tr[data-member=rita]").get_by_role(
        "button", name="Change role"
    ).click()
    expect(page.locator("#live-feedback")).to_contain_text("Rita Reviewer's role")
    expect(page.get_by_label("Role of Rita Reviewer")).to_have_value("editor")
    page.get_by_role("button", name="Remove Carmen Chief from the desk").click()
    expect(page.locator("#members-error")).to_contain_text("last admin")
    page.goto(f"{live_server.url}/desk/members/")
    page.fill("#invite-email", "nadia@health.example")
    page.get_by_role("button", name="Send the invitation").click()
    expect(page.locator("#new-invitation-link")).to_contain_text("/invite/")
    expect(page.locator("#invitation-list")).to_contain_text("nadia@health.example")
    page.screenshot(path=screenshot_path("desk-members.png"), full_page=True)
