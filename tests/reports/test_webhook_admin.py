"""The Django admin's webhook screens write through reports.webhooks, as the desk's
webhooks page and the API do (docs/WEBHOOKS.md): the same checks refuse the same
input, the secret is shown once after adding or rotating and never again, and only
people the service lets manage a desk's webhooks change anything."""

import pytest
from django.contrib.auth.models import Permission
from django.contrib.messages import get_messages
from django.urls import reverse

from annotations.errors import InvalidInput
from annotations.models import Workspace
from reports import webhooks
from reports.models import Webhook, WebhookDelivery
from tests import factories

pytestmark = pytest.mark.django_db

ADD = "admin:reports_webhook_add"
LIST = "admin:reports_webhook_changelist"


@pytest.fixture
def coast():
    return Workspace.objects.create(slug="coast", name="Coast desk")


@pytest.fixture
def hook(coast, admin_user):
    return webhooks.webhook_create(
        user=admin_user,
        workspace=coast,
        url="https://partner.example.org/hooks/desk",
        events=["published"],
    )


def said(response) -> str:
    return " ".join(str(message) for message in get_messages(response.wsgi_request))


def change_form(hook, **changes) -> dict:
    data = {"url": hook.url, "events": list(hook.events)}
    if hook.active:
        data["active"] = "on"
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def test_adding_goes_through_the_service_and_shows_the_secret_once(
    client, admin_user, coast
):
    client.force_login(admin_user)
    answer = client.post(
        reverse(ADD),
        {
            "workspace": coast.pk,
            "url": "  https://cms.example.org/hook  ",
            "events": ["corrected", "published"],
        },
    )
    made = Webhook.objects.get()
    # The service stripped the address, ordered the events and made the secret.
    assert made.url == "https://cms.example.org/hook"
    assert made.events == ["published", "corrected"]
    assert made.created_by == admin_user
    assert made.secret.startswith("whsec_")
    assert answer.status_code == 200
    assert made.secret in answer.content.decode()
    assert "no-store" in answer["Cache-Control"]
    for page in (
        reverse(LIST),
        reverse("admin:reports_webhook_change", args=[made.pk]),
        reverse("admin:reports_webhookdelivery_changelist"),
    ):
        shown = client.get(page)
        assert shown.status_code == 200
        assert made.secret not in shown.content.decode()
    assert made.secret not in client.cookies.output()


# Addresses Django's own URL field accepts and the service refuses: only the
# service can have said no to them.
@pytest.mark.parametrize(
    "url",
    [
        "http://admin:hunter2@10.0.0.5/hook",  # credentials, on a private address
        "https://user@192.168.1.20:8443/hook",
    ],
)
def test_an_address_the_desk_page_refuses_is_refused_here_by_the_service(
    client, admin_user, coast, hook, url
):
    with pytest.raises(InvalidInput) as refused:
        webhooks.webhook_create(
            user=admin_user, workspace=coast, url=url, events=["published"]
        )
    reason = refused.value.message
    client.force_login(admin_user)
    added = client.post(
        reverse(ADD),
        {"workspace": coast.pk, "url": url, "events": ["published"]},
        follow=True,
    )
    assert Webhook.objects.count() == 1
    assert f"Not saved: {reason}" in said(added)
    changed = client.post(
        reverse("admin:reports_webhook_change", args=[hook.pk]),
        change_form(hook, url=url),
        follow=True,
    )
    hook.refresh_from_db()
    assert hook.url == "https://partner.example.org/hooks/desk"
    assert f"Not saved: {reason}" in said(changed)


def test_a_change_and_disabling_go_through_the_services(
    client, admin_user, hook, monkeypatch
):
    called = []
    for name in ("webhook_update", "webhook_set_active"):
        real = getattr(webhooks, name)

        def spy(*args, _real=real, _name=name, **kwargs):
            called.append(_name)
            return _real(*args, **kwargs)

        monkeypatch.setattr(webhooks, name, spy)
    client.force_login(admin_user)
    client.post(
        reverse("admin:reports_webhook_change", args=[hook.pk]),
        change_form(
            hook,
            url="https://partner.example.org/v2",
            events=["unpublished", "published"],
            active=None,  # unticked
        ),
    )
    hook.refresh_from_db()
    assert (hook.url, hook.events, hook.active) == (
        "https://partner.example.org/v2",
        ["published", "unpublished"],
        False,
    )
    assert called == ["webhook_update", "webhook_set_active"]
    # An unknown event is refused by the form before the service is asked.
    client.post(
        reverse("admin:reports_webhook_change", args=[hook.pk]),
        change_form(hook, events=["deleted"]),
    )
    hook.refresh_from_db()
    assert hook.events == ["published", "unpublished"]


