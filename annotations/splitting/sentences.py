"""Sentence boundaries with exact offsets, after the Pragmatic Segmenter's Golden Rules.

Abbreviations, initials, lists, ellipses and quotations do not end a sentence; a line
without final punctuation (headline, caption, dateline) is a segment of its own.
"""

# This module matches typographic quotes, dashes and bullets on purpose.
# ruff: noqa: RUF001

from __future__ import annotations

import re

from annotations.splitting.types import Span


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_TERMINALS = ".!?…‼⁇⁈⁉"
_CLOSERS = "\"'”’»)]}"
_BULLETS = "•⁃◦▪‣∙*"
# Besides letters and digits, what may begin a new sentence.
_OPENERS = "\"'“‘«([{¿¡$£€¥#" + _BULLETS
_LINE_BREAKS = r"\n\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029"

# One scan finds every candidate boundary: a run of terminal punctuation (spaced
# ". . ." ellipses included) with its closing quotes, followed by white space; or
# a line break with the white space after it. Each alternative starts with one
# character class, which keeps the scan fast; the word before the punctuation is
# only looked at when the next character could open a sentence.
_CANDIDATE = re.compile(
    r"[.!?…‼⁇⁈⁉](?:[.!?…‼⁇⁈⁉]|[ ]\.)*[\"'”’»)\]}]*(?=\s|\Z)"
    rf"|[{_LINE_BREAKS}]\s*"
)
_LINE_BREAK_CHARS = frozenset("\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029")
_LINE_BREAK = re.compile(rf"\r\n|[{_LINE_BREAKS}]")
_PARAGRAPH_BREAK = re.compile(r"\n[^\S\n]*\n|\u2029")
# A paragraph whose lines continue in lower case, or break after a comma, is
# hard-wrapped prose: its line breaks are not segment boundaries.
_WRAPPED_LINE = re.compile(r"\n[^\S\n]*[a-zß-ÿ]|[,;][^\S\n]*\n")
_SPACE_RUN = re.compile(r"\s*")
_NEXT_WORD = re.compile(r"[\"'“‘«(\[]*([\w'’-]*)")

# Sentence ends inside a quotation or parentheses stay inside, as the Pragmatic
# Segmenter does ("We agree. We will build it," the agency said. is one sentence).
# A straight double quote only opens after white space or a bracket and only
# closes before a non-word character, so inch marks do not pair up with quotes.
_PROTECTED = re.compile(
    r"\"(?<![^\s(\[{—–-]\")(?=[^\s\"])[^\"\n]{0,1000}(?<=[^\s\"])\"(?!\w)"
    r"|“[^“”\n]{1,1000}”"
    r"|«[^«»\n]{1,1000}»"
    r"|\([^()\n]{1,400}\)"
)

_LIST_MARKER = re.compile(
    r"(?:(?P<bullet>[•⁃◦▪‣∙*-])[ \t]*)?"
    r"(?:(?P<number>[0-9]{1,3})|(?P<letter>[A-Za-z]))(?P<delimiter>\.\)|\.|\))(?=\s)"
    r"|(?P<only>[•⁃◦▪‣∙*])(?=\s)"
)

# Titles and Latin abbreviations that are followed by more of the same sentence.
_NEVER_FINAL = _words(
    "mr mrs ms mx dr prof sen sens rep reps gov gen lt col capt cpt sgt cpl pvt adm "
    "maj cmdr brig rev fr hon pres supt insp det messrs mme mlle msgr mt vs v "
    "cf viz e.g i.e"
)
# Abbreviations that may end a sentence. They do when the next word is a typical
# sentence starter ("& Co. It closed"), never before a number ("No. 5", "p. 55").
_ABBREVIATIONS = _words(
    "etc al approx est dept univ assn bros co corp inc ltd plc p pp para vol vols st "
    "fig figs chap eds ext tel jr sr esq ft n° nº hrs yrs lbs oz ave blvd hwy apt "
    "bldg govt intl natl assoc misc dist ph.d"
)
# Matched case-sensitively because the lower-case forms are ordinary words.
_CASED_ABBREVIATIONS = _words(
    "No Nos Nr Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec Mon Tue Tues Wed "
    "Thu Thur Thurs Fri Sat Sun Ala Ariz Ark Calif Colo Conn Del Fla Ga Ill Ind "
    "Kan Kans Ky La Md Mass Mich Minn Miss Mo Mont Neb Nev Okla Ore Pa Tenn Tex "
    "Vt Va Wash Wis Wyo"
)
# The Pragmatic Segmenter's sentence starters, extended with common news openers.
_SENTENCE_STARTERS = _words(
    "A About According After Also Although An And Are As At Because Being Both But "
    "By Can Despite Did Do Does During Each Even For From Has Have He Her Here His "
    "How However I If In Instead Is It Its Last Many Meanwhile Millions Moreover "
    "More Most My Nevertheless No Not Now On Once One Other Our She Since Several "
    "So Some Still Such That The Their Then There These They This Those Though "
    "Thus To Today Two Under Until Was We Were What When Where Which While Who Why "
    "With Yesterday Yet You Your"
)
_TIME_ABBREVIATION = re.compile(r"[0-9]{0,2}[ap]\.m")
# "At 5 a.m." on its own is not a sentence, so the time does not end one there.
_BARE_TIME = re.compile(
    r"(?i)(?:(?:at|by|before|after|until|till|from|around|about|since)\s+)?"
    r"[0-9]{1,2}(?:[:.][0-9]{2})?\s*[ap]\.m"
)
_TIME_ZONES = _words(
    "Eastern Central Mountain Pacific Greenwich ET EST EDT CT CST CDT MT MST MDT "
    "PT PST PDT GMT UTC BST CET CEST"
)
_DOTTED = re.compile(r"(?:[^\W\d_]\.)+[^\W\d_]")
# A lower-case word ending a line that leaves the sentence open ("signed by\n...").
_CONTINUATION_WORDS = _words(
    "a about after all an and any are as at be been before being between both but "
    "by can could during each either every for from had has have her his if in "
    "into is its may might more most must my neither new no nor not of on onto or "
    "our over per said says shall should since so some such than that the their "
    "these this those to under until very via was were when where whether which "
    "while who whom whose will with would your"
)
_LINE_OPENERS = "\"'“‘«([" + _BULLETS


