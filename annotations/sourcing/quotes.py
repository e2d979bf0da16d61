"""PURE: is a citation's quote in a page's text? (docs/QUOTES.md).

`find_quote(quote, text)` answers FOUND, FUZZY or NOT_FOUND, with the matched span of
`text` (Python str offsets into the text as given) and a similarity.

1. Both sides are normalised the same way, keeping a map back to the text's offsets:
   Unicode NFKC (full-width letters, ligatures, non-breaking spaces), case folded
   (a no-op for scripts without case), every run of white space one space, and none
   at all between two characters of scripts written without spaces (Han, kana,
   Thai, Khmer, ...: a page's line breaks fall anywhere in them), typographic quotes
   and apostrophes as ', every dash and minus as -, and characters a reader does
   not see or may leave out dropped (double quotation marks, zero-width
   characters, soft hyphens, the Arabic tatweel and short-vowel marks). Latin
   accents are kept: "résumé" and "resume" are different words.
2. An ellipsis ("...", "…", "[...]") in a quote marks words left out: the quote's
   pieces must appear in that order.
3. A piece found as it is, after normalising, is exact; otherwise the fuzzy matcher
   the W3C import re-anchors claims with (`fuzzy_span`, diff-match-patch probes for
   the quote's ends, then the Levenshtein similarity of the span between them) looks
   for a span at least `min_similarity` like it.

FOUND when every piece is exact, FUZZY (with the lowest piece similarity) when some
piece was only found approximately, NOT_FOUND otherwise. No Django, no I/O.
"""

from __future__ import annotations

import re
import unicodedata
from array import array
from collections import Counter
from dataclasses import dataclass

from diff_match_patch import diff_match_patch

FOUND = "found"
FUZZY = "fuzzy"
NOT_FOUND = "not_found"

# A quote is a claim about the source's exact words: a span that keeps less than
# this share of them (1 - Levenshtein distance / length) is not that quote. Looser
# than "a typo or two", stricter than the 0.65 a re-anchored claim needs.
MIN_QUOTE_SIMILARITY = 0.8

# diff-match-patch's bitap matcher: how many errors a 32-character probe may have
# (as a share of its length, plus a distance penalty). Probes are short so they fit
# its fast path.
PROBE_CHARS = 32
PROBE_THRESHOLD = 0.4

_QUOTE_MARKS = str.maketrans(
    {
        **dict.fromkeys("\u2018\u2019\u201a\u201b\u2032\u02bc\u0060\u00b4", "'"),
        **dict.fromkeys(
            "\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb\u300c\u300d\u300e\u300f", '"'
        ),
        **dict.fromkeys(
            "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u2e3a\u2e3b\ufe58", "-"
        ),
    }
)
# Invisible, or optional in the script: zero-width space/joiners, word joiner, BOM,
# soft hyphen, Arabic tatweel, Arabic short vowels and other harakat. Double
# quotation marks too: a reviewer quoting a quote drops or changes them, and they
# are never part of a word (an apostrophe is, so single marks stay).
_DROPPED = frozenset(
    '"\u200b\u200c\u200d\u2060\ufeff\u00ad\u0640'
    + "".join(chr(code) for code in range(0x064B, 0x0660))
    + "\u0670"
)
# NFKC mappings of one character to one character that pages use all the time,
# applied before asking whether a line is in NFKC, so such a line takes the fast way.
_ONE_TO_ONE = str.maketrans(
    {
        **{chr(code): chr(code - 0xFEE0) for code in range(0xFF01, 0xFF5F)},
        "\u00a0": " ",
        "\u3000": " ",
        "\u2002": " ",
        "\u2003": " ",
        "\u2009": " ",
        "\u202f": " ",
    }
)
# Quote marks and dashes first, on both ways: some (the acute accent, the double
# prime) are more than one character in NFKC.
_ONE_TO_ONE.update(_QUOTE_MARKS)
_ELLIPSIS = re.compile(r"\s*[\[(]?\s*\.\.\.+\s*[\])]?\s*")


# Scripts written without spaces between words (a line break inside them is no word
# break): kana, CJK ideographs and punctuation, Thai, Lao, Myanmar, Khmer.
_UNSPACED_RANGES = (
    "\u3000-\u303f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
    "\U00020000-\U0003ffff\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff"
)
_UNSPACED = re.compile(f"[{_UNSPACED_RANGES}]")


def _unspaced(character: str) -> bool:
    return _UNSPACED.match(character) is not None


