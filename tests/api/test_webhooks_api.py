"""The webhooks API (api/webhooks.py, docs/API.md): a desk's admins list, add,
change, disable, delete and re-key its webhooks and read and resend deliveries,
through the services the desk's webhooks page uses; the secret is in the answer
of create and rotate-secret only; another desk's admin gets 404, a reviewer or
an editor of the desk 403."""

import uuid

import pytest
from django.utils import timezone

from annotations import roles
from annotations.models import Workspace
from reports import webhooks
from reports.models import Webhook, WebhookDelivery
from tests import factories
from tests.api import API, client_for

pytestmark = pytest.mark.django_db
PARTNER = "https://partner.example.org/in"


@pytest.fixture
def desk(db):
    return roles.ensure_first_workspace()


@pytest.fixture
def chief(desk):
    person = factories.UserFactory(username="chief")
    roles.grant(person, "admin", desk)
    return person


def hooks_url(desk, *rest) -> str:
    return "/".join([f"{API}/workspaces/{desk.slug}/webhooks", *map(str, rest), ""])


def make_hook(desk, chief, url=PARTNER, events=("published",)):
    return webhooks.webhook_create(
        user=chief, workspace=desk, url=url, events=list(events)
    )


def delivery(hook, state, status=None, event="published"):
    return WebhookDelivery.objects.create(
        webhook=hook,
        event=event,
        uuid=uuid.uuid4(),
        payload_json="{}",
        state=state,
        attempts=3 if state == "failed" else 1,
        last_status=status,
        next_attempt_at=timezone.now(),
    )


def test_an_admin_adds_a_webhook_and_sees_its_secret_once(desk, chief):
    api = client_for(chief)
    made = api.post(
        hooks_url(desk),
        {"url": PARTNER, "events": ["corrected", "published"]},
        format="json",
    )
    assert made.status_code == 201, made.content
    assert made["Cache-Control"] == "no-store"
    body = made.json()
    hook = Webhook.objects.get()
    assert body["secret"] == hook.secret
    assert hook.secret.startswith("whsec_")
    assert body["events"] == ["published", "corrected"]
    listed = api.get(hooks_url(desk)).json()
    assert listed == [{k: v for k, v in body.items() if k != "secret"}]
    read = api.get(hooks_url(desk, hook.pk)).json()
    assert "secret" not in read
    assert hook.secret not in api.get(hooks_url(desk)).content.decode()

    rotated = api.post(hooks_url(desk, hook.pk, "rotate-secret"))
    assert rotated.status_code == 200
    assert rotated["Cache-Control"] == "no-store"
    hook.refresh_from_db()
    assert rotated.json()["secret"] == hook.secret != body["secret"]


def test_an_admin_changes_disables_and_deletes_a_webhook(desk, chief):
    api = client_for(chief)
    hook = make_hook(desk, chief)
    changed = api.patch(
        hooks_url(desk, hook.pk),
        {"url": "https://other.example.org/hook", "events": ["unpublished"]},
        format="json",
    )
    assert changed.status_code == 200, changed.content
    hook.refresh_from_db()
    assert (hook.url, hook.events) == (
        "https://other.example.org/hook",
        ["unpublished"],
    )
    off = api.patch(hooks_url(desk, hook.pk), {"active": False}, format="json")
    assert off.json()["active"] is False
    hook.refresh_from_db()
    assert hook.active is False
    assert api.delete(hooks_url(desk, hook.pk)).status_code == 204
    assert not Webhook.objects.exists()


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"url": "javascript:alert(1)", "events": ["published"]}, None),
        ({"url": "ftp://partner.example.org/", "events": ["published"]}, None),
        ({"url": "http://a b", "events": ["published"]}, None),
        ({"url": PARTNER, "events": []}, "events"),
        ({"url": PARTNER, "events": ["deleted"]}, "events"),
        ({"url": PARTNER, "events": "published"}, "events"),
        ({"events": ["published"]}, "url"),
        ({"url": 7, "events": ["published"]}, "url"),
    ],
)
def test_bad_input_is_a_400_and_nothing_is_made(desk, chief, data, field):
    answer = client_for(chief).post(hooks_url(desk), data, format="json")
    assert answer.status_code == 400, answer.content
    if field:
        assert field in answer.json(), answer.json()
    assert not Webhook.objects.exists()


def test_a_bad_address_is_refused_on_change_too(desk, chief):
    hook = make_hook(desk, chief)
    answer = client_for(chief).patch(
        hooks_url(desk, hook.pk), {"url": "javascript:alert(1)"}, format="json"
    )
    assert answer.status_code == 400
    hook.refresh_from_db()
    assert hook.url == PARTNER


