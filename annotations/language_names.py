"""An article's language named in the reader's language (docs/I18N.md).

The pure extraction package names languages in English
(`annotations.extraction.language.name`); the pages say the name in the active
language from CLDR's data through Babel ("portugués (Brasil)", "البرتغالية
(البرازيل)"). In English the pure module's name is kept as it is, and a tag Babel
does not know keeps it too.
"""

from __future__ import annotations

import functools

import babel
from django.utils.translation import get_language, gettext

from annotations.extraction import language as extraction_language


def _reader() -> str:
    return get_language() or "en"


@functools.lru_cache(maxsize=4096)
def _said(tag: str, reader: str) -> str | None:
    try:
        locale = babel.Locale.parse(tag, sep="-")
        said = locale.get_display_name(babel.Locale.parse(reader, sep="-"))
    except (ValueError, TypeError, babel.UnknownLocaleError):
        return None
    return said or None


def language_name(tag: str | None) -> str:
    """The language of `tag` in the reader's words: "Spanish" in English,
    "español" in Spanish, "الإسبانية" in Arabic; "an unknown language" (said in
    the reader's language) for no tag."""
    reader = _reader()
    if extraction_language.primary(reader) == "en":
        return extraction_language.name(tag)
    normalized = extraction_language.normalize_tag(tag)
    if normalized is None:
        return gettext("an unknown language")
    return _said(normalized, reader) or extraction_language.name(tag)


@functools.lru_cache(maxsize=64)
def _choices(reader: str) -> tuple[tuple[str, str], ...]:
    named = [
        (code, _said(code, reader) or english)
        for code, english in extraction_language.NAMES.items()
    ]
    return tuple(sorted(named, key=lambda item: item[1].casefold()))


def language_choices() -> tuple[tuple[str, str], ...]:
    """Every language the desk has a name for, as (tag, name in the reader's
    words), in the order of their names."""
    reader = _reader()
    if extraction_language.primary(reader) == "en":
        return tuple(
            sorted(extraction_language.NAMES.items(), key=lambda item: item[1])
        )
    return _choices(reader)
