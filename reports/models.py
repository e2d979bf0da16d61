"""Published reports: immutable revisions of a snapshot, the publication log, and the
state of exports rendered in the background."""

import json

from django.conf import settings
from django.db import models
from django.db.models import Q

from annotations.limits import EXPORT_ERROR_MAX
from annotations.models import Article, JobBookkeeping


class ReportRevision(models.Model):
    """One published revision of an article's report: a frozen snapshot.

    Published revisions never change (the service only ever inserts; `save` refuses
    an update, and the admin is read-only). A correction is a new revision with a
    public note, shown as "Updated on …, see corrections".
    """

    article = models.ForeignKey(
        Article, on_delete=models.PROTECT, related_name="report_revisions"
    )
    number = models.PositiveIntegerField()
    # docs/REPORT_SNAPSHOT.md as its canonical JSON text; every export renders from
    # it. Text, not a JSON column: PostgreSQL's jsonb would reorder the keys, and the
    # same revision must always give the same bytes.
    snapshot_json = models.TextField()
    # sha256 of the snapshot's canonical JSON: the export cache key.
    sha256 = models.CharField(max_length=64)
    # sha256 of what the report says (the snapshot without its revision block): equal
    # for two revisions that publish the same verdicts and evidence.
    content_sha256 = models.CharField(max_length=64)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    published_at = models.DateTimeField()
    note = models.TextField(blank=True, help_text="Public correction note")
    override_reason = models.TextField(
        blank=True, help_text="Why it was published before every claim was approved"
    )

    class Meta:
        ordering = ["article", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["article", "number"], name="reportrevision_unique_number"
            ),
            models.CheckConstraint(
                condition=Q(number__gte=1), name="reportrevision_number_positive"
            ),
        ]
        indexes = [
            models.Index(fields=["-published_at"], name="reportrevision_published_idx")
        ]

    def __str__(self) -> str:
        return f"{self.article} — revision {self.number}"

    def save(self, *args, **kwargs):
        if self.pk is not None and not kwargs.get("force_insert"):
            raise ValueError("A published report revision never changes.")
        super().save(*args, **kwargs)

    @property
    def snapshot(self) -> dict:
        cached = getattr(self, "_snapshot", None)
        if cached is None:
            cached = self._snapshot = json.loads(self.snapshot_json)
        return cached


class PublicationEvent(models.Model):
    """The publication log: every publish and unpublish, who, when and why."""

    class Action(models.TextChoices):
        PUBLISH = "publish", "Published"
        UNPUBLISH = "unpublish", "Unpublished"

    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="publication_events"
    )
    action = models.CharField(max_length=16, choices=Action.choices)
    revision = models.ForeignKey(
        ReportRevision,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    at = models.DateTimeField()
    reason = models.TextField(blank=True)

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_action_display()} {self.article} at {self.at:%Y-%m-%d %H:%M}"


class ExportJob(JobBookkeeping):
    """An export rendered by a worker (the PDF of a large report): its progress, and
    the job's bookkeeping (annotations.jobs): when its message was last sent, and
    the lease of the worker rendering it, so a job whose worker died is rendered
    again instead of staying "rendering" for ever."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        RUNNING = "running", "Rendering"
        DONE = "done", "Ready"
        FAILED = "failed", "Failed"

    revision = models.ForeignKey(
        ReportRevision, on_delete=models.CASCADE, related_name="export_jobs"
    )
    format = models.CharField(max_length=32)
    status = models.CharField(
        max_length=16, choices=Status.choices, default=Status.QUEUED
    )
    error = models.CharField(max_length=EXPORT_ERROR_MAX, blank=True)
    size = models.PositiveIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    # JobBookkeeping: the rendering worker renews its lease while it renders; once
    # it lapsed the job is queued again. `attempts` counts renderings started; after
    # FACTCHECK_JOB_MAX_ATTEMPTS whose worker died the job fails instead.

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["revision", "format"], name="exportjob_one_per_format"
            )
        ]
        indexes = [
            models.Index(
                fields=["status"],
                condition=Q(status__in=["queued", "running"]),
                name="exportjob_unfinished_idx",
            )
        ]

    def __str__(self) -> str:
        return f"{self.format} of {self.revision} ({self.status})"


class Webhook(models.Model):
    """A desk's outgoing webhook: where its publishing events are POSTed, signed
    with the secret (docs/WEBHOOKS.md). The secret is kept as it is, since every
    delivery is signed with it; it is shown once, when made or rotated."""

    class Event(models.TextChoices):
        PUBLISHED = "published", "Published"
        CORRECTED = "corrected", "Corrected"
        UNPUBLISHED = "unpublished", "Unpublished"

    workspace = models.ForeignKey(
        "annotations.Workspace", on_delete=models.CASCADE, related_name="webhooks"
    )
    url = models.URLField(max_length=2000)
    secret = models.CharField(max_length=128)
    # The events it wants, a subset of Event's values.
    events = models.JSONField(default=list)
    active = models.BooleanField(default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["workspace", "id"]

    def __str__(self) -> str:
        return f"Webhook #{self.pk} of {self.workspace_id} → {self.url}"


class WebhookDelivery(JobBookkeeping):
    """One event for one webhook: its payload frozen when the event happened, and
    the state of sending it. The row is the truth: a worker takes it under a
    lease, and one that died mid-send leaves it pending for the reaper to send
    again. Deliveries of one webhook go out in the order of their ids."""

    class State(models.TextChoices):
        PENDING = "pending", "Pending"
        DELIVERED = "delivered", "Delivered"
        FAILED = "failed", "Failed"

    webhook = models.ForeignKey(
        Webhook, on_delete=models.CASCADE, related_name="deliveries"
    )
    event = models.CharField(max_length=16, choices=Webhook.Event.choices)
    # The delivery's stable id: the same on every attempt, so a receiver can tell
    # a retry from a new event.
    uuid = models.UUIDField(unique=True)
    # The body as sent, canonical JSON text (the same bytes on every attempt).
    payload_json = models.TextField()
    state = models.CharField(
        max_length=16, choices=State.choices, default=State.PENDING
    )
    last_status = models.PositiveSmallIntegerField(null=True, blank=True)
    last_error = models.CharField(max_length=EXPORT_ERROR_MAX, blank=True)
    next_attempt_at = models.DateTimeField()
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    delivered_at = models.DateTimeField(null=True, blank=True)
    # JobBookkeeping: when a message to send it last went out, the lease of the
    # worker sending it, and `attempts`, the POSTs made.

    class Meta:
        ordering = ["-id"]
        indexes = [
            models.Index(
                fields=["webhook", "id"],
                condition=Q(state="pending"),
                name="webhookdelivery_pending_idx",
            )
        ]

    def __str__(self) -> str:
        return f"{self.event} #{self.pk} to webhook {self.webhook_id} ({self.state})"
