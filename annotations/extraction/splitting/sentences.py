"""Sentence boundaries with exact offsets, after the Pragmatic Segmenter's Golden Rules.

Three linear passes:

1. Structure. The text is cut into paragraphs and lines. A paragraph whose lines are
   long and run on into one another is hard-wrapped prose, and its line breaks are
   spaces; in any other paragraph (a block of short lines: headline, byline, caption,
   list items) every line is a segment of its own. Each wrapped paragraph or block
   line is a *unit*; no segment crosses a unit's end.
2. Lists. Markers that follow one another in sequence inside a unit ("1. 2.",
   "a) b)", "i) ii) iii)", bullets) start the items of an inline list, also after a
   sentence or a colon; an item ends at the next marker or at its unit's end.
3. Sentences. One scan keeps a stack of open brackets, quotes and paired dashes and
   yields the closed pairs as protected spans: a sentence end inside one stays
   inside ("We agree. We will build it," she said.). Every other candidate end (a
   run of full stops, "!", "?", ellipses, with closing quotes and reference marks) is
   judged by the word before it (the abbreviation lexicon) and the word after it.

Every script's sentence terminals are known whatever the language ("։", "؟", "۔",
"।", "။", "።", "。" and the rest need no space after them); what the words around a
full stop mean (abbreviations, sentence starters, ordinals) comes from the
language's profile (`sentence_languages.py`).
"""

# This module matches typographic quotes, dashes and bullets on purpose.
# ruff: noqa: RUF001, RUF002, RUF003

from __future__ import annotations

import re
from bisect import bisect_left
from itertools import accumulate, pairwise

from annotations.extraction.splitting.lexicon import (
    CONTINUATION_WORDS,
    DATE,
    EXCLAMATION_NAMES,
    NAME_PART,
    NEWS_OPENERS,
    NUMBER,
    SUFFIX,
    TIME_ZONES,
    TITLE,
    words,
)
from annotations.extraction.splitting.sentence_languages import (
    SentenceLanguage,
    profile,
)
from annotations.extraction.splitting.types import Span
from annotations.extraction.splitting.types import new_span as _span

# The terminals of other scripts, which end a sentence wherever they stand (no
# space is needed after them): Armenian, Arabic, Urdu, Syriac, N'Ko, Devanagari
# and the scripts that borrow its dandas, Sinhala, Burmese, Ethiopic, Canadian
# syllabics, Mongolian, Khmer, Vai, Bamum, Lisu, the Greek question mark (U+037E),
# the reversed question mark, Chinese and Japanese full stops, full-width and
# half-width forms.
_SCRIPT_TERMINALS = (
    "\u0589\u061f\u06d4\u061e\u0700\u0701\u0702\u07f9\u0964\u0965\u0df4\u104b"
    "\u1362\u1367\u1368\u166e\u1803\u1809\u17d4\u17d5\ua60e\ua60f\ua6f3\ua6f7"
    "\ua4ff\u037e\u2e2e\u3002\uff0e\uff01\uff1f\uff61"
)
_TERMINALS = ".!?…‼⁇⁈⁉" + _SCRIPT_TERMINALS
_CLOSERS = "\"'”’»›)]}“‘«」』》〉】〕）］"
_BULLETS = "•⁃◦▪‣∙*"
# Besides letters and digits, what may begin a new sentence (a dash opens dialogue;
# "»" opens a Danish quotation).
_OPENERS = "\"'“‘«‹([{¿¡$£€¥#—–„‚»「『《〈【〔（［" + _BULLETS
_LINE_BREAKS = r"\n\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029"
_REFERENCE_CHARS = "0123456789[]¹²³⁰⁴⁵⁶⁷⁸⁹,–- "

# Candidate sentence ends, found by one scan: a terminal of another script, with
# any terminals and closing brackets after it (it needs no space after it); a run
# of terminal punctuation (spaced ". . ." ellipses included) with its closing
# quotes and brackets and any reference marks ("station.[3]", "(2004).7"),
# followed by white space; or a full stop, "!" or "?" with bare reference marks:
# "word.12 Next", "word.12,13 Next", "word.12 13 Next" and "word.¹ Next" (the
# caller rejects decimals such as "3.14"). The kinds cannot overlap (what follows
# the first character differs), so one scan finds all, in order, and the pattern
# opens with a single character class, which lets the regex engine skip ordinary
# text in C.
_CANDIDATE = re.compile(
    rf"[.!?…‼⁇⁈⁉{_SCRIPT_TERMINALS}](?:"
    rf"(?<=[{_SCRIPT_TERMINALS}])[{_SCRIPT_TERMINALS}!?…]*"
    r"[\"'”’»›)\]}“‘«」』》〉】〕）］]*"
    r"|(?:[.!?…‼⁇⁈⁉]|[ ]\.)*[\"'”’»›)\]}“‘«]*(?:\[[0-9]{1,3}\])*(?=\s|\Z)"
    r"|(?<=[.!?])(?:[0-9]{1,3}(?:[,–-][0-9]{1,3})*"
    r"(?:[ ][0-9]{1,3}(?:[,–-][0-9]{1,3})*)?(?=\s)"
    r"|[¹²³⁰⁴-⁹]+(?:,[¹²³⁰⁴-⁹]+)*(?=\s|\Z)))"
)
# The same, for `Pattern.split`: the pieces between ends are strings, which the
# cyclic garbage collector does not track, where tens of thousands of live match
# objects set off full collections on a long text.
_CANDIDATE_PIECES = re.compile(f"({_CANDIDATE.pattern})")
# Rarer ends, in scans of their own that only run on texts that may hold them: a
# quotation broken off by a dash, a Greek question mark, an Armenian full stop
# typed as a colon, a full stop glued to the next sentence.
_SCRIPT_TERMINAL_SET = frozenset(_SCRIPT_TERMINALS)
_DASH_QUOTES = (*(dash + quote for dash in ("—", "–", "--") for quote in '"”’»'),)
_DASH_QUOTE_CANDIDATE = re.compile(r"(?:[—–]|--)[\"”’»](?=\s)")
# Greek writes its question mark as a semicolon, and Armenian text often has a
# colon typed for its full stop "։": each ends a sentence after a letter of its
# script (and closing quotes) and before white space, and for Armenian a capital.
_GREEK_QUESTION = re.compile(r"[\u0370-\u03ff\u1f00-\u1fff][\"”’»)]*(;)(?=\s)")
_ARMENIAN_STOP = re.compile(
    r"[\u0531-\u0587][\"”’»)]*(:)(?=\s+[«\"“(]?[\u0531-\u0556])"
)
# A full stop with no space after it between two words: "left.She stayed" (a
# literal first character: the engine finds it in C at memchr speed).
_GLUED_STOP = re.compile(r"\.(?=[^\W\d_]{2})")
_NON_SPACE = re.compile(r"\S*")
_BREAK_RUN = re.compile(rf"[{_LINE_BREAKS}]\s*")
_LINE_BREAK = re.compile(rf"\r\n|[{_LINE_BREAKS}]")
_SPACE_RUN = re.compile(r"\s*")
_NEXT_WORD = re.compile(r"[\"'“‘«‹(\[„‚»¿¡「『《（]*([\w'’-]*)")
# The same for any script: a word goes on through the combining vowel signs and
# viramas of the Indic, Burmese and Ethiopic scripts and the joiners of Persian.
_NEXT_WORD_ANY = re.compile(
    r"[\"'“‘«‹(\[„‚»¿¡「『《（]*"
    r"([\w'’\-\u0300-\u036f\u0483-\u0489\u0591-\u05c7\u0610-\u061a\u064b-\u065f"
    r"\u0670\u06d6-\u06ed\u0900-\u0dff\u1000-\u109f\u1200-\u139f\u200c\u200d]*)"
)
# A capitalised word followed by a lower-case one: a clause starts here.
_CLAUSE_OPENING = re.compile(r"[\"'“‘«(\[]*[A-Z][a-z'’-]+[ ]+[a-z]")
# The same, allowing a comma after the word ("Earlier, the mayor said").
_OPENER_CLAUSE = re.compile(r"[\"'“‘«(\[]*[A-Z][a-z'’-]+,?[ ]+[a-z]")
# A brand written in camel case ("eBay", "iPhone", "mRNA") opens a sentence even
# though its first letter is lower case.
_CAMEL_CASE_WORD = re.compile(r"[a-z]{1,2}[A-Z]")
# Subjects that are not names: after a closing quotation, "He asked" and
# "Others agreed" start a new sentence where "Jones asked" goes on.
_NOT_A_SPEAKER = words("He She It We They I You Others Some Many Both All Most")

