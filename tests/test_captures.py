"""Captures of cited pages (annotations/services/captures.py) against a local HTTP
server reached as a public address: the test's resolver answers a public address for
*.public.test and the sockets under the fetcher connect that address to 127.0.0.1,
so the SSRF rules stay on (FACTCHECK_ALLOW_PRIVATE_URLS off) as in a deployment."""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import gzip
import hashlib
import http.server
import io
import ipaddress
import os
import socket
import threading

import httpcore
import pytest
from django.core.files.storage import storages
from django.db.models import F
from django.utils import timezone

from annotations import jobs, queueing, services
from annotations.models import Capture, CaptureState, QuoteCheck, QuoteStatus
from annotations.services import captures
from annotations.sourcing import netfetch
from tests import factories
from tests.support_jobs import kill, start_beat, start_worker, stop, tail, wait_for

# The real-worker test runs on a broker of its own, as the resilience tests do
# (the fixture is used by name).
from tests.test_resilience import fast_jobs_env, own_broker  # noqa: F401

PUBLIC = "93.184.216.34"
QUOTE = "Harbour tolls rose 12 percent in 2023"
PAGE = (
    "<!doctype html><html><head><title>Port report</title>"
    "<style>p { color: red }</style><script>var hidden = 1;</script></head>"
    f"<body><nav>Home</nav><article><h1>Annual report</h1><p>{QUOTE}, the port "
    "authority said.</p><p>Ferries paid more.</p></article></body></html>"
).encode()
# Decodes to 10 MB of zeros from about 10 kB on the wire.
BOMB = gzip.compress(b"\0" * 10_000_000, compresslevel=9)


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    hits: dict[str, int] = {}
    # Requests to /flaky whose connection is dropped before any answer.
    drops = 0
    # Requests to /unavailable answered 503 before it answers.
    unavailable = 0

    def do_GET(self):
        path = self.path
        Handler.hits[path] = Handler.hits.get(path, 0) + 1
        if path == "/page":
            return self._send(200, PAGE, "text/html; charset=utf-8")
        if path == "/page.gz":
            return self._send(200, gzip.compress(PAGE), "text/html", encoding="gzip")
        if path == "/moved":
            return self._send(301, b"", "text/plain", location="/page")
        if path == "/plain":
            return self._send(200, f"{QUOTE}.\r\n".encode(), "text/plain")
        if path == "/report.pdf":
            return self._send(200, b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n", "application/pdf")
        if path == "/huge":
            return self._send(200, b"x" * 300_000, "text/plain")
        if path == "/bomb":
            return self._send(200, BOMB, "text/html", encoding="gzip")
        if path == "/binary":
            return self._send(200, os.urandom(4096), "application/octet-stream")
        if path == "/fake-text":
            return self._send(200, b"MZ\0\0\x90\0" * 500, "text/html")
        if path == "/latin1":
            # Latin-1 sent as HTML without a charset: not UTF-8, but text.
            return self._send(200, b"<p>Caf\xe9 tolls</p>", "text/html")
        if path == "/missing":
            return self._send(404, b"<p>Not found</p>", "text/html")
        if path == "/flaky":
            if Handler.drops > 0:
                Handler.drops -= 1
                # Closed without a word: the client sees the connection drop.
                self.close_connection = True
                self.connection.shutdown(socket.SHUT_RDWR)
                return None
            return self._send(200, f"<p>{QUOTE}.</p>".encode(), "text/html")
        if path == "/slow":
            # Headers at once, then the body a byte at a time: about 25 minutes in
            # all, so only the fetch's deadline can end it.
            self.wfile.write(
                b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n"
                b"Content-Length: 30000\r\n\r\n"
            )
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                for _ in range(30000):
                    self.wfile.write(b"x")
                    self.wfile.flush()
                    threading.Event().wait(0.05)
            return None
        if path == "/unavailable":
            if Handler.unavailable > 0:
                Handler.unavailable -= 1
                return self._send(503, b"<p>Busy</p>", "text/html")
            return self._send(200, b"<p>Back.</p>", "text/html")
        if path.startswith("/save/"):
            # Save Page Now: redirects to the copy it made.
            return self._send(
                302, b"", "text/plain", location="/web/20261207033000/" + path[6:]
            )
        if path.startswith("/web/"):
            return self._send(200, b"<p>archived</p>", "text/html")
        return self._send(404, b"", "text/plain")

    def _send(self, status, body, kind, location=None, encoding=None):
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("X-Served-By", "capture-test")
        if location:
            self.send_header("Location", location)
        if encoding:
            self.send_header("Content-Encoding", encoding)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            self.wfile.write(body)
        return None

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def server():
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield httpd.server_address[1]
    httpd.shutdown()


class LoopbackForPublic(httpcore.NetworkBackend):
    """The sockets: the public test address is this machine; nothing else answers."""

    def __init__(self):
        self.real = httpcore.SyncBackend()

    def connect_tcp(self, host, port, timeout=None, local_address=None, **kwargs):
        if host != PUBLIC:
            raise httpcore.ConnectError(f"{host} is not reachable from a test")
        return self.real.connect_tcp("127.0.0.1", port, timeout=timeout)


def resolve(host, port):
    if host.endswith(".public.test"):
        return [PUBLIC]
    if host.endswith(".internal.test"):
        return ["10.0.0.7"]
    try:
        ipaddress.ip_address(host)
    except ValueError as exc:
        raise socket.gaierror(f"unknown host {host}") from exc
    return [host]


@pytest.fixture
def web(server, settings, monkeypatch):
    """Base URL of the local server under a public name, and limits far above what
    a local answer needs (only the tests about a limit lower theirs)."""
    monkeypatch.setattr(netfetch, "resolve_host", resolve)
    monkeypatch.setattr(
        netfetch,
        "FetchSession",
        functools.partial(netfetch.FetchSession, connector=LoopbackForPublic()),
    )
    settings.FACTCHECK_ALLOW_PRIVATE_URLS = False
    settings.FACTCHECK_CAPTURES = True
    settings.FACTCHECK_CAPTURE_TIMEOUT = 60
    settings.FACTCHECK_CAPTURE_DEADLINE = 120
    settings.FACTCHECK_CAPTURE_MAX_BYTES = 100_000
    settings.FACTCHECK_CAPTURE_ATTEMPTS = 4
    settings.FACTCHECK_CAPTURE_WAYBACK = False
    settings.FACTCHECK_CAPTURE_RETRY_SECONDS = 30
    Handler.hits.clear()
    return f"http://site.public.test:{server}"


@pytest.fixture
def eager(settings):
    """Tasks run in this process when sent, as a worker would run them."""
    import annotations.tasks  # noqa: F401
    from factcheck.celery import app

    settings.CELERY_TASK_ALWAYS_EAGER = True
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = False


@pytest.fixture
def claim(db):
    from annotations.ratingscale import ensure_default_scale

    ensure_default_scale()
    article = factories.ArticleFactory(
        body=f"{QUOTE}, the port authority said. Critics called it unfair."
    )
    return factories.claims_for(article, checkworthiness=0.8)[0]


def stored_files() -> list[str]:
    storage = storages[captures.STORAGE]
    if not storage.exists("web"):
        return []
    return sorted(storage.listdir("web")[1])


@pytest.fixture(autouse=True)
def _empty_storage(db):
    """Each test starts with no captured files (the storage is per test process)."""
    storage = storages[captures.STORAGE]
    for name in stored_files():
        storage.delete(f"web/{name}")


def cite(claim, user, url, callbacks):
    with callbacks(execute=True):
        citation = services.citation_add_with_source(
            claim=claim, user=user, url=url, stance="supports", quote=QUOTE
        )
    return Capture.objects.get(source=citation.source)


def pending(url: str) -> Capture:
    source = factories.SourceFactory(url=url, normalized_url=url)
    return Capture.objects.create(source=source, url=url)


# --- cite, capture, verify ---------------------------------------------------------


def test_citing_a_page_captures_it_after_commit(
    web, eager, claim, reviewer, django_capture_on_commit_callbacks
):
    """The citation's transaction commits, then the worker's task fetches the page,
    stores a WARC whose payload hashes to the row's SHA-256, and extracts its text."""
    capture = cite(claim, reviewer, f"{web}/moved", django_capture_on_commit_callbacks)
    capture.refresh_from_db()
    assert capture.state == CaptureState.CAPTURED, capture.error
    assert capture.requested_by == reviewer
    assert capture.final_url == f"{web}/page"
    assert (capture.http_status, capture.content_type) == (200, "text/html")
    assert capture.size_bytes == len(PAGE)
    assert capture.sha256 == hashlib.sha256(PAGE).hexdigest()
    assert QUOTE in capture.text
    assert "hidden" not in capture.text
    assert "color" not in capture.text
    assert capture.captured_at is not None
    assert stored_files() == [f"{capture.pk}.warc.gz"]
    assert captures.capture_verify(capture)
    copy = captures.capture_open(capture)
    assert copy.payload == PAGE
    assert copy.status == 200
    assert ("X-Served-By", "capture-test") in copy.headers
    assert copy.url == f"{web}/page"


@pytest.mark.parametrize(
    ("path", "quote", "status"),
    [
        ("/page", QUOTE, QuoteStatus.FOUND),
        ("/page", "Words the page never said at all", QuoteStatus.NOT_FOUND),
        ("/missing", QUOTE, QuoteStatus.CAPTURE_FAILED),
    ],
)
def test_the_capture_task_checks_the_citations_quotes_as_it_stores(
    web, eager, claim, reviewer, django_capture_on_commit_callbacks, path, quote, status
):
    """The quotes are checked in the transaction that stores (or fails) the capture,
    so a worker dying after its commit leaves none checked against nothing."""
    with django_capture_on_commit_callbacks(execute=True):
        citation = services.citation_add_with_source(
            claim=claim, user=reviewer, url=f"{web}{path}", stance="supports",
            quote=quote,
        )  # fmt: skip
    assert QuoteCheck.objects.get(citation=citation).status == status


def test_the_warc_holds_the_request_and_the_real_response(web, claim):
    """A standard WARC: a request record and a response record with the status line
    and the headers as sent (the coding headers kept under X-Archive-Orig-, since
    the payload is stored decoded), each record gzipped on its own."""
    from warcio.archiveiterator import ArchiveIterator

    capture = pending(f"{web}/page.gz")
    assert captures.capture_run(capture_id=capture.pk).state == "captured"
    capture.refresh_from_db()
    raw = storages[captures.STORAGE].open(capture.file_path, "rb").read()
    # Every record is a gzip member of its own.
    assert raw[:2] == b"\x1f\x8b"
    records = list(ArchiveIterator(io.BytesIO(raw)))
    # warcio's order for a pair: the response, then the request it answered.
    assert [record.rec_type for record in records] == ["response", "request"]
    response, request = records
    assert request.http_headers.protocol == "GET"
    assert request.http_headers.get_header("User-Agent")
    assert response.http_headers.statusline == "200 OK"
    assert response.http_headers.get_header("X-Archive-Orig-Content-Encoding") == "gzip"
    assert response.http_headers.get_header("Content-Encoding") is None
    assert request.rec_headers.get_header("WARC-Concurrent-To") == (
        response.rec_headers.get_header("WARC-Record-ID")
    )
    assert captures.capture_open(capture).payload == PAGE
    assert capture.sha256 == hashlib.sha256(PAGE).hexdigest()


def test_plain_text_keeps_its_text_and_a_pdf_is_kept_without(web, claim):
    plain = pending(f"{web}/plain")
    pdf = pending(f"{web}/report.pdf")
    captures.capture_run(capture_id=plain.pk)
    captures.capture_run(capture_id=pdf.pk)
    plain.refresh_from_db()
    pdf.refresh_from_db()
    assert plain.state == pdf.state == CaptureState.CAPTURED
    assert plain.text == f"{QUOTE}."
    assert (pdf.content_type, pdf.text) == ("application/pdf", "")
    assert captures.capture_verify(pdf)


def test_text_in_an_undeclared_encoding_is_kept_without_text(web, claim):
    """Not UTF-8 and no charset said: the page is still what the source showed, so
    it is kept (and hashed), only its text is not guessed."""
    capture = pending(f"{web}/latin1")
    captures.capture_run(capture_id=capture.pk)
    capture.refresh_from_db()
    assert (capture.state, capture.text) == (CaptureState.CAPTURED, "")
    assert captures.capture_verify(capture)


def test_a_changed_file_no_longer_verifies(web, claim):
    capture = pending(f"{web}/plain")
    captures.capture_run(capture_id=capture.pk)
    capture.refresh_from_db()
    storage = storages[captures.STORAGE]
    with storage.open(capture.file_path, "rb") as stored:
        raw = stored.read()
    from warcio.archiveiterator import ArchiveIterator
    from warcio.warcwriter import WARCWriter

    # The same WARC rewritten with one word of the page changed.
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=True)
    for record in ArchiveIterator(io.BytesIO(raw)):
        payload = record.content_stream().read().replace(b"12", b"21")
        writer.write_record(
            writer.create_warc_record(
                record.rec_headers.get_header("WARC-Target-URI"),
                record.rec_type,
                payload=io.BytesIO(payload),
                http_headers=record.http_headers,
            )
        )
    storage.delete(capture.file_path)
    storage.save(capture.file_path, io.BytesIO(buffer.getvalue()))
    assert not captures.capture_verify(capture)


