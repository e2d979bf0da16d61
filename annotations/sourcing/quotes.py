"""PURE: is a citation's quote in a page's text? (docs/EVIDENCE.md, "Quotes").

`find_quote(quote, text)` answers FOUND, FUZZY or NOT_FOUND, with the matched span of
`text` (Python str offsets into the text as given) and a similarity.

1. Both sides are normalised the same way, keeping a map back to the text's offsets:
   Unicode NFKC (full-width letters, ligatures, non-breaking spaces), case folded
   (a no-op for scripts without case), every run of white space one space, and none
   at all between two characters of scripts written without spaces (Han, kana,
   Thai, Khmer, ...: a page's line breaks fall anywhere in them), typographic quotes
   and apostrophes as ' and ", every dash and minus as -, and characters a reader
   does not see or may leave out dropped (zero-width characters, soft hyphens, the
   Arabic tatweel and short-vowel marks). Latin accents are kept: "résumé" and
   "resume" are different words.
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
# soft hyphen, Arabic tatweel, Arabic short vowels and other harakat.
_DROPPED = frozenset(
    "\u200b\u200c\u200d\u2060\ufeff\u00ad\u0640"
    + "".join(chr(code) for code in range(0x064B, 0x0660))
    + "\u0670"
)
_ELLIPSIS = re.compile(r"\s*[\[(]?\s*\.\.\.+\s*[\])]?\s*")


def _unspaced(character: str) -> bool:
    """Written without spaces between words: a line break inside is no word break."""
    code = ord(character)
    return (
        0x3040 <= code <= 0x30FF  # hiragana, katakana
        or 0x3400 <= code <= 0x4DBF  # CJK extension A
        or 0x4E00 <= code <= 0x9FFF  # CJK unified ideographs
        or 0xF900 <= code <= 0xFAFF  # CJK compatibility ideographs
        or 0x20000 <= code <= 0x3FFFF  # CJK extensions B and later
        or 0x3000 <= code <= 0x303F  # CJK punctuation
        or 0x0E00 <= code <= 0x0EFF  # Thai, Lao
        or 0x1000 <= code <= 0x109F  # Myanmar
        or 0x1780 <= code <= 0x17FF  # Khmer
    )


@dataclass(frozen=True, slots=True)
class Normalised:
    """A normalised text and, for each of its characters, the [start, end) of the
    original characters it came from."""

    text: str
    starts: tuple[int, ...]
    ends: tuple[int, ...]

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        return self.starts[start], self.ends[end - 1]


def normalise(text: str) -> Normalised:
    """`text` normalised for matching (see the module's docstring), with its map."""
    out: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    # A space waits until the next kept character says whether it separates words.
    space_at: tuple[int, int] | None = None
    index, length = 0, len(text)
    while index < length:
        # A base character with its combining marks, so NFKC can compose them.
        end = index + 1
        while end < length and unicodedata.category(text[end])[0] == "M":
            end += 1
        cluster = text[index:end]
        if not cluster.isascii():
            cluster = unicodedata.normalize("NFKC", cluster)
        for character in cluster.translate(_QUOTE_MARKS).casefold():
            if character in _DROPPED:
                continue
            if character.isspace():
                if out and space_at is None:
                    space_at = (index, end)
                continue
            if space_at is not None:
                if not (_unspaced(out[-1]) and _unspaced(character)):
                    out.append(" ")
                    starts.append(space_at[0])
                    ends.append(space_at[1])
                space_at = None
            out.append(character)
            starts.append(index)
            ends.append(end)
        index = end
    return Normalised("".join(out), tuple(starts), tuple(ends))


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
            found = fuzzy_span(
                haystack.text[position:], piece, min_similarity=min_similarity
            )
            if found is None:
                return QuoteMatch(NOT_FOUND)
            start, end, score = found
            spans.append((position + start, position + end))
            similarity = min(similarity, score)
        position = spans[-1][1]
    start, _ = haystack.original_span(*spans[0])
    _, end = haystack.original_span(*spans[-1])
    if similarity == 1.0:
        return QuoteMatch(FOUND, start, end, 1.0)
    return QuoteMatch(FUZZY, start, end, similarity)


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
    matcher.Diff_Timeout = 0.2

    # Each candidate position maps to whether the context vouches for it.
    starts: dict[int, bool] = {}
    ends: dict[int, bool] = {}
    if prefix:
        probe = prefix[-PROBE_CHARS:]
        found = matcher.match_main(body, probe, max(0, near - len(probe)))
        if found >= 0:
            starts[found + len(probe)] = True
    head = exact[:PROBE_CHARS]
    found = matcher.match_main(body, head, near)
    if found >= 0:
        starts.setdefault(found, False)
    tail = exact[-PROBE_CHARS:]
    found = matcher.match_main(body, tail, near + len(exact) - len(tail))
    if found >= 0:
        # Bitap says where the probe begins; its end is where the probe's last
        # character falls in the body (letters added or left out inside the probe
        # move it), not the probe's length further on.
        window = body[found : found + 2 * len(tail)]
        last = matcher.diff_xIndex(matcher.diff_main(tail, window), len(tail) - 1)
        ends.setdefault(found + last + 1, False)
    if suffix:
        probe = suffix[:PROBE_CHARS]
        found = matcher.match_main(body, probe, near + len(exact))
        if found >= 0:
            ends[found] = True

    best, best_key = None, None
    for start, start_vouched in sorted(starts.items()):
        for end, end_vouched in sorted(ends.items()):
            start_at, end_at = _trim(body, start, end)
            if end_at <= start_at or end_at - start_at > 2 * len(exact) + PROBE_CHARS:
                continue
            candidate = body[start_at:end_at]
            distance = matcher.diff_levenshtein(matcher.diff_main(exact, candidate))
            similarity = 1 - distance / max(len(exact), len(candidate))
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


def _trim(body: str, start: int, end: int) -> tuple[int, int]:
    while start < end and body[start].isspace():
        start += 1
    while end > start and body[end - 1].isspace():
        end -= 1
    return start, end
