"""The language of an article, as a BCP 47 tag: what its page declares, what its
text says.

Pure Python apart from the detector (py3langid, a naive Bayes model over byte
n-grams that ships in its wheel: nothing is downloaded at run time), which is
called in one place, `_scores`. No Django. See docs/EXTRACTION.md ("Languages")
for the comparison that chose the detector and for the rules below.
"""

from __future__ import annotations

import functools
import re
import threading
from collections.abc import Iterable
from dataclasses import dataclass

# The text the detector reads: the opening of a long article says its language as
# surely as the whole, at a fraction of the time.
DETECT_CHARS = 4000
# With no declaration, the detected language is taken when the detector gives it
# at least this probability or the text is at least LONG_TEXT_CHARS long; else
# the desk's default. On the labelled sample (bench/data/language/) every
# detection that passed this was right, and 24 of 378 texts fell back.
DETECT_MIN_PROBABILITY = 0.5
LONG_TEXT_CHARS = 200
# A declared language gives way to the detected one only when the text is long
# and the detector is this sure of another language.
OVERRULE_PROBABILITY = 0.95
# Below this many letters the detector guesses: no detection.
MIN_LETTERS = 8

# The detector's labels that name no language a newsroom publishes in today:
# text without words, historical and constructed languages, and regional
# varieties whose readers' news is written in the standard language. They are
# never answered (a Venetian or Wu label on a short Italian or Chinese headline
# is a mistake far more often than not).
_NEVER_ANSWERED = frozenset(
    {"zxx", "hbo", "grc", "la", "vo", "eo", "vec", "lij", "ext", "an", "wa"}
    | {"gcf", "gcr"}
)
# Varieties written under their macrolanguage's standard in the news: Egyptian
# and Moroccan Arabic, Wu and Cantonese Chinese, Southern Uzbek, Paraguayan
# Guarani.
_MACROLANGUAGE = {
    "arz": "ar",
    "ary": "ar",
    "wuu": "zh",
    "yue": "zh",
    "uzs": "uz",
    "gug": "gn",
}
# Deprecated ISO 639 codes still seen in pages' declarations.
_DEPRECATED = {"iw": "he", "in": "id", "ji": "yi", "jw": "jv", "mo": "ro"}
# Tags that name no language.
_NOT_A_LANGUAGE = frozenset({"und", "mul", "zxx", "mis", "xx", "x"})

# language[-script][-region][-variant...]; private-use and extensions are
# dropped by `normalize_tag`.
_TAG = re.compile(
    r"(?P<language>[A-Za-z]{2,3})"
    r"(?:-(?P<script>[A-Za-z]{4}))?"
    r"(?:-(?P<region>[A-Za-z]{2}|[0-9]{3}))?"
    r"(?P<variants>(?:-(?:[A-Za-z0-9]{5,8}|[0-9][A-Za-z0-9]{3}))*)"
    r"(?:-[A-WYZa-wyz0-9](?:-[A-Za-z0-9]{2,8})+)*"
    r"(?:-[Xx](?:-[A-Za-z0-9]{1,8})+)?"
)

