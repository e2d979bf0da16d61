"""The report's words, dates and direction in the article's language.

Pure like every exporter: no Django, no active language, no process locale. The
catalogue is the `reports` gettext domain under `locale/` beside this module
(docs/REPORTS-I18N.md says how to add a language); a language is chosen from the
article's BCP 47 tag, falling back to its base language ("es-MX" → "es") and then to
the English msgids. Dates come from Babel's CLDR data for the same tag, and the
writing direction from the locale's character order, so a new right-to-left
language needs no list here. An unknown or malformed tag is English, never an error.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path

from babel import Locale, UnknownLocaleError
from babel.core import get_global
from babel.dates import format_date, format_time
from babel.numbers import format_decimal
from babel.support import NullTranslations, Translations

LOCALE_DIRECTORY = Path(__file__).resolve().parent / "locale"
DOMAIN = "reports"
DEFAULT_LANGUAGE = "en"
# BCP 47: letters and digits in subtags of up to eight, joined by hyphens (or the
# underscores of POSIX locale names, which imports sometimes carry).
_TAG = re.compile(r"^[A-Za-z]{2,8}(?:[-_][A-Za-z0-9]{1,8})*$")


def N_(message: str) -> str:
    """Marks a message for the catalogue where it is defined; translated where shown."""
    return message


# Words defined outside the exporters (the sourcing-gap kinds in
# annotations/sourcing/gaps.py) that the reports show: marked here so extraction puts
# them in the catalogue; tests check this list against the gap kinds.
GAP_WORDS = (
    N_("no source"),
    N_("a single source"),
    N_("sources not independent"),
    N_("the attributed source not cited"),
    N_("no primary source"),
    N_("no source supports the verdict"),
    N_("a dead link"),
    N_("no archived copy"),
    N_("a quote not found in its source"),
)


@dataclass(frozen=True)
class Language:
    """How one report speaks: its tag, the Babel locale for dates and numbers,
    the direction of its script, and its catalogue."""

    tag: str
    locale: Locale
    direction: str
    translations: NullTranslations

    @property
    def script(self) -> str:
        """The ISO 15924 script the language is written in ("Latn", "Arab",
        "Deva"): the tag's own script subtag, else CLDR's likely one."""
        if self.locale.script:
            return self.locale.script
        likely = get_global("likely_subtags").get(self.locale.language, "")
        parts = likely.split("_")
        return parts[1] if len(parts) > 2 else "Latn"

    @property
    def house_english(self) -> bool:
        """Plain "en": the msgids' own language, whose dates keep the desk's house
        form ("9 March 2026") rather than CLDR's American "March 9, 2026"."""
        return str(self.locale) == DEFAULT_LANGUAGE

    def gettext(self, message: str) -> str:
        """`message` in this language, or as given when the catalogue lacks it."""
        return self.translations.gettext(message)

    def ngettext(self, singular: str, plural: str, count: int) -> str:
        """The singular or plural form `count` takes in this language."""
        return self.translations.ngettext(singular, plural, count)

    def date(self, day: date) -> str:
        """ "9 de marzo de 2026", "9 مارس 2026": the long date form of the locale."""
        return format_date(day, format="long", locale=self.locale)

    def datetime(self, moment: datetime, zone: str) -> str:
        """The long date and the time of day in the offset the time was given in,
        followed by `zone` ("UTC", "UTC+02:00"), which stays Latin in every
        language because it is an identifier readers search for."""
        day = format_date(moment.date(), format="long", locale=self.locale)
        time = format_time(moment.timetz(), format="HH:mm", locale=self.locale)
        return self.gettext("%(date)s, %(time)s %(zone)s") % {
            "date": day,
            "time": time,
            "zone": zone,
        }

    def number(self, value) -> str:
        """An integer in the locale's digits and grouping; other values as text."""
        if isinstance(value, int) and not isinstance(value, bool):
            return _integer(value, self.locale)
        return "" if value is None else str(value)


# A report formats the same few counts (sources per claim, 1 to 10) hundreds of
# times; Babel's formatting is the costliest call in the PDF's data after Typst.
@lru_cache(maxsize=4096)
def _integer(value: int, locale: Locale) -> str:
    return format_decimal(value, locale=locale)


def language(tag) -> Language:
    """The report language for an article's language tag (any value: a non-string,
    an empty or malformed tag is English)."""
    cleaned = tag.strip() if isinstance(tag, str) else ""
    if not _TAG.match(cleaned):
        cleaned = DEFAULT_LANGUAGE
    return _language(cleaned.replace("_", "-"))


@lru_cache(maxsize=64)
def _language(tag: str) -> Language:
    locale = _locale(tag)
    return Language(
        tag=tag,
        locale=locale,
        direction="rtl" if locale.character_order == "right-to-left" else "ltr",
        translations=_translations(str(locale)),
    )


def _locale(tag: str) -> Locale:
    try:
        return Locale.parse(tag, sep="-")
    except (UnknownLocaleError, ValueError, TypeError):
        pass
    try:
        # A region or script Babel does not know ("es-ZZ"): its base language.
        return Locale.parse(tag.split("-", 1)[0])
    except (UnknownLocaleError, ValueError, TypeError):
        return Locale.parse(DEFAULT_LANGUAGE)


def _translations(locale_name: str) -> NullTranslations:
    """The catalogue for "pt_BR", then "pt", then the English msgids."""
    candidates = [locale_name]
    base = locale_name.split("_", 1)[0]
    if base != locale_name:
        candidates.append(base)
    for candidate in candidates:
        path = LOCALE_DIRECTORY / candidate / "LC_MESSAGES" / f"{DOMAIN}.mo"
        if path.is_file():
            with path.open("rb") as handle:
                return Translations(handle, domain=DOMAIN)
    return NullTranslations()


def text_direction(value) -> str | None:
    """ "rtl" or "ltr" from the first letter with a strong direction (the Unicode
    bidi algorithm's rule for a paragraph, which `dir="auto"` applies in browsers
    but WeasyPrint does not), or None for text without one (digits, punctuation,
    nothing)."""
    if not isinstance(value, str):
        return None
    for character in value:
        kind = unicodedata.bidirectional(character)
        if kind == "L":
            return "ltr"
        if kind in ("R", "AL"):
            return "rtl"
    return None


def shipped_languages() -> list[str]:
    """The languages with a catalogue in locale/, sorted."""
    return sorted(
        path.parent.parent.name
        for path in LOCALE_DIRECTORY.glob(f"*/LC_MESSAGES/{DOMAIN}.po")
    )