# --- refusals ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "code", "status"),
    [
        ("/huge", captures.TOO_LARGE, None),
        ("/bomb", captures.TOO_LARGE, None),
        ("/binary", captures.BINARY, None),
        ("/fake-text", captures.BINARY, None),
        ("/missing", captures.HTTP_ERROR, 404),
    ],
)
def test_what_the_limits_refuse_fails_at_once_and_leaves_no_file(
    web, claim, path, code, status
):
    capture = pending(f"{web}{path}")
    outcome = captures.capture_run(capture_id=capture.pk)
    capture.refresh_from_db()
    assert (outcome.state, outcome.retry_in) == ("failed", None)
    assert (capture.state, capture.error_code) == (CaptureState.FAILED, code)
    assert capture.http_status == status
    assert capture.error
    assert capture.sha256 == ""
    assert capture.text == ""
    assert stored_files() == []
    # Refused by a limit: not tried again.
    assert Handler.hits[path] == 1


def test_a_gzip_bomb_is_refused_without_being_inflated(web, claim, monkeypatch):
    """The decoded size is counted as it comes out: no more than the cap plus one
    decoding step is ever held, never the 10 MB the bomb expands to."""
    largest = []
    real = netfetch._Decoder.feed

    def measured(self, data):
        for piece in real(self, data):
            largest.append(len(piece))
            yield piece

    monkeypatch.setattr(netfetch._Decoder, "feed", measured)
    capture = pending(f"{web}/bomb")
    captures.capture_run(capture_id=capture.pk)
    capture.refresh_from_db()
    assert capture.error_code == captures.TOO_LARGE
    assert "after decompression" in capture.error
    assert sum(largest) <= 100_000 + netfetch._PIECE


