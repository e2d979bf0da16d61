"""PURE: how far reviewers agree, per claim and over many claims.

No Django here; the selectors load ratings as plain tuples. Per claim: how many
reviewers rated it, whether their labels agree, and the spread of their labels on
the ordinal scale (True 5 … False 1). Over an article or the desk: Krippendorff's
alpha for ordinal data, computed with the maintained `krippendorff` package, over
the ratings whose label has an ordinal (Misleading and Unverifiable have none, so
they count in the per-claim view but not in alpha).

Alpha is reported only from `MINIMUM_UNITS` claims rated by two or more reviewers
on the ordinal scale (pairable values); below that the value is None and the result
says how many more ratings it needs, never a number from too little data (one claim
rated True and Mostly true gives exactly 0, "low", whatever the desk is like). The
threshold and the measurements behind it are in docs/WORKFLOW.md, "Agreement".
Krippendorff's own reading: alpha >= 0.800 is reliable, 0.667-0.800 allows tentative
conclusions, below that the desk should talk about its scale.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass

from annotations.wording import plural

# Claims rated by two or more reviewers before alpha is shown (docs/WORKFLOW.md).
MINIMUM_UNITS = 10


@dataclass(frozen=True)
class ClaimAgreement:
    """Agreement between the reviewers of one claim."""

    raters: int
    labels: tuple[str, ...]  # distinct label names, in rating order
    spread: int | None  # max - min ordinal among the ordinal labels, None if < 2

    @property
    def agree(self) -> bool | None:
        """True when every reviewer chose the same label; None with fewer than two."""
        if self.raters < 2:
            return None
        return len(self.labels) == 1

    @property
    def summary(self) -> str:
        if self.raters == 0:
            return "not rated"
        if self.raters == 1:
            return "one reviewer"
        if self.agree:
            return f"{self.raters} reviewers agree"
        spread = (
            f", {self.spread} step{'s' if self.spread != 1 else ''} apart"
            if self.spread
            else ""
        )
        return f"{self.raters} reviewers disagree{spread}"


def claim_agreement(ratings: Sequence[tuple[str, int | None]]) -> ClaimAgreement:
    """Agreement of one claim's ratings, given as (label name, ordinal or None)."""
    names: dict[str, None] = {}
    ordinals = []
    for name, ordinal in ratings:
        names.setdefault(name, None)
        if ordinal is not None:
            ordinals.append(ordinal)
    spread = max(ordinals) - min(ordinals) if len(ordinals) >= 2 else None
    return ClaimAgreement(raters=len(ratings), labels=tuple(names), spread=spread)


@dataclass(frozen=True)
class Alpha:
    """Krippendorff's alpha (ordinal) over a set of claims, or why there is none."""

    value: float | None  # None: too little data, or no variation to measure
    units: int  # claims rated by at least two reviewers on the ordinal scale
    ratings: int  # ordinal ratings on those claims
    reviewers: int
    rated_once: int = 0  # claims with one ordinal rating: a second makes a unit
    minimum_units: int = MINIMUM_UNITS
    # The rating scales the ratings are on; over several there is no one figure.
    scales: int = 1

    @property
    def units_needed(self) -> int:
        """How many more claims must be rated by two reviewers before alpha shows
        (none over several scales: more ratings would not make one figure)."""
        if self.scales > 1:
            return 0
        return max(0, self.minimum_units - self.units)

    @property
    def ratings_needed(self) -> int:
        """The fewest more ratings that would do it: a second rating of a claim
        rated once makes a unit; any other claim needs two."""
        second = min(self.units_needed, self.rated_once)
        return second + 2 * (self.units_needed - second)

    @property
    def reason(self) -> str:
        """Why there is no value, in words ("" when there is one)."""
        if self.value is not None:
            return ""
        if self.scales > 1:
            return (
                f"The ratings are on {self.scales} rating scales, whose steps do not "
                "compare: agreement is measured on each scale apart."
            )
        if self.units_needed:
            return (
                f"Agreement is measured once {self.minimum_units} claims are rated "
                f"by two or more reviewers on the True-False scale; "
                f"{plural(self.units, 'claim is', 'claims are')} so far. It needs "
                f"at least {plural(self.ratings_needed, 'more rating')}."
            )
        return (
            "Every rating so far gives the same label, so there is no variation to "
            "measure agreement against yet."
        )

    @property
    def reading_code(self) -> str:
        """What the figure means, as a stable code (the words are `reading`, and
        annotations/agreement_words.py says them in the reader's language)."""
        if self.value is None:
            if self.scales > 1:
                return "several_scales"
            if self.units_needed:
                return "not_enough"
            return "no_variation"
        if self.value >= 0.8:
            return "reliable"
        if self.value >= 0.667:
            return "tentative"
        return "low"

    @property
    def reading(self) -> str:
        if self.value is None:
            if self.scales > 1:
                return "several scales: read each scale's figure"
            if self.units_needed:
                return f"not enough ratings yet ({self.ratings_needed} more needed)"
            return "no variation yet: every rating is the same label"
        if self.value >= 0.8:
            return "reliable"
        if self.value >= 0.667:
            return "tentative"
        return "low: discuss the scale"


