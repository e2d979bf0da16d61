"""Outgoing webhooks (issue 19, docs/WEBHOOKS.md): publishing, correcting and
unpublishing a report each record one signed delivery per matching webhook, sent
by the worker's side in order, retried with backoff, through the SSRF-safe fetcher.

A local HTTP receiver on 127.0.0.1 plays the partner; it is reachable only with the
fetcher's test switch (FACTCHECK_ALLOW_PRIVATE_URLS) on, as in the link-check tests.
The worker's side (`webhooks.deliver_due`) is called directly; the messages that
would wake a worker are recorded instead of sent.
"""

from __future__ import annotations

import datetime as dt
import http.server
import json
import re
import threading

import pytest
from django.db import transaction
from django.utils import timezone

from annotations import jobs, roles
from annotations import services as desk
from annotations.errors import InvalidInput, NotAllowed, NotFound, WorkflowConflict
from annotations.models import Workspace
from reports import services, webhooks
from reports.models import WebhookDelivery
from tests import factories
from tests.conftest import ROOT
from tests.report_fixtures import reapprove, verify_article

pytestmark = pytest.mark.django_db

SITE = "https://hooks.example.net/checks"
BODY = (
    "The river authority said water use fell by 9 percent in 2025. "
    "Officials reported that 41 new wells were drilled last spring. "
    "The governor claimed the reservoir holds 300 million cubic metres."
)
ALL_EVENTS = ["published", "corrected", "unpublished"]


class Receiver(http.server.BaseHTTPRequestHandler):
    """Records every POST (headers and body) and answers the next scripted
    status, 204 once the script is spent."""

    protocol_version = "HTTP/1.1"
    received: list[dict] = []
    script: list[int] = []

    def do_POST(self):
        length = int(self.headers.get("Content-Length", "0"))
        body = self.rfile.read(length)
        Receiver.received.append(
            {"path": self.path, "headers": dict(self.headers.items()), "body": body}
        )
        status = Receiver.script.pop(0) if Receiver.script else 204
        self.send_response(status)
        if status in (301, 302, 307, 308):
            self.send_header("Location", "/elsewhere")
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def receiver_base():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Receiver)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


@pytest.fixture
def receiver(receiver_base, settings):
    settings.FACTCHECK_ALLOW_PRIVATE_URLS = True
    settings.FACTCHECK_WEBHOOK_TIMEOUT = 30
    settings.FACTCHECK_WEBHOOK_DEADLINE = 60
    settings.FACTCHECK_WEBHOOK_BASE_DELAY = 30
    settings.FACTCHECK_WEBHOOK_MAX_ATTEMPTS = 3
    Receiver.received.clear()
    Receiver.script.clear()
    return receiver_base


@pytest.fixture(autouse=True)
def _site_address(settings):
    settings.FACTCHECK_SITE_URL = SITE


@pytest.fixture
def wakeups(monkeypatch):
    """The messages that would wake a worker: (webhook id, countdown)."""
    sent: list[tuple[int, float | None]] = []

    def record(task, *args, **options):
        sent.append((args[0], options.get("countdown")))
        return True

    monkeypatch.setattr(webhooks.queueing, "try_send", record)
    return sent


@pytest.fixture
def chief(db):
    person = factories.UserFactory(username="chief")
    roles.grant(person, "admin", roles.ensure_first_workspace())
    return person


@pytest.fixture
def story(reviewer, editor):
    workspace = roles.ensure_first_workspace()
    article = desk.article_create(
        title="River water story",
        body=BODY,
        created_by=reviewer,
        workspace=workspace,
        url="https://river.example.org/story",
    )
    claims = verify_article(article, reviewer=reviewer, editor=editor)
    return workspace, article, claims


def _publish_correct_unpublish(story, *, reviewer, editor, capture) -> None:
    _workspace, article, claims = story
    with capture(execute=True):
        services.article_publish(article=article, user=editor)
    reapprove(claims[0], slug="half-true", reviewer=reviewer, editor=editor)
    with capture(execute=True):
        services.article_publish(
            article=article, user=editor, note="Claim 1 re-rated after new data."
        )
    with capture(execute=True):
        services.article_unpublish(
            article=article, user=editor, reason="Desk-only reason: legal asked."
        )