# English names of the languages the detector can answer, and of a few more
# that pages declare; `name` falls back to the tag itself.
NAMES = {
    "af": "Afrikaans", "am": "Amharic", "ar": "Arabic", "as": "Assamese",
    "az": "Azerbaijani", "ba": "Bashkir", "be": "Belarusian", "bg": "Bulgarian",
    "bn": "Bengali", "br": "Breton", "bs": "Bosnian", "ca": "Catalan",
    "cs": "Czech", "cy": "Welsh", "da": "Danish", "de": "German",
    "dz": "Dzongkha", "el": "Greek", "en": "English", "es": "Spanish",
    "et": "Estonian", "eu": "Basque", "fa": "Persian", "fi": "Finnish",
    "fo": "Faroese", "fr": "French", "fy": "Western Frisian", "ga": "Irish",
    "gd": "Scottish Gaelic", "gl": "Galician", "gn": "Guarani", "gom": "Konkani",
    "gu": "Gujarati", "ha": "Hausa", "he": "Hebrew", "hi": "Hindi",
    "hr": "Croatian", "ht": "Haitian Creole", "hu": "Hungarian", "hy": "Armenian",
    "id": "Indonesian", "ig": "Igbo", "is": "Icelandic", "it": "Italian",
    "ja": "Japanese", "jv": "Javanese", "ka": "Georgian", "kab": "Kabyle",
    "kk": "Kazakh", "km": "Khmer", "kn": "Kannada", "ko": "Korean",
    "ku": "Kurdish", "ky": "Kyrgyz", "lb": "Luxembourgish", "lg": "Ganda",
    "ln": "Lingala", "lo": "Lao", "lt": "Lithuanian", "lv": "Latvian",
    "mg": "Malagasy", "mk": "Macedonian", "ml": "Malayalam", "mn": "Mongolian",
    "mr": "Marathi", "ms": "Malay", "mt": "Maltese", "my": "Burmese",
    "nb": "Norwegian Bokmål", "ne": "Nepali", "nl": "Dutch",
    "nn": "Norwegian Nynorsk", "no": "Norwegian", "oc": "Occitan", "om": "Oromo",
    "or": "Odia", "pa": "Punjabi", "pcm": "Nigerian Pidgin", "pl": "Polish",
    "ps": "Pashto", "pt": "Portuguese", "qu": "Quechua", "ro": "Romanian",
    "ru": "Russian", "rw": "Kinyarwanda", "sa": "Sanskrit", "sd": "Sindhi",
    "se": "Northern Sami", "si": "Sinhala", "sk": "Slovak", "sl": "Slovenian",
    "sn": "Shona", "so": "Somali", "sq": "Albanian", "sr": "Serbian",
    "st": "Southern Sotho", "sv": "Swedish", "sw": "Swahili", "ta": "Tamil",
    "te": "Telugu", "tg": "Tajik", "th": "Thai", "ti": "Tigrinya",
    "tk": "Turkmen", "tl": "Tagalog", "tr": "Turkish", "tt": "Tatar",
    "ug": "Uyghur", "uk": "Ukrainian", "ur": "Urdu", "uz": "Uzbek",
    "vi": "Vietnamese", "xh": "Xhosa", "yi": "Yiddish", "yo": "Yoruba",
    "zh": "Chinese", "zu": "Zulu",
}  # fmt: skip


def normalize_tag(tag: str | None) -> str | None:
    """`tag` as a BCP 47 language tag in its canonical case ("pt_br" -> "pt-BR",
    "ZH-hant-tw" -> "zh-Hant-TW", "iw" -> "he"), or None when it names no
    language ("", "und", "x-default", "{{ lang }}").

    Extensions and private-use parts are dropped: the desk keys its rules by the
    language, script and region.
    """
    tag = (tag or "").strip().replace("_", "-")
    match = _TAG.fullmatch(tag)
    if match is None:
        return None
    language = match.group("language").lower()
    language = _DEPRECATED.get(language, language)
    if language in _NOT_A_LANGUAGE:
        return None
    parts = [language]
    if match.group("script"):
        parts.append(match.group("script").title())
    if match.group("region"):
        parts.append(match.group("region").upper())
    parts += [v.lower() for v in match.group("variants").split("-") if v]
    return "-".join(parts)


def primary(tag: str | None) -> str:
    """The language subtag of a tag: "pt-BR" -> "pt"; "" for None."""
    return (tag or "").split("-", 1)[0].lower()


def name(tag: str | None) -> str:
    """The language in English words: "Spanish", "Portuguese (BR)", or the tag."""
    normalized = normalize_tag(tag)
    if normalized is None:
        return "an unknown language"
    language, _, rest = normalized.partition("-")
    found = NAMES.get(language)
    if found is None:
        return normalized
    return f"{found} ({rest})" if rest else found


