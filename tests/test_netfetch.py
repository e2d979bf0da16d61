"""URL fetching refuses local addresses unless allowed, and caps time and size."""

import contextlib
import functools
import gzip
import http.server
import ipaddress
import re
import shutil
import socket
import ssl
import subprocess
import threading
import time
import tracemalloc
import zlib

import httpcore
import httpx
import pytest

from annotations.sourcing import netfetch


class Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        if self.path == "/big":
            body = b"x" * 5000
        elif self.path == "/redirect":
            self.send_response(302)
            self.send_header("Location", "/page")
            self.end_headers()
            return
        else:
            body = b"<html><body><p>Hello</p></body></html>"
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def local_server():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def fetch(url, **kwargs):
    options = {
        "timeout": 5,
        "deadline": 30,
        "max_bytes": 1000,
        "max_redirects": 3,
        "allow_private": True,
        "user_agent": "test",
    }
    options.update(kwargs)
    return netfetch.fetch(url, **options)


def test_loopback_is_refused_unless_allowed(local_server):
    with pytest.raises(netfetch.AddressRefused):
        fetch(local_server + "/page", allow_private=False)


@pytest.mark.parametrize(
    "url",
    [
        "http://10.0.0.1/",
        "http://169.254.169.254/latest/meta-data",
        "http://[::1]/",
        "http://0.0.0.0/",
    ],
)
def test_private_and_link_local_addresses_are_refused(url):
    with pytest.raises(netfetch.AddressRefused):
        netfetch.check_address(url, allow_private=False)


def test_redirects_are_followed_and_reported(local_server):
    result = fetch(local_server + "/redirect")
    assert result.status == 200
    assert result.final_url.endswith("/page")
    assert b"Hello" in result.body


def test_body_is_capped(local_server):
    result = fetch(local_server + "/big")
    assert result.truncated
    assert len(result.body) == 1000


@pytest.mark.parametrize(
    "url", ["", "ftp://example.org/", "http://", "http://x:99999/", "x" * 2100]
)
def test_malformed_urls_are_refused(url):
    with pytest.raises(netfetch.FetchError):
        netfetch.validate_url(url)


# --- pinned connections: resolve once, check every address, connect to exactly it ---


PUBLIC = "93.184.216.34"
OTHER_PUBLIC = "93.184.216.35"
OK_PAGE = (
    b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n"
    b"Content-Length: 5\r\n\r\nHello"
)


def redirect_to(location: str) -> bytes:
    return (
        f"HTTP/1.1 302 Found\r\nLocation: {location}\r\nContent-Length: 0\r\n\r\n"
    ).encode()


class RecordingStream(httpcore.NetworkStream):
    """One fake connection: records what the client sends and how it starts TLS."""

    def __init__(self, answer: bytes):
        self.answer = [answer]
        self.sent = bytearray()
        self.server_hostname = None
        self.ssl_context = None

    def read(self, max_bytes, timeout=None):
        return self.answer.pop(0) if self.answer else b""

    def write(self, buffer, timeout=None):
        self.sent.extend(buffer)

    def close(self):
        pass

    def start_tls(self, ssl_context, server_hostname=None, timeout=None):
        self.ssl_context, self.server_hostname = ssl_context, server_hostname
        return self

    def get_extra_info(self, info):
        return None


class FakeNetwork(httpcore.NetworkBackend):
    """Stands in for the sockets: records every connection (to which address) and
    answers from a script keyed by address."""

    def __init__(self, answers: dict[str, bytes]):
        self.answers = answers
        self.connections: list[tuple[str, int]] = []
        self.streams: list[RecordingStream] = []

    def connect_tcp(
        self, host, port, timeout=None, local_address=None, socket_options=None
    ):
        self.connections.append((host, port))
        if host not in self.answers:
            raise httpcore.ConnectError(f"nothing listens on {host}")
        stream = RecordingStream(self.answers[host])
        self.streams.append(stream)
        return stream


class ScriptedResolver:
    """A DNS server under an attacker's control: each name answers its scripted
    addresses in turn (the last answer repeats), and every lookup is recorded."""

    def __init__(self, answers: dict[str, list[list[str]]]):
        self.answers = {name: list(seq) for name, seq in answers.items()}
        self.lookups: list[str] = []

    def __call__(self, host, port):
        self.lookups.append(host)
        sequence = self.answers.get(host)
        if sequence is None:
            try:
                ipaddress.ip_address(host)
            except ValueError as exc:
                raise socket.gaierror(f"unknown host {host}") from exc
            return [host]  # an address literal resolves to itself
        return sequence.pop(0) if len(sequence) > 1 else sequence[0]