def _documented_check():
    """The receiver's check docs/WEBHOOKS.md shows, run as it is written."""
    text = (ROOT / "docs" / "WEBHOOKS.md").read_text(encoding="utf-8")
    source = next(
        block
        for block in re.findall(r"```python\n(.*?)```", text, re.DOTALL)
        if "def verified(" in block
    )
    namespace: dict = {}
    exec(compile(source, "docs/WEBHOOKS.md", "exec"), namespace)
    return namespace["verified"]


_verify = _documented_check()


def _later(hours: float = 1) -> dt.datetime:
    return timezone.now() + dt.timedelta(hours=hours)


@pytest.fixture
def three_events(
    story,
    receiver,
    wakeups,
    chief,
    reviewer,
    editor,
    django_capture_on_commit_callbacks,
):
    """A webhook for every event of the story's desk, then the story published,
    corrected and unpublished (each committed): the webhook, its three deliveries
    waiting."""
    workspace, _article, _claims = story
    hook = webhooks.webhook_create(
        user=chief, workspace=workspace, url=receiver + "/hook", events=ALL_EVENTS
    )
    _publish_correct_unpublish(
        story,
        reviewer=reviewer,
        editor=editor,
        capture=django_capture_on_commit_callbacks,
    )
    return hook


def test_publish_correct_unpublish_reach_the_receiver_signed_and_in_order(
    story, three_events, wakeups
):
    workspace, article, claims = story
    hook = three_events
    # Nothing went out in the requests: three rows wait, and a worker was woken.
    assert Receiver.received == []
    rows = list(WebhookDelivery.objects.filter(webhook=hook).order_by("pk"))
    assert [(row.event, row.state) for row in rows] == [
        ("published", "pending"),
        ("corrected", "pending"),
        ("unpublished", "pending"),
    ]
    assert {webhook_id for webhook_id, _ in wakeups} == {hook.pk}

    assert webhooks.deliver_due(webhook_id=hook.pk) == 3
    bodies = [json.loads(hit["body"]) for hit in Receiver.received]
    assert [body["event"] for body in bodies] == ALL_EVENTS
    for hit, body, row in zip(Receiver.received, bodies, rows, strict=True):
        headers = {name.lower(): value for name, value in hit["headers"].items()}
        assert hit["path"] == "/hook"
        assert _verify(hook.secret, headers["x-factcheck-signature"], hit["body"])
        assert not _verify("whsec_other", headers["x-factcheck-signature"], hit["body"])
        assert headers["x-factcheck-event"] == body["event"]
        assert headers["x-factcheck-delivery"] == body["delivery"] == str(row.uuid)
        assert headers["content-type"].startswith("application/json")
        assert body["desk"] == workspace.slug
        assert body["article"] == {
            "id": article.pk,
            "title": "River water story",
            "url": "https://river.example.org/story",
        }
        assert body["report_url"] == f"{SITE}/reports/{article.pk}/"
        assert dt.datetime.fromisoformat(body["occurred_at"])
    assert [body["revision"] for body in bodies] == [1, 2, 2]
    corrected = bodies[1]
    assert corrected["correction_note"] == "Claim 1 re-rated after new data."
    assert corrected["changes"] == [
        {"claim": 1, "text": claims[0].text, "old": "True", "new": "Half true"}
    ]
    assert "changes" not in bodies[0]
    assert "changes" not in bodies[2]
    # The reason for taking it down is the desk's only.
    assert b"legal asked" not in Receiver.received[2]["body"]
    assert set(
        WebhookDelivery.objects.filter(webhook=hook).values_list("state", flat=True)
    ) == {"delivered"}
    assert set(
        WebhookDelivery.objects.filter(webhook=hook).values_list(
            "last_status", flat=True
        )
    ) == {204}


def test_a_refused_delivery_is_retried_after_its_backoff_and_the_later_ones_wait(
    three_events, wakeups
):
    hook = three_events
    Receiver.script[:] = [500]
    wakeups.clear()
    assert webhooks.deliver_due(webhook_id=hook.pk) == 1
    first = WebhookDelivery.objects.filter(webhook=hook).order_by("pk").first()
    assert (first.state, first.attempts, first.last_status) == ("pending", 1, 500)
    assert "500" in first.last_error
    assert first.next_attempt_at > timezone.now() + dt.timedelta(seconds=25)
    # The worker asks to come back when the retry is due, not before.
    assert len(wakeups) == 1
    assert wakeups[0][1] > 25
    # Before then, a worker sends nothing: the later events wait behind it.
    assert webhooks.deliver_due(webhook_id=hook.pk) == 0
    assert len(Receiver.received) == 1

    assert webhooks.deliver_due(webhook_id=hook.pk, now=_later()) == 3
    events = [json.loads(hit["body"])["event"] for hit in Receiver.received]
    assert events == ["published", "published", "corrected", "unpublished"]
    # The retry is the same delivery: same id, same body, signed again.
    assert Receiver.received[0]["body"] == Receiver.received[1]["body"]
    first.refresh_from_db()
    assert (first.state, first.attempts, first.last_status) == ("delivered", 2, 204)


