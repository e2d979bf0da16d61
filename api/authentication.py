"""How the API knows who is calling: HTTP Basic (counted by django-axes), the
person's named tokens (and DRF's one-per-user tokens made with `drf_create_token`,
with a pause after repeated failures) and the session. Every one of them refuses a
deactivated account the same way (`ActiveAccountsOnly`, asking
`policies.can_use_account`), so no path lets one in."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone
from django.utils.translation import gettext, ngettext
from rest_framework import exceptions
from rest_framework.authentication import (
    BasicAuthentication,
    SessionAuthentication,
    TokenAuthentication,
)

from annotations import clientaddress, policies
from annotations.extraction.textguard import bad_text_reason
from annotations.models import ApiToken
from annotations.services import system
from annotations.services.tokens import digest

# How often a token's "last used" is written (not on every request).
LAST_USED_EVERY = dt.timedelta(minutes=1)


class ActiveAccountsOnly:
    """Refuse (401) credentials that name a deactivated account: whatever the
    authentication class underneath accepted, the account must still be usable."""

    def authenticate(self, request):
        result = super().authenticate(request)
        if result is not None and not policies.can_use_account(result[0]):
            raise exceptions.AuthenticationFailed(
                gettext("This account is deactivated."), code="inactive"
            )
        return result


def _failures_key(request) -> str:
    return f"api-token-failures:{clientaddress.client_address(request)}"


class ThrottledTokenAuthentication(ActiveAccountsOnly, TokenAuthentication):
    """`Authorization: Token <key>`. After FACTCHECK_TOKEN_FAILURE_LIMIT wrong keys
    from one address within the window, that address gets 429 with when to retry,
    whatever key it sends, until the window passes."""

    def authenticate(self, request):
        header = request.META.get("HTTP_AUTHORIZATION", "")
        if not header.lower().startswith("token "):
            return None
        key = _failures_key(request)
        failures = cache.get(key, 0)
        if failures >= settings.FACTCHECK_TOKEN_FAILURE_LIMIT:
            raise exceptions.Throttled(
                wait=settings.FACTCHECK_TOKEN_FAILURE_WINDOW,
                detail=gettext(
                    "Too many wrong API tokens from your address; try again later."
                ),
            )
        try:
            return super().authenticate(request)
        except exceptions.AuthenticationFailed:
            if not cache.add(key, 1, timeout=settings.FACTCHECK_TOKEN_FAILURE_WINDOW):
                try:
                    cache.incr(key)
                except ValueError:  # expired between add and incr
                    cache.add(key, 1, timeout=settings.FACTCHECK_TOKEN_FAILURE_WINDOW)
            raise

    def authenticate_credentials(self, key):
        # A key no token can have is wrong without asking the database (which
        # cannot even hold a NUL: PostgreSQL refuses the query).
        if bad_text_reason(key):
            raise exceptions.AuthenticationFailed(gettext("Invalid token."))
        token = (
            ApiToken.objects.select_related("user")
            .filter(key_digest=digest(key), revoked_at__isnull=True)
            .first()
        )
        if token is None:
            return super().authenticate_credentials(key)  # DRF's per-user token
        now = timezone.now()
        if token.last_used_at is None or now - token.last_used_at > LAST_USED_EVERY:
            system.token_mark_used(token.pk, now)
        return token.user, token


class LockedOut(exceptions.Throttled):
    """A login locked out by django-axes, answered the API's way (429, JSON)."""

    default_code = "locked_out"


class LockoutAwareBasicAuthentication(ActiveAccountsOnly, BasicAuthentication):
    """HTTP Basic whose failures count towards django-axes' lockout like the login
    form's, and which answers a locked-out name with 429 and when to retry rather
    than a 401 that would invite another guess. A user name or password holding a
    NUL (no account has one, and the database cannot be asked about it) is a 401."""

    def authenticate_credentials(self, userid, password, request=None):
        # A name or password no account can have is wrong without asking the
        # database or the lockout log (PostgreSQL cannot hold a NUL).
        if bad_text_reason(userid) or bad_text_reason(password):
            raise exceptions.AuthenticationFailed(gettext("Invalid username/password."))
        return super().authenticate_credentials(userid, password, request)

    def authenticate(self, request):
        try:
            return super().authenticate(request)
        except exceptions.AuthenticationFailed:
            locked = getattr(request, "axes_locked_out", False) or getattr(
                request._request, "axes_locked_out", False
            )
            if not locked:
                raise
            # The HTTP request is not marked, so the axes middleware leaves this
            # answer to us.
            request._request.axes_locked_out = False
            minutes = max(1, round(settings.AXES_COOLOFF_TIME * 60))
            raise LockedOut(
                wait=minutes * 60,
                detail=exceptions.ErrorDetail(
                    ngettext(
                        "Too many wrong passwords for this account from your address. "
                        "Try again in %(minutes)s minute.",
                        "Too many wrong passwords for this account from your address. "
                        "Try again in %(minutes)s minutes.",
                        minutes,
                    )
                    % {"minutes": minutes},
                    code="locked_out",
                ),
            ) from None


class ActiveSessionAuthentication(ActiveAccountsOnly, SessionAuthentication):
    """The browser's session (with CSRF on writes), for active accounts only."""