@pytest.fixture
def no_real_dns(monkeypatch):
    """Fail the test if anything resolves a test name through the real resolver
    (httpx or httpcore resolving the name again would be the rebinding hole)."""
    real = socket.getaddrinfo

    def guarded(host, *args, **kwargs):
        # Reading a literal (AI_NUMERICHOST, netfetch.literal_address) asks no DNS.
        numeric = kwargs.get("flags", 0) & socket.AI_NUMERICHOST
        if isinstance(host, str) and host.endswith(".test") and not numeric:
            raise AssertionError(f"{host} was resolved outside netfetch.resolve_host")
        return real(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", guarded)


def use_resolver(monkeypatch, answers) -> ScriptedResolver:
    resolver = ScriptedResolver(answers)
    monkeypatch.setattr(netfetch, "resolve_host", resolver)
    return resolver


def test_rebinding_name_is_connected_only_at_the_address_checked(
    monkeypatch, no_real_dns
):
    """A name that answers a public address first and 127.0.0.1 next is resolved
    once per fetch; the connection goes to the public address that was checked, and
    the next fetch, which sees 127.0.0.1, is refused before connecting."""
    resolver = use_resolver(monkeypatch, {"rebind.test": [[PUBLIC], ["127.0.0.1"]]})
    network = FakeNetwork({PUBLIC: OK_PAGE, "127.0.0.1": OK_PAGE})
    with netfetch.FetchSession(connector=network) as session:
        result = fetch("http://rebind.test/page", allow_private=False, session=session)
        assert (result.status, result.body) == (200, b"Hello")
        assert result.final_url == "http://rebind.test/page"
        assert network.connections == [(PUBLIC, 80)]
        assert resolver.lookups == ["rebind.test"]
        with pytest.raises(netfetch.AddressRefused, match=re.escape("127.0.0.1")):
            fetch("http://rebind.test/page", allow_private=False, session=session)
    assert resolver.lookups == ["rebind.test", "rebind.test"]
    assert ("127.0.0.1", 80) not in network.connections


def test_every_address_of_a_name_is_checked(monkeypatch, no_real_dns):
    """One private address among public ones refuses the name: the client could
    fall back to any of them."""
    use_resolver(monkeypatch, {"mixed.test": [[PUBLIC, "2606:4700::1111", "10.0.0.1"]]})
    network = FakeNetwork({PUBLIC: OK_PAGE})
    with (
        netfetch.FetchSession(connector=network) as session,
        pytest.raises(netfetch.AddressRefused, match=re.escape("10.0.0.1")),
    ):
        fetch("http://mixed.test/", allow_private=False, session=session)
    assert network.connections == []


@pytest.mark.parametrize(
    "location",
    [
        "http://internal.test/admin",
        "http://127.0.0.1:8080/",
        "http://[::ffff:127.0.0.1]/",
        "http://169.254.169.254/latest/meta-data/",
        "//internal.test/scheme-relative",
    ],
)
def test_a_redirect_to_a_private_address_is_refused(monkeypatch, no_real_dns, location):
    """Each hop is resolved and checked again: a public page redirecting inward is
    refused, and nothing connects to the inner address."""
    use_resolver(
        monkeypatch, {"public.test": [[PUBLIC]], "internal.test": [["10.0.0.7"]]}
    )
    network = FakeNetwork({PUBLIC: redirect_to(location), "10.0.0.7": OK_PAGE})
    with (
        netfetch.FetchSession(connector=network) as session,
        pytest.raises(netfetch.AddressRefused),
    ):
        fetch("http://public.test/start", allow_private=False, session=session)
    assert network.connections == [(PUBLIC, 80)]


def test_each_redirect_hop_is_resolved_and_pinned_for_its_own_host(
    monkeypatch, no_real_dns
):
    resolver = use_resolver(
        monkeypatch, {"public.test": [[PUBLIC]], "other.test": [[OTHER_PUBLIC]]}
    )
    network = FakeNetwork(
        {PUBLIC: redirect_to("http://other.test/final"), OTHER_PUBLIC: OK_PAGE}
    )
    with netfetch.FetchSession(connector=network) as session:
        result = fetch("http://public.test/start", allow_private=False, session=session)
    assert result.final_url == "http://other.test/final"
    assert resolver.lookups == ["public.test", "other.test"]
    assert network.connections == [(PUBLIC, 80), (OTHER_PUBLIC, 80)]
    first, second = network.streams
    assert first.sent.startswith(b"GET /start HTTP/1.1\r\n")
    assert b"\r\nHost: public.test\r\n" in first.sent
    assert b"\r\nHost: other.test\r\n" in second.sent


def test_tls_names_the_host_not_the_address(monkeypatch, no_real_dns):
    """The socket goes to the checked address; the TLS server name (SNI) that the
    certificate is verified against, and the Host header, are the URL's host."""
    use_resolver(monkeypatch, {"secure.test": [[PUBLIC]]})
    network = FakeNetwork({PUBLIC: OK_PAGE})
    with netfetch.FetchSession(connector=network) as session:
        fetch("https://secure.test:8443/doc", allow_private=False, session=session)
    [stream] = network.streams
    assert network.connections == [(PUBLIC, 8443)]
    assert stream.server_hostname == "secure.test"
    assert stream.ssl_context.check_hostname is True
    assert stream.ssl_context.verify_mode == ssl.CERT_REQUIRED
    assert b"\r\nHost: secure.test:8443\r\n" in stream.sent


def test_a_host_that_was_not_checked_is_never_connected(no_real_dns):
    network = FakeNetwork({PUBLIC: OK_PAGE})
    with (
        netfetch.FetchSession(connector=network) as session,
        pytest.raises(httpx.ConnectError, match="not checked"),
    ):
        session.client.get("http://unchecked.test/")
    assert network.connections == []


def test_environment_proxies_are_ignored(monkeypatch, no_real_dns):
    """A proxy from the environment would resolve the name itself; the session
    never uses one."""
    monkeypatch.setenv("HTTP_PROXY", "http://proxy.test:3128")
    monkeypatch.setenv("HTTPS_PROXY", "http://proxy.test:3128")
    use_resolver(monkeypatch, {"site.test": [[PUBLIC]]})
    network = FakeNetwork({PUBLIC: OK_PAGE})
    with netfetch.FetchSession(connector=network) as session:
        fetch("http://site.test/", allow_private=False, session=session)
    assert network.connections == [(PUBLIC, 80)]


@pytest.mark.parametrize(
    "address",
    [
        "127.0.0.1",
        "10.1.2.3",
        "172.16.0.1",
        "192.168.1.1",
        "169.254.169.254",
        "100.64.0.1",  # shared address space (carrier NAT; cloud metadata on some)
        "0.0.0.0",
        "224.0.0.1",  # multicast, which Python counts as global
        "239.255.255.250",
        "240.0.0.1",
        "255.255.255.255",
        "192.0.2.1",  # documentation
        "198.18.0.1",  # benchmarking
        "::1",
        "::",
        "fe80::1",
        "fe80::1%1",
        "fc00::1",
        "fec0::1",  # deprecated site-local
        "ff02::1",
        "ff0e::1",  # global-scope multicast
        "::ffff:127.0.0.1",  # IPv4-mapped
        "::ffff:10.0.0.1",
        "64:ff9b::a00:1",  # NAT64 of 10.0.0.1
        "2002:7f00:1::1",  # 6to4 of 127.0.0.1
        "2001:db8::1",  # documentation
        "2001::1",  # Teredo
        "::7f00:1",  # IPv4-compatible (deprecated)
        "not an address",
    ],
)
def test_non_public_addresses_are_refused(address):
    assert not netfetch.is_public_address(address)


@pytest.mark.parametrize(
    "address",
    [
        "93.184.216.34",
        "8.8.8.8",
        "2606:4700::1111",
        "::ffff:8.8.8.8",  # IPv4-mapped public address
        "64:ff9b::808:808",  # NAT64 of a public address (IPv6-only networks)
        "2002:808:808::1",  # 6to4 of a public address
    ],
)
def test_public_addresses_are_allowed(address):
    assert netfetch.is_public_address(address)


def test_allowing_private_addresses_still_pins_them(monkeypatch, no_real_dns):
    resolver = use_resolver(monkeypatch, {"intranet.test": [["10.0.0.5"], [PUBLIC]]})
    network = FakeNetwork({"10.0.0.5": OK_PAGE, PUBLIC: OK_PAGE})
    with netfetch.FetchSession(connector=network) as session:
        fetch("http://intranet.test/", allow_private=True, session=session)
    assert network.connections == [("10.0.0.5", 80)]
    assert resolver.lookups == ["intranet.test"]


class HostRecordingHandler(Handler):
    hosts: list[str] = []

    def do_GET(self):
        HostRecordingHandler.hosts.append(self.headers.get("Host"))
        super().do_GET()


@pytest.fixture(scope="module")
def host_recording_server():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), HostRecordingHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.server_address[1]
    server.shutdown()


