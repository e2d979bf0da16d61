"""Train the check-worthiness model and write the weights the package ships.

Run from the repository root (needs the development requirements: scikit-learn):

    .venv/bin/python bench/train_checkworthiness.py             # write the weights
    .venv/bin/python bench/train_checkworthiness.py --check     # retrain, compare
    .venv/bin/python bench/train_checkworthiness.py --evaluate  # cross-validation

The data are the two labelled sets in bench/data/checkworthiness/ (see the README
there for their provenance and licence). Features are those of
`annotations.splitting.sentence_features`: the named signals plus hashed words and
word pairs. The model is an L2-regularised logistic regression (liblinear, which is
deterministic). Each data set's two classes are weighted to balance within it, and
the data sets to DATASET_WEIGHTS, so that a data set counts by its weight and not by
its size, and 0.5 stays the point where a sentence is as likely check-worthy as not
(positive and negative sentences carry the same total weight). Floats are rounded
to four decimals and the JSON is written with sorted keys, so the same data on the
same machine give the same bytes. liblinear's floating point depends on the CPU, so
on another machine a few weights land on the other side of a rounding step:
`--check` and the tests compare a retrained model with the shipped one within
WEIGHT_TOLERANCE and SCORE_TOLERANCE (`differences`), not byte for byte.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import re
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from annotations.splitting import sentence_features  # noqa: E402
from annotations.splitting.features import (  # noqa: E402
    HASH_BUCKETS,
    SIGNAL_NAMES,
    bucket,
)

DATA = ROOT / "bench" / "data" / "checkworthiness"
WEIGHTS = ROOT / "annotations" / "splitting" / "checkworthiness.json"
# Inverse regularisation strength, chosen with --evaluate (see docs/PERFORMANCE.md).
C = 0.05
# The total weight of each data set in training, relative to the others, its classes
# balanced within it; chosen with --evaluate --dataset-weight (docs/PERFORMANCE.md).
# One class weight over both sets instead leaves each set unbalanced (ClaimBuster is
# 25 % check-worthy, CLEF-2019 3 %).
DATASET_WEIGHTS = {"claimbuster": 1.0, "clef2019": 0.7}
# A word bucket must occur in at least this many training sentences to get a weight:
# rarer ones would only memorise single sentences (and bloat the file).
MIN_DF = 3
DECIMALS = 4
SEED = 2019
# How far a retrained model may stray from the shipped one and still be "the same
# model" (docs/EXTRACTION.md): liblinear's sums round differently on another CPU,
# which moves a few hundred weights by one step of the fourth decimal (0.0001);
# changing C, a data set's weight or a feature moves thousands of weights by far
# more, and scores by hundredths.
WEIGHT_TOLERANCE = 0.0005
SCORE_TOLERANCE = 0.002
FOLDS = 5

# The previous release's hand-tuned score: a base plus these weights per signal.
HANDTUNED_BASE = 0.25
HANDTUNED_WEIGHTS = {
    "number": 0.15,
    "quantity": 0.1,
    "date": 0.15,
    "named_entity": 0.07,
    "official_action": 0.2,
    "attribution": 0.1,
    "comparison": 0.1,
    "hedge": -0.12,
    "opinion_marker": -0.25,
    "question": -0.3,
    "short": -0.1,
}


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


def featurise(rows: list[dict]) -> list[tuple[dict[int, float], dict[str, float]]]:
    """For each row: its word buckets (column -> 1) and its named signal values."""
    signal_column = {name: index for index, name in enumerate(SIGNAL_NAMES)}
    featured = []
    for row in rows:
        signals, keys = sentence_features(row["text"])
        columns = {len(SIGNAL_NAMES) + bucket(key): 1.0 for key in keys}
        for feature in signals:
            columns[signal_column[feature.key]] = feature.value
        featured.append((columns, {f.key: f.value for f in signals}))
    return featured


def matrix(featured, indices: list[int], kept: set[int] | None):
    """A CSR matrix of the chosen rows, keeping only the `kept` word columns."""
    from scipy.sparse import csr_matrix

    data, columns, pointers = [], [], [0]
    signal_count = len(SIGNAL_NAMES)
    for index in indices:
        for column, value in sorted(featured[index][0].items()):
            if column < signal_count or kept is None or column in kept:
                columns.append(column)
                data.append(value)
        pointers.append(len(columns))
    return csr_matrix(
        (data, columns, pointers),
        shape=(len(indices), signal_count + HASH_BUCKETS),
        dtype=float,
    )


def frequent_columns(featured, indices: list[int]) -> set[int]:
    """Word columns that occur in at least MIN_DF of the chosen rows."""
    counts: dict[int, int] = defaultdict(int)
    signal_count = len(SIGNAL_NAMES)
    for index in indices:
        for column in featured[index][0]:
            if column >= signal_count:
                counts[column] += 1
    return {column for column, count in counts.items() if count >= MIN_DF}


def fit(
    featured,
    labels: list[int],
    sources: list[str],
    indices: list[int],
    c: float = C,
    dataset_weights: dict[str, float] = DATASET_WEIGHTS,
):
    """Train on the chosen rows; return (model, kept word columns)."""
    from sklearn.linear_model import LogisticRegression

    kept = frequent_columns(featured, indices)
    classifier = LogisticRegression(
        C=c,
        solver="liblinear",
        max_iter=1000,
        random_state=SEED,
    )
    classifier.fit(
        matrix(featured, indices, kept),
        [labels[i] for i in indices],
        sample_weight=sample_weights(labels, sources, indices, dataset_weights),
    )
    return classifier, kept


def weights_json(classifier, training_counts: dict) -> str:
    """The model as deterministic JSON: sorted keys, floats rounded, no zeros."""
    coefficients = classifier.coef_[0]
    signal_count = len(SIGNAL_NAMES)
    signals = {
        name: round(float(coefficients[index]), DECIMALS) + 0.0
        for index, name in enumerate(SIGNAL_NAMES)
    }
    words = []
    for column in coefficients[signal_count:].nonzero()[0]:
        weight = round(float(coefficients[signal_count + column]), DECIMALS) + 0.0
        if weight:
            words.append([int(column), weight])
    data = {
        "format": 1,
        "buckets": HASH_BUCKETS,
        "min_df": MIN_DF,
        "C": C,
        "dataset_weights": DATASET_WEIGHTS,
        "trained_on": training_counts,
        "intercept": round(float(classifier.intercept_[0]), DECIMALS) + 0.0,
        "signals": signals,
        "words": words,
    }
    return json.dumps(data, sort_keys=True, separators=(",", ":")) + "\n"


def training_data() -> tuple[list, list[int], list[str], dict]:
    """Both data sets featurised: (features, labels, data set of each row, the
    row and check-worthy counts the weights file records)."""
    rows, sources, claimbuster, clef = load_rows()
    labels = [int(row["label"]) for row in rows]
    counts = {
        "claimbuster": [len(claimbuster), sum(r["label"] for r in claimbuster)],
        "clef2019": [len(clef), sum(r["label"] for r in clef)],
    }
    return featurise(rows), labels, sources, counts


def train(featured, labels: list[int], sources: list[str], counts, c: float = C) -> str:
    """Train on every row and return the weights file's text."""
    classifier, _ = fit(featured, labels, sources, list(range(len(labels))), c)
    return weights_json(classifier, counts)


