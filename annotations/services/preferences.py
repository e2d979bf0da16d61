"""What a person chooses for themselves: the language the interface speaks to them."""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext

from annotations import policies
from annotations.errors import InvalidInput
from annotations.models import UserPreference


@transaction.atomic
def preference_set_language(*, user, language: str) -> UserPreference:
    """Save the interface language a person chose (one of settings.LANGUAGES, or ""
    to follow their browser again); makes their preference row the first time."""
    policies.check_set_own_preferences(user)
    language = (language or "").strip()
    if language and language not in dict(settings.LANGUAGES):
        raise InvalidInput(gettext("Pick one of the languages offered."))
    preference, _created = UserPreference.objects.update_or_create(
        user=user, defaults={"language": language}
    )
    return preference
