from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from drf_spectacular.views import (
    SpectacularAPIView,
    SpectacularRedocView,
    SpectacularSwaggerSplitView,
)

# The documentation pages render one HTML template and nothing else: DRF's OPTIONS
# answer (the view's metadata) has no template to render into and was a 500.
DOCS_METHODS = ["get", "head"]

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("api/v1/", include("reports.api_urls")),
    path("api/v1/", include("annotations.api.urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # The split view serves Swagger UI's start-up script as a file: no inline script.
    path(
        "api/docs/",
        SpectacularSwaggerSplitView.as_view(
            url_name="api-schema", http_method_names=DOCS_METHODS
        ),
        name="api-docs",
    ),
    path(
        "api/docs/redoc/",
        SpectacularRedocView.as_view(
            url_name="api-schema", http_method_names=DOCS_METHODS
        ),
        name="api-redoc",
    ),
    path("reports/", include("reports.urls")),
    path("", include("annotations.urls")),
]

handler404 = "annotations.views.access.not_found"
