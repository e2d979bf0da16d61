"""The features of a sentence that the check-worthiness model weighs.

Three families, all computed here so that training (`bench/train_checkworthiness.py`)
and scoring see exactly the same thing:

- *Named signals*: things a fact-checker looks for in news copy, each found by a
  pattern and described in words for the claim panel ("a number", "names an
  official action"). They carry the model across from the debate transcripts it is
  trained on to news articles.
- *Words and word pairs*: the sentence's lower-cased words and adjacent pairs
  (numbers folded to one token), hashed into a fixed number of buckets with CRC-32,
  which is stable across Python processes and machines.
- *Character n-grams* of each word (2 to 5 characters of the word padded with a
  space at either end, as scikit-learn's `char_wb` analyser cuts them), hashed the
  same way. They never cross a word, so what they add is added to the word they
  sit in: the reasons shown are words, never fragments.

The training data are English. For a sentence in another language
(`trained_language`), only the language-independent part applies: the signals
found by figures and symbols rather than English words (`independent_signals`)
and the character n-grams.
"""

# This module matches typographic quotes and dashes on purpose.
# ruff: noqa: RUF001

from __future__ import annotations

import itertools
import re
import zlib
from collections.abc import Sequence
from dataclasses import dataclass

from annotations.extraction.splitting.lexicon import (
    FUNCTION_WORDS,
    MONTHS,
    SENTENCE_STARTERS,
    WEEKDAYS,
    words,
)

HASH_BUCKETS = 1 << 18
EVIDENCE_CHARS = 40
MAX_NAMED_ENTITIES = 3
MAX_HEDGES = 2
SHORT_SENTENCE_WORDS = 6
LONG_SENTENCE_WORDS = 30

# Each named signal: its key, and the words the claim panel shows for it.
SIGNAL_LABELS = {
    "number": "a number",
    "quantity": "money or a percentage",
    "date": "a date or time",
    "named_entity": "names a person, body or place",
    "official_action": "names an official action",
    "attribution": "attributed to a source",
    "comparison": "a comparison or superlative",
    "causal": "says what caused what",
    "hedge": "hedged",
    "opinion_marker": "opinion word",
    "first_person": "speaks in the first person",
    "question": "a question",
    "short": "a short sentence",
    "long": "a long sentence",
}
SIGNAL_NAMES = tuple(SIGNAL_LABELS)

_WEEKDAYS = "|".join(WEEKDAYS)

# Money, percentages and large figures. Each alternative opens with the same
# character class (a currency sign or a digit, then a look-behind says which), so
# that the regex engine skips other text in C.
QUANTITY = re.compile(
    r"[$€£¥0-9](?:"
    r"(?<=[$€£¥])[ ]?[0-9][0-9,.]*(?:[ ]?(?:million|billion|trillion|[mbk]n?)\b)?"
    r"|(?<=[0-9])[0-9,.]*[ ]?(?:%|percent\b|per cent\b|percentage points?\b)"
    r"|(?<=[0-9])[0-9,.]*[ ]?(?:million|billion|trillion)\b)"
)


def _literal_led(alternatives: list[tuple[str, str]]) -> str:
    """A pattern trying `alternatives` (first letter, rest) in order at each place.

    Alternatives are grouped by their first letter, each group opening with that
    letter and a look-behind for the word boundary before it. A pattern whose every
    alternative opens with a literal lets the regex engine skip to the places where
    one may start; one opening with `\\b` makes it try every alternative at every
    character. Alternatives with different first letters never match at the same
    place, so the grouping keeps the order of preference.
    """
    groups: dict[str, list[str]] = {}
    for first, rest in alternatives:
        groups.setdefault(first, []).append(rest)
    return "|".join(
        rf"{first}(?<!\w{first})(?:{'|'.join(rests)})"
        for first, rests in groups.items()
    )


_DATE_TAIL = r"(?:\s+[0-9]{1,2}(?:st|nd|rd|th)?)?(?:,?\s+[0-9]{4})?"
_PERIODS = (
    r"\s+(?:week|weekend|month|year|spring|summer|fall|autumn|winter|decade|century)"
    r"\b"
)
_MONTH_ABBREVIATIONS = (
    r"Jan\.?",
    r"Feb\.?",
    r"Mar\.?",
    r"Apr\.?",
    r"Jun\.?",
    r"Jul\.?",
    r"Aug\.?",
    r"Sept?\.?",
    r"Oct\.?",
    r"Nov\.?",
    r"Dec\.?",
)


