"""Fetching URLs from the server safely: address checks, timeouts, size caps.

Shared by article import and the link checker. A server that fetches URLs users type
is an SSRF hole unless it refuses private, loopback and link-local addresses, so every
hop of a redirect chain is checked before it is requested.
"""

import ipaddress
import socket
import time
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import httpx


class FetchError(Exception):
    """The URL could not be fetched; the message is fit to show a user."""


class AddressRefused(FetchError):
    pass


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


def _is_public(address: str) -> bool:
    ip = ipaddress.ip_address(address)
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


def check_address(url: str, *, allow_private: bool) -> None:
    """Refuse URLs whose host resolves to a private, loopback or link-local address."""
    host = urlsplit(url).hostname or ""
    try:
        infos = socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)
    except (socket.gaierror, UnicodeError) as exc:
        raise FetchError(f"The host {host!r} could not be resolved.") from exc
    if allow_private:
        return
    for info in infos:
        if not _is_public(info[4][0]):
            raise AddressRefused(
                f"The host {host!r} resolves to a private or local address; "
                "fetching it is not allowed."
            )


def fetch(
    url: str,
    *,
    method: str = "GET",
    timeout: float,
    max_bytes: int,
    max_redirects: int,
    allow_private: bool,
    user_agent: str,
    client: httpx.Client | None = None,
) -> FetchResult:
    """Fetch a URL following redirects by hand so each hop's address is checked.

    Reads at most `max_bytes` of the body (`truncated` says if there was more).
    """
    url = validate_url(url)
    own_client = client is None
    client = client or httpx.Client(timeout=timeout, follow_redirects=False)
    started = time.perf_counter()
    current = url
    try:
        for _hop in range(max_redirects + 1):
            check_address(current, allow_private=allow_private)
            try:
                with client.stream(
                    method,
                    current,
                    headers={"User-Agent": user_agent, "Accept": "*/*"},
                    timeout=timeout,
                ) as response:
                    if response.is_redirect and "location" in response.headers:
                        current = validate_url(
                            urljoin(current, response.headers["location"])
                        )
                        continue
                    body = bytearray()
                    truncated = False
                    if method != "HEAD":
                        for chunk in response.iter_bytes():
                            body.extend(chunk)
                            if len(body) > max_bytes:
                                truncated = True
                                del body[max_bytes:]
                                break
                    return FetchResult(
                        url=url,
                        final_url=str(response.url),
                        status=response.status_code,
                        content_type=response.headers.get("content-type", "")
                        .split(";")[0]
                        .strip()
                        .lower(),
                        charset=response.charset_encoding,
                        body=bytes(body),
                        elapsed_ms=int((time.perf_counter() - started) * 1000),
                        truncated=truncated,
                    )
            except httpx.TimeoutException as exc:
                raise FetchError(
                    f"Timed out after {timeout:g} s fetching {current}."
                ) from exc
            except httpx.HTTPError as exc:
                raise FetchError(f"Could not fetch {current}: {exc}.") from exc
        raise FetchError(f"More than {max_redirects} redirects fetching {url}.")
    finally:
        if own_client:
            client.close()
