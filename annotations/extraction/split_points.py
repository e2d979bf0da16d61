"""PURE: where a claim can be split in two, best place first, and where it cannot.

No Django here. The claim panel offers `split_points` (a short list, the best cut
first) and the click-to-split picker `split_tokens` (every word boundary); the split
service refuses a point `inside_word`, so the pages, the API and the commands refuse
the same splits.

A boundary's rank, best first: a sentence end, a semicolon or colon, a comma, dash or
opening parenthesis, the start of a clause ("which", "but", "because", ...), then any
other word boundary. Within a rank the boundary nearest the middle comes first, so
both parts are worth reading; a boundary that leaves one word on a side comes last.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# Words that open a clause: a split before them keeps both parts readable.
CLAUSE_WORDS = frozenset(
    {
        "and", "but", "or", "nor", "while", "whereas", "which", "who", "whom",
        "whose", "because", "although", "though", "after", "before", "when",
        "since", "so", "yet", "unless", "until", "where", "if", "as",
    }
)  # fmt: skip
DASHES = "\u2014\u2013"  # em and en dash
SENTENCE_END = re.compile("[.!?][\"'\u201d\u2019)\\]]*$")
FIRST_WORD = re.compile("[\\w'\u2019]+")
SHORT_LIST = 6

SENTENCE, PUNCTUATION, COMMA, CLAUSE, WORD = range(5)
RANK_WORDS = {
    SENTENCE: "sentence end",
    PUNCTUATION: "after a semicolon or colon",
    COMMA: "after a comma or dash",
    CLAUSE: "before a clause",
    WORD: "between two words",
}
# Punctuation that joins the characters on either side into one word: "don't",
# "long-term", "3.5", "1,000", "U.S.".
JOINERS = "'\u2019-\u2010\u2011.,"


@dataclass(frozen=True)
class SplitPoint:
    """A place to split: `at` is the body offset where the second part starts."""

    at: int
    label: str  # three words either side, "…a joint | moon base…"
    rank: int
    short: bool  # leaves a single word on one side

    @property
    def kind(self) -> str:
        return RANK_WORDS[self.rank]


def _rank(before: str, after: str) -> int:
    if SENTENCE_END.search(before):
        return SENTENCE
    last = before[-1]
    if last in ";:":
        return PUNCTUATION
    if last in "," + DASHES or before.split()[-1] in {"-", "--"}:
        return COMMA
    if after[:1] == "(":
        return COMMA
    first_word = FIRST_WORD.match(after)
    if first_word and first_word.group(0).casefold() in CLAUSE_WORDS:
        return CLAUSE
    return WORD


def boundaries(text: str, start: int = 0) -> list[SplitPoint]:
    """Every word boundary inside `text` (a claim starting at body offset `start`),
    in reading order: each white-space run with text on both sides."""
    points = []
    for match in re.finditer(r"\s+", text):
        before, after = text[: match.start()], text[match.end() :]
        if not before.strip() or not after.strip():
            continue
        words_before, words_after = before.split(), after.split()
        label = f"…{' '.join(words_before[-3:])} | {' '.join(words_after[:3])}…"
        points.append(
            SplitPoint(
                at=start + match.end(),
                label=label,
                rank=_rank(before, after),
                short=min(len(words_before), len(words_after)) < 2,
            )
        )
    return points


def split_points(
    text: str, start: int = 0, limit: int = SHORT_LIST
) -> list[SplitPoint]:
    """The best places to split, best first: by rank, then nearest the middle, with
    boundaries that leave a single word on a side last. At most `limit`."""
    middle = start + len(text) / 2

    def order(point: SplitPoint):
        return (point.short, point.rank, abs(point.at - middle), point.at)

    return sorted(boundaries(text, start), key=order)[:limit]


def split_tokens(text: str, start: int = 0) -> list[dict]:
    """The words of `text`, each with the boundary after it, for the click-to-split
    picker: {"word", "at", "label"}; the last word has no boundary (`at` None)."""
    after_word = {point.at: point for point in boundaries(text, start)}
    tokens = []
    words = list(re.finditer(r"\S+", text))
    for index, match in enumerate(words):
        following = words[index + 1].start() + start if index + 1 < len(words) else None
        point = after_word.get(following) if following is not None else None
        tokens.append(
            {
                "word": match.group(0),
                "at": point.at if point else None,
                "label": point.label if point else "",
            }
        )
    return tokens


def _word_character(text: str, index: int) -> bool:
    char = text[index]
    if char.isalnum() or char == "_" or unicodedata.category(char).startswith("M"):
        return True
    return (
        char in JOINERS
        and 0 < index < len(text) - 1
        and text[index - 1].isalnum()
        and text[index + 1].isalnum()
    )


def inside_word(text: str, at: int) -> bool:
    """True when offset `at` falls between two characters of one word ("Bei|jing",
    "long-|term", "3.|5"): a split there would cut the word in two."""
    if not 0 < at < len(text):
        return False
    return _word_character(text, at - 1) and _word_character(text, at)


def word_at(text: str, at: int) -> str:
    """The word around offset `at` (for a message naming it)."""
    start = at
    while start > 0 and _word_character(text, start - 1):
        start -= 1
    end = at
    while end < len(text) and _word_character(text, end):
        end += 1
    return text[start:end]
