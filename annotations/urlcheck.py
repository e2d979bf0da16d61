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
from django.utils import formats
from django.utils.translation import gettext, gettext_lazy

from annotations import limits
from annotations.errors import InvalidInput
from annotations.sources import URL_SCHEMES, url_shape_fault

_validator = URLValidator(schemes=list(URL_SCHEMES))

# One whole sentence per fault of `sources.url_shape_fault`, with `what` (a noun
# phrase the caller marks: "The source URL") as its subject, so each language
# orders its own words; the English is the pure module's, byte for byte.
_REFUSALS = {
    "empty": gettext_lazy("%(what)s is empty."),
    "too_long": gettext_lazy("%(what)s is longer than %(limit)s characters."),
    "space": gettext_lazy(
        "%(what)s contains a space; copy the address from the browser's bar."
    ),
    "unsafe": gettext_lazy(
        "%(what)s contains %(characters)s, which a web address cannot hold."
    ),
    "malformed": gettext_lazy("%(what)s is malformed (%(error)s)."),
    "scheme": gettext_lazy("%(what)s must start with http:// or https://."),
    "credentials": gettext_lazy("%(what)s must not carry a user name or password."),
    "port": gettext_lazy("%(what)s has an invalid port."),
    "invalid": gettext_lazy("%(what)s is not a valid web address: %(shown)s."),
}


class InvalidURL(InvalidInput):
    """A URL the desk does not store; `field` names the form field it came from."""

    def __init__(self, message: str, *, field: str = "url"):
        super().__init__(message)
        self.field = field


def check_url(value: str, *, what: str = "", field: str = "url") -> str:
    """The URL stripped of surrounding white space, or InvalidURL saying what is
    wrong with it in the active language (`what` names it in the message: "The
    source URL"; "The URL" without it)."""
    url = (value or "").strip()
    fault = url_shape_fault(url)
    if fault is None:
        try:
            _validator(url)
        except ValidationError:
            fault = "invalid", {"shown": repr(url[: limits.QUOTED_URL_MAX])}
    if fault is not None:
        code, parameters = fault
        if "limit" in parameters:
            parameters = {
                **parameters,
                "limit": formats.number_format(
                    parameters["limit"], force_grouping=True
                ),
            }
        message = str(_REFUSALS[code]) % {
            "what": str(what or gettext("The URL")),
            **parameters,
        }
        raise InvalidURL(message, field=field)
    return url
