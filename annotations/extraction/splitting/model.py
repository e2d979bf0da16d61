"""The check-worthiness model at run time: a logistic regression, scored in Python.

The weights are trained by `bench/train_checkworthiness.py` and ship in
`checkworthiness.json` beside this module, read once on first use. Scoring needs
nothing but the standard library and gives the same number on every machine.

A word's weight is its own plus the weights of its character n-grams
(`features.char_ngrams`), which never cross a word: so a word's contribution is
one number, the reasons shown are words, and each distinct word is worked out
once. In a language without training data (`features.trained_language`) the
language-independent part scores: the intercept that stands in for the rest, the
signals read from figures and signs, and the n-grams alone, with no word or pair
weights.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import cache, reduce
from itertools import pairwise
from operator import add
from pathlib import Path

from annotations.extraction.splitting.features import (
    BASIS_SIGNAL,
    INDEPENDENT_SIGNALS,
    Feature,
    SignalTuple,
    bucket,
    char_keys,
    shown_key,
    shown_token,
    trained_language,
    word_label,
)

__all__ = [
    "Contribution",
    "Weights",
    "bucket",
    "score",
    "score_tokens",
    "weights",
    "word_contribution",
]

WEIGHTS_PATH = Path(__file__).with_name("checkworthiness.json")
# Remembered word weights, so that a word seen before costs one dictionary look-up.
_WORD_CACHE_LIMIT = 200_000


@dataclass(frozen=True, slots=True)
class Weights:
    """A trained model: intercepts, one weight per named signal, word and word-pair
    buckets, character n-gram buckets (already multiplied by their scale)."""

    intercept: float
    signals: dict[str, float]
    words: dict[int, float]
    buckets: int
    chars: dict[int, float]
    # The intercept of the language-independent part (the mean of what the
    # English-only features add, folded in).
    independent_intercept: float


@cache
def weights() -> Weights:
    """The shipped model, loaded once."""
    data = json.loads(WEIGHTS_PATH.read_text(encoding="utf-8"))
    return Weights(
        intercept=data["intercept"],
        signals=data["signals"],
        words={int(index): weight for index, weight in data["words"]},
        buckets=data["buckets"],
        chars={int(index): weight for index, weight in data.get("chars", [])},
        independent_intercept=data.get("language_independent", {}).get(
            "intercept", data["intercept"]
        ),
    )


def char_weight(token: str, model: Weights | None = None) -> float:
    """What a word's character n-grams add, summed in their order."""
    chars = (model or weights()).chars
    total = 0.0
    for key in char_keys(token):
        total += chars.get(bucket(key), 0.0)
    return total


_word_weights: dict[str, float] = {}
_independent_word_weights: dict[str, float] = {}


def _word_weight(key: str, model: Weights) -> float:
    """A word key's weight with its n-grams' ("w:..."), or a pair's ("p:...")."""
    weight = _word_weights.get(key)
    if weight is None:
        if len(_word_weights) >= _WORD_CACHE_LIMIT:
            _word_weights.clear()
        weight = model.words.get(bucket(key), 0.0)
        if key[0] == "w":
            weight += char_weight(key[2:], model)
        _word_weights[key] = weight
    return weight


def _independent_word_weight(key: str, model: Weights) -> float:
    """A word key's weight in the language-independent part: its n-grams' alone;
    a pair's, nothing."""
    if key[0] != "w":
        return 0.0
    weight = _independent_word_weights.get(key)
    if weight is None:
        if len(_independent_word_weights) >= _WORD_CACHE_LIMIT:
            _independent_word_weights.clear()
        weight = _independent_word_weights[key] = char_weight(key[2:], model)
    return weight


