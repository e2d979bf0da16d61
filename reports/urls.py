from django.urls import path

from reports import views

urlpatterns = [
    path("", views.report_index, name="report-index"),
    path("<int:article_id>/", views.report_detail, name="report-detail"),
    path(
        "<int:article_id>/r/<int:number>/",
        views.report_revision,
        name="report-revision",
    ),
    path(
        "<int:article_id>/export/<slug:identifier>/",
        views.report_export,
        name="report-export",
    ),
    path(
        "<int:article_id>/r/<int:number>/export/<slug:identifier>/",
        views.report_revision_export,
        name="report-revision-export",
    ),
    path("<int:article_id>/preview/", views.report_preview, name="report-preview"),
    path("<int:article_id>/status/", views.report_status, name="report-status"),
    path("<int:article_id>/publish/", views.report_publish, name="report-publish"),
]
