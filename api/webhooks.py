"""/api/v1/workspaces/{slug}/webhooks/: a desk's outgoing webhooks (docs/WEBHOOKS.md)
for its admins, as the desk's webhooks page offers them.

The desk is the one the path names. Someone who is not in it gets 404 (another
desk's existence is not told); a member who is not its admin gets 403
(`policies.can_manage_webhooks`). Every write goes through `reports.webhooks`, the
services the page calls. A webhook's secret is in the answers of create and
rotate-secret only, never in a list or a read.
"""

from __future__ import annotations

from django.utils.translation import gettext
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from annotations import policies
from annotations.models import Workspace
from api.serializers import ErrorSerializer
from api.views import ApiViewSet
from reports import webhooks
from reports.models import Webhook, WebhookDelivery
from reports.webhook_views import LOG_MAX

ERRORS = {
    400: OpenApiResponse(ErrorSerializer, description="Invalid input"),
    403: OpenApiResponse(ErrorSerializer, description="Not the desk's admin"),
    404: OpenApiResponse(
        ErrorSerializer, description="No such desk of yours, or no such webhook"
    ),
}
DESK = OpenApiParameter(
    "workspace_slug",
    str,
    OpenApiParameter.PATH,
    description="The desk's slug (GET /api/v1/workspaces/ lists yours)",
)
EVENTS = [choice for choice, _label in Webhook.Event.choices]


class WebhookSerializer(serializers.ModelSerializer):
    """A webhook as listed: never its secret."""

    events = serializers.ListField(child=serializers.ChoiceField(choices=EVENTS))

    class Meta:
        model = Webhook
        fields = ["id", "url", "events", "active", "created_at"]
        read_only_fields = fields


class WebhookWithSecretSerializer(WebhookSerializer):
    """A webhook just made or given a new secret: the one answer that holds it."""

    secret = serializers.CharField(
        help_text="Signs every delivery (X-Factcheck-Signature); shown this once."
    )

    class Meta(WebhookSerializer.Meta):
        fields = [*WebhookSerializer.Meta.fields, "secret"]
        read_only_fields = fields


class WebhookCreateSerializer(serializers.Serializer):
    url = serializers.CharField(
        max_length=2000,
        help_text="http or https; private and local addresses are refused when sent",
    )
    events = serializers.ListField(
        child=serializers.ChoiceField(choices=EVENTS), min_length=1
    )


class WebhookUpdateSerializer(serializers.Serializer):
    url = serializers.CharField(max_length=2000, required=False)
    events = serializers.ListField(
        child=serializers.ChoiceField(choices=EVENTS), min_length=1, required=False
    )
    active = serializers.BooleanField(
        required=False,
        help_text="false disables it: no new deliveries, the pending ones wait",
    )


class DeliverySerializer(serializers.ModelSerializer):
    """One event sent (or to be sent) to the webhook, with how its sending went."""

    class Meta:
        model = WebhookDelivery
        fields = [
            "id",
            "uuid",
            "event",
            "state",
            "attempts",
            "last_status",
            "last_error",
            "next_attempt_at",
            "created_at",
            "delivered_at",
        ]
        read_only_fields = fields


def _with_secret(hook: Webhook, code: int) -> Response:
    """The one answer that shows a webhook's secret; no cache may keep it, as the
    page's answer (docs/WEBHOOKS.md)."""
    answer = Response(WebhookWithSecretSerializer(hook).data, status=code)
    answer["Cache-Control"] = "no-store"
    return answer


