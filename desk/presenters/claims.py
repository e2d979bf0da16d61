"""How the desk says a claim in a line: the claim index's entries, the reasons it
scored high, the people it waits for."""

from __future__ import annotations

import dataclasses
from typing import Any

from django.utils.translation import gettext

from annotations.extraction.splitting import model
from annotations.wording import person_name
from desk.highlight import (
    STATUS_ICONS,
    open_gaps_counted,
    ratings_counted,
    sources_counted,
)
from desk.templatetags import labels


def top_reasons(signals, limit: int = 2) -> list[str]:
    """The strongest reasons, in words, why a claim scored high (for the claim list):
    never a word nobody can act on, even in signals stored before that rule."""
    positive = [
        s for s in signals or [] if s.get("weight", 0) > 0 and model.shown_signal(s)
    ]
    positive.sort(key=lambda s: -s.get("weight", 0))
    return [labels.signal_label(s) for s in positive[:limit]]


def people_names(people) -> str:
    """Several people as the pages name them, comma-separated."""
    return ", ".join(person_name(person) for person in people)


def status_icon(claim) -> str:
    """The glyph beside a claim's status: its status's, or ⊘ once dismissed."""
    return "⊘" if claim.dismissed_at else STATUS_ICONS.get(claim.status, "")


def claim_summary(claim, open_gaps: int) -> str:
    """The line under each claim index entry (built here so 2,000 rows render fast)."""
    status = str(claim.get_status_display())
    if claim.dismissed_at:
        status = gettext("%(status)s, dismissed") % {"status": status}
    parts = [
        status,
        sources_counted(claim.citation_count),
        ratings_counted(claim.rating_count),
    ]
    if open_gaps:
        parts.append("⚠ " + open_gaps_counted(open_gaps))
    return " · ".join(parts)


@dataclasses.dataclass(frozen=True)
class ClaimEntry:
    """One entry of the article's claim index: the claim, and what its line shows
    besides the claim's own fields (which the template reads through the entry)."""

    claim: Any
    icon: str
    summary: str
    reasons: list[str]
    open_gap_count: int

    @classmethod
    def of(cls, claim, *, open_gaps: int | None = None) -> ClaimEntry:
        """The entry of `claim`; `open_gaps` overrides the tracker's recorded count
        (the open claim's panel counts its gaps as they stand now)."""
        gaps = claim.open_gap_count if open_gaps is None else open_gaps
        return cls(
            claim=claim,
            icon=status_icon(claim),
            summary=claim_summary(claim, gaps),
            reasons=top_reasons(claim.signals),
            open_gap_count=gaps,
        )

    def __getattr__(self, name: str):
        # Only reached for names the entry does not have: the claim's own fields.
        if name == "claim":
            raise AttributeError(name)
        return getattr(self.claim, name)


@dataclasses.dataclass(frozen=True)
class TableRow:
    """One row of the claim table: the claim, its status glyph, its assignees and
    its verdict's label (None without a verdict)."""

    claim: Any
    icon: str
    people: list
    verdict_label: Any

    @classmethod
    def of(cls, claim) -> TableRow:
        return cls(
            claim=claim,
            icon=status_icon(claim),
            people=list(claim.assignees.all()),
            verdict_label=claim.verdict.label if hasattr(claim, "verdict") else None,
        )

    def __getattr__(self, name: str):
        if name == "claim":
            raise AttributeError(name)
        return getattr(self.claim, name)
