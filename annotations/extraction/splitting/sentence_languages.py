"""What the sentence splitter knows about each language.

A language is named by a BCP 47 tag ("de", "pt-BR", "zh-Hant"); only its primary
subtag counts. English is the lexicon of `lexicon.py`. Every other supported
language reads one data file, `data/sentences/<code>.txt`, the first time a text in
it is split (and never again): its abbreviations by class, the words that typically
open a sentence, its month and weekday names, and three flags. A tag the splitter has
no file for, or no tag at all, gets the language-independent profile: every
script's terminals are known (that is the splitter's, not a profile's, business),
with the English abbreviations, no ordinal rule and the sentence starters of every
supported language.

The data file format: `#` starts a comment; `@ordinals` (a number or Roman numeral
before a full stop is an ordinal: "am 12. Juni"), `@dotted-dates` (a date is
written with full stops, year first: "2024. 10. 14.") and `@capitalised-nouns` (a
capitalised word says nothing about a clause starting: German nouns) are flags;
`[title]`, `[number]`, `[abbreviation]`, `[suffix]`, `[date]`, `[starters]` and
`[months]` open sections whose lines hold white-space separated entries.
Abbreviations are looked up without their final full stop and in lower case,
except entries of one character, which match only in the case written (Slovak
"č." is a number sign, "Č." an initial); an entry opening with a hyphen is the end
of compounds ("-str" is "Hauptstr.", "Bahnhofstr.").
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from annotations.extraction.splitting import lexicon
from annotations.extraction.splitting.lexicon import (
    DATE,
    NAME_PART,
    NUMBER,
    SUFFIX,
    TITLE,
)

DATA_DIRECTORY = Path(__file__).resolve().parent / "data" / "sentences"

ENGLISH = "en"
UNDETERMINED = "und"

# The languages with a data file (English has the lexicon).
SUPPORTED = frozenset(
    (
        *("en", "es", "pt", "fr", "de", "it", "nl", "da", "pl", "ru", "uk", "bg"),
        *("el", "hy", "am", "ar", "fa", "ur", "hi", "mr", "my", "zh", "ja", "kk"),
        *("sk", "he", "fi", "ml", "pa", "sv", "no", "cs", "tr", "ro", "hu"),
        *("ca", "id", "sh", "sl", "et", "lt", "lv", "bn", "sw", "tl", "ko"),
    )
)

# Tags that name a supported language by another code: deprecated ones ("iw"),
# ISO 639-3 individual languages BCP 47 allows ("cmn", "arb") and the three-letter
# codes some systems write.
_ALIASES = {
    "iw": "he",
    "heb": "he",
    "cmn": "zh",
    "yue": "zh",
    "wuu": "zh",
    "zho": "zh",
    "chi": "zh",
    "jpn": "ja",
    "arb": "ar",
    "ara": "ar",
    "pes": "fa",
    "prs": "fa",
    "fas": "fa",
    "per": "fa",
    "eng": "en",
    "spa": "es",
    "por": "pt",
    "fra": "fr",
    "fre": "fr",
    "deu": "de",
    "ger": "de",
    "ita": "it",
    "nld": "nl",
    "dut": "nl",
    "dan": "da",
    "pol": "pl",
    "rus": "ru",
    "ukr": "uk",
    "bul": "bg",
    "ell": "el",
    "gre": "el",
    "hye": "hy",
    "arm": "hy",
    "amh": "am",
    "urd": "ur",
    "hin": "hi",
    "mar": "mr",
    "mya": "my",
    "bur": "my",
    "kaz": "kk",
    "slk": "sk",
    "slo": "sk",
    "fin": "fi",
    "mal": "ml",
    "pan": "pa",
    "swe": "sv",
    # Bokmål and Nynorsk share one file: their abbreviations are the same, and
    # the file holds both forms' sentence starters ("Hun", "Ho").
    "nb": "no",
    "nn": "no",
    "nob": "no",
    "nno": "no",
    "nor": "no",
    "ces": "cs",
    "cze": "cs",
    "tur": "tr",
    "mo": "ro",
    "ron": "ro",
    "rum": "ro",
    "hun": "hu",
    "cat": "ca",
    "in": "id",
    "ind": "id",
    # Malay reads the Indonesian file, which lists Malaysian titles, months and
    # company suffixes too: the two write their abbreviations alike.
    "ms": "id",
    "msa": "id",
    "may": "id",
    "zsm": "id",
    # Croatian, Serbian (in either script), Bosnian and Montenegrin share one
    # file under the macrolanguage's code: the same abbreviations and ordinals.
    "hr": "sh",
    "sr": "sh",
    "bs": "sh",
    "cnr": "sh",
    "hbs": "sh",
    "hrv": "sh",
    "srp": "sh",
    "bos": "sh",
    "slv": "sl",
    "est": "et",
    "ekk": "et",
    "lit": "lt",
    "lav": "lv",
    "lvs": "lv",
    "ben": "bn",
    "swa": "sw",
    "swh": "sw",
    "tgl": "tl",
    "fil": "tl",
    "kor": "ko",
}

_CLASSES = {
    "title": TITLE,
    "number": NUMBER,
    "abbreviation": NAME_PART,
    "suffix": SUFFIX,
    "date": DATE,
}


def language_code(tag: str | None) -> str:
    """The splitter's code for a BCP 47 tag: a supported primary subtag or "und".

    "pt-BR" → "pt", "zh_Hant_TW" → "zh", "iw" → "he", "tlh" → "und", "" → "und".
    """
    if not tag:
        return UNDETERMINED
    primary = str(tag).strip().replace("_", "-").partition("-")[0].lower()
    primary = _ALIASES.get(primary, primary)
    return primary if primary in SUPPORTED else UNDETERMINED


@dataclass(slots=True, eq=False)
class SentenceLanguage:
    """One language's abbreviations, starters and rules, and the splitter's cache.

    `readings` caches what the word before a full stop says (see sentences.py);
    it is filled as texts are split and bounded there.
    """

    code: str
    abbreviations: dict[str, str]
    cased_abbreviations: dict[str, str] = field(default_factory=dict)
    letters: dict[str, str] = field(default_factory=dict)
    endings: tuple[tuple[str, str], ...] = ()
    starters: frozenset[str] = frozenset()
    news_openers: frozenset[str] = frozenset()
    date_words: frozenset[str] = frozenset()
    ordinals: bool = False
    dotted_dates: bool = False
    capitalised_nouns: bool = False
    english: bool = False
    readings: dict = field(default_factory=dict)

    def abbreviation_class(self, core: str) -> str | None:
        """The class of `core` (a word without its final full stop), or None."""
        if len(core) == 1:
            return self.letters.get(core)
        lower = core.lower()
        kind = self.abbreviations.get(lower)
        if kind is not None:
            return kind
        if core[:1].isupper():
            kind = self.cased_abbreviations.get(lower)
            if kind is not None:
                return kind
        for ending, kind in self.endings:
            if lower.endswith(ending) and len(lower) > len(ending):
                return kind
        return None


def _english() -> SentenceLanguage:
    abbreviations = {
        word: kind for word, kind in lexicon.ABBREVIATIONS.items() if len(word) > 1
    }
    # One-letter English entries ("v." for versus) hold in either case.
    letters = {
        case(word): kind
        for word, kind in lexicon.ABBREVIATIONS.items()
        if len(word) == 1
        for case in (str.lower, str.upper)
    }
    return SentenceLanguage(
        code=ENGLISH,
        abbreviations=abbreviations,
        cased_abbreviations=dict(lexicon.CASED_ABBREVIATIONS),
        letters=letters,
        starters=lexicon.SENTENCE_STARTERS,
        news_openers=lexicon.NEWS_OPENERS,
        date_words=lexicon.DATE_WORDS,
        english=True,
    )


def read_data(code: str) -> SentenceLanguage:
    """Read `data/sentences/<code>.txt` into a profile."""
    path = DATA_DIRECTORY / f"{code}.txt"
    abbreviations: dict[str, str] = {}
    letters: dict[str, str] = {}
    endings: list[tuple[str, str]] = []
    starters: set[str] = set()
    months: set[str] = set()
    flags: set[str] = set()
    section = None
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        if line.startswith("@"):
            flags.update(word[1:] for word in line.split())
            continue
        if line.startswith("[") and line.endswith("]"):
            section = line[1:-1]
            if section not in _CLASSES and section not in ("starters", "months"):
                raise ValueError(f"{path.name}: unknown section [{section}]")
            continue
        if section is None:
            raise ValueError(f"{path.name}: an entry before any section: {line!r}")
        for word in line.split():
            if section == "starters":
                starters.add(word)
            elif section == "months":
                months.update((word, word[:1].upper() + word[1:], word.lower()))
            elif len(word) == 1:
                letters[word] = _CLASSES[section]
            elif word.startswith("-"):
                endings.append((word[1:].lower(), _CLASSES[section]))
            else:
                # The first class given wins: a file lists the strongest first.
                abbreviations.setdefault(word.lower(), _CLASSES[section])
    return SentenceLanguage(
        code=code,
        abbreviations=abbreviations,
        letters=letters,
        endings=tuple(endings),
        starters=frozenset(starters),
        date_words=frozenset(months),
        ordinals="ordinals" in flags,
        dotted_dates="dotted-dates" in flags,
        capitalised_nouns="capitalised-nouns" in flags,
    )


def _undetermined() -> SentenceLanguage:
    english = profile(ENGLISH)
    starters = set(english.starters)
    for code in SUPPORTED - {ENGLISH}:
        starters.update(profile(code).starters)
    return SentenceLanguage(
        code=UNDETERMINED,
        abbreviations=english.abbreviations,
        cased_abbreviations=english.cased_abbreviations,
        letters=english.letters,
        starters=frozenset(starters),
        news_openers=english.news_openers,
        date_words=english.date_words,
    )


_PROFILES: dict[str, SentenceLanguage] = {}


def profile(tag: str | None) -> SentenceLanguage:
    """The profile for a BCP 47 tag, read once per process and kept."""
    code = tag if isinstance(tag, str) and tag in _PROFILES else language_code(tag)
    found = _PROFILES.get(code)
    if found is None:
        if code == ENGLISH:
            found = _english()
        elif code == UNDETERMINED:
            found = _undetermined()
        else:
            found = read_data(code)
        _PROFILES[code] = found
    # A tag as written ("pt-BR") is remembered too, so that its next text goes
    # straight to the profile; a bounded few, and only tags of BCP 47's length.
    if isinstance(tag, str) and tag != code and len(tag) <= 35 and len(_PROFILES) < 64:
        _PROFILES.setdefault(tag, found)
    return found