# What changes offsets in a line that is otherwise one character per character:
# white space other than one plain space between words, and dropped characters.
_SKIPPED = re.compile(
    # The lookahead lets the search skip ordinary characters quickly.
    "(?=[\\s" + re.escape("".join(sorted(_DROPPED))) + "])"
    r"(?:\s*[^\S ]\s*|\s{2,}|^ | $"
    f"|(?<=[{_UNSPACED_RANGES}]) (?=[{_UNSPACED_RANGES}])"
    "|[" + re.escape("".join(sorted(_DROPPED))) + "]+)"
)


@dataclass(frozen=True, slots=True)
class Normalised:
    """A normalised text and, for each of its characters, the [start, end) of the
    original characters it came from."""

    text: str
    starts: array
    ends: array

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        return self.starts[start], self.ends[end - 1]


def normalise(text: str) -> Normalised:
    """`text` normalised for matching (see the module's docstring), with its map.

    Line by line: a line that is already in NFKC once the one-to-one NFKC mappings
    are applied (no-break and ideographic spaces, full-width forms) and whose case
    folding keeps its length maps each character to itself, and only white space
    and dropped characters change offsets; a regular-expression pass handles those
    in bulk. Any other line is normalised a base character and its combining marks
    at a time.
    """
    builder = _Builder()
    position = 0
    for line in text.splitlines(keepends=True):
        mapped = line.translate(_ONE_TO_ONE)
        folded = mapped.casefold()
        if len(folded) == len(line) and unicodedata.is_normalized("NFKC", mapped):
            builder.add_mapped(folded, position)
        else:
            builder.add_clusters(line, position)
        position += len(line)
    return Normalised("".join(builder.out), builder.starts, builder.ends)


class _Builder:
    """The normalised text under construction and its map back to the original."""

    def __init__(self) -> None:
        self.out: list[str] = []
        self.starts: array[int] = array("q")
        self.ends: array[int] = array("q")
        self.last = ""
        # A space waits until the next kept character says whether it separates
        # words (none between two characters of a script written without spaces).
        self.space_at: tuple[int, int] | None = None

    def _space_before(self, character: str) -> None:
        if self.space_at is not None:
            if not (_unspaced(self.last) and _unspaced(character)):
                self.out.append(" ")
                self.starts.append(self.space_at[0])
                self.ends.append(self.space_at[1])
            self.space_at = None

    def _gap(self, start: int, end: int) -> None:
        if self.last and self.space_at is None:
            self.space_at = (start, end)

    def add_mapped(self, line: str, offset: int) -> None:
        """A line already normalised except for white space and dropped characters,
        one character per character of the original."""
        position = 0
        for match in _SKIPPED.finditer(line):
            start, end = match.span()
            if start > position:
                self._chunk(line, position, start, offset)
            if line[start].isspace():
                self._gap(offset + start, offset + end)
            position = end
        if position < len(line):
            self._chunk(line, position, len(line), offset)

    def _chunk(self, line: str, start: int, end: int, offset: int) -> None:
        # One space inside a chunk maps to itself; one at either end (beside a
        # dropped character) waits like any other.
        if line[start] == " ":
            self._gap(offset + start, offset + start + 1)
            start += 1
        trailing = end > start and line[end - 1] == " "
        if trailing:
            end -= 1
        if start < end:
            self._space_before(line[start])
            self.out.append(line[start:end])
            self.starts.extend(range(offset + start, offset + end))
            self.ends.extend(range(offset + start + 1, offset + end + 1))
            self.last = line[end - 1]
        if trailing:
            self._gap(offset + end, offset + end + 1)

    def add_clusters(self, line: str, offset: int) -> None:
        index, length = 0, len(line)
        while index < length:
            # A base character with its combining marks, so NFKC can compose them.
            end = index + 1
            while end < length and unicodedata.category(line[end])[0] == "M":
                end += 1
            cluster = unicodedata.normalize(
                "NFKC", line[index:end].translate(_QUOTE_MARKS)
            )
            for character in cluster.translate(_QUOTE_MARKS).casefold():
                if character in _DROPPED:
                    continue
                if character.isspace():
                    self._gap(offset + index, offset + end)
                    continue
                self._space_before(character)
                self.out.append(character)
                self.starts.append(offset + index)
                self.ends.append(offset + end)
                self.last = character
            index = end


@dataclass(frozen=True, slots=True)
class QuoteMatch:
    """Where a quote is in a text: `status` FOUND / FUZZY / NOT_FOUND, the span
    [start, end) of the original text (None when not found) and how like the quote
    it is (1.0 when found as it is)."""

    status: str
    start: int | None = None
    end: int | None = None
    similarity: float = 0.0


