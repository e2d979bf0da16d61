"""The fact-check domain: articles, their claims, sources, citations, ratings, verdicts.

Models hold fields, constraints and tiny properties. Every write goes through
`annotations.services`; reads that pages and the API share live in `selectors`.
"""

from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.db import models
from django.db.models import Q
from django.db.models.functions import Coalesce
from django.dispatch import receiver
from django.utils.translation import gettext_lazy
from simple_history.models import HistoricalRecords

from annotations import limits
from annotations.sourcing import details as gap_details
from annotations.sourcing import gaps


class Workspace(models.Model):
    """A desk: its own members with their roles, and its own articles (docs/DESKS.md).

    `settings` holds the per-desk choices that later slices add (rating scale, gap
    thresholds, the report's organisation); it is empty until then and only ever a
    JSON object (`clean`).
    """

    name = models.CharField(max_length=limits.WORKSPACE_NAME_MAX)
    slug = models.SlugField(max_length=limits.WORKSPACE_SLUG_MAX, unique=True)
    settings = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name

    def clean(self):
        from django.core.exceptions import ValidationError

        if not isinstance(self.settings, dict):
            raise ValidationError({"settings": "A desk's settings are a JSON object."})


# The first desk: where a single-desk instance keeps everything, and where an
# article made without naming a desk (fixtures, a shell) goes.
FIRST_WORKSPACE_SLUG = "desk"
FIRST_WORKSPACE_NAME = "Newsroom"


def first_workspace() -> "Workspace | None":
    """The instance's first desk (the oldest); None only on an emptied database."""
    return Workspace.objects.order_by("pk").first()


class WorkspaceRole(models.TextChoices):
    REVIEWER = "reviewer", gettext_lazy("Reviewer")
    EDITOR = "editor", gettext_lazy("Editor")
    ADMIN = "admin", gettext_lazy("Desk admin")


class Membership(models.Model):
    """A person's role in one desk; one row per (desk, person)."""

    workspace = models.ForeignKey(
        Workspace, on_delete=models.CASCADE, related_name="memberships"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(max_length=16, choices=WorkspaceRole.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["workspace", "user"], name="membership_once_per_desk"
            )
        ]

    def __str__(self) -> str:
        return f"user #{self.user_id}: {self.role} of {self.workspace_id}"


class Invitation(models.Model):
    """A desk admin's invitation to join a desk with a role (docs/DESKS.md). The link
    carries a random key; only its sha256 is stored, so a copied database hands out
    no working invitations. Used once: accepted, revoked or past `expires_at`, it
    opens nothing."""

    workspace = models.ForeignKey(
        Workspace, on_delete=models.CASCADE, related_name="invitations"
    )
    email = models.EmailField(max_length=limits.EMAIL_MAX)
    role = models.CharField(max_length=16, choices=WorkspaceRole.choices)
    token_digest = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="invitations_sent",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="invitations_accepted",
    )
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(
                fields=["workspace", "expires_at"],
                condition=Q(accepted_at__isnull=True, revoked_at__isnull=True),
                name="invitation_pending_idx",
            )
        ]

    def __str__(self) -> str:
        return f"invitation #{self.pk} to {self.workspace_id} as {self.role}"


