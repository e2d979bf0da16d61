"""Fetching URLs from the server safely: pinned addresses, timeouts, size caps.

Shared by article import and the link checker. A server that fetches URLs users type
is an SSRF hole unless it refuses private, loopback, link-local and other non-public
addresses. Checking the address a name resolves to is not enough on its own: if the
HTTP client then resolves the name again to connect, a name that answers a public
address to the check and 127.0.0.1 to the client (DNS rebinding) gets through.

So each hop of a redirect chain is resolved exactly once, here (`resolve_host`); every
address it answers is checked (`is_public_address`), and the connection goes to those
checked addresses and nowhere else (`PinnedBackend`, the socket layer under httpx).
Everything above the socket still uses the host name from the URL: the Host header,
the TLS server name (SNI) and the certificate check. Redirects are followed by our
own bounded loop, so every hop is resolved, checked and pinned the same way.
What a URL says of itself (a `localhost` name, a non-public IP literal in any
spelling the resolver reads) is refused before any lookup, by the rule a URL
typed for later fetching (a webhook's address) is checked with: `check_entry`.

A page owner controls how fast the page arrives, so a per-read timeout alone bounds
nothing: one byte every few seconds keeps every read in time for ever. Each fetch
therefore has an overall deadline, shared by the name lookups, the connections, the
TLS handshakes and every read and write of every hop (`_Budget`, consulted by the
streams `PinnedBackend` hands out); when it passes the connection is closed and
DeadlineExceeded says so.

Compressed bodies are decoded here, piece by piece, with the size cap counted in
decoded bytes as they come out (and in bytes received): a small gzip, deflate or
brotli "bomb" can never expand in memory beyond the cap.
"""

from __future__ import annotations

import contextvars
import ipaddress
import socket
import ssl
import threading
import time
import typing
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import httpcore
import httpx

try:  # Pinned in requirements.txt; optional here.
    import brotli
except ImportError:  # pragma: no cover - depends on the environment
    brotli = None

DEFAULT_PORTS = {"http": 80, "https": 443}
# DNS64 synthesises this prefix for IPv4-only hosts on IPv6-only networks; the
# connection really goes to the IPv4 address in its last 32 bits.
NAT64_PREFIX = ipaddress.ip_network("64:ff9b::/96")


class FetchError(Exception):
    """The URL could not be fetched; the message is fit to show a user."""


class AddressRefused(FetchError):
    """The URL's host resolves to an address the server must not connect to."""


class DeadlineExceeded(FetchError):
    """The whole fetch (lookups, connections, headers and body of every hop) took
    longer than its deadline; the connection was closed."""


@dataclass(frozen=True)
class FetchResult:
    url: str
    final_url: str
    status: int
    content_type: str
    charset: str | None
    body: bytes
    elapsed_ms: int
    truncated: bool
    # The final response's status line reason and headers as received, in order
    # (captures write them into a web archive), and the request headers sent.
    reason: str = ""
    headers: tuple[tuple[str, str], ...] = ()
    request_headers: tuple[tuple[str, str], ...] = ()


def validate_url(url: str) -> str:
    """Return the URL stripped, or raise FetchError if it is not an http(s) URL."""
    url = (url or "").strip()
    if not url:
        raise FetchError("The URL is empty.")
    if len(url) > 2000:
        raise FetchError("The URL is longer than 2,000 characters.")
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:
        raise FetchError(f"The URL is malformed: {exc}.") from exc
    if parts.scheme not in {"http", "https"}:
        raise FetchError("Only http:// and https:// URLs can be fetched.")
    if not parts.hostname:
        raise FetchError("The URL has no host name.")
    if port == 0:
        raise FetchError("The URL has an invalid port.")
    return url


# --- addresses -----------------------------------------------------------------------