# Brackets, quotes and dashes that may open or close a protected span. An apostrophe
# inside a word ("don't") matches neither alternative of the single-quote part.
# Brackets, quotes, dashes and bullets, found by one character class; the scan
# over them drops apostrophes inside words ("don't") and unspaced dashes.
_NESTING = re.compile(
    r"[()\[\]{}“”«»‹›\"'‘’—–•⁃◦▪‣∙„‚「」『』《》〈〉【】〔〕（）［］]"
)
_CLOSER_OF = {
    ")": "(",
    "]": "[",
    "}": "{",
    "”": "“",
    "»": "«",
    "›": "‹",
    "」": "「",
    "』": "『",
    "》": "《",
    "〉": "〈",
    "】": "【",
    "〕": "〔",
    "）": "（",
    "］": "［",
}
_PAIR_OPENERS = "([{“«‹「『《〈【〔（［„‚"
# Besides its usual partner, the openers a mark may close.
_ALSO_CLOSES = {"“": "„", "‘": "‚", "«": "»", "”": "„”", "»": "»"}
# How far a pair may reach and still protect what it holds; a longer one is more
# likely a stray mark than a quotation. A bracket names its closer, so it may
# reach further than a quotation mark, which may be stray: a long aside in
# brackets holding several sentences stays one.
_MAX_PAIR = {
    "(": 1200,
    "[": 1200,
    "{": 400,
    "“": 1000,
    "«": 1000,
    "‹": 400,
    '"': 1000,
    "„": 1000,
    "‚": 300,
    "»": 1000,
    "”": 1000,
    "「": 1000,
    "『": 1000,
    "《": 400,
    "〈": 400,
    "【": 400,
    "〔": 400,
    "（": 1200,
    "［": 1200,
}
_MAX_SHORT_PAIR = 300  # single quotes
_MAX_DASH_PAIR = 200
_MAX_DEPTH = 24
_STRONG_CLOSE_BEFORE = frozenset(".!?…,;:—–-")
# A smiley ending in a bracket: eyes, an optional nose or tear, a mouth (":)",
# ";-)", ":'(", "=]"), after white space, a quotation mark or a bracket. Its
# bracket opens or closes nothing, and before a closing quotation mark it ends
# what is quoted as punctuation would ("Thanks everyone :)" she wrote).
_EMOTICON = re.compile(r"(?<![^\s\"“‘(\[])[:;=][-'’^o]?[()\[\]]")
# Inside paired dashes, an ordinary word ending a sentence before a capital: the
# dashes are not a pair ("voted — narrowly. Officials — including two — said").
_SENTENCE_INSIDE = re.compile(r"[a-z]{2,}[.!?][\"”’)]*\s+[A-Z]")

# "Jones asked", "the mayor said", "she said" after a closing quotation: the
# sentence goes on.
_SPEECH_AFTER_QUOTE = (
    "said|says|asked|asks|added|adds|told|tells|shouted|shouts|replied|replies|wrote"
    "|writes|recalled|recalls|explained|explains|insisted|insists|continued|noted"
    "|notes|warned|warns|argued|argues|declared|exclaimed|cried|yelled|whispered"
    "|admitted|conceded|countered|agreed|joked|tweeted|posted|wondered|demanded"
    "|quipped|quips|jokes|remarked|retorted|deadpanned|mused|lamented|boasted"
    "|scoffed|marveled|marvelled|sighed|snapped|muttered|responded|protested"
)
_ATTRIBUTION_TAIL = re.compile(
    rf"(?:[A-Z][\w'’.-]*[ ]+){{1,5}}(?:{_SPEECH_AFTER_QUOTE})\b"
    rf"|(?:The|A|An|His|Her|Their|Our|Its)[ ]+(?:[\w'’.-]+[ ]+){{0,4}}?"
    rf"(?:{_SPEECH_AFTER_QUOTE})\b"
    rf"|(?:Said|Says|Asked|Added|Wrote)[ ]+[A-Z]"
)

# List labels: "1", "a", "iv"; a parenthesised one; after a bullet, a label.
_LABEL = re.compile(r"[0-9]{1,3}|[A-Za-z]|[ivxIVX]{2,4}")
_PARENTHESISED_LABEL = re.compile(r"\(([0-9]{1,3}|[A-Za-z]|[ivxIVX]{2,4})\)(?=\s)")
_LABEL_AFTER_BULLET = re.compile(
    r"[ \t]*(?:[0-9]{1,3}|[A-Za-z]|[ivxIVX]{2,4})(?:\.\)|[.)])(?=\s)"
)
_LIST_BULLETS = "•⁃◦▪‣∙"
# The characters a label may end with, and those of a Roman numeral.
_DIGIT_CHARS = "0123456789"
_LABEL_LAST = frozenset(
    _DIGIT_CHARS + "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
)
_ROMAN_CHARS = "ivxIVX"
_ASCII_LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
# Two characters that end a word and no label: a letter after a letter or digit,
# unless both could be a Roman numeral. One look-up settles most full stops.
_WORD_ENDINGS = frozenset(
    before + last
    for before in _ASCII_LETTERS + _DIGIT_CHARS
    for last in _ASCII_LETTERS
    if not (before in _ROMAN_CHARS and last in _ROMAN_CHARS)
)
_LINE_MARKER = re.compile(r"[•⁃◦▪‣∙*–—-]\s|\(?(?:[0-9]{1,3}|[A-Za-z])(?:\.\)|[.)])\s")
# A list label at the start of a segment: its full stop ends nothing ("1. Eggs").
_LABEL_AT_START = re.compile(r"(?:[•⁃◦▪‣∙*-][ \t]*)?(?:[0-9]{1,3}|[A-Za-z])")
_ROMAN_NUMERALS = (
    "i ii iii iv v vi vii viii ix x xi xii xiii xiv xv xvi xvii xviii xix xx"
)
_ROMAN = {roman: value for value, roman in enumerate(_ROMAN_NUMERALS.split(), 1)}
_SEPARATORS_BEFORE_LIST = frozenset(".:;!?")
_WORD_CHAR = re.compile(r"\w")
_START = re.Match.start

_TIME_ABBREVIATION = re.compile(r"[0-9]{0,2}[ap]\.m")
# "At 5 a.m." on its own is not a sentence, so the time does not end one there.
_BARE_TIME = re.compile(
    r"(?i)(?:(?:at|by|before|after|until|till|from|around|about|since)\s+)?"
    r"[0-9]{1,2}(?:[:.][0-9]{2})?\s*[ap]\.m"
)
DOTTED_LETTERS = re.compile(r"(?:[^\W\d_]\.)+[^\W\d_]")

# A paragraph is hard-wrapped prose only when its lines (but the last) are at least
# this long and none is much shorter than the longest.
WRAPPED_LINE_MIN = 30
WRAPPED_LINE_RATIO = 0.6
# In a text wrapped at a width, a wrapped line reaches at least this share of it.
WRAPPED_WIDTH_RATIO = 0.75
# ... and at most this many characters more than its longest wrapped line seen.
WRAPPED_WIDTH_SLACK = 12
# A line with room for the next line's first word and this many characters more
# was not broken at a width (wrapping by hand is not exact).
WRAPPED_ROOM_SLACK = 4


def skip_space(text: str, position: int) -> int:
    return _SPACE_RUN.match(text, position).end()


def _opens_sentence(char: str) -> bool:
    return (
        char.isdigit() or (char.isalpha() and not _is_lower(char)) or char in _OPENERS
    )


class _Opens(dict):
    """`_opens_sentence` by character, worked out once per character."""

    __slots__ = ()

    def __missing__(self, char: str) -> bool:
        opens = self[char] = _opens_sentence(char)
        return opens


_OPENS = _Opens()


def _is_lower(char: str) -> bool:
    # Georgian's Mkhedruli letters are lower case to Unicode, but the script is
    # written without capitals: they open sentences like any caseless letter.
    return char.islower() and not "\u10d0" <= char <= "\u10ff"