def train_all() -> str:
    """Train on both data sets and return the weights file's text."""
    return train(*training_data())


def _log_odds(model: dict, words: dict[int, float], sentence: str) -> float:
    signals, keys = sentence_features(sentence)
    total = model["intercept"]
    for feature in signals:
        total += model["signals"].get(feature.key, 0.0) * feature.value
    return total + sum(words.get(bucket(key), 0.0) for key in keys)


def differences(
    shipped_text: str,
    retrained_text: str,
    sentences: list[str],
    *,
    weight_tolerance: float = WEIGHT_TOLERANCE,
    score_tolerance: float = SCORE_TOLERANCE,
) -> list[str]:
    """What differs between two weights files beyond the tolerances, in words.

    The settings (C, data set weights, buckets, training counts) must be equal; the
    intercept, every named signal's weight and every word bucket's weight within
    `weight_tolerance` (a bucket missing from one file counts as zero there: a
    weight near zero may round to nothing on another CPU); and the probability each
    model gives each of `sentences` within `score_tolerance`. An empty list: the
    same model.
    """
    shipped, retrained = json.loads(shipped_text), json.loads(retrained_text)
    found = []
    for key in sorted(set(shipped) | set(retrained)):
        if key not in ("intercept", "signals", "words") and shipped.get(
            key
        ) != retrained.get(key):
            found.append(f"{key}: {shipped.get(key)!r} != {retrained.get(key)!r}")
    named = [("intercept", shipped["intercept"], retrained["intercept"])]
    named += [
        (f"signal {name}", shipped["signals"].get(name, 0.0), weight)
        for name, weight in retrained["signals"].items()
    ]
    named += [
        (f"signal {name}", weight, 0.0)
        for name, weight in shipped["signals"].items()
        if name not in retrained["signals"]
    ]
    found += [
        f"{name}: {old} against {new}"
        for name, old, new in named
        if abs(old - new) > weight_tolerance + 1e-9
    ]
    old_words = dict(shipped["words"])
    new_words = dict(retrained["words"])
    buckets = sorted(old_words.keys() | new_words.keys())
    strayed = [
        (index, old_words.get(index, 0.0), new_words.get(index, 0.0))
        for index in buckets
        if abs(old_words.get(index, 0.0) - new_words.get(index, 0.0))
        > weight_tolerance + 1e-9
    ]
    if strayed:
        index, old, new = max(strayed, key=lambda item: abs(item[1] - item[2]))
        found.append(
            f"{len(strayed):,} of {len(buckets):,} word weights differ by more than "
            f"{weight_tolerance} (most: bucket {index}, {old} against {new})"
        )
    for sentence in sentences:
        old = _probability(_log_odds(shipped, old_words, sentence))
        new = _probability(_log_odds(retrained, new_words, sentence))
        if abs(old - new) > score_tolerance:
            found.append(f"score {old:.4f} against {new:.4f}: {sentence[:60]!r}")
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