class _TokenWeights(dict):
    """Weights by word token ("budget", with its n-grams) or token pair (("tax",
    "cut")).

    Keyed by the tokens themselves, so that a word seen before costs a look-up done
    in C by `map`, with no "w:..." or "p:... ..." key string to build.
    """

    __slots__ = ()

    def __missing__(self, token: str | tuple[str, str]) -> float:
        if len(self) >= _WORD_CACHE_LIMIT:
            self.clear()
        model = weights()
        if type(token) is str:
            weight = model.words.get(bucket("w:" + token), 0.0)
            weight += char_weight(token, model)
        else:
            weight = model.words.get(bucket(f"p:{token[0]} {token[1]}"), 0.0)
        self[token] = weight
        return weight


_token_weights = _TokenWeights()


class _IndependentTokenWeights(dict):
    """A word token's weight in the language-independent part: its n-grams'."""

    __slots__ = ()

    def __missing__(self, token: str) -> float:
        if len(self) >= _WORD_CACHE_LIMIT:
            self.clear()
        weight = self[token] = char_weight(token)
        return weight


_independent_token_weights = _IndependentTokenWeights()


class _ShownTokenWeights(dict):
    """A token's weight when a person may be shown it (`features.shown_token`),
    else 0.0: the weights the top words for display are chosen from, looked up in
    C like `_token_weights`."""

    __slots__ = ()

    def __missing__(self, token: str | tuple[str, str]) -> float:
        if len(self) >= _WORD_CACHE_LIMIT:
            self.clear()
        weight = self[token] = _token_weights[token] if shown_token(token) else 0.0
        return weight


_shown_token_weights = _ShownTokenWeights()


@dataclass(frozen=True, slots=True)
class Contribution:
    """What one feature added to the score's log-odds (weight times value)."""

    name: str
    contribution: float
    label: str
    evidence: str


def shown_signal(signal: dict) -> bool:
    """May a stored signal be given as a reason to a person? Named signals always
    but the basis of a language-independent score (it says how the score was made
    and carries its words' n-grams together: no reason a person can act on); a
    word signal only for a word a person can act on (`features.shown_key`), so
    signals stored before that rule existed read the same as new ones."""
    name = signal.get("name")
    if name == BASIS_SIGNAL:
        return False
    if name not in ("word", "words"):
        return True
    evidence = str(signal.get("evidence") or "")
    if not evidence.strip():
        return False
    return shown_key(("w:" if name == "word" else "p:") + evidence)


def word_contribution(key: str, value: float) -> Contribution:
    """A word feature's contribution, with its words for people."""
    return Contribution(
        "word" if key[0] == "w" else "words", round(value, 4), word_label(key), key[2:]
    )


def _top_words(values: list[float], key_of, top_words: int) -> list[tuple[str, float]]:
    """The (key, weight) of the `top_words` largest weights by size, largest first.

    The words are taken as a stream that keeps the `top_words` largest seen so far,
    admitting a word only when it is strictly larger than the smallest one kept; ties
    are ordered by key. Every kept word is at least as large as every word left out,
    so when no tie straddles the cut the kept ones are simply the largest, found by
    one sort in C; only a tie at the cut needs the stream itself, which the order of
    the words then decides. `key_of(i)` is the key of `values[i]`.
    """
    sizes = list(map(abs, values))
    ranked = sorted(sizes, reverse=True)
    kept: list[tuple[float, str, float]] = []
    if len(ranked) > top_words and ranked[top_words] == ranked[top_words - 1] != 0:
        smallest = 0.0
        for index, value in enumerate(values):
            if value:
                size = sizes[index]
                if len(kept) < top_words or size > smallest:
                    kept.append((size, key_of(index), value))
                    if len(kept) > top_words:
                        kept.sort(reverse=True)
                        kept.pop()
                        smallest = kept[-1][0]
    else:
        start = 0
        previous = -1.0
        for size in ranked[:top_words]:
            if not size:
                break
            index = sizes.index(size, start if size == previous else 0)
            kept.append((size, key_of(index), values[index]))
            start = index + 1
            previous = size
    kept.sort(reverse=True)
    return [(key, value) for _, key, value in kept]


def _probability(total: float) -> float:
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, total))))