def quote_pieces(quote: str) -> list[str]:
    """The normalised quote, split where an ellipsis marks words left out."""
    normalised = normalise(quote).text
    return [piece for piece in _ELLIPSIS.split(normalised) if piece.strip(" ")]


def find_quote(
    quote: str,
    text: str | Normalised,
    *,
    min_similarity: float = MIN_QUOTE_SIMILARITY,
) -> QuoteMatch:
    """Look for `quote` in `text` (or its `normalise`d form, when one text is
    searched for many quotes). An empty quote is NOT_FOUND."""
    haystack = text if isinstance(text, Normalised) else normalise(text)
    pieces = quote_pieces(quote)
    if not pieces or not haystack.text:
        return QuoteMatch(NOT_FOUND)
    spans: list[tuple[int, int]] = []
    similarity = 1.0
    position = 0
    for piece in pieces:
        at = haystack.text.find(piece, position)
        if at >= 0:
            spans.append((at, at + len(piece)))
        else:
            found = _fuzzy_find(haystack.text, piece, position, min_similarity)
            if found is None:
                return QuoteMatch(NOT_FOUND)
            start, end, score = found
            spans.append((start, end))
            similarity = min(similarity, score)
        position = spans[-1][1]
    start, _ = haystack.original_span(*spans[0])
    _, end = haystack.original_span(*spans[-1])
    if similarity == 1.0:
        return QuoteMatch(FOUND, start, end, 1.0)
    return QuoteMatch(FUZZY, start, end, similarity)


# Where a fuzzy match may be: places where pieces of the quote occur exactly. A
# page of a megabyte is never searched whole by the (pure Python) bitap matcher.
SEED_CHARS = 8
SEED_HITS = 50_000
SEED_PLACES = 4
SEED_PLACES_AT_MOST = 16


