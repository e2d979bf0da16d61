"""/api/v1/reports/: published reports for anyone, publishing for editors.

Public reads answer only from published revisions (the frozen snapshots); an
unpublished article's report does not exist (404). Publishing, unpublishing and
importing annotations go through `reports.services`, which ask
`annotations.policies`.
"""

from __future__ import annotations

import json

from django.conf import settings
from django.db.models import Max, Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext, gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, ParseError
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from annotations import policies, siteurl
from annotations.limits import REASON_MAX, SEARCH_MAX, WORKSPACE_SLUG_MAX
from annotations.models import Article, Workspace
from annotations.public_fields import internal
from api import POSITIVE_INT, query_int, strict
from api.permissions import requires
from api.serializers import ErrorSerializer, optional_text
from reports import exporters, exports, services, snapshot
from reports.models import ExportJob, ReportRevision

ERRORS = {
    400: OpenApiResponse(ErrorSerializer, description="Invalid input"),
    403: OpenApiResponse(ErrorSerializer, description="Not allowed"),
    404: OpenApiResponse(ErrorSerializer, description="No such published report"),
    409: OpenApiResponse(ErrorSerializer, description="Refused in this state"),
}

# Reading published reports is anyone's; each desk action asks the policy named for
# it, the same question the service asks again for the article.
PERMISSIONS = {
    "publish": requires(
        policies.can_publish, gettext_lazy("Editors and admins publish reports.")
    ),
    "unpublish": requires(
        policies.can_publish, gettext_lazy("Editors and admins take reports down.")
    ),
    "import_annotations": requires(
        policies.can_import_annotations,
        gettext_lazy("Editors and admins import annotations."),
    ),
}


def _media_types() -> dict:
    """The 200 answer of the export endpoint, one entry per media type the formats
    are served as: JSON ones with their JSON shape, the others as text or bytes."""
    served: dict[str, list[str]] = {}
    for identifier, exporter in exporters.EXPORTERS.items():
        media_type = exporter.content_type.split(";")[0].strip()
        served.setdefault(media_type, []).append(identifier)
    shapes = {
        "application/json": {"type": "object"},
        # ClaimReview is a list of reviews; W3C annotations one collection.
        "application/ld+json": {"anyOf": [{"type": "array"}, {"type": "object"}]},
        "application/pdf": OpenApiTypes.BINARY,
    }
    description = "The report in the format asked for: " + "; ".join(
        f"{', '.join(identifiers)} as {media_type}"
        for media_type, identifiers in served.items()
    )
    return {
        (200, media_type): OpenApiResponse(
            shapes.get(media_type, OpenApiTypes.STR), description=description
        )
        for media_type in served
    }


EXPORT_MEDIA_TYPES = _media_types()


class ReportSerializer(serializers.ModelSerializer):
    """A published report: the article and its latest revision's number."""

    article = serializers.IntegerField(source="pk")
    revision = serializers.IntegerField(source="latest_number")
    url = serializers.SerializerMethodField()

    class Meta:
        model = Article
        fields = [
            "article",
            "title",
            "publisher",
            "byline",
            "published_on",
            "published_at",
            "revision",
            "url",
        ]
        read_only_fields = fields

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, article) -> str:
        # The public address when it is configured; an answer to this caller is not
        # frozen anywhere, so without it the caller's own host will do.
        if siteurl.base():
            return snapshot.report_url(article.pk)
        path = reverse("report-detail", args=[article.pk])
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request else path