@pytest.mark.parametrize("role", ["reviewer", "editor"])
def test_a_reviewer_or_editor_of_the_desk_gets_403_everywhere(desk, chief, role):
    hook = make_hook(desk, chief)
    row = delivery(hook, "failed", 500)
    person = factories.UserFactory(username=f"a-{role}")
    roles.grant(person, role, desk)
    api = client_for(person)
    for method, url, data in (
        ("get", hooks_url(desk), None),
        ("post", hooks_url(desk), {"url": PARTNER, "events": ["published"]}),
        ("get", hooks_url(desk, hook.pk), None),
        ("patch", hooks_url(desk, hook.pk), {"active": False}),
        ("delete", hooks_url(desk, hook.pk), None),
        ("post", hooks_url(desk, hook.pk, "rotate-secret"), None),
        ("get", hooks_url(desk, hook.pk, "deliveries"), None),
        ("post", hooks_url(desk, hook.pk, "deliveries", row.pk, "resend"), None),
    ):
        answer = getattr(api, method)(url, data, format="json")
        assert answer.status_code == 403, (method, url, answer.status_code)
    hook.refresh_from_db()
    assert (hook.active, Webhook.objects.count()) == (True, 1)


def test_another_desks_admin_gets_404_and_changes_nothing(desk, chief):
    hook = make_hook(desk, chief)
    row = delivery(hook, "failed", 500)
    elsewhere = Workspace.objects.create(slug="elsewhere", name="Elsewhere")
    other = factories.UserFactory(username="other-admin")
    roles.grant(other, "admin", elsewhere)
    api = client_for(other)
    secret = hook.secret
    for method, url in (
        ("get", hooks_url(desk)),
        ("post", hooks_url(desk)),
        ("get", hooks_url(desk, hook.pk)),
        ("patch", hooks_url(desk, hook.pk)),
        ("delete", hooks_url(desk, hook.pk)),
        ("post", hooks_url(desk, hook.pk, "rotate-secret")),
        ("get", hooks_url(desk, hook.pk, "deliveries")),
        ("post", hooks_url(desk, hook.pk, "deliveries", row.pk, "resend")),
        # Their own desk's path does not reach this desk's webhook either.
        ("get", hooks_url(elsewhere, hook.pk)),
        ("post", hooks_url(elsewhere, hook.pk, "rotate-secret")),
    ):
        answer = getattr(api, method)(url, {"active": False}, format="json")
        assert answer.status_code == 404, (method, url, answer.status_code)
    hook.refresh_from_db()
    assert (hook.secret, hook.active) == (secret, True)
    assert client_for(other).get(hooks_url(elsewhere)).json() == []


def test_deliveries_show_their_status_codes_and_a_failed_one_is_resent(
    desk, chief, monkeypatch
):
    woken = []
    monkeypatch.setattr(webhooks, "_wake_after_commit", woken.append)
    hook = make_hook(desk, chief)
    done = delivery(hook, "delivered", 204)
    failed = delivery(hook, "failed", 503, event="corrected")
    api = client_for(chief)
    rows = api.get(hooks_url(desk, hook.pk, "deliveries")).json()
    assert [(r["id"], r["state"], r["last_status"]) for r in rows] == [
        (failed.pk, "failed", 503),
        (done.pk, "delivered", 204),
    ]
    again = api.post(hooks_url(desk, hook.pk, "deliveries", failed.pk, "resend"))
    assert again.status_code == 200, again.content
    assert (again.json()["state"], again.json()["attempts"]) == ("pending", 0)
    assert woken == [hook.pk]
    # Only a failed delivery is sent again, and only under its own webhook.
    assert (
        api.post(hooks_url(desk, hook.pk, "deliveries", done.pk, "resend")).status_code
        == 409
    )
    second = make_hook(desk, chief, url="https://second.example.org/")
    assert (
        api.post(
            hooks_url(desk, second.pk, "deliveries", failed.pk, "resend")
        ).status_code
        == 404
    )


@pytest.mark.parametrize("count", [1, 5])
def test_the_lists_query_budget(desk, chief, count, django_assert_num_queries):
    hooks = [
        make_hook(desk, chief, url=f"https://p{n}.example.org/") for n in range(count)
    ]
    for hook in hooks:
        for state, status in (("delivered", 204), ("failed", 500)):
            delivery(hook, state, status)
    api = client_for(chief)
    # A request's user is fresh: its memberships are read again (annotations/roles.py
    # keeps them on the user object only). The desk, the memberships, the webhooks.
    roles.forget(chief)
    with django_assert_num_queries(3):
        assert len(api.get(hooks_url(desk)).json()) == count
    # The desk, the memberships, the webhook, its deliveries.
    roles.forget(chief)
    with django_assert_num_queries(4):
        assert len(api.get(hooks_url(desk, hooks[0].pk, "deliveries")).json()) == 2
