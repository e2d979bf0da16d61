"""Train the check-worthiness model and write the weights the package ships.

Run from the repository root (needs the development requirements: scikit-learn):

    .venv/bin/python bench/train_checkworthiness.py             # write the weights
    .venv/bin/python bench/train_checkworthiness.py --check     # retrain, compare

(`bench/evaluate_checkworthiness.py` cross-validates this recipe against the
previous one and a TF-IDF baseline, and chose its settings.)

The data are the two labelled sets in bench/data/checkworthiness/ (see the README
there for their provenance and licence). Features are those of
`annotations.extraction.splitting.sentence_features` — the named signals plus hashed
words and word pairs — and the character n-grams of each word
(`features.char_ngrams`), in one L2-regularised logistic regression (liblinear, which
is deterministic). The
n-grams' columns are scaled by CHAR_SCALE, so that a word's thirty-odd n-grams do
not drown its word and the named signals under one penalty. Each data set's two
classes are weighted to balance within it, and the data sets to DATASET_WEIGHTS,
so that a data set counts by its weight and not by its size, and 0.5 stays the
point where a sentence is as likely check-worthy as not (positive and negative
sentences carry the same total weight).

The language-independent part of the model (the named signals read from figures
and signs, and the character n-grams: `features.independent_signals`) scores
sentences in languages without training data. Its intercept stands in for the
rest of the model: the model's intercept plus the average, over the training
sentences weighted as in training, of what the English words, word pairs and
English-only signals added to their log-odds.

Floats are rounded to four decimals and the JSON is written with sorted keys, so
the same data on the same machine give the same bytes. liblinear's floating point
depends on the CPU, so on another machine a few weights land on the other side of
a rounding step: `--check` and the tests compare a retrained model with the
shipped one within WEIGHT_TOLERANCE and SCORE_TOLERANCE (`differences`), not byte
for byte.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import sys
import time
import zlib
from collections import Counter, defaultdict
from dataclasses import dataclass, field, replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from annotations.extraction.splitting import sentence_features  # noqa: E402
from annotations.extraction.splitting.features import (  # noqa: E402
    HASH_BUCKETS,
    INDEPENDENT_SIGNALS,
    SIGNAL_NAMES,
    char_keys,
    char_ngrams,
    independent_signals,
)

DATA = ROOT / "bench" / "data" / "checkworthiness"
WEIGHTS = ROOT / "annotations" / "extraction" / "splitting" / "checkworthiness.json"
# The file format `model.weights` reads: 2 added the character n-grams and the
# language-independent intercept.
FORMAT = 2
DECIMALS = 4
SEED = 2019
# How far a retrained model may stray from the shipped one and still be "the same
# model" (docs/EXTRACTION.md): liblinear's sums round differently on another CPU,
# which moves a few hundred weights by one step of the fourth decimal (0.0001);
# changing C, a data set's weight or a feature moves thousands of weights by far
# more, and scores by hundredths.
WEIGHT_TOLERANCE = 0.0005
SCORE_TOLERANCE = 0.002


@dataclass(frozen=True)
class Recipe:
    """How a model is trained: its features and its settings.

    `c` is liblinear's inverse regularisation strength; `dataset_weights` the total
    weight of each data set, its classes balanced within it; a word or n-gram
    bucket gets a weight only when it occurs in at least `min_df` training
    sentences (rarer ones would only memorise single sentences, and bloat the
    file); `chars` adds the character n-grams, their columns scaled by
    `char_scale`; `buckets` is the size of the hash space.
    """

    c: float
    dataset_weights: dict[str, float] = field(
        default_factory=lambda: {"claimbuster": 1.0, "clef2019": 0.7}
    )
    min_df: int = 3
    chars: bool = True
    char_scale: float = 1.0
    buckets: int = HASH_BUCKETS
    # Experiments: the n-gram block divided by (the sentence's n-gram count) **
    # char_norm, the word block by (its key count) ** word_norm; columns weighted
    # by their inverse document frequency.
    char_norm: float = 0.0
    word_norm: float = 0.0
    idf: bool = False


# The shipped recipe, chosen with bench/evaluate_checkworthiness.py (see
# docs/PERFORMANCE.md): the highest cross-validated ranking on both data sets.
RECIPE = Recipe(c=0.03, char_scale=0.15)
# The recipe of the model shipped before the character n-grams (words, word pairs
# and named signals), kept to compare against.
WORDS_ONLY_RECIPE = Recipe(c=0.05, chars=False)
# Kept under their old names: the tests and docs speak of them.
C = RECIPE.c
DATASET_WEIGHTS = RECIPE.dataset_weights
MIN_DF = RECIPE.min_df
CHAR_SCALE = RECIPE.char_scale


def load() -> tuple[list[dict], list[dict]]:
    """The ClaimBuster and CLEF-2019 rows, as shipped in bench/data."""
    claimbuster = json.loads((DATA / "claimbuster_train.json").read_text("utf-8"))
    clef = json.loads((DATA / "clef2019_train.json").read_text("utf-8"))
    return claimbuster, clef


def load_rows() -> tuple[list[dict], list[str], list[dict], list[dict]]:
    """Both data sets' rows in one list, each row's data set, and the two sets."""
    claimbuster, clef = load()
    sources = ["claimbuster"] * len(claimbuster) + ["clef2019"] * len(clef)
    return claimbuster + clef, sources, claimbuster, clef


def sample_weights(
    labels: list[int],
    sources: list[str],
    indices: list[int],
    dataset_weights: dict[str, float] = DATASET_WEIGHTS,
) -> list[float]:
    """Per-row weights: classes balanced within each data set, sets weighted.

    Each (data set, class) cell of the chosen rows carries half its data set's
    weight, shared equally by its rows; the weights are scaled to average one per
    row, so that C means what it meant with unweighted rows.
    """
    counts: dict[tuple[str, int], int] = defaultdict(int)
    for index in indices:
        counts[sources[index], labels[index]] += 1
    total_weight = sum(dataset_weights[source] for source, _ in counts) / 2
    scale = len(indices) / total_weight
    return [
        scale
        * dataset_weights[sources[index]]
        / 2
        / counts[sources[index], labels[index]]
        for index in indices
    ]


def _crc(key: str) -> int:
    return zlib.crc32(key.encode("utf-8"))


@dataclass
class Featured:
    """The training sentences' features, computed once for every recipe.

    `signals` and `independent` hold one dict per row (signal name -> value: the
    full named signals, and the language-independent ones); `word_rows` /
    `word_hashes` list each row's word and word-pair keys as CRC-32 values (a
    recipe takes them modulo its buckets); `char_rows` / `char_hashes` /
    `char_counts` each row's character n-gram keys with how often they occur in
    the row's distinct words.
    """

    signals: list[dict[str, float]]
    independent: list[dict[str, float]]
    word_rows: list[int]
    word_hashes: list[int]
    char_rows: list[int]
    char_hashes: list[int]
    char_counts: list[int]

    def without_signal(self, name: str) -> Featured:
        """The same features with one named signal left out (for the tests)."""
        return replace(
            self,
            signals=[
                {key: value for key, value in row.items() if key != name}
                for row in self.signals
            ],
        )


def featurise(texts: list[str]) -> Featured:
    """The features of every text, as `sentence_features` and `char_keys` give
    them; the n-grams of each distinct word are hashed once."""
    featured = Featured([], [], [], [], [], [], [])
    char_cache: dict[str, list[int]] = {}
    for row, text in enumerate(texts):
        signals, keys = sentence_features(text)
        named = {feature.key: feature.value for feature in signals}
        featured.signals.append(named)
        attribution = next(
            (f.evidence for f in signals if f.key == "attribution"), None
        )
        featured.independent.append(
            {
                key: value
                for key, value, _, _ in independent_signals(text, attribution)
                if key in INDEPENDENT_SIGNALS
            }
        )
        counts: Counter[int] = Counter()
        for key in keys:
            featured.word_rows.append(row)
            featured.word_hashes.append(_crc(key))
            if key[0] == "w":
                token = key[2:]
                hashes = char_cache.get(token)
                if hashes is None:
                    hashes = char_cache[token] = [_crc(k) for k in char_keys(token)]
                counts.update(hashes)
        for hashed, count in counts.items():
            featured.char_rows.append(row)
            featured.char_hashes.append(hashed)
            featured.char_counts.append(count)
    return featured


@dataclass
class Design:
    """A recipe's columns for a set of training rows: the word and n-gram buckets
    kept (occurring in at least `min_df` of those rows), in column order."""

    recipe: Recipe
    word_buckets: object  # numpy array of bucket numbers
    char_buckets: object
    word_idf: object = None
    char_idf: object = None

    @property
    def width(self) -> int:
        return len(SIGNAL_NAMES) + len(self.word_buckets) + len(self.char_buckets)


def _block(rows, hashes, values, positions, buckets: int, count: int):
    """A CSR matrix (chosen rows x buckets) of one family of hashed features;
    `positions[row]` is the row's place among the chosen ones, or -1."""
    import numpy as np
    from scipy.sparse import csr_matrix

    place = positions[rows]
    chosen = place >= 0
    matrix = csr_matrix(
        (
            values[chosen],
            (place[chosen], (hashes[chosen] % buckets).astype(np.int64)),
        ),
        shape=(count, buckets),
        dtype=float,
    )
    matrix.sum_duplicates()
    return matrix


