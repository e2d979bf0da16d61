"""Publishing: freeze the report as a new revision, correct it, unpublish it.

Every write to the annotations domain (the article's published mark) goes through
`annotations.services`; who may publish is `annotations.policies`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from annotations import policies, selectors
from annotations import services as desk
from annotations.errors import DomainError, InvalidInput, WorkflowConflict
from annotations.models import Article
from annotations.services.common import lock_row
from reports import exports, snapshot
from reports.models import ExportJob, PublicationEvent, ReportRevision

REASON_MAX = 2_000


def _text(value: str, *, what: str, required: bool) -> str:
    text = (value or "").strip()
    if required and not text:
        raise InvalidInput(f"Write {what}.")
    if len(text) > REASON_MAX:
        raise InvalidInput(
            f"{what.capitalize()} is longer than {REASON_MAX:,} characters."
        )
    return text


def latest_revision(article: Article | int) -> ReportRevision | None:
    pk = article.pk if isinstance(article, Article) else article
    return (
        ReportRevision.objects.filter(article_id=pk)
        .select_related("published_by")
        .order_by("-number")
        .first()
    )


def publication_status(article: Article) -> dict:
    """Where the article stands for publishing: verified or not, its latest revision,
    and whether what the report would say changed since that revision."""
    counts = selectors.article_list().get(pk=article.pk)
    latest = latest_revision(article)
    changed = None
    if latest is not None:
        current = snapshot.build(
            article, number=latest.number, published_at=latest.published_at
        )
        changed = snapshot.content_sha256(current) != latest.content_sha256
    verified = bool(
        counts.checkworthy_count
        and counts.checkworthy_approved_count == counts.checkworthy_count
    )
    if counts.published_at is None:
        state = "unpublished" if latest else ("verified" if verified else "draft")
    else:
        state = "changed since publication" if changed else "published"
    return {
        "state": state,
        "verified": verified,
        "approved": counts.checkworthy_approved_count,
        "checkworthy": counts.checkworthy_count,
        "approved_claims": counts.approved_count,
        "latest": latest,
        "changed": changed,
        "published": counts.published_at is not None,
    }


@transaction.atomic
def article_publish(
    *, article: Article, user, override_reason: str = "", note: str = ""
) -> ReportRevision:
    """Publish the article's report as revision N+1 (editors).

    Allowed when the article is verified (every live check-worthy claim approved),
    or with a written override reason that the report shows. A later revision is a
    correction: it needs a public note saying what changed, and there must be
    something new to publish. The revision is immutable.
    """
    policies.check_publish(user, article)
    # Every link the revision freezes starts with the site's address: refuse before
    # anything is written rather than freeze a wrong one.
    snapshot.report_url(article.pk)
    override_reason = _text(override_reason, what="the override reason", required=False)
    note = _text(note, what="the correction note", required=False)
    # The article's row lock serialises two editors publishing at once.
    article = lock_row(Article.objects.all(), article.pk, "Article")
    status = publication_status(article)
    if not status["approved_claims"]:
        raise WorkflowConflict(
            "No claim of this article is approved yet: there is nothing to publish."
        )
    if not status["verified"] and not override_reason:
        raise WorkflowConflict(
            f"Only {status['approved']} of {status['checkworthy']} check-worthy claims "
            "are approved. Approve the rest, or publish with a written reason, which "
            "the report shows."
        )
    latest = status["latest"]
    if latest is not None:
        if status["published"] and not status["changed"]:
            raise WorkflowConflict(
                f"Nothing changed since revision {latest.number}; there is nothing "
                "new to publish."
            )
        if not note:
            raise InvalidInput(
                "Say what changed since the last revision: the note is the public "
                "correction."
            )
    number = latest.number + 1 if latest else 1
    previous = [
        {
            "revision": earlier.number,
            "published_at": snapshot.iso_time(earlier.published_at),
            "note": earlier.note,
        }
        for earlier in ReportRevision.objects.filter(article=article).order_by("number")
    ]
    now = timezone.now()
    frozen = snapshot.build(
        article,
        number=number,
        published_at=now,
        published_by=user,
        note=note,
        override_reason=override_reason if not status["verified"] else "",
        previous=previous,
    )
    revision = ReportRevision(
        article=article,
        number=number,
        snapshot_json=snapshot.canonical_bytes(frozen).decode("utf-8"),
        sha256=snapshot.sha256(frozen),
        content_sha256=snapshot.content_sha256(frozen),
        published_by=user,
        published_at=now,
        note=note,
        override_reason=frozen["report"]["override_reason"],
    )
    revision.save(force_insert=True)
    desk.article_set_published(article=article, user=user, published_at=now)
    PublicationEvent.objects.create(
        article=article,
        action=PublicationEvent.Action.PUBLISH,
        revision=revision,
        user=user,
        at=now,
        reason=note or override_reason,
    )
    return revision


@transaction.atomic
def article_unpublish(*, article: Article, user, reason: str) -> Article:
    """Take the public report down (editors, with a reason); the revisions stay, and
    publishing again makes a new revision."""
    policies.check_publish(user, article)
    reason = _text(reason, what="why the report is taken down", required=True)
    article = lock_row(Article.objects.all(), article.pk, "Article")
    if article.published_at is None:
        raise WorkflowConflict("The report is not published.")
    now = timezone.now()
    desk.article_set_published(article=article, user=user, published_at=None)
    PublicationEvent.objects.create(
        article=article,
        action=PublicationEvent.Action.UNPUBLISH,
        revision=latest_revision(article),
        user=user,
        at=now,
        reason=reason,
    )
    article.refresh_from_db()
    return article


# --- exports rendered in the background -----------------------------------------------
# An ExportJob is the job's row (annotations/jobs.py): asking for an export writes it,
# a worker takes it under a lease, renews the lease while it renders and finishes it
# with a write only the lease's holder can make. A job whose message the broker refused
# or lost is sent again, and one whose worker died (its lease lapsed) is queued again,
# by the next request for it or by the reaper, whichever comes first.

# The task's registered name (reports/tasks.py): queued by name, like the core's.
RENDER_EXPORT = "reports.render_export"


def _lease_lapsed(job: ExportJob, now) -> bool:
    return job.lease_expires_at is None or job.lease_expires_at < now


def _requeue_lapsed(job: ExportJob, now) -> bool:
    """Queue again a running job whose worker stopped renewing its lease, or fail it
    after FACTCHECK_JOB_MAX_ATTEMPTS such runs; True if this call changed it."""
    from django.conf import settings

    held = ExportJob.objects.filter(
        pk=job.pk, status=ExportJob.Status.RUNNING, lease_token=job.lease_token
    ).filter(Q(lease_expires_at__isnull=True) | Q(lease_expires_at__lt=now))
    if job.attempts >= settings.FACTCHECK_JOB_MAX_ATTEMPTS:
        return bool(
            held.update(
                status=ExportJob.Status.FAILED,
                error=f"The worker rendering it stopped {job.attempts} times; "
                "ask again to retry.",
                finished_at=now,
                lease_expires_at=None,
            )
        )
    return bool(
        held.update(status=ExportJob.Status.QUEUED, sent_at=None, lease_expires_at=None)
    )


def _send_after_commit(job: ExportJob) -> None:
    from annotations import queueing

    def sent() -> None:
        ExportJob.objects.filter(pk=job.pk, sent_at__isnull=True).update(
            sent_at=timezone.now()
        )

    queueing.send_on_commit(
        RENDER_EXPORT, job.pk, what=f"export job #{job.pk}", on_sent=sent
    )


def export_request(*, revision: ReportRevision, identifier: str) -> ExportJob:
    """Make sure the revision is (being) rendered in this format by a worker: the
    job row says queued, rendering, ready or failed. One job per revision and
    format; asking again for a failed one queues it again, and so does asking for
    one whose worker died (its lease lapsed) or whose message never went out."""
    from annotations import jobs

    job, created = ExportJob.objects.get_or_create(revision=revision, format=identifier)
    ready = job.status == ExportJob.Status.DONE and exports.cached(revision, identifier)
    now = timezone.now()
    if (
        created
        or job.status == ExportJob.Status.FAILED
        or (job.status == ExportJob.Status.DONE and not ready)
    ):
        ExportJob.objects.filter(pk=job.pk).update(
            status=ExportJob.Status.QUEUED,
            error="",
            finished_at=None,
            sent_at=None,
            attempts=0,
        )
        job.refresh_from_db()
        _send_after_commit(job)
    elif job.status == ExportJob.Status.RUNNING and _lease_lapsed(job, now):
        if _requeue_lapsed(job, now):
            job.refresh_from_db()
            if job.status == ExportJob.Status.QUEUED:
                _send_after_commit(job)
    elif (
        job.status == ExportJob.Status.QUEUED
        and (job.sent_at is None or job.sent_at < jobs.resend_before(now))
        # Never sent (the broker was down) or sent long ago and not started (the
        # message was lost): send it now rather than at the reaper's next turn;
        # of two requests at once, the one that moves `sent_at` sends.
        and ExportJob.objects.filter(pk=job.pk, sent_at=job.sent_at).update(
            sent_at=None
        )
    ):
        job.sent_at = None
        _send_after_commit(job)
    return job


def export_run(*, job_id: int) -> ExportJob:
    """Render a queued export (the worker's side).

    The job is taken only if it is queued, or running under a lease that lapsed
    (its worker died); a job done (and still cached) or held by a live worker is
    left as it is, so a message delivered twice renders once. While it renders the
    lease is renewed; the result is written only while the lease is still ours.
    """
    from annotations import jobs

    job = ExportJob.objects.select_related("revision").get(pk=job_id)
    if job.status == ExportJob.Status.DONE and exports.cached(job.revision, job.format):
        return job
    now = timezone.now()
    token = job.lease_token + 1
    taken = (
        ExportJob.objects.filter(pk=job.pk, lease_token=job.lease_token)
        .filter(
            Q(status=ExportJob.Status.QUEUED)
            | Q(status=ExportJob.Status.DONE)  # done, but its file left the cache
            | Q(status=ExportJob.Status.RUNNING)
            & (Q(lease_expires_at__isnull=True) | Q(lease_expires_at__lt=now))
        )
        .update(
            status=ExportJob.Status.RUNNING,
            lease_token=token,
            lease_expires_at=jobs.lease_expiry(now),
            started_at=now,
            attempts=F("attempts") + 1,
            error="",
        )
    )
    if not taken:
        job.refresh_from_db()
        return job
    mine = ExportJob.objects.filter(
        pk=job.pk, lease_token=token, status=ExportJob.Status.RUNNING
    )

    def renew() -> bool:
        return bool(mine.update(lease_expires_at=jobs.lease_expiry()))

    with jobs.LeaseKeeper(renew, name=f"export-job-{job.pk}-lease"):
        try:
            payload = exports.render(job.revision, job.format)
        except Exception as exc:
            mine.update(
                status=ExportJob.Status.FAILED,
                error=f"{type(exc).__name__}: {exc}"[:500],
                finished_at=timezone.now(),
                lease_expires_at=None,
            )
            raise
    mine.update(
        status=ExportJob.Status.DONE,
        size=len(payload),
        finished_at=timezone.now(),
        lease_expires_at=None,
    )
    job.refresh_from_db()
    return job


def sweep_exports(now) -> int:
    """The reaper's sweep of export jobs: queue again the running ones whose lease
    lapsed (or fail them after too many tries), then send the queued ones never
    sent or sent long ago."""
    from annotations import jobs

    for job in ExportJob.objects.filter(
        status=ExportJob.Status.RUNNING, lease_expires_at__lt=now
    ):
        _requeue_lapsed(job, now)
    waiting = ExportJob.objects.filter(status=ExportJob.Status.QUEUED).filter(
        Q(sent_at__isnull=True) | Q(sent_at__lt=jobs.resend_before(now))
    )
    sent = 0
    for pk, sent_at in waiting.values_list("pk", "sent_at"):
        sent += jobs.send_once(ExportJob, pk, sent_at, now, RENDER_EXPORT, pk)
    return sent


# --- importing W3C Web Annotations --------------------------------------------------


@dataclass
class ImportResult:
    """What an import did, annotation by annotation."""

    imported: list[dict] = field(default_factory=list)
    unanchored: list[dict] = field(default_factory=list)
    refused: list[dict] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {
            "imported": self.imported,
            "unanchored": self.unanchored,
            "refused": self.refused,
        }


MAX_ANNOTATIONS = 5_000


def flatten_annotations(data) -> list[dict]:
    """The Annotations in a collection (with embedded pages), a page, a list or one
    annotation, in document order. Pages referred to only by their IRI cannot be
    followed (the server fetches nothing) and are skipped."""
    found: list[dict] = []

    def walk(node, depth=0):
        if depth > 50 or len(found) > MAX_ANNOTATIONS:
            return
        if isinstance(node, list):
            for item in node:
                walk(item, depth + 1)
            return
        if not isinstance(node, dict):
            return
        kind = node.get("type")
        kinds = set(kind) if isinstance(kind, list) else {kind}
        if "Annotation" in kinds:
            found.append(node)
        elif "AnnotationCollection" in kinds:
            walk(node.get("first"), depth + 1)
        elif "AnnotationPage" in kinds:
            walk(node.get("items"), depth + 1)
            walk(node.get("next"), depth + 1)

    walk(data)
    return found[:MAX_ANNOTATIONS]


def _selectors(annotation: dict) -> tuple[dict | None, dict | None]:
    targets = annotation.get("target")
    targets = targets if isinstance(targets, list) else [targets]
    for target in targets:
        if not isinstance(target, dict):
            continue
        selectors = target.get("selector")
        selectors = selectors if isinstance(selectors, list) else [selectors]
        quote = next(
            (s for s in selectors if isinstance(s, dict)
             and s.get("type") == "TextQuoteSelector"),
            None,
        )  # fmt: skip
        position = next(
            (s for s in selectors if isinstance(s, dict)
             and s.get("type") == "TextPositionSelector"),
            None,
        )  # fmt: skip
        if quote is not None:
            return quote, position
    return None, None


_STANCES = {
    "supports the claim": "supports",
    "refutes the claim": "refutes",
    "context": "context",
}


def _stance(description: str) -> str:
    words = (description or "").split(" (", 1)[0].strip().lower()
    return _STANCES.get(words, "context")


def _bodies(annotation: dict) -> tuple[str, str, list[dict]]:
    """The verdict's label name, the explanation and the citations of an
    annotation, read from its bodies by purpose."""
    bodies = annotation.get("body")
    bodies = bodies if isinstance(bodies, list) else [bodies]
    label = explanation = ""
    citations: list[dict] = []
    for body in bodies:
        if not isinstance(body, dict):
            continue
        purpose = body.get("purpose")
        if purpose == "assessing" and not label:
            label = str(body.get("value") or "")
        elif purpose == "commenting" and not explanation:
            explanation = str(body.get("value") or "")
        elif purpose == "linking":
            source = body.get("source") if isinstance(body.get("source"), dict) else {}
            selector = (
                body.get("selector") if isinstance(body.get("selector"), dict) else {}
            )
            url = str(source.get("id") or "")
            title = str(source.get("schema:name") or "") or (
                str(body.get("value") or "")[:500] if not url else ""
            )
            citations.append(
                {
                    "url": url,
                    "title": title or url,
                    "stance": _stance(str(body.get("schema:description") or "")),
                    "quote": str(selector.get("exact") or ""),
                }
            )
    return label, explanation, citations


def annotations_import(*, article: Article, user, data) -> ImportResult:
    """Re-anchor W3C Web Annotations (as the w3c export writes them) into the
    article's text and create each as an approved claim with its citations.

    Each annotation is anchored by exact position, else by its quote and context,
    else by a fuzzy match (`reports.anchoring`); one that cannot be anchored is
    reported, never guessed. Each is its own transaction, so one refusal leaves the
    others in.
    """
    from reports import anchoring

    policies.check_import_annotations(user, article)
    result = ImportResult()
    body = Article.objects.only("body").get(pk=article.pk).body
    for annotation in flatten_annotations(data):
        ident = str(annotation.get("id") or "")[:500]
        quote, position = _selectors(annotation)
        exact = str((quote or {}).get("exact") or "")
        anchor = anchoring.reanchor(body, quote, position) if quote else None
        if anchor is None:
            result.unanchored.append({"id": ident, "exact": exact[:300]})
            continue
        label, explanation, citations = _bodies(annotation)
        try:
            claim = desk.claim_import(
                article=article,
                start=anchor.start,
                end=anchor.end,
                user=user,
                label=label,
                explanation=explanation or "(Imported without an explanation.)",
                citations=citations,
                origin=ident,
            )
        except DomainError as exc:
            result.refused.append(
                {"id": ident, "exact": exact[:300], "reason": exc.message}
            )
            continue
        result.imported.append(
            {
                "id": ident,
                "claim": claim.pk,
                "start": claim.start,
                "end": claim.end,
                "method": anchor.method,
                "similarity": round(anchor.similarity, 3),
            }
        )
    return result