class _Lower(dict):
    """`_is_lower` by character, worked out once per character."""

    __slots__ = ()

    def __missing__(self, char: str) -> bool:
        lower = self[char] = _is_lower(char)
        return lower


_LOWER = _Lower()


def _next_word(text: str, position: int) -> str:
    return _NEXT_WORD.match(text, position).group(1)


def _starter_follows(text: str, position: int, language: SentenceLanguage) -> bool:
    """Does a word that typically opens a sentence start at `position`?

    A contraction or elision of a starter counts ("It's", "L'homme"); a news
    opener counts when a lower-case word follows it ("Officials said", not
    "Officials Meet"). A one-letter word followed by a full stop is an initial
    ("А. И. Семенов", "J. A. Smith"), not the conjunction or article it spells.
    """
    match = (_NEXT_WORD if language.english else _NEXT_WORD_ANY).match(text, position)
    word = match.group(1)
    if len(word) == 1 and text[match.end() : match.end() + 1] == ".":
        return False
    starters = language.starters
    if word in starters:
        return True
    if "'" in word or "’" in word:
        prefix = word.replace("’", "'").partition("'")[0]
        return prefix in starters or prefix + "'" in starters
    return (
        word in language.news_openers
        and _OPENER_CLAUSE.match(text, position) is not None
    )


# A word, an optional comma, then a second word: the first letters tell whether a
# clause opens ("Acme GmbH. Die Aktie", "S.A. Las acciones").
_TWO_WORDS = re.compile(r"[\"'“‘«„(\[]*([^\W\d_][\w'’-]*),?[ ]+([^\W\d_])")


def _clause_follows(text: str, position: int, language: SentenceLanguage) -> bool:
    """Does a capitalised word followed by a lower-case one start at `position`?

    Not in a language that capitalises its nouns, where that says nothing.
    """
    if language.english:
        return _CLAUSE_OPENING.match(text, position) is not None
    if language.capitalised_nouns:
        return False
    match = _TWO_WORDS.match(text, position)
    if match is None:
        return False
    first = match.group(1)
    return first[0].isupper() and first[1:].islower() and match.group(2).islower()


def _word_before(text: str, position: int) -> str:
    """The non-space token ending at `position`; only its last 32 characters."""
    if position == 0 or text[position - 1].isspace():
        return ""
    return text[max(0, position - 32) : position].rsplit(None, 1)[-1]


# --- pass 1: paragraphs, lines and units ----------------------------------------


def _is_paragraph_break(run: str) -> bool:
    if run == "\n":
        return False
    return "\u2029" in run or len(_LINE_BREAK.findall(run)) > 1


# The runs of white space between lines are few distinct strings ("\n", "\n\n"),
# so each is judged once. Bounded.
_BREAKS_LIMIT = 10_000
_paragraph_breaks: dict[str, bool] = {}


def _runs_on(text: str, line_end: int, next_start: int) -> bool:
    """Does the line ending at `line_end` visibly continue on the next line?"""
    if text[next_start].islower():
        return True
    last = text[line_end - 1]
    if last in ",;(&/-–—":
        return True
    words = text[max(0, line_end - 24) : line_end].rsplit(None, 1)
    return bool(words) and words[-1] in CONTINUATION_WORDS


# What a paragraph's lines say about wrapping.
_NOT_WRAPPED, _WRAPPED, _MAYBE_WRAPPED = 0, 1, 2


def _wrapping(text: str, lines: list[tuple[int, int]]) -> int:
    """Is this paragraph of several lines hard-wrapped prose? `_MAYBE_WRAPPED`
    when its lines have a wrapped paragraph's lengths but none visibly runs on.
    """
    lengths = [end - start for start, end in lines]
    shortest = min(lengths[:-1])
    if shortest < WRAPPED_LINE_MIN or shortest < WRAPPED_LINE_RATIO * max(lengths):
        return _NOT_WRAPPED
    continues = False
    for (_, line_end), (next_start, _) in pairwise(lines):
        if _LINE_MARKER.match(text, next_start):
            return _NOT_WRAPPED  # a list, one item per line
        continues = continues or _runs_on(text, line_end, next_start)
    if _lines_leave_room(text, lines, max(lengths)):
        return _NOT_WRAPPED  # items one per line, with no marker
    return _WRAPPED if continues else _MAYBE_WRAPPED


def _lines_leave_room(text: str, lines: list[tuple[int, int]], width: int) -> bool:
    """Would the next line's first word have fitted, with room to spare, on a line
    that does not run on by its punctuation or last word? Then the lines are not
    wrapped at a width but items of a list written one per line ("… for the
    coming year / repair the barriers / hire more nurses"): a text wrapped at a
    width breaks a line only where the next word would not fit.
    """
    for (line_start, line_end), (next_start, _) in pairwise(lines):
        first_word = _NON_SPACE.match(text, next_start).end() - next_start
        if line_end - line_start + 1 + first_word + WRAPPED_ROOM_SLACK > width:
            continue
        if text[line_end - 1] in ",;(&/-–—":
            continue
        words = text[max(line_start, line_end - 24) : line_end].rsplit(None, 1)
        if words and words[-1] not in CONTINUATION_WORDS:
            return True
    return False


def _left_room(
    text: str, line_start: int, line_end: int, next_start: int, width: int
) -> bool:
    """Would the next line's first word have fitted on this line, which does not
    run on by its punctuation or last word?

    A text wrapped at a width breaks a line only where the next word would not
    fit, so a line with room to spare ends an item of a list written one per
    line ("… for the coming year / repair the barriers / hire more nurses").
    """
    first_word = _NON_SPACE.match(text, next_start).end() - next_start
    if line_end - line_start + 1 + first_word > width:
        return False
    if text[line_end - 1] in ",;(&/-–—":
        return False
    words = text[max(line_start, line_end - 24) : line_end].rsplit(None, 1)
    return not words or words[-1] not in CONTINUATION_WORDS


# A sentence ending inside a line: "in the lower house. Economy Minister".
_INNER_SENTENCE_END = re.compile(r"[a-z0-9%)]{2}[.!?][\"'”’)]*\s+[\"“‘(]?[A-Z]")


def _wrapped_like(text: str, lines: list[tuple[int, int]], width: int) -> bool:
    """In a text hard-wrapped at `width`, is a paragraph that does not visibly
    run on wrapped too? Its lines but the last come near the width, and each
    break falls after a sentence or in a line that holds a sentence's end
    ("... lower house. Economy Minister Paolo / Rinaldi said"), which a headline
    over a byline does not.
    """
    for start, end in lines[:-1]:
        length = end - start
        if length < WRAPPED_WIDTH_RATIO * width or length > width + WRAPPED_WIDTH_SLACK:
            return False
        if (
            text[end - 1] not in _TERMINALS
            and text[end - 1] not in _CLOSERS
            and not _INNER_SENTENCE_END.search(text, start, end)
        ):
            return False
    return True


def _add_paragraph(
    text: str, lines: list[tuple[int, int]], units: list[tuple[int, int]]
) -> int:
    """Add a paragraph's units; return how it is wrapped."""
    if len(lines) == 1:
        units.append(lines[0])
        return _NOT_WRAPPED
    wrapping = _wrapping(text, lines)
    if wrapping == _WRAPPED:
        units.append((lines[0][0], lines[-1][1]))
        return wrapping
    # A block: each line is a unit, except that a line going on in lower case after
    # one without final punctuation continues it (a caption broken in two), unless
    # the lines are items of a list.
    start, end = lines[0]
    joins = not _lines_leave_room(text, lines, max(end - start for start, end in lines))
    for next_start, next_end in lines[1:]:
        last = text[end - 1]
        if (
            joins
            and text[next_start].islower()
            and last not in _TERMINALS
            and last not in _CLOSERS
            and last != ":"
        ):
            end = next_end
            continue
        units.append((start, end))
        start, end = next_start, next_end
    units.append((start, end))
    return wrapping


