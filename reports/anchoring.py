"""W3C text selectors for a span of an article body, and finding the span again.

A published claim is anchored twice, as the Web Annotation Data Model suggests: a
TextQuoteSelector (the exact text with 32 characters of context either side, as
Hypothesis records it) and a TextPositionSelector (code-point offsets). When the
body changes (a correction, a re-import), `reanchor` finds each claim in the new body:

1. "position": the exact text is still at the recorded offsets, with its context
   (or it occurs only once in the new body);
2. "quote": the exact text occurs elsewhere; with several occurrences the one whose
   surrounding text best matches the recorded prefix and suffix wins, then the one
   nearest the old position;
3. "fuzzy": the text itself was edited; diff-match-patch locates the recorded
   context and the quote's ends near the old position and the span between them is
   accepted only if it is at least MIN_FUZZY_SIMILARITY like the old quote (the
   matcher is `annotations.sourcing.quotes.fuzzy_span`, which also finds a
   citation's quote in a captured page).

Anything else is an orphan: `reanchor` returns None rather than a guess, so a claim
whose sentence was deleted is reported, never silently re-attached to other words.

Pure: no Django, no I/O. Offsets are Python str indices (Unicode code points), the
unit both the snapshot and the W3C model use.
"""

from __future__ import annotations

from dataclasses import dataclass

from annotations.sourcing import quotes

CONTEXT_CHARS = 32
# The edited span must keep at least this share of the old quote (1 - Levenshtein
# distance / length). A reworded clause passes; another sentence does not.
MIN_FUZZY_SIMILARITY = 0.65


@dataclass(frozen=True, slots=True)
class Anchor:
    """Where a quote was found in a body: [start, end), how, and how closely.

    `method` is "position", "quote" or "fuzzy"; `similarity` is 1.0 for the first
    two and the share of the old quote kept for "fuzzy".
    """

    start: int
    end: int
    method: str
    similarity: float = 1.0


def selectors_for(body: str, start: int, end: int) -> tuple[dict, dict]:
    """The TextQuoteSelector and TextPositionSelector for body[start:end].

    The prefix and suffix are the 32 code points around the quote (fewer at the ends
    of the body). Raises ValueError for an empty or out-of-range span.
    """
    if not (
        isinstance(start, int)
        and isinstance(end, int)
        and 0 <= start < end <= len(body)
    ):
        raise ValueError(
            f"no span [{start}, {end}) in a body of {len(body)} characters"
        )
    quote = {
        "type": "TextQuoteSelector",
        "exact": body[start:end],
        "prefix": body[max(0, start - CONTEXT_CHARS) : start],
        "suffix": body[end : end + CONTEXT_CHARS],
    }
    position = {"type": "TextPositionSelector", "start": start, "end": end}
    return quote, position


def reanchor(
    new_body: str, quote_selector: dict, position_selector: dict | None = None
) -> Anchor | None:
    """Find the selected text in `new_body`; None when it cannot be found (an orphan).

    `quote_selector` needs `exact` (and should have `prefix`/`suffix`);
    `position_selector` gives the old offsets, used first and as the place to look
    near.
    """
    exact = quote_selector.get("exact") or ""
    if not isinstance(exact, str) or not exact:
        return None
    # Imported selectors are untrusted: context that is not text is no context.
    prefix, suffix = (
        value if isinstance(value, str) else ""
        for value in (quote_selector.get("prefix"), quote_selector.get("suffix"))
    )
    hint = _old_start(position_selector)

    if hint is not None:
        end = hint + len(exact)
        if new_body[hint:end] == exact and (
            _context_score(new_body, hint, end, prefix, suffix) > 0
            or _only_once(new_body, exact)
        ):
            return Anchor(hint, end, "position")

    occurrence = _best_occurrence(new_body, exact, prefix, suffix, hint)
    if occurrence is not None:
        return Anchor(occurrence, occurrence + len(exact), "quote")

    return _fuzzy(new_body, exact, prefix, suffix, hint or 0)


def _old_start(position_selector: dict | None) -> int | None:
    if not position_selector:
        return None
    start = position_selector.get("start")
    if isinstance(start, int) and not isinstance(start, bool) and start >= 0:
        return start
    return None


def _only_once(body: str, exact: str) -> bool:
    first = body.find(exact)
    return first >= 0 and body.find(exact, first + 1) < 0


def _context_score(body: str, start: int, end: int, prefix: str, suffix: str) -> int:
    """How many recorded context characters agree around [start, end), counting a
    side with no recorded context (the quote began or ended the body) as agreeing
    only if the new body also begins or ends there."""
    score = 0
    if prefix:
        score += _common_suffix(prefix, body[max(0, start - len(prefix)) : start])
    elif start == 0:
        score += 1
    if suffix:
        score += _common_prefix(suffix, body[end : end + len(suffix)])
    elif end == len(body):
        score += 1
    return score


def _best_occurrence(
    body: str, exact: str, prefix: str, suffix: str, hint: int | None
) -> int | None:
    best_key, best_at = None, None
    at = body.find(exact)
    while at >= 0:
        distance = abs(at - hint) if hint is not None else at
        # Most agreeing context first, then nearest the old place, then earliest.
        key = (-_context_score(body, at, at + len(exact), prefix, suffix), distance, at)
        if best_key is None or key < best_key:
            best_key, best_at = key, at
        at = body.find(exact, at + 1)
    return best_at


def _fuzzy(body: str, exact: str, prefix: str, suffix: str, hint: int) -> Anchor | None:
    found = quotes.fuzzy_span(
        body,
        exact,
        prefix=prefix,
        suffix=suffix,
        near=hint,
        min_similarity=MIN_FUZZY_SIMILARITY,
    )
    if found is None:
        return None
    start, end, similarity = found
    return Anchor(start, end, "fuzzy", similarity)


def _common_prefix(a: str, b: str) -> int:
    count = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        count += 1
    return count


def _common_suffix(a: str, b: str) -> int:
    count = 0
    for x, y in zip(reversed(a), reversed(b), strict=False):
        if x != y:
            break
        count += 1
    return count
