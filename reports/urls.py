from django.urls import path

from reports import feeds, views


def public_patterns(prefix: str = "") -> list:
    """The public report pages, downloads and feeds. Served twice: under `/reports/`
    (every desk's) and under `/w/<slug>/reports/` (one desk's, the same views given
    the slug as `desk`, their names prefixed `desk-`; docs/DESKS.md)."""
    return [
        path("", views.report_index, name=f"{prefix}report-index"),
        path("feed.atom", feeds.ReportsFeed(), name=f"{prefix}report-feed"),
        path("feed.json", feeds.ReportsJSONFeed(), name=f"{prefix}report-feed-json"),
        path("<int:article_id>/", views.report_detail, name=f"{prefix}report-detail"),
        path(
            "<int:article_id>/r/<int:number>/",
            views.report_revision,
            name=f"{prefix}report-revision",
        ),
        path(
            "<int:article_id>/captures/<int:capture_id>/",
            views.report_capture,
            name=f"{prefix}report-capture",
        ),
        path(
            "<int:article_id>/captures/<int:capture_id>/text/",
            views.report_capture_text,
            name=f"{prefix}report-capture-text",
        ),
        path(
            "<int:article_id>/export/<slug:identifier>/",
            views.report_export,
            name=f"{prefix}report-export",
        ),
        path(
            "<int:article_id>/r/<int:number>/export/<slug:identifier>/",
            views.report_revision_export,
            name=f"{prefix}report-revision-export",
        ),
    ]


urlpatterns = [
    *public_patterns(),
    path("<int:article_id>/preview/", views.report_preview, name="report-preview"),
    path("<int:article_id>/status/", views.report_status, name="report-status"),
    path("<int:article_id>/publish/", views.report_publish, name="report-publish"),
]

# A desk's public reports, mounted at /w/<slug>/reports/ (factcheck/urls.py).
desk_urlpatterns = public_patterns("desk-")