class RevisionSerializer(serializers.ModelSerializer):
    published_by = serializers.SerializerMethodField()

    class Meta:
        model = ReportRevision
        fields = [
            "number",
            "published_at",
            "published_by",
            "note",
            "override_reason",
            "sha256",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_published_by(self, revision) -> str | None:
        # As the report credits it: null where the desk does not name its staff.
        return revision.snapshot["report"].get("published_by")


class RevisionDetailSerializer(RevisionSerializer):
    snapshot = serializers.SerializerMethodField()

    class Meta(RevisionSerializer.Meta):
        fields = [*RevisionSerializer.Meta.fields, "snapshot"]
        read_only_fields = fields

    @extend_schema_field(OpenApiTypes.OBJECT)
    def get_snapshot(self, revision) -> dict:
        """The frozen report (docs/REPORT_SNAPSHOT.md, docs/REPORT_FORMATS.md)."""
        return revision.snapshot


class PublishSerializer(serializers.Serializer):
    note = optional_text(
        REASON_MAX,
        note="What changed: the correction note (required from revision 2 on).",
    )
    override_reason = optional_text(
        REASON_MAX,
        note="Needed to publish before every check-worthy claim is approved.",
    )
    excerpts_only = serializers.BooleanField(
        required=False,
        allow_null=True,
        default=None,
        help_text="Publish the checked claims without the article's text, in every "
        "format (for an article the desk may not reprint). Absent or null: the "
        "desk's `report.excerpts_only` setting.",
    )


class UnpublishSerializer(serializers.Serializer):
    reason = serializers.CharField(
        max_length=REASON_MAX,
        help_text=internal("Kept in the publication log."),
    )


class ExportJobSerializer(serializers.ModelSerializer):
    class Meta:
        model = ExportJob
        fields = ["format", "status", "error", "size", "created_at", "finished_at"]
        read_only_fields = fields


class ImportResultSerializer(serializers.Serializer):
    imported = serializers.ListField(child=serializers.DictField())
    unanchored = serializers.ListField(child=serializers.DictField())
    refused = serializers.ListField(child=serializers.DictField())
    unchanged = serializers.ListField(child=serializers.DictField())


@extend_schema_view(
    list=extend_schema(
        summary="Published reports, newest first (anyone)",
        parameters=[
            OpenApiParameter("q", str, description="Search titles"),
            OpenApiParameter(
                "workspace",
                str,
                description="Only this desk's reports (its slug, any desk's: "
                "published reports are public); a slug no desk has is 404, as "
                "/w/<slug>/reports/ is",
            ),
        ],
        responses={200: ReportSerializer(many=True), 404: ERRORS[404]},
    ),
    retrieve=extend_schema(
        summary="A published report: its latest revision with the snapshot (anyone)",
        parameters=[
            OpenApiParameter(
                "revision",
                POSITIVE_INT,
                description="A revision number (the latest when left out)",
            )
        ],
        responses={200: RevisionDetailSerializer, 404: ERRORS[404]},
    ),
)
class ReportViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    serializer_class = ReportSerializer
    filter_backends = []
    lookup_field = "pk"
    lookup_value_regex = r"\d+"

    def get_permissions(self):
        return [PERMISSIONS.get(self.action, AllowAny)()]

    def get_queryset(self):
        articles = (
            Article.objects.filter(policies.public_articles_filter())
            .defer("body")
            .annotate(latest_number=Max("report_revisions__number"))
            .order_by("-published_at", "-pk")
        )
        query = self.request.query_params.get("q", "")[:SEARCH_MAX].replace("\x00", "")
        query = " ".join(query.split())
        if query:
            articles = articles.filter(
                Q(title__icontains=query) | Q(publisher__icontains=query)
            )
        slug = self.request.query_params.get("workspace")
        if slug:
            # Published reports are public, so naming any desk is fine; a slug no
            # desk has answers as the desk's public index does (404), not with an
            # empty list that would look like a desk with nothing published yet.
            desk = None
            if len(slug) <= WORKSPACE_SLUG_MAX:
                desk = Workspace.objects.filter(slug=slug).only("pk").first()
            if desk is None:
                raise NotFound(gettext("No desk has this address."))
            articles = articles.filter(workspace=desk)
        return articles

    def _published(self, pk) -> Article:
        return get_object_or_404(
            Article.objects.filter(policies.public_articles_filter()).defer("body"),
            pk=pk,
        )

    def _revision(self, article: Article) -> ReportRevision:
        """The revision `?revision=` names, else the latest."""
        number = query_int(self.request.query_params, "revision", minimum=1)
        revisions = ReportRevision.objects.filter(article=article).order_by("-number")
        revision = (
            revisions.first()
            if number is None
            else revisions.filter(number=number).first()
        )
        if revision is None:
            raise NotFound(gettext("No such revision."))
        return revision

    def retrieve(self, request, pk=None):
        revision = self._revision(self._published(pk))
        return Response(RevisionDetailSerializer(revision).data)

    @extend_schema(
        summary="The report's revisions, newest first, a page at a time (anyone)",
        responses={200: RevisionSerializer(many=True), 404: ERRORS[404]},
    )
    @action(detail=True, methods=["get"])
    def revisions(self, request, pk=None):
        article = self._published(pk)
        revisions = ReportRevision.objects.filter(article=article).order_by("-number")
        page = self.paginate_queryset(revisions)
        return self.get_paginated_response(RevisionSerializer(page, many=True).data)

    @extend_schema(
        summary="The report in one format (anyone)",
        description="Formats: " + ", ".join(exporters.EXPORTERS) + ". `?revision=N` "
        "for an earlier revision. A large report's PDF is rendered by a worker: the "
        "first call answers 202 with the job's state; call again until it is 200.",
        parameters=[
            OpenApiParameter(
                "identifier", str, OpenApiParameter.PATH, enum=list(exporters.EXPORTERS)
            ),
            OpenApiParameter(
                "revision",
                POSITIVE_INT,
                description="A revision number (the latest when left out)",
            ),
        ],
        responses={
            **EXPORT_MEDIA_TYPES,
            202: ExportJobSerializer,
            404: ERRORS[404],
        },
    )
    @action(
        detail=True,
        methods=["get"],
        url_path=r"export/(?P<identifier>[a-z0-9-]+)",
        url_name="export",
    )
    def export(self, request, pk=None, identifier=None):
        try:
            exporter = exporters.get(identifier)
        except exporters.UnknownFormat:
            raise NotFound(
                gettext("No format %(format)r.") % {"format": identifier}
            ) from None
        revision = self._revision(self._published(pk))
        payload = exports.cached(revision, identifier)
        claims = len(revision.snapshot.get("claims") or ())
        if (
            payload is None
            and identifier == "pdf"
            and claims > settings.FACTCHECK_PDF_INLINE_MAX_CLAIMS
        ):
            job = services.export_request(revision=revision, identifier=identifier)
            if job.status != ExportJob.Status.DONE:
                return Response(
                    ExportJobSerializer(job).data, status=status.HTTP_202_ACCEPTED
                )
            payload = exports.cached(revision, identifier)
        if payload is None:
            payload = exports.render(revision, identifier)
        response = HttpResponse(payload, content_type=exporter.content_type)
        response["Content-Disposition"] = (
            f'attachment; filename="{exporter.filename(revision.snapshot)}"'
        )
        response["X-Report-Sha256"] = revision.sha256
        return response

    @extend_schema(
        summary="Publish the article's report as a new revision (editors)",
        description="Refused (409) unless every check-worthy claim is approved, or "
        "with an `override_reason`; from revision 2 on a `note` is required and "
        "something must have changed.",
        request=PublishSerializer,
        responses={
            201: RevisionSerializer,
            **ERRORS,
            503: OpenApiResponse(
                ErrorSerializer,
                description="The site's public address (FACTCHECK_SITE_URL) is not "
                "set, so nothing can be published",
            ),
        },
    )
    @action(detail=True, methods=["post"])
    def publish(self, request, pk=None):
        article = get_object_or_404(Article.objects.all(), pk=pk)
        data = strict.validated(PublishSerializer, request.data)
        revision = services.article_publish(
            article=article,
            user=request.user,
            note=data.get("note", ""),
            override_reason=data.get("override_reason", ""),
            excerpts_only=data.get("excerpts_only"),
        )
        return Response(
            RevisionSerializer(revision).data, status=status.HTTP_201_CREATED
        )

    @extend_schema(
        summary="Take the public report down, with a reason (editors)",
        request=UnpublishSerializer,
        responses={204: None, **ERRORS},
    )
    @action(detail=True, methods=["post"])
    def unpublish(self, request, pk=None):
        article = get_object_or_404(Article.objects.all(), pk=pk)
        data = strict.validated(UnpublishSerializer, request.data)
        services.article_unpublish(
            article=article, user=request.user, reason=data["reason"]
        )
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(
        summary="Import W3C Web Annotations into the article (editors)",
        description="The body is an AnnotationCollection (with embedded pages), an "
        "AnnotationPage, an Annotation or a list of them, as the w3c export writes. "
        "Each is re-anchored into the article's text (exact position, else the quote "
        "with its context, else a fuzzy match); those that cannot be anchored are "
        "reported, not guessed.",
        request={
            "application/json": {
                "description": "An annotation, a page, a collection, or a list.",
                "oneOf": [{"type": "object"}, {"type": "array", "items": {}}],
            }
        },
        responses={200: ImportResultSerializer, **ERRORS},
    )
    @action(detail=True, methods=["post"], url_path="import-annotations")
    def import_annotations(self, request, pk=None):
        article = get_object_or_404(Article.objects.all(), pk=pk)
        data = request.data
        if not isinstance(data, dict | list):
            raise ParseError(gettext("Send the annotations as JSON."))
        result = services.annotations_import(
            article=article, user=request.user, data=json.loads(json.dumps(data))
        )
        return Response(result.as_dict())