def _plainly_public(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    # is_global alone would do on a recent Python, but its tables have changed between
    # releases; the explicit properties keep the refusal the same on every version.
    return ip.is_global and not (
        ip.is_private
        or ip.is_loopback
        or ip.is_link_local
        or ip.is_multicast
        or ip.is_reserved
        or ip.is_unspecified
    )


def is_public_address(address: str) -> bool:
    """Whether the server may connect to this address (IPv4 or IPv6).

    Refuses private, loopback, link-local, multicast, reserved, unspecified, shared
    (100.64/10), documentation and other special-purpose ranges, and IPv6 addresses
    that carry a refused IPv4 address (IPv4-mapped, NAT64, 6to4).
    """
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    if isinstance(ip, ipaddress.IPv6Address):
        # These connect to the IPv4 address inside them, so that address decides.
        if ip.ipv4_mapped is not None:
            return _plainly_public(ip.ipv4_mapped)
        if ip in NAT64_PREFIX:
            return _plainly_public(ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF))
        if ip.sixtofour is not None and not _plainly_public(ip.sixtofour):
            return False
        if ip.is_site_local:
            return False
    return _plainly_public(ip)


def is_local_name(host: str) -> bool:
    """Whether the host is `localhost` or a name under it (RFC 6761: they mean
    this machine, whatever a resolver answers), a trailing dot or none."""
    name = host.lower().rstrip(".")
    return name == "localhost" or name.endswith(".localhost")


def literal_address(host: str) -> str | None:
    """The address a host that is an IP literal stands for, in every spelling the
    system's resolver takes as one without a lookup (`2130706433`, `0x7f.1`,
    `127.1`, `::ffff:7f00:1`), or None for a name. The resolver decides, not a
    pattern of ours, so what is read here is what the connection would reach."""
    try:
        infos = socket.getaddrinfo(
            host, None, flags=socket.AI_NUMERICHOST, type=socket.SOCK_STREAM
        )
    except (OSError, UnicodeError, ValueError):
        return None
    return str(infos[0][4][0]) if infos else None


def _refuse_by_itself(url: httpx.URL) -> None:
    """Refuse what the URL says of itself, before any lookup: a local name, or an
    IP literal that is not a public address."""
    host = _connect_host(url)
    if is_local_name(host):
        raise AddressRefused(
            f"The host {url.host!r} is this machine's own name; "
            "fetching it is not allowed."
        )
    address = literal_address(host)
    if address is not None and not is_public_address(address):
        raise AddressRefused(
            f"The host {url.host!r} is a private or local address ({address}); "
            "fetching it is not allowed."
        )


def check_entry(url: str, *, allow_private: bool) -> None:
    """What can be known of a URL when it is typed, without resolving it: an http
    or https URL the fetcher can parse, whose host is not a local name or a
    private, loopback, link-local, multicast, reserved or unspecified address
    literal (unless `allow_private`). FetchError (AddressRefused for the host)
    says why not. A host name passes: it is resolved and checked when fetched,
    since what it resolves to can change."""
    url = validate_url(url)
    parsed = _parse(url)
    if not allow_private:
        _refuse_by_itself(parsed)


def resolve_host(host: str, port: int) -> list[str]:
    """Every address `host` resolves to, in the resolver's order, from one lookup.

    The only name resolution this module does: the addresses it returns are the ones
    checked and then connected to.
    """
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


def _parse(url: str) -> httpx.URL:
    try:
        parsed = httpx.URL(url)
    except httpx.InvalidURL as exc:
        raise FetchError(f"The URL is malformed: {exc}.") from exc
    if not parsed.raw_host:
        raise FetchError("The URL has no host name.")
    return parsed


def _connect_host(url: httpx.URL) -> str:
    """The host name as httpcore passes it to the socket layer (IDNA-encoded ASCII,
    an IPv6 address without brackets), which is what the pins are keyed by."""
    return url.raw_host.decode("ascii")


def _resolve_checked(url: httpx.URL, *, allow_private: bool) -> list[str]:
    if not allow_private:
        # The rules a URL is checked by when it is typed (check_entry) hold here
        # too: a `*.localhost` name is refused whatever a resolver answers for it.
        _refuse_by_itself(url)
    host = _connect_host(url)
    port = url.port or DEFAULT_PORTS.get(url.scheme, 80)
    try:
        addresses = _resolve_in_time(host, port)
    except (OSError, UnicodeError) as exc:
        raise FetchError(f"The host {url.host!r} could not be resolved.") from exc
    if not addresses:
        raise FetchError(f"The host {url.host!r} could not be resolved.")
    if not allow_private:
        for address in addresses:
            if not is_public_address(address):
                # Every address is checked, not just the first: the client may fall
                # back to any of them, and a resolver may rotate their order.
                raise AddressRefused(
                    f"The host {url.host!r} resolves to a private or local address "
                    f"({address}); fetching it is not allowed."
                )
    return addresses


