"""URLs of the sourcing-gap dashboard (owned by the gap tracker)."""

from django.urls import path

from desk.views import gaps as gap_views

urlpatterns = [
    path("", gap_views.dashboard, name="gap-dashboard"),
    path("scan/progress/", gap_views.scan_progress, name="gap-scan-progress"),
    path("scan/start/", gap_views.scan_start, name="gap-scan-start"),
]