def _units(text: str) -> list[tuple[int, int]]:
    """The wrapped paragraphs and block lines of `text`, trimmed, in order."""
    units: list[tuple[int, int]] = []
    lines: list[tuple[int, int]] = []
    width = 0  # the longest line of a visibly wrapped paragraph
    maybe: list[tuple[int, int, list[tuple[int, int]]]] = []
    line_start = skip_space(text, 0)
    breaks = _paragraph_breaks
    for run in _BREAK_RUN.finditer(text, line_start):
        end = run.start()
        while end > line_start and text[end - 1].isspace():
            end -= 1
        if end > line_start:
            lines.append((line_start, end))
        line_start = run.end()
        if not lines:
            continue
        gap = run.group()
        paragraph_break = breaks.get(gap)
        if paragraph_break is None:
            if len(breaks) >= _BREAKS_LIMIT:
                breaks.clear()
            paragraph_break = breaks[gap] = _is_paragraph_break(gap)
        if paragraph_break:
            if len(lines) == 1:
                units.append(lines[0])  # the common case: a one-line paragraph
            else:
                width = _paragraph_units(text, lines, units, width, maybe)
            lines = []
    end = len(text)
    while end > line_start and text[end - 1].isspace():
        end -= 1
    if end > line_start:
        lines.append((line_start, end))
    if lines:
        width = _paragraph_units(text, lines, units, width, maybe)
    if width and maybe:
        # A text wrapped at a width: paragraphs whose breaks show no run-on
        # (each falls before a capital) are wrapped like the others.
        for first, count, paragraph in reversed(maybe):
            # Not the text's first paragraph (a headline may stand over a byline)
            # nor one closing with a byline.
            if (
                first
                and not text.startswith(("By ", "BY "), paragraph[-1][0])
                and _wrapped_like(text, paragraph, width)
            ):
                units[first : first + count] = [(paragraph[0][0], paragraph[-1][1])]
    return units


def _paragraph_units(
    text: str,
    lines: list[tuple[int, int]],
    units: list[tuple[int, int]],
    width: int,
    maybe: list[tuple[int, int, list[tuple[int, int]]]],
) -> int:
    """Add a paragraph of several lines; return the wrapping width seen so far."""
    first = len(units)
    wrapping = _add_paragraph(text, lines, units)
    if wrapping == _WRAPPED:
        return max(width, max(end - start for start, end in lines))
    if wrapping == _MAYBE_WRAPPED:
        maybe.append((first, len(units) - first, lines))
    return width


# --- pass 2: lists ----------------------------------------------------------------


# A list marker: where it starts (its bullet, if any), its label ("" for a bare
# bullet), its delimiter (".", ")", ".)" or "()"), its bullet, where its full stop
# is (or -1) and where it ends.
Marker = tuple[int, str, str, str, int, int]


# Whether a short token is a list label ("1", "b", "iv"), by token. Bounded.
_LABELS_LIMIT = 10_000
_labels: dict[str, bool] = {}


def _label_ending_at(text: str, position: int, unit_start: int) -> Marker | None:
    """The list label that ends just before the delimiter at `position`, if any."""
    if position - unit_start > 5 and " " not in text[position - 5 : position]:
        return None  # the common case: a word longer than a label
    piece = text[max(unit_start, position - 6) : position].rsplit(None, 1)
    if not piece:
        return None
    label = piece[-1]
    start = position - len(label)
    if start > unit_start and not text[start - 1].isspace():
        return None  # the end of a longer word
    bullet = ""
    if label[0] in _LIST_BULLETS:
        bullet, label = label[0], label[1:]
    is_label = _labels.get(label)
    if is_label is None:
        if len(_labels) >= _LABELS_LIMIT:
            _labels.clear()
        is_label = _labels[label] = _LABEL.fullmatch(label) is not None
    if not is_label:
        return None
    if not bullet:
        before = start - 1
        while before > unit_start and text[before] in " \t":
            before -= 1
        if (
            before >= unit_start
            and text[before] in _LIST_BULLETS
            and (before == unit_start or text[before - 1].isspace())
            and start - before <= 3
        ):
            bullet, start = text[before], before
    return (start, label, "", bullet, -1, position)


def _unit_markers(
    text: str,
    runs: list[str],
    starts: list[int],
    ends: list[int],
    marks: list[str],
    ats: list[int],
    unit_start: int,
    unit_end: int,
) -> list[Marker]:
    """The list markers of a unit, found from the scans that already ran over it.

    `runs`, `starts` and `ends` describe the unit's candidate ends; `marks` and
    `ats` its brackets, quotes, dashes and bullets.
    """
    markers: list[Marker] = []
    for run, at, end in zip(runs, starts, ends, strict=True):
        if run != "." and run != ".)":
            continue
        if at - 2 >= unit_start and text[at - 2 : at] in _WORD_ENDINGS:
            continue  # the common case: the end of a word
        # Most full stops follow a word that cannot be a label; tell them apart by
        # the characters before the stop, without calling `_label_ending_at`: a
        # label ends in a digit, or is a letter alone (after white space, a bullet
        # or the unit's start), or a Roman numeral of two letters or more.
        if at == unit_start:
            continue
        last = text[at - 1]
        if last not in _LABEL_LAST:
            continue
        if last not in _DIGIT_CHARS and at - 1 > unit_start:
            second = text[at - 2]
            if not (
                second.isspace()
                or second in _LIST_BULLETS
                or (last in _ROMAN_CHARS and second in _ROMAN_CHARS)
            ):
                continue
        if at - unit_start > 5 and " " not in text[at - 5 : at]:
            continue  # `_label_ending_at`'s first test
        found = _label_ending_at(text, at, unit_start)
        if found:
            markers.append((found[0], found[1], run, found[3], at, end))
    for mark, at in zip(marks, ats, strict=True):
        if at + 1 >= unit_end or (mark != "(" and not text[at + 1].isspace()):
            continue
        if mark == ")":
            found = (
                _label_ending_at(text, at, unit_start)
                if text[at - 1 : at] != "."
                else None
            )
            if found:
                markers.append((found[0], found[1], ")", found[3], -1, at + 1))
        elif mark == "(":
            label = _PARENTHESISED_LABEL.match(text, at)
            if label and (at == unit_start or text[at - 1].isspace()):
                markers.append((at, label.group(1), "()", "", -1, label.end()))
        elif (
            mark in _LIST_BULLETS
            and (at == unit_start or text[at - 1].isspace())
            and not _LABEL_AFTER_BULLET.match(text, at + 1)
        ):
            markers.append((at, "", "", mark, -1, at + 1))
    markers.sort()
    return markers


def _marker_readings(marker: Marker) -> list[tuple[tuple, int | None]]:
    """Each (style, value) a marker can be read as: "i)" is the letter i or 1."""
    _, label, delimiter, bullet, _, _ = marker
    if not label:
        return [(("bullet", bullet), None)]
    if label.isdigit():
        return [(("number", bullet, delimiter), int(label))]
    readings: list[tuple[tuple, int | None]] = []
    if len(label) == 1:
        case = "upper" if label.isupper() else "lower"
        readings.append(((case, bullet, delimiter), ord(label.lower()) - 96))
    roman = _ROMAN.get(label.lower())
    if roman is not None and (label.islower() or label.isupper()):
        case = "roman-upper" if label.isupper() else "roman-lower"
        readings.append(((case, bullet, delimiter), roman))
    return readings


def _preceded_by_separator(
    text: str, position: int, unit_start: int, language: SentenceLanguage
) -> bool:
    """Is `position` the unit's start, or just after ".", ":", ";" (and closers)?

    The full stop of an abbreviation that a number or a name follows is no
    separator: "No. 1. Now he is No. 2." and "on Jan. 6. The vote is on Jan. 7."
    hold no list.
    """
    before = position - 1
    while before >= unit_start and text[before].isspace():
        before -= 1
    if before < unit_start:
        return True
    if text[before] == ".":
        word = _word_before(text, before)
        if language.abbreviation_class(word) in (NUMBER, TITLE, DATE):
            return False
    while before >= unit_start and text[before] in _CLOSERS:
        before -= 1
    return before < unit_start or text[before] in _SEPARATORS_BEFORE_LIST


def _valid_chain(
    text: str,
    style: tuple,
    chain: list[Marker],
    unit_start: int,
    language: SentenceLanguage,
) -> bool:
    if not _preceded_by_separator(text, chain[0][0], unit_start, language):
        return False  # "we need 1) money and 2) time" is one sentence
    # "Patrick A. Smith and John B. Doe" are initials, not a list.
    if (
        style[0] == "upper"
        and style[2] == "."
        and not all(
            _preceded_by_separator(text, m[0], unit_start, language) for m in chain
        )
    ):
        return False
    # Every item but the last says something ("A. B. Smith" is not a list).
    return all(
        _WORD_CHAR.search(text, marker[5], following[0])
        for marker, following in pairwise(chain)
    )


