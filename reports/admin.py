"""Reports in the Django admin: to look at, never to change (revisions are frozen;
publishing goes through the publishing page, the API or the services)."""

from django.contrib import admin

from annotations.admin import ReadOnlyAdminMixin
from reports.models import ExportJob, PublicationEvent, ReportRevision


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
