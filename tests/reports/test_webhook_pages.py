"""The desk's webhooks page (`/desk/webhooks/`, docs/WEBHOOKS.md): its admins add,
enable, disable, delete webhooks, rotate secrets and send failed deliveries again;
nobody else sees or changes them, the secret is shown once, and the delivery log
costs the same queries whatever its length."""

from __future__ import annotations

import json
import uuid

import pytest
from django.urls import reverse
from django.utils import timezone

from annotations import roles
from annotations.models import Workspace
from reports import webhooks
from reports.models import Webhook, WebhookDelivery
from tests import factories

pytestmark = pytest.mark.django_db

PAGE = "/desk/webhooks/"
PARTNER = "https://wire.example.net/factchecks/in"


@pytest.fixture
def rival(db):
    """The admin of another desk, and only of it."""
    other = Workspace.objects.create(slug="rival", name="Rival desk")
    person = factories.UserFactory(username="rival-admin")
    roles.grant(person, "admin", other)
    return person


@pytest.fixture
def hook(chief, desk):
    return webhooks.webhook_create(
        user=chief, workspace=desk, url=PARTNER, events=["published", "corrected"]
    )


def _deliveries(hook, count: int, *, state: str = "failed") -> list[WebhookDelivery]:
    now = timezone.now()
    return WebhookDelivery.objects.bulk_create(
        WebhookDelivery(
            webhook=hook,
            event="published",
            uuid=uuid.uuid4(),
            payload_json=json.dumps({"n": n}),
            state=state,
            attempts=3,
            last_status=500,
            last_error="The receiver answered 500.",
            next_attempt_at=now,
        )
        for n in range(count)
    )


def _post(client, data: dict) -> int:
    return client.post(PAGE, data).status_code


def test_the_settings_page_links_to_the_webhooks(client, chief):
    client.force_login(chief)
    page = client.get(reverse("desk-settings")).content.decode()
    assert f'href="{PAGE}"' in page


def test_adding_shows_the_secret_once_and_never_again(client, chief, desk):
    client.force_login(chief)
    answer = client.post(
        PAGE, {"action": "add", "url": PARTNER, "events": ["published", "unpublished"]}
    )
    assert answer.status_code == 200
    hook = Webhook.objects.get(workspace=desk)
    assert hook.events == ["published", "unpublished"]
    assert hook.created_by == chief
    page = answer.content.decode()
    assert hook.secret in page
    assert answer["Cache-Control"] == "no-store"
    _deliveries(hook, 2)
    again = client.get(PAGE).content.decode()
    assert PARTNER in again
    assert hook.secret not in again
    assert "whsec_" not in again
    # Rotating shows the new one, once.
    rotated = client.post(PAGE, {"action": "rotate", "webhook": hook.pk})
    hook.refresh_from_db()
    assert hook.secret in rotated.content.decode()
    assert hook.secret not in client.get(PAGE).content.decode()


def test_enable_disable_delete_and_send_again(client, chief, hook):
    client.force_login(chief)
    assert _post(client, {"action": "disable", "webhook": hook.pk}) == 302
    hook.refresh_from_db()
    assert not hook.active
    assert _post(client, {"action": "enable", "webhook": hook.pk}) == 302
    hook.refresh_from_db()
    assert hook.active
    (failed,) = _deliveries(hook, 1)
    page = client.get(PAGE).content.decode()
    assert "Send again" in page
    assert "The receiver answered 500." in page
    answer = client.post(PAGE, {"action": "resend", "delivery": failed.pk})
    assert answer.status_code == 302
    failed.refresh_from_db()
    assert (failed.state, failed.attempts) == ("pending", 0)
    # Only a failed one is sent again.
    assert _post(client, {"action": "resend", "delivery": failed.pk}) == 409
    assert _post(client, {"action": "delete", "webhook": hook.pk}) == 302
    assert not Webhook.objects.filter(pk=hook.pk).exists()
    assert not WebhookDelivery.objects.filter(pk=failed.pk).exists()


@pytest.mark.parametrize(
    ("data", "status"),
    [
        ({"action": "add", "url": "javascript:alert(1)", "events": ["published"]}, 400),
        ({"action": "add", "url": 'https://x.example.org/"><script>',
          "events": ["published"]}, 400),
        ({"action": "add", "url": PARTNER}, 400),
        ({"action": "add", "url": PARTNER, "events": ["<b>deleted</b>"]}, 400),
        ({"action": "explode"}, 400),
        ({"action": "delete", "webhook": "nine"}, 404),
        ({"action": "delete", "webhook": "99999999"}, 404),
        ({"action": "resend", "delivery": "-1"}, 404),
    ],
)  # fmt: skip
def test_bad_input_is_a_4xx_that_shows_it_inert(client, chief, hook, data, status):
    client.force_login(chief)
    answer = client.post(PAGE, data)
    assert answer.status_code == status
    page = answer.content.decode()
    assert "<script>" not in page
    assert "<b>deleted</b>" not in page
    assert Webhook.objects.filter(pk=hook.pk).exists()
    assert Webhook.objects.count() == 1


@pytest.mark.parametrize("role", ["reviewer", "editor"])
def test_reviewers_and_editors_are_refused(client, desk, hook, role):
    person = factories.UserFactory(username=f"a-{role}")
    roles.grant(person, role, desk)
    client.force_login(person)
    assert client.get(PAGE).status_code == 403
    assert _post(client, {"action": "delete", "webhook": hook.pk}) == 403
    assert Webhook.objects.filter(pk=hook.pk).exists()


def test_anonymous_visitors_are_sent_to_log_in(client, hook):
    answer = client.get(PAGE)
    assert answer.status_code == 302
    assert "/login/" in answer["Location"]


def test_another_desks_admin_neither_sees_nor_changes_them(client, rival, hook):
    (failed,) = _deliveries(hook, 1)
    client.force_login(rival)
    page = client.get(PAGE).content.decode()
    assert PARTNER not in page
    assert "Rival desk" in page
    for data in (
        {"action": "delete", "webhook": hook.pk},
        {"action": "disable", "webhook": hook.pk},
        {"action": "rotate", "webhook": hook.pk},
        {"action": "resend", "delivery": failed.pk},
    ):
        answer = client.post(PAGE, data)
        assert answer.status_code == 404, data
        assert hook.secret not in answer.content.decode()
    hook.refresh_from_db()
    failed.refresh_from_db()
    assert hook.active
    assert failed.state == "failed"
    assert Webhook.objects.get(pk=hook.pk).secret == hook.secret


def test_the_delivery_log_costs_the_same_queries_however_long(
    client, chief, desk, hook, django_assert_num_queries
):
    second = webhooks.webhook_create(
        user=chief, workspace=desk, url=PARTNER + "/2", events=["unpublished"]
    )
    client.force_login(chief)
    _deliveries(hook, 1)
    client.get(PAGE)  # the session and the desk are read once per request alike
    with django_assert_num_queries(QUERIES):
        assert client.get(PAGE).status_code == 200
    _deliveries(hook, 30)
    _deliveries(second, 30, state="delivered")
    with django_assert_num_queries(QUERIES):
        page = client.get(PAGE).content.decode()
    assert page.count("data-delivery=") == 50
    assert page.count("Send again") == 20  # the failed ones among the latest 50


# The session, the user, their memberships (with their desks), the webhooks, the
# log (with each delivery's webhook), and the header's unread notifications.
QUERIES = 6
