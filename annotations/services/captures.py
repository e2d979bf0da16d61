"""Captures: a frozen copy of every cited page, taken by a worker, never in a request.

`capture_request` (called by the citation services whenever a source with a URL is
cited) writes a PENDING Capture row in the caller's transaction and sends the
`annotations.capture_source` task once it commits; a source captured within
FACTCHECK_CAPTURE_MAX_AGE_DAYS, or already waiting for one, gets no new row (at most
one PENDING row per source: a database constraint).

`capture_run` (the task's body) fetches the page through `netfetch` (its SSRF rules,
redirect loop, deadline and decompressed-size cap, with the FACTCHECK_CAPTURE_*
limits), writes the response as a WARC file (a `request` and a `response` record,
each gzipped) to the "captures" storage under a name derived from the capture's id,
hashes the payload, extracts its text and marks the row CAPTURED. A refusal (too
big, too slow, a refused address, a 4xx answer, binary bytes where text was
declared, a type the desk does not keep) marks it FAILED with an error code and an
English sentence, and leaves no file. A network error, a timeout on one step or a
5xx/429 answer is tried again later (`CaptureOutcome.retry_in`), up to
FACTCHECK_CAPTURE_ATTEMPTS runs in all.

A capture is a background job like an export (annotations/jobs.py): a worker takes
it under a lease (a conditional UPDATE; a duplicate message finds it held and does
nothing) and renews the lease while it fetches. The fetch runs outside any
transaction (a SQLite desk takes its write lock at BEGIN), and the result is stored
in one short transaction that locks the row and stores only if it is still PENDING,
so a second run after a worker died ends with one CAPTURED row and one file (a rerun
overwrites its own file). The reaper's "captures" sweeper sends, once among reapers
(`jobs.send_once`), only what was never sent, was sent long ago without a worker
taking it, or was held by a worker whose lease lapsed. docs/EVIDENCE.md.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import logging
from dataclasses import dataclass
from urllib.parse import urlsplit

import httpx
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy

from annotations import jobs, limits, queueing
from annotations.errors import InvalidInput
from annotations.extraction import ingest
from annotations.models import Capture, CaptureOrigin, CaptureState, Source
from annotations.services import quotes, system
from annotations.sourcing import netfetch

logger = logging.getLogger(__name__)

CAPTURE_SOURCE = queueing.CAPTURE_SOURCE
STORAGE = "captures"

# Error codes (Capture.error_code): the message ids the desk says in the reader's
# language (`capture_error_said`); `Capture.error` keeps the English specifics.
REFUSED_ADDRESS = "refused_address"
TOO_LARGE = "too_large"
TOO_SLOW = "too_slow"
HTTP_ERROR = "http_error"
BINARY = "binary"
INVALID_URL = "invalid_url"
NETWORK = "network"

ERROR_SENTENCES = {
    REFUSED_ADDRESS: gettext_lazy(
        "The page's address is private or local; the desk does not fetch it."
    ),
    TOO_LARGE: gettext_lazy("The page is larger than a capture may be."),
    TOO_SLOW: gettext_lazy("The page took longer to arrive than a capture may take."),
    HTTP_ERROR: gettext_lazy("The site answered with an error instead of the page."),
    BINARY: gettext_lazy("The answer is not a document the desk keeps."),
    INVALID_URL: gettext_lazy("The source's URL cannot be fetched."),
    NETWORK: gettext_lazy("The site could not be reached, after several tries."),
}

# Types kept without text: documents a source may be (a report as PDF, a chart). Text
# types and HTML are kept with their text; anything else (archives, executables,
# application/octet-stream) is refused as BINARY.
KEPT_WITHOUT_TEXT = ("application/pdf", "image/")
TEXT_TYPES = ("text/", "application/xhtml+xml")
# Answers worth trying again: the site may be back later.
RETRIED_STATUSES = {429, 500, 502, 503, 504}
FIRST_FAILING_STATUS = 400
# The longest wait between two tries.
MAX_BACKOFF_SECONDS = 3600.0
# Hop-by-hop and coding headers describe the bytes on the wire, not the decoded
# payload the WARC holds; they are kept under this prefix (as web archives do).
ORIGINAL_PREFIX = "X-Archive-Orig-"
WIRE_HEADERS = {"content-encoding", "transfer-encoding", "content-length"}


@dataclass(frozen=True)
class CaptureOutcome:
    """What one run of `capture_run` did: the row's state after it, and when to try
    again (seconds) if the run met a transient error and tries are left."""

    state: str
    retry_in: float | None = None
    skipped: str = ""


@dataclass(frozen=True)
class CaptureCopy:
    """A stored capture read back: the payload and what the response said."""

    url: str
    status: int | None
    headers: list[tuple[str, str]]
    content_type: str
    payload: bytes


class CaptureRefused(Exception):
    def __init__(self, code: str, message: str, status: int | None = None):
        super().__init__(message)
        self.code = code
        self.status = status


class CaptureTransient(Exception):
    def __init__(self, message: str, status: int | None = None):
        super().__init__(message)
        self.status = status


# --- requesting ------------------------------------------------------------------


def capture_request(*, source: Source, user) -> Capture | None:
    """The capture covering `source` now: its PENDING one, or one CAPTURED within
    FACTCHECK_CAPTURE_MAX_AGE_DAYS, or a new PENDING one whose task is sent once the
    current transaction commits. None for a source without a URL, or when
    FACTCHECK_CAPTURES is off."""
    if not source.url or not settings.FACTCHECK_CAPTURES:
        return None
    fresh_after = timezone.now() - dt.timedelta(
        days=settings.FACTCHECK_CAPTURE_MAX_AGE_DAYS
    )
    covering = Q(state=CaptureState.PENDING) | Q(
        state=CaptureState.CAPTURED, captured_at__gte=fresh_after
    )
    existing = (
        Capture.objects.filter(covering, source=source, origin=CaptureOrigin.FETCHED)
        .order_by("-requested_at", "-id")
        .first()
    )
    if existing is not None:
        return existing
    # The constraint allows one PENDING row per source: a request racing this one
    # makes its row or ours, never two, and without a savepoint either way.
    Capture.objects.bulk_create(
        [
            Capture(
                source=source,
                url=source.url[: limits.URL_MAX],
                requested_by=user,
            )
        ],
        ignore_conflicts=True,
    )
    capture = Capture.objects.get(source=source, state=CaptureState.PENDING)
    if capture.sent_at is None and capture.lease_expires_at is None:
        # Ours, or a racing request's not sent yet: a second message is harmless
        # (the first run takes the lease), a missing one waits for the reaper.
        _send_after_commit(capture)
    return capture


def _send_after_commit(capture: Capture) -> None:
    def sent() -> None:
        Capture.objects.filter(pk=capture.pk, sent_at__isnull=True).update(
            sent_at=timezone.now()
        )

    queueing.send_on_commit(
        CAPTURE_SOURCE,
        capture.pk,
        what=f"capture #{capture.pk} of {capture.url}",
        on_sent=sent,
    )


def backoff_seconds(attempt: int) -> float:
    """How long after run number `attempt` met a transient error the next is due."""
    base = max(0.0, float(settings.FACTCHECK_CAPTURE_RETRY_SECONDS))
    return min(MAX_BACKOFF_SECONDS, base * 2 ** max(0, attempt - 1))


# Captures the sweeper considers per turn.
SWEEP_BATCH = 200


def captures_resend(now: dt.datetime) -> int:
    """The reaper's sweep of PENDING captures: free those whose worker died (its
    lease lapsed), fail those whose runs are used up, and send, once among reapers,
    those never sent or sent before `jobs.resend_before(now)` and not taken (their
    message was lost, or the broker refused it or a retry). A capture a live worker
    holds, or whose message went out recently, is left alone. Returns how many were
    sent."""
    lapsed = Capture.objects.filter(
        state=CaptureState.PENDING, lease_expires_at__lt=now
    ).values_list("pk", "lease_token")[:SWEEP_BATCH]
    for pk, token in lapsed:
        # Only if no worker took it meanwhile (the token would have moved).
        Capture.objects.filter(
            pk=pk, state=CaptureState.PENDING, lease_token=token
        ).filter(lease_expires_at__lt=now).update(lease_expires_at=None, sent_at=None)
    waiting = (
        Capture.objects.filter(
            state=CaptureState.PENDING, lease_expires_at__isnull=True
        )
        .filter(Q(sent_at__isnull=True) | Q(sent_at__lt=jobs.resend_before(now)))
        .order_by("requested_at", "pk")
        .values_list("pk", "sent_at", "attempts")[:SWEEP_BATCH]
    )
    sent = 0
    for pk, sent_at, attempts in waiting:
        if attempts >= settings.FACTCHECK_CAPTURE_ATTEMPTS:
            _finish_failed(
                pk,
                NETWORK,
                f"No worker finished the capture after {attempts} tries.",
                status=None,
            )
            continue
        sent += jobs.send_once(Capture, pk, sent_at, now, CAPTURE_SOURCE, pk)
    return sent


# --- running ---------------------------------------------------------------------


def capture_file_name(capture_id: int) -> str:
    """The storage name of a fetched capture's WARC: fixed by the id, so a rerun
    writes over its own file and never leaves a second one."""
    return f"web/{capture_id}.warc.gz"


def capture_run(*, capture_id: int) -> CaptureOutcome:
    """Capture one PENDING capture (see the module's docstring); a capture in any
    other state, gone, or held by a worker whose lease is live, is left alone."""
    capture = Capture.objects.select_related("source").filter(pk=capture_id).first()
    if capture is None:
        return CaptureOutcome(state="", skipped="the capture no longer exists")
    if capture.state != CaptureState.PENDING:
        return CaptureOutcome(state=capture.state, skipped="not pending")
    now = timezone.now()
    token = system.job_take_free_lease(capture, now, state=CaptureState.PENDING)
    if token is None:
        return CaptureOutcome(
            state=CaptureState.PENDING, skipped="another worker holds it"
        )
    attempt = capture.attempts + 1
    mine = Capture.objects.filter(
        pk=capture.pk, lease_token=token, state=CaptureState.PENDING
    )
    renew = system.job_lease_renewer(mine)

    try:
        with jobs.LeaseKeeper(renew, name=f"capture-{capture.pk}-lease"):
            result = _fetch(capture.url)
            stored = _archived(capture, result)
    except CaptureRefused as refusal:
        _finish_failed(capture.pk, refusal.code, str(refusal), status=refusal.status)
        return CaptureOutcome(state=CaptureState.FAILED)
    except CaptureTransient as error:
        if attempt >= settings.FACTCHECK_CAPTURE_ATTEMPTS:
            _finish_failed(
                capture.pk,
                NETWORK,
                f"{error} (tried {attempt} times)",
                status=error.status,
            )
            return CaptureOutcome(state=CaptureState.FAILED)
        wait = backoff_seconds(attempt)
        # The task queues the retry to arrive after `wait`; the reaper counts its
        # resend window from then (a retry the broker refused is sent by it).
        released = mine.update(
            error=str(error)[: limits.LINK_ERROR_MAX],
            error_code=NETWORK,
            lease_expires_at=None,
            sent_at=timezone.now() + dt.timedelta(seconds=wait),
        )
        if not released:
            # Our lease lapsed and another worker took the capture over.
            return CaptureOutcome(
                state=CaptureState.PENDING, skipped="another worker took it over"
            )
        return CaptureOutcome(state=CaptureState.PENDING, retry_in=wait)
    with transaction.atomic():
        locked = (
            Capture.objects.select_for_update().filter(pk=capture.pk).first()
        )  # the row, locked until the file and the row are both written
        if locked is None or locked.state != CaptureState.PENDING:
            # Another run stored it (or it was deleted) while this one fetched.
            return CaptureOutcome(
                state=locked.state if locked else "", skipped="stored by another run"
            )
        name = capture_file_name(locked.pk)
        storage = storages[STORAGE]
        if storage.exists(name):
            # Left by a run that died before its transaction committed.
            storage.delete(name)
        saved = storage.save(name, ContentFile(stored.warc))
        if saved != name:  # a storage that renamed rather than overwrote
            storage.delete(saved)
            raise RuntimeError(f"The captures storage would not write {name}.")
        locked.state = CaptureState.CAPTURED
        locked.final_url = result.final_url[: limits.URL_MAX]
        locked.http_status = result.status
        locked.content_type = result.content_type[: limits.CAPTURE_CONTENT_TYPE_MAX]
        locked.file_path = name
        locked.file_name = _file_name(result.final_url)
        locked.size_bytes = len(result.body)
        locked.sha256 = hashlib.sha256(result.body).hexdigest()
        locked.text = stored.text
        locked.error = ""
        locked.error_code = ""
        locked.captured_at = timezone.now()
        locked.lease_expires_at = None
        locked.save()
        # In the same transaction: a worker dying after the commit must not leave
        # the quotes checked against nothing (docs/QUOTES.md).
        quotes.quotes_check(locked)
        transaction.on_commit(lambda: capture_stored(locked), robust=True)
    return CaptureOutcome(state=CaptureState.CAPTURED)


def capture_stored(capture: Capture) -> None:
    """Runs once a capture is stored (after its transaction committed): what may
    wait on the network hangs here (the public archive). The quote check is not
    here: it runs in the storing transaction, so it is never lost."""
    if settings.FACTCHECK_CAPTURE_WAYBACK:
        capture_public_archive(capture)


def _fetch(url: str) -> netfetch.FetchResult:
    try:
        result = netfetch.fetch(
            url,
            method="GET",
            timeout=settings.FACTCHECK_CAPTURE_TIMEOUT,
            deadline=settings.FACTCHECK_CAPTURE_DEADLINE,
            max_bytes=settings.FACTCHECK_CAPTURE_MAX_BYTES,
            max_redirects=settings.FACTCHECK_FETCH_MAX_REDIRECTS,
            allow_private=settings.FACTCHECK_ALLOW_PRIVATE_URLS,
            user_agent=settings.FACTCHECK_USER_AGENT,
        )
    except netfetch.AddressRefused as exc:
        raise CaptureRefused(REFUSED_ADDRESS, str(exc)) from exc
    except netfetch.DeadlineExceeded as exc:
        raise CaptureRefused(TOO_SLOW, str(exc)) from exc
    except netfetch.FetchError as exc:
        if isinstance(exc.__cause__, httpx.TransportError | OSError):
            # Connection refused or reset, a name that did not resolve, one step
            # timing out: the site may answer later.
            raise CaptureTransient(str(exc)) from exc
        if "resolved" in str(exc):
            raise CaptureTransient(str(exc)) from exc
        raise CaptureRefused(INVALID_URL, str(exc)) from exc
    if result.truncated:
        raise CaptureRefused(
            TOO_LARGE,
            f"{url} is larger than {settings.FACTCHECK_CAPTURE_MAX_BYTES:,} bytes "
            "(counted after decompression); it was not kept.",
        )
    if result.status in RETRIED_STATUSES:
        raise CaptureTransient(f"{url} answered HTTP {result.status}.", result.status)
    if result.status >= FIRST_FAILING_STATUS:
        # A 404 page is evidence that the page is gone, not a copy of it.
        raise CaptureRefused(
            HTTP_ERROR, f"{url} answered HTTP {result.status}.", result.status
        )
    return result


@dataclass(frozen=True)
class _Stored:
    warc: bytes
    text: str


def _archived(capture: Capture, result: netfetch.FetchResult) -> _Stored:
    """The WARC of the response and the payload's text; refuses binary answers."""
    kind = result.content_type
    text = ""
    if kind.startswith(TEXT_TYPES) or not kind:
        try:
            text = ingest.page_text(
                result.body, content_type=kind or "text/html", charset=result.charset
            )
        except InvalidInput as exc:
            if str(exc) == ingest.LOOKS_BINARY:
                raise CaptureRefused(
                    BINARY,
                    f"{result.final_url} says it is {kind or 'a web page'} but "
                    "its bytes are not text; it was not kept.",
                ) from exc
            # Text in an encoding it does not declare, or markup over the guard's
            # limits: still the page as it was, kept without text.
            logger.info("Capture #%s kept without text: %s", capture.pk, exc)
    elif not kind.startswith(KEPT_WITHOUT_TEXT):
        raise CaptureRefused(
            BINARY,
            f"{result.final_url} answered {kind!r}, not a web page, text, PDF or "
            "image; it was not kept.",
        )
    return _Stored(warc=_warc(result), text=text)


def _warc(result: netfetch.FetchResult) -> bytes:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=True)
    headers = []
    for name, value in result.headers:
        if name.lower() in WIRE_HEADERS:
            headers.append((ORIGINAL_PREFIX + name, value))
        else:
            headers.append((name, value))
    headers.append(("Content-Length", str(len(result.body))))
    response = writer.create_warc_record(
        result.final_url,
        "response",
        payload=io.BytesIO(result.body),
        length=len(result.body),
        http_headers=StatusAndHeaders(
            f"{result.status} {result.reason}".strip(), headers, protocol="HTTP/1.1"
        ),
    )
    parts = urlsplit(result.final_url)
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    request = writer.create_warc_record(
        result.final_url,
        "request",
        http_headers=StatusAndHeaders(
            f"GET {target} HTTP/1.1",
            list(result.request_headers),
            is_http_request=True,
        ),
    )
    writer.write_request_response_pair(request, response)
    return buffer.getvalue()