def test_a_page_slower_than_the_deadline_fails_as_too_slow(web, claim, settings):
    """Each byte arrives well within the step timeout, but the whole page would take
    25 minutes: the fetch's deadline ends it, and a limit is not tried again."""
    settings.FACTCHECK_CAPTURE_DEADLINE = 1.0
    capture = pending(f"{web}/slow")
    outcome = captures.capture_run(capture_id=capture.pk)
    capture.refresh_from_db()
    assert (outcome.retry_in, capture.state) == (None, CaptureState.FAILED)
    assert capture.error_code == captures.TOO_SLOW
    assert "took longer" in capture.error
    assert stored_files() == []


def test_a_private_address_is_refused_before_any_connection(web, claim, monkeypatch):
    connected = []
    original = LoopbackForPublic.connect_tcp

    def recording(self, host, port, **kwargs):
        connected.append(host)
        return original(self, host, port, **kwargs)

    monkeypatch.setattr(LoopbackForPublic, "connect_tcp", recording)
    capture = pending("http://files.internal.test/secret")
    captures.capture_run(capture_id=capture.pk)
    capture.refresh_from_db()
    assert (capture.state, capture.error_code) == (
        CaptureState.FAILED,
        captures.REFUSED_ADDRESS,
    )
    assert "10.0.0.7" in capture.error
    assert connected == []
    assert stored_files() == []


