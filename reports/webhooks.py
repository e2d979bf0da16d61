"""Outgoing webhooks: a desk's publishing events, signed and POSTed to its
receivers (docs/WEBHOOKS.md).

Every write about webhooks is here: a desk admin adds, enables, disables, deletes
one and rotates its secret, and sends a failed delivery again; publishing,
correcting and unpublishing (reports.services) record one delivery per matching
webhook in their own transaction (`event_record`). Who may is asked of
`annotations.policies`.

Sending is a job like the others (annotations/jobs.py): the delivery row is the
truth and a message only wakes a worker up. The worker (`deliver_due`, the task
`reports.deliver_webhook`) sends a webhook's deliveries one at a time in the order
of their ids, each under a lease; a delivery not answered 2xx waits and is tried
again with exponential backoff, and the ones after it wait behind it, so a
receiver never gets a correction before the publication it corrects. A worker that
dies mid-send leaves its delivery pending; once the lease lapses the reaper
(`sweep_webhooks`) sends it again.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import logging
import secrets
import time
import uuid
from urllib.parse import urlsplit

from django.conf import settings
from django.db import transaction
from django.db.models import Min, Q
from django.utils import timezone
from django.utils.translation import gettext

from annotations import jobs, policies, queueing
from annotations.errors import InvalidInput, NotFound, WorkflowConflict
from annotations.limits import EXPORT_ERROR_MAX, QUOTED_URL_MAX
from annotations.services import system
from annotations.sourcing import netfetch
from annotations.urlcheck import InvalidURL, check_url
from reports import snapshot
from reports.models import ReportRevision, Webhook, WebhookDelivery

logger = logging.getLogger(__name__)

# The task's registered name (reports/tasks.py): the message contract.
DELIVER_WEBHOOK = "reports.deliver_webhook"

SIGNATURE_HEADER = "X-Factcheck-Signature"
EVENT_HEADER = "X-Factcheck-Event"
DELIVERY_HEADER = "X-Factcheck-Delivery"
# A desk's webhooks, at most: each event is one delivery per webhook.
WEBHOOKS_MAX = 20
# What is read of a receiver's answer: only its status matters.
ANSWER_MAX_BYTES = 64 * 1024
# Every event, in the order the form lists them.
EVENTS = tuple(Webhook.Event.values)


def new_secret() -> str:
    """A fresh signing secret: 32 random bytes, hex (the prefix says what it is
    where a receiver keeps it among others)."""
    return "whsec_" + secrets.token_hex(32)


def signature(secret: str, timestamp: int, body: bytes) -> str:
    """The signature header's value: `t=<unix time>,v1=<hex HMAC-SHA256 of
    "<t>.<body>" keyed by the secret>`. Signing the time with the body lets a
    receiver refuse a replayed delivery."""
    mac = hmac.new(
        secret.encode("utf-8"), f"{timestamp}.".encode() + body, hashlib.sha256
    ).hexdigest()
    return f"t={timestamp},v1={mac}"


def backoff(attempts: int) -> dt.timedelta:
    """How long a delivery waits after its `attempts`-th failed attempt: the base
    delay, doubled after each failure."""
    base = max(0.0, float(settings.FACTCHECK_WEBHOOK_BASE_DELAY))
    return dt.timedelta(seconds=base * 2 ** max(0, attempts - 1))


# --- a desk admin's writes ------------------------------------------------------------


def _events(chosen) -> list[str]:
    chosen = [chosen] if isinstance(chosen, str) else list(chosen or ())
    unknown = [event for event in chosen if event not in EVENTS]
    if unknown:
        raise InvalidInput(
            gettext("Unknown event: %(event)s.") % {"event": str(unknown[0])[:40]}
        )
    if not chosen:
        raise InvalidInput(gettext("Pick at least one event to send."))
    return [event for event in EVENTS if event in chosen]


def _address(url: str) -> str:
    """The webhook's address, checked when it is typed: as every stored URL is
    (annotations.urlcheck), and then by the fetcher's own rules for what a URL
    says of itself (`netfetch.check_entry`: a local name, or an IP literal in a
    private, loopback, link-local, multicast, reserved or unspecified range, in
    any spelling, unless FACTCHECK_ALLOW_PRIVATE_URLS). A host name is resolved
    and checked again at each delivery: what it resolves to can change."""
    what = gettext("The webhook's address")
    url = check_url(url, what=what)
    try:
        netfetch.check_entry(url, allow_private=settings.FACTCHECK_ALLOW_PRIVATE_URLS)
    except netfetch.AddressRefused as exc:
        raise InvalidURL(
            gettext(
                "%(what)s is on this server or a private network (%(host)s): a "
                "webhook goes to an address on the public internet."
            )
            % {"what": what, "host": (urlsplit(url).hostname or "")[:100]}
        ) from exc
    except netfetch.FetchError as exc:
        # The fetcher could not read it (a host name IDNA refuses): it could never
        # be delivered.
        raise InvalidURL(
            gettext("%(what)s is not a valid web address: %(shown)s.")
            % {"what": what, "shown": repr(url[:QUOTED_URL_MAX])}
        ) from exc
    return url


@transaction.atomic
def webhook_create(*, user, workspace, url: str, events) -> Webhook:
    """Add a webhook to the desk (its admins): the address is checked like every
    stored URL (annotations.urlcheck) and may not name this server or a private
    network (`_address`), the events are a non-empty subset of
    published, corrected and unpublished, and the secret is made here; the caller
    shows it once."""
    policies.check_manage_webhooks(user, workspace)
    url = _address(url)
    chosen = _events(events)
    if Webhook.objects.filter(workspace=workspace).count() >= WEBHOOKS_MAX:
        raise WorkflowConflict(
            gettext(
                "This desk has %(count)s webhooks, the most it may have: delete one "
                "first."
            )
            % {"count": WEBHOOKS_MAX}
        )
    return Webhook.objects.create(
        workspace=workspace,
        url=url,
        secret=new_secret(),
        events=chosen,
        created_by=user,
    )


def webhook_of(workspace, pk) -> Webhook:
    """The desk's webhook with this id; NotFound for another desk's or none."""
    text = str(pk or "")
    found = (
        Webhook.objects.filter(workspace=workspace, pk=int(text)).first()
        if text.isdigit() and len(text) <= 18
        else None
    )
    if found is None:
        raise NotFound(gettext("This desk has no such webhook."))
    return found


@transaction.atomic
def webhook_update(*, user, webhook: Webhook, url=None, events=None) -> Webhook:
    """Change a webhook's address or events (each left as it is when None), checked
    as `webhook_create` checks them. The secret stays, and deliveries still
    pending go to the new address (a delivery keeps its body, not the address)."""
    policies.check_manage_webhooks(user, webhook.workspace_id)
    changes = {}
    if url is not None:
        changes["url"] = _address(url)
    if events is not None:
        changes["events"] = _events(events)
    if changes:
        Webhook.objects.filter(pk=webhook.pk).update(**changes)
        for name, value in changes.items():
            setattr(webhook, name, value)
    return webhook


def webhook_set_active(*, user, webhook: Webhook, active: bool) -> Webhook:
    """Enable or disable a webhook. A disabled one gets no new deliveries, and the
    ones still pending wait until it is enabled again."""
    policies.check_manage_webhooks(user, webhook.workspace_id)
    Webhook.objects.filter(pk=webhook.pk).update(active=active)
    webhook.active = active
    if active:
        _wake_after_commit(webhook.pk)
    return webhook


def webhook_rotate_secret(*, user, webhook: Webhook) -> Webhook:
    """Give the webhook a new secret (the caller shows it once); deliveries from
    now on, retries included, are signed with it."""
    policies.check_manage_webhooks(user, webhook.workspace_id)
    webhook.secret = new_secret()
    Webhook.objects.filter(pk=webhook.pk).update(secret=webhook.secret)
    return webhook


def webhook_delete(*, user, webhook: Webhook) -> None:
    """Delete a webhook and its delivery log."""
    policies.check_manage_webhooks(user, webhook.workspace_id)
    webhook.delete()


@transaction.atomic
def delivery_resend(*, user, delivery: WebhookDelivery) -> WebhookDelivery:
    """Send a failed delivery again, the same body under the same delivery id, as
    if new: its attempts start from zero. It goes before the webhook's later
    pending deliveries (the order is the ids')."""
    policies.check_manage_webhooks(user, delivery.webhook.workspace_id)
    now = timezone.now()
    changed = WebhookDelivery.objects.filter(
        pk=delivery.pk, state=WebhookDelivery.State.FAILED
    ).update(
        state=WebhookDelivery.State.PENDING,
        attempts=0,
        next_attempt_at=now,
        updated_at=now,
        last_error="",
        sent_at=None,
        lease_expires_at=None,
    )
    if not changed:
        raise WorkflowConflict(gettext("Only a failed delivery can be sent again."))
    delivery.refresh_from_db()
    _wake_after_commit(delivery.webhook_id)
    return delivery


# --- events ---------------------------------------------------------------------------


def _payload(*, event: str, article, desk_slug: str, revision, previous, now) -> dict:
    """What every delivery of this event says, but its own id."""
    payload = {
        "event": event,
        "delivery": None,
        "occurred_at": snapshot.iso_time(now),
        "desk": desk_slug,
        "article": {"id": article.pk, "title": article.title, "url": article.url},
        "revision": revision.number if revision is not None else None,
        "report_url": snapshot.report_url(article.pk),
    }
    if event != Webhook.Event.UNPUBLISHED and previous is not None:
        # What the feeds say of a correction, from the same two stored snapshots.
        payload["correction_note"] = revision.note
        payload["changes"] = [
            {
                "claim": change["number"],
                "text": change["text"],
                "old": change["old"],
                "new": change["new"],
            }
            for change in snapshot.verdict_changes(previous.snapshot, revision.snapshot)
        ]
    return payload


def event_record(
    *,
    article,
    event: str,
    revision: ReportRevision | None,
    previous: ReportRevision | None = None,
) -> list[WebhookDelivery]:
    """Record the event for every active webhook of the article's desk that wants
    it: one delivery each, in the caller's transaction, sent once it commits. The
    payload is frozen now (docs/WEBHOOKS.md). `previous` is the revision a
    publication follows, whose verdicts it is compared with."""
    hooks = [
        hook
        for hook in Webhook.objects.filter(
            workspace_id=article.workspace_id, active=True
        )
        .select_related("workspace")
        .order_by("pk")
        if event in (hook.events or ())
    ]
    if not hooks:
        return []
    now = timezone.now()
    common = _payload(
        event=event,
        article=article,
        desk_slug=hooks[0].workspace.slug,
        revision=revision,
        previous=previous,
        now=now,
    )
    made = []
    for hook in hooks:
        identifier = uuid.uuid4()
        body = {**common, "delivery": str(identifier)}
        made.append(
            WebhookDelivery.objects.create(
                webhook=hook,
                event=event,
                uuid=identifier,
                payload_json=json.dumps(body, ensure_ascii=False),
                next_attempt_at=now,
            )
        )
        _wake_after_commit(hook.pk)
    return made


def _wake_after_commit(webhook_id: int) -> None:
    def sent() -> None:
        head = _head(webhook_id)
        if head is not None:
            WebhookDelivery.objects.filter(pk=head.pk, sent_at__isnull=True).update(
                sent_at=timezone.now()
            )

    queueing.send_on_commit(
        DELIVER_WEBHOOK, webhook_id, what=f"webhook #{webhook_id}", on_sent=sent
    )


# --- the worker's side ----------------------------------------------------------------


def _head(webhook_id: int) -> WebhookDelivery | None:
    """The webhook's first pending delivery: the one that goes next."""
    return (
        WebhookDelivery.objects.filter(
            webhook_id=webhook_id, state=WebhookDelivery.State.PENDING
        )
        .order_by("pk")
        .first()
    )


def _post(webhook: Webhook, delivery: WebhookDelivery) -> tuple[int | None, str]:
    """POST the delivery once, signed at the time it goes out; (the answer's
    status, "") or (None, why not)."""
    body = delivery.payload_json.encode("utf-8")
    sent_at = int(time.time())
    try:
        answer = netfetch.fetch(
            webhook.url,
            method="POST",
            content=body,
            headers={
                "Content-Type": "application/json; charset=utf-8",
                SIGNATURE_HEADER: signature(webhook.secret, sent_at, body),
                EVENT_HEADER: delivery.event,
                DELIVERY_HEADER: str(delivery.uuid),
            },
            timeout=settings.FACTCHECK_WEBHOOK_TIMEOUT,
            deadline=settings.FACTCHECK_WEBHOOK_DEADLINE,
            max_bytes=ANSWER_MAX_BYTES,
            max_redirects=0,
            follow_redirects=False,
            allow_private=settings.FACTCHECK_ALLOW_PRIVATE_URLS,
            user_agent=settings.FACTCHECK_USER_AGENT,
        )
    except netfetch.FetchError as exc:
        return None, str(exc)
    return answer.status, ""


def _attempt(delivery: WebhookDelivery, webhook: Webhook, now) -> str:
    """Take the delivery under a lease, POST it and record the outcome; returns
    its state afterwards ("" when another worker holds it)."""
    token = system.job_take_free_lease(
        delivery, now, state=WebhookDelivery.State.PENDING
    )
    if token is None:
        return ""
    mine = WebhookDelivery.objects.filter(
        pk=delivery.pk, lease_token=token, state=WebhookDelivery.State.PENDING
    )
    renew = system.job_lease_renewer(mine)

    with jobs.LeaseKeeper(renew, name=f"webhook-delivery-{delivery.pk}-lease"):
        status, error = _post(webhook, delivery)
    attempts = delivery.attempts + 1
    finished = timezone.now()
    # `update` skips auto_now: the row's time is set with what changed.
    if status is not None and 200 <= status < 300:
        mine.update(
            updated_at=finished,
            state=WebhookDelivery.State.DELIVERED,
            last_status=status,
            last_error="",
            delivered_at=finished,
            lease_expires_at=None,
        )
        return WebhookDelivery.State.DELIVERED
    if status is not None:
        error = gettext("The receiver answered %(status)s.") % {"status": status}
    state = (
        WebhookDelivery.State.FAILED
        if attempts >= settings.FACTCHECK_WEBHOOK_MAX_ATTEMPTS
        else WebhookDelivery.State.PENDING
    )
    mine.update(
        updated_at=finished,
        state=state,
        last_status=status,
        last_error=error[:EXPORT_ERROR_MAX],
        next_attempt_at=finished + backoff(attempts),
        lease_expires_at=None,
        sent_at=None,
    )
    return state


def deliver_due(*, webhook_id: int, now: dt.datetime | None = None) -> int:
    """Send the webhook's due deliveries, in order (the worker's side); returns
    how many attempts were made.

    Stops at the first pending delivery that is not due yet (a retry waiting out
    its backoff: a message is queued to come back then), that another worker
    holds, or that was just refused (its retry is queued likewise); the
    deliveries after it wait. A disabled or deleted webhook sends nothing.
    """
    made = 0
    while True:
        webhook = Webhook.objects.filter(pk=webhook_id, active=True).first()
        head = _head(webhook_id) if webhook is not None else None
        if head is None:
            return made
        moment = now or timezone.now()
        if head.next_attempt_at > moment:
            _come_back(head, moment)
            return made
        state = _attempt(head, webhook, moment)
        if not state:
            return made
        made += 1
        if state == WebhookDelivery.State.PENDING:
            head.refresh_from_db()
            _come_back(head, moment)
            return made
        now = None  # later deliveries are stamped with their own time


def _come_back(delivery: WebhookDelivery, now) -> None:
    """Queue the task to run when the delivery is due (the reaper sends it if the
    broker is down now)."""
    wait = max(0.0, (delivery.next_attempt_at - now).total_seconds())
    if queueing.try_send(DELIVER_WEBHOOK, delivery.webhook_id, countdown=wait):
        WebhookDelivery.objects.filter(pk=delivery.pk).update(sent_at=now)


def sweep_webhooks(now: dt.datetime) -> int:
    """The reaper's sweep: for each webhook whose next delivery is overdue (its
    message was lost, refused by a broker that was down, or its worker died and
    the lease lapsed), send the task again, once among reapers."""
    heads = (
        WebhookDelivery.objects.filter(
            state=WebhookDelivery.State.PENDING, webhook__active=True
        )
        .values("webhook_id")
        .annotate(first=Min("pk"))
        .values_list("first", flat=True)
    )
    overdue = WebhookDelivery.objects.filter(
        pk__in=list(heads),
        next_attempt_at__lt=jobs.settle_before(now),
    ).filter(
        (Q(lease_expires_at__isnull=True) | Q(lease_expires_at__lt=now))
        & (Q(sent_at__isnull=True) | Q(sent_at__lt=jobs.resend_before(now)))
    )
    sent = 0
    for pk, webhook_id, sent_at in overdue.values_list("pk", "webhook_id", "sent_at"):
        sent += jobs.send_once(
            WebhookDelivery, pk, sent_at, now, DELIVER_WEBHOOK, webhook_id
        )
    return sent