def _file_name(url: str) -> str:
    last = urlsplit(url).path.rstrip("/").rsplit("/", 1)[-1] or urlsplit(url).hostname
    return f"{last or 'page'}.warc.gz"[-limits.CAPTURE_FILE_NAME_MAX :]


def _finish_failed(capture_id: int, code: str, message: str, *, status) -> None:
    """Mark a PENDING capture FAILED and remove any file a dead run left."""
    with transaction.atomic():
        locked = Capture.objects.select_for_update().filter(pk=capture_id).first()
        if locked is None or locked.state != CaptureState.PENDING:
            return
        name = capture_file_name(locked.pk)
        storage = storages[STORAGE]
        if storage.exists(name):
            storage.delete(name)
        locked.state = CaptureState.FAILED
        locked.error_code = code
        locked.error = message[: limits.LINK_ERROR_MAX]
        locked.http_status = status
        locked.file_path = ""
        locked.lease_expires_at = None
        locked.save()
        quotes.quotes_check(locked)


def capture_error_said(capture: Capture) -> str:
    """Why a capture failed, in the active language: the stored English sentence in
    English, the code's general sentence otherwise (or the stored one if unknown)."""
    from django.utils.translation import get_language

    if (get_language() or "en").split("-")[0] == "en":
        return capture.error
    sentence = ERROR_SENTENCES.get(capture.error_code)
    return str(sentence) if sentence is not None else capture.error