def test_a_named_host_is_reached_through_its_pinned_address(
    monkeypatch, no_real_dns, host_recording_server
):
    """End to end over real sockets: the name resolves (once, through
    resolve_host) to the local server, which sees the name in the Host header."""
    port = host_recording_server
    use_resolver(monkeypatch, {"named.test": [["127.0.0.1"]]})
    HostRecordingHandler.hosts.clear()
    result = fetch(f"http://named.test:{port}/redirect")
    assert result.status == 200
    assert result.final_url == f"http://named.test:{port}/page"
    assert HostRecordingHandler.hosts == [f"named.test:{port}"] * 2


# --- real TLS: SNI, Host and the certificate check use the name -------------------


def make_certificates(folder) -> tuple[str, str, str]:
    """A throw-away CA and a server certificate for pinned.test (openssl CLI)."""
    openssl = shutil.which("openssl")
    if openssl is None:
        pytest.skip("the openssl command is needed to make a test certificate")
    ca_key, ca, key, csr, cert = (
        str(folder / name)
        for name in ("ca.key", "ca.pem", "key.pem", "csr.pem", "cert.pem")
    )
    extensions = folder / "server.ext"
    extensions.write_text(
        "subjectAltName=DNS:pinned.test\nbasicConstraints=critical,CA:FALSE\n"
        "keyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth\n"
        "authorityKeyIdentifier=keyid\nsubjectKeyIdentifier=hash\n"
    )
    ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]
    run = functools.partial(subprocess.run, check=True, capture_output=True)
    run([openssl, "req", "-x509", *ec, "-keyout", ca_key, "-out", ca, "-days", "2",
         "-subj", "/CN=netfetch test CA",
         "-addext", "basicConstraints=critical,CA:TRUE",
         "-addext", "keyUsage=critical,keyCertSign,cRLSign"])  # fmt: skip
    run([openssl, "req", *ec, "-keyout", key, "-out", csr, "-subj", "/CN=pinned.test"])
    run([openssl, "x509", "-req", "-in", csr, "-CA", ca, "-CAkey", ca_key,
         "-set_serial", "2", "-days", "2", "-out", cert,
         "-extfile", str(extensions)])  # fmt: skip
    return ca, cert, key