def test_backoff_doubles_and_the_last_attempt_fails_then_send_again_works(
    story, receiver, wakeups, chief, editor, settings
):
    workspace, article, _claims = story
    hook = webhooks.webhook_create(
        user=chief, workspace=workspace, url=receiver + "/hook", events=["published"]
    )
    services.article_publish(article=article, user=editor)
    Receiver.script[:] = [503, 502, 500]
    waits = []
    for hours in (1, 2, 3):
        webhooks.deliver_due(webhook_id=hook.pk, now=_later(hours))
        row = WebhookDelivery.objects.get(webhook=hook)
        waits.append(row.next_attempt_at - row.updated_at)
    assert row.state == "failed"
    assert row.attempts == 3
    # 30 s, then 60 s (the third failure is the last: no more waiting).
    assert [round(wait.total_seconds()) for wait in waits[:2]] == [30, 60]
    webhooks.delivery_resend(user=chief, delivery=row)
    row.refresh_from_db()
    assert (row.state, row.attempts) == ("pending", 0)
    webhooks.deliver_due(webhook_id=hook.pk)
    row.refresh_from_db()
    assert (row.state, row.last_status) == ("delivered", 204)
    assert len(Receiver.received) == 4
    # Only a failed delivery is sent again.
    with pytest.raises(WorkflowConflict):
        webhooks.delivery_resend(user=chief, delivery=row)


def test_a_private_address_is_refused_when_the_test_switch_is_off(
    story, receiver, wakeups, chief, editor, settings
):
    workspace, article, _claims = story
    hook = webhooks.webhook_create(
        user=chief, workspace=workspace, url=receiver + "/hook", events=["published"]
    )
    services.article_publish(article=article, user=editor)
    settings.FACTCHECK_ALLOW_PRIVATE_URLS = False
    webhooks.deliver_due(webhook_id=hook.pk)
    row = WebhookDelivery.objects.get(webhook=hook)
    assert Receiver.received == []
    assert row.state == "pending"
    assert row.last_status is None
    assert "private or local address" in row.last_error


def test_a_redirect_is_not_followed(story, receiver, wakeups, chief, editor):
    workspace, article, _claims = story
    hook = webhooks.webhook_create(
        user=chief, workspace=workspace, url=receiver + "/hook", events=["published"]
    )
    services.article_publish(article=article, user=editor)
    Receiver.script[:] = [307]
    webhooks.deliver_due(webhook_id=hook.pk)
    row = WebhookDelivery.objects.get(webhook=hook)
    assert [hit["path"] for hit in Receiver.received] == ["/hook"]
    assert (row.state, row.last_status) == ("pending", 307)


def test_only_active_webhooks_wanting_the_event_get_a_delivery(
    story, receiver, wakeups, chief, editor
):
    workspace, article, _claims = story
    wants = webhooks.webhook_create(
        user=chief, workspace=workspace, url=receiver + "/a", events=["published"]
    )
    other_event = webhooks.webhook_create(
        user=chief, workspace=workspace, url=receiver + "/b", events=["unpublished"]
    )
    disabled = webhooks.webhook_create(
        user=chief, workspace=workspace, url=receiver + "/c", events=ALL_EVENTS
    )
    webhooks.webhook_set_active(user=chief, webhook=disabled, active=False)
    elsewhere = Workspace.objects.create(slug="elsewhere", name="Elsewhere")
    other_admin = factories.UserFactory(username="other-admin")
    roles.grant(other_admin, "admin", elsewhere)
    other_desk = webhooks.webhook_create(
        user=other_admin, workspace=elsewhere, url=receiver + "/d", events=ALL_EVENTS
    )
    services.article_publish(article=article, user=editor)
    assert list(WebhookDelivery.objects.values_list("webhook_id", flat=True)) == [
        wants.pk
    ]
    assert not WebhookDelivery.objects.filter(
        webhook__in=[other_event, disabled, other_desk]
    ).exists()


