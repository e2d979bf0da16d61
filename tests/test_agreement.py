"""Reviewer agreement (pure): per claim, and Krippendorff's alpha over many."""

import math

import pytest

from annotations import agreement

# Krippendorff's example (Computing Krippendorff's Alpha-Reliability, 2011, section
# C): four observers, twelve units, values 1..5, missing as None. He reports alpha
# 0.743 nominal, 0.815 ordinal, 0.849 interval.
KRIPPENDORFF_2011 = [
    [1, 2, 3, 3, 2, 1, 4, 1, 2, None, None, None],
    [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, None, 3],
    [None, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, None],
    [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, None],
]


def triples(matrix):
    return [
        (unit, coder, value)
        for coder, row in enumerate(matrix)
        for unit, value in enumerate(row)
        if value is not None
    ]


def test_ordinal_alpha_matches_krippendorffs_published_example():
    alpha = agreement.ordinal_alpha(triples(KRIPPENDORFF_2011), scale=range(1, 6))
    assert alpha.value == pytest.approx(0.815, abs=0.001)
    # Unit 12 has a single value: it cannot be paired and does not count.
    assert alpha.units == 11
    assert alpha.reviewers == 4
    assert alpha.reading == "reliable"


def test_perfect_disagreement_across_the_scale_is_negative():
    # Ten claims, each rated at the two ends of the scale by two reviewers.
    ratings = [
        (unit, reviewer, value)
        for unit in range(10)
        for reviewer, value in ((1, 5 if unit % 2 else 1), (2, 1 if unit % 2 else 5))
    ]
    alpha = agreement.ordinal_alpha(ratings, scale=range(1, 6))
    assert alpha.value < 0
    assert alpha.reading.startswith("low")


@pytest.mark.parametrize(
    ("ratings", "reading"),
    [
        ([], "not enough ratings yet (20 more needed)"),
        # Nobody rated the same claim twice: a second rating of each makes two units.
        ([(1, 1, 5), (2, 1, 3)], "not enough ratings yet (18 more needed)"),
        # Twelve claims, no variation at all: nothing to measure agreement against.
        (
            [(unit, reviewer, 5) for unit in range(12) for reviewer in (1, 2)],
            "no variation yet: every rating is the same label",
        ),
    ],
)
def test_alpha_is_none_when_there_is_nothing_to_compare(ratings, reading):
    alpha = agreement.ordinal_alpha(ratings, scale=range(1, 6))
    assert alpha.value is None
    assert alpha.reading == reading
    assert alpha.reason


def test_a_reviewer_counts_once_per_claim():
    """The last rating of a reviewer for a claim stands (one rating per reviewer)."""
    ratings = [(1, 1, 5), (1, 1, 4), (1, 2, 4)]
    ratings += [
        (unit, reviewer, unit % 5 + 1) for unit in range(2, 11) for reviewer in (1, 2)
    ]
    alpha = agreement.ordinal_alpha(ratings, scale=range(1, 6))
    assert alpha.units == 10
    assert alpha.value == 1.0


@pytest.mark.parametrize(
    ("ratings", "raters", "agree", "spread", "summary"),
    [
        ([], 0, None, None, "not rated"),
        ([("True", 5)], 1, None, None, "one reviewer"),
        ([("True", 5), ("True", 5)], 2, True, 0, "2 reviewers agree"),
        (
            [("True", 5), ("Mostly false", 2)],
            2,
            False,
            3,
            "2 reviewers disagree, 3 steps apart",
        ),
        (
            [("True", 5), ("Misleading", None)],
            2,
            False,
            None,
            "2 reviewers disagree",
        ),
        (
            [("Half true", 3), ("Mostly true", 4), ("Misleading", None)],
            3,
            False,
            1,
            "3 reviewers disagree, 1 step apart",
        ),
    ],
)
def test_claim_agreement(ratings, raters, agree, spread, summary):
    result = agreement.claim_agreement(ratings)
    assert (result.raters, result.agree, result.spread) == (raters, agree, spread)
    assert result.summary == summary


def test_alpha_values_are_finite_and_rounded():
    alpha = agreement.ordinal_alpha(triples(KRIPPENDORFF_2011), scale=range(1, 6))
    assert math.isfinite(alpha.value)
    assert round(alpha.value, 3) == alpha.value