def score(
    signals: list[Feature],
    word_keys: list[str],
    top_words: int = 3,
    language: str | None = "en",
) -> tuple[float, list[Contribution], list[tuple[str, float]]]:
    """The probability that a sentence is check-worthy, and what contributed most.

    Returns the probability (the logistic function of the intercept plus every
    contribution), the named signals' contributions, and the (key, weight) of the
    `top_words` word features that moved the score most, largest first, among
    those a person can act on (`features.shown_key`: never a function word or a
    number alone, though every word counts in the score); a word's weight is its
    own plus its character n-grams'. `word_contribution` describes one of those.
    In a `language` the model was not trained on, the language-independent part
    scores (see the module's docstring): only the signals of
    `features.INDEPENDENT_SIGNALS` weigh, words weigh their n-grams alone and pairs
    nothing. `score_tokens` gives the same from the sentence's tokens, faster.
    """
    model = weights()
    if language != "en" and not trained_language(language):
        values = [_independent_word_weight(key, model) for key in word_keys]
        words = reduce(add, values, 0.0)
        total = model.independent_intercept
        named: list[Contribution] = []
        for feature in signals:
            value = _independent_signal(feature.key, feature.value, words, model)
            total += value
            named.append(
                Contribution(
                    feature.key, round(value, 4), feature.label, feature.evidence
                )
            )
        return _probability(total), named, []
    named = []
    total = model.intercept
    signal_weights = model.signals
    for feature in signals:
        value = signal_weights.get(feature.key, 0.0) * feature.value
        total += value
        named.append(
            Contribution(feature.key, round(value, 4), feature.label, feature.evidence)
        )
    values = [_word_weight(key, model) for key in word_keys]
    # Added one by one in order, as floats must be for the same sum everywhere.
    total = reduce(add, values, total)
    shown = [
        value if shown_key(key) else 0.0
        for key, value in zip(word_keys, values, strict=True)
    ]
    worded = _top_words(shown, word_keys.__getitem__, top_words)
    return _probability(total), named, worded


def _independent_signal(key: str, value: float, words: float, model: Weights) -> float:
    """What a named signal adds in the language-independent part: its weight if it
    is one of that part's signals, the words' n-grams together for the basis
    signal, nothing for any other."""
    if key == BASIS_SIGNAL:
        return words
    if key in INDEPENDENT_SIGNALS:
        return model.signals.get(key, 0.0) * value
    return 0.0


def score_tokens(
    signals: list[SignalTuple],
    tokens: list[str],
    top_words: int = 3,
    language: str | None = "en",
) -> tuple[float, list[float], list[tuple[str, float]]]:
    """`score` for extraction: named signals as tuples, words as `word_tokens`.

    Returns the probability, what each named signal added to the log-odds (not
    rounded, in order) and the top word features as `score` does. The words and
    pairs are the keys `word_keys` would make, in the same order, so the sum and the
    result are the same to the last bit; `language` as for `score`.
    """
    model = weights()
    words = list(dict.fromkeys(tokens))
    if language != "en" and not trained_language(language):
        grams = reduce(add, map(_independent_token_weights.__getitem__, words), 0.0)
        total = model.independent_intercept
        added: list[float] = []
        for key, value, _, _ in signals:
            value = _independent_signal(key, value, grams, model)
            total += value
            added.append(value)
        return _probability(total), added, []
    total = model.intercept
    signal_weights = model.signals
    added = []
    for key, value, _, _ in signals:
        value = signal_weights.get(key, 0.0) * value
        total += value
        added.append(value)
    pairs = list(dict.fromkeys(pairwise(tokens)))
    look_up = _token_weights.__getitem__
    values = list(map(look_up, words))
    values += map(look_up, pairs)
    total = reduce(add, values, total)
    # Only words a person can act on are shown; they all count in the score.
    shown_weight = _shown_token_weights.__getitem__
    shown = list(map(shown_weight, words))
    shown += map(shown_weight, pairs)
    count = len(words)

    def key_of(index: int) -> str:
        if index < count:
            return "w:" + words[index]
        first, second = pairs[index - count]
        return f"p:{first} {second}"

    return _probability(total), added, _top_words(shown, key_of, top_words)