# --- reading ---------------------------------------------------------------------


def capture_open(capture: Capture) -> CaptureCopy:
    """The stored copy of a CAPTURED capture: the WARC's response record read back
    (a fetched page) or the uploaded file itself. Raises InvalidInput when the
    capture has no stored file."""
    if capture.state != CaptureState.CAPTURED or not capture.file_path:
        raise InvalidInput(gettext("This capture has no stored copy."))
    with storages[STORAGE].open(capture.file_path, "rb") as stored:
        if capture.origin == CaptureOrigin.UPLOADED:
            return CaptureCopy(
                url="",
                status=None,
                headers=[],
                content_type=capture.content_type,
                payload=stored.read(),
            )
        from warcio.archiveiterator import ArchiveIterator

        for record in ArchiveIterator(stored):
            if record.rec_type != "response":
                continue
            http = record.http_headers
            return CaptureCopy(
                url=record.rec_headers.get_header("WARC-Target-URI") or "",
                status=int(http.get_statuscode()) if http else None,
                headers=list(http.headers) if http else [],
                content_type=capture.content_type,
                payload=record.content_stream().read(),
            )
    raise InvalidInput(gettext("The stored copy holds no response."))


def capture_verify(capture: Capture) -> bool:
    """Whether the stored payload still hashes to the capture's SHA-256."""
    try:
        copy = capture_open(capture)
    except (InvalidInput, OSError):
        return False
    return bool(capture.sha256) and (
        hashlib.sha256(copy.payload).hexdigest() == capture.sha256
    )


