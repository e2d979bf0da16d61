"""The link checker against a local HTTP server: statuses, loops, slowness."""

import contextlib
import functools
import http.server
import threading
import time

import httpcore
import pytest
from django.utils import timezone

from annotations.models import LinkStatus, PendingRescan, QuoteCheck, Source
from annotations.services import quotes as quote_checks
from annotations.sourcing import linkcheck, netfetch
from tests import factories


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    hits: list[tuple[str, str, float]] = []

    def _answer(self, method: str):
        Handler.hits.append((method, self.path, time.monotonic()))
        path = self.path
        if path == "/ok":
            return self._send(200, b"fine")
        if path == "/missing":
            return self._send(404, b"not here")
        if path == "/broken":
            return self._send(500, b"oops")
        if path.startswith("/loop"):
            return self._send(
                302, b"", location="/loop-again" if path == "/loop" else "/loop"
            )
        if path == "/moved":
            return self._send(301, b"", location="/ok")
        if path == "/slow":
            # Answers only once the test lets it: the checker's timeout, not the
            # machine's speed, decides what the checker sees.
            Handler.release.wait(timeout=120)
            return self._send(200, b"late")
        if path == "/no-head":
            if method == "HEAD":
                return self._send(405, b"")
            return self._send(200, b"get works")
        if path == "/big":
            return self._send(200, b"x" * 1_000_000)
        if path == "/article":
            return self._send(200, Handler.article, content_type="text/html")
        if path == "/flaky":
            Handler.flaky_calls = getattr(Handler, "flaky_calls", 0) + 1
            return self._send(200 if Handler.flaky_ok else 503, b"")
        return self._send(404, b"")

    def _send(self, status, body, location=None, content_type=None):
        self.send_response(status)
        if location:
            self.send_header("Location", location)
        if content_type:
            self.send_header("Content-Type", f"{content_type}; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                self.wfile.write(body)

    def do_GET(self):
        self._answer("GET")

    def do_HEAD(self):
        self._answer("HEAD")

    def log_message(self, *args):
        pass


Handler.flaky_ok = False
Handler.article = b""
Handler.release = threading.Event()


@pytest.fixture(scope="module")
def server():
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


@pytest.fixture
def allow_local(settings):
    settings.FACTCHECK_ALLOW_PRIVATE_URLS = True
    # Far above what a local answer takes on a loaded machine: only the test that
    # is about the timeout shortens it.
    settings.FACTCHECK_LINK_CHECK_TIMEOUT = 30
    settings.FACTCHECK_FETCH_MAX_REDIRECTS = 3
    settings.FACTCHECK_LINK_CHECK_MAX_BYTES = 10_000
    settings.FACTCHECK_LINK_CHECK_DOMAIN_DELAY = 0
    return settings


@pytest.mark.parametrize(
    ("path", "ok", "status", "method"),
    [
        ("/ok", True, 200, "HEAD"),
        ("/moved", True, 200, "HEAD"),
        ("/no-head", True, 200, "GET"),
        ("/missing", False, 404, "GET"),
        ("/broken", False, 500, "GET"),
        ("/big", True, 200, "HEAD"),
    ],
)
def test_check_url_statuses(server, allow_local, path, ok, status, method):
    """2xx (after redirects) is alive; 4xx/5xx fail after the GET fallback."""
    outcome = linkcheck.check_url(server + path)
    assert (outcome.ok, outcome.http_status, outcome.method) == (ok, status, method)
    if ok:
        assert outcome.final_url.endswith("/ok" if path == "/moved" else path)
    else:
        assert str(status) in outcome.error


def test_redirect_loop_fails_with_a_clear_error(server, allow_local):
    outcome = linkcheck.check_url(server + "/loop")
    assert not outcome.ok
    assert "redirects" in outcome.error


def test_slow_response_times_out_without_a_get_retry(server, allow_local):
    """A server that does not answer within the timeout: the check gives up (it
    returns while the server is still holding the request) and does not retry
    with GET."""
    allow_local.FACTCHECK_LINK_CHECK_TIMEOUT = 0.5
    Handler.hits.clear()
    Handler.release.clear()
    try:
        outcome = linkcheck.check_url(server + "/slow")
    finally:
        Handler.release.set()
    assert not outcome.ok
    assert "Timed out" in outcome.error
    assert [method for method, path, _ in Handler.hits if path == "/slow"] == ["HEAD"]


def test_body_is_capped_on_get(server, allow_local):
    """A GET reads at most the configured bytes (the 1 MB body is cut off)."""
    with netfetch.FetchSession() as session:
        result = linkcheck._fetch(server + "/big", "GET", session)
    assert result.truncated
    assert len(result.body) == 10_000


def test_private_address_refused_when_setting_off(server, settings):
    settings.FACTCHECK_ALLOW_PRIVATE_URLS = False
    outcome = linkcheck.check_url(server + "/ok")
    assert not outcome.ok
    assert "private or local" in outcome.error
    assert outcome.http_status is None


def test_requests_to_one_domain_are_paced(server, allow_local):
    """Two URLs on one host are checked one after the other, the delay apart."""
    Handler.hits.clear()
    urls = {1: server + "/ok", 2: server + "/missing"}
    linkcheck.check_urls(urls, concurrency=4, domain_delay=0.3)
    times = sorted(t for _, path, t in Handler.hits if path in {"/ok", "/missing"})
    assert times[-1] - times[0] >= 0.3


def test_a_rebinding_name_never_reaches_the_local_server(server, settings, monkeypatch):
    """The checker resolves each name once and connects to the address it checked:
    a name answering a public address first and 127.0.0.1 afterwards is either
    connected at the public address or refused, never connected locally."""
    settings.FACTCHECK_ALLOW_PRIVATE_URLS = False
    settings.FACTCHECK_LINK_CHECK_DOMAIN_DELAY = 0
    port = server.rsplit(":", 1)[1]
    answers = iter([["93.184.216.34"]])
    lookups = []

    def rebinding_resolver(host, port):
        lookups.append(host)
        return next(answers, ["127.0.0.1"])

    monkeypatch.setattr(netfetch, "resolve_host", rebinding_resolver)
    connected = []

    class PublicOnlyNetwork(httpcore.NetworkBackend):
        def connect_tcp(self, host, port, **kwargs):
            connected.append(host)
            raise httpcore.ConnectError(f"{host} is not reachable from a test")

    monkeypatch.setattr(
        netfetch,
        "FetchSession",
        functools.partial(netfetch.FetchSession, connector=PublicOnlyNetwork()),
    )
    Handler.hits.clear()
    outcomes = linkcheck.check_urls({1: f"http://rebind.test:{port}/ok"})
    assert not outcomes[1].ok
    # HEAD connected at the checked public address; the GET fallback re-resolved,
    # saw 127.0.0.1 and was refused before connecting.
    assert connected == ["93.184.216.34"]
    assert lookups == ["rebind.test", "rebind.test"]
    assert "private or local" in outcomes[1].error
    assert Handler.hits == []


def test_a_redirect_to_the_local_server_is_refused(server, settings, monkeypatch):
    """A public page redirecting to a loopback address is a failed check, and the
    local server never sees the request."""
    settings.FACTCHECK_ALLOW_PRIVATE_URLS = False
    monkeypatch.setattr(
        netfetch,
        "resolve_host",
        lambda host, port: [host if host[0].isdigit() else "93.184.216.34"],
    )
    redirect = (
        f"HTTP/1.1 302 Found\r\nLocation: {server}/ok\r\nContent-Length: 0\r\n\r\n"
    ).encode()
    network = httpcore.MockBackend([redirect])
    Handler.hits.clear()
    with netfetch.FetchSession(connector=network) as session:
        outcome = linkcheck.check_url("http://public.example/moved", session=session)
    assert not outcome.ok
    assert outcome.method == "HEAD"
    assert "private or local" in outcome.error
    assert Handler.hits == []


@pytest.mark.parametrize(
    ("failures", "ok", "expected"),
    [
        (0, True, ("alive", 0)),
        (5, True, ("alive", 0)),
        (0, False, ("failing", 1)),
        (1, False, ("dead", 2)),
        (2, False, ("dead", 3)),
    ],
)
def test_next_state_dead_after_two_failures_alive_after_one_success(
    failures, ok, expected
):
    assert linkcheck.next_state(failures, ok, threshold=2) == expected


@pytest.mark.django_db
def test_check_due_sources_records_health_and_rescans_on_death(
    server, allow_local, django_capture_on_commit_callbacks, monkeypatch
):
    """Two failures make a link dead and queue its claims; one success revives it."""
    from annotations import tasks

    sent = []
    monkeypatch.setattr(
        tasks.rescan_pending, "apply_async", lambda **kw: sent.append(kw)
    )
    article = factories.ArticleFactory()
    [claim, *_] = factories.claims_for(article, checkworthiness=0.9)
    source = factories.SourceFactory(
        url=server + "/flaky", normalized_url=server + "/f"
    )
    factories.CitationFactory(claim=claim, source=source)
    uncited = factories.SourceFactory(url=server + "/ok", normalized_url=server + "/o")
    Handler.flaky_ok = False

    summary = linkcheck.check_due_sources()
    assert summary.checked == 1  # the uncited source is not due
    source.refresh_from_db()
    assert (source.link_status, source.link_failures) == (LinkStatus.FAILING, 1)
    assert source.link_http_status == 503
    assert source.link_checked_at is not None
    assert source.link_elapsed_ms is not None
    assert not PendingRescan.objects.exists()

    assert linkcheck.check_due_sources().checked == 0  # checked recently: not due
    with django_capture_on_commit_callbacks(execute=True):
        linkcheck.check_due_sources(source_ids=[source.pk])
    source.refresh_from_db()
    assert source.link_status == LinkStatus.DEAD
    assert list(PendingRescan.objects.values_list("claim_id", flat=True)) == [claim.pk]
    assert len(sent) == 1

    Handler.flaky_ok = True
    linkcheck.check_due_sources(source_ids=[source.pk])
    source.refresh_from_db()
    assert (source.link_status, source.link_failures) == (LinkStatus.ALIVE, 0)
    assert source.link_final_url.endswith("/flaky")
    assert Source.objects.get(pk=uncited.pk).link_status == LinkStatus.UNCHECKED


@pytest.mark.parametrize("count", [2, 50])
def test_link_results_are_written_set_based(db, django_assert_num_queries, count):
    """Recording outcomes costs the same queries for 2 sources as for 50 (one lock,
    one UPDATE), whatever mix of outcomes they had; each row gets its own."""
    sources = [
        factories.SourceFactory(
            url=f"https://site{index}.example/page", normalized_url=f"s{index}"
        )
        for index in range(count)
    ]
    outcomes = {
        source.pk: linkcheck.LinkOutcome(
            ok=index % 2 == 0,
            http_status=200 if index % 2 == 0 else 404,
            final_url=f"{source.url}?final={index}",
            error="" if index % 2 == 0 else "HTTP 404",
            elapsed_ms=index,
            method="HEAD",
        )
        for index, source in enumerate(sources)
    }
    with django_assert_num_queries(4):  # savepoint, lock, UPDATE, release
        summary = linkcheck.record_outcomes(outcomes, now=timezone.now())
    assert summary.checked == count
    for index, source in enumerate(sources):
        source.refresh_from_db()
        ok = index % 2 == 0
        assert source.link_status == (LinkStatus.ALIVE if ok else LinkStatus.FAILING)
        assert (source.link_http_status, source.link_elapsed_ms) == (
            200 if ok else 404,
            index,
        )
        assert source.link_final_url.endswith(f"?final={index}")


@pytest.mark.django_db
def test_a_quote_gone_from_the_live_page_is_changed_since_capture(server, allow_local):
    """A source quoted from its capture is read with one GET (no HEAD) and its
    quotes compared with the live page; a page cut off at the limit says nothing."""
    [claim] = factories.claims_for(
        factories.ArticleFactory(body="Rents rose 9% last year."),
        ["Rents rose 9% last year."],
    )
    source = factories.SourceFactory(
        url=server + "/article", normalized_url=server + "/article"
    )
    citation = factories.CitationFactory(
        claim=claim, source=source, quote="rents rose by 9 per cent"
    )
    unquoted = factories.SourceFactory(url=server + "/ok", normalized_url=server + "/o")
    factories.CitationFactory(claim=claim, source=unquoted, quote="")
    quote_checks.quotes_check(
        factories.CaptureFactory(
            source=source, text="In 2025 rents rose by 9 per cent, the survey found."
        )
    )
    Handler.article = (
        b"<html><body><nav>Menu</nav><p>In 2025 rents <em>rose</em> by 9 per "
        b"cent, the survey found.</p></body></html>"
    )
    Handler.hits.clear()
    summary = linkcheck.check_due_sources(source_ids=[source.pk, unquoted.pk])
    assert summary.quotes_changed == 0
    assert QuoteCheck.objects.get(citation=citation).status == "found"
    asked = sorted((method, path) for method, path, _ in Handler.hits)
    assert asked == [("GET", "/article"), ("HEAD", "/ok")]

    Handler.article = b"<html><body><p>Rents fell by 2 per cent.</p></body></html>"
    summary = linkcheck.check_due_sources(source_ids=[source.pk])
    assert summary.quotes_changed == 1
    check = QuoteCheck.objects.get(citation=citation)
    assert check.status == "changed"
    assert check.live_checked_at is not None

    # Back on the page, but past the read limit: nothing is concluded.
    Handler.article = b"<p>" + b"filler " * 2000 + b"rents rose by 9 per cent</p>"
    assert linkcheck.check_due_sources(source_ids=[source.pk]).quotes_changed == 0
    assert QuoteCheck.objects.get(citation=citation).status == "changed"