class Arrays:
    """`Featured` as numpy arrays, for building matrices quickly."""

    def __init__(self, featured: Featured):
        import numpy as np

        self.featured = featured
        self.rows = len(featured.signals)
        self.word_rows = np.array(featured.word_rows, dtype=np.int64)
        self.word_hashes = np.array(featured.word_hashes, dtype=np.int64)
        self.word_values = np.ones(len(featured.word_rows))
        self.char_rows = np.array(featured.char_rows, dtype=np.int64)
        self.char_hashes = np.array(featured.char_hashes, dtype=np.int64)
        self.char_values = np.array(featured.char_counts, dtype=float)

    def _positions(self, indices: list[int]):
        import numpy as np

        positions = np.full(self.rows, -1, dtype=np.int64)
        positions[np.asarray(indices, dtype=np.int64)] = np.arange(len(indices))
        return positions

    def design(self, recipe: Recipe, indices: list[int]) -> Design:
        """The columns a recipe keeps when trained on these rows."""
        import numpy as np

        positions = self._positions(indices)

        def kept(rows, hashes, values):
            block = _block(
                rows, hashes, values, positions, recipe.buckets, len(indices)
            )
            frequency = np.diff(block.tocsc().indptr)
            columns = np.flatnonzero(frequency >= recipe.min_df)
            idf = np.log((1 + len(indices)) / (1 + frequency[columns])) + 1
            return columns, idf

        words, word_idf = kept(self.word_rows, self.word_hashes, self.word_values)
        if recipe.chars:
            chars, char_idf = kept(self.char_rows, self.char_hashes, self.char_values)
        else:
            chars, char_idf = np.array([], dtype=np.int64), np.array([])
        if not recipe.idf:
            word_idf = char_idf = None
        return Design(recipe, words, chars, word_idf, char_idf)

    def matrix(self, design: Design, indices: list[int], *, independent=False):
        """The chosen rows in the design's columns. `independent`: only the
        language-independent part (its signals and the n-grams; no words)."""
        import numpy as np
        from scipy.sparse import csr_matrix, diags, hstack

        recipe = design.recipe
        positions = self._positions(indices)
        count = len(indices)
        named = np.zeros((count, len(SIGNAL_NAMES)))
        table = self.featured.independent if independent else self.featured.signals
        for place, index in enumerate(indices):
            for key, value in table[index].items():
                named[place, SIGNAL_NAMES.index(key)] = value
        blocks = [csr_matrix(named)]
        words = _block(
            self.word_rows,
            self.word_hashes,
            self.word_values,
            positions,
            recipe.buckets,
            count,
        )[:, design.word_buckets]
        if design.word_idf is not None:
            words = words @ diags(design.word_idf)
        if recipe.word_norm:
            keys = np.bincount(self.word_rows, minlength=self.rows)[indices]
            words = diags(1.0 / np.maximum(keys, 1) ** recipe.word_norm) @ words
        blocks.append(words * 0.0 if independent else words)
        if recipe.chars:
            chars = _block(
                self.char_rows,
                self.char_hashes,
                self.char_values,
                positions,
                recipe.buckets,
                count,
            )[:, design.char_buckets]
            if design.char_idf is not None:
                chars = chars @ diags(design.char_idf)
            if recipe.char_norm:
                grams = np.bincount(
                    self.char_rows, weights=self.char_values, minlength=self.rows
                )[indices]
                chars = diags(1.0 / np.maximum(grams, 1) ** recipe.char_norm) @ chars
            blocks.append(chars * recipe.char_scale)
        return hstack(blocks, format="csr")


