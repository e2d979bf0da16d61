"""The site's public address: the one place absolute links are made.

Published reports freeze absolute links (canonical URL, ClaimReview and W3C ids,
`report_url` in CSV and JSON) and e-mails carry them, so the address must be the one
readers reach, not whatever host a request happened to use. It comes from
FACTCHECK_SITE_URL only (docs/PUBLISHING.md, "The site's address").
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.core import checks
from django.urls import reverse

from annotations.errors import NotConfigured

MISSING = (
    "This site's public address is not set, so a published report would link to "
    "the wrong place. Set FACTCHECK_SITE_URL to the address readers use (for "
    "example https://factcheck.example.org) and restart; nothing was published."
)


def base() -> str:
    """The configured address without a trailing slash, or "" when unset."""
    return (settings.FACTCHECK_SITE_URL or "").strip().rstrip("/")


def absolute(path: str) -> str:
    """`path` (starting with /) on the site's public address; NotConfigured when
    the address is not set."""
    root = base()
    if not root:
        raise NotConfigured(MISSING)
    return root + path


def claim_path(article_id: int, claim_id: int, *, anchor: bool = True) -> str:
    """Where a claim is read and worked on: its article page with its panel open,
    scrolled to the claim unless `anchor` is False (the address an htmx swap puts in
    the location bar, where the page is already in place).

    The one builder of a claim's address: pages, notifications, e-mails and the
    gap dashboard all link through it (tests/test_rules_once.py)."""
    path = reverse("article-detail", args=[article_id]) + f"?claim={claim_id}"
    return path + f"#claim-{claim_id}" if anchor else path


def problem(value: str) -> str | None:
    """Why `value` cannot be the site's address, or None when it can."""
    if not value:
        return None
    parts = urlsplit(value)
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        return (
            "must be an absolute http(s) address such as https://factcheck.example.org"
        )
    if parts.query or parts.fragment:
        return "must not have a query or a fragment"
    return None


@checks.register(checks.Tags.compatibility)
def check_site_url(app_configs=None, **kwargs):
    """Refuse a malformed FACTCHECK_SITE_URL at start-up; warn when it is unset on a
    production deployment (publishing would be refused)."""
    value = base()
    reason = problem(value)
    if reason:
        return [
            checks.Error(
                f"FACTCHECK_SITE_URL {value!r} {reason}.",
                id="factcheck.E001",
            )
        ]
    if not value and not settings.DEBUG:
        return [
            checks.Warning(
                "FACTCHECK_SITE_URL is not set: publishing reports is refused and "
                "e-mails carry no links until it is.",
                hint="Set it to the address readers use, e.g. https://factcheck.example.org",
                id="factcheck.W001",
            )
        ]
    return []
