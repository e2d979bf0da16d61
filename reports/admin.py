"""Reports in the Django admin. Revisions, publication events and export jobs are
to look at, never to change (revisions are frozen; publishing goes through the
publishing page, the API or the services). Webhooks are managed here as on the
desk's webhooks page, every write through `reports.webhooks` (docs/WEBHOOKS.md)."""

from django import forms
from django.contrib import admin, messages
from django.db.models import Count
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext

from annotations.admin import MadeByServiceMixin, ReadOnlyAdminMixin
from annotations.errors import DomainError
from reports import webhooks
from reports.models import (
    ExportJob,
    PublicationEvent,
    ReportRevision,
    Webhook,
    WebhookDelivery,
)


def _refused(modeladmin, request, exc: DomainError) -> None:
    # In the words of the project's other admin screens (annotations/admin.py).
    modeladmin.message_user(request, f"Not saved: {exc.message}", messages.ERROR)


@admin.register(ReportRevision)
class ReportRevisionAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("article", "number", "published_at", "published_by", "sha256")
    list_select_related = ("article", "published_by")
    search_fields = ("article__title", "note")
    exclude = ("snapshot_json",)


@admin.register(PublicationEvent)
class PublicationEventAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("article", "action", "revision", "user", "at")
    list_filter = ("action",)
    list_select_related = ("article", "revision", "user")


@admin.register(ExportJob)
class ExportJobAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("revision", "format", "status", "size", "created_at", "finished_at")
    list_filter = ("status", "format")


class WebhookForm(forms.ModelForm):
    """The fields a desk admin sets; the service checks them again, as it does the
    page's and the API's. The secret is no field of it."""

    # A typed address without a scheme is read as https, as in the article admin.
    url = forms.URLField(max_length=2000, assume_scheme="https")
    events = forms.MultipleChoiceField(
        choices=Webhook.Event.choices, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = Webhook
        fields = ("workspace", "url", "events", "active")


@admin.register(Webhook)
class WebhookAdmin(MadeByServiceMixin, admin.ModelAdmin):
    """A desk's webhooks: added through `webhooks.webhook_create`, changed through
    `webhook_update` and `webhook_set_active`, given a new secret through
    `webhook_rotate_secret` and deleted through `webhook_delete`, so the desk's
    rules (its admins only, a checked address, known events, at most
    WEBHOOKS_MAX) hold here too. The secret is shown once, on the answer to adding
    a webhook or rotating its secret (admin pages are never cached), never in a
    form, a list or a message, which the cookie message store would keep in the
    browser."""

    form = WebhookForm
    list_display = (
        "url", "workspace", "events_shown", "active", "created_by", "created_at",
        "deliveries_link",
    )  # fmt: skip
    list_filter = ("active", "workspace")
    search_fields = ("url", "workspace__name", "workspace__slug")
    list_select_related = ("workspace", "created_by")
    actions = (
        "enable_through_service",
        "disable_through_service",
        "rotate_secret_through_service",
        "delete_through_service",
    )

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .defer("secret")
            .annotate(delivery_total=Count("deliveries"))
        )

    def get_fields(self, request, obj=None):
        if obj is None:
            return ("workspace", "url", "events")
        return ("workspace", "url", "events", "active", "created_by", "created_at")

    def get_readonly_fields(self, request, obj=None):
        # A webhook belongs to its desk: to move one, delete it and add another.
        return ("workspace", "created_by", "created_at") if obj is not None else ()

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    @admin.display(description="Events")
    def events_shown(self, obj):
        return ", ".join(obj.events or ())

    @admin.display(description="Deliveries", ordering="delivery_total")
    def deliveries_link(self, obj):
        url = reverse("admin:reports_webhookdelivery_changelist")
        return format_html(
            '<a href="{}?webhook__id__exact={}">{}</a>',
            url,
            obj.pk,
            obj.delivery_total,
        )

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        try:
            if not change:
                made = webhooks.webhook_create(
                    user=request.user,
                    workspace=data["workspace"],
                    url=data["url"],
                    events=data["events"],
                )
                obj.pk, obj.secret = made.pk, made.secret
                return
            stored = Webhook.objects.get(pk=obj.pk)
            webhooks.webhook_update(
                user=request.user,
                webhook=stored,
                url=data["url"],
                events=data["events"],
            )
            if data["active"] != stored.active:
                webhooks.webhook_set_active(
                    user=request.user, webhook=stored, active=data["active"]
                )
        except DomainError as exc:
            if not change:
                obj.pk = None
            _refused(self, request, exc)

    def response_add(self, request, obj, post_url_continue=None):
        if obj.pk is None:
            return super().response_add(request, obj, post_url_continue)
        return self._secrets_shown(request, [obj])

    def delete_model(self, request, obj):
        try:
            webhooks.webhook_delete(user=request.user, webhook=obj)
        except DomainError as exc:
            _refused(self, request, exc)

    def _secrets_shown(self, request, made):
        """The one answer that shows the secrets just made."""
        return TemplateResponse(
            request,
            "admin/reports/webhook/secret.html",
            {
                **self.admin_site.each_context(request),
                "title": gettext("New secret"),
                "opts": self.model._meta,
                "webhooks": made,
                "back": reverse("admin:reports_webhook_changelist"),
            },
        )

    def _set_active(self, request, queryset, active: bool):
        for webhook in queryset.select_related("workspace"):
            try:
                webhooks.webhook_set_active(
                    user=request.user, webhook=webhook, active=active
                )
            except DomainError as exc:
                _refused(self, request, exc)

    @admin.action(description="Enable the selected webhooks")
    def enable_through_service(self, request, queryset):
        self._set_active(request, queryset, True)

    @admin.action(description="Disable the selected webhooks")
    def disable_through_service(self, request, queryset):
        self._set_active(request, queryset, False)

    @admin.action(description="Give the selected webhooks a new secret")
    def rotate_secret_through_service(self, request, queryset):
        rotated = []
        for webhook in queryset.select_related("workspace"):
            try:
                rotated.append(
                    webhooks.webhook_rotate_secret(user=request.user, webhook=webhook)
                )
            except DomainError as exc:
                _refused(self, request, exc)
        return self._secrets_shown(request, rotated) if rotated else None

    @admin.action(description="Delete the selected webhooks and their deliveries")
    def delete_through_service(self, request, queryset):
        for webhook in queryset.select_related("workspace"):
            self.delete_model(request, webhook)


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """The delivery log, to read; a failed delivery is sent again through
    `webhooks.delivery_resend` (the action), never edited."""

    list_display = (
        "uuid", "event", "webhook", "state", "attempts", "last_status",
        "last_error", "created_at", "delivered_at",
    )  # fmt: skip
    list_filter = ("state", "event", "webhook__workspace")
    search_fields = ("uuid", "webhook__url")
    list_select_related = ("webhook",)
    actions = ("resend_through_service",)

    def get_queryset(self, request):
        return super().get_queryset(request).defer("webhook__secret")

    @admin.action(description="Send the selected failed deliveries again")
    def resend_through_service(self, request, queryset):
        for delivery in queryset.select_related("webhook"):
            try:
                webhooks.delivery_resend(user=request.user, delivery=delivery)
            except DomainError as exc:
                _refused(self, request, exc)
