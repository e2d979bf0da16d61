"""Every one-time secret the toolkit shows (docs/SECURITY.md, "Secrets shown
once"): an invitation's link, made in the Django admin or on the members page; an
API token's key; a webhook's secret, made or rotated on the desk's webhooks page or
in the Django admin. Each is on the one answer that made it, uncached, and then
nowhere: not in a cookie (the message store keeps messages in one, signed and
possibly compressed but not encrypted, so the cookie is decoded here), not in the
session, not on any later page."""

from __future__ import annotations

import re

import pytest
from django.contrib.messages.storage.cookie import CookieStorage
from django.test import RequestFactory
from django.urls import reverse

from annotations.models import Invitation, Workspace
from reports.models import Webhook
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def coast():
    return Workspace.objects.create(slug="coast", name="Coast desk")


@pytest.fixture
def chief(coast):
    return factories.UserFactory(
        username="chief", email="chief@example.org", role="admin", role__workspace=coast
    )


def _cookie_texts(cookies) -> list[str]:
    """Each cookie's value as sent, and the message cookie's messages decoded (the
    store may compress them, which would hide a secret from a plain search)."""
    texts = []
    for morsel in cookies.values():
        texts.append(morsel.OutputString())
        if morsel.key == CookieStorage.cookie_name and morsel.value:
            decoded = CookieStorage(RequestFactory().get("/"))._decode(morsel.value)
            texts.extend(str(message) for message in decoded or ())
    return texts


def _kept_nowhere(client, secret: str, answers, later_pages) -> None:
    """The secret is in no Set-Cookie of the answers, the client's cookie jar, the
    session, or any later page (or its cookies)."""
    for answer in answers:
        for text in _cookie_texts(answer.cookies):
            assert secret not in text
    for text in _cookie_texts(client.cookies):
        assert secret not in text
    assert secret not in repr(dict(client.session.items()))
    for page in later_pages:
        shown = client.get(page)
        assert shown.status_code == 200, page
        assert secret not in shown.content.decode(), page
        for text in _cookie_texts(shown.cookies):
            assert secret not in text


def _shown_once(answer, secret: str) -> None:
    assert answer.status_code == 200
    assert answer.content.decode().count(secret) == 1
    assert "no-store" in answer["Cache-Control"]


def _key(link: str) -> str:
    return re.search(r"/invite/([^/]+)/", link).group(1)


@pytest.mark.parametrize("button", ["_save", "_continue", "_addanother"])
def test_an_invitation_made_in_the_admin_shows_its_link_on_a_page_of_its_own(
    client, admin_user, coast, mailoutbox, django_capture_on_commit_callbacks, button
):
    client.force_login(admin_user)
    with django_capture_on_commit_callbacks(execute=True):
        answer = client.post(
            reverse("admin:annotations_invitation_add"),
            {
                "workspace": coast.pk,
                "email": "nina@example.org",
                "role": "reviewer",
                button: "1",
            },
        )
    invitation = Invitation.objects.get()
    (mail,) = mailoutbox
    link = re.search(r"https?://\S+/invite/\S+/", mail.body).group(0)
    key = _key(link)
    _shown_once(answer, link)
    assert "nina@example.org" in answer.content.decode()
    _kept_nowhere(
        client,
        key,
        [answer],
        [
            reverse("admin:index"),
            reverse("admin:annotations_invitation_changelist"),
            reverse("admin:annotations_invitation_change", args=[invitation.pk]),
            reverse("admin:annotations_invitation_add"),
        ],
    )


def test_an_invitation_made_on_the_members_page_is_kept_nowhere(client, chief):
    client.force_login(chief)
    page = reverse("desk-members")
    answer = client.post(
        page, {"action": "invite", "email": "nina@example.org", "role": "editor"}
    )
    link = re.search(
        r'id="new-invitation-link"[^>]*>([^<]+)<', answer.content.decode()
    ).group(1)
    _shown_once(answer, link)
    _kept_nowhere(client, _key(link), [answer], [page, reverse("dashboard")])


def test_an_api_token_is_kept_nowhere(client, chief):
    client.force_login(chief)
    page = reverse("account-tokens")
    answer = client.post(page, {"name": "CMS import"})
    key = answer.context["new_key"]
    _shown_once(answer, key)
    _kept_nowhere(client, key, [answer], [page])


@pytest.mark.parametrize("action", ["add", "rotate"])
def test_a_webhook_secret_made_on_the_desk_page_is_kept_nowhere(
    client, chief, coast, action
):
    client.force_login(chief)
    page = reverse("desk-webhooks")
    added = client.post(
        page,
        {
            "action": "add",
            "url": "https://partner.example.org/in",
            "events": ["published"],
        },
    )
    hook = Webhook.objects.get()
    answer = added
    if action == "rotate":
        answer = client.post(page, {"action": "rotate", "webhook": hook.pk})
        hook.refresh_from_db()
    _shown_once(answer, hook.secret)
    _kept_nowhere(client, hook.secret, [answer], [page])


@pytest.mark.parametrize("action", ["add", "rotate"])
def test_a_webhook_secret_made_in_the_admin_is_kept_nowhere(
    client, admin_user, coast, action
):
    client.force_login(admin_user)
    answer = client.post(
        reverse("admin:reports_webhook_add"),
        {
            "workspace": coast.pk,
            "url": "https://partner.example.org/in",
            "events": ["published"],
        },
    )
    hook = Webhook.objects.get()
    listing = reverse("admin:reports_webhook_changelist")
    if action == "rotate":
        answer = client.post(
            listing,
            {"action": "rotate_secret_through_service", "_selected_action": [hook.pk]},
        )
        hook.refresh_from_db()
    _shown_once(answer, hook.secret)
    _kept_nowhere(
        client,
        hook.secret,
        [answer],
        [
            listing,
            reverse("admin:reports_webhook_change", args=[hook.pk]),
            reverse("admin:index"),
        ],
    )