def _list_cuts(
    text: str, markers: list[Marker], unit_start: int, language: SentenceLanguage
) -> tuple[list[int], frozenset[int]]:
    """Where inline list items start, and the full stops that belong to markers."""
    by_style: dict[tuple, list[tuple[int | None, Marker]]] = {}
    for marker in markers:
        for style, value in _marker_readings(marker):
            by_style.setdefault(style, []).append((value, marker))
    cuts: set[int] = set()
    periods: set[int] = set()
    for style, readings in by_style.items():
        chains: list[list[Marker]] = []
        chain: list[Marker] = []
        last_value: int | None = None
        for value, marker in readings:
            if chain and (value is None or value == (last_value or 0) + 1):
                chain.append(marker)
            else:
                chains.append(chain)
                chain = [marker]
            last_value = value
        chains.append(chain)
        for found in chains:
            if len(found) < 2 or not _valid_chain(
                text, style, found, unit_start, language
            ):
                continue
            for start, _, _, _, period, _ in found:
                if start > unit_start:
                    cuts.add(start)
                if period >= 0:
                    periods.add(period)
    return sorted(cuts), frozenset(periods)


# --- pass 3: nesting and sentence ends --------------------------------------------


def _find(stack: list[tuple[str, int]], key: str) -> int | None:
    for index in range(len(stack) - 1, -1, -1):
        if stack[index][0] == key:
            return index
    return None


def _continues_before(text: str, dash: int, unit_start: int) -> bool:
    """Is the dash at `dash` inside a sentence (after a lower-case word or comma)?"""
    before = dash - 1
    if before > unit_start and text[before].isspace():
        before -= 1
    if before < unit_start:
        return False
    char = text[before]
    return char.islower() or char.isdigit() or char == ","


def _is_emoticon(text: str, mouth: int, unit_start: int) -> bool:
    """Is the bracket at `mouth` the mouth of a smiley (`_EMOTICON`)?"""
    for width in (2, 3):
        start = mouth + 1 - width
        if start >= unit_start and _EMOTICON.fullmatch(text, start, mouth + 1):
            return True
    return False


_HANGUL_FIRST, _HANGUL_LAST = "\uac00", "\ud7a3"
# After a quotation closed after a word, what carries its sentence on: a mark
# that cannot open a sentence ("Never", said; "disgrace". Others), or a bracket
# ("Go away" (in red)).
_GOES_ON_AFTER_QUOTE = frozenset(",;:.!?…()[]{}")


def _quotation_goes_on(
    text: str, position: int, unit_end: int, language: SentenceLanguage
) -> bool:
    """Does the sentence go on after a quotation whose closing mark ends just
    before `position`, that mark following a word rather than punctuation?

    It does before punctuation, a bracket, a lower-case word ("Never" said the
    minister, "Nunca" dijo, "Jamais" a déclaré), a word in a script without
    case ("أبدا" قال الوزير, which no case can tell from a new sentence), a dash
    and a lower-case word, the unit's end, and in English an attribution naming
    a speaker ("Never" Jones said). Not before a capitalised word (or a digit)
    that may open a sentence: a sentence does not end without punctuation, so
    there the mark is more likely a stray one (a quotation never closed), and
    the sentence ends inside stay ends.
    """
    following = skip_space(text, position)
    if following >= unit_end:
        return True
    char = text[following]
    if (
        char in _GOES_ON_AFTER_QUOTE
        or (char.isalpha() and not char.isupper())
        or _dash_attribution(text, following)
    ):
        return True
    return (
        language.english
        and _ATTRIBUTION_TAIL.match(text, following) is not None
        and _names_a_speaker(text, following)
    )


def _protected_spans(
    text: str,
    marks: list[str],
    ats: list[int],
    unit_start: int,
    unit_end: int,
    language: SentenceLanguage,
) -> list[tuple[int, int]]:
    """The closed pairs of brackets, quotes and dashes in a unit, merged, in order.

    A closer that matches an opener deeper in the stack closes it and drops the
    openers above it; an opener never closed protects nothing. A second opening
    straight or curly double quote while one is open means the first was never
    closed, so it is dropped rather than hiding the sentence ends after it. A
    straight quote closing after a word rather than punctuation protects what it
    holds only where the sentence visibly goes on after it
    (`_quotation_goes_on`).
    """
    stack: list[tuple[str, int]] = []
    pairs: list[tuple[int, int]] = []
    for mark, at in zip(marks, ats, strict=True):
        if mark in _LIST_BULLETS:
            continue
        if mark in "()[]" and _is_emoticon(text, at, unit_start):
            continue
        if mark in "'‘’—–":
            before = text[at - 1] if at > unit_start else " "
            after = text[at + 1] if at + 1 < unit_end else " "
            if mark in "—–":
                if not (before.isspace() and after.isspace()) and not (
                    mark == "—" and before.isalpha() and after.isalpha()
                ):
                    continue  # "1990–2000", a dash before a quote
            elif (
                before.isalnum()
                and after.isalnum()
                and not _HANGUL_FIRST <= after <= _HANGUL_LAST
            ):
                continue  # an apostrophe inside a word: "don't", "Xi’s"
        if mark in _ALSO_CLOSES:
            # German „…“ and ‚…‘, Polish and Dutch „…”, Danish »…«, Swedish and
            # Finnish ”…” and »…»: a mark closes the quotation it belongs to, an
            # alternative one only when it follows a character, not a space.
            before = text[at - 1] if at > unit_start else " "
            default = _CLOSER_OF.get(mark)
            also = _ALSO_CLOSES[mark]
            open_at = None
            for index in range(len(stack) - 1, -1, -1):
                key = stack[index][0]
                if key == default or (key in also and not before.isspace()):
                    open_at = index
                    break
            if open_at is not None:
                key, opened = stack[open_at]
                del stack[open_at:]
                if at - opened <= _MAX_PAIR[key]:
                    pairs.append((opened, at + 1))
                continue
            if default is not None:
                # "”" or "»" with nothing to close opens a quotation when a word
                # follows it and none precedes it.
                after = text[at + 1] if at + 1 < unit_end else " "
                if (
                    (before.isspace() or before in "([{—–-/")
                    and not after.isspace()
                    and len(stack) < _MAX_DEPTH
                ):
                    stack.append((mark, at))
                continue
        if mark in _PAIR_OPENERS:
            if mark == "“":
                open_at = _find(stack, "“")
                if open_at is not None:
                    del stack[open_at:]
            if len(stack) < _MAX_DEPTH:
                stack.append((mark, at))
        elif mark in _CLOSER_OF:
            key = _CLOSER_OF[mark]
            # Usually the innermost opener is the one that closes.
            open_at = (
                len(stack) - 1 if stack and stack[-1][0] == key else _find(stack, key)
            )
            if open_at is not None:
                opened = stack[open_at][1]
                del stack[open_at:]
                if at - opened <= _MAX_PAIR[key]:
                    pairs.append((opened, at + 1))
        elif mark == '"' or mark in "'‘’":
            key = '"' if mark == '"' else "'"
            before = text[at - 1] if at > unit_start else " "
            after = text[at + 1] if at + 1 < unit_end else " "
            # Korean glues its quotative particle to the closing quote
            # ("…절대로"라고 말했다").
            glued = _HANGUL_FIRST <= after <= _HANGUL_LAST
            can_close = (
                mark != "‘"
                and not before.isspace()
                and (glued or not (after.isalnum() or after == "_"))
            )
            if key == '"':
                can_open = not after.isspace() and (
                    before.isspace() or before in "([{—–-/\"'“‘"
                )
            else:
                can_open = mark != "’" and after.isalpha() and not before.isalnum()
            open_at = (
                len(stack) - 1 if stack and stack[-1][0] == key else _find(stack, key)
            )
            if open_at is not None and can_close:
                opened = stack[open_at][1]
                del stack[open_at:]
                # A quotation that holds a sentence end closes after punctuation;
                # one that does not ("6'2\" tall", "the players' union") protects
                # nothing.
                limit = _MAX_PAIR['"'] if key == '"' else _MAX_SHORT_PAIR
                strong = before in _STRONG_CLOSE_BEFORE or (
                    before in ")(][" and _is_emoticon(text, at - 1, unit_start)
                )
                if at - opened <= limit and (
                    strong
                    or glued
                    or (
                        # After a digit the mark is an inch or a second ("a 12"
                        # pipe"); an elided word's apostrophe ("'cause", "the
                        # players'") is no quotation: a quoted sentence opens
                        # with a capital.
                        not before.isdigit()
                        and (key == '"' or text[opened + 1 : opened + 2].isupper())
                        and _quotation_goes_on(text, at + 1, unit_end, language)
                    )
                ):
                    pairs.append((opened, at + 1))
            elif can_open:
                if open_at is not None and key == '"':
                    del stack[open_at:]
                if len(stack) < _MAX_DEPTH:
                    stack.append((key, at))
        else:  # a dash that may open or close a parenthetical
            open_at = _find(stack, mark)
            if open_at is None:
                if len(stack) < _MAX_DEPTH:
                    stack.append((mark, at))
                continue
            opened = stack[open_at][1]
            del stack[open_at:]
            following = skip_space(text, at + 1)
            if (
                at - opened <= _MAX_DASH_PAIR
                and following < unit_end
                and (text[following].islower() or text[following] == ",")
                and _continues_before(text, opened, unit_start)
                and not _SENTENCE_INSIDE.search(text, opened, at)
            ):
                pairs.append((opened, at + 1))
    if not pairs:
        return pairs
    pairs.sort()
    merged = [pairs[0]]
    for start, end in pairs[1:]:
        if start < merged[-1][1]:
            if end > merged[-1][1]:
                merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged


# What the word before a full stop says on its own: it ends the sentence (True),
# never does (False), or it depends on what follows (a ReadingTuple). Most words are
# plain and recur, so each distinct word is read once, per language (the profile's
# `readings`). Bounded.
ReadingTuple = tuple[str | None, bool, bool, bool]
_READINGS_LIMIT = 50_000
# A Roman numeral that may be an ordinal ("XII. pluku"); D and M make acronyms.
_ROMAN_ORDINAL = re.compile(r"[IVXLC]{2,7}")
_APOSTROPHE = re.compile(r"['’]")
_OPENING_QUOTES = frozenset("\"'“‘«„‚»「『")
# After "?", "!" or another script's terminal, a dash and a lower-case word carry
# on the sentence: an attribution ("… бар? — деді.", "¿Vienes? —preguntó").
_DASH_ATTRIBUTION = re.compile(r"[—–-][ \u00a0]*([^\W\d_])")
# A hyphen typed for a dash, spaced, opening the next sentence ("Why? - Because").
_SPACED_HYPHEN = re.compile(r"-[ \u00a0]+[\"'“‘«„]?([^\W\d_])")
_UNIT_FOLLOWERS = frozenset("(0123456789")
_CASELESS_TERMINALS = _SCRIPT_TERMINAL_SET - {"\u0589", "\u037e"}


def _dotted_initials(core: str) -> bool:
    """Is `core` initials joined by full stops in any script ("എ.കെ", "ए.पी")?"""
    parts = core.split(".")
    return len(parts) > 1 and all(
        0 < len(part) <= 4 and part[0].isalpha() for part in parts
    )


def _token_reading(token: str, language: SentenceLanguage) -> bool | ReadingTuple:
    """(lexicon class, may be a list label, is "a.m."/"p.m.", name-like) or a bool."""
    core = token.lstrip(_OPENERS).rstrip(_CLOSERS)
    if not core:
        return True
    abbreviation_class = language.abbreviation_class
    kind = abbreviation_class(core)
    if kind is None and "-" in core:
        # A compound title or party label reads as its last part: "Ex-Gov.",
        # "Lt.-Col.", "D-Mass." (a state).
        last = core.rpartition("-")[2]
        if len(last) > 1:
            kind = abbreviation_class(last)
    if kind is None and ("'" in core or "’" in core):
        # An elided article before a title: "l'Avv.", "dell'On."
        last = _APOSTROPHE.split(core)[-1]
        if len(last) > 1:
            kind = abbreviation_class(last)
    if kind == TITLE:
        return False
    single_letter = len(core) == 1 and core.isalpha()
    label = single_letter or (len(core) <= 3 and core.isdigit())
    if kind is None and language.ordinals and _ROMAN_ORDINAL.fullmatch(core):
        # An ordinal ("XII. pluku") goes on unless a word that opens sentences
        # follows, as a name part does; numbers are judged in their context.
        kind = NAME_PART
    time = _TIME_ABBREVIATION.fullmatch(core.lower()) is not None
    name_like = (
        kind == NAME_PART
        or single_letter
        or DOTTED_LETTERS.fullmatch(core) is not None
        or (not language.english and _dotted_initials(core))
    )
    if kind is None and not (label or time or name_like):
        return True
    return (kind, label, time, name_like)


def _reading(token: str, language: SentenceLanguage) -> bool | ReadingTuple:
    readings = language.readings
    reading = readings.get(token)
    if reading is None:
        if len(readings) >= _READINGS_LIMIT:
            readings.clear()
        reading = readings[token] = _token_reading(token, language)
    return reading


def _unit_before(text: str, token: str, punct_start: int, next_position: int) -> bool:
    """Is `token` a short abbreviation the lexicon does not know, before a digit or
    a bracket that opens in lower case ("3.3 mos. (range 6 wks.", "5 pts. 2")?

    It is when it has no vowel ("wks", "hrs") or follows a number ("3.3 mos.").
    """
    next_char = text[next_position]
    if next_char == "(":
        after = text[next_position + 1 : next_position + 2]
        if not (after.islower() or after.isdigit()):
            return False
    elif not next_char.isdigit():
        return False
    if not (
        1 < len(token) <= 4 and token.isascii() and token.isalpha() and token.islower()
    ):
        return False
    if not any(vowel in token for vowel in "aeiouy"):
        return True
    before = punct_start - len(token) - 1
    return (
        before > 0 and text[before] == " " and _word_before(text, before)[:1].isdigit()
    )


def _is_small_number(token: str) -> bool:
    return token.isdigit() and len(token) <= 3


def _previous_token(text: str, token: str, punct_start: int) -> str:
    """The token before `token` (which ends at `punct_start`), if one space apart."""
    before = punct_start - len(token) - 1
    if before <= 0 or text[before] != " ":
        return ""
    return _word_before(text, before)


def _after_number_sign(
    text: str, token: str, punct_start: int, language: SentenceLanguage
) -> bool:
    """Does a number abbreviation come before `token` ("č. 5", "Nr. 12")?"""
    previous = _previous_token(text, token, punct_start)
    return previous.endswith(".") and (
        language.abbreviation_class(previous[:-1].lstrip(_OPENERS)) == NUMBER
    )


def _spaced_abbreviation(
    text: str, token: str, punct_start: int, language: SentenceLanguage
) -> str | None:
    """The class of the abbreviation that `token` ends, written with spaces."""
    previous = _previous_token(text, token, punct_start)
    if len(previous) < 2 or not previous.endswith("."):
        return None
    return language.abbreviation_class(previous.lstrip(_OPENERS) + token)


def _code_follows(text: str, position: int) -> bool:
    """Does a word holding a digit start at `position` ("No. A13", "Nr. 5a")?"""
    return any(char.isdigit() for char in _next_word(text, position))