def _skip_space(text: str, position: int) -> int:
    return _SPACE_RUN.match(text, position).end()


def _opens_sentence(char: str) -> bool:
    return char.isdigit() or (char.isalpha() and not char.islower()) or char in _OPENERS


def _next_word(text: str, position: int) -> str:
    return _NEXT_WORD.match(text, position).group(1)


def _starts_list(text: str, segment_start: int) -> bool:
    return _LIST_MARKER.match(text, _skip_space(text, segment_start)) is not None


def _period_ends_sentence(
    text: str, token: str, punct_start: int, next_position: int, segment_start: int
) -> bool:
    """Decide whether a single full stop after `token` ends the sentence.

    The caller has already checked that the next word may open a sentence.
    """
    core = token.lstrip(_OPENERS).rstrip(_CLOSERS)
    if not core:
        return True
    lower = core.lower()
    if lower in _NEVER_FINAL:
        return False
    single_letter = len(core) == 1 and core.isalpha()
    # "2." inside "1. The first item 2. The second item": the list pass splits there.
    if (single_letter or (len(core) <= 3 and core.isdigit())) and _starts_list(
        text, segment_start
    ):
        return False
    if _TIME_ABBREVIATION.fullmatch(lower):
        if _next_word(text, next_position) in _TIME_ZONES:
            return False
        start = _skip_space(text, segment_start)
        return _BARE_TIME.fullmatch(text, start, punct_start) is None
    if (
        single_letter
        or lower in _ABBREVIATIONS
        or core in _CASED_ABBREVIATIONS
        or _DOTTED.fullmatch(core)
    ):
        if text[next_position].isdigit():
            return False
        return _next_word(text, next_position) in _SENTENCE_STARTERS
    return True


def _word_before(text: str, position: int) -> str:
    """The non-space token ending at `position`; only its last 32 characters."""
    if position == 0 or text[position - 1].isspace():
        return ""
    return text[max(0, position - 32) : position].rsplit(None, 1)[-1]


