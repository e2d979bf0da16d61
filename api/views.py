"""The API's endpoints: each read goes through a selector, each write through a service.

Views check shapes (serializers) and map results to status codes; they hold no rules.
Domain errors become JSON answers in `exception_handler` below.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import RequestDataTooBig
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import APIException, ParseError
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from annotations import agreement_words, policies, roles, selectors, services
from annotations.errors import Conflict, DomainError, DuplicateArticle
from annotations.models import Article, Citation, Claim, Comment
from annotations.selectors.workspaces import workspaces_of
from api import POSITIVE_INT, filters, query_int, strict
from api import serializers as s
from api.parsers import GuardedJSONParser
from api.permissions import CanAnnotate, CanUseAccount, CanViewReviewQueue
from api.schema import SingleObjectSchema

# Agreement over at most a century of ratings.
DAYS_MAX = 36_500

ERRORS = {
    400: OpenApiResponse(s.ErrorSerializer, description="Invalid input"),
    403: OpenApiResponse(s.ErrorSerializer, description="Not allowed"),
}
CLAIM_WRITE_ERRORS = {
    **ERRORS,
    409: OpenApiResponse(
        s.ConflictSerializer,
        description="The claim changed since you read it (stale version), or the "
        "change clashes with another claim's work.",
    ),
}


class BodyTooLarge(APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_code = "too_large"


def exception_handler(exc, context):
    """DRF's handler, plus domain errors and oversized bodies as JSON, never a 500."""
    if isinstance(exc, RequestDataTooBig):
        exc = BodyTooLarge(
            gettext("The request body is too large: %(reason)s") % {"reason": exc}
        )
    if isinstance(exc, DomainError):
        data = {"detail": exc.message, "code": type(exc).__name__.lower()}
        if isinstance(exc, Conflict):
            data["changed_by"] = exc.changed_by
            data["current_version"] = exc.current_version
        if isinstance(exc, DuplicateArticle):
            data["duplicate_of"] = exc.duplicate_of
        return Response(data, status=exc.status)
    response = drf_exception_handler(exc, context)
    if (
        response is not None
        and isinstance(response.data, dict)
        and "detail" in response.data
        and "code" not in response.data
    ):
        response.data["code"] = getattr(response.data["detail"], "code", "error")
    return response


def _alpha_data(alpha) -> dict:
    return {
        "value": alpha.value,
        "units": alpha.units,
        "ratings": alpha.ratings,
        "reviewers": alpha.reviewers,
        "reading": agreement_words.reading(alpha),
        "reading_code": alpha.reading_code,
        "reason": agreement_words.reason(alpha),
        "ratings_needed": alpha.ratings_needed,
    }


class ApiViewSet(viewsets.GenericViewSet):
    # The desk's API: readers use the published reports under /api/v1/reports/.
    permission_classes = [CanAnnotate]

    def validated(self, serializer_class) -> dict:
        return strict.validated(serializer_class, self.request.data)


class ClaimsDeskViewSet(ApiViewSet):
    """The rows hanging off a claim (citations, comments, gaps), scoped once to the
    desks of the claims' articles: another desk's rows are not listed and their ids
    answer 404 (docs/DESKS.md). Subclasses name their rows in `queryset`."""

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        # Without it the scope's `super().get_queryset()` raises, and the schema
        # generator, which asks every viewset for its model, warns that it cannot
        # type the `{id}` parameter (`spectacular --fail-on-warn` fails).
        if getattr(cls, "queryset", None) is None:
            raise TypeError(f"{cls.__name__} must name its rows in `queryset`.")

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .filter(
                policies.visible_articles_filter(self.request.user, "claim__article__")
            )
        )