def _period_ends_sentence(
    text: str,
    token: str,
    punct_start: int,
    next_position: int,
    segment_start: int,
    language: SentenceLanguage,
) -> bool:
    """Decide whether a single full stop after `token` ends the sentence.

    The caller has already checked that the next word may open a sentence.
    """
    if language.dotted_dates and token.isdigit() and len(token) <= 4:
        ends = _dotted_date_ends(text, token, punct_start, next_position, language)
        if ends is not None:
            return ends
    reading = _reading(token, language)
    if reading is True:
        return not _unit_before(text, token, punct_start, next_position)
    if reading is False:
        return False
    kind, label, time, name_like = reading
    if label and (
        _LABEL_AT_START.fullmatch(text, skip_space(text, segment_start), punct_start)
    ):
        return False  # "1. Eggs", "a. The first item": a list label
    if time:
        word = _next_word(text, next_position)
        if word in TIME_ZONES or word in language.date_words:
            return False  # "at 5 a.m. Friday", "5 p.m. Eastern"
        start = skip_space(text, segment_start)
        return _BARE_TIME.fullmatch(text, start, punct_start) is None
    next_is_digit = text[next_position].isdigit()
    if kind is None and label and not language.english:
        if language.ordinals and _is_small_number(token):
            # An ordinal ("am 12. Juni", "den 3. marts") goes on unless a word that
            # opens sentences follows, as a name part does; not a number after a
            # number sign ("č. 5.", "Nr. 12."), which is a cardinal.
            return _after_number_sign(text, token, punct_start, language) or (
                not next_is_digit and _starter_follows(text, next_position, language)
            )
        if len(token) == 1:
            # The last letter of a spaced abbreviation ("и т. д.", "t. j."): the
            # class of the whole.
            kind = _spaced_abbreviation(text, token, punct_start, language)
    if kind == NUMBER:
        return not next_is_digit and not _code_follows(text, next_position)
    if kind == DATE:
        return (
            not next_is_digit
            and _next_word(text, next_position) not in language.date_words
        )
    if kind == SUFFIX:
        if next_is_digit:
            return False
        return _starter_follows(text, next_position, language) or _clause_follows(
            text, next_position, language
        )
    if name_like:
        if next_is_digit:
            return False
        return _starter_follows(text, next_position, language) or (
            language.english and _names_a_thing(text, token, punct_start)
        )
    return True


# The next part of a date written with full stops: a month or a day.
_DATE_PART = re.compile(r"[0-9]{1,2}(?![0-9])")


def _dotted_date_ends(
    text: str,
    token: str,
    punct_start: int,
    next_position: int,
    language: SentenceLanguage,
) -> bool | None:
    """Does the full stop after the number `token` end the sentence, in a language
    that writes dates with full stops ("2024. 10. 14.")? None when the number is
    no part of such a date.

    Before a month or a day the full stop goes on; after the date's last part
    (a number after a number and its full stop) it ends the sentence only
    before a word that opens one, as an ordinal's does: "2024. 10. 14. 발표했다"
    goes on, "2024. 10. 14. 그러나" ends.
    """
    if _DATE_PART.match(text, next_position):
        return False
    previous = _previous_token(text, token, punct_start)
    if 1 < len(previous) <= 5 and previous[-1] == "." and previous[:-1].isdigit():
        return _starter_follows(text, next_position, language)
    return None


def _names_a_thing(text: str, token: str, punct_start: int) -> bool:
    """Is a capital letter before a full stop a word, not an initial?

    After a common noun it names a thing ("vitamin D.", "degrees F.", "plan B."
    when written so); an initial follows a name, a title or a word that leads
    into one ("by J. K. Rowling", "and W. Bush").
    """
    letter = token.lstrip(_OPENERS)
    if len(letter) != 1 or not letter.isupper():
        return False
    before = punct_start - len(token) - 1
    if before <= 0 or text[before] != " ":
        return False
    word = _word_before(text, before)
    return (
        len(word) > 1
        and word.isalpha()
        and word.islower()
        and word not in CONTINUATION_WORDS
    )


def _opens_at(text: str, position: int) -> bool:
    """May a sentence open at `position`: its character, or a spaced hyphen before
    a capital ("Is it true? - Yes.")?
    """
    char = text[position]
    if _OPENS[char]:
        return True
    if char != "-":
        return False
    match = _SPACED_HYPHEN.match(text, position)
    return match is not None and match.group(1).isupper()


def _dash_attribution(text: str, position: int) -> bool:
    """Does a dash and a lower-case word start at `position` ("— деді.")?"""
    match = _DASH_ATTRIBUTION.match(text, position)
    return match is not None and _LOWER[match.group(1)]


def _ellipsis_ends(
    text: str,
    punct: str,
    start: int,
    following: int,
    segment_start: int,
    language: SentenceLanguage,
) -> tuple[bool, int | None]:
    """Whether an ellipsis run ends the sentence, and where to cut if not its end."""
    next_char = text[following]
    if " " in punct:
        dots = punct.count(".")
        token = _word_before(text, start)
        if token and dots >= 4:
            # "compounds. . . . The": the full stop ends the sentence and the
            # ellipsis opens the next one (Golden Rule 48).
            if not _opens_sentence(next_char) or not _period_ends_sentence(
                text, token, start, following, segment_start, language
            ):
                return False, None
            return True, start + 1
        if token:
            return next_char.isalpha(), None
        # " . . . " alone marks an omission inside a sentence.
        return dots >= 4 and _opens_sentence(next_char), None
    dots = punct.count(".") + 3 * punct.count("…")
    # A bare ellipsis continues unless a capitalised word follows, or a quotation
    # that opens with one ('He paused... "We are done. It is over."').
    if dots == 3 and not next_char.isalpha():
        if next_char in _OPENING_QUOTES:
            after = text[following + 1 : following + 2]
            return after.isupper(), None
        return False, None
    return _opens_sentence(next_char), None


def _ends_sentence(
    text: str,
    run: str,
    start: int,
    following: int,
    segment_start: int,
    periods,
    language: SentenceLanguage,
) -> tuple[bool, int | None]:
    """Judge one candidate end; return (ends, cut) where cut overrides the end."""
    next_char = text[following]
    if run == ".":  # the common case
        if start in periods or not _opens_at(text, following):
            return False, None
        token = _word_before(text, start)
        ends = _period_ends_sentence(
            text, token, start, following, segment_start, language
        )
        return ends, None
    first = run[0]
    if first in _SCRIPT_TERMINAL_SET or run in (";", ":"):
        if first == "．" and text[start - 1 : start].isdigit() and next_char.isdigit():
            return False, None  # a full-width decimal: "３．２９％"
        last = run[-1]
        if last in "》〉":
            return False, None  # inside a title: "《这本书真好！》这本书"
        if last in "」』" and following == start + len(run) and next_char in "とっ":
            return False, None  # a Japanese quotation goes on: "「行こう！」と彼は"
        return not _dash_attribution(text, following), None
    if first in "—–-":
        # A quotation broken off by a dash: a capital, or another quotation, follows.
        if next_char in _OPENING_QUOTES:
            return text[following + 1 : following + 2].isupper(), None
        return next_char.isupper(), None
    body = run.rstrip(_REFERENCE_CHARS)
    if len(body) < len(run):
        # "word.12 Next" is a reference mark; "3.14" and "No.12" are not.
        bare_digits = run[-1:].isdigit()
        if (
            (bare_digits and text[start - 1 : start].isdigit())
            or not next_char.isupper()
            or language.abbreviation_class(_word_before(text, start) or "-") == NUMBER
        ):
            return False, None
    punct = body.rstrip(_CLOSERS)
    if (
        language.english
        and punct != "."
        and len(punct) < len(body)
        and body[len(punct)] in "\"'”’»"
        and next_char.isupper()
        and _ATTRIBUTION_TAIL.match(text, following)
        and _names_a_speaker(text, following)
    ):
        return False, None  # '"Is it safe?" Jones asked.' goes on
    if punct == ".":
        if start in periods or not _opens_at(text, following):
            return False, None
        token = _word_before(text, start)
        ends = _period_ends_sentence(
            text, token, start, following, segment_start, language
        )
        return ends, None
    if ("." in punct or "…" in punct) and not any(m in punct for m in "!?‼⁇⁈⁉"):
        return _ellipsis_ends(text, punct, start, following, segment_start, language)
    if _dash_attribution(text, following) or not _opens_at(text, following):
        return False, None
    if punct == "!":
        core = _word_before(text, start).lstrip(_OPENERS).lower()
        if core in EXCLAMATION_NAMES:
            # "Yahoo! Finance" is a name; "Yahoo! It" ends a sentence.
            return _starter_follows(text, following, language), None
    return True, None


def _ends_before_camel_case(
    text: str, run: str, start: int, periods, language: SentenceLanguage
) -> bool:
    """Does a candidate end before a camel-case brand ("eBay", "iPhone") end?

    The brand stands for a capitalised word: "?" and "!" end the sentence, and so
    does a full stop after an ordinary word.
    """
    punct = run.rstrip(_CLOSERS)
    if punct in ("?", "!", "?!", "!?"):
        return True
    if punct != "." or start in periods:
        return False
    return _reading(_word_before(text, start), language) is True


