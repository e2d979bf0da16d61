"""Pure helpers for sources: URL cleaning, URL normalization and registrable domains.

The same document cited twice must be one Source, so URLs are compared in a
normalized form (`normalize_url`). What is stored and published is the URL as the
reviewer gave it, minus what only tracks readers (`clean_url`). The public-suffix
list comes from the `publicsuffixlist` package, which ships the list (no download at
run time).
"""

import contextlib
import ipaddress
import re
from functools import cache
from urllib.parse import parse_qsl, unquote_plus, urlencode, urlsplit, urlunsplit

from publicsuffixlist import PublicSuffixList

from annotations.limits import URL_MAX

# Query parameters that identify a campaign, a click or a share, never the document:
# the one maintained list (docs/ARTICLE_PAGE.md, "URL normalization"). Names are
# compared case-insensitively. Add a family here, with a test in tests/test_sources.py.
TRACKING_FAMILIES: dict[str, tuple[str, ...]] = {
    # Google Analytics, Ads, Display & Video, Merchant Center, the cross-domain linker.
    "google": (
        "gclid", "gclsrc", "dclid", "gbraid", "wbraid", "gad_source", "_ga", "_gl",
        "srsltid",
    ),
    "meta": ("fbclid", "igshid", "igsh"),  # Facebook, Instagram
    "microsoft": ("msclkid", "ocid"),  # Bing Ads, MSN
    "mailchimp": ("mc_cid", "mc_eid"),
    "hubspot": ("_hsenc", "_hsmi", "__hstc", "__hssc", "__hsfp", "hsctatracking"),
    "marketo": ("mkt_tok",),
    "yandex": ("yclid", "_openstat"),
    "twitter": ("ref_src", "ref_url", "twclid"),
    "tiktok": ("ttclid",),
    "linkedin": ("li_fat_id",),
    "matomo": ("pk_campaign", "pk_kwd", "pk_keyword", "pk_source", "pk_medium"),
    "vero": ("vero_id", "vero_conv"),
    "omeda": ("oly_anon_id", "oly_enc_id"),
    # Publishers' own share and campaign tags (New York Times, Adobe, ...).
    "publishers": ("cmpid", "smid", "sref"),
}  # fmt: skip
# Whole families that share a prefix: utm_source, utm_medium, ... (Urchin / Google
# Analytics campaigns) and mtm_campaign, ... (Matomo).
TRACKING_PREFIXES = ("utm_", "mtm_")
TRACKING_PARAMETERS = frozenset(
    name for names in TRACKING_FAMILIES.values() for name in names
)


def is_tracking_parameter(name: str) -> bool:
    """Whether a query parameter only tracks the visitor (see TRACKING_FAMILIES)."""
    key = name.lower()
    return key in TRACKING_PARAMETERS or key.startswith(TRACKING_PREFIXES)


DEFAULT_PORTS = {"http": 80, "https": 443}


def _drop_tracking(query: str) -> tuple[str, bool]:
    """`query` without its tracking parameters, every other parameter kept in its
    order and spelling; and whether anything was dropped."""
    kept, dropped = [], False
    for piece in query.split("&"):
        name = unquote_plus(piece.partition("=")[0])
        if is_tracking_parameter(name):
            dropped = True
        elif piece:
            kept.append(piece)
    return "&".join(kept), dropped


_FRAGMENT_PARAMETER = re.compile(r"[\w.%-]+=")


def clean_url(url: str) -> str:
    """The URL without what only tracks its readers, for storing and publishing.

    Tracking parameters (`is_tracking_parameter`: utm_*, fbclid, ...) leave the
    query, and a fragment that is a list of parameters (`#utm_source=feed`) loses
    its tracking ones too. What a reader needs to open the page stays exactly as
    given: scheme, host, port, path, every other query parameter in its order and
    spelling, and any other fragment (`#section-2`, `#:~:text=...`). A URL with
    nothing to drop comes back unchanged; one that cannot be parsed too (checking
    it is `annotations.urlcheck`'s job). `normalize_url(clean_url(u))` is always
    `normalize_url(u)`: cleaning never changes which document a URL names.
    """
    url = (url or "").strip()
    try:
        parts = urlsplit(url)
    except ValueError:
        return url
    query, from_query = _drop_tracking(parts.query)
    fragment, from_fragment = parts.fragment, False
    # Only a fragment that is a parameter list (`#utm_source=feed&x=1`) is cleaned;
    # any other (`#/route?a=b`, `#:~:text=...`) belongs to the page as it is.
    if fragment and all(_FRAGMENT_PARAMETER.match(p) for p in fragment.split("&")):
        fragment, from_fragment = _drop_tracking(fragment)
    if not (from_query or from_fragment):
        return url
    return urlunsplit((parts.scheme, parts.netloc, parts.path, query, fragment))


@cache
def _psl() -> PublicSuffixList:
    return PublicSuffixList()


def normalize_url(url: str) -> str:
    """Canonical form of a URL for de-duplication.

    Lower-cases scheme and host, drops default ports, fragments, `www.`, tracking
    parameters (`is_tracking_parameter`: utm_*, fbclid, ...) and a trailing slash,
    sorts the query. Raises
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
            if not is_tracking_parameter(key)
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


# --- the shape of a URL the desk stores ---------------------------------------------

URL_SCHEMES = ("http", "https")
# Characters RFC 3986 never allows unencoded; browsers and readers disagree on them.
_UNSAFE = frozenset('"<>\\^`{|}')


def url_shape_fault(url: str) -> tuple[str, dict] | None:
    """What is wrong with the shape of `url` (already stripped), as a code and its
    parameters ("empty", {}; "unsafe", {"characters": "'<' '>'"}), or None.

    The desk's own rules, which need no list of what a host may look like: not
    empty, at most URL_MAX characters, no white space or characters a URL cannot
    carry unencoded, http or https, no user name or password, a valid port.
    `annotations.urlcheck.check_url` adds the host's syntax (Django's URLValidator)
    before anything is stored and says the fault in the reader's language; the
    text core, which may not import Django, checks a page's own URL with this alone.
    """
    if not url:
        return "empty", {}
    if len(url) > URL_MAX:
        return "too_long", {"limit": URL_MAX}
    if any(char.isspace() for char in url):
        return "space", {}
    unsafe = sorted({char for char in url if char in _UNSAFE or ord(char) < 32})
    if unsafe:
        return "unsafe", {"characters": " ".join(repr(char) for char in unsafe)}
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:
        return "malformed", {"error": str(exc)}
    if parts.scheme.lower() not in URL_SCHEMES:
        return "scheme", {}
    if parts.username is not None or parts.password is not None:
        return "credentials", {}
    if port == 0:
        return "port", {}
    return None


# The faults in English, as the end of a sentence; urlcheck says them whole in the
# reader's language.
URL_SHAPE_PROBLEMS = {
    "empty": "is empty.",
    "too_long": "is longer than {limit:,} characters.",
    "space": "contains a space; copy the address from the browser's bar.",
    "unsafe": "contains {characters}, which a web address cannot hold.",
    "malformed": "is malformed ({error}).",
    "scheme": "must start with http:// or https://.",
    "credentials": "must not carry a user name or password.",
    "port": "has an invalid port.",
}


def url_shape_problem(url: str) -> str | None:
    """What is wrong with the shape of `url` (already stripped), in English, as the
    end of a sentence ("is empty.", "must start with http:// or https://."), or
    None (`url_shape_fault`'s rules)."""
    fault = url_shape_fault(url)
    if fault is None:
        return None
    code, parameters = fault
    return URL_SHAPE_PROBLEMS[code].format(**parameters)