def test_a_refusal_removes_a_file_a_dead_run_left(web, claim):
    capture = pending(f"{web}/missing")
    storages[captures.STORAGE].save(
        captures.capture_file_name(capture.pk), io.BytesIO(b"half a warc")
    )
    captures.capture_run(capture_id=capture.pk)
    assert stored_files() == []


# --- retries -----------------------------------------------------------------------


def test_a_dropped_connection_is_tried_again_then_captured(web, claim):
    """The site drops the first two connections: the task asks Celery to run it
    again after the backoff (run at once here, as Celery runs a retry of a task
    applied in-process), twice, and the third run captures."""
    from annotations import tasks
    from factcheck.celery import app

    Handler.drops = 2
    capture = pending(f"{web}/flaky")
    # Retries of an in-process run are themselves run, not raised.
    app.conf.task_eager_propagates = False
    try:
        run = tasks.capture_source.apply(args=(capture.pk,))
    finally:
        app.conf.task_eager_propagates = True
    assert run.state == "SUCCESS"
    assert run.result["state"] == "captured"
    capture.refresh_from_db()
    assert capture.state == CaptureState.CAPTURED, capture.error
    assert (capture.attempts, capture.error_code) == (3, "")
    assert Handler.hits["/flaky"] == 3
    assert QUOTE in capture.text
    assert stored_files() == [f"{capture.pk}.warc.gz"]


def test_a_site_that_never_answers_fails_after_the_attempts(web, claim, settings):
    Handler.drops = 1_000
    settings.FACTCHECK_CAPTURE_ATTEMPTS = 3
    settings.FACTCHECK_CAPTURE_RETRY_SECONDS = 30
    capture = pending(f"{web}/flaky")
    waits = []
    for _ in range(3):
        outcome = captures.capture_run(capture_id=capture.pk)
        waits.append(outcome.retry_in)
    Handler.drops = 0
    capture.refresh_from_db()
    # Backoff doubles; the third hand-off was the last.
    assert waits == [30, 60, None]
    assert (capture.state, capture.error_code) == (
        CaptureState.FAILED,
        captures.NETWORK,
    )
    assert "tried 3 times" in capture.error