class QuietTLSServer(http.server.ThreadingHTTPServer):
    def handle_error(self, request, client_address):
        pass  # the refused-certificate test aborts a handshake on purpose


@pytest.fixture(scope="module")
def tls_server(tmp_path_factory):
    ca, cert, key = make_certificates(tmp_path_factory.mktemp("tls"))
    server_names: list[str | None] = []
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    context.sni_callback = lambda sock, name, ctx: server_names.append(name)
    server = QuietTLSServer(("127.0.0.1", 0), HostRecordingHandler)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.server_address[1], ssl.create_default_context(cafile=ca), server_names
    server.shutdown()


def test_tls_to_the_pinned_address_verifies_the_host_name(
    monkeypatch, no_real_dns, tls_server
):
    """Over real TLS: the server receives SNI and Host for the name, the certificate
    (valid for pinned.test only) is accepted for that name and refused for another
    name pinned to the very same address."""
    port, trust, server_names = tls_server
    use_resolver(
        monkeypatch, {"pinned.test": [["127.0.0.1"]], "wrong.test": [["127.0.0.1"]]}
    )
    HostRecordingHandler.hosts.clear()
    with netfetch.FetchSession(verify=trust) as session:
        result = fetch(f"https://pinned.test:{port}/page", session=session)
        assert (result.status, result.body) == (
            200,
            b"<html><body><p>Hello</p></body></html>",
        )
        assert server_names[-1] == "pinned.test"
        assert HostRecordingHandler.hosts == [f"pinned.test:{port}"]
        with pytest.raises(netfetch.FetchError, match=r"(?i)certificate"):
            fetch(f"https://wrong.test:{port}/page", session=session)
    assert server_names[-1] == "wrong.test"


# --- an overall deadline: connect, headers and body, across redirects --------------


