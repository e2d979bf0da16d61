"""The answers Django gives when a request goes wrong before or outside a view.

Both read nothing from the database: the request that failed may carry a host the
site does not serve (no user was ever attached to it) or may have failed because the
database is down.
"""

from __future__ import annotations

import sys

from django.core.exceptions import DisallowedHost
from django.http import HttpResponseServerError
from django.template.loader import render_to_string
from django.utils.translation import gettext

from annotations.middleware import (
    database_unavailable,
    is_connection_failure,
    plain_refusal,
)


def bad_request(request, exception=None):
    """400: a Host header the site does not answer to, a request Django found
    suspicious, or a body it could not read; said in words, as JSON under /api/."""
    if isinstance(exception, DisallowedHost):
        message = gettext(
            "This site does not answer to the address the request was sent to (its "
            "Host header)."
        )
    else:
        message = gettext(
            "The request could not be read: it may be too large, malformed, or sent "
            "from an old page."
        )
    return plain_refusal(request, message, code="bad_request")


def server_error(request):
    """500, or 503 with Retry-After when the error is that the database could not
    be reached (raised outside a view, e.g. saving the session)."""
    exception = sys.exc_info()[1]
    if exception is not None and is_connection_failure(exception):
        return database_unavailable(request)
    return HttpResponseServerError(render_to_string("500.html"))
