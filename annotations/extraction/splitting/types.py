"""The splitter's data types: kinds of segment, spans, signals and claim candidates."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Kind(StrEnum):
    """What a segment of an article is; the values are stored in the database."""

    CLAIM = "claim"
    HEADLINE = "headline"
    CAPTION = "caption"
    CREDIT = "credit"
    DATELINE = "dateline"
    QUESTION = "question"
    QUOTE = "quote"  # a quotation with no attribution at all
    OPINION = "opinion"
    BYLINE = "byline"  # "By Jane Doe, Staff Writer"
    TIMESTAMP = (
        "timestamp"  # "Published Oct. 14, 2025, 6:42 p.m.", "Updated 3:45 p.m. ET"
    )
    FOOTER = "footer"  # "Reporting by ...; Editing by ...", contributors, notes
    LEAD_IN = "lead_in"  # the line that introduces a list: "The plan includes:"


NON_CLAIM_KINDS = frozenset(k for k in Kind if k is not Kind.CLAIM)


@dataclass(frozen=True, slots=True)
class Span:
    """A [start, end) range of the text, with no white space at either end."""

    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Signal:
    """One reason why a segment is or is not check-worthy.

    `weight` is what the feature added to the model's log-odds (its weight times
    its value: positive raises the score); `evidence` is the text that showed it;
    `label` says it in words for the claim panel ("a number", "names an official
    action", "opinion word 'should'").
    """

    name: str
    weight: float
    evidence: str
    label: str = ""

    def as_dict(self) -> dict:
        """Return the signal as JSON-ready data."""
        return {
            "name": self.name,
            "weight": self.weight,
            "evidence": self.evidence,
            "label": self.label or self.name.replace("_", " "),
        }


@dataclass(frozen=True, slots=True)
class ClaimCandidate:
    """A segment of the text: its kind, check-worthiness, signals and source."""

    start: int
    end: int
    kind: Kind
    checkworthiness: float
    signals: tuple[Signal, ...]
    attribution: str | None

    def as_dict(self) -> dict:
        """Return the candidate as JSON-ready data (kind as its stored value)."""
        return {
            "start": self.start,
            "end": self.end,
            "kind": str(self.kind),
            "checkworthiness": self.checkworthiness,
            "signals": [signal.as_dict() for signal in self.signals],
            "attribution": self.attribution,
        }


# A frozen dataclass's __init__ sets each field through object.__setattr__. A long
# text makes tens of thousands of spans, signals and candidates, so the splitter
# and extraction make them by setting the slots directly: the same objects (same
# class, fields, equality and hash) in about half the time.
_new = object.__new__
_span_start, _span_end = Span.start.__set__, Span.end.__set__
_signal_fields = (
    Signal.name.__set__,
    Signal.weight.__set__,
    Signal.evidence.__set__,
    Signal.label.__set__,
)
_candidate_fields = tuple(
    getattr(ClaimCandidate, name).__set__
    for name in ("start", "end", "kind", "checkworthiness", "signals", "attribution")
)


def new_span(start: int, end: int) -> Span:
    """`Span(start, end)`, made faster."""
    span = _new(Span)
    _span_start(span, start)
    _span_end(span, end)
    return span


def new_signal(name: str, weight: float, evidence: str, label: str) -> Signal:
    """`Signal(name, weight, evidence, label)`, made faster."""
    signal = _new(Signal)
    set_name, set_weight, set_evidence, set_label = _signal_fields
    set_name(signal, name)
    set_weight(signal, weight)
    set_evidence(signal, evidence)
    set_label(signal, label)
    return signal


def new_candidate(
    start: int,
    end: int,
    kind: Kind,
    checkworthiness: float,
    signals: tuple[Signal, ...],
    attribution: str | None,
) -> ClaimCandidate:
    """`ClaimCandidate(...)` with every field, made faster."""
    candidate = _new(ClaimCandidate)
    set_start, set_end, set_kind, set_score, set_signals, set_source = _candidate_fields
    set_start(candidate, start)
    set_end(candidate, end)
    set_kind(candidate, kind)
    set_score(candidate, checkworthiness)
    set_signals(candidate, signals)
    set_source(candidate, attribution)
    return candidate