def test_a_server_error_is_tried_again_with_its_status_kept(web, claim):
    """503 is the site's trouble, not the page's fate: tried again (a 404 is not,
    see the refusals above), and the row remembers what the last try met."""
    Handler.unavailable = 1
    capture = pending(f"{web}/unavailable")
    outcome = captures.capture_run(capture_id=capture.pk)
    capture.refresh_from_db()
    assert (outcome.state, capture.state) == ("pending", CaptureState.PENDING)
    assert outcome.retry_in == 30
    # One run taken; the next is due after the first backoff.
    assert (capture.attempts, capture.error_code) == (1, captures.NETWORK)
    assert capture.lease_expires_at is None
    assert capture.sent_at > timezone.now() + dt.timedelta(seconds=25)
    assert "HTTP 503" in capture.error
    assert captures.capture_run(capture_id=capture.pk).state == "captured"
    capture.refresh_from_db()
    assert (capture.http_status, capture.error) == (200, "")


# --- exactly once ------------------------------------------------------------------


def test_running_twice_stores_one_file_and_one_row(web, claim):
    capture = pending(f"{web}/page")
    first = captures.capture_run(capture_id=capture.pk)
    capture.refresh_from_db()
    stored_at = capture.captured_at
    second = captures.capture_run(capture_id=capture.pk)
    assert (first.state, second.skipped) == ("captured", "not pending")
    assert Capture.objects.filter(source=capture.source).count() == 1
    capture.refresh_from_db()
    assert capture.captured_at == stored_at
    assert stored_files() == [f"{capture.pk}.warc.gz"]
    assert Handler.hits["/page"] == 1


def test_a_duplicate_message_finds_the_capture_held_and_fetches_nothing(
    web, claim, monkeypatch
):
    """A second delivery of the message arrives while a worker fetches: the lease
    is live, so it does nothing; the first run stores."""
    capture = pending(f"{web}/page")
    real_fetch = captures._fetch
    inner = []

    def fetch_while_the_duplicate_arrives(url):
        if not inner:
            inner.append(captures.capture_run(capture_id=capture.pk))
        return real_fetch(url)

    monkeypatch.setattr(captures, "_fetch", fetch_while_the_duplicate_arrives)
    outer = captures.capture_run(capture_id=capture.pk)
    assert (inner[0].state, inner[0].skipped) == ("pending", "another worker holds it")
    assert outer.state == "captured"
    assert Handler.hits["/page"] == 1
    capture.refresh_from_db()
    assert (capture.attempts, capture.lease_expires_at) == (1, None)
    assert captures.capture_verify(capture)


def test_a_run_whose_lease_lapsed_and_was_taken_over_stores_nothing(
    web, claim, monkeypatch
):
    """A worker so slow its lease lapsed: another takes the capture over and stores
    it; the slow one, storing second, finds the row captured under its lock and
    writes nothing."""
    capture = pending(f"{web}/page")
    real_fetch = captures._fetch
    inner = []

    def fetch_then_let_the_duplicate_finish(url):
        result = real_fetch(url)
        if not inner:
            inner.append(None)  # the duplicate's own fetch goes straight through
            Capture.objects.filter(pk=capture.pk).update(
                lease_expires_at=timezone.now() - dt.timedelta(seconds=1)
            )
            inner[0] = captures.capture_run(capture_id=capture.pk)
        return result

    monkeypatch.setattr(captures, "_fetch", fetch_then_let_the_duplicate_finish)
    outer = captures.capture_run(capture_id=capture.pk)
    assert inner[0].state == "captured"
    assert outer.skipped == "stored by another run"
    capture.refresh_from_db()
    assert capture.state == CaptureState.CAPTURED
    assert stored_files() == [f"{capture.pk}.warc.gz"]
    assert captures.capture_verify(capture)


def test_a_rerun_after_a_death_overwrites_the_file_it_left(web, claim):
    capture = pending(f"{web}/page")
    name = captures.capture_file_name(capture.pk)
    storages[captures.STORAGE].save(name, io.BytesIO(b"half a warc"))
    captures.capture_run(capture_id=capture.pk)
    capture.refresh_from_db()
    assert capture.file_path == name
    assert stored_files() == [f"{capture.pk}.warc.gz"]
    assert captures.capture_verify(capture)


# --- requesting --------------------------------------------------------------------


@pytest.fixture
def sent(monkeypatch):
    messages = []

    def record(task, *args, **options):
        messages.append((queueing._task(task).name, args))

    monkeypatch.setattr(queueing, "send", record)
    return messages


def test_citing_sends_one_task_after_commit_and_reciting_none(
    claim, reviewer, sent, settings, django_capture_on_commit_callbacks
):
    settings.FACTCHECK_CAPTURES = True
    url = "https://news.example/story"
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        citation = services.citation_add_with_source(
            claim=claim, user=reviewer, url=url, stance="supports"
        )
        # Nothing is sent inside the request's transaction.
        assert sent == []
    for callback in callbacks:
        callback()
    capture = Capture.objects.get(source=citation.source)
    assert [m for m in sent if m[0] == captures.CAPTURE_SOURCE] == [
        (captures.CAPTURE_SOURCE, (capture.pk,))
    ]
    assert (capture.state, capture.url, capture.attempts) == ("pending", url, 0)
    # Recorded as sent, so the reaper does not send it again at once.
    assert capture.sent_at is not None
    other = factories.claims_for(factories.ArticleFactory(), checkworthiness=0.8)[0]
    with django_capture_on_commit_callbacks(execute=True):
        services.citation_add(
            claim=other, source=citation.source, stance="refutes", user=reviewer
        )
    assert Capture.objects.filter(source=citation.source).count() == 1
    assert len([m for m in sent if m[0] == captures.CAPTURE_SOURCE]) == 1


