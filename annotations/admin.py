from django.contrib import admin
from django.db.models import Count
from simple_history.admin import SimpleHistoryAdmin

from annotations.models import (
    Article,
    Citation,
    Claim,
    Rating,
    RatingLabel,
    RatingScale,
    ScanRun,
    Source,
    SourcingGap,
    Verdict,
)


class ReadOnlyOffsetsMixin:
    """Offsets and text change only through services, which keep them consistent."""

    readonly_fields = ("article", "start", "end", "text", "version")


class CitationInline(admin.TabularInline):
    model = Citation
    extra = 0
    autocomplete_fields = ("source",)
    fields = ("source", "stance", "quote", "locator", "added_by")
    readonly_fields = ("added_by",)


class RatingInline(admin.TabularInline):
    model = Rating
    extra = 0
    fields = ("reviewer", "label", "confidence", "rationale")
    readonly_fields = ("reviewer",)


@admin.register(Article)
class ArticleAdmin(SimpleHistoryAdmin):
    list_display = ("title", "publisher", "published_on", "claim_count", "created_at")
    list_filter = ("language", "published_on", "created_at")
    search_fields = ("title", "publisher", "byline", "url")
    readonly_fields = ("body", "created_by", "created_at", "updated_at")
    date_hierarchy = "created_at"

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(claim_total=Count("claims"))

    @admin.display(description="Claims", ordering="claim_total")
    def claim_count(self, obj):
        return obj.claim_total


@admin.register(Claim)
class ClaimAdmin(ReadOnlyOffsetsMixin, SimpleHistoryAdmin):
    list_display = (
        "id",
        "short_text",
        "article",
        "kind",
        "checkworthiness",
        "attribution",
        "status",
        "is_dismissed",
    )
    list_filter = ("kind", "status", ("dismissed_at", admin.EmptyFieldListFilter))
    search_fields = ("text", "attribution", "article__title")
    list_select_related = ("article",)
    filter_horizontal = ("assignees",)
    inlines = (CitationInline, RatingInline)

    @admin.display(description="Text")
    def short_text(self, obj):
        return obj.text if len(obj.text) <= 100 else obj.text[:97] + "…"

    @admin.display(boolean=True, description="Dismissed")
    def is_dismissed(self, obj):
        return obj.is_dismissed

    def has_add_permission(self, request):
        # Claims are created by splitting an article or selecting text in it.
        return False


@admin.register(Source)
class SourceAdmin(SimpleHistoryAdmin):
    list_display = (
        "title",
        "publisher",
        "domain",
        "kind",
        "link_status",
        "link_checked_at",
    )
    list_filter = ("kind", "link_status")
    search_fields = ("title", "publisher", "domain", "url")
    readonly_fields = (
        "normalized_url",
        "domain",
        "link_status",
        "link_checked_at",
        "link_http_status",
        "link_final_url",
        "link_error",
        "link_failures",
        "link_elapsed_ms",
    )


@admin.register(Citation)
class CitationAdmin(SimpleHistoryAdmin):
    list_display = ("claim", "source", "stance", "added_by", "created_at")
    list_filter = ("stance",)
    search_fields = ("quote", "source__title", "claim__text")
    list_select_related = ("claim", "source", "added_by")
    autocomplete_fields = ("source",)
    raw_id_fields = ("claim",)


@admin.register(Rating)
class RatingAdmin(SimpleHistoryAdmin):
    list_display = ("claim", "reviewer", "label", "confidence", "updated_at")
    list_filter = ("label", "confidence")
    search_fields = ("rationale", "claim__text", "reviewer__username")
    list_select_related = ("claim", "reviewer", "label")
    raw_id_fields = ("claim",)


@admin.register(Verdict)
class VerdictAdmin(SimpleHistoryAdmin):
    list_display = ("claim", "label", "approved_by", "approved_at")
    list_filter = ("label",)
    search_fields = ("explanation", "claim__text")
    list_select_related = ("claim", "label", "approved_by")
    raw_id_fields = ("claim",)


class RatingLabelInline(admin.TabularInline):
    model = RatingLabel
    extra = 0
    fields = ("position", "name", "slug", "ordinal", "polarity", "description")


@admin.register(RatingScale)
class RatingScaleAdmin(admin.ModelAdmin):
    list_display = ("name", "slug", "is_default")
    inlines = (RatingLabelInline,)


@admin.register(SourcingGap)
class SourcingGapAdmin(admin.ModelAdmin):
    list_display = (
        "claim",
        "kind",
        "severity",
        "source",
        "opened_at",
        "last_seen_at",
        "resolved_at",
    )
    list_filter = ("kind", "severity", ("resolved_at", admin.EmptyFieldListFilter))
    search_fields = ("detail", "claim__text")
    list_select_related = ("claim", "source")
    raw_id_fields = ("claim", "source")


@admin.register(ScanRun)
class ScanRunAdmin(admin.ModelAdmin):
    """Read-only: scans are started by beat, the dashboard or `scan_gaps`."""

    list_display = (
        "id", "scope", "article", "status", "done", "total", "opened", "resolved",
        "started_at", "finished_at",
    )  # fmt: skip
    list_filter = ("status", "scope")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