def _both_cases(*words: str) -> list[str]:
    return [form for word in words for form in (word, word.lower())]


# Dates and times in words ("on Tuesday", "March 9, 2021", "last month") and in
# figures ("2021", "5 p.m."): two patterns, each run only when the sentence holds
# a trigger word or a digit. In words, in order of preference at one place: a
# weekday after "on", "last", "since" ...; a weekday; a month, with its day and
# year; an abbreviated month before a number; "last week", "earlier this year" ...;
# "yesterday", "today", "tonight", "tomorrow".
DATE_IN_WORDS = re.compile(
    _literal_led(
        [
            (word[0], rf"{word[1:]}\s+(?:{_WEEKDAYS})\b")
            for word in _both_cases(
                "On", "Last", "Next", "This", "Since", "By", "Until"
            )
        ]
        + [(day[0], rf"{day[1:]}\b") for day in WEEKDAYS]
        + [(month[0], rf"{month[1:]}(?!\w){_DATE_TAIL}") for month in MONTHS]
        + [
            (short[0], rf"{short[1:]}(?=\s+[0-9]){_DATE_TAIL}")
            for short in _MONTH_ABBREVIATIONS
        ]
        + [
            (word[0], word[1:] + _PERIODS)
            for word in _both_cases(
                "Last", "Next", "This", "Earlier this", "Later this"
            )
        ]
        + [
            (word[0], rf"{word[1:]}\b")
            for word in _both_cases("Yesterday", "Today", "Tonight", "Tomorrow")
        ]
    )
)
DATE_IN_FIGURES = re.compile(
    r"[0-9](?<![0-9][0-9])(?:"
    r"(?<=[12])(?:(?<=1)[6-9]|(?<=2)0)[0-9]{2}s?\b"
    r"|[0-9]?(?::[0-9]{2})?\s?(?:[ap]\.m\.|[AP]\.M\.|[ap]m\b|[AP]M\b))"
)
# Runs of capitalised words, joined by the small words inside names
# ("Department of Defense", "Bank of the West").
# The look-behind comes after the capital, so that the pattern opens with a character
# class and the regex engine skips other text in C.
CAPITALISED_RUN = re.compile(
    r"[A-Z](?<![\w'’][A-Z])[\w'’.&-]*"
    r"(?:(?:\s+(?:of|the|for|de|du|la|von|van|bin|al))*\s+[A-Z][\w'’.&-]*)*"
)
_ACRONYM = re.compile(r"[A-Z][A-Z0-9&]+s?|(?:[A-Z]\.){2,}")
_DATE_WORDS = frozenset(MONTHS + WEEKDAYS)
_PRONOUNS = frozenset(["I", "We", "You", "He", "She", "They", "It"])


def _past_tense(*bases: str) -> list[str]:
    forms = []
    for base in bases:
        if base.endswith("e"):
            forms.append(base + "d")
        elif base.endswith("y"):
            forms.append(base[:-1] + "ied")
        else:
            forms.append(base + "ed")
    return forms