class Article(models.Model):
    workspace = models.ForeignKey(
        Workspace, on_delete=models.PROTECT, related_name="articles"
    )
    title = models.CharField(max_length=limits.TITLE_MAX)
    url = models.URLField(max_length=limits.URL_MAX, blank=True)
    # Duplicate-import detection (services.articles): the URL in its normalized form
    # (annotations.sources.normalize_url) and a digest of the body with white space
    # collapsed and case folded (annotations.extraction.ingest.body_fingerprint).
    normalized_url = models.CharField(
        max_length=limits.URL_MAX, blank=True, editable=False
    )
    body_fingerprint = models.CharField(max_length=64, blank=True, editable=False)
    publisher = models.CharField(max_length=limits.PUBLISHER_MAX, blank=True)
    byline = models.CharField(max_length=limits.BYLINE_MAX, blank=True)
    published_on = models.DateField(null=True, blank=True)
    language = models.CharField(max_length=limits.LANGUAGE_MAX, default="en")
    # The exact text claims anchor into: never rewritten once claims exist.
    body = models.TextField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    published_at = models.DateTimeField(null=True, blank=True)
    # Blind review: a reviewer sees the others' ratings of a claim only once their own
    # rating of it is submitted, so the first rating does not anchor the second.
    blind_review = models.BooleanField(default=False)
    history = HistoricalRecords(
        excluded_fields=["body", "normalized_url", "body_fingerprint"]
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["-created_at"], name="article_created_idx"),
            models.Index(
                fields=["normalized_url"],
                condition=~Q(normalized_url=""),
                name="article_normalized_url_idx",
            ),
            models.Index(fields=["body_fingerprint"], name="article_fingerprint_idx"),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        # The services always name the desk; anything else that makes an article
        # (fixtures, a shell) gets the first one, as a single-desk instance would.
        if self.workspace_id is None:
            self.workspace = first_workspace()
        super().save(*args, **kwargs)


class ClaimStatus(models.TextChoices):
    OPEN = "open", gettext_lazy("Open")
    IN_PROGRESS = "in_progress", gettext_lazy("In progress")
    SUBMITTED = "submitted", gettext_lazy("Submitted for review")
    RETURNED = "returned", gettext_lazy("Returned")
    APPROVED = "approved", gettext_lazy("Approved")


class Claim(models.Model):
    """A span of an article's body: `article.body[start:end] == text`, always."""

    # Mirrors annotations.extraction.splitting.Kind (a test keeps them equal); spelled
    # out here so migrations do not depend on the splitter.
    class Kind(models.TextChoices):
        CLAIM = "claim", gettext_lazy("Claim")
        HEADLINE = "headline", gettext_lazy("Headline")
        CAPTION = "caption", gettext_lazy("Caption")
        CREDIT = "credit", gettext_lazy("Credit")
        DATELINE = "dateline", gettext_lazy("Dateline")
        QUESTION = "question", gettext_lazy("Question")
        QUOTE = "quote", gettext_lazy("Quote")
        OPINION = "opinion", gettext_lazy("Opinion")
        BYLINE = "byline", gettext_lazy("Byline")
        TIMESTAMP = "timestamp", gettext_lazy("Time stamp")
        FOOTER = "footer", gettext_lazy("Footer")
        LEAD_IN = "lead_in", gettext_lazy("List lead-in")

    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="claims"
    )
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    # A copy of body[start:end] so lists and search need not load the whole body;
    # only services write it, always from the body.
    text = models.TextField()
    kind = models.CharField(max_length=16, choices=Kind.choices, default=Kind.CLAIM)
    checkworthiness = models.FloatField(default=0.0)
    signals = models.JSONField(default=list, blank=True)
    attribution = models.CharField(max_length=limits.ATTRIBUTION_MAX, blank=True)
    status = models.CharField(
        max_length=16, choices=ClaimStatus.choices, default=ClaimStatus.OPEN
    )
    assignees = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="assigned_claims"
    )
    dismissed_reason = models.CharField(
        max_length=limits.DISMISS_REASON_MAX, blank=True
    )
    dismissed_at = models.DateTimeField(null=True, blank=True)
    # When the last required rating was submitted and by whom: the editors' queue
    # sorts by the first, the two-person rule reads the second.
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Optimistic locking: every write bumps it; a write with a stale value is refused.
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Assignees are part of each history record, so the timeline shows assignments.
    history = HistoricalRecords(m2m_fields=[assignees])

    class Meta:
        ordering = ["article", "start"]
        constraints = [
            models.CheckConstraint(
                condition=Q(start__lt=models.F("end")), name="claim_start_before_end"
            ),
            models.CheckConstraint(
                condition=Q(start__gte=0), name="claim_start_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(checkworthiness__gte=0) & Q(checkworthiness__lte=1),
                name="claim_checkworthiness_0_1",
            ),
            models.CheckConstraint(
                condition=Q(dismissed_at__isnull=True) | ~Q(dismissed_reason=""),
                name="claim_dismissal_has_reason",
            ),
            # Claims never overlap, so no two can start at the same offset.
            models.UniqueConstraint(
                fields=["article", "start"], name="claim_unique_start"
            ),
        ]
        indexes = [
            models.Index(fields=["status"], name="claim_status_idx"),
            models.Index(
                fields=["submitted_at"],
                condition=Q(status="submitted"),
                name="claim_submitted_idx",
            ),
            models.Index(fields=["kind", "checkworthiness"], name="claim_kind_cw_idx"),
        ]

    def __str__(self) -> str:
        text = self.text if len(self.text) <= 80 else self.text[:77] + "…"
        return f"#{self.pk} {text}"

    @property
    def is_dismissed(self) -> bool:
        return self.dismissed_at is not None

    @property
    def is_claim(self) -> bool:
        return self.kind == self.Kind.CLAIM


