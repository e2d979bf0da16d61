"""The Django admin: an interface like the pages and the API, not a back door.

Every save goes through `annotations.services` (and so through the same policies
and workflow rules); what no service changes is shown read-only: claims' offsets,
text, kind, status, version and dismissal, ratings, verdicts, gaps and scans.
Verdicts cannot be created or edited here: editors approve them in the app.
"""

from django.contrib import admin, messages
from django.db import models, transaction
from django.db.models import Count
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext
from simple_history.admin import SimpleHistoryAdmin

from annotations import public_fields, services
from annotations.errors import DomainError
from annotations.models import (
    Article,
    Citation,
    Claim,
    Comment,
    Invitation,
    Membership,
    Notification,
    Rating,
    RatingLabel,
    RatingScale,
    ScanRun,
    Source,
    SourcingGap,
    Verdict,
    Workspace,
)


class ReadOnlyAdminMixin:
    """View-only: no add, change or delete through the admin."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class PublishedFieldsMixin:
    """Says "Shown in the published report" under the fields named in
    `published_fields`, as the app's forms do (the list of which fields a report
    shows is reports/published_fields.py; the core cannot import it, and
    tests/test_published_fields.py holds these names to it)."""

    published_fields: tuple[str, ...] = ()

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if field is not None and db_field.name in self.published_fields:
            field.help_text = public_fields.published(str(field.help_text or ""))
        return field


def _refused(modeladmin, request, exc: DomainError) -> None:
    modeladmin.message_user(request, f"Not saved: {exc.message}", messages.ERROR)


class CitationInline(PublishedFieldsMixin, admin.TabularInline):
    """Citations of a claim; adding, changing and removing go through the services
    (so a submitted or approved claim's evidence stays locked here too)."""

    model = Citation
    published_fields = ("quote", "locator")
    extra = 0
    autocomplete_fields = ("source",)
    fields = ("source", "stance", "quote", "locator", "note", "added_by")
    readonly_fields = ("added_by",)


class RatingInline(ReadOnlyAdminMixin, admin.TabularInline):
    """Ratings are personal: each reviewer sets their own in the app."""

    model = Rating
    extra = 0
    fields = ("reviewer", "label", "confidence", "rationale", "submitted_at")
    readonly_fields = fields


@admin.register(Article)
class ArticleAdmin(PublishedFieldsMixin, SimpleHistoryAdmin):
    # A typed address without a scheme is read as https (Django 6 default).
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    published_fields = (
        "title", "url", "publisher", "byline", "published_on", "language",
    )  # fmt: skip
    list_display = ("title", "publisher", "published_on", "claim_count", "created_at")
    list_filter = ("language", "published_on", "created_at")
    search_fields = ("title", "publisher", "byline", "url")
    fields = (
        "title",
        "url",
        "publisher",
        "byline",
        "published_on",
        "language",
        "blind_review",
        "published_at",
        "created_by",
        "created_at",
        "updated_at",
        "body",
    )
    readonly_fields = (
        "body",
        "blind_review",
        "published_at",
        "created_by",
        "created_at",
        "updated_at",
    )
    date_hierarchy = "created_at"
    actions = ("delete_through_service",)

    def has_add_permission(self, request):
        # Articles are added from the app (paste, upload, URL) or `import_article`.
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(claim_total=Count("claims"))

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    @admin.display(description="Claims", ordering="claim_total")
    def claim_count(self, obj):
        return obj.claim_total

    def save_model(self, request, obj, form, change):
        fields = {name: form.cleaned_data[name] for name in form.changed_data}
        try:
            services.article_update(article=obj, user=request.user, **fields)
        except DomainError as exc:
            _refused(self, request, exc)

    def delete_model(self, request, obj):
        services.article_delete(article=obj, user=request.user)

    @admin.action(description="Delete the selected articles and their claims")
    def delete_through_service(self, request, queryset):
        for article in queryset:
            services.article_delete(article=article, user=request.user)


@admin.register(Claim)
class ClaimAdmin(SimpleHistoryAdmin):
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
    # Everything about a claim changes through the app's workflow and its services:
    # here it is shown, and only its citations can be managed (through services).
    readonly_fields = (
        "article",
        "start",
        "end",
        "text",
        "kind",
        "checkworthiness",
        "attribution",
        "status",
        "version",
        "verdict_label",
        "dismissed_reason",
        "dismissed_at",
        "submitted_at",
        "submitted_by",
        "assigned_to",
        "created_by",
    )
    fields = readonly_fields
    inlines = (CitationInline, RatingInline)

    @admin.display(description="Text")
    def short_text(self, obj):
        return obj.text if len(obj.text) <= 100 else obj.text[:97] + "…"

    @admin.display(boolean=True, description="Dismissed")
    def is_dismissed(self, obj):
        return obj.is_dismissed

    @admin.display(description="Verdict")
    def verdict_label(self, obj):
        verdict = getattr(obj, "verdict", None) if hasattr(obj, "verdict") else None
        return verdict.label.name if verdict else "—"

    @admin.display(description="Assignees")
    def assigned_to(self, obj):
        return ", ".join(u.get_username() for u in obj.assignees.all()) or "—"

    def has_add_permission(self, request):
        # Claims are created by splitting an article or selecting text in it.
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        # No field of the claim is editable here; its inlines are saved below.
        pass

    def save_related(self, request, form, formsets, change):
        for formset in formsets:
            self.save_formset(request, form, formset, change)

    def save_formset(self, request, form, formset, change):
        _track(formset)
        if formset.model is not Citation:
            return  # the ratings are read-only here
        claim = form.instance
        try:
            with transaction.atomic():  # all of the inline's changes, or none
                _save_citations(request, claim, formset)
        except DomainError as exc:
            _track(formset)
            _refused(self, request, exc)


def _track(formset) -> None:
    """What `formset.save()` would record, for the admin's change message (the
    services save instead of the formset)."""
    formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []


def _save_citations(request, claim, formset) -> None:
    for subform in formset.deleted_forms:
        if subform.instance.pk:
            services.citation_remove(citation=subform.instance, user=request.user)
            formset.deleted_objects.append(subform.instance)
    for subform in formset.forms:
        if subform in formset.deleted_forms or not subform.has_changed():
            continue
        data = subform.cleaned_data
        if subform.instance.pk is None:
            citation = services.citation_add(
                claim=claim,
                source=data["source"],
                stance=data["stance"],
                user=request.user,
                quote=data.get("quote", ""),
                locator=data.get("locator", ""),
                note=data.get("note", ""),
            )
            formset.new_objects.append(citation)
        else:
            citation = services.citation_update(
                citation=subform.instance,
                user=request.user,
                stance=data["stance"],
                quote=data.get("quote", ""),
                locator=data.get("locator", ""),
                note=data.get("note", ""),
            )
            formset.changed_objects.append((citation, subform.changed_data))


@admin.register(Source)
class SourceAdmin(PublishedFieldsMixin, SimpleHistoryAdmin):
    # A typed address without a scheme is read as https (Django 6 default).
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    published_fields = ("title", "publisher", "archive_url")
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
    fields = (
        "title",
        "publisher",
        "kind",
        "archive_url",
        "url",
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
    readonly_fields = (
        "url",
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

    def has_add_permission(self, request):
        # Sources are created when a reviewer cites one (or through the API).
        return False

    def has_delete_permission(self, request, obj=None):
        # Citations protect their sources; an uncited source is harmless.
        return False

    def save_model(self, request, obj, form, change):
        fields = {name: form.cleaned_data[name] for name in form.changed_data}
        try:
            services.source_update(source=obj, user=request.user, **fields)
        except DomainError as exc:
            _refused(self, request, exc)


@admin.register(Citation)
class CitationAdmin(ReadOnlyAdminMixin, SimpleHistoryAdmin):
    """View-only: citations are managed in the claim panel, the API, or the claim's
    page here (through the services)."""

    list_display = ("claim", "source", "stance", "added_by", "created_at")
    list_filter = ("stance",)
    search_fields = ("quote", "source__title", "claim__text")
    list_select_related = ("claim", "source", "added_by")


@admin.register(Rating)
class RatingAdmin(ReadOnlyAdminMixin, SimpleHistoryAdmin):
    list_display = (
        "claim",
        "reviewer",
        "label",
        "confidence",
        "submitted_at",
        "updated_at",
    )
    list_filter = ("label", "confidence")
    search_fields = ("rationale", "claim__text", "reviewer__username")
    list_select_related = ("claim", "reviewer", "label")


@admin.register(Verdict)
class VerdictAdmin(ReadOnlyAdminMixin, SimpleHistoryAdmin):
    """View-only: verdicts are approved by editors in the app, never made here."""

    list_display = ("claim", "label", "approved_by", "approved_at")
    list_filter = ("label",)
    search_fields = ("explanation", "claim__text")
    list_select_related = ("claim", "label", "approved_by")


@admin.register(Comment)
class CommentAdmin(ReadOnlyAdminMixin, SimpleHistoryAdmin):
    list_display = ("claim", "kind", "author", "created_at")
    list_filter = ("kind",)
    search_fields = ("body", "claim__text")
    list_select_related = ("claim", "author")


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("recipient", "kind", "text", "created_at", "read_at", "emailed_at")
    list_filter = ("kind",)
    search_fields = ("text", "recipient__username")
    list_select_related = ("recipient",)


class RatingLabelInline(PublishedFieldsMixin, admin.TabularInline):
    model = RatingLabel
    published_fields = ("name", "slug", "description")
    extra = 0
    fields = ("position", "name", "slug", "ordinal", "polarity", "description")


@admin.register(RatingScale)
class RatingScaleAdmin(admin.ModelAdmin):
    """The scale's labels are saved through `services.rating_label_save`, which keeps
    a label's slug, ordinal and polarity once ratings or verdicts use it."""

    list_display = ("name", "slug", "is_default")
    fields = ("name", "slug", "description", "is_default")
    readonly_fields = fields
    inlines = (RatingLabelInline,)

    def save_model(self, request, obj, form, change):
        pass  # the scale itself is fixed; its labels are saved below

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def save_formset(self, request, form, formset, change):
        scale = form.instance
        _track(formset)
        try:
            with transaction.atomic():
                _save_labels(request, scale, formset)
        except DomainError as exc:
            _track(formset)
            _refused(self, request, exc)


def _save_labels(request, scale, formset) -> None:
    for subform in formset.deleted_forms:
        if subform.instance.pk:
            services.rating_label_delete(label=subform.instance, user=request.user)
            formset.deleted_objects.append(subform.instance)
    for subform in formset.forms:
        if subform in formset.deleted_forms or not subform.has_changed():
            continue
        data = {
            name: subform.cleaned_data[name]
            for name in RatingLabelInline.fields
            if name in subform.cleaned_data
        }
        existing = subform.instance if subform.instance.pk else None
        saved = services.rating_label_save(
            scale=scale, user=request.user, label=existing, **data
        )
        if existing is None:
            formset.new_objects.append(saved)
        else:
            formset.changed_objects.append((saved, subform.changed_data))


@admin.register(SourcingGap)
class SourcingGapAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """View-only: the gap tracker opens and resolves gaps."""

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


@admin.register(ScanRun)
class ScanRunAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Read-only: scans are started by beat, the dashboard or `scan_gaps`."""

    list_display = (
        "id", "scope", "article", "status", "done", "total", "opened", "resolved",
        "started_at", "finished_at",
    )  # fmt: skip
    list_filter = ("status", "scope")


class MadeByServiceMixin:
    """An add form whose service refused leaves the object unsaved: go back to the
    list (where the refusal is shown) instead of the page of an object that does
    not exist."""

    def response_add(self, request, obj, post_url_continue=None):
        if obj.pk is None:
            opts = self.model._meta
            return HttpResponseRedirect(
                reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
            )
        return super().response_add(request, obj, post_url_continue)


@admin.register(Workspace)
class WorkspaceAdmin(MadeByServiceMixin, admin.ModelAdmin):
    """Desks: made (`services.workspace_create`) and renamed
    (`services.workspace_rename`) here; a desk's slug is fixed once made, and a desk
    with articles cannot be deleted."""

    list_display = ("name", "slug", "member_count", "created_at")
    search_fields = ("name", "slug")
    fields = ("name", "slug", "created_at")

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(member_total=Count("memberships"))

    def get_readonly_fields(self, request, obj=None):
        return ("slug", "created_at") if obj is not None else ("created_at",)

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description="Members", ordering="member_total")
    def member_count(self, obj):
        return obj.member_total

    def save_model(self, request, obj, form, change):
        try:
            if change:
                services.workspace_rename(
                    user=request.user, workspace=obj, name=form.cleaned_data["name"]
                )
            else:
                made = services.workspace_create(
                    user=request.user,
                    name=form.cleaned_data["name"],
                    slug=form.cleaned_data["slug"],
                )
                obj.pk = made.pk
        except DomainError as exc:
            _refused(self, request, exc)


@admin.register(Membership)
class MembershipAdmin(MadeByServiceMixin, admin.ModelAdmin):
    """Who holds which role in which desk. Saving grants through
    `services.membership_grant`, deleting removes through
    `services.membership_remove` (which keep every desk's last admin)."""

    list_display = ("user", "workspace", "role", "created_at")
    list_filter = ("role", "workspace")
    search_fields = ("user__username", "user__email", "workspace__name")
    list_select_related = ("user", "workspace")
    autocomplete_fields = ("user",)
    fields = ("workspace", "user", "role")
    actions = ("remove_through_service",)

    def get_readonly_fields(self, request, obj=None):
        # A membership is one person in one desk: to move someone, remove and add.
        return ("workspace", "user") if obj is not None else ()

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    def save_model(self, request, obj, form, change):
        try:
            saved = services.membership_grant(
                user=request.user,
                workspace=obj.workspace,
                member=obj.user,
                role=form.cleaned_data["role"],
            )
            obj.pk = saved.pk
        except DomainError as exc:
            obj.pk = obj.pk if change else None
            _refused(self, request, exc)

    def delete_model(self, request, obj):
        try:
            services.membership_remove(
                user=request.user, workspace=obj.workspace, member=obj.user
            )
        except DomainError as exc:
            _refused(self, request, exc)

    @admin.action(description="Remove the selected members from their desks")
    def remove_through_service(self, request, queryset):
        for membership in queryset.select_related("workspace", "user"):
            self.delete_model(request, membership)


@admin.register(Invitation)
class InvitationAdmin(MadeByServiceMixin, admin.ModelAdmin):
    """Invitations: made through `services.invitation_create` (which e-mails the
    link), withdrawn through `services.invitation_revoke`; never edited. The link
    is shown once, on the page that answers adding the invitation, never in a
    message (the cookie message store would keep it in the browser), a form or a
    list; only the key's digest is stored."""

    list_display = (
        "email", "workspace", "role", "invited_by", "created_at", "expires_at",
        "accepted_at", "revoked_at",
    )  # fmt: skip
    list_filter = ("role", "workspace")
    search_fields = ("email", "workspace__name")
    list_select_related = ("workspace", "invited_by")
    actions = ("revoke_through_service",)

    def get_fields(self, request, obj=None):
        if obj is None:
            return ("workspace", "email", "role")
        return (
            "workspace", "email", "role", "invited_by", "created_at", "expires_at",
            "accepted_at", "accepted_by", "revoked_at",
        )  # fmt: skip

    def get_readonly_fields(self, request, obj=None):
        return self.get_fields(request, obj) if obj is not None else ()

    def has_delete_permission(self, request, obj=None):
        return False

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    def save_model(self, request, obj, form, change):
        if change:
            return  # every field is read-only once made
        try:
            made, link = services.invitation_create(
                user=request.user,
                workspace=form.cleaned_data["workspace"],
                email=form.cleaned_data["email"],
                role=form.cleaned_data["role"],
            )
        except DomainError as exc:
            _refused(self, request, exc)
            return
        obj.pk = made.pk
        # Kept on the object for `response_add` only: never a message, which the
        # cookie message store would keep in the browser.
        obj.new_link = link

    def response_add(self, request, obj, post_url_continue=None):
        link = getattr(obj, "new_link", "")
        if obj.pk is None or not link:
            return super().response_add(request, obj, post_url_continue)
        # The admin's views are never cached, this answer included.
        return TemplateResponse(
            request,
            "admin/annotations/invitation/link.html",
            {
                **self.admin_site.each_context(request),
                "title": gettext("Invitation link"),
                "opts": self.model._meta,
                "invitation": obj,
                "link": link,
                "back": reverse("admin:annotations_invitation_changelist"),
            },
        )

    @admin.action(description="Withdraw the selected invitations")
    def revoke_through_service(self, request, queryset):
        for invitation in queryset.select_related("workspace"):
            try:
                services.invitation_revoke(user=request.user, invitation=invitation)
            except DomainError as exc:
                _refused(self, request, exc)