@dataclass
class Trained:
    """A fitted model: its design, the classifier and the language-independent
    intercept (`None` until `independent_intercept` works it out)."""

    design: Design
    classifier: object
    independent_intercept: float | None = None

    def log_odds(self, arrays: Arrays, indices: list[int], *, independent=False):
        """The model's log-odds for the chosen rows (numpy array)."""
        matrix = arrays.matrix(self.design, indices, independent=independent)
        values = self.classifier.decision_function(matrix)
        if independent:
            values = values - self.classifier.intercept_[0] + self.independent_intercept
        return values


def fit(
    arrays: Arrays,
    labels: list[int],
    sources: list[str],
    indices: list[int],
    recipe: Recipe = RECIPE,
) -> Trained:
    """Train a recipe on the chosen rows."""
    import numpy as np
    from sklearn.linear_model import LogisticRegression

    design = arrays.design(recipe, indices)
    classifier = LogisticRegression(
        C=recipe.c,
        solver="liblinear",
        max_iter=1000,
        random_state=SEED,
    )
    weights = sample_weights(labels, sources, indices, recipe.dataset_weights)
    classifier.fit(
        arrays.matrix(design, indices),
        [labels[i] for i in indices],
        sample_weight=weights,
    )
    trained = Trained(design, classifier)
    if recipe.chars:
        # What the English words, pairs and English-only signals added, on
        # average over the training rows as training weighed them.
        full = classifier.decision_function(arrays.matrix(design, indices))
        part = classifier.decision_function(
            arrays.matrix(design, indices, independent=True)
        )
        trained.independent_intercept = float(
            classifier.intercept_[0] + np.average(full - part, weights=weights)
        )
    return trained


