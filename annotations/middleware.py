"""Request-level guards every page and API endpoint shares.

- `HostileInputMiddleware` refuses, with a 400 that says why, any request whose path,
  query string, form fields or headers (cookies, credentials) carry a NUL character
  or a lone surrogate (text that no database column and no UTF-8 page can hold),
  before a view sees it. The credentials inside an `Authorization` header are also
  checked where they are decoded (`api.authentication`). JSON bodies get
  the same check, and a nesting limit, in `api.parsers`. A form body that
  cannot be parsed at all (a malformed multipart) gets a 400 in words.
- `DeadlockRetryMiddleware` answers 400 for a value the database cannot hold (an
  integer past its column's range), and runs a request once more when the database
  chose it as a deadlock or serialisation victim (the whole transaction was rolled
  back, so nothing of the first attempt remains), and answers 409 if it happens
  twice.
- `DatabaseUnavailableMiddleware` answers 503 with Retry-After ("try again in a
  moment"), as a page or JSON, when the database cannot be reached (restarting,
  the connection dropped, SQLite's file locked or failing) rather than a 500; the
  500 handler (`desk.views.errors.server_error`) does the same for such an
  error raised outside a view. Nothing else about the request is guessed: work that
  committed before the failure stays, work in the failed transaction was rolled
  back.
- `WorkspaceMiddleware` gives each request `request.workspace`, the desk it works
  in (`selectors.workspaces.current_workspace`: the one the person last chose, else
  their first, else the instance's first), read only when something asks
  (docs/DESKS.md).
- `UserLocaleMiddleware` speaks the signed-in person's saved language
  (`annotations.UserPreference`), and otherwise what `LocaleMiddleware` would choose:
  the language cookie an anonymous visitor set, then the browser's Accept-Language,
  then settings.LANGUAGE_CODE (docs/I18N.md).
"""

from __future__ import annotations

import io
import logging

from django.conf import settings
from django.db import DataError, InterfaceError, OperationalError, transaction
from django.http import HttpResponse, JsonResponse
from django.http.multipartparser import MultiPartParserError
from django.middleware.locale import LocaleMiddleware
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext

from annotations.extraction.textguard import bad_text_reason as _english_reason
from annotations.models import SESSION_LANGUAGE_KEY, UserPreference

logger = logging.getLogger(__name__)

# PostgreSQL's SQLSTATEs for "deadlock detected" and "could not serialize".
RETRYABLE_SQLSTATES = {"40P01", "40001"}


def bad_text_reason(value, *, what: str) -> str | None:
    """Why `value` cannot be accepted, in the reader's language, or None: the
    pure check (`textguard.bad_text_reason`) decides, this only says it.
    `what` names the value, already translated."""
    if _english_reason(value) is None:
        return None
    if "\x00" in value:
        message = gettext("%(what)s contains a NUL character, which text may not hold.")
    else:
        message = gettext(
            "%(what)s contains an unpaired surrogate, which is not valid text."
        )
    return message % {"what": what}


def _is_retryable(exc: BaseException) -> bool:
    cause = exc.__cause__ or exc
    return getattr(cause, "pgcode", None) in RETRYABLE_SQLSTATES


def _refusal(request, message: str, code: str = "invalid_text"):
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": message, "code": code}, status=400)
    # The message may name a field the client chose: the template escapes it.
    return render(request, "400.html", {"message": message}, status=400)


class HostileInputMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        header = _bad_header(request)
        if header is not None:
            # Said without the session: a NUL in the cookie would reach its lookup.
            return plain_refusal(
                request,
                gettext(
                    "The %(header)s header contains a NUL character, which a request "
                    "may not carry."
                )
                % {"header": header},
            )
        reason = bad_text_reason(request.path, what=gettext("The address"))
        if reason is None:
            # Headers reach the database too (django-axes keeps a failed login's
            # user agent and accepted types; a token is looked up by its key).
            reason = next(
                (
                    bad_text_reason(
                        value,
                        what=gettext("The header %(name)r") % {"name": name[5:]},
                    )
                    for name, value in request.META.items()
                    if name.startswith("HTTP_") and _english_reason(value)
                ),
                None,
            )
        if reason is None:
            for name, values in request.GET.lists():
                reason = bad_text_reason(
                    name, what=gettext("A parameter name")
                ) or next(
                    (
                        bad_text_reason(
                            value,
                            what=gettext("The parameter %(name)r") % {"name": name},
                        )
                        for value in values
                        if _english_reason(value)
                    ),
                    None,
                )
                if reason:
                    break
        if reason is None and request.method == "POST" and _is_form(request):
            try:
                fields = request.POST.lists()
            except MultiPartParserError:
                # Said in words here, rather than Django's bare 400 with a logged
                # traceback: a client error, nothing for the server's log.
                return _refusal(
                    request,
                    gettext(
                        "The form data could not be read (a malformed multipart "
                        "body). Nothing was saved; send the form again."
                    ),
                    code="malformed_body",
                )
            for name, values in fields:
                reason = next(
                    (
                        bad_text_reason(
                            value,
                            what=gettext("The field %(name)r") % {"name": name},
                        )
                        for value in values
                        if _english_reason(value)
                    ),
                    None,
                )
                if reason:
                    break
        if reason is not None:
            return _refusal(request, reason)
        return self.get_response(request)


def _bad_header(request) -> str | None:
    """The name of a header holding a NUL (Cookie, Authorization, ...), or None."""
    for key, value in request.META.items():
        if key.startswith("HTTP_") and isinstance(value, str) and "\x00" in value:
            return key[5:].replace("_", "-").title()
    return None


def plain_refusal(request, message: str, *, status: int = 400, code: str = ""):
    """A refusal in words that reads nothing from the database (no session, no
    user): for requests whose session cannot be trusted, or reached."""
    code = code or ("invalid_text" if status == 400 else "bad_request")
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": message, "code": code}, status=status)
    return HttpResponse(
        render_to_string("400.html", {"message": message}), status=status
    )


def _is_form(request) -> bool:
    content_type = request.META.get("CONTENT_TYPE", "")
    return content_type.startswith(
        ("application/x-www-form-urlencoded", "multipart/form-data")
    )


class DeadlockRetryMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, OverflowError | DataError):
            # A number or text the database cannot hold (an id of 30 digits, say):
            # the client's mistake, not ours. Any transaction it broke rolled back.
            return _refusal(
                request,
                gettext("A value in the request is out of range for its field."),
            )
        if not isinstance(exception, OperationalError) or not _is_retryable(exception):
            return None
        if getattr(request, "_deadlock_retried", False):
            return _busy(request)
        if transaction.get_connection().in_atomic_block:
            return _busy(request)  # inside an outer transaction: nothing to retry
        request._deadlock_retried = True
        logger.warning("Retrying %s %s after a deadlock", request.method, request.path)
        body = getattr(request, "_body", None)
        if body is not None:
            # The view read the body already: give the retry a fresh stream.
            request._stream = io.BytesIO(body)
            request._read_started = False
        match = request.resolver_match
        try:
            return match.func(request, *match.args, **match.kwargs)
        except OperationalError as again:
            if _is_retryable(again):
                return _busy(request)
            raise


def _busy(request):
    message = gettext(
        "The database was busy with a change to the same records; nothing was saved. "
        "Try again."
    )
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": message, "code": "busy"}, status=409)
    return render(request, "400.html", {"message": message}, status=409)


# --- the database cannot be reached ------------------------------------------------

