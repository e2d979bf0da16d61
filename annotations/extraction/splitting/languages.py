"""The languages the splitter has kind and attribution rules for.

English has the hand-tuned rules of `kinds` and `attribution`; Spanish,
Portuguese, French, German and Arabic have rules compiled from their lexicons
(`lexicon_<code>.py`). Hindi, Armenian, Russian, Ukrainian, Persian, Urdu,
Amharic and Chinese have kind rules only (`lexicon_kinds.py`: datelines,
bylines, credits, captions, notes), and no attribution. Any other language gets
only the rules that read no words (`kinds.NEUTRAL_FORMS`). `rules_language`
says None for a language without attribution rules and `kinds_language` for one
without kind rules, so the claim panel can say so rather than guess with another
language's words. See docs/EXTRACTION.md ("Languages").
"""

from __future__ import annotations

import dataclasses

from annotations.extraction.splitting import (
    lexicon_ar,
    lexicon_de,
    lexicon_es,
    lexicon_fr,
    lexicon_pt,
    sentence_languages,
)
from annotations.extraction.splitting.lexicon import Lexicon
from annotations.extraction.splitting.lexicon_kinds import KIND_LEXICONS

LEXICONS: dict[str, Lexicon] = {
    module.LEXICON.language: module.LEXICON
    for module in (lexicon_es, lexicon_pt, lexicon_fr, lexicon_de, lexicon_ar)
}
RULES_LANGUAGES = frozenset({"en", *LEXICONS})
KINDS_LANGUAGES = frozenset({*RULES_LANGUAGES, *KIND_LEXICONS})


def primary_subtag(tag: str | None) -> str:
    """The language of a BCP 47 tag, in lower case: "pt-BR" -> "pt"."""
    return (tag or "").strip().replace("_", "-").split("-", 1)[0].lower()


def rules_language(tag: str | None) -> str | None:
    """The language whose kind and attribution rules apply to text tagged `tag`
    ("es" for "es-MX"), or None when the splitter has none for it."""
    language = primary_subtag(tag)
    return language if language in RULES_LANGUAGES else None


def kinds_language(tag: str | None) -> str | None:
    """The language whose kind rules apply to text tagged `tag` (those of every
    language `rules_language` gives, and of those with kind rules only), or None
    when the splitter has none for it."""
    language = primary_subtag(tag)
    return language if language in KINDS_LANGUAGES else None


def kinds_lexicon(language: str) -> Lexicon:
    """The kind-only lexicon of `language` (a key of `KIND_LEXICONS`), its month
    names taken from the splitter's data for the language when it lists none."""
    lexicon = KIND_LEXICONS[language]
    if lexicon.months:
        return lexicon
    months = sentence_languages.profile(language).date_words
    return dataclasses.replace(lexicon, months=" ".join(sorted(months)))
