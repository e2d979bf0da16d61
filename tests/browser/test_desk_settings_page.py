"""A desk's admin changes the desk's rules on its settings page, as a person would:
from the link on the desk's page, through the form, and the page says what happened."""

import pytest
from playwright.sync_api import expect

from annotations import roles
from annotations.models import first_workspace
from tests import factories

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_desk_admin_saves_the_desks_rules_and_a_refusal_names_the_field(
    page, live_server, login, people
):
    desk = first_workspace()
    boss = factories.UserFactory(username="bea", first_name="Bea")
    roles.grant(boss, "admin", desk)
    login(page, boss, "/desk/")
    page.get_by_role("link", name="Settings").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Settings of")
    page.get_by_label("Ratings required per claim").fill("2")
    page.get_by_label("New articles start in blind review").check()
    page.get_by_role("button", name="Save the settings").click()
    expect(page.locator("#settings-notice")).to_have_text(
        "The desk's settings are saved."
    )
    desk.refresh_from_db()
    assert desk.settings["ratings_required"] == 2
    assert desk.settings["blind_review_default"] is True
    page.get_by_label("Logo's web address").fill("javascript:alert(1)")
    page.get_by_role("button", name="Save the settings").click()
    expect(page.locator("#settings-error")).to_be_visible()
    expect(page.locator(".field.has-error")).to_have_count(1)
    expect(page.get_by_label("Logo's web address")).to_have_value("javascript:alert(1)")


def test_an_editor_has_no_settings_link(page, login, people):
    login(page, people["eddie"], "/desk/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    expect(page.get_by_role("link", name="Settings")).to_have_count(0)