def check_address(url: str, *, allow_private: bool) -> list[str]:
    """Resolve the URL's host once and return its addresses; raise AddressRefused if
    any of them is private or local (unless `allow_private`), FetchError if the host
    does not resolve."""
    return _resolve_checked(_parse(url), allow_private=allow_private)


# --- the pinned connection -----------------------------------------------------------


class PinnedBackend(httpcore.NetworkBackend):
    """httpcore's socket layer, connecting only to addresses `fetch` checked.

    httpcore asks it to connect to the URL's host name; it connects to the addresses
    pinned for that name instead, without resolving it again, and refuses a name that
    was never checked. TLS is started by httpcore on the stream returned here, with the
    host name as the server name, so SNI and certificate checks are unaffected.
    """

    def __init__(self, connector: httpcore.NetworkBackend | None = None):
        self._connector = connector or httpcore.SyncBackend()
        self._pins: dict[str, tuple[str, ...]] = {}
        self._lock = threading.Lock()

    def pin(self, host: str, addresses: typing.Sequence[str]) -> None:
        """Let connections to `host` go to these (checked) addresses from now on."""
        with self._lock:
            self._pins[host] = tuple(addresses)

    def pinned(self, host: str) -> tuple[str, ...]:
        with self._lock:
            return self._pins.get(host, ())

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: typing.Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.NetworkStream:
        addresses = self.pinned(host)
        if not addresses:
            raise httpcore.ConnectError(
                f"Refusing to connect to {host!r}: its address was not checked."
            )
        failure: Exception | None = None
        # Like socket.create_connection with a name: try each address in turn (all of
        # them were checked), so a host whose IPv6 address is unreachable still works.
        for address in addresses:
            try:
                stream = self._connector.connect_tcp(
                    address,
                    port,
                    timeout=_within_deadline(timeout, httpcore.ConnectTimeout),
                    local_address=local_address,
                    socket_options=socket_options,
                )
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
                failure = exc
            else:
                return DeadlineStream(stream)
        assert failure is not None
        raise failure

    def connect_unix_socket(
        self,
        path: str,
        timeout: float | None = None,
        socket_options: typing.Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.NetworkStream:
        raise httpcore.ConnectError("Unix sockets are never fetched.")

    def sleep(self, seconds: float) -> None:
        self._connector.sleep(seconds)


# --- the overall deadline ------------------------------------------------------------


class _Budget:
    """The deadline of the fetch running in this context, and whether a timeout
    was the deadline's doing (rather than one slow read's)."""

    def __init__(self, seconds: float):
        self.seconds = seconds
        self.ends_at = time.monotonic() + seconds
        self.spent = False

    def remaining(self) -> float:
        return self.ends_at - time.monotonic()


# A context variable, not an attribute of the session: a kept-alive connection
# opened by one fetch is read by the next, which must apply its own deadline.
_budget: contextvars.ContextVar[_Budget | None] = contextvars.ContextVar(
    "netfetch_budget", default=None
)


def _within_deadline(timeout: float | None, expired: type[Exception]) -> float | None:
    """`timeout` shortened to what is left of the running fetch's deadline; raises
    `expired` (an httpcore timeout, which httpx translates) once nothing is left."""
    budget = _budget.get()
    if budget is None:
        return timeout
    remaining = budget.remaining()
    if remaining <= 0:
        budget.spent = True
        raise expired("The fetch's deadline has passed.")
    if timeout is None or remaining < timeout:
        return remaining
    return timeout


class DeadlineStream(httpcore.NetworkStream):
    """A connection whose every read, write and TLS handshake waits no longer than
    what is left of the running fetch's deadline."""

    def __init__(self, stream: httpcore.NetworkStream):
        self._stream = stream

    def _call(self, operation, timeout, expired, *args):
        limited = _within_deadline(timeout, expired)
        try:
            return operation(*args, timeout=limited)
        except httpcore.TimeoutException:
            budget = _budget.get()
            if budget is not None and budget.remaining() <= 0:
                budget.spent = True
            raise

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._call(self._stream.read, timeout, httpcore.ReadTimeout, max_bytes)

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._call(self._stream.write, timeout, httpcore.WriteTimeout, buffer)

    def close(self) -> None:
        self._stream.close()

    def start_tls(
        self,
        ssl_context: ssl.SSLContext,
        server_hostname: str | None = None,
        timeout: float | None = None,
    ) -> httpcore.NetworkStream:
        stream = self._call(
            self._stream.start_tls,
            timeout,
            httpcore.ConnectTimeout,
            ssl_context,
            server_hostname,
        )
        return DeadlineStream(stream)

    def get_extra_info(self, info: str) -> typing.Any:
        return self._stream.get_extra_info(info)


def _resolve_in_time(host: str, port: int) -> list[str]:
    """`resolve_host`, given no longer than what is left of the deadline.

    getaddrinfo cannot be interrupted, so it runs in a thread that is abandoned
    (it ends when the resolver gives up) once the deadline passes."""
    budget = _budget.get()
    if budget is None:
        return resolve_host(host, port)
    outcome: dict[str, typing.Any] = {}
    done = threading.Event()

    def lookup() -> None:
        try:
            outcome["addresses"] = resolve_host(host, port)
        except BaseException as exc:  # handed to the waiting thread as it is
            outcome["error"] = exc
        finally:
            done.set()

    threading.Thread(target=lookup, name="netfetch-resolve", daemon=True).start()
    if not done.wait(max(budget.remaining(), 0)):
        budget.spent = True
        raise DeadlineExceeded(
            f"Looking up {host!r} took longer than the {budget.seconds:g} s a "
            "fetch may take in all; gave up."
        )
    if "error" in outcome:
        raise outcome["error"]
    return outcome["addresses"]


# --- compressed bodies ---------------------------------------------------------------

# The most one decoding step produces: peak memory is the body so far plus this.
_PIECE = 64 * 1024


class _Decoder:
    """One content coding, undone piece by piece: `feed` never returns more than
    _PIECE bytes at a time, whatever a few input bytes expand to."""

    def __init__(self, coding: str):
        self.coding = coding
        self._first = True
        if coding == "br":
            self._brotli = brotli.Decompressor()
        else:
            wbits = zlib.MAX_WBITS | 16 if coding in {"gzip", "x-gzip"} else 15
            self._zlib = zlib.decompressobj(wbits)

    def feed(self, data: bytes) -> Iterator[bytes]:
        try:
            if self.coding == "br":
                yield from self._feed_brotli(data)
            else:
                yield from self._feed_zlib(data)
        except (zlib.error, getattr(brotli, "error", zlib.error)) as exc:
            raise FetchError(
                f"The page's {self.coding} encoding is corrupt ({exc})."
            ) from exc

    def _feed_brotli(self, data: bytes) -> Iterator[bytes]:
        if self._brotli.is_finished():
            return  # anything after the end of the stream is ignored, as by browsers
        yield self._brotli.process(data, output_buffer_limit=_PIECE)
        while not self._brotli.can_accept_more_data():
            yield self._brotli.process(b"", output_buffer_limit=_PIECE)

    def _feed_zlib(self, data: bytes) -> Iterator[bytes]:
        if self._first and self.coding == "deflate" and data:
            self._first = False
            # "deflate" is meant to be zlib-wrapped, but some servers send it raw.
            try:
                probe = zlib.decompressobj(15)
                probe.decompress(data[:_PIECE], 1)
            except zlib.error:
                self._zlib = zlib.decompressobj(-zlib.MAX_WBITS)
        while data and not self._zlib.eof:
            piece = self._zlib.decompress(data, _PIECE)
            data = self._zlib.unconsumed_tail
            if piece:
                yield piece
            if self._zlib.eof and self.coding != "deflate" and self._zlib.unused_data:
                # A gzip body may hold several members, one after the other.
                data = self._zlib.unused_data + data
                self._zlib = zlib.decompressobj(zlib.MAX_WBITS | 16)

    def flush(self) -> Iterator[bytes]:
        if self.coding != "br":
            while piece := self._zlib.decompress(b"", _PIECE):
                yield piece


SUPPORTED_CODINGS = {"gzip", "x-gzip", "deflate"} | ({"br"} if brotli else set())
# What we ask for: never a coding we could not undo piece by piece.
ACCEPT_ENCODING = ", ".join(["gzip", "deflate", *(["br"] if brotli else [])])


def _decoders(content_encoding: str) -> list[_Decoder]:
    """Decoders for a Content-Encoding header, in the order they are undone."""
    codings = [
        coding.strip().lower()
        for coding in content_encoding.split(",")
        if coding.strip() and coding.strip().lower() != "identity"
    ]
    for coding in codings:
        if coding not in SUPPORTED_CODINGS:
            raise FetchError(
                f"The page is sent with the {coding!r} content encoding, which "
                "cannot be read."
            )
    return [_Decoder(coding) for coding in reversed(codings)]


def _decoded(pieces: Iterator[bytes], decoders: list[_Decoder]) -> Iterator[bytes]:
    """The pieces with every coding undone, in order, nothing held back but the
    decoders' own small buffers."""
    for decoder in decoders:
        pieces = _through(pieces, decoder)
    return pieces


def _through(pieces: Iterator[bytes], decoder: _Decoder) -> Iterator[bytes]:
    for piece in pieces:
        yield from decoder.feed(piece)
    yield from decoder.flush()


class PinnedTransport(httpx.HTTPTransport):
    """httpx's own transport over a connection pool whose sockets come from a
    PinnedBackend.

    httpx 0.28 has no parameter for httpcore's network backend, so the pool the parent
    builds is replaced by one built the same way (httpcore's public constructor) with
    ours; the request/response mapping and the error translation stay httpx's.
    """

    def __init__(
        self,
        *,
        verify: ssl.SSLContext | bool = True,
        limits: httpx.Limits | None = None,
        connector: httpcore.NetworkBackend | None = None,
    ):
        limits = limits or httpx.Limits(max_connections=10)
        ssl_context = httpx.create_ssl_context(verify=verify)
        super().__init__(verify=ssl_context, trust_env=False, limits=limits)
        self.backend = PinnedBackend(connector)
        self._pool = httpcore.ConnectionPool(
            ssl_context=ssl_context,
            max_connections=limits.max_connections,
            max_keepalive_connections=limits.max_keepalive_connections,
            keepalive_expiry=limits.keepalive_expiry,
            network_backend=self.backend,
        )


class FetchSession:
    """An HTTP client for one or more fetches (connections are kept alive between
    them) that only ever connects to addresses `fetch` checked.

    `verify` is the TLS trust (an SSLContext, or True for the certifi bundle);
    `connector` replaces the real sockets (tests).
    """

    def __init__(
        self,
        *,
        verify: ssl.SSLContext | bool = True,
        connector: httpcore.NetworkBackend | None = None,
    ):
        self.transport = PinnedTransport(verify=verify, connector=connector)
        # trust_env off: a proxy from HTTP(S)_PROXY would resolve the name itself,
        # behind our back, and the pinning would be for nothing.
        self.client = httpx.Client(
            transport=self.transport, trust_env=False, follow_redirects=False
        )

    def pin(self, url: httpx.URL, addresses: typing.Sequence[str]) -> None:
        self.transport.backend.pin(_connect_host(url), addresses)

    def close(self) -> None:
        self.client.close()

    def __enter__(self) -> FetchSession:
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()


def fetch(
    url: str,
    *,
    method: str = "GET",
    timeout: float,
    max_bytes: int,
    max_redirects: int,
    allow_private: bool,
    user_agent: str,
    deadline: float,
    session: FetchSession | None = None,
    content: bytes | None = None,
    headers: dict[str, str] | None = None,
    follow_redirects: bool = True,
) -> FetchResult:
    """Fetch a URL, following at most `max_redirects` redirects by hand so each hop is
    resolved, checked and pinned before it is requested.

    `timeout` bounds each step (a connection, one read); `deadline` the whole fetch,
    every hop included: past it the connection is closed and DeadlineExceeded
    raised. Reads at most `max_bytes` of the body, counted after decoding gzip,
    deflate or br and before (`truncated` says if there was more). Raises
    AddressRefused for a refused address on any hop, FetchError otherwise.

    `content` is the request's body and `headers` are sent besides our own (a
    webhook's POST). With `follow_redirects` off a redirect is the answer, returned
    as it is: a POST is never repeated to wherever a server points it.
    """
    url = validate_url(url)
    own_session = session is None
    session = session or FetchSession()
    started = time.perf_counter()
    budget = _Budget(deadline)
    budget_token = _budget.set(budget)
    current = url
    sent_headers = {
        **(headers or {}),
        "User-Agent": user_agent,
        "Accept": "*/*",
        "Accept-Encoding": ACCEPT_ENCODING,
    }
    try:
        for _hop in range(max_redirects + 1):
            target = _parse(current)
            session.pin(target, _resolve_checked(target, allow_private=allow_private))
            try:
                with session.client.stream(
                    method,
                    target,
                    headers=sent_headers,
                    content=content,
                    timeout=timeout,
                ) as response:
                    if (
                        follow_redirects
                        and response.is_redirect
                        and "location" in response.headers
                    ):
                        current = validate_url(
                            urljoin(current, response.headers["location"])
                        )
                        continue
                    body, truncated = b"", False
                    if method != "HEAD":
                        body, truncated = _read_body(response, max_bytes, budget)
                    return FetchResult(
                        url=url,
                        final_url=str(response.url),
                        status=response.status_code,
                        content_type=response.headers.get("content-type", "")
                        .split(";")[0]
                        .strip()
                        .lower(),
                        charset=response.charset_encoding,
                        body=body,
                        elapsed_ms=int((time.perf_counter() - started) * 1000),
                        truncated=truncated,
                        reason=response.reason_phrase,
                        headers=tuple(
                            (name.decode("latin-1"), value.decode("latin-1"))
                            for name, value in response.headers.raw
                        ),
                        request_headers=tuple(
                            (name.decode("latin-1"), value.decode("latin-1"))
                            for name, value in response.request.headers.raw
                        ),
                    )
            except httpx.TimeoutException as exc:
                if budget.spent:
                    raise _past_deadline(url, deadline) from exc
                raise FetchError(
                    f"Timed out after {timeout:g} s fetching {current}."
                ) from exc
            except httpx.HTTPError as exc:
                raise FetchError(f"Could not fetch {current}: {exc}.") from exc
        raise FetchError(f"More than {max_redirects} redirects fetching {url}.")
    finally:
        _budget.reset(budget_token)
        if own_session:
            session.close()


def _past_deadline(url: str, deadline: float) -> DeadlineExceeded:
    return DeadlineExceeded(
        f"{url} took longer than {deadline:g} s to arrive in all (the limit for a "
        "whole fetch, redirects included); gave up and closed the connection."
    )


def _read_body(
    response: httpx.Response, max_bytes: int, budget: _Budget
) -> tuple[bytes, bool]:
    """At most `max_bytes` of the decoded body, and whether there was more (or more
    than `max_bytes` on the wire, which a body of empty compressed blocks can be)."""
    received = 0

    def raw() -> Iterator[bytes]:
        nonlocal received
        for chunk in response.iter_raw():
            received += len(chunk)
            yield chunk
            if received > max_bytes:
                return

    body = bytearray()
    for piece in _decoded(
        raw(), _decoders(response.headers.get("content-encoding", ""))
    ):
        body.extend(piece)
        if len(body) > max_bytes:
            del body[max_bytes:]
            return bytes(body), True
        if budget.remaining() <= 0:
            budget.spent = True
            raise httpx.ReadTimeout("The fetch's deadline has passed.")
    return bytes(body), received > max_bytes