class SourceKind(models.TextChoices):
    PRIMARY = "primary", gettext_lazy("Primary document")
    OFFICIAL = "official", gettext_lazy("Official statement")
    DATASET = "dataset", gettext_lazy("Data set")
    NEWS = "news", gettext_lazy("News report")
    EXPERT = "expert", gettext_lazy("Expert")
    ACADEMIC = "academic", gettext_lazy("Academic")
    OTHER = "other", gettext_lazy("Other")


class LinkStatus(models.TextChoices):
    UNCHECKED = "unchecked", gettext_lazy("Not checked yet")
    ALIVE = "alive", gettext_lazy("Alive")
    FAILING = "failing", gettext_lazy("Failed once")
    DEAD = "dead", gettext_lazy("Dead")


class Source(models.Model):
    """One real document, reused by every claim that cites it."""

    url = models.URLField(max_length=limits.URL_MAX, blank=True)
    # Lower-case host, no fragment, no tracking parameters: one document, one row.
    normalized_url = models.CharField(max_length=limits.URL_MAX, blank=True)
    title = models.CharField(max_length=limits.TITLE_MAX)
    publisher = models.CharField(max_length=limits.PUBLISHER_MAX, blank=True)
    domain = models.CharField(
        max_length=255, blank=True, help_text=gettext_lazy("Registrable domain")
    )
    kind = models.CharField(
        max_length=16, choices=SourceKind.choices, default=SourceKind.OTHER
    )
    archive_url = models.URLField(max_length=limits.URL_MAX, blank=True)
    link_status = models.CharField(
        max_length=16, choices=LinkStatus.choices, default=LinkStatus.UNCHECKED
    )
    link_checked_at = models.DateTimeField(null=True, blank=True)
    link_http_status = models.PositiveSmallIntegerField(null=True, blank=True)
    link_final_url = models.CharField(max_length=limits.URL_MAX, blank=True)
    link_error = models.CharField(max_length=limits.LINK_ERROR_MAX, blank=True)
    link_failures = models.PositiveSmallIntegerField(default=0)
    link_elapsed_ms = models.PositiveIntegerField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(
        excluded_fields=[
            "link_checked_at",
            "link_http_status",
            "link_final_url",
            "link_error",
            "link_failures",
            "link_elapsed_ms",
        ]
    )

    class Meta:
        ordering = ["title", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["normalized_url"],
                condition=~Q(normalized_url=""),
                name="source_unique_normalized_url",
            ),
        ]
        indexes = [
            models.Index(fields=["domain"], name="source_domain_idx"),
            models.Index(fields=["link_status"], name="source_link_status_idx"),
        ]

    def __str__(self) -> str:
        return self.title


