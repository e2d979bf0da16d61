"""URL fetching refuses local addresses unless allowed, and caps time and size."""

import functools
import http.server
import ipaddress
import re
import shutil
import socket
import ssl
import subprocess
import threading

import httpcore
import httpx
import pytest

from annotations import netfetch


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
        if isinstance(host, str) and host.endswith(".test"):
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
