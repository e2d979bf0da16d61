"""A desk's admin adds a webhook from the settings page, copies its secret (shown
once), and reads the delivery log, as a person would (docs/WEBHOOKS.md)."""

import json
import uuid

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from annotations import roles
from annotations.models import first_workspace
from reports.models import Webhook, WebhookDelivery
from tests import factories

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_desk_admin_adds_a_webhook_sees_its_secret_once_and_reads_the_log(
    page, live_server, login, people, screenshot_path
):
    desk = first_workspace()
    boss = factories.UserFactory(username="bea", first_name="Bea")
    roles.grant(boss, "admin", desk)
    login(page, boss, "/desk/settings/")
    page.get_by_role("link", name="Webhooks").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Webhooks of")
    page.get_by_label("Address that receives the events").fill(
        "https://wire.example.net/in"
    )
    page.get_by_label("Unpublished").uncheck()
    page.get_by_role("button", name="Add the webhook").click()
    hook = Webhook.objects.get(workspace=desk)
    assert hook.events == ["published", "corrected"]
    expect(page.locator("#new-secret-value")).to_have_text(hook.secret)
    expect(page.locator("#webhook-list")).to_contain_text("Published, Corrected")

    WebhookDelivery.objects.create(
        webhook=hook, event="corrected", uuid=uuid.uuid4(),
        payload_json=json.dumps({}), state="failed", attempts=8, last_status=502,
        last_error="The receiver answered 502.", next_attempt_at=timezone.now(),
    )  # fmt: skip
    page.goto(live_server.url + "/desk/webhooks/")
    expect(page.locator("#new-secret")).to_have_count(0)
    assert hook.secret not in page.content()
    row = page.locator("#delivery-log tbody tr")
    expect(row).to_have_count(1)
    expect(row).to_contain_text("Corrected")
    expect(row).to_contain_text("502")
    expect(row).to_contain_text("Failed")
    page.screenshot(path=screenshot_path("desk-webhooks.png"), full_page=True)
    row.get_by_role("button", name="Send again").click()
    expect(page.locator("#delivery-log tbody tr")).to_contain_text("Pending")
    expect(page.get_by_role("button", name="Send again")).to_have_count(0)


def test_an_editor_is_refused_the_page(page, login, people):
    login(page, people["eddie"], "/desk/webhooks/")
    expect(page.get_by_role("heading", level=1)).not_to_contain_text("Webhooks of")
    assert "Only the desk's admins manage its webhooks." in page.content()
