"""The check-worthiness model at run time: a logistic regression, scored in Python.

The weights are trained by `bench/train_checkworthiness.py` and ship in
`checkworthiness.json` beside this module, read once on first use. Scoring needs
nothing but the standard library and gives the same number on every machine.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from annotations.splitting.features import Feature, bucket, word_label

__all__ = ["Contribution", "Weights", "bucket", "score", "weights", "word_contribution"]

WEIGHTS_PATH = Path(__file__).with_name("checkworthiness.json")
# Remembered word weights, so that a word seen before costs one dictionary look-up.
_WORD_CACHE_LIMIT = 200_000


@dataclass(frozen=True, slots=True)
class Weights:
    """A trained model: intercept, one weight per named signal, word buckets."""

    intercept: float
    signals: dict[str, float]
    words: dict[int, float]
    buckets: int


@cache
def weights() -> Weights:
    """The shipped model, loaded once."""
    data = json.loads(WEIGHTS_PATH.read_text(encoding="utf-8"))
    return Weights(
        intercept=data["intercept"],
        signals=data["signals"],
        words={int(index): weight for index, weight in data["words"]},
        buckets=data["buckets"],
    )


_word_weights: dict[str, float] = {}


def _word_weight(key: str, model: Weights) -> float:
    weight = _word_weights.get(key)
    if weight is None:
        if len(_word_weights) >= _WORD_CACHE_LIMIT:
            _word_weights.clear()
        weight = model.words.get(bucket(key), 0.0)
        _word_weights[key] = weight
    return weight


@dataclass(frozen=True, slots=True)
class Contribution:
    """What one feature added to the score's log-odds (weight times value)."""

    name: str
    contribution: float
    label: str
    evidence: str


def word_contribution(key: str, value: float) -> Contribution:
    """A word feature's contribution, with its words for people."""
    return Contribution(
        "word" if key[0] == "w" else "words", round(value, 4), word_label(key), key[2:]
    )


def score(
    signals: list[Feature], word_keys: list[str], top_words: int = 3
) -> tuple[float, list[Contribution], list[tuple[str, float]]]:
    """The probability that a sentence is check-worthy, and what contributed most.

    Returns the probability (the logistic function of the intercept plus every
    contribution), the named signals' contributions, and the (key, weight) of the
    `top_words` word features that moved the score most, largest first;
    `word_contribution` describes one of those.
    """
    model = weights()
    named: list[Contribution] = []
    total = model.intercept
    signal_weights = model.signals
    for feature in signals:
        value = signal_weights.get(feature.key, 0.0) * feature.value
        total += value
        named.append(
            Contribution(feature.key, round(value, 4), feature.label, feature.evidence)
        )
    worded: list[tuple[float, str, float]] = []
    smallest = 0.0  # the smallest size among the kept words, once there are enough
    cache = _word_weights
    for key in word_keys:
        value = cache.get(key)
        if value is None:
            value = _word_weight(key, model)
        if value:
            total += value
            size = value if value > 0 else -value
            if len(worded) < top_words or size > smallest:
                worded.append((size, key, value))
                if len(worded) > top_words:
                    worded.sort(reverse=True)
                    worded.pop()
                    smallest = worded[-1][0]
    worded.sort(reverse=True)
    probability = 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, total))))
    return probability, named, [(key, value) for _, key, value in worded]