_ACTION_VERBS = words(
    "sign agree announce approve vote launch create establish reinstitute "
    "enact ratify appoint nominate elect impose sanction construct develop "
    "cooperate deploy invest fund allocate release publish declare resign "
    "hire abolish repeal suspend cancel reject overturn endorse adopt "
    "implement pledge award acquire merge invade seize arrest indict "
    "convict sentence raise increase reduce pass order rule sue charge fine "
    "kill die issue introduce file mock criticize criticise urge face open "
    "close lift veto test evacuate recall confiscate shut deport detain "
    "fire lay"
)
# Past tenses only, plus a few present forms that are never nouns: "a vote", "the
# launch" and "a sentence" say nothing about anyone acting. Looked up word by word
# (one set look-up per word is far cheaper than a regex of a hundred alternatives).
ACTION_WORDS = frozenset(_past_tense(*_ACTION_VERBS)) | words(
    "banned built spent withdrew won lost sold bought struck agree agrees approve "
    "approves announce announces create creates construct constructs establish "
    "establishes ratify ratifies enact enacts build builds develop develops "
    "cooperate cooperates invade invades impose imposes appoint appoints nominate "
    "nominates"
)
ACTION_PAIRS = frozenset(
    {
        "held talks",
        "laid off",
        "signs a",
        "signs an",
        "signs the",
        "sign a",
        "sign an",
        "sign the",
    }
)
_COMPARATIVES = words(
    "more less fewer greater higher lower larger smaller bigger faster slower older "
    "newer better worse cheaper costlier"
)
COMPARISON_WORDS = words(
    "largest biggest highest lowest smallest fastest slowest newest oldest latest "
    "greatest strongest weakest richest poorest deadliest longest shortest best "
    "worst most least first only record doubled tripled halved rose fell increased "
    "decreased dropped jumped climbed declined grew shrank"
)
COMPARISON_PAIRS = frozenset(
    {f"{word} than" for word in _COMPARATIVES}
    | {"twice as", "compared with", "compared to"}
)
CAUSAL_WORDS = words("caused causes therefore consequently")
CAUSAL_PAIRS = frozenset(
    pair.replace("_", " ")
    for pair in words(
        "because_of due_to led_to leads_to resulted_in results_in contributed_to "
        "blamed_on blamed_for attributed_to thanks_to so_that"
    )
)
HEDGE_WORDS = words(
    "reportedly allegedly unclear appears appear appearing appeared seems seem "
    "seemed seemingly possibly perhaps likely unlikely probably rumored rumoured "
    "unconfirmed apparently supposedly suggests suggest"
)
# Only in lower case: "May" is a month.
HEDGE_LOWER_ONLY = words("may might could")
NUMBER_WORDS = words(
    "two three four five six seven eight nine ten eleven twelve fifteen twenty "
    "thirty forty fifty sixty seventy eighty ninety hundred hundreds thousand "
    "thousands million millions billion billions trillion trillions dozen dozens "
    "half twice double triple"
)
_DATE_TRIGGERS = frozenset(w.lower() for w in MONTHS + WEEKDAYS) | words(
    "jan feb mar apr jun jul aug sep sept oct nov dec yesterday today tonight "
    "tomorrow week weekend month year spring summer fall autumn winter decade century"
)
_WORD_TOKEN = re.compile(r"[A-Za-z]+(?:['’][a-z]+)?")
# A figure, with a currency sign before it: "[$€£¥]?[0-9]", written to open with one
# character class (a digit, or a sign that a digit follows) so that the engine skips
# other text in C.
_DIGITS = re.compile(r"[$€£¥0-9](?:(?<=[0-9])|[0-9])[0-9,]*(?:\.[0-9]+)?")
OPINION_WORDS = words(
    "should must ought shameful disgraceful outrageous absurd ridiculous appalling "
    "pathetic terrible wonderful fantastic awful unacceptable unfortunately "
    "fortunately obviously clearly"
)
OPINION_PAIRS = frozenset(
    {
        f"{person} {verb}"
        for person in ("i", "we")
        for verb in words("think believe feel hope guess suppose fear doubt")
    }
    | {"my view", "my opinion", "our view", "our opinion"}
)
FIRST_PERSON_TOKENS = words("I I'm I’m I've I’ve I'd I’d my My we We our Our us")
_QUESTION_MARKS = ("?", "⁇", "⁈", "？")
_CLOSING = "\"'”’»)]"
WORD = re.compile(r"[^\W\d_][\w'’.-]*")
# What separates words in any script: white space, digits (a number is a token of
# its own), and punctuation and symbols — ASCII's, Latin-1's, the general
# punctuation block (but not the zero-width (non-)joiners inside Persian and Indic
# words), currency signs, arrows and other symbols, the CJK and full-width forms,
# emoji, and the sentence marks of Arabic, Devanagari, Armenian, Greek, Ethiopic,
# Burmese, Khmer and Tibetan. Everything else is a letter, so a word of a script
# whose vowel signs are combining marks (Devanagari, Tamil, Burmese) stays whole,
# which `\w` would cut at each sign. The soft hyphen stays inside its word.
_SEPARATORS = (
    r"\s\d!-/:-@\[-`{-~\u00a1-\u00ac\u00ae-\u00bf\u00d7\u00f7"
    r"\u2000-\u200b\u200e-\u206f\u20a0-\u20cf\u2100-\u2bff\u2e00-\u2e7f"
    r"\u3000-\u303f\ufe10-\ufe1f\ufe30-\ufe6f\uff01-\uff0f\uff1a-\uff20"
    r"\uff3b-\uff40\uff5b-\uff65\U0001f000-\U0001faff"
    r"\u037e\u0387\u055a-\u055f\u0589\u058a\u060c\u061b\u061f\u066a-\u066d"
    r"\u06d4\u0964\u0965\u0970\u0f04-\u0f12\u104a-\u104f\u1360-\u1368"
    r"\u17d4-\u17da"
)
# Tokens for the hashed word features: lower-case words of any script (an
# apostrophe inside a word keeps it whole: "don't", "aujourd'hui"), and numbers,
# which `word_tokens` folds to "0".
_TOKEN = re.compile(rf"\d[\d,.]*|[^{_SEPARATORS}]+(?:['’][^{_SEPARATORS}]+)*")


