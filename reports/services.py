"""Publishing: freeze the report as a new revision, correct it, unpublish it.

Every write to the annotations domain (the article's published mark) goes through
`annotations.services`; who may publish is `annotations.policies`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext, ngettext

from annotations import jobs, limits, policies, queueing, selectors
from annotations import services as desk
from annotations.desksettings import desk_settings, scale_filter
from annotations.errors import DomainError, InvalidInput, WorkflowConflict
from annotations.limits import EXPORT_ERROR_MAX, REASON_MAX
from annotations.models import Article, RatingLabel, Verdict
from annotations.services import system
from annotations.services.common import checked_text, lock_row
from annotations.sources import normalize_url
from annotations.workflow import Publication
from reports import anchoring, exports, snapshot, webhooks
from reports.exporters.w3c_annotations import GAP_OVERRIDE, TWO_PERSON_OVERRIDE
from reports.models import (
    ExportJob,
    PublicationEvent,
    ReportRevision,
)


def latest_revision(article: Article | int) -> ReportRevision | None:
    pk = article.pk if isinstance(article, Article) else article
    return (
        ReportRevision.objects.filter(article_id=pk)
        .select_related("published_by")
        .order_by("-number")
        .first()
    )


def publication_status(article: Article, *, counts: Article | None = None) -> dict:
    """Where the article stands for publishing: its status (`ArticleState`),
    whether it is verified, where its report stands (`Publication`), its latest
    revision, and whether what the report would say changed since that revision.

    `counts` is the article's row from `selectors.article_list()` when the caller
    already has it. Whether the report changed is asked only while it is public
    (a report taken down is published again as a new revision whatever changed),
    and it compares the content digest alone: the revision's stored snapshot is
    not loaded and no revision is built. So the htmx status line costs a fixed
    number of queries (tests/reports/test_status_line.py).
    """
    if counts is None:
        counts = selectors.article_list().get(pk=article.pk)
    latest = (
        ReportRevision.objects.filter(article_id=article.pk)
        .defer("snapshot_json")
        .order_by("-number")
        .first()
    )
    public = policies.is_public(counts)
    changed = None
    if latest is not None and public:
        current = snapshot.content_digest(article, counts=counts)
        changed = current != latest.content_sha256
    progress = selectors.article_progress(counts)
    if public:
        publication = Publication.CHANGED if changed else Publication.PUBLISHED
    else:
        publication = Publication.TAKEN_DOWN if latest else Publication.NOT_PUBLISHED
    return {
        # The article's own status, the same the article page and the API show.
        "state": progress["state"],
        "publication": publication,
        "verified": selectors.is_verified(counts),
        "approved": progress["approved"],
        "checkworthy": progress["total"],
        "latest": latest,
        "changed": changed,
        "published": public,
    }


@transaction.atomic
def article_publish(
    *,
    article: Article,
    user,
    override_reason: str = "",
    note: str = "",
    excerpts_only: bool | None = None,
) -> ReportRevision:
    """Publish the article's report as revision N+1 (editors).

    Allowed when the article is verified (every live check-worthy claim approved),
    or with a written override reason that the report shows. A later revision is a
    correction: it needs a public note saying what changed, and there must be
    something new to publish (new verdicts or evidence, or the other choice of
    `excerpts_only`). The revision is immutable.

    `excerpts_only` (None: the desk's `report.excerpts_only`) publishes the checked
    claims without the article's text, in every format (`snapshot.excerpted`).
    """
    policies.check_publish(user, article)
    # Every link the revision freezes starts with the site's address: refuse before
    # anything is written rather than freeze a wrong one.
    snapshot.report_url(article.pk)
    override_reason = checked_text(
        override_reason,
        what=gettext("the override reason"),
        limit=REASON_MAX,
        required=False,
    )
    note = checked_text(
        note, what=gettext("the correction note"), limit=REASON_MAX, required=False
    )
    # The article's row lock serialises two editors publishing at once; its desk
    # (whose scale and threshold the report reads) comes along, unlocked.
    article = lock_row(
        Article.objects.select_related("workspace"), article.pk, "Article", of=("self",)
    )
    status = publication_status(article)
    # Nothing to publish is a report that would list no claim, asked of the same
    # query the snapshot reads its claims with.
    if not snapshot.checked_claims(article.pk).exists():
        raise WorkflowConflict(
            gettext(
                "No claim of this article is approved yet: there is nothing to publish."
            )
        )
    if not status["verified"] and not override_reason:
        raise WorkflowConflict(
            ngettext(
                "Only %(approved)s of %(checkworthy)s check-worthy claim is approved. "
                "Approve the rest, or publish with a written reason, which the report "
                "shows.",
                "Only %(approved)s of %(checkworthy)s check-worthy claims are "
                "approved. Approve the rest, or publish with a written reason, which "
                "the report shows.",
                status["checkworthy"],
            )
            % {"approved": status["approved"], "checkworthy": status["checkworthy"]}
        )
    if excerpts_only is None:
        excerpts_only = desk_settings(article.workspace).report.excerpts_only
    excerpts_only = bool(excerpts_only)
    latest = status["latest"]
    if latest is not None:
        if (
            status["published"]
            and not status["changed"]
            and latest.snapshot["report"].get("excerpts_only", False) == excerpts_only
        ):
            raise WorkflowConflict(
                gettext(
                    "Nothing changed since revision %(number)s; there is nothing new "
                    "to publish."
                )
                % {"number": latest.number}
            )
        if not note:
            raise InvalidInput(
                gettext(
                    "Say what changed since the last revision: the note is the public "
                    "correction."
                )
            )
    number = latest.number + 1 if latest else 1
    revisions = list(ReportRevision.objects.filter(article=article).order_by("number"))
    previous = [
        {
            "revision": earlier.number,
            "published_at": snapshot.iso_time(earlier.published_at),
            "note": earlier.note,
        }
        for earlier in revisions
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
        latest=revisions[-1].snapshot if revisions else None,
        excerpts_only=excerpts_only,
    )
    # Over the whole content: the digest says whether the report would say
    # something new, whichever way it is shown.
    content_sha256 = snapshot.content_sha256(frozen)
    frozen = snapshot.excerpted(frozen)
    revision = ReportRevision(
        article=article,
        number=number,
        snapshot_json=snapshot.canonical_bytes(frozen).decode("utf-8"),
        sha256=snapshot.sha256(frozen),
        content_sha256=content_sha256,
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
    # A new revision of a report that is public is a correction; a first
    # publication, or publishing again after a takedown, is a publication.
    corrected = latest is not None and status["published"]
    webhooks.event_record(
        article=article,
        event=webhooks.Webhook.Event.CORRECTED
        if corrected
        else webhooks.Webhook.Event.PUBLISHED,
        revision=revision,
        previous=latest,
    )
    return revision


@transaction.atomic
def article_unpublish(*, article: Article, user, reason: str) -> Article:
    """Take the public report down (editors, with a reason); the revisions stay, and
    publishing again makes a new revision."""
    policies.check_publish(user, article)
    reason = checked_text(
        reason, what=gettext("why the report is taken down"), limit=REASON_MAX
    )
    article = lock_row(Article.objects.all(), article.pk, "Article")
    if not policies.is_public(article):
        raise WorkflowConflict(gettext("The report is not published."))
    now = timezone.now()
    desk.article_set_published(article=article, user=user, published_at=None)
    latest = latest_revision(article)
    PublicationEvent.objects.create(
        article=article,
        action=PublicationEvent.Action.UNPUBLISH,
        revision=latest,
        user=user,
        at=now,
        reason=reason,
    )
    # The reason is for the desk only: the event says that, not why.
    webhooks.event_record(
        article=article, event=webhooks.Webhook.Event.UNPUBLISHED, revision=latest
    )
    article.refresh_from_db()
    return article


# --- exports rendered in the background -----------------------------------------------
# An ExportJob is the job's row (annotations/jobs.py): asking for an export writes it,
# a worker takes it under a lease, renews the lease while it renders and finishes it
# with a write only the lease's holder can make. A job whose message the broker refused
# or lost is sent again, and one whose worker died (its lease lapsed) is queued again,
# by the next request for it or by the reaper, whichever comes first.

# The task's registered name (reports/tasks.py): queued by name, like the core's, so
# this module never imports the task shells and the dependency runs one way (tasks
# import services).
RENDER_EXPORT = "reports.render_export"


def _lease_lapsed(job: ExportJob, now) -> bool:
    return job.lease_expires_at is None or job.lease_expires_at < now


def _requeue_lapsed(job: ExportJob, now) -> bool:
    """Queue again a running job whose worker stopped renewing its lease, or fail it
    after FACTCHECK_JOB_MAX_ATTEMPTS such runs; True if this call changed it."""
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
    renew = system.job_lease_renewer(mine)

    with jobs.LeaseKeeper(renew, name=f"export-job-{job.pk}-lease"):
        try:
            payload = exports.render(job.revision, job.format)
        except Exception as exc:
            mine.update(
                status=ExportJob.Status.FAILED,
                error=f"{type(exc).__name__}: {exc}"[:EXPORT_ERROR_MAX],
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
    """What an import did, annotation by annotation: imported, not anchored,
    refused (with the reason), and already imported from the same annotation with
    the same content (`unchanged`: nothing was written for them)."""

    imported: list[dict] = field(default_factory=list)
    unanchored: list[dict] = field(default_factory=list)
    refused: list[dict] = field(default_factory=list)
    unchanged: list[dict] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {
            "imported": self.imported,
            "unanchored": self.unanchored,
            "refused": self.refused,
            "unchanged": self.unchanged,
        }


MAX_ANNOTATIONS = 5_000
IMPORTED_WITHOUT_EXPLANATION = "(Imported without an explanation.)"


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
        listed = kind if isinstance(kind, list) else [kind]
        if not all(isinstance(one, str) for one in listed if one is not None):
            raise InvalidInput(
                'An annotation\'s "type" must be a string or a list of strings, '
                f"not {kind!r:.80}. Nothing was imported."
            )
        kinds = set(listed)
        if "Annotation" in kinds:
            found.append(node)
        elif "AnnotationCollection" in kinds:
            walk(node.get("first"), depth + 1)
        elif "AnnotationPage" in kinds:
            walk(node.get("items"), depth + 1)
            walk(node.get("next"), depth + 1)

    walk(data)
    return found[:MAX_ANNOTATIONS]


def _as_list(value) -> list:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _string(value) -> str:
    """A JSON string as itself; anything else (a number, an object, null) as ""."""
    return value if isinstance(value, str) else ""


def _selectors(annotation: dict) -> tuple[dict | None, dict | None]:
    """The quote to anchor the annotation by, and its position where one is given.

    A target with both (the text the desk imported, in our exports) is preferred:
    the position tells two occurrences of the same words apart.
    """
    found: list[tuple[dict, dict | None]] = []
    for target in _as_list(annotation.get("target")):
        if not isinstance(target, dict):
            continue
        selectors = [s for s in _as_list(target.get("selector")) if isinstance(s, dict)]
        quote = next(
            (s for s in selectors if s.get("type") == "TextQuoteSelector"), None
        )
        position = next(
            (s for s in selectors if s.get("type") == "TextPositionSelector"), None
        )
        if quote is not None:
            found.append((quote, position))
    for quote, position in found:
        if position is not None:
            return quote, position
    return found[0] if found else (None, None)


def _attribution(annotation: dict) -> str | None:
    """Who the article says made the claim (a target's `schema:author`), or None
    when the annotation does not say: the desk's own reading of the text stays."""
    for target in _as_list(annotation.get("target")):
        if not isinstance(target, dict):
            continue
        author = target.get("schema:author")
        name = _string(author.get("name")) if isinstance(author, dict) else ""
        name = name or _string(author)
        if name.strip():
            return name
    return None


_STANCES = {
    "supports the claim": "supports",
    "refutes the claim": "refutes",
    "context": "context",
}


def _described(description: str) -> tuple[str, str]:
    """The stance and locator from "Supports the claim (p. 3)", the words exports
    made before they carried `factcheck:stance` and `factcheck:locator`."""
    words, _, rest = (description or "").partition(" (")
    locator = rest[:-1] if rest.endswith(")") else ""
    return _STANCES.get(words.strip().lower(), "context"), locator


def _first_cached(state) -> str:
    """The archived copy of a TimeState (its first `cached` IRI), or "". A state
    with a `schema:sha256` is the exporting desk's frozen capture, a file only that
    desk serves, not an archived copy (docs/REPORT_FORMATS.md, "w3c")."""
    for item in _as_list(state):
        if (
            isinstance(item, dict)
            and item.get("type") == "TimeState"
            and "schema:sha256" not in item
        ):
            for cached in _as_list(item.get("cached")):
                if _string(cached):
                    return cached
    return ""


def _citation(body: dict) -> dict:
    """A "linking" body as the citation claim_import stores (see w3c_annotations:
    a SpecificResource on the source, or a TextualBody naming it)."""
    old_stance, old_locator = _described(_string(body.get("schema:description")))
    stance = _string(body.get("factcheck:stance"))
    if stance not in {"supports", "refutes", "context"}:
        stance = old_stance
    locator = _string(body.get("factcheck:locator")) or old_locator
    if body.get("type") == "TextualBody" or "source" not in body:
        described = body
        url = ""
        title = _string(body.get("schema:name")) or _string(body.get("value"))
        quote = _string(body.get("factcheck:quote"))
        archive = _string(body.get("schema:archivedAt"))
    else:
        described = body.get("source")
        if not isinstance(described, dict):
            described = {"id": _string(described)}
        url = _string(described.get("id"))
        title = _string(described.get("schema:name"))
        selector = next(
            (s for s in _as_list(body.get("selector")) if isinstance(s, dict)
             and s.get("type") == "TextQuoteSelector"),
            {},
        )  # fmt: skip
        quote = _string(selector.get("exact"))
        archive = _first_cached(body.get("state"))
    return {
        "url": url.strip(),
        "title": " ".join((title or url).split())[: limits.TITLE_MAX],
        "publisher": " ".join(_string(described.get("schema:publisher")).split())[
            : limits.PUBLISHER_MAX
        ],
        "kind": _string(described.get("dcterms:type")).strip(),
        "archive_url": archive.strip(),
        "stance": stance,
        "quote": quote.strip()[: limits.CITATION_QUOTE_MAX],
        "locator": locator.strip()[: limits.LOCATOR_MAX],
    }


@dataclass(frozen=True)
class ImportedVerdict:
    """What an annotation says about its claim, read from its bodies by purpose."""

    label_key: str
    label_name: str
    explanation: str
    gap_override_reason: str = ""
    gap_override_kinds: tuple[str, ...] = ()
    two_person_override_reason: str = ""
    citations: tuple[dict, ...] = ()
    attribution: str | None = None


def read_annotation(annotation: dict) -> ImportedVerdict:
    """The verdict, explanation, overrides, citations and attribution of one
    annotation as the w3c export writes them (and as older exports did: a label's
    name without its key, the stance and locator in words)."""
    key = name = explanation = gap_reason = two_person_reason = ""
    gap_kinds: tuple[str, ...] = ()
    citations: list[dict] = []
    for body in _as_list(annotation.get("body")):
        if not isinstance(body, dict):
            continue
        purpose = body.get("purpose")
        value = _string(body.get("value"))
        overrides = body.get("factcheck:overrides")
        if purpose == "assessing" and not (key or name):
            key = _string(body.get("schema:identifier")).strip()
            name = value.strip()
        elif purpose == "commenting" and overrides == GAP_OVERRIDE:
            gap_reason = value
            gap_kinds = tuple(
                kind
                for kind in _as_list(body.get("factcheck:gapKinds"))
                if _string(kind)
            )
        elif purpose == "commenting" and overrides == TWO_PERSON_OVERRIDE:
            two_person_reason = value
        elif purpose == "commenting" and overrides is None and not explanation:
            explanation = value
        elif purpose == "linking":
            citations.append(_citation(body))
    return ImportedVerdict(
        label_key=key,
        label_name=name,
        explanation=explanation.strip(),
        gap_override_reason=gap_reason.strip(),
        gap_override_kinds=gap_kinds,
        two_person_override_reason=two_person_reason.strip(),
        citations=tuple(citations),
        attribution=_attribution(annotation),
    )


class _Labels:
    """The labels of the article's desk's scale, found by the stable key an
    annotation carries (the label's slug), never by the name it shows, which an
    editor may change."""

    def __init__(self, article: Article):
        self.labels = list(RatingLabel.objects.filter(scale_filter(article)))
        self.by_slug = {label.slug: label for label in self.labels}

    def find(self, verdict: ImportedVerdict) -> RatingLabel:
        if verdict.label_key:
            found = self.by_slug.get(verdict.label_key)
            if found is None:
                values = {
                    "key": verdict.label_key[:100],
                    "name": verdict.label_name[:100],
                }
                if verdict.label_name:
                    said = gettext(
                        "Unknown label %(key)r (“%(name)s”): the desk's rating scale "
                        "has no label with this key."
                    )
                else:
                    said = gettext(
                        "Unknown label %(key)r: the desk's rating scale has no label "
                        "with this key."
                    )
                raise InvalidInput(said % values)
            return found
        # Exports made before annotations carried the key name the label only.
        folded = verdict.label_name.casefold()
        found = next((x for x in self.labels if x.name.casefold() == folded), None)
        if found is None:
            if verdict.label_name:
                said = gettext(
                    "Unknown label “%(name)s”: the annotation carries no label key and "
                    "the desk's rating scale has no label of that name."
                ) % {"name": verdict.label_name[:100]}
            else:
                said = gettext(
                    "The annotation has no verdict (no body with purpose “assessing”)."
                )
            raise InvalidInput(said)
        return found


def _source_key(url: str, title: str, publisher: str) -> tuple:
    if url:
        try:
            return ("url", normalize_url(url))
        except ValueError:
            return ("url", url)
    return ("title", title, publisher)


def _same_verdict(
    existing: Verdict, verdict: ImportedVerdict, label: RatingLabel
) -> bool:
    """Whether the stored verdict (imported from this annotation before) says what
    the annotation says now: then importing it again changes nothing."""
    stored = [
        (
            _source_key(c.source.url, c.source.title, c.source.publisher),
            c.stance,
            c.quote,
            c.locator,
        )
        for c in existing.claim.citations.select_related("source").order_by(
            "created_at", "id"
        )
    ]
    wanted, seen = [], set()
    for c in verdict.citations:
        key = _source_key(c["url"], c["title"], c["publisher"])
        if key not in seen:
            seen.add(key)
            wanted.append((key, c["stance"], c["quote"], c["locator"]))
    explanation = verdict.explanation or IMPORTED_WITHOUT_EXPLANATION
    return (
        existing.label_id == label.pk
        and existing.explanation == explanation
        and existing.gap_override_reason == verdict.gap_override_reason
        and existing.two_person_override_reason == verdict.two_person_override_reason
        and stored == wanted
    )


def annotations_import(*, article: Article, user, data) -> ImportResult:
    """Re-anchor W3C Web Annotations (as the w3c export writes them) into the
    article's text and create each as an approved claim with its verdict (label
    by its key, explanation, overrides), its citations (stance, quote, locator)
    and their sources (title, publisher, kind, archived copy).

    Each annotation is anchored by exact position, else by its quote and context,
    else by a fuzzy match (`reports.anchoring`); one that cannot be anchored is
    reported, never guessed. An annotation already imported into this article
    over the same words with the same content is reported as unchanged and
    nothing is written, so importing a file twice changes nothing the second time.
    Each annotation is its own transaction, so one refusal leaves the others in.
    """
    policies.check_import_annotations(user, article)
    result = ImportResult()
    body = Article.objects.only("body").get(pk=article.pk).body
    labels = _Labels(article)
    for annotation in flatten_annotations(data):
        ident = _string(annotation.get("id"))[:500]
        quote, position = _selectors(annotation)
        exact = _string((quote or {}).get("exact"))
        anchor = anchoring.reanchor(body, quote, position) if exact else None
        if anchor is None:
            result.unanchored.append({"id": ident, "exact": exact[:300]})
            continue
        verdict = read_annotation(annotation)
        try:
            label = labels.find(verdict)
            earlier = (
                Verdict.objects.filter(
                    claim__article=article,
                    claim__start=anchor.start,
                    claim__end=anchor.end,
                    imported_from=ident,
                )
                .select_related("claim")
                .first()
                if ident
                else None
            )
            if earlier is not None:
                if not _same_verdict(earlier, verdict, label):
                    raise WorkflowConflict(
                        gettext(
                            "Claim #%(id)s was imported from this annotation before "
                            "and says something else now; the annotation was not "
                            "applied."
                        )
                        % {"id": earlier.claim_id}
                    )
                result.unchanged.append(
                    {"id": ident, "claim": earlier.claim_id, "exact": exact[:300]}
                )
                continue
            claim = desk.claim_import(
                article=article,
                start=anchor.start,
                end=anchor.end,
                user=user,
                label=label,
                explanation=verdict.explanation or IMPORTED_WITHOUT_EXPLANATION,
                citations=list(verdict.citations),
                origin=ident,
                attribution=verdict.attribution,
                gap_override_reason=verdict.gap_override_reason,
                gap_override_kinds=verdict.gap_override_kinds,
                two_person_override_reason=verdict.two_person_override_reason,
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
