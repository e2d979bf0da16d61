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
"""

# This module matches typographic quotes, dashes and bullets on purpose.
# ruff: noqa: RUF001, RUF003

from __future__ import annotations

import re
from itertools import pairwise

from annotations.splitting.lexicon import (
    CONTINUATION_WORDS,
    DATE_WORDS,
    EXCLAMATION_NAMES,
    NAME_PART,
    NUMBER,
    SENTENCE_STARTERS,
    SUFFIX,
    TIME_ZONES,
    TITLE,
    abbreviation_class,
)
from annotations.splitting.types import Span

_TERMINALS = ".!?…‼⁇⁈⁉．！？。"
_CLOSERS = "\"'”’»›)]}"
_BULLETS = "•⁃◦▪‣∙*"
# Besides letters and digits, what may begin a new sentence (a dash opens dialogue).
_OPENERS = "\"'“‘«‹([{¿¡$£€¥#—–" + _BULLETS
_LINE_BREAKS = r"\n\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029"
_REFERENCE_CHARS = "0123456789[]¹²³⁰⁴⁵⁶⁷⁸⁹"

# Candidate sentence ends, found by one scan: a run of terminal punctuation (spaced
# ". . ." ellipses included) with its closing quotes and brackets and any reference
# marks ("station.[3]", "(2004).7"), followed by white space; a full-width or CJK
# terminal, which needs no space after it; a quotation broken off by a dash.
_CANDIDATE = re.compile(
    r"[.!?…‼⁇⁈⁉](?:[.!?…‼⁇⁈⁉]|[ ]\.)*[\"'”’»›)\]}]*(?:\[[0-9]{1,3}\])*(?=\s|\Z)"
)
# Rarer ends, in scans of their own so that each pattern keeps a single leading
# character class (which lets the regex engine skip ordinary text in C): "word.12
# Next" and "word.¹ Next" (the caller rejects decimals such as "3.14"); a full-width
# or CJK terminal, which needs no space after it; a quotation broken off by a dash.
# The last two only run on texts that hold such characters at all.
_REFERENCE_CANDIDATE = re.compile(r"[.!?](?:[0-9]{1,3}(?=\s)|[¹²³⁰⁴-⁹]+(?=\s|\Z))")
_WIDE_TERMINALS = "．！？。"
_WIDE_CANDIDATE = re.compile(r"[．！？。]+[\"'”’»›)\]}」』]*")
_DASH_QUOTES = tuple(dash + quote for dash in "—–" for quote in '"”’»')
_DASH_QUOTE_CANDIDATE = re.compile(r"[—–][\"”’»](?=\s)")
_BREAK_RUN = re.compile(rf"[{_LINE_BREAKS}]\s*")
_LINE_BREAK = re.compile(rf"\r\n|[{_LINE_BREAKS}]")
_SPACE_RUN = re.compile(r"\s*")
_NEXT_WORD = re.compile(r"[\"'“‘«‹(\[]*([\w'’-]*)")
# A capitalised word followed by a lower-case one: a clause starts here.
_CLAUSE_OPENING = re.compile(r"[\"'“‘«(\[]*[A-Z][a-z'’-]+[ ]+[a-z]")

# Brackets, quotes and dashes that may open or close a protected span. An apostrophe
# inside a word ("don't") matches neither alternative of the single-quote part.
# Brackets, quotes, dashes and bullets, found by one character class; the scan
# over them drops apostrophes inside words ("don't") and unspaced dashes.
_NESTING = re.compile(r"[()\[\]{}“”«»‹›\"'‘’—–•⁃◦▪‣∙]")
_CLOSER_OF = {")": "(", "]": "[", "}": "{", "”": "“", "»": "«", "›": "‹"}
# How far a pair may reach and still protect what it holds; a longer one is more
# likely a stray mark than a quotation.
_MAX_PAIR = {"(": 400, "[": 400, "{": 400, "“": 1000, "«": 1000, "‹": 400, '"': 1000}
_MAX_SHORT_PAIR = 300  # single quotes
_MAX_DASH_PAIR = 200
_MAX_DEPTH = 24
_STRONG_CLOSE_BEFORE = frozenset(".!?…,;:—–-")
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
_LINE_MARKER = re.compile(r"[•⁃◦▪‣∙*–—-]\s|\(?(?:[0-9]{1,3}|[A-Za-z])(?:\.\)|[.)])\s")
# A list label at the start of a segment: its full stop ends nothing ("1. Eggs").
_LABEL_AT_START = re.compile(r"(?:[•⁃◦▪‣∙*-][ \t]*)?(?:[0-9]{1,3}|[A-Za-z])")
_ROMAN_NUMERALS = (
    "i ii iii iv v vi vii viii ix x xi xii xiii xiv xv xvi xvii xviii xix xx"
)
_ROMAN = {roman: value for value, roman in enumerate(_ROMAN_NUMERALS.split(), 1)}
_SEPARATORS_BEFORE_LIST = frozenset(".:;!?")
_WORD_CHAR = re.compile(r"\w")

_TIME_ABBREVIATION = re.compile(r"[0-9]{0,2}[ap]\.m")
# "At 5 a.m." on its own is not a sentence, so the time does not end one there.
_BARE_TIME = re.compile(
    r"(?i)(?:(?:at|by|before|after|until|till|from|around|about|since)\s+)?"
    r"[0-9]{1,2}(?:[:.][0-9]{2})?\s*[ap]\.m"
)
_DOTTED = re.compile(r"(?:[^\W\d_]\.)+[^\W\d_]")

# A paragraph is hard-wrapped prose only when its lines (but the last) are at least
# this long and none is much shorter than the longest.
WRAPPED_LINE_MIN = 30
WRAPPED_LINE_RATIO = 0.6


def _skip_space(text: str, position: int) -> int:
    return _SPACE_RUN.match(text, position).end()


def _opens_sentence(char: str) -> bool:
    return char.isdigit() or (char.isalpha() and not char.islower()) or char in _OPENERS


def _next_word(text: str, position: int) -> str:
    return _NEXT_WORD.match(text, position).group(1)


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


def _runs_on(text: str, line_end: int, next_start: int) -> bool:
    """Does the line ending at `line_end` visibly continue on the next line?"""
    if text[next_start].islower():
        return True
    last = text[line_end - 1]
    if last in ",;(&/-–—":
        return True
    words = text[max(0, line_end - 24) : line_end].rsplit(None, 1)
    return bool(words) and words[-1] in CONTINUATION_WORDS


def _is_wrapped(text: str, lines: list[tuple[int, int]]) -> bool:
    """Is this paragraph of several lines hard-wrapped prose?"""
    lengths = [end - start for start, end in lines]
    shortest = min(lengths[:-1])
    if shortest < WRAPPED_LINE_MIN or shortest < WRAPPED_LINE_RATIO * max(lengths):
        return False
    continues = False
    for (_, line_end), (next_start, _) in pairwise(lines):
        if _LINE_MARKER.match(text, next_start):
            return False  # a list, one item per line
        continues = continues or _runs_on(text, line_end, next_start)
    return continues


def _add_paragraph(
    text: str, lines: list[tuple[int, int]], units: list[tuple[int, int]]
) -> None:
    if len(lines) == 1:
        units.append(lines[0])
        return
    if _is_wrapped(text, lines):
        units.append((lines[0][0], lines[-1][1]))
        return
    # A block: each line is a unit, except that a line going on in lower case after
    # one without final punctuation continues it (a caption broken in two).
    start, end = lines[0]
    for next_start, next_end in lines[1:]:
        last = text[end - 1]
        if (
            text[next_start].islower()
            and last not in _TERMINALS
            and last not in _CLOSERS
            and last != ":"
        ):
            end = next_end
            continue
        units.append((start, end))
        start, end = next_start, next_end
    units.append((start, end))


def _units(text: str) -> list[tuple[int, int]]:
    """The wrapped paragraphs and block lines of `text`, trimmed, in order."""
    units: list[tuple[int, int]] = []
    lines: list[tuple[int, int]] = []
    line_start = _skip_space(text, 0)
    for run in _BREAK_RUN.finditer(text, line_start):
        end = run.start()
        while end > line_start and text[end - 1].isspace():
            end -= 1
        if end > line_start:
            lines.append((line_start, end))
        line_start = run.end()
        if lines and _is_paragraph_break(run.group()):
            _add_paragraph(text, lines, units)
            lines = []
    end = len(text)
    while end > line_start and text[end - 1].isspace():
        end -= 1
    if end > line_start:
        lines.append((line_start, end))
    if lines:
        _add_paragraph(text, lines, units)
    return units


# --- pass 2: lists ----------------------------------------------------------------


# A list marker: where it starts (its bullet, if any), its label ("" for a bare
# bullet), its delimiter (".", ")", ".)" or "()"), its bullet, where its full stop
# is (or -1) and where it ends.
Marker = tuple[int, str, str, str, int, int]


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
    if not _LABEL.fullmatch(label):
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
    candidates: list[re.Match],
    tokens: list[re.Match],
    unit_start: int,
    unit_end: int,
) -> list[Marker]:
    """The list markers of a unit, found from the scans that already ran over it."""
    markers: list[Marker] = []
    for match in candidates:
        run = match.group()
        if run != "." and run != ".)":
            continue
        found = _label_ending_at(text, match.start(), unit_start)
        if found:
            markers.append(
                (found[0], found[1], run, found[3], match.start(), match.end())
            )
    for token in tokens:
        mark = token.group()
        at = token.start()
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


def _preceded_by_separator(text: str, position: int, unit_start: int) -> bool:
    """Is `position` the unit's start, or just after ".", ":", ";" (and closers)?"""
    before = position - 1
    while before >= unit_start and text[before].isspace():
        before -= 1
    while before >= unit_start and text[before] in _CLOSERS:
        before -= 1
    return before < unit_start or text[before] in _SEPARATORS_BEFORE_LIST


