"""What the API reads and writes. Output serializers shape rows the selectors load;
input serializers only check types and ranges: the rules live in the services."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from annotations import selectors
from annotations.models import (
    Article,
    Citation,
    Claim,
    Confidence,
    Rating,
    RatingLabel,
    Source,
    SourceKind,
    SourcingGap,
    Stance,
    Verdict,
)

User = get_user_model()


def _person(user) -> str | None:
    if user is None:
        return None
    return user.get_full_name() or user.get_username()


# The largest value a PositiveIntegerField holds everywhere; offsets past the body's
# end are the service's to refuse, with the body's length in the message.
OFFSET_MAX = 2_147_483_647


# --- output ---------------------------------------------------------------------------


class ArticleListSerializer(serializers.ModelSerializer):
    """An article with its review progress, as the dashboard shows it."""

    state = serializers.SerializerMethodField()
    claim_count = serializers.IntegerField(read_only=True)
    segment_count = serializers.IntegerField(read_only=True)
    approved_count = serializers.IntegerField(read_only=True)
    submitted_count = serializers.IntegerField(read_only=True)
    dismissed_count = serializers.IntegerField(read_only=True)
    rated_count = serializers.IntegerField(read_only=True)
    open_gap_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Article
        fields = [
            "id",
            "title",
            "url",
            "publisher",
            "byline",
            "published_on",
            "language",
            "created_at",
            "updated_at",
            "published_at",
            "state",
            "claim_count",
            "segment_count",
            "approved_count",
            "submitted_count",
            "dismissed_count",
            "rated_count",
            "open_gap_count",
        ]
        read_only_fields = fields

    @extend_schema_field(
        serializers.ChoiceField(["draft", "in review", "verified", "published"])
    )
    def get_state(self, article) -> str:
        return selectors.article_state(article)


class SegmentSerializer(serializers.Serializer):
    """One segment of the body (`body[start:end]`), as the article page marks it."""

    id = serializers.IntegerField()
    start = serializers.IntegerField()
    end = serializers.IntegerField()
    kind = serializers.ChoiceField(Claim.Kind.choices)
    status = serializers.CharField()
    dismissed = serializers.BooleanField()
    checkworthiness = serializers.FloatField()
    verdict = serializers.CharField(help_text="The approved label's name, or empty.")
    verdict_polarity = serializers.CharField()
    open_gaps = serializers.IntegerField()
    citations = serializers.IntegerField()
    ratings = serializers.IntegerField()


class ArticleDetailSerializer(ArticleListSerializer):
    """An article's metadata, its exact body, and its segments in reading order."""

    segments = serializers.SerializerMethodField()

    class Meta(ArticleListSerializer.Meta):
        fields = [*ArticleListSerializer.Meta.fields, "body", "segments"]
        read_only_fields = fields

    @extend_schema_field(SegmentSerializer(many=True))
    def get_segments(self, article) -> list[dict]:
        segments = selectors.segments_for(selectors.article_claims(article))
        return SegmentSerializer(segments, many=True).data


class RatingLabelSerializer(serializers.ModelSerializer):
    class Meta:
        model = RatingLabel
        fields = ["slug", "name", "ordinal", "polarity", "description", "position"]
        read_only_fields = fields


class VerdictSerializer(serializers.ModelSerializer):
    label = RatingLabelSerializer(read_only=True)
    approved_by = serializers.SerializerMethodField()

    class Meta:
        model = Verdict
        fields = ["label", "explanation", "approved_by", "approved_at"]
        read_only_fields = fields

    @extend_schema_field(OpenApiTypes.STR)
    def get_approved_by(self, verdict) -> str | None:
        return _person(verdict.approved_by)


class ClaimListSerializer(serializers.ModelSerializer):
    """A claim without its evidence: counts instead, so long lists stay cheap."""

    dismissed = serializers.SerializerMethodField()
    verdict = serializers.SerializerMethodField()
    assignees = serializers.SerializerMethodField()
    citation_count = serializers.IntegerField(read_only=True)
    rating_count = serializers.IntegerField(read_only=True)
    open_gap_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Claim
        fields = [
            "id",
            "article",
            "start",
            "end",
            "text",
            "kind",
            "checkworthiness",
            "attribution",
            "status",
            "dismissed",
            "dismissed_reason",
            "assignees",
            "version",
            "verdict",
            "citation_count",
            "rating_count",
            "open_gap_count",
            "updated_at",
        ]
        read_only_fields = fields

    @extend_schema_field(OpenApiTypes.BOOL)
    def get_dismissed(self, claim) -> bool:
        return claim.is_dismissed

    @extend_schema_field(OpenApiTypes.STR)
    def get_verdict(self, claim) -> str | None:
        """The approved label's slug, or null."""
        verdict = getattr(claim, "verdict", None) if hasattr(claim, "verdict") else None
        return verdict.label.slug if verdict else None

    @extend_schema_field(serializers.ListField(child=serializers.IntegerField()))
    def get_assignees(self, claim) -> list[int]:
        return sorted(user.pk for user in claim.assignees.all())