def test_a_fresh_capture_covers_a_new_citation_an_old_or_failed_one_does_not(
    reviewer, settings
):
    settings.FACTCHECK_CAPTURES = True
    settings.FACTCHECK_CAPTURE_MAX_AGE_DAYS = 30
    fresh = factories.CaptureFactory()
    assert captures.capture_request(source=fresh.source, user=reviewer) == fresh
    old = factories.CaptureFactory(captured_at=timezone.now() - dt.timedelta(days=31))
    renewed = captures.capture_request(source=old.source, user=reviewer)
    assert renewed != old
    assert renewed.state == CaptureState.PENDING
    failed = factories.CaptureFactory(state=CaptureState.FAILED, captured_at=None)
    retried = captures.capture_request(source=failed.source, user=reviewer)
    assert retried != failed
    assert retried.state == CaptureState.PENDING
    # Asked again while it waits: the same row.
    assert captures.capture_request(source=old.source, user=reviewer) == renewed
    untitled = factories.SourceFactory(url="", normalized_url="")
    assert captures.capture_request(source=untitled, user=reviewer) is None
    settings.FACTCHECK_CAPTURES = False
    assert captures.capture_request(source=old.source, user=reviewer) is None


# --- the sweeper -------------------------------------------------------------------


def test_the_reaper_resends_a_capture_never_sent_but_not_one_a_worker_holds(
    sent, web, claim, monkeypatch
):
    """Asked for two days ago while the broker was down (never sent): the reaper's
    first turn sends it, and no later turn does while its message is fresh or a
    worker holds it, however long ago it was asked for."""
    capture = pending(f"{web}/page")
    Capture.objects.filter(pk=capture.pk).update(
        requested_at=timezone.now() - dt.timedelta(days=2)
    )
    assert jobs.sweep_captures(timezone.now()) == 1
    assert sent == [(captures.CAPTURE_SOURCE, (capture.pk,))]
    assert jobs.sweep_captures(timezone.now()) == 0
    turns = []
    real_fetch = captures._fetch

    def fetch_while_the_reaper_turns(url):
        turns.append(jobs.sweep_captures(timezone.now()))
        return real_fetch(url)

    monkeypatch.setattr(captures, "_fetch", fetch_while_the_reaper_turns)
    assert captures.capture_run(capture_id=capture.pk).state == "captured"
    assert turns == [0]
    assert len(sent) == 1


def test_the_reaper_resends_a_message_lost_for_longer_than_the_resend_window(
    sent, settings, db
):
    settings.FACTCHECK_JOB_RESEND_SECONDS = 120
    capture = pending("https://news.example/lost")
    start = timezone.now()
    Capture.objects.filter(pk=capture.pk).update(sent_at=start)
    assert jobs.sweep_captures(start + dt.timedelta(seconds=119)) == 0
    assert jobs.sweep_captures(start + dt.timedelta(seconds=121)) == 1
    capture.refresh_from_db()
    assert capture.sent_at == start + dt.timedelta(seconds=121)
    # A lost message is no run: it does not use up a try.
    assert capture.attempts == 0
    assert jobs.sweep_captures(start + dt.timedelta(seconds=121 + 119)) == 0
    assert jobs.sweep_captures(start + dt.timedelta(seconds=121 + 121)) == 1


def test_a_retry_is_resent_only_after_its_backoff_and_the_window(
    sent, web, claim, settings
):
    """A 503 schedules the next run after the backoff; should the broker lose or
    refuse that retry, the reaper sends it one resend window after it was due."""
    settings.FACTCHECK_JOB_RESEND_SECONDS = 120
    settings.FACTCHECK_CAPTURE_RETRY_SECONDS = 300
    Handler.unavailable = 1
    capture = pending(f"{web}/unavailable")
    outcome = captures.capture_run(capture_id=capture.pk)
    assert outcome.retry_in == 300
    now = timezone.now()
    assert jobs.sweep_captures(now + dt.timedelta(seconds=300 + 100)) == 0
    assert jobs.sweep_captures(now + dt.timedelta(seconds=300 + 130)) == 1


class WorkerKilled(BaseException):
    """Stands for kill -9: nothing after it runs, not even `except Exception`."""