def _rounded(value: float) -> float:
    return round(float(value), DECIMALS) + 0.0


def weights_json(trained: Trained, training_counts: dict) -> str:
    """The model as deterministic JSON: sorted keys, floats rounded, no zeros.

    The n-gram weights are stored multiplied by the recipe's scale, so that a
    word's weight is the plain sum of its n-grams' and its own.
    """
    design, recipe = trained.design, trained.design.recipe
    coefficients = trained.classifier.coef_[0]
    signal_count = len(SIGNAL_NAMES)
    signals = {
        name: _rounded(coefficients[index]) for index, name in enumerate(SIGNAL_NAMES)
    }

    def table(buckets, start: int, scale: float) -> list[list]:
        rows = []
        for offset, bucket_number in enumerate(buckets):
            weight = _rounded(coefficients[start + offset] * scale)
            if weight:
                rows.append([int(bucket_number), weight])
        return rows

    words = table(design.word_buckets, signal_count, 1.0)
    data = {
        "format": FORMAT,
        "languages": ["en"],
        "buckets": recipe.buckets,
        "min_df": recipe.min_df,
        "C": recipe.c,
        "dataset_weights": recipe.dataset_weights,
        "trained_on": training_counts,
        "intercept": _rounded(trained.classifier.intercept_[0]),
        "signals": signals,
        "words": words,
    }
    if recipe.chars:
        data["char_scale"] = recipe.char_scale
        data["chars"] = table(
            design.char_buckets,
            signal_count + len(design.word_buckets),
            recipe.char_scale,
        )
        data["language_independent"] = {
            "intercept": _rounded(trained.independent_intercept),
            "signals": sorted(INDEPENDENT_SIGNALS),
        }
    return json.dumps(data, sort_keys=True, separators=(",", ":")) + "\n"