class Stance(models.TextChoices):
    SUPPORTS = "supports", gettext_lazy("Supports")
    REFUTES = "refutes", gettext_lazy("Refutes")
    CONTEXT = "context", gettext_lazy("Context")


class Citation(models.Model):
    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="citations")
    source = models.ForeignKey(
        Source, on_delete=models.PROTECT, related_name="citations"
    )
    stance = models.CharField(max_length=16, choices=Stance.choices)
    quote = models.TextField(blank=True)
    locator = models.CharField(
        max_length=limits.LOCATOR_MAX,
        blank=True,
        help_text=gettext_lazy("Page, paragraph or timestamp"),
    )
    note = models.TextField(blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["claim", "created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["claim", "source"], name="citation_unique_claim_source"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.source} {self.stance} claim #{self.claim_id}"


class CaptureOrigin(models.TextChoices):
    FETCHED = "fetched", gettext_lazy("Fetched from the web")
    UPLOADED = "uploaded", gettext_lazy("Uploaded file")


class CaptureState(models.TextChoices):
    PENDING = "pending", gettext_lazy("Waiting to be captured")
    CAPTURED = "captured", gettext_lazy("Captured")
    FAILED = "failed", gettext_lazy("Capture failed")


class JobBookkeeping(models.Model):
    """The bookkeeping of a row that a worker does in the background
    (annotations/jobs.py): when its message last went out (unset: never, the broker
    was down), the lease of the worker doing it and the lease's token, which
    changes with every taker so that only the current taker's writes count, and how
    many times a worker took it. Shared by captures, PDF exports and webhook
    deliveries, so the reaper treats them alike."""

    sent_at = models.DateTimeField(null=True, blank=True)
    lease_expires_at = models.DateTimeField(null=True, blank=True)
    lease_token = models.PositiveIntegerField(default=0)
    attempts = models.PositiveSmallIntegerField(default=0)

    class Meta:
        abstract = True


class Capture(JobBookkeeping):
    """A frozen copy of a source as it was when cited: the fetched response kept as a
    web archive (or the file a reviewer uploaded), its extracted text and its hash.
    Rows are written by `annotations.services`; the file is never changed once the
    row is captured (a later capture is a new row)."""

    source = models.ForeignKey(
        Source, on_delete=models.CASCADE, related_name="captures"
    )
    origin = models.CharField(
        max_length=16, choices=CaptureOrigin.choices, default=CaptureOrigin.FETCHED
    )
    state = models.CharField(
        max_length=16, choices=CaptureState.choices, default=CaptureState.PENDING
    )
    # The address asked for (empty for an upload) and where redirects ended.
    url = models.CharField(max_length=limits.URL_MAX, blank=True)
    final_url = models.CharField(max_length=limits.URL_MAX, blank=True)
    http_status = models.PositiveSmallIntegerField(null=True, blank=True)
    content_type = models.CharField(max_length=255, blank=True)
    # The stored file's name in the "captures" storage (STORAGES; files under var/ by
    # default, any Django storage such as an S3-compatible one in production; see
    # docs/EVIDENCE.md): a WARC for a fetched page, the file itself for an upload.
    # A name rather than a FileField, so the storage a deployment picks stays out of
    # migrations; services write and read it through `storages["captures"]`.
    file_path = models.CharField(max_length=500, blank=True)
    file_name = models.CharField(max_length=255, blank=True)
    size_bytes = models.PositiveBigIntegerField(null=True, blank=True)
    # SHA-256 of the captured payload (the response body, or the uploaded file).
    sha256 = models.CharField(max_length=64, blank=True)
    text = models.TextField(blank=True)
    # A public archive's copy (Wayback Save Page Now), when the desk asked for one.
    public_archive_url = models.CharField(max_length=limits.URL_MAX, blank=True)
    error_code = models.CharField(max_length=64, blank=True)
    error = models.CharField(max_length=limits.LINK_ERROR_MAX, blank=True)
    # JobBookkeeping: `sent_at` is when the message that runs it is due at a worker
    # (a retry's, after its backoff); `attempts` counts the runs a worker took.
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    requested_at = models.DateTimeField(auto_now_add=True)
    captured_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["source", "-requested_at", "-id"]
        constraints = [
            # At most one capture in flight per source: a retried or duplicated task
            # finds the pending row instead of starting a second copy.
            models.UniqueConstraint(
                fields=["source"],
                condition=Q(state="pending"),
                name="capture_one_pending_per_source",
            ),
        ]
        indexes = [
            models.Index(fields=["source", "state"], name="capture_source_state_idx"),
        ]

    def __str__(self) -> str:
        return f"capture #{self.pk} of source #{self.source_id} ({self.state})"


class QuoteStatus(models.TextChoices):
    """What the quote check found for a citation's quote (docs/QUOTES.md)."""

    FOUND = "found", gettext_lazy("Found in the capture")
    FUZZY = "fuzzy", gettext_lazy("Approximately found in the capture")
    NOT_FOUND = "not_found", gettext_lazy("Not found in the capture")
    # Found in the capture, but no longer on the live page.
    CHANGED = "changed", gettext_lazy("Changed since capture")
    NO_CAPTURE = "no_capture", gettext_lazy("Not captured yet")
    CAPTURE_FAILED = "capture_failed", gettext_lazy("Capture failed")


class QuoteCheck(models.Model):
    """Whether a citation's quote is in its source's newest captured capture, kept
    per citation that quotes something and rewritten by `annotations.services.quotes`
    (a new capture, an edited quote, the link checker's look at the live page).

    `capture` is the capture checked against: the newest captured one, else the
    failed one that says why there is none. `start`/`end` are the matched span of
    that capture's text and `similarity` how like the quote it is (1.0 when found
    as written)."""

    citation = models.OneToOneField(
        Citation,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="quote_check",
    )
    capture = models.ForeignKey(
        Capture, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(max_length=16, choices=QuoteStatus.choices)
    similarity = models.FloatField(null=True, blank=True)
    start = models.PositiveIntegerField(null=True, blank=True)
    end = models.PositiveIntegerField(null=True, blank=True)
    checked_at = models.DateTimeField()
    # When the link checker last compared the live page (None: never).
    live_checked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["status"], name="quotecheck_status_idx")]

    def __str__(self) -> str:
        return f"quote of citation #{self.citation_id}: {self.status}"


class RatingScale(models.Model):
    name = models.CharField(max_length=limits.SCALE_NAME_MAX)
    slug = models.SlugField(max_length=100, unique=True)
    description = models.TextField(blank=True)
    is_default = models.BooleanField(default=False)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_default"],
                condition=Q(is_default=True),
                name="ratingscale_one_default",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Polarity(models.TextChoices):
    """Which side of the truth a label is on; the verdict_unsupported rule needs it."""

    TRUE = "true", gettext_lazy("True side")
    FALSE = "false", gettext_lazy("False side")
    NEUTRAL = "neutral", gettext_lazy("Neither")


class RatingLabel(models.Model):
    scale = models.ForeignKey(
        RatingScale, on_delete=models.CASCADE, related_name="labels"
    )
    name = models.CharField(max_length=limits.SCALE_NAME_MAX)
    slug = models.SlugField(max_length=100)
    # ClaimReview's reviewRating.ratingValue; labels off the ordinal scale have none.
    ordinal = models.PositiveSmallIntegerField(null=True, blank=True)
    polarity = models.CharField(
        max_length=8, choices=Polarity.choices, default=Polarity.NEUTRAL
    )
    description = models.TextField(blank=True)
    position = models.PositiveSmallIntegerField(default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["scale", "position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["scale", "slug"], name="ratinglabel_unique_slug"
            ),
            models.UniqueConstraint(
                fields=["scale", "name"], name="ratinglabel_unique_name"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Confidence(models.IntegerChoices):
    LOW = 1, gettext_lazy("Low")
    MEDIUM = 2, gettext_lazy("Medium")
    HIGH = 3, gettext_lazy("High")


class Rating(models.Model):
    """One reviewer's rating of one claim."""

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="ratings")
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="ratings"
    )
    label = models.ForeignKey(RatingLabel, on_delete=models.PROTECT, related_name="+")
    confidence = models.PositiveSmallIntegerField(
        choices=Confidence.choices, default=Confidence.MEDIUM
    )
    rationale = models.TextField(blank=True)
    # Set when the reviewer hands the rating in; a changed rating is a draft again.
    submitted_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["claim", "created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["claim", "reviewer"], name="rating_one_per_reviewer"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.label} by {self.reviewer} on claim #{self.claim_id}"


class Verdict(models.Model):
    """The editor-approved label and public explanation of a claim."""

    claim = models.OneToOneField(
        Claim, on_delete=models.CASCADE, related_name="verdict"
    )
    label = models.ForeignKey(RatingLabel, on_delete=models.PROTECT, related_name="+")
    explanation = models.TextField(blank=True)
    # ClaimReview's claimReviewed when the claim's own words are too long to quote
    # as a headline ("" means the report uses the claim's text).
    claim_as_checked = models.CharField(
        max_length=limits.CLAIM_AS_CHECKED_MAX, blank=True
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    approved_at = models.DateTimeField()
    # Approving over an open blocking gap needs a written justification, which every
    # place that shows the verdict shows with it (and the gap kinds it overrode).
    gap_override_reason = models.TextField(blank=True)
    gap_override_kinds = models.JSONField(default=list, blank=True)
    # An admin approving a claim they rated or submitted themselves says why.
    two_person_override_reason = models.TextField(blank=True)
    # Set when the verdict came in with imported annotations (their id or URL).
    imported_from = models.CharField(max_length=limits.IMPORT_ORIGIN_MAX, blank=True)
    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=~Q(explanation=""), name="verdict_has_explanation"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.label} (claim #{self.claim_id})"


class CommentKind(models.TextChoices):
    COMMENT = "comment", gettext_lazy("Comment")
    RETURN = "return", gettext_lazy("Returned")
    REOPEN = "reopen", gettext_lazy("Reopened")


class Comment(models.Model):
    """One message in a claim's discussion thread (plain text, shown escaped).

    Editors' return comments and reopen reasons are comments too, so the thread tells
    the whole story of a claim in one place.
    """

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    kind = models.CharField(
        max_length=16, choices=CommentKind.choices, default=CommentKind.COMMENT
    )
    body = models.TextField()
    mentions = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["claim", "created_at", "id"]
        constraints = [
            models.CheckConstraint(condition=~Q(body=""), name="comment_has_body"),
        ]
        indexes = [
            models.Index(fields=["claim", "created_at"], name="comment_claim_idx")
        ]

    def __str__(self) -> str:
        return f"{self.kind} on claim #{self.claim_id}"


class NotificationKind(models.TextChoices):
    ASSIGNED = "assigned", gettext_lazy("Assigned to you")
    RETURNED = "returned", gettext_lazy("Returned to you")
    APPROVED = "approved", gettext_lazy("Approved")
    REOPENED = "reopened", gettext_lazy("Reopened")
    MENTIONED = "mentioned", gettext_lazy("Mentioned you")


class Notification(models.Model):
    """Something that happened to a person's work, for the header count and e-mail."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    kind = models.CharField(max_length=16, choices=NotificationKind.choices)
    claim = models.ForeignKey(
        Claim, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    comment = models.ForeignKey(
        Comment, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Plain text, written when the event happens (shown escaped).
    text = models.CharField(max_length=limits.NOTIFICATION_TEXT_MAX)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)
    # The e-mail as a background job (annotations.jobs): due since when (unset: no
    # e-mail wanted), claimed by a worker when (its lease), sent when.
    email_due_at = models.DateTimeField(null=True, blank=True)
    email_claimed_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(
                fields=["recipient", "-created_at"], name="notification_recipient_idx"
            ),
            models.Index(
                fields=["recipient"],
                condition=Q(read_at__isnull=True),
                name="notification_unread_idx",
            ),
            # The reaper's look for e-mails still to send.
            models.Index(
                fields=["email_due_at"],
                condition=Q(email_due_at__isnull=False, emailed_at__isnull=True),
                name="notification_email_due_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} for {self.recipient_id}: {self.text[:60]}"


# Built from the one list of gap kinds in the pure rules module, so a kind is added
# in one place; the member names are the codes in capitals (GapKind.NO_SOURCE).
GapKind = models.TextChoices(
    "GapKind",
    [(kind.code.upper(), (kind.code, gettext_lazy(kind.label))) for kind in gaps.KINDS],
)


class Severity(models.TextChoices):
    LOW = "low", gettext_lazy("Low")
    MEDIUM = "medium", gettext_lazy("Medium")
    HIGH = "high", gettext_lazy("High")


class SourcingGap(models.Model):
    """A sourcing problem on a claim, tracked from when it opened until it resolved."""

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="gaps")
    source = models.ForeignKey(
        Source, null=True, blank=True, on_delete=models.CASCADE, related_name="gaps"
    )
    kind = models.CharField(max_length=32, choices=GapKind.choices)
    severity = models.CharField(
        max_length=8, choices=Severity.choices, default=Severity.MEDIUM
    )
    detail = models.CharField(max_length=limits.GAP_DETAIL_MAX, blank=True)
    # The message id and parameters `detail` was said from (gaps.DETAIL_TEMPLATES),
    # so the desk can say it in the reader's language; "" for a row whose English
    # matched no template when the ids came in (it is shown as stored).
    detail_code = models.CharField(max_length=40, blank=True, default="")
    detail_params = models.JSONField(blank=True, default=dict)
    opened_at = models.DateTimeField()
    last_seen_at = models.DateTimeField()
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-opened_at", "id"]
        constraints = [
            # A claim never has two open gaps of one kind about one source; a gap about
            # no source counts as source 0 so NULLs do not slip past the index.
            models.UniqueConstraint(
                "claim",
                "kind",
                Coalesce("source", 0),
                condition=Q(resolved_at__isnull=True),
                name="gap_one_open_per_claim_kind_source",
            ),
        ]
        indexes = [
            models.Index(
                fields=["claim"],
                condition=Q(resolved_at__isnull=True),
                name="gap_open_claim_idx",
            ),
            models.Index(fields=["opened_at"], name="gap_opened_idx"),
            models.Index(fields=["resolved_at"], name="gap_resolved_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} on claim #{self.claim_id}"

    @property
    def is_open(self) -> bool:
        return self.resolved_at is None

    @property
    def said_detail(self) -> str:
        """The detail in the active language (`annotations.sourcing.details`)."""
        return gap_details.said(self)


# --- Sourcing-gap tracker bookkeeping (annotations.sourcing.scanner) ------------------


class ScanRun(models.Model):
    """One gap scan: its progress for the dashboard and its cursor for resuming.

    A full scan walks claims in id order and records the last id it finished; if its
    worker dies, the next full scan takes the run over from that cursor. A scan asked
    for from the dashboard is a queued run until a worker starts it. At most one
    unfinished (queued or running) run per scope exists: a unique index, so two
    requests at the same moment cannot start two scans.
    """

    class Scope(models.TextChoices):
        FULL = "full", gettext_lazy("All claims")
        ARTICLE = "article", gettext_lazy("One article")

    class Status(models.TextChoices):
        QUEUED = "queued", gettext_lazy("Queued")
        RUNNING = "running", gettext_lazy("Running")
        FINISHED = "finished", gettext_lazy("Finished")
        FAILED = "failed", gettext_lazy("Failed")

    UNFINISHED = (Status.QUEUED, Status.RUNNING)

    scope = models.CharField(max_length=16, choices=Scope.choices, default=Scope.FULL)
    article = models.ForeignKey(
        Article, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(
        max_length=16, choices=Status.choices, default=Status.RUNNING
    )
    started_at = models.DateTimeField()
    heartbeat_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)
    total = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)
    last_claim_id = models.BigIntegerField(default=0)
    opened = models.PositiveIntegerField(default=0)
    resolved = models.PositiveIntegerField(default=0)
    takeovers = models.PositiveSmallIntegerField(default=0)
    error = models.CharField(max_length=limits.SCAN_ERROR_MAX, blank=True)
    # When the reaper or the request last sent its task (unset: never, the broker
    # was down).
    sent_at = models.DateTimeField(null=True, blank=True)
    # Who asked for it from the dashboard (unset: beat, a command or an edit).
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["-started_at", "-id"]
        indexes = [
            models.Index(fields=["status", "-started_at"], name="scanrun_status_idx")
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["scope"],
                condition=Q(status__in=["queued", "running"], scope="full"),
                name="scanrun_one_unfinished_full",
            ),
            models.UniqueConstraint(
                fields=["article"],
                condition=Q(status__in=["queued", "running"], scope="article"),
                name="scanrun_one_unfinished_per_article",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.scope} scan #{self.pk} ({self.status}, {self.done}/{self.total})"

    @property
    def percent(self) -> int:
        return min(100, int(100 * self.done / self.total)) if self.total else 100


class PendingRescan(models.Model):
    """A claim waiting for its gap rescan (the outbox `queueing.rescan_after_commit`
    writes in the edit's transaction).

    A plain id, not a foreign key: the claim may be deleted before the rescan runs.
    Not unique: an INSERT checking a unique key waits for another transaction's
    uncommitted row of the same claim, and two transactions queueing overlapping
    claims in several statements each then deadlocked (an edit and the capture
    worker's quote check, seen on PostgreSQL). A claim already waiting is not
    queued again (as far as this transaction can see), and the rescanner takes all
    of a claim's rows at once, so a burst of edits still makes one rescan.
    """

    claim_id = models.BigIntegerField(db_index=True)
    requested_at = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["requested_at", "id"], name="rescan_due")]

    def __str__(self) -> str:
        return f"rescan claim #{self.claim_id}"


class ApiToken(models.Model):
    """A named API token a user made for an integration (shown once, stored as a
    digest); revoking it keeps the row, so the list shows what existed and when."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(max_length=limits.TOKEN_NAME_MAX)
    # sha256 of the key: a stolen database does not hand out working tokens.
    key_digest = models.CharField(max_length=64, unique=True)
    # The key's first characters, so a person can tell their tokens apart.
    prefix = models.CharField(max_length=12)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(
                fields=["user"],
                condition=Q(revoked_at__isnull=True),
                name="apitoken_active_user_idx",
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…) of {self.user_id}"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None


# Where a person's saved language is kept for the rest of their session (see
# annotations.middleware.UserLocaleMiddleware): read once, at sign-in, not per page.
SESSION_LANGUAGE_KEY = "_interface_language"


class UserPreference(models.Model):
    """What a person chose for themselves (the interface's language), one row per
    person, made the first time they choose; without a row, or with an empty
    language, the browser's choice holds (docs/I18N.md)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="preference"
    )
    # One of settings.LANGUAGES' codes, or "" for "as my browser says".
    language = models.CharField(max_length=16, blank=True, default="")
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return f"preferences of user #{self.user_id}"


@receiver(user_logged_in)
def remember_language_at_sign_in(sender, request, user, **kwargs):
    """Read the person's saved language as they sign in, into their new session,
    so no page after that asks the database for it."""
    session = getattr(request, "session", None)
    if session is None:
        return
    language = (
        UserPreference.objects.filter(user=user)
        .values_list("language", flat=True)
        .first()
    )
    session[SESSION_LANGUAGE_KEY] = [user.pk, language or ""]