def test_a_capture_whose_worker_died_is_resent_once_its_lease_lapsed(
    sent, web, claim, monkeypatch, settings
):
    settings.FACTCHECK_JOB_LEASE_SECONDS = 60
    settings.FACTCHECK_JOB_RESEND_SECONDS = 120
    settings.FACTCHECK_CAPTURE_ATTEMPTS = 2
    capture = pending(f"{web}/page")

    def die(url):
        raise WorkerKilled

    monkeypatch.setattr(captures, "_fetch", die)
    with pytest.raises(WorkerKilled):
        captures.capture_run(capture_id=capture.pk)
    start = timezone.now()
    Capture.objects.filter(pk=capture.pk).update(sent_at=start)
    # Held under a live lease: the worker may still be fetching.
    assert jobs.sweep_captures(start + dt.timedelta(seconds=50)) == 0
    # Lapsed: sent again at once, and once only.
    assert jobs.sweep_captures(start + dt.timedelta(seconds=61)) == 1
    assert jobs.sweep_captures(start + dt.timedelta(seconds=62)) == 0
    with pytest.raises(WorkerKilled):
        captures.capture_run(capture_id=capture.pk)
    # Every run taken died: failed, saying why.
    assert jobs.sweep_captures(timezone.now() + dt.timedelta(seconds=61)) == 0
    capture.refresh_from_db()
    assert (capture.state, capture.error_code, capture.attempts) == (
        "failed",
        captures.NETWORK,
        2,
    )
    assert "after 2 tries" in capture.error
    assert len(sent) == 1


def test_the_sweeper_leaves_captured_and_failed_rows_alone(sent, db):
    factories.CaptureFactory()
    factories.CaptureFactory(state=CaptureState.FAILED)
    assert jobs.sweep_captures(timezone.now() + dt.timedelta(days=1)) == 0
    assert sent == []


# --- the public archive ------------------------------------------------------------


def test_save_page_now_is_asked_when_switched_on(web, claim, settings, server):
    settings.FACTCHECK_CAPTURE_WAYBACK = True
    settings.FACTCHECK_CAPTURE_WAYBACK_URL = (
        f"http://archive.public.test:{server}/save/"
    )
    capture = pending(f"{web}/page")
    captures.capture_run(capture_id=capture.pk)
    capture.refresh_from_db()
    # The hook runs after commit; the test's transaction never commits.
    assert capture.public_archive_url == ""
    captures.capture_stored(capture)
    capture.refresh_from_db()
    expected = f"http://archive.public.test:{server}/web/20261207033000/{web}/page"
    assert capture.public_archive_url == expected
    capture.source.refresh_from_db()
    assert capture.source.archive_url == expected


def test_save_page_now_never_replaces_an_archive_and_its_failure_is_harmless(
    web, claim, settings, server
):
    settings.FACTCHECK_CAPTURE_WAYBACK = True
    settings.FACTCHECK_CAPTURE_WAYBACK_URL = (
        f"http://archive.public.test:{server}/save/"
    )
    capture = pending(f"{web}/page")
    capture.source.archive_url = "https://archive.example/kept"
    capture.source.save()
    captures.capture_run(capture_id=capture.pk)
    captures.capture_stored(Capture.objects.get(pk=capture.pk))
    capture.source.refresh_from_db()
    assert capture.source.archive_url == "https://archive.example/kept"
    settings.FACTCHECK_CAPTURE_WAYBACK_URL = "http://down.internal.test/save/"
    assert captures.capture_public_archive(capture) == ""


def test_save_page_now_is_not_asked_by_default(web, claim, settings):
    capture = pending(f"{web}/page")
    captures.capture_run(capture_id=capture.pk)
    captures.capture_stored(Capture.objects.get(pk=capture.pk))
    assert not any(path.startswith("/save/") for path in Handler.hits)
    assert Capture.objects.get(pk=capture.pk).public_archive_url == ""


def test_failures_are_said_in_the_readers_language(db):
    from django.utils import translation

    capture = factories.CaptureFactory(
        state=CaptureState.FAILED,
        error_code=captures.TOO_LARGE,
        error="https://x.example/ is larger than 100 bytes",
    )
    assert captures.capture_error_said(capture) == capture.error
    with translation.override("es"):
        said = captures.capture_error_said(capture)
        # The general sentence of the code, said through the catalogue, rather
        # than the stored English with its specifics.
        assert said == str(captures.ERROR_SENTENCES[captures.TOO_LARGE])
    assert set(captures.ERROR_SENTENCES) >= {
        captures.REFUSED_ADDRESS, captures.TOO_LARGE, captures.TOO_SLOW,
        captures.HTTP_ERROR, captures.BINARY, captures.NETWORK,
    }  # fmt: skip


# --- a real worker killed mid-capture ----------------------------------------------


