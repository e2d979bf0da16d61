from csp.decorators import csp_update
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.http import HttpResponse
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog, set_language
from drf_spectacular.views import (
    SpectacularAPIView,
    SpectacularRedocView,
    SpectacularSwaggerSplitView,
)

from desk.views.account import language as account_language
from reports import urls as report_urls
from reports import webhook_views


class _DocsPage:
    """OPTIONS on a docs page answers like any Django page (the methods in Allow),
    not with DRF's metadata, which these HTML-only views have no template for."""

    def options(self, request, *args, **kwargs):
        response = HttpResponse(status=204)
        response["Allow"] = ", ".join(self.allowed_methods)
        return response


class SwaggerPage(_DocsPage, SpectacularSwaggerSplitView):
    pass


class RedocPage(_DocsPage, SpectacularRedocView):
    pass


urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    # The signed-in person's saved language; an anonymous visitor's choice is a
    # cookie, set by Django's own view (docs/I18N.md).
    path("account/language/", account_language, name="account-language"),
    path("i18n/setlang/", set_language, name="set_language"),
    # The scripts' strings in the active language, served by us (no CDN).
    path("i18n/js/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    # A desk's webhooks, among its settings (docs/WEBHOOKS.md).
    path("desk/webhooks/", webhook_views.webhooks_page, name="desk-webhooks"),
    path("api/v1/", include("api.urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # The split view serves Swagger UI's start-up script as a file: no inline script.
    path(
        "api/docs/",
        SwaggerPage.as_view(url_name="api-schema"),
        name="api-docs",
    ),
    # Redoc builds its search index in a web worker started from a blob: URL; only
    # this page may start one.
    path(
        "api/docs/redoc/",
        csp_update({"worker-src": ["'self'", "blob:"]})(
            RedocPage.as_view(url_name="api-schema")
        ),
        name="api-redoc",
    ),
    path("reports/", include("reports.urls")),
    path("w/<slug:desk>/reports/", include(report_urls.desk_urlpatterns)),
    path("", include("desk.urls")),
]

handler400 = "desk.views.errors.bad_request"
handler404 = "desk.views.access.not_found"
handler500 = "desk.views.errors.server_error"