def _segment_bounds(text: str) -> list[tuple[int, int]]:
    """Return (start, end) of each segment, trimmed of white space, in order."""
    length = len(text)
    bounds: list[tuple[int, int]] = []
    segment_start = _skip_space(text, 0)  # always the segment's first visible char
    if segment_start >= length:
        return bounds
    paragraph_start = segment_start
    wrapped_checked_for = -1
    wrapped = False
    protected = [match.span() for match in _PROTECTED.finditer(text)]
    protected_count = len(protected)
    protected_index = 0

    for match in _CANDIDATE.finditer(text, segment_start):
        run = match.group()
        start = match.start()
        if run[0] in _LINE_BREAK_CHARS:
            if start < segment_start:
                continue  # white space already skipped after the previous cut
            following = match.end()
            if following >= length:
                break
            last = start - 1
            while text[last].isspace():
                last -= 1
            if run != "\n" and ("\u2029" in run or len(_LINE_BREAK.findall(run)) > 1):
                bounds.append((segment_start, last + 1))
                segment_start = paragraph_start = following
                continue
            # A single line break ends a line with no final punctuation (headline,
            # caption, dateline) when the next line starts a new unit.
            last_char = text[last]
            if last_char in _TERMINALS:
                continue
            if last_char in _CLOSERS:
                before = last
                while before > segment_start and text[before] in _CLOSERS:
                    before -= 1
                if text[before] in _TERMINALS:
                    continue
            next_char = text[following]
            if not (
                next_char.isdigit()
                or (next_char.isalpha() and not next_char.islower())
                or next_char in _LINE_OPENERS
            ):
                continue
            if last_char in ",;([{&/+-–—":
                continue
            if last_char == ":" and not (next_char in _BULLETS or next_char.isdigit()):
                continue
            words = text[max(segment_start, last - 24) : last + 1].rsplit(None, 1)
            if words and words[-1] in _CONTINUATION_WORDS:
                continue
            if wrapped_checked_for != paragraph_start:
                wrapped_checked_for = paragraph_start
                paragraph_end = _PARAGRAPH_BREAK.search(text, start)
                wrapped = (
                    _WRAPPED_LINE.search(
                        text,
                        paragraph_start,
                        paragraph_end.start() if paragraph_end else length,
                    )
                    is not None
                )
            if wrapped:
                continue
            bounds.append((segment_start, last + 1))
            segment_start = following
            continue

        cut = match.end()
        if cut >= length:
            break
        if cut + 1 < length and not text[cut + 1].isspace():
            following = cut + 1  # the common case: one space, then the next word
        else:
            following = _skip_space(text, cut)
            if following >= length:
                break
        next_char = text[following]
        if next_char.islower():
            continue
        punct = run.rstrip(_CLOSERS)
        if punct == ".":
            if not _opens_sentence(next_char) or not _period_ends_sentence(
                text, _word_before(text, start), start, following, segment_start
            ):
                continue
        elif " " in punct:
            dots = punct.count(".")
            token = _word_before(text, start)
            if token and dots >= 4:
                # "compounds. . . . The": the full stop ends the sentence and the
                # ellipsis opens the next one (Golden Rule 48).
                if not _opens_sentence(next_char) or not _period_ends_sentence(
                    text, token, start, following, segment_start
                ):
                    continue
                cut = start + 1
                following = _skip_space(text, cut)
            elif token:
                if not next_char.isalpha():
                    continue
            elif dots < 4 or not _opens_sentence(next_char):
                continue  # " . . . " alone marks an omission inside a sentence
        elif any(mark in punct for mark in "!?‼⁇⁈⁉"):
            if not _opens_sentence(next_char):
                continue
        else:
            dots = punct.count(".") + 3 * punct.count("…")
            # A bare ellipsis continues unless a capitalised word follows.
            if dots == 3 and not next_char.isalpha():
                continue
            if not _opens_sentence(next_char):
                continue

        while (
            protected_index < protected_count and protected[protected_index][1] <= cut
        ):
            protected_index += 1
        if protected_index < protected_count and protected[protected_index][0] < cut:
            continue
        bounds.append((segment_start, cut))
        segment_start = following

    end = length
    while text[end - 1].isspace():
        end -= 1
    bounds.append((segment_start, end))
    return bounds


def _list_item_starts(text: str, end: int, marker: re.Match) -> list[int]:
    """Offsets before `end` where the next items of an inline list begin."""
    position = marker.end()
    if marker.group("only"):
        pattern = re.compile(r"(?<=\s)" + re.escape(marker.group("only")) + r"(?=\s)")
        return [m.start() for m in pattern.finditer(text, position, end)]
    bullet = marker.group("bullet")
    number = marker.group("number")
    pattern = re.compile(
        r"(?<=\s)"
        + (re.escape(bullet) + r"[ \t]*" if bullet else "")
        + ("([0-9]{1,3})" if number else "([A-Za-z])")
        + re.escape(marker.group("delimiter"))
        + r"(?=\s)"
    )
    # Only the next label in sequence starts an item: "1. ... 2. ... 3."
    expected = str(int(number) + 1) if number else chr(ord(marker.group("letter")) + 1)
    starts: list[int] = []
    for found in pattern.finditer(text, position, end):
        if found.group(1) != expected:
            continue
        starts.append(found.start())
        expected = str(int(expected) + 1) if number else chr(ord(expected) + 1)
    return starts


def split_sentences(text: str) -> list[Span]:
    """Split `text` into sentence spans, in order, with exact offsets into `text`.

    Lines without final punctuation (headlines, captions, datelines) are segments
    of their own; white space around each segment is left out.
    """
    spans: list[Span] = []
    for start, end in _segment_bounds(text):
        first = text[start]
        # Most sentences cannot start a list ("1.", "a)", "•"): skip the regex.
        marker = (
            _LIST_MARKER.match(text, start, end)
            if first in _BULLETS
            or first.isdigit()
            or text[start + 1 : start + 2] in ".)"
            or first == "-"
            else None
        )
        starts = _list_item_starts(text, end, marker) if marker else []
        if not starts:
            spans.append(Span(start, end))
            continue
        for item_start, item_end in zip([start, *starts], [*starts, end], strict=True):
            while text[item_end - 1].isspace():
                item_end -= 1
            spans.append(Span(item_start, item_end))
    return spans