class SourceSerializer(serializers.ModelSerializer):
    class Meta:
        model = Source
        fields = [
            "id",
            "url",
            "normalized_url",
            "title",
            "publisher",
            "domain",
            "kind",
            "archive_url",
            "link_status",
            "link_checked_at",
            "link_http_status",
            "created_at",
        ]
        read_only_fields = fields


class CitationSerializer(serializers.ModelSerializer):
    source = SourceSerializer(read_only=True)
    added_by = serializers.SerializerMethodField()

    class Meta:
        model = Citation
        fields = [
            "id",
            "claim",
            "source",
            "stance",
            "quote",
            "locator",
            "note",
            "added_by",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields

    @extend_schema_field(OpenApiTypes.STR)
    def get_added_by(self, citation) -> str | None:
        return _person(citation.added_by)


class RatingSerializer(serializers.ModelSerializer):
    label = RatingLabelSerializer(read_only=True)
    reviewer_name = serializers.SerializerMethodField()

    class Meta:
        model = Rating
        fields = [
            "id",
            "claim",
            "reviewer",
            "reviewer_name",
            "label",
            "confidence",
            "rationale",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields

    @extend_schema_field(OpenApiTypes.STR)
    def get_reviewer_name(self, rating) -> str | None:
        return _person(rating.reviewer)


class GapSerializer(serializers.ModelSerializer):
    article = serializers.IntegerField(source="article_id", read_only=True)
    source_title = serializers.SerializerMethodField()
    is_open = serializers.BooleanField(read_only=True)

    class Meta:
        model = SourcingGap
        fields = [
            "id",
            "article",
            "claim",
            "source",
            "source_title",
            "kind",
            "severity",
            "detail",
            "opened_at",
            "last_seen_at",
            "resolved_at",
            "is_open",
        ]
        read_only_fields = fields

    @extend_schema_field(OpenApiTypes.STR)
    def get_source_title(self, gap) -> str | None:
        return gap.source.title if gap.source else None


class OpenGapSerializer(serializers.ModelSerializer):
    class Meta:
        model = SourcingGap
        fields = ["id", "kind", "severity", "detail", "source", "opened_at"]
        read_only_fields = fields


class ClaimDetailSerializer(ClaimListSerializer):
    """A claim with its scoring signals, evidence, ratings, verdict and open gaps."""

    citations = CitationSerializer(many=True, read_only=True)
    ratings = RatingSerializer(many=True, read_only=True)
    verdict = serializers.SerializerMethodField()
    open_gaps = OpenGapSerializer(many=True, read_only=True)

    class Meta(ClaimListSerializer.Meta):
        fields = [
            "id",
            "article",
            "start",
            "end",
            "text",
            "kind",
            "checkworthiness",
            "signals",
            "attribution",
            "status",
            "dismissed",
            "dismissed_reason",
            "dismissed_at",
            "assignees",
            "version",
            "citations",
            "ratings",
            "verdict",
            "open_gaps",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields

    @extend_schema_field(VerdictSerializer(allow_null=True))
    def get_verdict(self, claim) -> dict | None:
        verdict = getattr(claim, "verdict", None) if hasattr(claim, "verdict") else None
        return VerdictSerializer(verdict).data if verdict else None


class ClaimSplitResultSerializer(serializers.Serializer):
    first = ClaimDetailSerializer()
    second = ClaimDetailSerializer()


class ErrorSerializer(serializers.Serializer):
    """How every refused request answers (field errors come as {field: [messages]})."""

    detail = serializers.CharField()
    code = serializers.CharField()


class ConflictSerializer(ErrorSerializer):
    changed_by = serializers.CharField(allow_null=True)
    current_version = serializers.IntegerField(allow_null=True)


# --- input ----------------------------------------------------------------------------


class ArticleCreateSerializer(serializers.Serializer):
    """Either the text (and optional metadata), or only a URL to fetch and import."""

    title = serializers.CharField(required=False, allow_blank=True, max_length=500)
    text = serializers.CharField(
        required=False, allow_blank=False, trim_whitespace=False
    )
    url = serializers.URLField(required=False, allow_blank=True, max_length=2000)
    publisher = serializers.CharField(required=False, allow_blank=True, max_length=300)
    byline = serializers.CharField(required=False, allow_blank=True, max_length=300)
    published_on = serializers.DateField(required=False, allow_null=True)
    language = serializers.CharField(required=False, allow_blank=True, max_length=16)

    def validate(self, data):
        if not data.get("text") and not data.get("url"):
            raise serializers.ValidationError(
                {"text": ["Send the article text, or a url to import it from."]}
            )
        return data


class ClaimCreateSerializer(serializers.Serializer):
    article = serializers.PrimaryKeyRelatedField(queryset=Article.objects.only("pk"))
    start = serializers.IntegerField(min_value=0, max_value=OFFSET_MAX)
    end = serializers.IntegerField(min_value=1, max_value=OFFSET_MAX)


class VersionSerializer(serializers.Serializer):
    version = serializers.IntegerField(
        min_value=1,
        help_text="The claim's version you last read; a stale one is refused with 409.",
    )


class ReboundSerializer(VersionSerializer):
    start = serializers.IntegerField(min_value=0, max_value=OFFSET_MAX)
    end = serializers.IntegerField(min_value=1, max_value=OFFSET_MAX)


class SplitSerializer(VersionSerializer):
    at = serializers.IntegerField(
        min_value=1, max_value=OFFSET_MAX, help_text="Body offset to split at."
    )


class DismissSerializer(VersionSerializer):
    reason = serializers.CharField(max_length=500)


class KindSerializer(VersionSerializer):
    kind = serializers.ChoiceField(Claim.Kind.choices)


class AssignSerializer(VersionSerializer):
    assignees = serializers.PrimaryKeyRelatedField(
        many=True, queryset=User.objects.filter(is_active=True), allow_empty=True
    )


class SourceCreateSerializer(serializers.Serializer):
    url = serializers.URLField(required=False, allow_blank=True, max_length=2000)
    title = serializers.CharField(required=False, allow_blank=True, max_length=500)
    publisher = serializers.CharField(required=False, allow_blank=True, max_length=300)
    kind = serializers.ChoiceField(SourceKind.choices, default=SourceKind.OTHER)
    archive_url = serializers.URLField(
        required=False, allow_blank=True, max_length=2000
    )


class CitationUpdateSerializer(serializers.Serializer):
    """Fields to change; `updated_at` (as last read) refuses a stale change with 409."""

    stance = serializers.ChoiceField(Stance.choices, required=False)
    quote = serializers.CharField(required=False, allow_blank=True)
    locator = serializers.CharField(required=False, allow_blank=True, max_length=200)
    note = serializers.CharField(required=False, allow_blank=True)
    updated_at = serializers.DateTimeField(required=False)


class CitationCreateSerializer(serializers.Serializer):
    """Cite an existing source by id, or describe one by URL (reused if known)."""

    claim = serializers.PrimaryKeyRelatedField(queryset=Claim.objects.all())
    source = serializers.PrimaryKeyRelatedField(
        queryset=Source.objects.all(), required=False, allow_null=True
    )
    source_url = serializers.URLField(required=False, allow_blank=True, max_length=2000)
    source_title = serializers.CharField(
        required=False, allow_blank=True, max_length=500
    )
    source_publisher = serializers.CharField(
        required=False, allow_blank=True, max_length=300
    )
    source_kind = serializers.ChoiceField(SourceKind.choices, default=SourceKind.OTHER)
    stance = serializers.ChoiceField(Stance.choices)
    quote = serializers.CharField(required=False, allow_blank=True)
    locator = serializers.CharField(required=False, allow_blank=True, max_length=200)
    note = serializers.CharField(required=False, allow_blank=True)

    def validate(self, data):
        has_source = data.get("source") is not None
        described = bool(data.get("source_url") or data.get("source_title"))
        if has_source == described:
            raise serializers.ValidationError(
                {
                    "source": [
                        "Give either a source id, or a source_url (and source_title)."
                    ]
                }
            )
        return data


class RatingSetSerializer(serializers.Serializer):
    claim = serializers.PrimaryKeyRelatedField(queryset=Claim.objects.all())
    label = serializers.SlugRelatedField(
        slug_field="slug",
        queryset=RatingLabel.objects.filter(scale__is_default=True),
        help_text="A label slug from /api/v1/rating-labels/.",
    )
    confidence = serializers.ChoiceField(Confidence.choices, default=Confidence.MEDIUM)
    rationale = serializers.CharField(required=False, allow_blank=True)
