"""/api/v1/reports/: the reports app's one resource."""

from rest_framework.routers import SimpleRouter

from reports import api

router = SimpleRouter()
router.register("reports", api.ReportViewSet, basename="api-report")

urlpatterns = router.urls
