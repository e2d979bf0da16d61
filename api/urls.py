"""/api/v1/: one resource per viewset, the desk's and the published reports'."""

from rest_framework.permissions import AllowAny
from rest_framework.routers import APIRootView, DefaultRouter, SimpleRouter

from api import reports, views
from api.webhooks import WebhookViewSet


class PublicAPIRootView(APIRootView):
    """The list of resources is public, so anyone can find the published reads."""

    permission_classes = [AllowAny]


class Router(DefaultRouter):
    APIRootView = PublicAPIRootView


router = Router()
router.register("articles", views.ArticleViewSet, basename="api-article")
router.register("claims", views.ClaimViewSet, basename="api-claim")
router.register("sources", views.SourceViewSet, basename="api-source")
router.register("citations", views.CitationViewSet, basename="api-citation")
router.register("ratings", views.RatingViewSet, basename="api-rating")
router.register("rating-labels", views.RatingLabelViewSet, basename="api-rating-label")
router.register("gaps", views.GapViewSet, basename="api-gap")
router.register("comments", views.CommentViewSet, basename="api-comment")
router.register("review-queue", views.ReviewQueueViewSet, basename="api-review-queue")
router.register("agreement", views.AgreementViewSet, basename="api-agreement")
router.register("notifications", views.NotificationViewSet, basename="api-notification")
router.register("workspaces", views.WorkspaceViewSet, basename="api-workspace")
router.register(
    r"workspaces/(?P<workspace_slug>[-a-zA-Z0-9_]{1,50})/webhooks",
    WebhookViewSet,
    basename="api-webhook",
)

# The published reports keep a router of their own, matched first, so the API root
# lists the resources it listed before the two apps' APIs shared this package.
reports_router = SimpleRouter()
reports_router.register("reports", reports.ReportViewSet, basename="api-report")

urlpatterns = [*reports_router.urls, *router.urls]