def _names_a_speaker(text: str, position: int) -> bool:
    """Does the attribution after a quotation start with a speaker's name?

    A quotation that ends in a full stop has ended its sentence; after "?" or "!"
    the sentence goes on before a name ("Jones asked") but not before a pronoun
    or a common noun, which a writer capitalises only to start anew ("He asked
    twice.", "Residents asked the council.").
    """
    word = _next_word(text, position)
    return word not in _NOT_A_SPEAKER and word not in NEWS_OPENERS


def _cut_before(text: str, cut: int, segment_start: int, spans: list[Span]) -> int:
    """Close the segment before a forced cut (a list item); return the new start."""
    if cut <= segment_start:
        return segment_start
    end = cut
    while text[end - 1].isspace():
        end -= 1
    spans.append(_span(segment_start, end))
    return cut


def _rare_candidates(
    text: str, language: SentenceLanguage
) -> list[tuple[int, int, str]]:
    """The candidate ends the main scan does not find, in no particular order."""
    rare: list[tuple[int, int, str]] = []
    if not text.isascii():
        if language.code in ("el", "und"):
            rare.extend(
                (match.start(1), match.end(1), ";")
                for match in _GREEK_QUESTION.finditer(text)
            )
        if language.code in ("hy", "und"):
            rare.extend(
                (match.start(1), match.end(1), ":")
                for match in _ARMENIAN_STOP.finditer(text)
            )
    if ("—" in text or "–" in text or "--" in text) and any(
        pair in text for pair in _DASH_QUOTES
    ):
        rare.extend(
            (match.start(), match.end(), match.group())
            for match in _DASH_QUOTE_CANDIDATE.finditer(text)
        )
    for match in _GLUED_STOP.finditer(text):
        # "left.She stayed": a word in lower case, the stop, a capitalised word;
        # not a web or e-mail address, a file name or a dotted abbreviation.
        at = match.start()
        if not (
            at >= 2
            and _LOWER[text[at - 1]]
            and _LOWER[text[at - 2]]
            and text[at + 1].isupper()
            and _LOWER[text[at + 2]]
        ):
            continue
        token = _word_before(text, at) + _NON_SPACE.match(text, at).group()
        if any(char in token for char in "/@:_") or "." in token[:-1].replace(
            match.group(), "", 1
        ):
            continue
        rare.append((at, at + 1, match.group()))
    return rare


def _segments(text: str, language: SentenceLanguage) -> list[Span]:
    """Return the span of each segment, trimmed of white space, in order."""
    units = _units(text)
    if not units:
        return []
    # Each candidate's offsets and text: the pieces of a split alternate between
    # the text before an end and the end itself, so their running lengths are the
    # offsets (all of it computed in C).
    pieces = _CANDIDATE_PIECES.split(text)
    offsets = list(accumulate(map(len, pieces), initial=0))
    candidate_starts = offsets[1:-1:2]
    candidate_ends = offsets[2::2]
    candidate_runs = pieces[1::2]
    del pieces, offsets
    rare = _rare_candidates(text, language)
    if len(rare) > 32:
        merged = sorted(
            [
                *zip(candidate_starts, candidate_ends, candidate_runs, strict=True),
                *rare,
            ]
        )
        candidate_starts = [start for start, _, _ in merged]
        candidate_ends = [end for _, end, _ in merged]
        candidate_runs = [run for _, _, run in merged]
    else:
        # A few rare ends: insert each in place rather than sort every candidate.
        for start, end, run in sorted(rare):
            index = bisect_left(candidate_starts, start)
            candidate_starts.insert(index, start)
            candidate_ends.insert(index, end)
            candidate_runs.insert(index, run)
    # Every bracket, quote, dash or bullet is one character.
    token_starts = list(map(_START, _NESTING.finditer(text)))
    token_marks = list(map(text.__getitem__, token_starts))
    candidate_index = token_index = 0
    spans: list[Span] = []
    opens = _OPENS
    lower = _LOWER
    readings = language.readings
    caseless_terminals = _CASELESS_TERMINALS
    for unit_start, unit_end in units:
        first_token = bisect_left(token_starts, unit_start, token_index)
        token_index = bisect_left(token_starts, unit_end, first_token)
        first_candidate = bisect_left(candidate_starts, unit_start, candidate_index)
        candidate_index = bisect_left(candidate_starts, unit_end, first_candidate)
        if first_candidate == candidate_index and first_token == token_index:
            spans.append(_span(unit_start, unit_end))
            continue
        starts = candidate_starts[first_candidate:candidate_index]
        ends = candidate_ends[first_candidate:candidate_index]
        runs = candidate_runs[first_candidate:candidate_index]
        marks = token_marks[first_token:token_index]
        ats = token_starts[first_token:token_index]
        protected = (
            _protected_spans(text, marks, ats, unit_start, unit_end, language)
            if len(marks) > 1
            else []
        )
        markers = _unit_markers(
            text, runs, starts, ends, marks, ats, unit_start, unit_end
        )
        if len(markers) > 1:
            forced, periods = _list_cuts(text, markers, unit_start, language)
        else:
            forced, periods = [], frozenset()

        segment_start = unit_start
        forced_index = 0
        forced_count = len(forced)
        protected_index = 0
        protected_count = len(protected)
        for start, cut, run in zip(starts, ends, runs, strict=True):
            while forced_index < forced_count and forced[forced_index] <= start:
                segment_start = _cut_before(
                    text, forced[forced_index], segment_start, spans
                )
                forced_index += 1
            if start < segment_start:
                continue
            if cut >= unit_end:
                break
            following = cut
            if text[cut].isspace():  # other scripts' terminals need no space
                following = cut + 1
                if following >= unit_end:
                    break
                if text[following].isspace():
                    following = skip_space(text, following)
                    if following >= unit_end:
                        break
            next_char = text[following]
            # After a terminal of a script without case, a word in lower case (a
            # brand, a word in Latin letters) may open the next sentence.
            if (
                lower[next_char]
                and run[0] not in caseless_terminals
                and (
                    _CAMEL_CASE_WORD.match(text, following) is None
                    or not _ends_before_camel_case(text, run, start, periods, language)
                )
            ):
                continue
            while (
                protected_index < protected_count
                and protected[protected_index][1] <= cut
            ):
                protected_index += 1
            if (
                protected_index < protected_count
                and protected[protected_index][0] < cut
            ):
                continue
            if lower[next_char]:  # a camel-case brand, judged above
                spans.append(_span(segment_start, cut))
                segment_start = following
                continue
            if run == ".":
                # The common case, as `_ends_sentence` judges it, without the calls:
                # a plain word before the full stop settles it in one look-up.
                if start in periods or not (
                    opens[next_char]
                    or (next_char == "-" and _opens_at(text, following))
                ):
                    continue
                if start == 0 or text[start - 1].isspace():
                    token = ""
                else:
                    window = start - 32 if start > 32 else 0
                    token = text[window:start].rsplit(None, 1)[-1]
                reading = readings.get(token)
                if reading is False or (
                    (reading is not True or next_char in _UNIT_FOLLOWERS)
                    and not _period_ends_sentence(
                        text, token, start, following, segment_start, language
                    )
                ):
                    continue
                spans.append(_span(segment_start, cut))
                segment_start = following
                continue
            ends_here, moved = _ends_sentence(
                text, run, start, following, segment_start, periods, language
            )
            if not ends_here:
                continue
            if moved is not None:
                cut = moved
                following = skip_space(text, cut)
            spans.append(_span(segment_start, cut))
            segment_start = following
        for cut in forced[forced_index:]:
            segment_start = _cut_before(text, cut, segment_start, spans)
        if segment_start < unit_end:
            spans.append(_span(segment_start, unit_end))
    return spans


def split_sentences(text: str, language: str | None = "en") -> list[Span]:
    """Split `text` into sentence spans, in order, with exact offsets into `text`.

    `language` is a BCP 47 tag ("en", "de", "pt-BR"); a language the splitter has
    no rules for, or none, is split by the language-independent rules (every
    script's terminals, no language's abbreviations but English ones). Lines
    without final punctuation (headlines, captions, datelines) are segments of
    their own, and so is each item of a list; white space around each segment is
    left out.
    """
    return _segments(text, profile(language))