def training_data() -> tuple[Arrays, list[int], list[str], dict]:
    """Both data sets featurised: (features, labels, data set of each row, the
    row and check-worthy counts the weights file records)."""
    rows, sources, claimbuster, clef = load_rows()
    labels = [int(row["label"]) for row in rows]
    counts = {
        "claimbuster": [len(claimbuster), sum(r["label"] for r in claimbuster)],
        "clef2019": [len(clef), sum(r["label"] for r in clef)],
    }
    return Arrays(featurise([row["text"] for row in rows])), labels, sources, counts


def train(
    arrays: Arrays,
    labels: list[int],
    sources: list[str],
    counts: dict,
    recipe: Recipe = RECIPE,
) -> str:
    """Train a recipe on every row and return the weights file's text."""
    trained = fit(arrays, labels, sources, list(range(len(labels))), recipe)
    return weights_json(trained, counts)


def train_all(recipe: Recipe = RECIPE) -> str:
    """Train on both data sets and return the weights file's text."""
    arrays, labels, sources, counts = training_data()
    return train(arrays, labels, sources, counts, recipe)


# --- comparing two weights files --------------------------------------------------


def _log_odds(model: dict, tables: dict, sentence: str, independent: bool) -> float:
    """A weights file's log-odds for a sentence, summed plainly: the intercept,
    each named signal, and each word's own weight plus its n-grams'."""
    found, keys = sentence_features(sentence)
    signals = [(feature.key, feature.value) for feature in found]
    total = model["intercept"]
    if independent:
        attribution = next((f.evidence for f in found if f.key == "attribution"), None)
        signals = [
            (key, value)
            for key, value, _, _ in independent_signals(sentence, attribution)
            if key in INDEPENDENT_SIGNALS
        ]
        total = model["language_independent"]["intercept"]
    buckets = model["buckets"]
    for key, value in signals:
        total += model["signals"].get(key, 0.0) * value
    for key in keys:
        if not independent:
            total += tables["words"].get(_crc(key) % buckets, 0.0)
        if key[0] == "w":
            for gram in char_ngrams(key[2:]):
                total += tables["chars"].get(_crc("c:" + gram) % buckets, 0.0)
    return total