def _valid_chain(text: str, style: tuple, chain: list[Marker], unit_start: int) -> bool:
    if not _preceded_by_separator(text, chain[0][0], unit_start):
        return False  # "we need 1) money and 2) time" is one sentence
    # "Patrick A. Smith and John B. Doe" are initials, not a list.
    if (
        style[0] == "upper"
        and style[2] == "."
        and not all(_preceded_by_separator(text, m[0], unit_start) for m in chain)
    ):
        return False
    # Every item but the last says something ("A. B. Smith" is not a list).
    return all(
        _WORD_CHAR.search(text, marker[5], following[0])
        for marker, following in pairwise(chain)
    )


def _list_cuts(
    text: str, markers: list[Marker], unit_start: int
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
            if len(found) < 2 or not _valid_chain(text, style, found, unit_start):
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


def _protected_spans(
    text: str, tokens: list[re.Match], unit_start: int, unit_end: int
) -> list[tuple[int, int]]:
    """The closed pairs of brackets, quotes and dashes in a unit, merged, in order.

    A closer that matches an opener deeper in the stack closes it and drops the
    openers above it; an opener never closed protects nothing. A second opening
    straight or curly double quote while one is open means the first was never
    closed, so it is dropped rather than hiding the sentence ends after it.
    """
    stack: list[tuple[str, int]] = []
    pairs: list[tuple[int, int]] = []
    for token in tokens:
        mark = token.group()
        at = token.start()
        if mark in _LIST_BULLETS:
            continue
        if mark in "'‘’—–":
            before = text[at - 1] if at > unit_start else " "
            after = text[at + 1] if at + 1 < unit_end else " "
            if mark in "—–":
                if not (before.isspace() and after.isspace()) and not (
                    mark == "—" and before.isalpha() and after.isalpha()
                ):
                    continue  # "1990–2000", a dash before a quote
            elif before.isalnum() and after.isalnum():
                continue  # an apostrophe inside a word: "don't", "Xi’s"
        if mark in "([{“«‹":
            if mark == "“":
                open_at = _find(stack, "“")
                if open_at is not None:
                    del stack[open_at:]
            if len(stack) < _MAX_DEPTH:
                stack.append((mark, at))
        elif mark in _CLOSER_OF:
            key = _CLOSER_OF[mark]
            open_at = _find(stack, key)
            if open_at is not None:
                opened = stack[open_at][1]
                del stack[open_at:]
                if at - opened <= _MAX_PAIR[key]:
                    pairs.append((opened, at + 1))
        elif mark == '"' or mark in "'‘’":
            key = '"' if mark == '"' else "'"
            before = text[at - 1] if at > unit_start else " "
            after = text[at + 1] if at + 1 < unit_end else " "
            can_close = (
                mark != "‘"
                and not before.isspace()
                and not (after.isalnum() or after == "_")
            )
            if key == '"':
                can_open = not after.isspace() and (
                    before.isspace() or before in "([{—–-/\"'“‘"
                )
            else:
                can_open = mark != "’" and after.isalpha() and not before.isalnum()
            open_at = _find(stack, key)
            if open_at is not None and can_close:
                opened = stack[open_at][1]
                del stack[open_at:]
                # A quotation that holds a sentence end closes after punctuation;
                # one that does not ("6'2\" tall", "the players' union") protects
                # nothing.
                limit = _MAX_PAIR['"'] if key == '"' else _MAX_SHORT_PAIR
                if before in _STRONG_CLOSE_BEFORE and at - opened <= limit:
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
            following = _skip_space(text, token.end())
            if (
                at - opened <= _MAX_DASH_PAIR
                and following < unit_end
                and (text[following].islower() or text[following] == ",")
                and _continues_before(text, opened, unit_start)
                and not _SENTENCE_INSIDE.search(text, opened, at)
            ):
                pairs.append((opened, token.end()))
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


def _period_ends_sentence(
    text: str, token: str, punct_start: int, next_position: int, segment_start: int
) -> bool:
    """Decide whether a single full stop after `token` ends the sentence.

    The caller has already checked that the next word may open a sentence.
    """
    core = token.lstrip(_OPENERS).rstrip(_CLOSERS)
    if not core:
        return True
    kind = abbreviation_class(core)
    if kind == TITLE:
        return False
    single_letter = len(core) == 1 and core.isalpha()
    if (single_letter or (len(core) <= 3 and core.isdigit())) and (
        _LABEL_AT_START.fullmatch(text, _skip_space(text, segment_start), punct_start)
    ):
        return False  # "1. Eggs", "a. The first item": a list label
    lower = core.lower()
    if _TIME_ABBREVIATION.fullmatch(lower):
        word = _next_word(text, next_position)
        if word in TIME_ZONES or word in DATE_WORDS:
            return False  # "at 5 a.m. Friday", "5 p.m. Eastern"
        start = _skip_space(text, segment_start)
        return _BARE_TIME.fullmatch(text, start, punct_start) is None
    next_is_digit = text[next_position].isdigit()
    if kind == NUMBER:
        return not next_is_digit
    if kind == SUFFIX:
        if next_is_digit:
            return False
        return (
            _next_word(text, next_position) in SENTENCE_STARTERS
            or _CLAUSE_OPENING.match(text, next_position) is not None
        )
    if kind == NAME_PART or single_letter or _DOTTED.fullmatch(core):
        if next_is_digit:
            return False
        return _next_word(text, next_position) in SENTENCE_STARTERS
    return True


def _ellipsis_ends(
    text: str, punct: str, start: int, following: int, segment_start: int
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
                text, token, start, following, segment_start
            ):
                return False, None
            return True, start + 1
        if token:
            return next_char.isalpha(), None
        # " . . . " alone marks an omission inside a sentence.
        return dots >= 4 and _opens_sentence(next_char), None
    dots = punct.count(".") + 3 * punct.count("…")
    # A bare ellipsis continues unless a capitalised word follows.
    if dots == 3 and not next_char.isalpha():
        return False, None
    return _opens_sentence(next_char), None


def _ends_sentence(
    text: str, match: re.Match, following: int, segment_start: int, periods
) -> tuple[bool, int | None]:
    """Judge one candidate end; return (ends, cut) where cut overrides the end."""
    run = match.group()
    start = match.start()
    next_char = text[following]
    if run == ".":  # the common case
        if start in periods or not _opens_sentence(next_char):
            return False, None
        token = _word_before(text, start)
        return _period_ends_sentence(text, token, start, following, segment_start), None
    first = run[0]
    if first in "．！？。":
        return True, None
    if first in "—–-":
        return next_char.isupper(), None
    body = run.rstrip(_REFERENCE_CHARS)
    if len(body) < len(run):
        # "word.12 Next" is a reference mark; "3.14" and "No.12" are not.
        bare_digits = run[-1:].isdigit()
        if (
            (bare_digits and text[start - 1 : start].isdigit())
            or not next_char.isupper()
            or abbreviation_class(_word_before(text, start) or "-") == NUMBER
        ):
            return False, None
    punct = body.rstrip(_CLOSERS)
    if (
        len(punct) < len(body)
        and body[len(punct)] in "\"'”’»"
        and next_char.isupper()
        and _ATTRIBUTION_TAIL.match(text, following)
    ):
        return False, None  # '"Is it safe?" Jones asked.' goes on
    if punct == ".":
        if start in periods or not _opens_sentence(next_char):
            return False, None
        token = _word_before(text, start)
        return _period_ends_sentence(text, token, start, following, segment_start), None
    if ("." in punct or "…" in punct) and not any(m in punct for m in "!?‼⁇⁈⁉"):
        return _ellipsis_ends(text, punct, start, following, segment_start)
    if not _opens_sentence(next_char):
        return False, None
    if punct == "!":
        core = _word_before(text, start).lstrip(_OPENERS).lower()
        if core in EXCLAMATION_NAMES:
            # "Yahoo! Finance" is a name; "Yahoo! It" ends a sentence.
            return _next_word(text, following) in SENTENCE_STARTERS, None
    return True, None


def _cut_before(text: str, cut: int, segment_start: int, bounds: list) -> int:
    """Close the segment before a forced cut (a list item); return the new start."""
    if cut <= segment_start:
        return segment_start
    end = cut
    while text[end - 1].isspace():
        end -= 1
    bounds.append((segment_start, end))
    return cut


def _segment_bounds(text: str) -> list[tuple[int, int]]:
    """Return (start, end) of each segment, trimmed of white space, in order."""
    units = _units(text)
    if not units:
        return []
    candidates = list(_CANDIDATE.finditer(text))
    rare = list(_REFERENCE_CANDIDATE.finditer(text))
    if any(char in text for char in _WIDE_TERMINALS):
        rare.extend(_WIDE_CANDIDATE.finditer(text))
    if any(pair in text for pair in _DASH_QUOTES):
        rare.extend(_DASH_QUOTE_CANDIDATE.finditer(text))
    if rare:
        candidates = sorted(candidates + rare, key=lambda match: match.start())
    tokens = list(_NESTING.finditer(text))
    candidate_count = len(candidates)
    token_count = len(tokens)
    candidate_index = token_index = 0
    bounds: list[tuple[int, int]] = []
    for unit_start, unit_end in units:
        while token_index < token_count and tokens[token_index].start() < unit_start:
            token_index += 1
        first_token = token_index
        while token_index < token_count and tokens[token_index].start() < unit_end:
            token_index += 1
        while (
            candidate_index < candidate_count
            and candidates[candidate_index].start() < unit_start
        ):
            candidate_index += 1
        first_candidate = candidate_index
        while (
            candidate_index < candidate_count
            and candidates[candidate_index].start() < unit_end
        ):
            candidate_index += 1
        if first_candidate == candidate_index and first_token == token_index:
            bounds.append((unit_start, unit_end))
            continue
        unit_candidates = candidates[first_candidate:candidate_index]
        unit_tokens = tokens[first_token:token_index]
        protected = (
            _protected_spans(text, unit_tokens, unit_start, unit_end)
            if len(unit_tokens) > 1
            else []
        )
        markers = _unit_markers(
            text, unit_candidates, unit_tokens, unit_start, unit_end
        )
        if len(markers) > 1:
            forced, periods = _list_cuts(text, markers, unit_start)
        else:
            forced, periods = [], frozenset()

        segment_start = unit_start
        forced_index = 0
        forced_count = len(forced)
        protected_index = 0
        protected_count = len(protected)
        for match in unit_candidates:
            start = match.start()
            while forced_index < forced_count and forced[forced_index] <= start:
                segment_start = _cut_before(
                    text, forced[forced_index], segment_start, bounds
                )
                forced_index += 1
            if start < segment_start:
                continue
            cut = match.end()
            if cut >= unit_end:
                break
            following = cut
            if text[cut].isspace():  # CJK terminals need no space after them
                following = cut + 1
                if following >= unit_end:
                    break
                if text[following].isspace():
                    following = _skip_space(text, following)
                    if following >= unit_end:
                        break
            if text[following].islower():
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
            ends, moved = _ends_sentence(text, match, following, segment_start, periods)
            if not ends:
                continue
            if moved is not None:
                cut = moved
                following = _skip_space(text, cut)
            bounds.append((segment_start, cut))
            segment_start = following
        for cut in forced[forced_index:]:
            segment_start = _cut_before(text, cut, segment_start, bounds)
        if segment_start < unit_end:
            bounds.append((segment_start, unit_end))
    return bounds


def split_sentences(text: str) -> list[Span]:
    """Split `text` into sentence spans, in order, with exact offsets into `text`.

    Lines without final punctuation (headlines, captions, datelines) are segments
    of their own, and so is each item of a list; white space around each segment is
    left out.
    """
    return [Span(start, end) for start, end in _segment_bounds(text)]
