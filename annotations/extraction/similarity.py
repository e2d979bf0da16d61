"""How alike two claims' texts are: character trigrams, as PostgreSQL's pg_trgm counts.

On PostgreSQL the "already checked" lookup asks the database (`similarity()` and the
`%` operator of the pg_trgm extension, with a trigram index); elsewhere it computes
the same number here, so one threshold means the same on both. pg_trgm lower-cases
the text, splits it into words of letters and digits, pads each word with two spaces
before and one after, and takes every run of three characters; the similarity of two
texts is the share of their distinct trigrams they have in common (Jaccard:
common / (all of one + all of the other - common)), from 0 to 1.

Pure: no Django, no database.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

_WORD = re.compile(r"[^\W_]+")


@lru_cache(maxsize=20_000)
def trigrams(text: str) -> frozenset[str]:
    """The distinct trigrams of a text, as pg_trgm's show_trgm() makes them.
    Remembered for the last 20,000 texts: the same approved claims are compared
    with every claim a reviewer opens."""
    grams: set[str] = set()
    for word in _WORD.findall((text or "").lower()):
        padded = f"  {word} "
        grams.update(padded[i : i + 3] for i in range(len(padded) - 2))
    return frozenset(grams)


def similarity(a: str | frozenset[str], b: str | frozenset[str]) -> float:
    """pg_trgm's similarity(a, b): shared trigrams over all trigrams, 0 to 1."""
    first = a if isinstance(a, frozenset) else trigrams(a)
    second = b if isinstance(b, frozenset) else trigrams(b)
    if not first or not second:
        return 0.0
    common = len(first & second)
    return common / (len(first) + len(second) - common)


def best_matches(
    text: str,
    candidates: Iterable[tuple[object, str | frozenset[str]]],
    *,
    threshold: float,
    limit: int,
) -> list[tuple[object, float]]:
    """The `limit` candidates (key, text or its trigrams) most like `text` at or
    above `threshold`, most similar first (ties in the order given)."""
    grams = trigrams(text)
    scored = []
    for order, (key, other) in enumerate(candidates):
        score = similarity(grams, other)
        if score >= threshold:
            scored.append((-score, order, key, score))
    scored.sort(key=lambda item: (item[0], item[1]))
    return [(key, score) for _, _, key, score in scored[:limit]]