@dataclass(frozen=True, slots=True)
class Feature:
    """One feature of a sentence: its key, value, words for people and evidence."""

    key: str  # a signal name, or "w:<word>" / "p:<word> <word>"
    value: float
    label: str
    evidence: str


# A named signal as extraction handles it: (key, value, label, evidence), the fields
# of a Feature in a plain tuple (a frozen dataclass costs ten times as much to make).
SignalTuple = tuple[str, float, str, str]


def excerpt(text: str) -> str:
    """`text` on one line, cut to EVIDENCE_CHARS with an ellipsis."""
    text = " ".join(text.split())
    if len(text) <= EVIDENCE_CHARS:
        return text
    return text[: EVIDENCE_CHARS - 1] + "…"


# What a capitalised run says about itself, whatever the sentence: names recur in a
# story, so each distinct run is worked out once. Bounded, like the word weights.
_RUN_CACHE_LIMIT = 100_000
_runs: dict[str, tuple[str, bool, bool]] = {}


def _run_reading(run: str) -> tuple[str, bool, bool]:
    """(name, dropped wherever it stands, dropped when it opens the sentence)."""
    name = run.rstrip(".")
    if name.endswith(("'s", "’s")):
        name = name[:-2]
    name = name.rstrip("'’")
    words = name.split()
    stripped = False
    if len(words) > 1 and words[0] in SENTENCE_STARTERS:
        words = words[1:]  # "The White House" -> "White House"
        name = " ".join(words)
        stripped = True  # what is left does not open the sentence
    single = len(words) == 1 and not _ACRONYM.fullmatch(name)
    dropped = (
        len(name) < 2
        or name in _DATE_WORDS
        or (single and (name in SENTENCE_STARTERS or name in _PRONOUNS))
    )
    return name, dropped, single and not stripped


def named_entities(sentence: str) -> list[str]:
    """Capitalised names in the sentence, without sentence-initial common words."""
    first_letter = -1
    entities: list[str] = []
    cache = _runs
    for run in CAPITALISED_RUN.finditer(sentence):
        raw = run.group()
        reading = cache.get(raw)
        if reading is None:
            if len(cache) >= _RUN_CACHE_LIMIT:
                cache.clear()
            reading = cache[raw] = _run_reading(raw)
        name, dropped, dropped_at_start = reading
        if dropped or name in entities:
            continue
        if dropped_at_start:
            if first_letter < 0:
                first_letter = next(
                    (i for i, c in enumerate(sentence) if c.isalpha()), 0
                )
            if run.start() == first_letter:
                continue
        entities.append(name)
    return entities


def _first_words(pairs: frozenset) -> frozenset:
    return frozenset(pair.split()[0] for pair in pairs)


_ACTION_STARTS = _first_words(ACTION_PAIRS)
_COMPARISON_STARTS = _first_words(COMPARISON_PAIRS)
_CAUSAL_STARTS = _first_words(CAUSAL_PAIRS)
_OPINION_STARTS = _first_words(OPINION_PAIRS)
_HEDGES_ANY_CASE = HEDGE_WORDS | HEDGE_LOWER_ONLY
_FIRST_PERSON_FORMS: dict[str, tuple[str, ...]] = {}
for _form in sorted(FIRST_PERSON_TOKENS):
    _FIRST_PERSON_FORMS.setdefault(_form.lower(), ())
    _FIRST_PERSON_FORMS[_form.lower()] += (_form,)