def _fuzzy_find(
    text: str, piece: str, position: int, min_similarity: float
) -> tuple[int, int, float] | None:
    """The best span like `piece` in text[position:], in absolute offsets.

    The piece is cut into blocks of up to SEED_CHARS characters; every exact
    occurrence of a block votes for where the piece would begin. The few places
    with most votes are each searched with `fuzzy_span` in a window a little
    larger than the piece. A span so unlike the piece that none of its blocks
    occurs in it is no match at this similarity anyway, except for differences
    spread evenly every few characters, which a quote check may miss.
    """
    length = len(piece)
    size = max(1, min(SEED_CHARS, length // 4 or 1))
    slack = int(length * (1 - min_similarity) / min_similarity) + 1
    votes: Counter[int] = Counter()
    hits = 0
    for offset in range(0, length - size + 1, size):
        block = piece[offset : offset + size]
        at = text.find(block, position)
        while at >= 0 and hits < SEED_HITS:
            votes[max(position, at - offset) // (slack + 1)] += 1
            hits += 1
            at = text.find(block, at + 1)
    if not votes:
        return None
    # Neighbouring buckets share a place: count each with its neighbours.
    places = sorted(
        votes,
        key=lambda bucket: (
            -(votes[bucket] + votes.get(bucket - 1, 0) + votes.get(bucket + 1, 0))
        ),
    )[:SEED_PLACES_AT_MOST]
    best = None
    for tried, bucket in enumerate(places):
        # In text that repeats itself the repetitions outvote the place where the
        # quote is: look further down the list only while nothing was found.
        if tried >= SEED_PLACES and best is not None:
            break
        begin = max(position, bucket * (slack + 1) - slack - 1)
        window = text[begin : begin + length + 3 * (slack + 1)]
        found = fuzzy_span(
            window,
            piece,
            near=bucket * (slack + 1) - begin,
            min_similarity=min_similarity,
        )
        if found is not None and (best is None or found[2] > best[2]):
            best = (begin + found[0], begin + found[1], found[2])
    return best


def fuzzy_span(
    body: str,
    exact: str,
    *,
    prefix: str = "",
    suffix: str = "",
    near: int = 0,
    min_similarity: float,
) -> tuple[int, int, float] | None:
    """The span of `body` most like `exact`, as (start, end, similarity), or None
    when no span is at least `min_similarity` like it.

    Candidate boundaries come from the recorded context (`prefix`/`suffix`, the
    text just before and after, which an edit inside the span leaves alone) and
    from `exact`'s own first and last characters, each looked for with
    diff-match-patch's bitap matcher near `near`; the pair whose span is most like
    `exact` (by Levenshtein distance) wins, boundaries the context vouches for
    first. Spans never begin or end with white space.
    """
    if not body or not exact:
        return None
    matcher = diff_match_patch()
    matcher.Match_Threshold = PROBE_THRESHOLD
    # Insertions before the span can move it far; keep the distance penalty small
    # (at most a quarter of the threshold) so an edited span is still found.
    matcher.Match_Distance = 4 * len(body) + 1000
    # No time limit: a limit would make the answer depend on the machine's speed.
    # The work is bounded instead: long texts are compared word by word (`_distance`).
    matcher.Diff_Timeout = 0

    # Each candidate position maps to whether the context vouches for it.
    starts: dict[int, bool] = {}
    ends: dict[int, bool] = {}
    if prefix:
        probe = prefix[-PROBE_CHARS:]
        found = matcher.match_main(body, probe, max(0, near - len(probe)))
        if found >= 0:
            starts[found + len(probe)] = True
    head = exact[:PROBE_CHARS]
    tail = exact[-PROBE_CHARS:]

    def head_near(place: int) -> None:
        found = matcher.match_main(body, head, max(0, min(place, len(body))))
        if found >= 0:
            starts.setdefault(found, False)

    def tail_near(place: int) -> None:
        found = matcher.match_main(body, tail, max(0, min(place, len(body))))
        if found >= 0:
            # Bitap says where the probe begins; its end is where the probe's
            # last character falls in the body (letters added or left out inside
            # the probe move it), not the probe's length further on.
            # The window allows as many added letters as the probe may have
            # errors: a longer one let the diff align the probe's last letter with
            # a later repetition of it.
            allowed = int(len(tail) * PROBE_THRESHOLD) + 1
            window = body[found : found + len(tail) + allowed]
            last = matcher.diff_xIndex(matcher.diff_main(tail, window), len(tail) - 1)
            ends.setdefault(found + last + 1, False)
            ends.setdefault(found + len(tail), False)

    head_near(near)
    tail_near(near + len(exact) - len(tail))
    if suffix:
        probe = suffix[:PROBE_CHARS]
        found = matcher.match_main(body, probe, near + len(exact))
        if found >= 0:
            ends[found] = True
    # In text that repeats itself the two probes can land on different
    # repetitions: pair each boundary found with the other probe looked for one
    # quote's length away from it, so each repetition has a whole candidate.
    for start in list(starts):
        tail_near(start + len(exact) - len(tail))
    for end in list(ends):
        head_near(end - len(exact))

    best, best_key = None, None
    for start, start_vouched in sorted(starts.items()):
        for end, end_vouched in sorted(ends.items()):
            start_at, end_at = _trim(body, start, end)
            if end_at <= start_at or end_at - start_at > 2 * len(exact) + PROBE_CHARS:
                continue
            candidate = body[start_at:end_at]
            similarity = _similarity(matcher, exact, candidate)
            if similarity < min_similarity:
                continue
            # Boundaries the context vouches for win over closer-looking spans: a
            # span's last words matched inside an edited ending would otherwise cut
            # it short, since a shorter span can resemble the old one more.
            key = (start_vouched + end_vouched, similarity, -abs(start_at - near))
            if best_key is None or key > best_key:
                best_key = key
                best = (start_at, end_at, round(similarity, 4))
    return best


# Above this many characters two texts are compared word by word: the same answer
# on every machine, at a cost that grows with the words rather than the characters.
CHARACTER_DIFF_MAX = 1_000
_WORD = re.compile(r"\S+|\s+")


def _similarity(matcher: diff_match_patch, exact: str, candidate: str) -> float:
    """1 minus the Levenshtein distance of the two texts over the longer one's
    length: in characters for short texts, in words (each word one symbol) for
    long ones."""
    if max(len(exact), len(candidate)) <= CHARACTER_DIFF_MAX:
        left, right = exact, candidate
    else:
        symbols: dict[str, str] = {}

        def encoded(text: str) -> str:
            # Private-use code points stand for words, as diff-match-patch's own
            # line mode does for lines.
            return "".join(
                symbols.setdefault(word, chr(0xF0000 + len(symbols)))
                for word in _WORD.findall(text)
            )

        left, right = encoded(exact), encoded(candidate)
    distance = matcher.diff_levenshtein(matcher.diff_main(left, right, False))
    return 1 - distance / max(len(left), len(right), 1)


def _trim(body: str, start: int, end: int) -> tuple[int, int]:
    # A probe's mapped end can fall past the body's last character (a probe that
    # matched with letters added at the very end): the body ends there.
    start, end = max(0, start), min(end, len(body))
    while start < end and body[start].isspace():
        start += 1
    while end > start and body[end - 1].isspace():
        end -= 1
    return start, end
