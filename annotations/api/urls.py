"""/api/v1/: one router, one resource per viewset."""

from rest_framework.routers import DefaultRouter

from annotations.api import views

router = DefaultRouter()
router.register("articles", views.ArticleViewSet, basename="api-article")
router.register("claims", views.ClaimViewSet, basename="api-claim")
router.register("sources", views.SourceViewSet, basename="api-source")
router.register("citations", views.CitationViewSet, basename="api-citation")
router.register("ratings", views.RatingViewSet, basename="api-rating")
router.register("rating-labels", views.RatingLabelViewSet, basename="api-rating-label")
router.register("gaps", views.GapViewSet, basename="api-gap")

urlpatterns = router.urls