def test_actions_enable_rotate_and_delete_through_the_services(
    client, admin_user, hook
):
    client.force_login(admin_user)
    listing = reverse(LIST)
    client.post(
        listing, {"action": "disable_through_service", "_selected_action": [hook.pk]}
    )
    hook.refresh_from_db()
    assert hook.active is False
    client.post(
        listing, {"action": "enable_through_service", "_selected_action": [hook.pk]}
    )
    hook.refresh_from_db()
    assert hook.active is True
    old = hook.secret
    rotated = client.post(
        listing,
        {"action": "rotate_secret_through_service", "_selected_action": [hook.pk]},
    )
    hook.refresh_from_db()
    assert hook.secret != old
    assert hook.secret in rotated.content.decode()
    assert old not in rotated.content.decode()
    assert "no-store" in rotated["Cache-Control"]
    client.post(
        listing, {"action": "delete_through_service", "_selected_action": [hook.pk]}
    )
    assert not Webhook.objects.exists()


def test_the_delivery_log_is_read_and_a_failed_delivery_sent_again(
    client, admin_user, hook
):
    delivery = WebhookDelivery.objects.create(
        webhook=hook,
        event="published",
        uuid="6f1c0b3e-1d0a-4c55-9d43-3b8f7f0f9a21",
        payload_json='{"event": "published"}',
        state=WebhookDelivery.State.FAILED,
        attempts=8,
        last_status=500,
        last_error="<script>alert(1)</script>",
        next_attempt_at="2026-12-01T00:00:00Z",
    )
    client.force_login(admin_user)
    log = reverse("admin:reports_webhookdelivery_changelist")
    page = client.get(log, {"webhook__id__exact": hook.pk}).content.decode()
    assert "6f1c0b3e-1d0a-4c55-9d43-3b8f7f0f9a21" in page
    assert "<script>alert(1)</script>" not in page
    assert hook.secret not in page
    change = reverse("admin:reports_webhookdelivery_change", args=[delivery.pk])
    client.post(change, {"state": "delivered"})
    delivery.refresh_from_db()
    assert delivery.state == "failed"  # the log is not edited
    client.post(
        log, {"action": "resend_through_service", "_selected_action": [delivery.pk]}
    )
    delivery.refresh_from_db()
    assert (delivery.state, delivery.attempts) == ("pending", 0)


def test_the_webhook_screens_are_closed_to_people_who_are_not_staff(
    client, reviewer, hook
):
    client.force_login(reviewer)
    for page in (reverse(LIST), reverse(ADD)):
        assert client.get(page).status_code == 302
    client.post(
        reverse(LIST),
        {"action": "delete_through_service", "_selected_action": [hook.pk]},
    )
    assert Webhook.objects.filter(pk=hook.pk).exists()


def test_staff_who_do_not_run_the_desk_are_refused_by_the_service(client, coast, hook):
    """Staff with every webhook permission of the admin, but an editor of the
    desk: the service refuses, as it would on the page."""
    clerk = factories.UserFactory(role="editor", role__workspace=coast)
    clerk.is_staff = True
    clerk.save()
    clerk.user_permissions.set(
        Permission.objects.filter(content_type__app_label="reports")
    )
    client.force_login(clerk)
    added = client.post(
        reverse(ADD),
        {
            "workspace": coast.pk,
            "url": "https://x.example.org/",
            "events": ["published"],
        },
        follow=True,
    )
    assert "Only the desk's admins manage its webhooks." in said(added)
    assert Webhook.objects.count() == 1
    client.post(
        reverse("admin:reports_webhook_change", args=[hook.pk]),
        change_form(hook, url="https://x.example.org/"),
    )
    client.post(
        reverse(LIST),
        {"action": "delete_through_service", "_selected_action": [hook.pk]},
    )
    hook.refresh_from_db()
    assert hook.url == "https://partner.example.org/hooks/desk"