# --- articles -------------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(summary="Articles with their review progress, newest first"),
    retrieve=extend_schema(summary="An article: metadata, body and segments in order"),
)
class ArticleViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ApiViewSet):
    # The desk's view of articles (ratings, gaps, workflow state). The public reads
    # published reports under /api/v1/reports/, which hold only what was approved.
    filterset_class = filters.ArticleFilter

    def get_queryset(self):
        if self.action == "claims":
            # The claims list needs only the article's id, not its body or counts.
            articles = Article.objects.only("pk", "published_at")
        elif self.action == "list":
            articles = selectors.article_list()
        else:
            articles = selectors.article_list().defer(None)
        return articles.filter(policies.visible_articles_filter(self.request.user))

    def get_serializer_class(self):
        if self.action == "list":
            return s.ArticleListSerializer
        if self.action == "claims":
            return s.ClaimListSerializer
        return s.ArticleDetailSerializer

    @extend_schema(
        summary="Create an article from text, or import it from a URL",
        description=(
            "Send `text` (and optional metadata) to store it as is, or only `url` "
            "to fetch the page and import its main text. The body is split into "
            "claims at once."
        ),
        request=s.ArticleCreateSerializer,
        responses={
            201: s.ArticleDetailSerializer,
            **ERRORS,
            409: OpenApiResponse(
                s.ErrorSerializer,
                description="Already on the desk (same normalized URL or same "
                "text): `duplicate_of` names it; send `allow_duplicate: true` to "
                "import it anyway.",
            ),
        },
    )
    def create(self, request):
        data = self.validated(s.ArticleCreateSerializer)
        metadata = {
            key: data[key]
            for key in ("title", "publisher", "byline", "published_on", "language")
            if data.get(key)
        }
        if data.get("text"):
            article = services.article_create(
                body=data["text"],
                url=data.get("url", ""),
                created_by=request.user,
                allow_duplicate=data["allow_duplicate"],
                **{"title": "", **metadata},
            )
        else:
            article = services.article_import_url(
                url=data["url"], created_by=request.user,
                allow_duplicate=data["allow_duplicate"], **metadata,
            )  # fmt: skip
        article = selectors.article_list().defer(None).get(pk=article.pk)
        return Response(
            s.ArticleDetailSerializer(article).data, status=status.HTTP_201_CREATED
        )

    @extend_schema(
        summary="The article's segments (claims and non-claims) in reading order",
        filters=False,
        responses=s.ClaimListSerializer(many=True),
    )
    @action(detail=True, methods=["get"], filter_backends=[])
    def claims(self, request, pk=None):
        article = self.get_object()
        claims = selectors.claim_list().filter(article=article).order_by("start")
        page = self.paginate_queryset(claims)
        return self.get_paginated_response(s.ClaimListSerializer(page, many=True).data)

    @extend_schema(
        summary="The article's activity: every change to its claims, newest first",
        filters=False,
        responses=s.TimelineEntrySerializer(many=True),
    )
    @action(detail=True, methods=["get"], filter_backends=[])
    def activity(self, request, pk=None):
        article = self.get_object()
        page = self.paginate_queryset(
            selectors.article_activity(article.pk, viewer=request.user)
        )
        return self.get_paginated_response(
            s.TimelineEntrySerializer(page, many=True).data
        )

    @extend_schema(
        summary="Reviewer agreement on the article (Krippendorff's alpha, ordinal)",
        filters=False,
        responses=s.AlphaSerializer,
    )
    @action(detail=True, methods=["get"], filter_backends=[])
    def agreement(self, request, pk=None):
        article = self.get_object()
        alpha = selectors.article_agreement(article.pk, viewer=request.user)
        return Response(s.AlphaSerializer(_alpha_data(alpha)).data)

    @extend_schema(
        summary="Switch blind review on or off (editors)",
        request=s.BlindReviewSerializer,
        responses={200: s.ArticleDetailSerializer, **ERRORS},
    )
    @action(detail=True, methods=["post"], url_path="blind-review")
    def blind_review(self, request, pk=None):
        data = self.validated(s.BlindReviewSerializer)
        services.article_set_blind_review(
            article=self.get_object(), user=request.user, blind=data["blind_review"]
        )
        article = selectors.article_list().defer(None).get(pk=pk)
        return Response(s.ArticleDetailSerializer(article).data)

    @extend_schema(
        summary="Correct the article's language (reviewers and up)",
        description=(
            "Sets `language` (BCP 47, normalised: `pt_br` becomes `pt-BR`; a value "
            "that is no language tag answers 400). Extraction is not run again: "
            "the article's segments keep their kinds and attributions; claims "
            "created, re-bounded or split from now on, and the reports' `lang`, "
            "follow the new language."
        ),
        request=s.ArticleLanguageSerializer,
        responses={200: s.ArticleDetailSerializer, **ERRORS},
    )
    @action(detail=True, methods=["post"], url_path="language")
    def language(self, request, pk=None):
        data = self.validated(s.ArticleLanguageSerializer)
        services.article_set_language(
            article=self.get_object(), user=request.user, language=data["language"]
        )
        article = selectors.article_list().defer(None).get(pk=pk)
        return Response(s.ArticleDetailSerializer(article).data)