@functools.cache
def _identifier():
    """The detector, loaded once per process (about half a second)."""
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    # The labels never answered are dropped from its answers (`_scores`), not
    # from the model: restricting the model would copy its largest array.
    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


# Scoring only reads the identifier's arrays, but two threads loading it at once
# would build it twice.
_lock = threading.Lock()


def _scores(text: str) -> list[tuple[str, float]]:
    """The detector's likeliest languages for `text`, most likely first, with
    their probabilities (varieties as their macrolanguage)."""
    with _lock:
        identifier = _identifier()
    ranked = [
        (label, probability)
        for label, probability in identifier.rank(text)
        if label not in _NEVER_ANSWERED
    ]
    # Probabilities among the labels that may be answered, as if the model knew
    # only those.
    total = sum(probability for _, probability in ranked) or 1.0
    # A variety's label stands for its macrolanguage with its own probability;
    # summing them would let two weak Chinese labels outvote Japanese on a
    # headline in kanji and kana.
    folded: dict[str, float] = {}
    for label, probability in ranked[:8]:
        folded.setdefault(_MACROLANGUAGE.get(label, label), probability / total)
    return list(folded.items())


def _sample(text: str) -> str:
    return " ".join((text or "")[:DETECT_CHARS].split())


def _letters(text: str) -> int:
    return sum(1 for char in text if char.isalpha())


@dataclass(frozen=True, slots=True)
class Detection:
    """What the detector says of a text: a language subtag and how sure it is."""

    language: str
    probability: float


def detect_with_probability(text: str) -> Detection | None:
    """The most likely language of `text` with its probability; None when the text
    has too few letters to tell."""
    sample = _sample(text)
    if _letters(sample) < MIN_LETTERS:
        return None
    language, probability = _scores(sample)[0]
    return Detection(language, probability)


def detect(text: str) -> str | None:
    """The most likely language of `text` as a language subtag ("es"), or None."""
    found = detect_with_probability(text)
    return found.language if found else None


@dataclass(frozen=True, slots=True)
class Choice:
    """The language chosen for an article and why."""

    tag: str
    # "declared" (the page said so), "detected" (the text did), "default".
    source: str
    detected: Detection | None = None
    # Declarations the text contradicted, as written.
    overruled: tuple[str, ...] = ()


def choose(declared: Iterable[str | None], text: str, *, default: str = "en") -> Choice:
    """The article's language: the first plausible declaration, else the detected
    language when the detector can be trusted, else `default`.

    A declaration (the page's JSON-LD `inLanguage`, `<html lang>`, `og:locale`,
    in the caller's order of trust) is plausible unless the text is at least
    LONG_TEXT_CHARS long and the detector gives another language at least
    OVERRULE_PROBABILITY: a template's `lang="en"` on a Spanish story gives way,
    a short text's uncertain guess never overrules what the page says. The
    detector is trusted on a long text, or when it is at least
    DETECT_MIN_PROBABILITY sure.
    """
    detection = detect_with_probability(text)
    long_text = len(_sample(text)) >= LONG_TEXT_CHARS
    overrules = (
        detection is not None
        and long_text
        and detection.probability >= OVERRULE_PROBABILITY
    )
    overruled = []
    for written in declared:
        tag = normalize_tag(written)
        if tag is None:
            continue
        if overrules and primary(tag) != detection.language:
            overruled.append(written)
            continue
        return Choice(tag, "declared", detection, tuple(overruled))
    if detection is not None and (
        long_text or detection.probability >= DETECT_MIN_PROBABILITY
    ):
        return Choice(detection.language, "detected", detection, tuple(overruled))
    fallback = normalize_tag(default) or "en"
    return Choice(fallback, "default", detection, tuple(overruled))
