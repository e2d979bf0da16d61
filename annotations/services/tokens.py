"""API tokens a person makes, names and revokes for their own integrations."""

from __future__ import annotations

import hashlib
import secrets

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext, ngettext

from annotations import limits, policies
from annotations.errors import InvalidInput, NotFound
from annotations.limits import TOKEN_NAME_MAX as NAME_MAX
from annotations.models import ApiToken

KEY_BYTES = 30
MAX_ACTIVE = 20


def digest(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


@transaction.atomic
def api_token_create(*, user, name: str) -> tuple[ApiToken, str]:
    """A new token for the user's integration; returns it and its key, which is
    shown once and never stored (only its digest is)."""
    policies.check_annotate(user)
    name = " ".join((name or "").split())
    if not name:
        raise InvalidInput(gettext("Name the token (what will use it?)."))
    if len(name) > NAME_MAX:
        raise InvalidInput(
            gettext("The name is longer than %(limit)s characters.")
            % {"limit": NAME_MAX}
        )
    active = ApiToken.objects.filter(user=user, revoked_at__isnull=True).count()
    if active >= MAX_ACTIVE:
        raise InvalidInput(
            ngettext(
                "You have %(count)s active token; revoke one before making another.",
                "You have %(count)s active tokens; revoke one before making another.",
                active,
            )
            % {"count": active}
        )
    key = secrets.token_urlsafe(KEY_BYTES)
    token = ApiToken.objects.create(
        user=user,
        name=name,
        key_digest=digest(key),
        prefix=key[: limits.TOKEN_PREFIX_LENGTH],
    )
    return token, key


@transaction.atomic
def api_token_revoke(*, user, token_id: int) -> ApiToken:
    """Revoke one of the user's own tokens (nobody revokes someone else's)."""
    token = ApiToken.objects.select_for_update().filter(pk=token_id, user=user).first()
    if token is None:
        raise NotFound(gettext("No such token of yours."))
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    return token