# --- evaluation ------------------------------------------------------------------

_NORMAL = re.compile(r"[^a-z0-9]+")


def _normal(text: str) -> str:
    return _NORMAL.sub(" ", text.lower()).strip()


def handtuned(signals: dict[str, float]) -> float:
    """The previous release's score from the same signals (a base plus weights)."""
    total = HANDTUNED_BASE
    for name, value in signals.items():
        weight = HANDTUNED_WEIGHTS.get(name, 0.0)
        total += weight * value
    return min(1.0, max(0.0, total))


def mean_average_precision(scores, labels, groups) -> float:
    """Mean over groups (debates) of the average precision of their ranking."""
    from sklearn.metrics import average_precision_score

    by_group: dict[str, tuple[list, list]] = defaultdict(lambda: ([], []))
    for score, label, group in zip(scores, labels, groups, strict=True):
        by_group[group][0].append(score)
        by_group[group][1].append(label)
    precisions = [
        average_precision_score(truth, ranked)
        for ranked, truth in (by_group[g] for g in sorted(by_group))
        if any(truth)
    ]
    return sum(precisions) / len(precisions)


def evaluate(grid: list[float], clef_weights: list[float]) -> None:
    """Print cross-validated ROC AUC (ClaimBuster) and MAP by debate (CLEF-2019).

    One line per C in `grid` and CLEF-2019 weight in `clef_weights` (ClaimBuster's
    weight being 1). The s.d. of MAP is over the five folds' own MAPs.
    """
    import numpy as np
    from sklearn.metrics import roc_auc_score
    from sklearn.model_selection import GroupKFold, StratifiedKFold

    rows, sources, claimbuster, _ = load_rows()
    labels = [int(row["label"]) for row in rows]
    normal = [_normal(row["text"]) for row in rows]
    started = time.perf_counter()
    featured = featurise(rows)
    print(f"features: {time.perf_counter() - started:.1f} s for {len(rows):,} rows")
    cb_indices = list(range(len(claimbuster)))
    clef_indices = list(range(len(claimbuster), len(rows)))

    def without_test_texts(train: list[int], test: list[int]) -> list[int]:
        # The two sets share debates: a sentence in the test fold must not be
        # trained on through the other set.
        seen = {normal[i] for i in test}
        return [i for i in train if normal[i] not in seen]

    cb_folds = list(
        StratifiedKFold(FOLDS, shuffle=True, random_state=SEED).split(
            np.zeros(len(cb_indices)), [labels[i] for i in cb_indices]
        )
    )
    debates = [rows[i]["debate"] for i in clef_indices]
    clef_folds = list(
        GroupKFold(FOLDS).split(np.zeros(len(clef_indices)), groups=debates)
    )
    baseline_auc = [
        roc_auc_score(
            [labels[cb_indices[i]] for i in test],
            [handtuned(featured[cb_indices[i]][1]) for i in test],
        )
        for _, test in cb_folds
    ]
    baseline_scores = [handtuned(featured[i][1]) for i in clef_indices]
    baseline_map = mean_average_precision(
        baseline_scores, [labels[i] for i in clef_indices], debates
    )
    print(
        f"hand-tuned: ClaimBuster AUC {np.mean(baseline_auc):.3f} "
        f"± {np.std(baseline_auc):.3f}; CLEF-2019 MAP {baseline_map:.3f}"
    )
    for c, clef_weight in [(c, w) for c in grid for w in clef_weights]:
        dataset_weights = {"claimbuster": 1.0, "clef2019": clef_weight}
        aucs = []
        for train, test in cb_folds:
            test_rows = [cb_indices[i] for i in test]
            train_rows = without_test_texts(
                [cb_indices[i] for i in train] + clef_indices, test_rows
            )
            classifier, kept = fit(
                featured, labels, sources, train_rows, c, dataset_weights
            )
            probabilities = classifier.predict_proba(matrix(featured, test_rows, kept))[
                :, 1
            ]
            aucs.append(roc_auc_score([labels[i] for i in test_rows], probabilities))
        clef_scores = [0.0] * len(clef_indices)
        for train, test in clef_folds:
            test_rows = [clef_indices[i] for i in test]
            train_rows = without_test_texts(
                [clef_indices[i] for i in train] + cb_indices, test_rows
            )
            classifier, kept = fit(
                featured, labels, sources, train_rows, c, dataset_weights
            )
            probabilities = classifier.predict_proba(matrix(featured, test_rows, kept))[
                :, 1
            ]
            for position, probability in zip(test, probabilities, strict=True):
                clef_scores[position] = float(probability)
        clef_labels = [labels[i] for i in clef_indices]
        clef_map = mean_average_precision(clef_scores, clef_labels, debates)
        fold_maps = [
            mean_average_precision(
                [clef_scores[i] for i in test],
                [clef_labels[i] for i in test],
                [debates[i] for i in test],
            )
            for _, test in clef_folds
        ]
        print(
            f"model C={c}, CLEF-2019 weight {clef_weight}: "
            f"ClaimBuster AUC {np.mean(aucs):.3f} ± {np.std(aucs):.3f} "
            f"(folds {', '.join(f'{a:.3f}' for a in aucs)}); "
            f"CLEF-2019 MAP {clef_map:.3f} over {len(set(debates))} debates "
            f"(folds ± {np.std(fold_maps):.3f})"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare, do not write")
    parser.add_argument("--evaluate", action="store_true", help="cross-validate")
    parser.add_argument("--grid", default=str(C), help="C values for --evaluate")
    parser.add_argument(
        "--dataset-weight",
        default=str(DATASET_WEIGHTS["clef2019"]),
        help="CLEF-2019 weights (ClaimBuster's is 1) for --evaluate",
    )
    options = parser.parse_args()
    if options.evaluate:
        evaluate(
            [float(c) for c in options.grid.split(",")],
            [float(w) for w in options.dataset_weight.split(",")],
        )
        return
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