# --- claims ---------------------------------------------------------------------------


def _claim_action(summary: str, request_serializer, description: str = ""):
    return extend_schema(
        summary=summary,
        description=description,
        request=request_serializer,
        responses={200: s.ClaimDetailSerializer, **CLAIM_WRITE_ERRORS},
    )


@extend_schema_view(
    list=extend_schema(summary="Claims and other segments, filtered"),
    retrieve=extend_schema(
        summary="A claim with its evidence, ratings, verdict and open gaps"
    ),
)
class ClaimViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ApiViewSet):
    filterset_class = filters.ClaimFilter

    def get_queryset(self):
        claims = (
            selectors.claim_list()
            if self.action == "list"
            else selectors.claim_detail(viewer=self.request.user)
        )
        if self.action not in {"list", "retrieve"}:
            claims = Claim.objects.only("pk")
        return claims.filter(policies.visible_claims_filter(self.request.user))

    def get_serializer_class(self):
        if self.action == "list":
            return s.ClaimListSerializer
        return s.ClaimDetailSerializer

    def filter_queryset(self, queryset):
        if self.action != "list":
            return queryset
        return super().filter_queryset(queryset)

    def _answer(self, claim: Claim, status_code=status.HTTP_200_OK) -> Response:
        claim = selectors.claim_detail(viewer=self.request.user).get(pk=claim.pk)
        return Response(
            s.ClaimDetailSerializer(claim, context={"request": self.request}).data,
            status=status_code,
        )

    def _claim(self) -> Claim:
        # The service locks and re-reads the row; this only checks that it exists.
        return self.get_object()

    @extend_schema(
        summary="Add a claim over a range of the article body",
        description="White space at the ends is trimmed; the claim's text is always "
        "`article.body[start:end]`.",
        request=s.ClaimCreateSerializer,
        responses={201: s.ClaimDetailSerializer, **CLAIM_WRITE_ERRORS},
    )
    def create(self, request):
        data = self.validated(s.ClaimCreateSerializer)
        claim = services.claim_create(
            article=data["article"],
            start=data["start"],
            end=data["end"],
            user=request.user,
        )
        return self._answer(claim, status.HTTP_201_CREATED)

    @_claim_action("Move the claim's boundaries", s.ReboundSerializer)
    @action(detail=True, methods=["post"])
    def rebound(self, request, pk=None):
        data = self.validated(s.ReboundSerializer)
        claim = services.claim_rebound(
            claim=self._claim(),
            start=data["start"],
            end=data["end"],
            user=request.user,
            expected_version=data["version"],
        )
        return self._answer(claim)

    @extend_schema(
        summary="Split the claim at a body offset into two claims",
        description="The first part keeps the id, evidence and history.",
        request=s.SplitSerializer,
        responses={200: s.ClaimSplitResultSerializer, **CLAIM_WRITE_ERRORS},
    )
    @action(detail=True, methods=["post"])
    def split(self, request, pk=None):
        data = self.validated(s.SplitSerializer)
        first, second = services.claim_split(
            claim=self._claim(),
            at=data["at"],
            user=request.user,
            expected_version=data["version"],
        )
        claims = selectors.claim_detail(viewer=request.user).filter(
            pk__in=[first.pk, second.pk]
        )
        by_id = {claim.pk: claim for claim in claims}
        context = {"request": request}
        return Response(
            {
                "first": s.ClaimDetailSerializer(by_id[first.pk], context=context).data,
                "second": s.ClaimDetailSerializer(
                    by_id[second.pk], context=context
                ).data,
            }
        )

    @_claim_action(
        "Merge the claim with the segment that follows it",
        s.VersionSerializer,
        "The following segment's citations move over; refused when it has ratings, "
        "a verdict, or cites a source this claim also cites.",
    )
    @action(detail=True, methods=["post"])
    def merge(self, request, pk=None):
        data = self.validated(s.VersionSerializer)
        claim = services.claim_merge(
            claim=self._claim(), user=request.user, expected_version=data["version"]
        )
        return self._answer(claim)

    @_claim_action("Dismiss the claim as not worth checking", s.DismissSerializer)
    @action(detail=True, methods=["post"])
    def dismiss(self, request, pk=None):
        data = self.validated(s.DismissSerializer)
        claim = services.claim_dismiss(
            claim=self._claim(),
            reason=data["reason"],
            user=request.user,
            expected_version=data["version"],
        )
        return self._answer(claim)

    @_claim_action("Undo a dismissal", s.VersionSerializer)
    @action(detail=True, methods=["post"])
    def restore(self, request, pk=None):
        data = self.validated(s.VersionSerializer)
        claim = services.claim_restore(
            claim=self._claim(), user=request.user, expected_version=data["version"]
        )
        return self._answer(claim)

    @_claim_action(
        "Reclassify the segment (claim, headline, caption, …)", s.KindSerializer
    )
    @action(detail=True, methods=["post"])
    def kind(self, request, pk=None):
        data = self.validated(s.KindSerializer)
        claim = services.claim_set_kind(
            claim=self._claim(),
            kind=data["kind"],
            user=request.user,
            expected_version=data["version"],
        )
        return self._answer(claim)

    @_claim_action(
        "Correct who the text says made the statement", s.AttributionSerializer
    )
    @action(detail=True, methods=["post"])
    def attribution(self, request, pk=None):
        data = self.validated(s.AttributionSerializer)
        claim = services.claim_set_attribution(
            claim=self._claim(),
            attribution=data["attribution"],
            user=request.user,
            expected_version=data["version"],
        )
        return self._answer(claim)

    @_claim_action("Submit the rated claim to the editors", s.VersionSerializer)
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        data = self.validated(s.VersionSerializer)
        claim = services.claim_submit(
            claim=self._claim(), user=request.user, expected_version=data["version"]
        )
        return self._answer(claim)

    @_claim_action(
        "Replace the claim's assignees (editors and admins only)", s.AssignSerializer
    )
    @action(detail=True, methods=["post"])
    def assign(self, request, pk=None):
        data = self.validated(s.AssignSerializer)
        claim = services.claim_assign(
            claim=self._claim(),
            assignees=data["assignees"],
            user=request.user,
            expected_version=data["version"],
        )
        return self._answer(claim)

    @_claim_action(
        "Withdraw my submitted rating (before an editor approved the claim)",
        s.VersionSerializer,
    )
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        data = self.validated(s.VersionSerializer)
        claim = services.claim_withdraw(
            claim=self._claim(), user=request.user, expected_version=data["version"]
        )
        return self._answer(claim)

    @_claim_action(
        "Approve the claim's verdict (editors)",
        s.ApproveSerializer,
        "Refused with 403 by the two-person rule (you rated or submitted it; admins "
        "may override with `two_person_override_reason`), and with 409 while a "
        "blocking sourcing gap is open unless `gap_override_reason` justifies it. "
        "Two editors approving at once: one succeeds, the other gets 409 naming who "
        "approved.",
    )
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        data = self.validated(s.ApproveSerializer)
        services.verdict_approve(
            claim=self._claim(),
            user=request.user,
            label=data["label"],
            explanation=data["explanation"],
            expected_version=data["version"],
            gap_override_reason=data.get("gap_override_reason", ""),
            two_person_override_reason=data.get("two_person_override_reason", ""),
            claim_as_checked=data.get("claim_as_checked", ""),
        )
        return self._answer(self._claim())

    @_claim_action(
        "Return the submitted claim to its reviewers with a comment (editors)",
        s.ReturnSerializer,
    )
    @action(detail=True, methods=["post"], url_path="return", url_name="return")
    def return_(self, request, pk=None):
        data = self.validated(s.ReturnSerializer)
        claim = services.claim_return(
            claim=self._claim(),
            user=request.user,
            comment=data["comment"],
            expected_version=data["version"],
        )
        return self._answer(claim)

    @_claim_action(
        "Reopen an approved claim, with a reason (editors)", s.ReopenSerializer
    )
    @action(detail=True, methods=["post"])
    def reopen(self, request, pk=None):
        data = self.validated(s.ReopenSerializer)
        claim = services.verdict_reopen(
            claim=self._claim(),
            user=request.user,
            reason=data["reason"],
            expected_version=data["version"],
        )
        return self._answer(claim)

    @extend_schema(
        summary="The claim's timeline: who changed what, when, before and after",
        filters=False,
        responses=s.TimelineEntrySerializer(many=True),
    )
    @action(detail=True, methods=["get"], filter_backends=[])
    def history(self, request, pk=None):
        claim = self._claim()
        page = self.paginate_queryset(
            selectors.claim_timeline(claim.pk, viewer=request.user)
        )
        return self.get_paginated_response(
            s.TimelineEntrySerializer(page, many=True).data
        )


