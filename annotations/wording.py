"""PURE: counts and nouns in words, so no message says "1 articles" or "a opinion".

No Django here: pages, commands and services build their sentences with these.
"""

from __future__ import annotations

# Words spelled with a vowel but said with a consonant ("a user", "a one-line
# quote"), and with a silent h ("an hour"). The desk's own nouns are few; these
# cover them and the common English cases.
_CONSONANT_SOUND = ("one", "once", "uni", "use", "usu", "ute", "eu", "ewe", "ubi")
_VOWEL_SOUND = ("hour", "honest", "honor", "honour", "heir")


def plural(count: int, singular: str, plural_form: str | None = None) -> str:
    """ "1 claim", "2 claims", "12,345 claims": the count and the noun agreeing.

    `plural_form` is for irregular nouns ("person", "people"); otherwise the last
    word takes an "s".
    """
    noun = singular if count == 1 else (plural_form or singular + "s")
    return f"{count:,} {noun}"


def person_name(user, nobody: str = "") -> str:
    """How every page, message and export names a person: their full name, else
    their username; `nobody` when there is no person (a deleted account, the
    system)."""
    if user is None:
        return nobody
    return user.get_full_name() or user.get_username()


def indefinite(noun: str) -> str:
    """The noun with "a" or "an" as it is said: "an opinion", "a user"."""
    if not noun:
        return ""
    lowered = noun.lower()
    if lowered.startswith(_VOWEL_SOUND):
        return f"an {noun}"
    if lowered[0] in "aeiou" and not lowered.startswith(_CONSONANT_SOUND):
        return f"an {noun}"
    return f"a {noun}"