def ordinal_alpha(
    ratings: Iterable[tuple[int, int, int]],
    *,
    scale: Sequence[int],
    minimum_units: int = MINIMUM_UNITS,
) -> Alpha:
    """Krippendorff's alpha (ordinal) over (claim id, reviewer id, ordinal) triples.

    `scale` is every ordinal the rating scale has (e.g. 1..5), so the ordinal
    distances are those of the whole scale, not only of the values that occur.
    Fewer than `minimum_units` claims rated by two or more reviewers give no value.
    """
    by_unit: dict[int, dict[int, int]] = defaultdict(dict)
    for unit, reviewer, value in ratings:
        by_unit[unit][reviewer] = value
    pairable = {unit: coders for unit, coders in by_unit.items() if len(coders) >= 2}
    rated_once = len(by_unit) - len(pairable)
    reviewers = sorted({r for coders in pairable.values() for r in coders})
    count = sum(len(coders) for coders in pairable.values())

    def without_value() -> Alpha:
        return Alpha(
            None, len(pairable), count, len(reviewers), rated_once, minimum_units
        )

    if len(pairable) < max(1, minimum_units):
        return without_value()
    values = {v for coders in pairable.values() for v in coders.values()}
    if len(values) == 1:
        # Every reviewer gave every claim the same label: no disagreement at all,
        # but also no variation to measure agreement against (alpha is 0/0).
        return without_value()
    import krippendorff
    import numpy as np

    units = sorted(pairable)
    column = {unit: i for i, unit in enumerate(units)}
    row = {reviewer: i for i, reviewer in enumerate(reviewers)}
    data = np.full((len(reviewers), len(units)), np.nan)
    for unit, coders in pairable.items():
        for reviewer, value in coders.items():
            data[row[reviewer], column[unit]] = value
    with np.errstate(invalid="ignore", divide="ignore"):
        value = krippendorff.alpha(
            reliability_data=data,
            value_domain=sorted(scale),
            level_of_measurement="ordinal",
        )
    value = None if value is None or math.isnan(value) else round(float(value), 3)
    return Alpha(value, len(units), count, len(reviewers), rated_once, minimum_units)


def alpha_by_scale(
    ratings: Iterable[tuple[Hashable, int, int, int]],
    *,
    scales: Mapping[Hashable, Sequence[int]],
    minimum_units: int = MINIMUM_UNITS,
) -> tuple[Alpha, dict[Hashable, Alpha]]:
    """Alpha over (scale, claim id, reviewer id, ordinal) ratings, each scale's
    ratings on that scale's own ordinals (`scales` maps each scale to every ordinal
    it has): the figure over all of them, and each scale's.

    A step of a three-label scale is not a step of a five-label one, and alpha's
    expected disagreement is taken over the values of one scale, so ratings on
    different scales are never pooled: over one scale (or none) the figure over all
    is that scale's; over several it has no value, its counts are the sums of the
    scales' and it says to read each scale's (docs/WORKFLOW.md, "Agreement").
    """
    by_scale: dict[Hashable, list[tuple[int, int, int]]] = defaultdict(list)
    for scale, unit, reviewer, value in ratings:
        by_scale[scale].append((unit, reviewer, value))
    each = {
        scale: ordinal_alpha(rows, scale=scales[scale], minimum_units=minimum_units)
        for scale, rows in by_scale.items()
    }
    if len(each) <= 1:
        whole = next(
            iter(each.values()),
            ordinal_alpha([], scale=(), minimum_units=minimum_units),
        )
        return whole, each
    reviewers = {
        reviewer for rows in by_scale.values() for reviewer in _pairable_reviewers(rows)
    }
    whole = Alpha(
        None,
        units=sum(alpha.units for alpha in each.values()),
        ratings=sum(alpha.ratings for alpha in each.values()),
        reviewers=len(reviewers),
        rated_once=sum(alpha.rated_once for alpha in each.values()),
        minimum_units=minimum_units,
        scales=len(each),
    )
    return whole, each


def _pairable_reviewers(rows: Iterable[tuple[int, int, int]]) -> set[int]:
    """The reviewers of the claims rated by two or more (those alpha counts)."""
    by_unit: dict[int, set[int]] = defaultdict(set)
    for unit, reviewer, _value in rows:
        by_unit[unit].add(reviewer)
    return {r for coders in by_unit.values() if len(coders) >= 2 for r in coders}