class DrippingHandler(http.server.BaseHTTPRequestHandler):
    """Pages that arrive slowly, one byte at a time, each byte well within any
    per-read timeout; records when the client closed the connection on it."""

    protocol_version = "HTTP/1.1"
    interval = 0.05
    closed: dict[str, threading.Event] = {}

    def do_GET(self):
        if self.path.startswith("/hop/"):
            # A redirect chain whose every hop answers slowly, but in time.
            hop = int(self.path.rsplit("/", 1)[1])
            self._drip(
                f"HTTP/1.1 302 Found\r\nLocation: /hop/{hop + 1}\r\n"
                "Content-Length: 0\r\n\r\n".encode()
            )
            return
        if self.path == "/slow-headers":
            self._drip(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n" * 200)
            return
        # /slow-body: headers at once, then the body one byte per interval.
        self.wfile.write(
            b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n"
            b"Content-Length: 100000\r\n\r\n"
        )
        self._drip(b"x" * 100_000)

    def _drip(self, data: bytes):
        event = DrippingHandler.closed.setdefault(self.path, threading.Event())
        try:
            for index in range(len(data)):
                self.wfile.write(data[index : index + 1])
                self.wfile.flush()
                time.sleep(self.interval)
        except (BrokenPipeError, ConnectionResetError):
            event.set()

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def dripping_server():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), DrippingHandler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


@pytest.mark.parametrize("path", ["/slow-body", "/slow-headers", "/hop/1"])
def test_a_page_that_never_finishes_is_refused_at_the_deadline(dripping_server, path):
    """Every read answers within the 5 s timeout, yet the whole fetch is refused
    when its deadline passes, the refusal says so in words, and the connection is
    closed (the server's next write fails)."""
    # Made before the request: the server's thread may start after the deadline.
    closed = DrippingHandler.closed[path] = threading.Event()
    with pytest.raises(netfetch.DeadlineExceeded, match=r"0\.4 s") as refused:
        fetch(dripping_server + path, timeout=5, deadline=0.4, max_redirects=50)
    assert "took longer" in str(refused.value)
    # The server notices the close at its next byte (a hop takes seconds to drip,
    # so the deadline always falls in the first); waiting for it is not timing.
    assert closed.wait(30)


class StallingNetwork(httpcore.NetworkBackend):
    """Records the timeout each connection is given, and refuses (as a timeout)."""

    def __init__(self):
        self.timeouts: list[float | None] = []

    def connect_tcp(
        self, host, port, timeout=None, local_address=None, socket_options=None
    ):
        self.timeouts.append(timeout)
        raise httpcore.ConnectTimeout("nothing answers")


def test_connecting_gets_no_more_than_what_is_left_of_the_deadline(
    monkeypatch, no_real_dns
):
    use_resolver(monkeypatch, {"slow.test": [[PUBLIC]]})
    network = StallingNetwork()
    with (
        netfetch.FetchSession(connector=network) as session,
        pytest.raises(netfetch.FetchError),
    ):
        fetch("http://slow.test/", timeout=30, deadline=2, session=session)
    [given] = network.timeouts
    assert given is not None
    assert 0 < given <= 2


def test_a_name_that_never_resolves_is_refused_at_the_deadline(monkeypatch):
    """Name resolution counts towards the deadline too (a resolver under an
    attacker's control can answer as slowly as it likes)."""
    release = threading.Event()

    def stalled(host, port):
        release.wait(30)
        return [PUBLIC]

    monkeypatch.setattr(netfetch, "resolve_host", stalled)
    try:
        with pytest.raises(netfetch.DeadlineExceeded, match=r"0\.3 s"):
            fetch("http://stalled.test/", allow_private=False, deadline=0.3)
    finally:
        release.set()


def test_a_fast_page_is_unaffected_by_the_deadline(local_server):
    result = fetch(local_server + "/redirect", deadline=30)
    assert (result.status, result.body) == (
        200,
        b"<html><body><p>Hello</p></body></html>",
    )


# --- compressed bodies: decoded as they come, the cap on both sides --------------


