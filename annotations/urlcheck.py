"""The one check every stored URL goes through: sources, archived copies, articles.

The services call `check_url` before they store a URL, and the workspace forms call
it to put the message next to the field, so a URL the page accepts is a URL the API
and the commands accept, and the other way round. It is Django's URLValidator (http
and https only, the same one DRF's URLField uses) plus our own rules: no white space
or characters a URL cannot carry unencoded (quotes, angle brackets, ...), no user
name or password (a cited link is shown to readers), at most 2,000 characters.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator

from annotations.errors import InvalidInput
from annotations.limits import URL_MAX

SCHEMES = ("http", "https")
# Characters RFC 3986 never allows unencoded; browsers and readers disagree on them.
_UNSAFE = frozenset('"<>\\^`{|}')
_validator = URLValidator(schemes=list(SCHEMES))


class InvalidURL(InvalidInput):
    """A URL the desk does not store; `field` names the form field it came from."""

    def __init__(self, message: str, *, field: str = "url"):
        super().__init__(message)
        self.field = field


def check_url(value: str, *, what: str = "The URL", field: str = "url") -> str:
    """The URL stripped of surrounding white space, or InvalidURL saying what is
    wrong with it (`what` names it in the message: "The source URL")."""
    url = (value or "").strip()

    def refuse(problem: str) -> InvalidURL:
        return InvalidURL(f"{what} {problem}", field=field)

    if not url:
        raise refuse("is empty.")
    if len(url) > URL_MAX:
        raise refuse(f"is longer than {URL_MAX:,} characters.")
    if any(char.isspace() for char in url):
        raise refuse("contains a space; copy the address from the browser's bar.")
    unsafe = sorted({char for char in url if char in _UNSAFE or ord(char) < 32})
    if unsafe:
        shown = " ".join(repr(char) for char in unsafe)
        raise refuse(f"contains {shown}, which a web address cannot hold.")
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:
        raise refuse(f"is malformed ({exc}).") from exc
    if parts.scheme.lower() not in SCHEMES:
        raise refuse("must start with http:// or https://.")
    if parts.username is not None or parts.password is not None:
        raise refuse("must not carry a user name or password.")
    if port == 0:
        raise refuse("has an invalid port.")
    try:
        _validator(url)
    except ValidationError as exc:
        raise refuse(f"is not a valid web address: {url[:200]!r}.") from exc
    return url