# Every lower-case word any cue looks for, with the families of cues it belongs to
# as bits. One set intersection with the sentence's words leaves the few that
# matter, and their bits say which cues need a closer look at all.
_ACTION, _COMPARISON, _CAUSAL, _OPINION, _HEDGE, _FIRST_PERSON, _NUMBER, _DATE = (
    1 << bit for bit in range(8)
)
_FAMILIES: dict[str, int] = {}
for _family, _words in (
    (_ACTION, ACTION_WORDS | _ACTION_STARTS),
    (_COMPARISON, COMPARISON_WORDS | _COMPARISON_STARTS),
    (_CAUSAL, CAUSAL_WORDS | _CAUSAL_STARTS | {"result"}),
    (_OPINION, OPINION_WORDS | _OPINION_STARTS),
    (_HEDGE, _HEDGES_ANY_CASE),
    (_FIRST_PERSON, frozenset(_FIRST_PERSON_FORMS)),
    (_NUMBER, NUMBER_WORDS),
    (_DATE, _DATE_TRIGGERS),
):
    for _word in _words:
        _FAMILIES[_word] = _FAMILIES.get(_word, 0) | _family
_CUE_WORDS = frozenset(_FAMILIES)


def _first_cue(
    tokens: list[str],
    lower: list[str],
    cues: set[str],
    singles: frozenset,
    pairs: frozenset,
    starts: frozenset,
) -> str | None:
    """The first word or word pair of the sentence found in `singles` or `pairs`.

    `cues` holds the sentence's words that some cue looks for; a word found as a
    single cue wins over a pair starting at the same place. Positions come from
    `list.index`, so no Python loop runs over the sentence's words.
    """
    found_singles = cues & singles
    found_starts = cues & starts
    if not found_singles and not found_starts:
        return None  # the common case
    best = len(lower)
    for word in found_singles:
        index = lower.index(word)
        if index < best:
            best = index
    single = best < len(lower)
    last = len(lower) - 1
    for word in found_starts:
        index = lower.index(word)
        while index < best:
            if index < last and f"{word} {lower[index + 1]}" in pairs:
                best = index
                single = False
                break
            try:
                index = lower.index(word, index + 1)
            except ValueError:
                break
    if best == len(lower):
        return None
    if single:
        return tokens[best]
    return f"{tokens[best]} {tokens[best + 1]}"


# The languages whose words the model was trained on (the primary subtag of a BCP 47
# tag). The named signals' word lists are English too.
TRAINED_LANGUAGES = frozenset({"en"})


def trained_language(language: str | None) -> bool:
    """Was the model trained on this language (a BCP 47 tag: "en", "en-GB")?

    No language given means English, the desk's default.
    """
    if not language:
        return True
    return language.replace("_", "-").split("-", 1)[0].lower() in TRAINED_LANGUAGES


# The zero of every decimal digit block a news text is likely to hold (Arabic-Indic,
# Persian, Devanagari, Bengali, Gurmukhi, Gujarati, Oriya, Tamil, Telugu, Kannada,
# Malayalam, Thai, Lao, Tibetan, Burmese, Khmer, Mongolian, full-width): the
# language-independent signals read every one of them as ASCII digits.
_DIGIT_ZEROS = (
    0x0660, 0x06F0, 0x0966, 0x09E6, 0x0A66, 0x0AE6, 0x0B66, 0x0BE6, 0x0C66,
    0x0CE6, 0x0D66, 0x0E50, 0x0ED0, 0x0F20, 0x1040, 0x17E0, 0x1810, 0xFF10,
)  # fmt: skip
_ASCII_DIGITS = {
    zero + digit: str(digit) for zero in _DIGIT_ZEROS for digit in range(10)
}
_CURRENCY_SIGNS = "$€£¥₹₽₩₺₦₱₴₪₫৳฿₸₼₾₵₡﷼"
_CURRENCY_CODES = (
    "USD|EUR|GBP|JPY|CNY|RMB|INR|RUB|BRL|MXN|ARS|CLP|COP|PEN|CHF|CAD|AUD|ZAR|NGN|"
    "KES|EGP|SAR|AED|TRY|UAH|PLN|SEK|NOK|DKK|KRW|IDR|PKR|BDT|VND"
)
# Money and percentages written with signs and codes, the same in any language:
# "€ 4,5", "30 %", "٪30" read as "%30", "1.200 USD".
INDEPENDENT_QUANTITY = re.compile(
    rf"(?:[{_CURRENCY_SIGNS}]|\b(?:{_CURRENCY_CODES})\b)\s?[0-9](?:[0-9.,]*[0-9])?"
    rf"|[0-9][0-9.,]*(?:\s?[%٪％‰]|\s?(?:[{_CURRENCY_SIGNS}]|(?:{_CURRENCY_CODES})\b))"
    r"|[%٪][0-9](?:[0-9.,]*[0-9])?"
)
# Dates and times in figures: a year from 1600 to 2099 standing alone, a time of day
# ("14:05", "9h30") and a date in numbers ("12/03/2024", "2024-03-12", "12.03.2024").
INDEPENDENT_DATE = re.compile(
    r"(?<![0-9.,:/-])(?:"
    r"(?:1[6-9]|20)[0-9]{2}(?![0-9]|[.,][0-9])"
    r"|[0-9]{1,2}(?::|h)[0-5][0-9](?![0-9])"
    r"|[0-9]{1,4}([./-])[0-9]{1,2}\1[0-9]{2,4}(?![0-9])"
    r")"
)
_INDEPENDENT_NUMBER = re.compile(r"[0-9][0-9.,]*")
# Sentence-final question marks of every script: Latin, full-width, Arabic, Greek,
# Ethiopic; Armenian marks the questioned word itself (՞), wherever it stands.
_ANY_QUESTION_MARKS = ("?", "⁇", "⁈", "？", "؟", "\u037e", "፧", "⸮")
_ANY_CLOSING = "\"'”’»«)]」』》〉】）"
# The signals that read figures and signs rather than English words, and so mean
# the same in any language; "attribution" is found by the language's own rules.
INDEPENDENT_SIGNALS = frozenset(
    {"number", "quantity", "date", "attribution", "question"}
)
BASIS_SIGNAL = "checkworthiness_basis"
BASIS_LABEL = "language-independent score (no training data in this language)"