# --- sources, citations, ratings ------------------------------------------------------


@extend_schema_view(
    list=extend_schema(
        summary="Sources, optionally searched",
        parameters=[
            OpenApiParameter(
                "q", str, description="Search URL, title, publisher and domain"
            )
        ],
    ),
    retrieve=extend_schema(summary="One source"),
)
class SourceViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ApiViewSet):
    serializer_class = s.SourceSerializer
    filter_backends = []

    def get_queryset(self):
        return selectors.sources_matching(
            self.request.query_params.get("q", ""), viewer=self.request.user
        )

    @extend_schema(
        summary="Get or create the source for a URL",
        description="Answers 200 with the existing source when its normalized URL is "
        "already known, 201 with a new one otherwise.",
        request=s.SourceCreateSerializer,
        responses={200: s.SourceSerializer, 201: s.SourceSerializer, **ERRORS},
    )
    def create(self, request):
        data = self.validated(s.SourceCreateSerializer)
        source, created = services.source_get_or_create(
            url=data.get("url", ""),
            title=data.get("title", ""),
            publisher=data.get("publisher", ""),
            kind=data["kind"],
            archive_url=data.get("archive_url", ""),
            user=request.user,
        )
        return Response(
            s.SourceSerializer(source).data,
            status=status.HTTP_201_CREATED if created else status.HTTP_200_OK,
        )