# --- the public archive ----------------------------------------------------------


def capture_public_archive(capture: Capture) -> str:
    """Ask Save Page Now (FACTCHECK_CAPTURE_WAYBACK_URL + the page's URL) for a
    public copy; record its address on the capture, and on the source as its
    archived copy if it has none. Best effort: a failure is logged and returns ""."""
    try:
        result = netfetch.fetch(
            settings.FACTCHECK_CAPTURE_WAYBACK_URL + capture.url,
            method="GET",
            timeout=settings.FACTCHECK_CAPTURE_TIMEOUT,
            deadline=settings.FACTCHECK_CAPTURE_WAYBACK_DEADLINE,
            # Only the copy's address is wanted, not the page it serves back.
            max_bytes=64 * 1024,
            max_redirects=settings.FACTCHECK_FETCH_MAX_REDIRECTS,
            allow_private=settings.FACTCHECK_ALLOW_PRIVATE_URLS,
            user_agent=settings.FACTCHECK_USER_AGENT,
        )
    except netfetch.FetchError as exc:
        logger.warning("Save Page Now failed for capture #%s: %s", capture.pk, exc)
        return ""
    archived = _archive_address(result)
    if not archived:
        logger.warning(
            "Save Page Now gave no copy for capture #%s (HTTP %s)",
            capture.pk,
            result.status,
        )
        return ""
    from annotations.services import evidence

    with transaction.atomic():
        Capture.objects.filter(pk=capture.pk).update(
            public_archive_url=archived[: limits.URL_MAX]
        )
        evidence.source_fill_archive(
            source=capture.source, archive_url=archived, user=capture.requested_by
        )
    return archived


def _archive_address(result: netfetch.FetchResult) -> str:
    """The copy's address: where Save Page Now redirected to, else its
    Content-Location header (resolved against the service's address)."""
    if result.status >= FIRST_FAILING_STATUS:
        return ""
    if "/web/" in urlsplit(result.final_url).path:
        return result.final_url
    for name, value in result.headers:
        if name.lower() == "content-location" and value:
            return str(httpx.URL(result.final_url).join(value))
    return ""