def independent_signals(sentence: str, attribution: str | None) -> list[SignalTuple]:
    """The language-independent named signals of a sentence in any language, then
    the signal that says the score was made so (`BASIS_SIGNAL`).

    Numbers, money, percentages and dates are read from figures and signs (digits
    of any script), a question from the question marks of every script, and an
    attribution is the one the language's own rules found. Named people and
    bodies (capitals mean names in English, nouns in German, nothing in Arabic),
    official actions, comparisons, causes, hedges, opinions, the first person and
    length in words (scripts without spaces between words have no word count) are
    left out.
    """
    found: list[SignalTuple] = []
    labels = SIGNAL_LABELS
    figures = sentence.translate(_ASCII_DIGITS)
    dates = list(INDEPENDENT_DATE.finditer(figures))
    if dates:
        date = sentence[dates[0].start() : dates[0].end()]
        found.append(("date", 1.0, labels["date"], excerpt(date)))
    for match in _INDEPENDENT_NUMBER.finditer(figures):
        start = match.start()
        if start and (figures[start - 1].isalnum() or figures[start - 1] in "._"):
            continue
        if any(d.start() < match.end() and start < d.end() for d in dates):
            continue
        number = sentence[start : match.end()].rstrip(".,")
        found.append(("number", 1.0, labels["number"], excerpt(number)))
        break
    quantity = INDEPENDENT_QUANTITY.search(figures)
    if quantity:
        shown = sentence[quantity.start() : quantity.end()]
        found.append(("quantity", 1.0, labels["quantity"], excerpt(shown)))
    if attribution:
        shown = excerpt(attribution)
        found.append(("attribution", 1.0, f"attributed to {shown}", shown))
    if sentence.rstrip(_ANY_CLOSING + " ").endswith(_ANY_QUESTION_MARKS) or (
        "\u055e" in sentence
    ):
        found.append(("question", 1.0, labels["question"], excerpt(sentence[-40:])))
    # Its weight is what the words' character n-grams add together.
    found.append((BASIS_SIGNAL, 1.0, BASIS_LABEL, "its words' character n-grams"))
    return found


