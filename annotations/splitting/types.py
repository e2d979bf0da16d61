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
    FOOTER = "footer"  # "Reporting by ...; Editing by ...", contributor lines
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