def _zeros_compressed(kind: str, size: int) -> bytes:
    """`size` zero bytes compressed: a bomb that expands about a thousand times."""
    block = b"\0" * (1024 * 1024)
    if kind == "br":
        import brotli

        return brotli.compress(b"\0" * size, quality=5)
    wbits = {"gzip": 31, "deflate": 15, "raw-deflate": -15}[kind]
    compressor = zlib.compressobj(9, zlib.DEFLATED, wbits)
    parts = [compressor.compress(block) for _ in range(size // len(block))]
    return b"".join([*parts, compressor.flush()])


class EncodedHandler(http.server.BaseHTTPRequestHandler):
    """/bomb/<kind> sends 100 MB of zeros compressed; /page/<kind> a small page
    compressed; /stall-gzip a gzip stream of empty blocks that never ends."""

    protocol_version = "HTTP/1.1"
    bombs: dict[str, bytes] = {}
    accept_encoding: list[str] = []
    closed = threading.Event()

    def do_GET(self):
        EncodedHandler.accept_encoding.append(self.headers.get("Accept-Encoding", ""))
        kind = self.path.rsplit("/", 1)[1]
        if self.path == "/stall-gzip":
            return self._stall()
        encoding = {"raw-deflate": "deflate", "double": "gzip, gzip"}.get(kind, kind)
        if self.path.startswith("/bomb/"):
            body = EncodedHandler.bombs[kind]
        elif kind == "double":
            inner = gzip.compress(PAGE)
            body = gzip.compress(inner)
        elif kind == "br":
            import brotli

            body = brotli.compress(PAGE)
        else:
            wbits = {"gzip": 31, "deflate": 15, "raw-deflate": -15}.get(kind, 31)
            compressor = zlib.compressobj(6, zlib.DEFLATED, wbits)
            body = compressor.compress(PAGE) + compressor.flush()
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Encoding", encoding)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            self.wfile.write(body)

    def _stall(self):
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Encoding", "gzip")
        self.end_headers()
        compressor = zlib.compressobj(6, zlib.DEFLATED, 31)
        # An empty stored deflate block: five bytes that decompress to nothing.
        empty_block = b"\x00\x00\x00\xff\xff"
        try:
            self.wfile.write(
                compressor.compress(b"") + compressor.flush(zlib.Z_SYNC_FLUSH)
            )
            while True:
                self.wfile.write(empty_block * 1000)
        except (BrokenPipeError, ConnectionResetError):
            EncodedHandler.closed.set()

    def log_message(self, *args):
        pass


PAGE = (
    "<html><body><p>" + "Grüße aus dem Hafen. " * 200 + "</p></body></html>"
).encode()


@pytest.fixture(scope="module")
def encoded_server():
    for kind in ("gzip", "deflate", "raw-deflate", "br"):
        EncodedHandler.bombs[kind] = _zeros_compressed(kind, 100 * 1024 * 1024)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), EncodedHandler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


@pytest.mark.parametrize("kind", ["gzip", "deflate", "raw-deflate", "br"])
def test_a_compression_bomb_is_capped_in_little_memory(encoded_server, kind):
    """100 MB of zeros, a few hundred kB on the wire: the body stops at the cap,
    counted in decompressed bytes, and the fetch never holds much more than the
    cap in memory (traced by tracemalloc)."""
    assert len(EncodedHandler.bombs[kind]) < 1_000_000
    tracemalloc.start()
    try:
        result = fetch(encoded_server + f"/bomb/{kind}", max_bytes=1_000_000)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert result.truncated
    assert result.body == b"\0" * 1_000_000
    assert peak < 20 * 1024 * 1024, f"peak {peak / 1e6:.1f} MB"


@pytest.mark.parametrize("kind", ["gzip", "deflate", "raw-deflate", "br", "double"])
def test_compressed_pages_are_decoded(encoded_server, kind):
    result = fetch(encoded_server + f"/page/{kind}", max_bytes=100_000)
    assert not result.truncated
    assert result.body == PAGE


def test_a_compressed_stream_of_nothing_stops_at_the_cap_on_the_wire(encoded_server):
    """Empty deflate blocks decompress to nothing, forever: the cap counts the
    bytes received too, so the fetch stops and closes the connection."""
    EncodedHandler.closed.clear()
    result = fetch(encoded_server + "/stall-gzip", max_bytes=50_000, deadline=60)
    assert result.truncated
    assert result.body == b""
    assert EncodedHandler.closed.wait(10)


def test_only_encodings_that_can_be_decoded_are_asked_for(encoded_server):
    EncodedHandler.accept_encoding.clear()
    fetch(encoded_server + "/page/gzip", max_bytes=100_000)
    offered = {part.strip() for part in EncodedHandler.accept_encoding[-1].split(",")}
    assert offered == {"gzip", "deflate", "br"}