def named_signals(
    sentence: str,
    attribution: str | None,
    entities: Sequence[str] | None = None,
    language: str | None = "en",
) -> list[SignalTuple]:
    """The named signals found in `sentence`, in a fixed order, as plain tuples.

    `entities` may pass the sentence's `named_entities` when the caller has them.
    `signal_features` gives the same as Features. In a language the model was not
    trained on, the language-independent signals (`independent_signals`).
    """
    if language != "en" and not trained_language(language):
        return independent_signals(sentence, attribution)
    found: list[SignalTuple] = []
    labels = SIGNAL_LABELS
    tokens = _WORD_TOKEN.findall(sentence)
    lower = list(map(str.lower, tokens))
    lower_set = set(lower)
    cues = lower_set & _CUE_WORDS
    families = 0
    for word in cues:
        families |= _FAMILIES[word]
    digits = list(_DIGITS.finditer(sentence))
    dates = list(DATE_IN_FIGURES.finditer(sentence)) if digits else []
    if families & _DATE:
        dates.extend(DATE_IN_WORDS.finditer(sentence))
        dates.sort(key=re.Match.start)
    if dates:
        found.append(("date", 1.0, labels["date"], excerpt(dates[0].group())))
    number = None
    for match in digits:
        start = match.start()
        before = sentence[start - 1 : start]
        if (before.isalnum() or before in "._") and before not in "$€£¥":
            continue
        if dates:
            end = match.end()
            if any(d.start() < end and start < d.end() for d in dates):
                continue
        number = match.group()
        break
    if number is None and families & _NUMBER:
        number = tokens[min(lower.index(word) for word in cues & NUMBER_WORDS)]
    if number is not None:
        found.append(("number", 1.0, labels["number"], excerpt(number)))
    quantity = QUANTITY.search(sentence) if digits else None
    if quantity:
        found.append(("quantity", 1.0, labels["quantity"], excerpt(quantity.group())))
    if entities is None:
        entities = named_entities(sentence)
    entities = entities[:MAX_NAMED_ENTITIES]
    if entities:
        joined = ", ".join(entities)
        found.append(
            ("named_entity", float(len(entities)), "names " + joined, excerpt(joined))
        )
    if families & _ACTION:
        action = _first_cue(
            tokens, lower, cues, ACTION_WORDS, ACTION_PAIRS, _ACTION_STARTS
        )
        if action:
            found.append(
                (
                    "official_action",
                    1.0,
                    f"names an official action ('{action.lower()}')",
                    excerpt(action),
                )
            )
    if attribution:
        shown = excerpt(attribution)
        found.append(("attribution", 1.0, f"attributed to {shown}", shown))
    if families & _COMPARISON:
        comparison = _first_cue(
            tokens, lower, cues, COMPARISON_WORDS, COMPARISON_PAIRS, _COMPARISON_STARTS
        )
        if comparison:
            found.append(
                (
                    "comparison",
                    1.0,
                    f"a comparison ('{comparison.lower()}')",
                    excerpt(comparison),
                )
            )
    if families & _CAUSAL:
        causal = _first_cue(
            tokens, lower, cues, CAUSAL_WORDS, CAUSAL_PAIRS, _CAUSAL_STARTS
        )
        if causal is None and "result" in cues and "as a result" in " ".join(lower):
            causal = "as a result"
        if causal:
            found.append(
                (
                    "causal",
                    1.0,
                    f"says what caused what ('{causal.lower()}')",
                    excerpt(causal),
                )
            )
    if families & _HEDGE:
        # Each hedge word once, in the order of its first use; "may", "might" and
        # "could" only in lower case ("May" is a month).
        at: list[tuple[int, str]] = []
        for word in cues & _HEDGES_ANY_CASE:
            if word in HEDGE_WORDS:
                at.append((lower.index(word), word))
            elif word in tokens:
                at.append((tokens.index(word), word))
        if at:
            at.sort()
            hedges = [word for _, word in at[:MAX_HEDGES]]
            found.append(
                (
                    "hedge",
                    float(len(hedges)),
                    "hedged (" + ", ".join(f"'{h}'" for h in hedges) + ")",
                    ", ".join(hedges),
                )
            )
    if families & _OPINION:
        opinion = _first_cue(
            tokens, lower, cues, OPINION_WORDS, OPINION_PAIRS, _OPINION_STARTS
        )
        if opinion:
            found.append(
                (
                    "opinion_marker",
                    1.0,
                    f"opinion word '{opinion.lower()}'",
                    excerpt(opinion),
                )
            )
    if families & _FIRST_PERSON:
        first_person_at = len(tokens)
        for word in cues.intersection(_FIRST_PERSON_FORMS):
            for form in _FIRST_PERSON_FORMS[word]:
                if form in tokens:
                    first_person_at = min(first_person_at, tokens.index(form))
        if first_person_at < len(tokens):
            first_person = tokens[first_person_at]
            found.append(("first_person", 1.0, labels["first_person"], first_person))
    if sentence.rstrip(_CLOSING).endswith(_QUESTION_MARKS):
        found.append(("question", 1.0, labels["question"], excerpt(sentence[-40:])))
    word_count = len(tokens)
    if word_count < SHORT_SENTENCE_WORDS:
        found.append(("short", 1.0, labels["short"], excerpt(sentence)))
    elif word_count > LONG_SENTENCE_WORDS:
        found.append(("long", 1.0, labels["long"], f"{word_count} words"))
    return found