def test_a_worker_that_died_mid_send_leaves_the_delivery_for_the_reaper(
    story, receiver, wakeups, chief, editor, monkeypatch
):
    workspace, article, _claims = story
    hook = webhooks.webhook_create(
        user=chief, workspace=workspace, url=receiver + "/hook", events=["published"]
    )
    services.article_publish(article=article, user=editor)
    real_post = webhooks._post

    def die(*args, **kwargs):
        raise SystemExit("worker killed")

    monkeypatch.setattr(webhooks, "_post", die)
    with pytest.raises(SystemExit):
        webhooks.deliver_due(webhook_id=hook.pk)
    monkeypatch.setattr(webhooks, "_post", real_post)
    row = WebhookDelivery.objects.get(webhook=hook)
    assert row.state == "pending"
    assert row.lease_expires_at is not None
    sent = []
    # The reaper sends through jobs.send_once, which calls queueing.send.
    monkeypatch.setattr(
        webhooks.queueing,
        "send",
        lambda task, *args, **options: sent.append((task, args)),
    )
    # While the lease holds, nobody else sends it; once it lapsed the reaper does.
    assert webhooks.sweep_webhooks(timezone.now()) == 0
    assert webhooks.sweep_webhooks(_later()) == 1
    assert sent == [(webhooks.DELIVER_WEBHOOK, (hook.pk,))]
    assert webhooks.deliver_due(webhook_id=hook.pk, now=_later()) == 1
    row.refresh_from_db()
    assert (row.state, row.attempts) == ("delivered", 2)
    assert len(Receiver.received) == 1


def test_writes_are_for_the_desks_admins_and_input_is_checked(
    story, chief, editor, reviewer
):
    workspace, _article, _claims = story
    for person in (editor, reviewer):
        with pytest.raises(NotAllowed):
            webhooks.webhook_create(
                user=person,
                workspace=workspace,
                url="https://partner.example.org/in",
                events=ALL_EVENTS,
            )
    elsewhere = Workspace.objects.create(slug="elsewhere", name="Elsewhere")
    other_admin = factories.UserFactory(username="other-admin")
    roles.grant(other_admin, "admin", elsewhere)
    hook = webhooks.webhook_create(
        user=chief,
        workspace=workspace,
        url="https://partner.example.org/in",
        events=["corrected", "published"],
    )
    assert hook.events == ["published", "corrected"]
    assert hook.secret.startswith("whsec_")
    assert len(hook.secret) == 6 + 64
    for write in (
        lambda: webhooks.webhook_delete(user=other_admin, webhook=hook),
        lambda: webhooks.webhook_rotate_secret(user=other_admin, webhook=hook),
        lambda: webhooks.webhook_set_active(
            user=other_admin, webhook=hook, active=False
        ),
    ):
        with pytest.raises(NotAllowed):
            write()
    with pytest.raises(NotFound):
        webhooks.webhook_of(elsewhere, hook.pk)
    for url in ("javascript:alert(1)", "ftp://partner.example.org/", "", "http://a b"):
        with pytest.raises(InvalidInput):
            webhooks.webhook_create(
                user=chief, workspace=workspace, url=url, events=ALL_EVENTS
            )
    for events in ([], ["deleted"], "nothing"):
        with pytest.raises(InvalidInput):
            webhooks.webhook_create(
                user=chief,
                workspace=workspace,
                url="https://partner.example.org/in",
                events=events,
            )
    old = hook.secret
    webhooks.webhook_rotate_secret(user=chief, webhook=hook)
    hook.refresh_from_db()
    assert hook.secret != old
    assert hook.secret.startswith("whsec_")


def test_an_event_whose_transaction_rolls_back_records_and_sends_nothing(
    story, receiver, wakeups, chief, editor, django_capture_on_commit_callbacks
):
    workspace, article, _claims = story
    webhooks.webhook_create(
        user=chief, workspace=workspace, url=receiver + "/hook", events=ALL_EVENTS
    )

    class Abandoned(Exception):
        pass

    recorded = []

    def publish_then_fail():
        with transaction.atomic():
            services.article_publish(article=article, user=editor)
            recorded.append(WebhookDelivery.objects.count())
            raise Abandoned

    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(Abandoned),
    ):
        publish_then_fail()
    assert recorded == [1]  # written with the revision, in its transaction
    assert callbacks == []
    assert wakeups == []
    assert not WebhookDelivery.objects.exists()


def test_the_reaper_runs_the_webhooks_sweep():
    assert jobs.SWEEPERS["webhooks"] is webhooks.sweep_webhooks