def differences(
    shipped_text: str,
    retrained_text: str,
    sentences: list[str],
    *,
    weight_tolerance: float = WEIGHT_TOLERANCE,
    score_tolerance: float = SCORE_TOLERANCE,
) -> list[str]:
    """What differs between two weights files beyond the tolerances, in words.

    The settings (C, the n-grams' scale, data set weights, buckets, training
    counts, format) must be equal; the intercepts, every named signal's weight and
    every word and n-gram bucket's weight within `weight_tolerance` (a bucket
    missing from one file counts as zero there: a weight near zero may round to
    nothing on another CPU); and the probability each model gives each of
    `sentences`, in English and language-independent, within `score_tolerance`.
    An empty list: the same model.
    """
    shipped, retrained = json.loads(shipped_text), json.loads(retrained_text)
    found = []
    compared = ("intercept", "signals", "words", "chars", "language_independent")
    for key in sorted(set(shipped) | set(retrained)):
        if key not in compared and shipped.get(key) != retrained.get(key):
            found.append(f"{key}: {shipped.get(key)!r} != {retrained.get(key)!r}")
    if found:
        return found
    independent = "language_independent" in shipped
    named = [("intercept", shipped["intercept"], retrained["intercept"])]
    if independent:
        named.append(
            (
                "language-independent intercept",
                shipped["language_independent"]["intercept"],
                retrained["language_independent"]["intercept"],
            )
        )
    for name in sorted(set(shipped["signals"]) | set(retrained["signals"])):
        named.append(
            (
                f"signal {name}",
                shipped["signals"].get(name, 0.0),
                retrained["signals"].get(name, 0.0),
            )
        )
    found += [
        f"{name}: {old} against {new}"
        for name, old, new in named
        if abs(old - new) > weight_tolerance + 1e-9
    ]
    old_tables = {
        family: dict(shipped.get(family, [])) for family in ("words", "chars")
    }
    new_tables = {
        family: dict(retrained.get(family, [])) for family in ("words", "chars")
    }
    for family, noun in (("words", "word"), ("chars", "n-gram")):
        old_weights, new_weights = old_tables[family], new_tables[family]
        buckets = sorted(old_weights.keys() | new_weights.keys())
        strayed = [
            (index, old_weights.get(index, 0.0), new_weights.get(index, 0.0))
            for index in buckets
            if abs(old_weights.get(index, 0.0) - new_weights.get(index, 0.0))
            > weight_tolerance + 1e-9
        ]
        if strayed:
            index, old, new = max(strayed, key=lambda item: abs(item[1] - item[2]))
            found.append(
                f"{len(strayed):,} of {len(buckets):,} {noun} weights differ by more "
                f"than {weight_tolerance} (most: bucket {index}, {old} against {new})"
            )
    modes = (False, True) if independent else (False,)
    for sentence in sentences:
        for mode in modes:
            old = _probability(_log_odds(shipped, old_tables, sentence, mode))
            new = _probability(_log_odds(retrained, new_tables, sentence, mode))
            if abs(old - new) > score_tolerance:
                what = "language-independent score" if mode else "score"
                found.append(f"{what} {old:.4f} against {new:.4f}: {sentence[:60]!r}")
    return found


def _probability(log_odds: float) -> float:
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, log_odds))))


def check_sentences() -> list[str]:
    """The sentences whose scores `--check` compares: the seed article's lines and
    every fiftieth training sentence (a fixed, varied set of about 470)."""
    seed = (ROOT / "seeds" / "china-russia-moon-base.txt").read_text(encoding="utf-8")
    rows, _, _, _ = load_rows()
    return [line for line in seed.splitlines() if line.strip()] + [
        row["text"] for row in rows[::50]
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare, do not write")
    options = parser.parse_args()
    started = time.perf_counter()
    text = train_all()
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    seconds = time.perf_counter() - started
    if options.check:
        shipped = WEIGHTS.read_text(encoding="utf-8")
        found = differences(shipped, text, check_sentences())
        if shipped == text:
            print(f"same weights, byte for byte, sha256 {digest}")
        elif not found:
            print(
                f"same model within {WEIGHT_TOLERANCE} per weight and "
                f"{SCORE_TOLERANCE} per score (not the same bytes: sha256 {digest})"
            )
        else:
            print("DIFFERENT model:\n  " + "\n  ".join(found))
        sys.exit(1 if found else 0)
    WEIGHTS.write_text(text, encoding="utf-8")
    print(
        f"wrote {WEIGHTS.relative_to(ROOT)}: {len(text):,} bytes, sha256 {digest}, "
        f"{seconds:.1f} s"
    )


if __name__ == "__main__":
    main()