class HeldHandler(http.server.BaseHTTPRequestHandler):
    """Holds its first request until the test lets it go (the worker fetching it is
    killed meanwhile); answers every later one at once."""

    protocol_version = "HTTP/1.1"
    arrived = threading.Event()
    release = threading.Event()
    requests = 0

    def do_GET(self):
        HeldHandler.requests += 1
        if HeldHandler.requests == 1:
            HeldHandler.arrived.set()
            HeldHandler.release.wait(600)
            return
        body = f"<p>{QUOTE}, said the port.</p>".encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def held_server():
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), HeldHandler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield httpd.server_address[1]
    HeldHandler.release.set()
    httpd.shutdown()


def stored_lines(logs: dict) -> list[str]:
    """The workers' log lines of a capture task that stored the page."""
    return [
        line
        for name in ("first", "second")
        if logs[name].exists()
        for line in logs[name].read_text().splitlines()
        if "annotations.capture_source" in line
        and "'state': 'captured'" in line
        and "'skipped': ''" in line
    ]


# The workers' wait before a capture's second hand-off and fetch deadline, seconds.
RETRY_SECONDS = 1
DEADLINE = 60


@pytest.mark.worker
@pytest.mark.slow
def test_a_worker_killed_mid_capture_captures_once_after_restart(
    transactional_db,
    tmp_path,
    own_broker,  # noqa: F811 - the fixture imported above
    held_server,
):
    """kill -9 of the whole worker while it fetches a page: the capture stays
    PENDING with no file; beat's reaper sends it again once it is overdue and the
    restarted worker captures it. One CAPTURED row, one file, and it verifies.

    The worker reaches the local server directly (private addresses allowed in its
    environment): this test is about exactly once, the tests above about the SSRF
    rules."""
    url = f"http://127.0.0.1:{held_server}/held"
    source = factories.SourceFactory(url=url, normalized_url=url)
    # Asked for while no worker ran, its message never sent: the reaper sends it.
    capture = Capture.objects.create(source=source, url=url)
    env = fast_jobs_env(
        own_broker,
        tmp_path,
        # Its own queue: a worker the session started on the same broker folder
        # (tests/test_tasks.py) must not take this test's capture.
        FACTCHECK_TEST_QUEUE=f"factcheck-tests-captures-{held_server}",
        FACTCHECK_JOB_RESEND_SECONDS=2,
        FACTCHECK_ALLOW_PRIVATE_URLS=1,
        FACTCHECK_CAPTURES=1,
        FACTCHECK_CAPTURE_RETRY_SECONDS=RETRY_SECONDS,
        # Far longer than the kill takes to follow the request: the held fetch
        # never ends by its deadline first.
        FACTCHECK_CAPTURE_DEADLINE=DEADLINE,
    )
    logs = {name: tmp_path / f"{name}.log" for name in ("first", "second", "beat")}
    beat = start_beat(logs["beat"], env)
    first = start_worker(logs["first"], env)
    second = None
    try:
        wait_for(
            HeldHandler.arrived.is_set,
            what=lambda: f"the worker fetches the page\n{tail(logs['first'])}",
        )
        kill(first)
        capture.refresh_from_db()
        assert capture.state == CaptureState.PENDING
        assert stored_files() == []
        HeldHandler.release.set()
        # The reaper sends a capture again once the hand-off it holds has had its
        # wait and its fetch deadline (captures.capture_due_at, whose arithmetic
        # test_the_sweeper_resends_a_lost_capture_once_per_hand_off holds): the
        # killed hand-off's minute is moved into the past rather than waited out.
        Capture.objects.filter(pk=capture.pk).update(
            requested_at=F("requested_at")
            - dt.timedelta(seconds=RETRY_SECONDS + DEADLINE)
        )

        second = start_worker(logs["second"], env)
        wait_for(
            lambda: Capture.objects.filter(
                pk=capture.pk, state=CaptureState.CAPTURED
            ).exists(),
            what=lambda: f"the page is captured\n{tail(logs['second'])}",
        )
        # The row commits before the worker logs the task's end: stopping it now
        # could cut that line off.
        wait_for(
            lambda: stored_lines(logs),
            what=lambda: f"the worker logs the capture\n{tail(logs['second'])}",
        )
    finally:
        for process in (second, first, beat):
            if process is not None:
                stop(process)
    assert Capture.objects.filter(source=source).count() == 1
    capture.refresh_from_db()
    assert QUOTE in capture.text
    assert stored_files() == [f"{capture.pk}.warc.gz"]
    assert captures.capture_verify(capture)
    stored = stored_lines(logs)
    assert len(stored) == 1, stored


def test_a_deployment_captures_by_default():
    """The tests switch captures off unless a test asks (tests/settings.py); a desk
    running the project's settings captures every cited page unless told not to."""
    import os

    from factcheck import settings as deployment

    if "FACTCHECK_CAPTURES" in os.environ:
        pytest.skip("FACTCHECK_CAPTURES is set in this environment")
    assert deployment.FACTCHECK_CAPTURES is True
