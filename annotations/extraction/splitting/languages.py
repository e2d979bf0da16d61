"""The languages the splitter has kind and attribution rules for.

English has the hand-tuned rules of `kinds` and `attribution`; Spanish,
Portuguese, French, German and Arabic have rules compiled from their lexicons
(`lexicon_<code>.py`). Any other language gets only the rules that read no words
(`kinds.NEUTRAL_FORMS`) and no attribution: `rules_language` says None for it, so
the claim panel can say so rather than guess with another language's words. See
docs/EXTRACTION.md ("Languages").
"""

from __future__ import annotations

from annotations.extraction.splitting import (
    lexicon_ar,
    lexicon_de,
    lexicon_es,
    lexicon_fr,
    lexicon_pt,
)
from annotations.extraction.splitting.lexicon import Lexicon

LEXICONS: dict[str, Lexicon] = {
    module.LEXICON.language: module.LEXICON
    for module in (lexicon_es, lexicon_pt, lexicon_fr, lexicon_de, lexicon_ar)
}
RULES_LANGUAGES = frozenset({"en", *LEXICONS})


def primary_subtag(tag: str | None) -> str:
    """The language of a BCP 47 tag, in lower case: "pt-BR" -> "pt"."""
    return (tag or "").strip().replace("_", "-").split("-", 1)[0].lower()


def rules_language(tag: str | None) -> str | None:
    """The language whose kind and attribution rules apply to text tagged `tag`
    ("es" for "es-MX"), or None when the splitter has none for it."""
    language = primary_subtag(tag)
    return language if language in RULES_LANGUAGES else None