@extend_schema_view(
    list=extend_schema(summary="Citations, filtered by claim"),
    retrieve=extend_schema(summary="One citation with its source"),
)
class CitationViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, ClaimsDeskViewSet
):
    serializer_class = s.CitationSerializer
    filterset_fields = ["claim", "source", "stance"]
    queryset = Citation.objects.select_related("source", "added_by").order_by(
        "claim_id", "created_at", "id"
    )

    @extend_schema(
        summary="Cite a source for a claim",
        description="Give `source` (an id), or `source_url` with `source_title` etc. "
        "to reuse or create the source in the same step.",
        request=s.CitationCreateSerializer,
        responses={201: s.CitationSerializer, **CLAIM_WRITE_ERRORS},
    )
    def create(self, request):
        data = self.validated(s.CitationCreateSerializer)
        citation = services.citation_add_with_source(
            claim=data["claim"],
            source=data.get("source"),
            url=data.get("source_url", ""),
            title=data.get("source_title", ""),
            publisher=data.get("source_publisher", ""),
            kind=data["source_kind"],
            stance=data["stance"],
            user=request.user,
            quote=data.get("quote", ""),
            locator=data.get("locator", ""),
            note=data.get("note", ""),
        )
        citation = self.get_queryset().get(pk=citation.pk)
        return Response(
            s.CitationSerializer(citation).data, status=status.HTTP_201_CREATED
        )

    @extend_schema(
        summary="Cite an uploaded file (multipart) as a new source",
        description="Send the file as `file` in multipart/form-data with the claim "
        "and stance. The file is kept as the source's capture (origin "
        "`uploaded`, its SHA-256 and the type read from its bytes); a file of "
        "another type, whose bytes disagree with its name, that is empty, a "
        "detectable polyglot or larger than FACTCHECK_UPLOAD_MAX_BYTES is refused "
        "(400, 413 when too large) and nothing is stored.",
        request={"multipart/form-data": s.CitationUploadSerializer},
        responses={
            201: s.CitationSerializer,
            413: OpenApiResponse(s.ErrorSerializer, description="File too large"),
            **CLAIM_WRITE_ERRORS,
        },
    )
    @action(
        detail=False,
        methods=["post"],
        url_path="upload",
        # JSON is parsed too, so a body without a file is told it needs one (400),
        # and authentication, which may read the body, never meets a 415 first.
        parser_classes=[MultiPartParser, GuardedJSONParser],
    )
    def upload(self, request):
        # Form fields are text by nature: the JSON type check does not apply.
        serializer = s.CitationUploadSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        citation = services.citation_add_with_upload(
            claim=data["claim"],
            upload=data["file"],
            stance=data["stance"],
            user=request.user,
            title=data.get("source_title", ""),
            publisher=data.get("source_publisher", ""),
            kind=data["source_kind"],
            quote=data.get("quote", ""),
            locator=data.get("locator", ""),
            note=data.get("note", ""),
        )
        citation = self.get_queryset().get(pk=citation.pk)
        return Response(
            s.CitationSerializer(citation).data, status=status.HTTP_201_CREATED
        )

    @extend_schema(
        summary="Change a citation's stance, quote, locator or note",
        description="Send only the fields to change, and `updated_at` as you last "
        "read it: a citation changed since is refused with 409 (so an edit never "
        "overwrites a change it did not see), fields not sent are left as they are.",
        request=s.CitationUpdateSerializer,
        responses={200: s.CitationSerializer, **CLAIM_WRITE_ERRORS},
    )
    def partial_update(self, request, pk=None):
        citation = self.get_object()
        data = self.validated(s.CitationUpdateSerializer)
        services.citation_update(
            citation=citation,
            user=request.user,
            stance=data.get("stance"),
            quote=data.get("quote"),
            locator=data.get("locator"),
            note=data.get("note"),
            seen_updated_at=data["updated_at"],
        )
        # Removed by someone else once this edit committed: the edit is saved in
        # its history, and the citation is gone.
        citation = get_object_or_404(self.get_queryset(), pk=citation.pk)
        return Response(s.CitationSerializer(citation).data)

    @extend_schema(
        summary="Remove a citation (its history keeps what it said)",
        description="Your own citations; editors may remove anyone's. Refused with "
        "409 while the claim is submitted or approved.",
        responses={204: None, **CLAIM_WRITE_ERRORS},
    )
    def destroy(self, request, pk=None):
        services.citation_remove(citation=self.get_object(), user=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


@extend_schema_view(
    list=extend_schema(summary="Ratings, filtered by claim or reviewer"),
    destroy=extend_schema(
        summary="Remove a rating (your own; editors may remove anyone's)",
        responses={204: None, **CLAIM_WRITE_ERRORS},
    ),
)
class RatingViewSet(mixins.ListModelMixin, ApiViewSet):
    serializer_class = s.RatingSerializer
    filterset_class = filters.RatingFilter

    def get_queryset(self):
        return selectors.visible_ratings(self.request.user).order_by(
            "claim_id", "created_at", "id"
        )

    def _set(self, request) -> Response:
        data = self.validated(s.RatingSetSerializer)
        rating = services.rating_set(
            claim=data["claim"],
            reviewer=request.user,
            label=data["label"],
            confidence=data["confidence"],
            rationale=data.get("rationale", ""),
        )
        created = rating.was_created
        rating = selectors.visible_ratings(request.user).get(pk=rating.pk)
        return Response(
            s.RatingSerializer(rating).data,
            status=status.HTTP_201_CREATED if created else status.HTTP_200_OK,
        )

    @extend_schema(
        summary="Set my rating of a claim (creates or replaces it)",
        description="One rating per reviewer per claim: 201 when new, 200 when it "
        "replaced yours.",
        request=s.RatingSetSerializer,
        responses={200: s.RatingSerializer, 201: s.RatingSerializer, **ERRORS},
    )
    def create(self, request):
        return self._set(request)

    def destroy(self, request, pk=None):
        services.rating_remove(rating=self.get_object(), user=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(
        summary="Set my rating of a claim (same as POST /ratings/)",
        request=s.RatingSetSerializer,
        responses={200: s.RatingSerializer, 201: s.RatingSerializer, **ERRORS},
    )
    @action(detail=False, methods=["put"], filter_backends=[])
    def mine(self, request):
        return self._set(request)


@extend_schema_view(
    list=extend_schema(
        summary="The labels of my desks' rating scales, scale by scale, in order",
        description="Each label names its scale and which of your desks rate on "
        "it. A desk rates only with its own scale's labels.",
        parameters=[
            OpenApiParameter(
                "workspace",
                str,
                description="Only this desk's scale (its slug); a desk you are not "
                "in, or none, gives an empty list",
            )
        ],
    )
)
class RatingLabelViewSet(mixins.ListModelMixin, ApiViewSet):
    serializer_class = s.DeskRatingLabelSerializer
    pagination_class = None
    filter_backends = []

    def get_queryset(self):
        desks = workspaces_of(self.request.user)
        slug = self.request.query_params.get("workspace")
        if slug is not None:
            desks = [desk for desk in desks if desk.slug == slug]
        return selectors.desks_rating_labels(desks)


@extend_schema_view(
    list=extend_schema(summary="Sourcing gaps, newest first, filtered"),
    retrieve=extend_schema(summary="One sourcing gap"),
)
class GapViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ClaimsDeskViewSet):
    serializer_class = s.GapSerializer
    filterset_class = filters.GapFilter
    queryset = selectors.gap_list()


@extend_schema_view(
    list=extend_schema(summary="Comments of the claims' discussion threads"),
)
class CommentViewSet(mixins.ListModelMixin, ClaimsDeskViewSet):
    serializer_class = s.CommentSerializer
    filterset_fields = ["claim", "kind"]
    queryset = (
        Comment.objects.select_related("author")
        .prefetch_related("mentions")
        .order_by("claim_id", "created_at", "id")
    )

    @extend_schema(
        summary="Add a comment to a claim's thread",
        description="Plain text; @username notifies that desk member.",
        request=s.CommentCreateSerializer,
        responses={201: s.CommentSerializer, **ERRORS},
    )
    def create(self, request):
        data = self.validated(s.CommentCreateSerializer)
        comment = services.comment_add(
            claim=data["claim"], user=request.user, body=data["body"]
        )
        comment = self.get_queryset().get(pk=comment.pk)
        return Response(
            s.CommentSerializer(comment).data, status=status.HTTP_201_CREATED
        )


@extend_schema_view(
    list=extend_schema(
        summary="The editors' review queue: submitted claims with their evidence",
        parameters=[
            OpenApiParameter(
                "sort",
                str,
                enum=list(selectors.QUEUE_SORTS),
                description="age (oldest first, the default), checkworthiness or "
                "disagreement",
            ),
            OpenApiParameter("article", POSITIVE_INT, description="Only this article"),
            OpenApiParameter(
                "reviewer", POSITIVE_INT, description="Only claims they rated"
            ),
        ],
    )
)
@extend_schema_view(
    list=extend_schema(
        summary="Submitted claims waiting for an editor, in the desks one edits",
        parameters=[
            OpenApiParameter(
                "workspace",
                str,
                description="Only this desk's claims (its slug); a desk you do not "
                "edit in, or none, gives an empty list",
            )
        ],
    )
)
class ReviewQueueViewSet(mixins.ListModelMixin, ApiViewSet):
    permission_classes = [CanViewReviewQueue]
    serializer_class = s.QueueItemSerializer
    filter_backends = []

    def get_queryset(self):
        params = self.request.query_params
        sort = params.get("sort", "age")
        if sort not in selectors.QUEUE_SORTS:
            raise ParseError(
                f"sort must be one of: {', '.join(selectors.QUEUE_SORTS)}."
            )
        queue = selectors.review_queue(
            self.request.user,
            sort=sort,
            article_id=query_int(params, "article", minimum=1),
            reviewer_id=query_int(params, "reviewer", minimum=1),
        )
        # The queue is an editor's: only the desks where the caller edits, even
        # when they review in others (their reads there stay the claims list's).
        editing = roles.workspace_ids(self.request.user, roles.EDITOR)
        if editing is not None:
            queue = queue.filter(article__workspace_id__in=editing)
        slug = params.get("workspace")
        if slug is not None:
            queue = queue.filter(article__workspace__slug=slug)
        return queue


class AgreementViewSet(ApiViewSet):
    """Reviewer agreement across the desk."""

    schema = SingleObjectSchema()
    filter_backends = []
    pagination_class = None

    @extend_schema(
        summary="Krippendorff's alpha (ordinal) across my desks, per rating scale "
        "and per article",
        parameters=[
            OpenApiParameter(
                "days",
                {**POSITIVE_INT, "maximum": DAYS_MAX},
                description="Only ratings made in the last N days (all when left out)",
            ),
            OpenApiParameter(
                "workspace",
                str,
                description="Only this desk's ratings (its slug); a desk you are not "
                "in, or none, counts nothing",
            ),
        ],
        responses=s.DeskAgreementSerializer,
    )
    def list(self, request):
        days = query_int(request.query_params, "days", minimum=1, maximum=DAYS_MAX)
        since = timezone.now() - dt.timedelta(days=days) if days else None
        slug = request.query_params.get("workspace")
        desks = None
        if slug is not None:
            desks = [desk for desk in workspaces_of(request.user) if desk.slug == slug]
        stats = selectors.desk_agreement(viewer=request.user, since=since, desks=desks)
        data = {
            "desk": _alpha_data(stats["desk"]),
            "scales": [
                {"slug": row.slug, "name": row.name, "alpha": _alpha_data(row.alpha)}
                for row in stats["scales"]
            ],
            "articles": [
                {
                    "article_id": row.article_id,
                    "title": row.title,
                    "alpha": _alpha_data(row.alpha),
                    "claims_rated": row.claims_rated,
                    "claims_disagreeing": row.claims_disagreeing,
                }
                for row in stats["articles"]
            ],
            "ratings": stats["ratings"],
            "reviewers": stats["reviewers"],
        }
        return Response(s.DeskAgreementSerializer(data).data)


@extend_schema_view(
    list=extend_schema(summary="My desks, each with my role in it, by name")
)
class WorkspaceViewSet(mixins.ListModelMixin, ApiViewSet):
    """The desks the caller works in (every desk for an instance admin), read-only:
    their slugs are what `?workspace=` takes."""

    serializer_class = s.WorkspaceSerializer
    filter_backends = []

    def get_queryset(self):
        user = self.request.user
        return [
            {"desk": desk, "role": roles.role_in(user, desk)}
            for desk in workspaces_of(user)
        ]


@extend_schema_view(list=extend_schema(summary="My notifications, newest first"))
class NotificationViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    permission_classes = [CanUseAccount]
    serializer_class = s.NotificationSerializer
    filter_backends = []

    def get_queryset(self):
        return selectors.notifications_for(self.request.user)

    @extend_schema(
        summary="Mark my notifications read (the ones given, or all)",
        request=s.NotificationReadSerializer,
        responses={200: OpenApiResponse(description="How many changed")},
    )
    @action(detail=False, methods=["post"])
    def read(self, request):
        data = strict.validated(s.NotificationReadSerializer, request.data)
        changed = services.notifications_mark_read(
            user=request.user, ids=data.get("ids")
        )
        return Response({"marked_read": changed})
