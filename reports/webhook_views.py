"""The desk's webhooks page (`/desk/webhooks/`, its admins', linked from the desk's
settings page): the webhooks with their events and state, and the log of their
latest deliveries (docs/WEBHOOKS.md). Every change goes through
`reports.webhooks`."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext, gettext_lazy
from django.views.decorators.http import require_http_methods

from annotations import policies
from annotations.errors import DomainError, InvalidInput, NotFound
from desk.views.access import requires
from reports import webhooks
from reports.models import Webhook, WebhookDelivery

# The deliveries the log shows, newest first.
LOG_MAX = 50

EVENT_NAMES = {
    Webhook.Event.PUBLISHED: gettext_lazy("Published"),
    Webhook.Event.CORRECTED: gettext_lazy("Corrected"),
    Webhook.Event.UNPUBLISHED: gettext_lazy("Unpublished"),
}
STATE_NAMES = {
    WebhookDelivery.State.PENDING: gettext_lazy("Pending"),
    WebhookDelivery.State.DELIVERED: gettext_lazy("Delivered"),
    WebhookDelivery.State.FAILED: gettext_lazy("Failed"),
}


def _delivery(desk, request) -> WebhookDelivery:
    """The delivery of one of this desk's webhooks the form names; NotFound for
    another desk's."""
    value = request.POST.get("delivery", "")
    found = (
        WebhookDelivery.objects.filter(pk=int(value), webhook__workspace=desk)
        .select_related("webhook")
        .first()
        if value.isdigit() and len(value) <= 18
        else None
    )
    if found is None:
        raise NotFound(gettext("This desk has no such delivery."))
    return found


def _change(request, desk) -> tuple[str, Webhook | None]:
    """Apply the form's action; returns (message for the page, the webhook whose
    new secret is to be shown once, or None)."""
    action = request.POST.get("action", "")
    user = request.user
    if action == "add":
        hook = webhooks.webhook_create(
            user=user,
            workspace=desk,
            url=request.POST.get("url", ""),
            events=request.POST.getlist("events"),
        )
        return gettext("The webhook was added."), hook
    if action == "resend":
        webhooks.delivery_resend(user=user, delivery=_delivery(desk, request))
        return gettext("The delivery will be sent again."), None
    if action not in {"enable", "disable", "delete", "rotate"}:
        raise InvalidInput(gettext("Pick something to do."))
    hook = webhooks.webhook_of(desk, request.POST.get("webhook", ""))
    if action == "rotate":
        webhooks.webhook_rotate_secret(user=user, webhook=hook)
        return gettext("The webhook has a new secret."), hook
    if action == "delete":
        webhooks.webhook_delete(user=user, webhook=hook)
        return gettext("The webhook and its deliveries were deleted."), None
    webhooks.webhook_set_active(user=user, webhook=hook, active=action == "enable")
    if action == "enable":
        return gettext("The webhook is enabled."), None
    return gettext("The webhook is disabled: it gets no new deliveries."), None


@requires(
    policies.can_manage_webhooks,
    gettext_lazy("Only the desk's admins manage its webhooks."),
)
@require_http_methods(["GET", "POST"])
def webhooks_page(request):
    """The current desk's webhooks and their latest deliveries; its admins add,
    enable, disable, delete a webhook, rotate its secret and send a failed
    delivery again. A new secret is shown once, on the answer that made it."""
    desk = request.workspace
    error, status, revealed = "", 200, None
    posted = {"url": "", "events": list(webhooks.EVENTS)}
    if request.method == "POST":
        try:
            done, revealed = _change(request, desk)
        except DomainError as exc:
            error, status = exc.message, exc.status
            if request.POST.get("action") == "add":
                posted = {
                    "url": request.POST.get("url", ""),
                    "events": request.POST.getlist("events"),
                }
        else:
            messages.success(request, done)
            if revealed is None:
                return redirect(reverse("desk-webhooks"))
    # The secrets stay in the database: only the one just made is shown.
    hooks = list(Webhook.objects.filter(workspace=desk).defer("secret").order_by("pk"))
    deliveries = list(
        WebhookDelivery.objects.filter(webhook__workspace=desk)
        .select_related("webhook")
        .defer("payload_json", "webhook__secret")
        .order_by("-pk")[:LOG_MAX]
    )
    for hook in hooks:
        hook.event_names = [EVENT_NAMES[event] for event in hook.events]
    for delivery in deliveries:
        delivery.event_name = EVENT_NAMES[delivery.event]
        delivery.state_name = STATE_NAMES[delivery.state]
    context = {
        "desk": desk,
        "webhooks": hooks,
        "deliveries": deliveries,
        "log_max": LOG_MAX,
        "events": [(event, EVENT_NAMES[event]) for event in webhooks.EVENTS],
        "posted": posted,
        "error": error,
        "revealed": revealed,
    }
    response = render(request, "reports/webhooks.html", context, status=status)
    if revealed is not None:
        response["Cache-Control"] = "no-store"  # the secret is shown once
    return response
