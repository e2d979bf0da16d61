"""What the API reads and writes. Output serializers shape rows the selectors load;
input serializers only check types and ranges: the rules live in the services."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.utils.translation import gettext, gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from annotations import agreement, limits, selectors
from annotations.models import (
    Article,
    Citation,
    Claim,
    Comment,
    Confidence,
    Notification,
    Rating,
    RatingLabel,
    RatingScale,
    Source,
    SourceKind,
    SourcingGap,
    Stance,
    Verdict,
)
from annotations.public_fields import internal, published
from annotations.wording import person_name
from annotations.workflow import ArticleState

User = get_user_model()


def _person(user) -> str | None:
    return person_name(user) or None


# The largest value a PositiveIntegerField holds everywhere; offsets past the body's
# end are the service's to refuse, with the body's length in the message.
OFFSET_MAX = 2_147_483_647

# A person's name, a title...: text, or null where there is none.
NULLABLE_TEXT = serializers.CharField(allow_null=True)


# --- output ---------------------------------------------------------------------------


class ArticleListSerializer(serializers.ModelSerializer):
    """An article with its review progress, as the dashboard shows it."""

    state = serializers.SerializerMethodField()
    state_label = serializers.SerializerMethodField()
    claim_count = serializers.IntegerField(read_only=True)
    segment_count = serializers.IntegerField(read_only=True)
    approved_count = serializers.IntegerField(read_only=True)
    submitted_count = serializers.IntegerField(read_only=True)
    dismissed_count = serializers.IntegerField(read_only=True)
    rated_count = serializers.IntegerField(read_only=True)
    open_gap_count = serializers.IntegerField(read_only=True)
    checkworthy_count = serializers.IntegerField(
        read_only=True, help_text="Live claims at or above the check-worthy threshold."
    )
    checkworthy_approved_count = serializers.IntegerField(read_only=True)

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
            "state_label",
            "claim_count",
            "segment_count",
            "approved_count",
            "submitted_count",
            "dismissed_count",
            "rated_count",
            "open_gap_count",
            "checkworthy_count",
            "checkworthy_approved_count",
            "blind_review",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.ChoiceField([str(s) for s in ArticleState]))
    def get_state(self, article) -> str:
        return selectors.article_state(article)

    @extend_schema_field(
        serializers.CharField(help_text="The state in words, as every page shows it.")
    )
    def get_state_label(self, article) -> str:
        return selectors.article_state(article).label


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


class RatingScaleSerializer(serializers.ModelSerializer):
    class Meta:
        model = RatingScale
        fields = ["slug", "name", "is_default"]
        read_only_fields = fields


class DeskRatingLabelSerializer(RatingLabelSerializer):
    """A label as a desk offers it: with its scale and the desks that rate on it."""

    scale = RatingScaleSerializer(read_only=True)
    workspaces = serializers.ListField(
        source="desks_using",
        child=serializers.CharField(),
        read_only=True,
        help_text="The slugs of the caller's desks that rate on this label's scale",
    )

    class Meta(RatingLabelSerializer.Meta):
        fields = [*RatingLabelSerializer.Meta.fields, "scale", "workspaces"]
        read_only_fields = fields


class VerdictSerializer(serializers.ModelSerializer):
    label = RatingLabelSerializer(read_only=True)
    approved_by = serializers.SerializerMethodField()

    class Meta:
        model = Verdict
        fields = [
            "label",
            "explanation",
            "claim_as_checked",
            "approved_by",
            "approved_at",
            "gap_override_reason",
            "gap_override_kinds",
            "two_person_override_reason",
        ]
        read_only_fields = fields

    @extend_schema_field(NULLABLE_TEXT)
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

    @extend_schema_field(NULLABLE_TEXT)
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

    @extend_schema_field(NULLABLE_TEXT)
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
            "submitted_at",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields

    @extend_schema_field(NULLABLE_TEXT)
    def get_reviewer_name(self, rating) -> str | None:
        return _person(rating.reviewer)


class GapDetailFields(serializers.Serializer):
    """A gap's detail in the request's language, with the message id and
    parameters it is said from (docs/I18N.md). The fields only: a gap serializer
    is this and a ModelSerializer."""

    detail = serializers.CharField(
        source="said_detail",
        read_only=True,
        help_text="The gap in words, in the request's language (Accept-Language).",
    )
    detail_code = serializers.CharField(
        read_only=True,
        help_text=(
            "The message id of `detail` (no_source, single_source, dead_link, ...); "
            "empty for a gap recorded before ids, whose detail is English."
        ),
    )
    detail_params = serializers.DictField(
        read_only=True,
        help_text="The values placed into the message (count, url, outlet, ...).",
    )


class GapSerializer(GapDetailFields, serializers.ModelSerializer):
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
            "detail_code",
            "detail_params",
            "opened_at",
            "last_seen_at",
            "resolved_at",
            "is_open",
        ]
        read_only_fields = fields

    @extend_schema_field(NULLABLE_TEXT)
    def get_source_title(self, gap) -> str | None:
        return gap.source.title if gap.source else None


class OpenGapSerializer(GapDetailFields, serializers.ModelSerializer):
    class Meta:
        model = SourcingGap
        fields = [
            "id",
            "kind",
            "severity",
            "detail",
            "detail_code",
            "detail_params",
            "source",
            "opened_at",
        ]
        read_only_fields = fields


class AgreementSerializer(serializers.Serializer):
    raters = serializers.IntegerField()
    labels = serializers.ListField(child=serializers.CharField())
    spread = serializers.IntegerField(
        allow_null=True, help_text="Max minus min ordinal of the reviewers' labels."
    )
    agree = serializers.BooleanField(allow_null=True)
    summary = serializers.CharField()


class ClaimDetailSerializer(ClaimListSerializer):
    """A claim with its scoring signals, evidence, ratings, verdict and open gaps.

    With blind review on, a reviewer who has not submitted their own rating sees
    only their own (`hidden_ratings` says how many others there are).
    """

    citations = CitationSerializer(many=True, read_only=True)
    ratings = serializers.SerializerMethodField()
    hidden_ratings = serializers.SerializerMethodField()
    agreement = serializers.SerializerMethodField()
    verdict = serializers.SerializerMethodField()
    open_gaps = OpenGapSerializer(many=True, read_only=True)
    submitted_by = serializers.SerializerMethodField()

    # The claim comes from `selectors.claim_detail(viewer=...)` or the review queue:
    # its prefetched ratings are those the viewer may read (blind review applied by
    # the policy there), and `rating_count` counts them all.
    @extend_schema_field(RatingSerializer(many=True))
    def get_ratings(self, claim) -> list[dict]:
        return RatingSerializer(claim.ratings.all(), many=True).data

    @extend_schema_field(OpenApiTypes.INT)
    def get_hidden_ratings(self, claim) -> int:
        return selectors.hidden_rating_count(claim)

    @extend_schema_field(AgreementSerializer(allow_null=True))
    def get_agreement(self, claim) -> dict | None:
        if selectors.hidden_rating_count(claim):
            return None
        result = agreement.claim_agreement(
            [(r.label.name, r.label.ordinal) for r in claim.ratings.all()]
        )
        return {
            "raters": result.raters,
            "labels": list(result.labels),
            "spread": result.spread,
            "agree": result.agree,
            "summary": result.summary,
        }

    @extend_schema_field(NULLABLE_TEXT)
    def get_submitted_by(self, claim) -> str | None:
        return _person(claim.submitted_by)

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
            "hidden_ratings",
            "agreement",
            "verdict",
            "open_gaps",
            "submitted_at",
            "submitted_by",
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

TRACKING_NOTE = "Tracking parameters (utm_…, fbclid, …) are left out."


def optional_text(
    max_length: int | None = None, *, note: str = "", shown: bool = True
) -> serializers.CharField:
    """A text field a client may leave out or blank, within its length limit (none:
    the service's own); its help says whether the published report shows it."""
    limit = {"max_length": max_length} if max_length is not None else {}
    return serializers.CharField(
        required=False,
        allow_blank=True,
        help_text=published(note) if shown else internal(note),
        **limit,
    )


def optional_url(*, note: str = TRACKING_NOTE) -> serializers.URLField:
    """A URL a client may leave out or blank, within the URL limit; published."""
    return serializers.URLField(
        required=False,
        allow_blank=True,
        max_length=limits.URL_MAX,
        help_text=published(note),
    )


class ArticleCreateSerializer(serializers.Serializer):
    """Either the text (and optional metadata), or only a URL to fetch and import."""

    title = optional_text(limits.TITLE_MAX)
    text = serializers.CharField(
        required=False,
        allow_blank=False,
        trim_whitespace=False,
        help_text=published("The article as published: the body claims anchor in."),
    )
    url = optional_url()
    publisher = optional_text(limits.PUBLISHER_MAX)
    byline = optional_text(limits.BYLINE_MAX)
    published_on = serializers.DateField(
        required=False, allow_null=True, help_text=published()
    )
    language = optional_text(limits.LANGUAGE_MAX)
    allow_duplicate = serializers.BooleanField(
        required=False,
        default=False,
        help_text="Import even when an article with the same normalized URL or the "
        "same text is already on the desk (otherwise that is refused with 409).",
    )

    def validate(self, data):
        if not data.get("text") and not data.get("url"):
            raise serializers.ValidationError(
                {
                    "text": [
                        gettext("Send the article text, or a url to import it from.")
                    ]
                }
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
    reason = serializers.CharField(max_length=limits.DISMISS_REASON_MAX)


class AttributionSerializer(VersionSerializer):
    attribution = serializers.CharField(
        max_length=limits.ATTRIBUTION_MAX,
        allow_blank=True,
        help_text=published("Empty when nobody is named."),
    )


class KindSerializer(VersionSerializer):
    kind = serializers.ChoiceField(Claim.Kind.choices)


class AssignSerializer(VersionSerializer):
    assignees = serializers.PrimaryKeyRelatedField(
        many=True, queryset=User.objects.filter(is_active=True), allow_empty=True
    )


class SourceCreateSerializer(serializers.Serializer):
    url = optional_url()
    title = optional_text(limits.TITLE_MAX)
    publisher = optional_text(limits.PUBLISHER_MAX)
    kind = serializers.ChoiceField(SourceKind.choices, default=SourceKind.OTHER)
    archive_url = optional_url(note="")


class CitationUpdateSerializer(serializers.Serializer):
    """Fields to change, and `updated_at` as last read (a stale one is a 409)."""

    stance = serializers.ChoiceField(Stance.choices, required=False)
    quote = optional_text()
    locator = optional_text(limits.LOCATOR_MAX)
    note = optional_text(shown=False)
    updated_at = serializers.DateTimeField(
        help_text="The citation's updated_at as you read it (required)."
    )


class CitationCreateSerializer(serializers.Serializer):
    """Cite an existing source by id, or describe one by URL (reused if known)."""

    claim = serializers.PrimaryKeyRelatedField(queryset=Claim.objects.all())
    source = serializers.PrimaryKeyRelatedField(
        queryset=Source.objects.all(), required=False, allow_null=True
    )
    source_url = optional_url()
    source_title = optional_text(limits.TITLE_MAX)
    source_publisher = optional_text(limits.PUBLISHER_MAX)
    source_kind = serializers.ChoiceField(SourceKind.choices, default=SourceKind.OTHER)
    stance = serializers.ChoiceField(Stance.choices)
    quote = optional_text()
    locator = optional_text(limits.LOCATOR_MAX)
    note = optional_text(shown=False)

    def validate(self, data):
        has_source = data.get("source") is not None
        described = bool(data.get("source_url") or data.get("source_title"))
        if has_source == described:
            raise serializers.ValidationError(
                {
                    "source": [
                        gettext(
                            "Give either a source id, or a source_url (and "
                            "source_title)."
                        )
                    ]
                }
            )
        return data


class CitationUploadSerializer(serializers.Serializer):
    """Cite an uploaded evidence file (multipart/form-data) as a new source."""

    claim = serializers.PrimaryKeyRelatedField(queryset=Claim.objects.all())
    file = serializers.FileField(
        allow_empty_file=True,
        use_url=False,
        help_text=gettext_lazy(
            "A PDF, PNG, JPEG, WebP or UTF-8 plain text (.txt) file; its type is "
            "read from its bytes and must match its name's extension "
            '(docs/EVIDENCE.md, "Uploads").'
        ),
    )
    source_title = optional_text(limits.TITLE_MAX, note="Else the file's name.")
    source_publisher = optional_text(limits.PUBLISHER_MAX)
    source_kind = serializers.ChoiceField(SourceKind.choices, default=SourceKind.OTHER)
    stance = serializers.ChoiceField(Stance.choices)
    quote = optional_text()
    locator = optional_text(limits.LOCATOR_MAX)
    note = optional_text(shown=False)


def _known_label(slug: str) -> str:
    """A label slug some rating scale has; the service then takes it from the
    claim's desk's scale (400 when that scale has no such label)."""
    if not RatingLabel.objects.filter(slug=slug).exists():
        raise serializers.ValidationError(
            gettext("Unknown label %(label)r: use a label of the rating scale.")
            % {"label": slug[: limits.QUOTED_TEXT_MAX]}
        )
    return slug


class RatingSetSerializer(serializers.Serializer):
    claim = serializers.PrimaryKeyRelatedField(queryset=Claim.objects.all())
    # A slug of the claim's desk's scale: slugs are unique per scale only, so the
    # service finds it in the right one (docs/DESKS.md).
    label = serializers.SlugField(
        help_text="A label slug of the claim's desk's rating scale "
        "(/api/v1/rating-labels/ for the default scale).",
    )
    confidence = serializers.ChoiceField(Confidence.choices, default=Confidence.MEDIUM)
    rationale = optional_text(shown=False)

    def validate_label(self, value: str) -> str:
        return _known_label(value)


class ApproveSerializer(VersionSerializer):
    label = serializers.SlugField(
        help_text="The verdict: a label slug of the claim's desk's rating scale "
        "(/api/v1/rating-labels/ for the default scale).",
    )

    def validate_label(self, value: str) -> str:
        return _known_label(value)

    explanation = serializers.CharField(
        max_length=limits.EXPLANATION_MAX,
        help_text=published("What the evidence shows, beside the verdict."),
    )
    claim_as_checked = optional_text(
        limits.CLAIM_AS_CHECKED_MAX,
        note=f"The claim in a short sentence, for ClaimReview's claimReviewed "
        f"({limits.CLAIM_AS_CHECKED_ADVISED} characters or fewer advised); "
        "left out or blank, the report uses the claim's own text.",
    )
    gap_override_reason = optional_text(
        limits.REASON_MAX,
        note="Needed to approve while a blocking sourcing gap is open; readers see it "
        "with the verdict.",
    )
    two_person_override_reason = optional_text(
        limits.REASON_MAX,
        note="Admins only: needed to approve a claim you rated or submitted.",
    )


class ReturnSerializer(VersionSerializer):
    comment = serializers.CharField(
        max_length=limits.COMMENT_MAX, help_text="What the reviewers should fix."
    )


class ReopenSerializer(VersionSerializer):
    reason = serializers.CharField(max_length=limits.REASON_MAX)


class CommentSerializer(serializers.ModelSerializer):
    author = serializers.SerializerMethodField()
    mentions = serializers.SerializerMethodField()

    class Meta:
        model = Comment
        fields = ["id", "claim", "kind", "author", "body", "mentions", "created_at"]
        read_only_fields = fields

    @extend_schema_field(NULLABLE_TEXT)
    def get_author(self, comment) -> str | None:
        return _person(comment.author)

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_mentions(self, comment) -> list[str]:
        return sorted(user.get_username() for user in comment.mentions.all())


class CommentCreateSerializer(serializers.Serializer):
    claim = serializers.PrimaryKeyRelatedField(queryset=Claim.objects.only("pk"))
    body = serializers.CharField(
        max_length=limits.COMMENT_MAX,
        help_text="Plain text; @username notifies that person.",
    )


class ClaimCommentSerializer(serializers.Serializer):
    body = serializers.CharField(
        max_length=limits.COMMENT_MAX,
        help_text="Plain text; @username notifies that person.",
    )


class ChangeSerializer(serializers.Serializer):
    field = serializers.CharField()
    before = serializers.CharField()
    after = serializers.CharField()


class TimelineEntrySerializer(serializers.Serializer):
    when = serializers.DateTimeField()
    who = serializers.CharField()
    subject = serializers.ChoiceField(
        ["claim", "citation", "rating", "verdict", "comment"]
    )
    action = serializers.CharField()
    claim_id = serializers.IntegerField()
    changes = ChangeSerializer(many=True)
    text = serializers.CharField()


class QueueItemSerializer(ClaimDetailSerializer):
    """A submitted claim as the editors' queue shows it."""

    article_title = serializers.CharField(source="article.title", read_only=True)
    blocking_gap_count = serializers.IntegerField(read_only=True)
    label_count = serializers.IntegerField(read_only=True)
    ordinal_spread = serializers.IntegerField(read_only=True)
    relative_spread = serializers.FloatField(
        read_only=True,
        help_text="The ordinal spread as a share of the claim's scale, 0 to 1: what "
        "sort=disagreement orders by after the number of distinct labels.",
    )

    class Meta(ClaimDetailSerializer.Meta):
        fields = [
            *ClaimDetailSerializer.Meta.fields,
            "article_title",
            "blocking_gap_count",
            "label_count",
            "ordinal_spread",
            "relative_spread",
        ]
        read_only_fields = fields


class AlphaSerializer(serializers.Serializer):
    value = serializers.FloatField(
        allow_null=True,
        help_text="Krippendorff's alpha (ordinal); null below the minimum of claims "
        "rated by two or more reviewers, or with no variation (see `reason`).",
    )
    units = serializers.IntegerField(help_text="Claims rated by two or more.")
    ratings = serializers.IntegerField()
    reviewers = serializers.IntegerField()
    reading = serializers.CharField(
        help_text="What the figure means, in the request's language."
    )
    reading_code = serializers.ChoiceField(
        choices=[
            "reliable",
            "tentative",
            "low",
            "not_enough",
            "no_variation",
            "several_scales",
        ],
        help_text="The same, as a stable code for programs.",
    )
    reason = serializers.CharField(
        allow_blank=True,
        help_text="Why `value` is null, in words (the request's language); empty "
        "otherwise.",
    )
    ratings_needed = serializers.IntegerField(
        help_text="The fewest more ratings before alpha is measured (0 once it is)."
    )


class ArticleAgreementSerializer(serializers.Serializer):
    article_id = serializers.IntegerField()
    title = serializers.CharField()
    alpha = AlphaSerializer()
    claims_rated = serializers.IntegerField()
    claims_disagreeing = serializers.IntegerField()


class ScaleAgreementSerializer(serializers.Serializer):
    slug = serializers.CharField()
    name = serializers.CharField()
    alpha = AlphaSerializer()


class DeskAgreementSerializer(serializers.Serializer):
    desk = AlphaSerializer(
        help_text="Over all the ratings counted. Ratings on different rating scales "
        "are never pooled: over several scales `value` is null and `reason` says "
        "so; read `scales`."
    )
    scales = ScaleAgreementSerializer(
        many=True,
        help_text="Each rating scale's figure, by name: each rating is measured on "
        "its label's scale, the one its desk rated on.",
    )
    articles = ArticleAgreementSerializer(many=True)
    ratings = serializers.IntegerField()
    reviewers = serializers.IntegerField()


class NotificationSerializer(serializers.ModelSerializer):
    actor = serializers.SerializerMethodField()

    class Meta:
        model = Notification
        fields = ["id", "kind", "text", "claim", "actor", "created_at", "read_at"]
        read_only_fields = fields

    @extend_schema_field(NULLABLE_TEXT)
    def get_actor(self, notification) -> str | None:
        return _person(notification.actor)


class NotificationReadSerializer(serializers.Serializer):
    ids = serializers.ListField(
        child=serializers.IntegerField(min_value=1),
        required=False,
        max_length=limits.NOTIFICATION_IDS_MAX,
        help_text="The notifications to mark read; all of yours when left out.",
    )


class BlindReviewSerializer(serializers.Serializer):
    blind_review = serializers.BooleanField()


class ArticleLanguageSerializer(serializers.Serializer):
    language = serializers.CharField(
        max_length=limits.LANGUAGE_WRITTEN_MAX,
        help_text="A BCP 47 language tag (en, es, ar, pt-BR); stored normalised. "
        "The article is not split again: its segments keep their kinds and "
        "speakers, and claims made from now on follow the new language.",
    )


class WorkspaceSerializer(serializers.Serializer):
    """One of the caller's desks and the role they hold in it."""

    id = serializers.IntegerField(source="desk.pk", read_only=True)
    slug = serializers.CharField(source="desk.slug", read_only=True)
    name = serializers.CharField(source="desk.name", read_only=True)
    role = serializers.ChoiceField(
        choices=["reviewer", "editor", "admin"],
        read_only=True,
        help_text="admin: a desk admin (or an instance admin, admin of every desk)",
    )
