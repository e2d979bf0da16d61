"""Pure helpers for sources: URL normalization and registrable domains.

The same document cited twice must be one Source, so URLs are compared in a
normalized form. The public-suffix list comes from the `publicsuffixlist` package,
which ships the list (no download at run time).
"""

import contextlib
import ipaddress
from functools import cache
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from publicsuffixlist import PublicSuffixList

# Parameters that identify a campaign or a click, never the document.
TRACKING_PARAMETERS = frozenset(
    {
        "fbclid", "gclid", "dclid", "msclkid", "mc_cid", "mc_eid", "igshid",
        "ref_src", "_ga", "yclid", "cmpid", "ocid", "smid", "sref",
    }
)  # fmt: skip
DEFAULT_PORTS = {"http": 80, "https": 443}


@cache
def _psl() -> PublicSuffixList:
    return PublicSuffixList()


def normalize_url(url: str) -> str:
    """Canonical form of a URL for de-duplication.

    Lower-cases scheme and host, drops default ports, fragments, `www.`, tracking
    parameters (utm_*, fbclid, ...) and a trailing slash, sorts the query. Raises
    ValueError for anything that is not an absolute http(s) URL.
    """
    url = (url or "").strip()
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme not in DEFAULT_PORTS or not parts.hostname:
        raise ValueError(f"not an absolute http(s) URL: {url!r}")
    host = parts.hostname.lower().rstrip(".")
    with contextlib.suppress(UnicodeError):
        host = host.encode("idna").decode("ascii")
    host = host.removeprefix("www.")
    port = parts.port
    netloc = host if port in (None, DEFAULT_PORTS[scheme]) else f"{host}:{port}"
    path = parts.path or "/"
    if len(path) > 1:
        path = path.rstrip("/")
    query = urlencode(
        sorted(
            (key, value)
            for key, value in parse_qsl(parts.query, keep_blank_values=True)
            if not key.lower().startswith("utm_")
            and key.lower() not in TRACKING_PARAMETERS
        )
    )
    # http and https copies of one page are one document.
    return urlunsplit(("https", netloc, path, query, ""))


def registrable_domain(url_or_host: str) -> str:
    """The registrable domain ("bbc.co.uk" for news.bbc.co.uk), or "" if none."""
    value = (url_or_host or "").strip()
    host = urlsplit(value).hostname if "//" in value else value.split("/")[0]
    host = (host or "").lower().rstrip(".")
    if not host:
        return ""
    try:
        ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        pass
    else:
        return host
    return _psl().privatesuffix(host) or host
