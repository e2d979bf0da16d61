"""An instance admin invites someone in the Django admin, in Chromium: the link is
on the page that answers the form, and then in none of the browser's cookies and
on no page the admin goes to next (docs/DESKS.md, docs/SECURITY.md)."""

import re

import pytest
from django.contrib.messages.storage.cookie import CookieStorage
from django.test import RequestFactory
from playwright.sync_api import expect

from annotations import roles
from annotations.models import Invitation
from tests import factories

pytestmark = pytest.mark.django_db(transaction=True)


def _cookie_texts(cookies) -> list[str]:
    """Every cookie's value, and the message cookie's messages decoded (the store
    may compress them)."""
    texts = []
    for cookie in cookies:
        texts.append(cookie["value"])
        if cookie["name"] == CookieStorage.cookie_name:
            value = cookie["value"].strip('"').replace("\\054", ",")
            decoded = CookieStorage(RequestFactory().get("/"))._decode(value)
            texts.extend(str(message) for message in decoded or ())
    return texts


def test_the_invitation_link_is_shown_once_and_kept_nowhere(
    page, live_server, login, scale
):
    # A transactional test's flush takes the first desk with the data: made again.
    desk = roles.ensure_first_workspace()
    chief = factories.UserFactory(username="ada", first_name="Ada", role="admin")
    login(page, chief, "/")
    page.goto(f"{live_server.url}/admin/annotations/invitation/add/")
    page.get_by_label("Workspace").select_option(str(desk.pk))
    page.get_by_label("Email").fill("nina@example.org")
    page.get_by_label("Role").select_option("editor")
    page.get_by_role("button", name="Save", exact=True).click()

    link = page.locator("#invitation-link")
    expect(link).to_contain_text("/invite/")
    key = re.search(r"/invite/([^/]+)/", link.inner_text()).group(1)
    assert Invitation.objects.get().invited_by == chief
    for text in _cookie_texts(page.context.cookies()):
        assert key not in text

    for path in (
        "/admin/annotations/invitation/",
        f"/admin/annotations/invitation/{Invitation.objects.get().pk}/change/",
        "/admin/",
    ):
        page.goto(f"{live_server.url}{path}")
        assert key not in page.content()
        for text in _cookie_texts(page.context.cookies()):
            assert key not in text