def signal_features(
    sentence: str,
    attribution: str | None,
    entities: Sequence[str] | None = None,
    language: str | None = "en",
) -> list[Feature]:
    """The named signals found in `sentence`, in a fixed order (`named_signals`).

    `entities` may pass the sentence's `named_entities` when the caller has them.
    """
    return [
        Feature(*found)
        for found in named_signals(sentence, attribution, entities, language)
    ]


_NUMBER_RUN = re.compile(r"\d[\d,.]*")


def word_tokens(sentence: str) -> list[str]:
    """The lower-cased word tokens of `sentence`, every number folded to "0".

    The numbers are folded by one substitution before the scan rather than token by
    token: a number run cannot meet a word token, so the tokens are the same.
    """
    return _TOKEN.findall(_NUMBER_RUN.sub("0", sentence.lower()))


def word_keys(sentence: str) -> list[str]:
    """The word and word-pair keys of `sentence`, each once, in order."""
    tokens = word_tokens(sentence)
    keys = dict.fromkeys("w:" + token for token in tokens)
    keys.update(
        dict.fromkeys(
            f"p:{first} {second}" for first, second in itertools.pairwise(tokens)
        )
    )
    return list(keys)


CHAR_NGRAM_SIZES = range(2, 6)


def char_ngrams(token: str) -> list[str]:
    """The character n-grams of one word token, 2 to 5 long, in order, repeats kept.

    The word is padded with a space at either end and cut as scikit-learn's
    `char_wb` analyser cuts it: every n-gram of each size, and a padded word no
    longer than a size once, as a whole, with no longer ones after it.
    """
    padded = f" {token} "
    length = len(padded)
    grams: list[str] = []
    for size in CHAR_NGRAM_SIZES:
        if size >= length:
            grams.append(padded)
            break
        grams += [padded[start : start + size] for start in range(length - size + 1)]
    return grams


def char_keys(token: str) -> list[str]:
    """The character n-gram keys of one word token ("c: t", "c:ta", ...)."""
    return ["c:" + gram for gram in char_ngrams(token)]


def bucket(key: str) -> int:
    """The hash bucket of a word, word-pair or character n-gram key (stable
    everywhere)."""
    return zlib.crc32(key.encode("utf-8")) % HASH_BUCKETS


# Tokens that say nothing a person can act on when a word signal shows them alone:
# function words ("the", "was", with either apostrophe), single letters (the pieces
# of "U.S.") and "0", the token every number folds to (the "number" signal says it).
UNSHOWN_TOKENS = (
    FUNCTION_WORDS
    | frozenset(word.replace("'", "’") for word in FUNCTION_WORDS)
    | frozenset("abcdefghijklmnopqrstuvwxyz0")
)


def shown_token(token: str | tuple[str, str]) -> bool:
    """May a word signal show this token, or this pair of tokens, to a person?

    A word when it is not in UNSHOWN_TOKENS; a pair when either of its words is not
    ("words 'tax cut'", "words '<number> percent'", but not "words 'of the'").
    """
    if type(token) is str:
        return token not in UNSHOWN_TOKENS
    return token[0] not in UNSHOWN_TOKENS or token[1] not in UNSHOWN_TOKENS


def shown_key(key: str) -> bool:
    """`shown_token` for a word key ("w:budget", "p:of the")."""
    words = key[2:].split(" ")
    return shown_token(words[0] if key[0] == "w" else (words[0], words[1]))


def key_words(words: str) -> str:
    """The words of a word key as a person reads them ("0" stands for any number):
    "tax 0" -> "tax <number>"."""
    return " ".join("<number>" if word == "0" else word for word in words.split())


def word_label(key: str) -> str:
    """Words for a word key: "word 'billion'" or "words 'tax cut'". The stored
    signal's name ("word" / "words") and evidence (the key's words) are what the
    desk says it from in the reader's language (`desk.templatetags.labels`)."""
    kind, _, words = key.partition(":")
    words = key_words(words)
    return f"word '{words}'" if kind == "w" else f"words '{words}'"