@extend_schema_view(
    list=extend_schema(
        summary="The desk's webhooks (without secrets)",
        parameters=[DESK],
        responses={200: WebhookSerializer(many=True), **ERRORS},
    ),
    retrieve=extend_schema(
        summary="One of the desk's webhooks",
        parameters=[DESK],
        responses={200: WebhookSerializer, **ERRORS},
    ),
)
class WebhookViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ApiViewSet):
    serializer_class = WebhookSerializer
    queryset = Webhook.objects.order_by("pk")
    filter_backends = []
    pagination_class = None
    lookup_value_regex = "[0-9]{1,18}"

    def desk(self) -> Workspace:
        """The path's desk: 404 unless the caller is in it, 403 unless they manage
        its webhooks. Read once per request."""
        if not hasattr(self, "_desk"):
            slug = self.kwargs.get("workspace_slug", "")
            found = Workspace.objects.filter(slug=slug).first()
            if found is None or not policies.can_use_workspace(
                self.request.user, found
            ):
                raise NotFound(gettext("You are in no desk with that slug."))
            policies.check_manage_webhooks(self.request.user, found)
            self._desk = found
        return self._desk

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Webhook.objects.none()
        return super().get_queryset().filter(workspace=self.desk())

    def hook(self) -> Webhook:
        hook = webhooks.webhook_of(self.desk(), self.kwargs.get("pk"))
        hook.workspace = self.desk()
        return hook

    @extend_schema(
        summary="Add a webhook to the desk; the answer holds its secret, once",
        parameters=[DESK],
        request=WebhookCreateSerializer,
        responses={
            201: WebhookWithSecretSerializer,
            **ERRORS,
            409: OpenApiResponse(
                ErrorSerializer,
                description="The desk has the most webhooks it may have",
            ),
        },
    )
    def create(self, request, *args, **kwargs):
        desk = self.desk()  # who may ask is answered before what they sent
        data = self.validated(WebhookCreateSerializer)
        hook = webhooks.webhook_create(
            user=request.user,
            workspace=desk,
            url=data["url"],
            events=data["events"],
        )
        return _with_secret(hook, status.HTTP_201_CREATED)

    @extend_schema(
        summary="Change a webhook's address or events, or disable or enable it",
        parameters=[DESK],
        request=WebhookUpdateSerializer,
        responses={200: WebhookSerializer, **ERRORS},
    )
    def partial_update(self, request, *args, **kwargs):
        hook = self.hook()
        data = self.validated(WebhookUpdateSerializer)
        if "url" in data or "events" in data:
            hook = webhooks.webhook_update(
                user=request.user,
                webhook=hook,
                url=data.get("url"),
                events=data.get("events"),
            )
        if "active" in data:
            hook = webhooks.webhook_set_active(
                user=request.user, webhook=hook, active=data["active"]
            )
        return Response(WebhookSerializer(hook).data)

    @extend_schema(
        summary="Delete a webhook and its delivery log",
        parameters=[DESK],
        request=None,
        responses={204: None, **ERRORS},
    )
    def destroy(self, request, *args, **kwargs):
        webhooks.webhook_delete(user=request.user, webhook=self.hook())
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(
        summary="Give a webhook a new secret; the answer holds it, once",
        parameters=[DESK],
        request=None,
        responses={200: WebhookWithSecretSerializer, **ERRORS},
    )
    @action(detail=True, methods=["post"], url_path="rotate-secret")
    def rotate_secret(self, request, *args, **kwargs):
        hook = webhooks.webhook_rotate_secret(user=request.user, webhook=self.hook())
        return _with_secret(hook, status.HTTP_200_OK)

    @extend_schema(
        summary="A webhook's deliveries, newest first, with the receiver's status "
        "codes",
        parameters=[DESK],
        responses={200: DeliverySerializer(many=True), **ERRORS},
    )
    @action(detail=True, methods=["get"])
    def deliveries(self, request, *args, **kwargs):
        hook = self.hook()
        rows = WebhookDelivery.objects.filter(webhook=hook).order_by("-pk")[:LOG_MAX]
        return Response(DeliverySerializer(rows, many=True).data)

    @extend_schema(
        summary="Send a failed delivery again (same id, same body)",
        parameters=[
            DESK,
            OpenApiParameter(
                "delivery",
                OpenApiTypes.INT,
                OpenApiParameter.PATH,
                description="The delivery's id",
            ),
        ],
        request=None,
        responses={
            200: DeliverySerializer,
            **ERRORS,
            409: OpenApiResponse(ErrorSerializer, description="Not a failed delivery"),
        },
    )
    @action(
        detail=True,
        methods=["post"],
        url_path=r"deliveries/(?P<delivery>[0-9]{1,18})/resend",
    )
    def resend(self, request, *args, **kwargs):
        hook = self.hook()
        delivery = WebhookDelivery.objects.filter(
            webhook=hook, pk=int(kwargs["delivery"])
        ).first()
        if delivery is None:
            raise NotFound(gettext("This desk has no such delivery."))
        delivery.webhook = hook
        delivery = webhooks.delivery_resend(user=request.user, delivery=delivery)
        return Response(DeliverySerializer(delivery).data)