# SQLSTATE classes and codes of "the connection failed": 08 (connection exception),
# 57P01-03 (the server shut down, crashed, or is starting up).
CONNECTION_SQLSTATES = ("08", "57P01", "57P02", "57P03")
# What the drivers say when there is no code: psycopg2 for a dropped or refused
# connection, SQLite for a file it cannot lock, open or read.
CONNECTION_MESSAGES = (
    "server closed the connection",
    "terminating connection",
    "could not connect",
    "connection refused",
    "connection to server",
    "could not receive data",
    "could not send data",
    "no connection to the server",
    "connection already closed",
    "the database system is",
    "ssl syscall error",
    "database is locked",
    "disk i/o error",
    "unable to open database file",
)
RETRY_AFTER_SECONDS = 5


def is_connection_failure(exc: BaseException) -> bool:
    """Whether a database error means the database could not be reached (down,
    restarting, the connection dropped, the file locked), not that it refused a
    query: only those are worth trying again in a moment."""
    if isinstance(exc, InterfaceError):
        return True
    if not isinstance(exc, OperationalError):
        return False
    cause = exc.__cause__ or exc
    code = getattr(cause, "pgcode", None) or ""
    if code.startswith(CONNECTION_SQLSTATES):
        return True
    message = str(cause).lower()
    return any(words in message for words in CONNECTION_MESSAGES)


def database_unavailable(request):
    """503 with Retry-After, as JSON under /api/ and a page elsewhere, rendered
    without touching the database (no session, no user)."""
    message = gettext(
        "The database could not be reached for a moment (it may be restarting). "
        "Try again in a few seconds; anything you saved before this is safe."
    )
    if request.path.startswith("/api/"):
        response = JsonResponse(
            {"detail": message, "code": "database_unavailable"}, status=503
        )
    else:
        response = HttpResponse(
            render_to_string("503.html", {"message": message}), status=503
        )
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


class DatabaseUnavailableMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if is_connection_failure(exception):
            logger.warning(
                "Database unreachable during %s %s: %s",
                request.method,
                request.path,
                exception,
            )
            return database_unavailable(request)
        return None


# --- the language the interface speaks --------------------------------------------


def remember_language(request, language: str) -> None:
    """Keep a person's saved language (or "" for "as the browser says") in their
    session, as read or just changed; the session ends with the sign-in."""
    request.session[SESSION_LANGUAGE_KEY] = [request.user.pk, language]


def saved_language(request) -> str:
    """The signed-in person's chosen language, or "" when they chose none (or
    nobody is signed in): read at sign-in (annotations.models), then from the
    session."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return ""
    cached = request.session.get(SESSION_LANGUAGE_KEY)
    if isinstance(cached, list) and len(cached) == 2 and cached[0] == user.pk:
        language = cached[1]
    else:
        # A session from before sign-in remembered it (or another person's): once.
        language = (
            UserPreference.objects.filter(user=user)
            .values_list("language", flat=True)
            .first()
        ) or ""
        remember_language(request, language)
    # A language since removed from settings.LANGUAGES falls back to the browser's.
    return language if language in dict(settings.LANGUAGES) else ""


class UserLocaleMiddleware(LocaleMiddleware):
    def process_request(self, request):
        if _bad_header(request) is not None:
            # The cookie cannot be trusted to reach the session (the refusal that
            # follows is said without it): the browser's language, or the default.
            translation.activate(settings.LANGUAGE_CODE)
            request.LANGUAGE_CODE = translation.get_language()
            return
        language = saved_language(request)
        if not language:
            super().process_request(request)
            return
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()


class WorkspaceMiddleware:
    """`request.workspace`: the desk this request works in, decided when first read
    (a page that never asks costs nothing), after the person is known."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.workspace = SimpleLazyObject(lambda: _workspace_of(request))
        return self.get_response(request)


def _workspace_of(request):
    from annotations.selectors.workspaces import (
        SESSION_WORKSPACE_KEY,
        current_workspace,
    )
    from annotations.services import system

    session = getattr(request, "session", None)
    chosen = session.get(SESSION_WORKSPACE_KEY) if session is not None else None
    # Only an emptied database (a test's) has no desk: make the first one again.
    return current_workspace(request.user, chosen) or system.first_workspace_ensure()
