"""The one check every stored URL goes through: sources, archived copies, articles.

The services call `check_url` before they store a URL, and the workspace forms call
it to put the message next to the field, so a URL the page accepts is a URL the API
and the commands accept, and the other way round. It is our own rules on the URL's
shape (`annotations.sources.url_shape_problem`: http and https only, no white space
or characters a URL cannot carry unencoded, no user name or password, at most 2,000
characters) plus Django's URLValidator on the host (the same one DRF's URLField
uses).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator

from annotations import limits
from annotations.errors import InvalidInput
from annotations.sources import URL_SCHEMES, url_shape_problem

_validator = URLValidator(schemes=list(URL_SCHEMES))


class InvalidURL(InvalidInput):
    """A URL the desk does not store; `field` names the form field it came from."""

    def __init__(self, message: str, *, field: str = "url"):
        super().__init__(message)
        self.field = field


def check_url(value: str, *, what: str = "The URL", field: str = "url") -> str:
    """The URL stripped of surrounding white space, or InvalidURL saying what is
    wrong with it (`what` names it in the message: "The source URL")."""
    url = (value or "").strip()
    problem = url_shape_problem(url)
    if problem is None:
        try:
            _validator(url)
        except ValidationError:
            shown = url[: limits.QUOTED_URL_MAX]
            problem = f"is not a valid web address: {shown!r}."
    if problem is not None:
        raise InvalidURL(f"{what} {problem}", field=field)
    return url
