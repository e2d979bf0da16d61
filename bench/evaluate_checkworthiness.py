"""Cross-validate the check-worthiness model against the previous one and a baseline.

Run from the repository root (needs the development requirements: scikit-learn):

    .venv/bin/python bench/evaluate_checkworthiness.py            # the comparison
    .venv/bin/python bench/evaluate_checkworthiness.py --grid \\
        --c 0.03,0.05,0.1 --char-scale 0.2,0.3,0.5     # settings of the recipe

The comparison cross-validates, on the same folds and the same training rows:

- `words only`: the recipe of the model shipped before the character n-grams
  (`train_checkworthiness.WORDS_ONLY_RECIPE`: named signals, words and word pairs);
- `TF-IDF baseline`: scikit-learn's TfidfVectorizer over word 1- and 2-grams (its
  defaults otherwise) and a logistic regression, the same sample weights, its C the
  best of TFIDF_GRID on these folds;
- `shipped`: `train_checkworthiness.RECIPE`, with the character n-grams;
- `language-independent part`: the shipped recipe's model scored as for a language
  without training data (figure-and-sign signals and the n-grams only). On these
  English sentences its n-grams are English ones, so this is an upper bound of
  what it does in another language.

ClaimBuster (no debate recorded per sentence) is split into FOLDS stratified
folds; CLEF-2019 into FOLDS folds grouped by debate, so that no debate is in
training and test at once. Each fold trains on the other folds of its set plus the
whole other set, less any sentence whose text is in the test fold (the two sets
share debates). Per fold: ROC AUC and average precision on each set, and on
CLEF-2019 the mean over the fold's debates of each debate's average precision (the
lab's official measure); the table gives the mean and the sample standard
deviation over the folds, the CLEF-2019 MAP over all 19 debates from the
out-of-fold scores, and each model's difference from `words only` fold by fold.
It prints the 1-minute load average before and after; it passes or fails nothing.
"""

from __future__ import annotations

import argparse
import itertools
import os
import re
import statistics
import sys
import time
from collections import defaultdict
from dataclasses import dataclass, replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

import train_checkworthiness as trainer  # noqa: E402

FOLDS = 5
TFIDF_GRID = (0.3, 1.0, 3.0, 10.0)
_NORMAL = re.compile(r"[^a-z0-9]+")


def _normal(text: str) -> str:
    return _NORMAL.sub(" ", text.lower()).strip()


@dataclass
class Data:
    """The rows, their features, labels, data sets and the folds of each set."""

    texts: list[str]
    labels: list[int]
    sources: list[str]
    arrays: trainer.Arrays
    debates: dict[int, str]  # CLEF-2019 row -> its debate
    folds: dict[str, list[tuple[list[int], list[int]]]]  # set -> (train, test) rows


def load() -> Data:
    """Both sets featurised once, and the folds (train rows already purged)."""
    import numpy as np
    from sklearn.model_selection import GroupKFold, StratifiedKFold

    rows, sources, claimbuster, _ = trainer.load_rows()
    texts = [row["text"] for row in rows]
    labels = [int(row["label"]) for row in rows]
    started = time.perf_counter()
    arrays = trainer.Arrays(trainer.featurise(texts))
    print(f"features: {time.perf_counter() - started:.1f} s for {len(rows):,} rows")
    normal = [_normal(text) for text in texts]
    cb = list(range(len(claimbuster)))
    clef = list(range(len(claimbuster), len(rows)))
    debates = {index: rows[index]["debate"] for index in clef}

    def purged(train: list[int], test: list[int]) -> list[int]:
        seen = {normal[i] for i in test}
        return [i for i in train if normal[i] not in seen]

    folds: dict[str, list] = {"claimbuster": [], "clef2019": []}
    splitter = StratifiedKFold(FOLDS, shuffle=True, random_state=trainer.SEED)
    for train, test in splitter.split(np.zeros(len(cb)), [labels[i] for i in cb]):
        test_rows = [cb[i] for i in test]
        folds["claimbuster"].append(
            (purged([cb[i] for i in train] + clef, test_rows), test_rows)
        )
    groups = [debates[i] for i in clef]
    for train, test in GroupKFold(FOLDS).split(np.zeros(len(clef)), groups=groups):
        test_rows = [clef[i] for i in test]
        folds["clef2019"].append(
            (purged([clef[i] for i in train] + cb, test_rows), test_rows)
        )
    return Data(texts, labels, sources, arrays, debates, folds)


def mean_average_precision(scores, labels, groups) -> float:
    """Mean over groups (debates) with a check-worthy line of the average
    precision of their ranking."""
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


class Scorer:
    """Something trained on some rows that scores others."""

    name = ""

    def scores(self, data: Data, train: list[int], test: list[int]) -> list[float]:
        raise NotImplementedError


class RecipeScorer(Scorer):
    def __init__(self, name: str, recipe: trainer.Recipe, independent=False):
        self.name = name
        self.recipe = recipe
        self.independent = independent

    def scores(self, data, train, test):
        trained = trainer.fit(
            data.arrays, data.labels, data.sources, train, self.recipe
        )
        return list(trained.log_odds(data.arrays, test, independent=self.independent))


class TfidfScorer(Scorer):
    def __init__(self, c: float):
        self.c = c
        self.name = f"TF-IDF baseline, C = {c:g}"

    def scores(self, data, train, test):
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.linear_model import LogisticRegression

        vectoriser = TfidfVectorizer(ngram_range=(1, 2))
        matrix = vectoriser.fit_transform([data.texts[i] for i in train])
        classifier = LogisticRegression(
            C=self.c, solver="liblinear", max_iter=1000, random_state=trainer.SEED
        )
        classifier.fit(
            matrix,
            [data.labels[i] for i in train],
            sample_weight=trainer.sample_weights(
                data.labels, data.sources, train, trainer.DATASET_WEIGHTS
            ),
        )
        return list(
            classifier.decision_function(
                vectoriser.transform([data.texts[i] for i in test])
            )
        )


@dataclass
class Result:
    """One scorer's measures: per fold, and CLEF-2019's MAP over all debates."""

    name: str
    per_fold: dict[str, list[float]]  # measure -> one value per fold
    clef_map_all: float
    seconds: float


MEASURES = (
    ("claimbuster", "auc", "ClaimBuster ROC AUC"),
    ("claimbuster", "ap", "ClaimBuster AP"),
    ("clef2019", "auc", "CLEF-2019 ROC AUC"),
    ("clef2019", "ap", "CLEF-2019 AP"),
    ("clef2019", "map", "CLEF-2019 MAP (fold)"),
)


def evaluate(data: Data, scorer: Scorer) -> Result:
    """Cross-validate one scorer on both sets' folds."""
    from sklearn.metrics import average_precision_score, roc_auc_score

    started = time.perf_counter()
    per_fold: dict[str, list[float]] = defaultdict(list)
    clef_scores: dict[int, float] = {}
    for source, folds in data.folds.items():
        for train, test in folds:
            scores = scorer.scores(data, train, test)
            truth = [data.labels[i] for i in test]
            per_fold[f"{source} auc"].append(roc_auc_score(truth, scores))
            per_fold[f"{source} ap"].append(average_precision_score(truth, scores))
            if source == "clef2019":
                per_fold[f"{source} map"].append(
                    mean_average_precision(
                        scores, truth, [data.debates[i] for i in test]
                    )
                )
                clef_scores.update(zip(test, scores, strict=True))
    rows = sorted(clef_scores)
    clef_map = mean_average_precision(
        [clef_scores[i] for i in rows],
        [data.labels[i] for i in rows],
        [data.debates[i] for i in rows],
    )
    return Result(scorer.name, dict(per_fold), clef_map, time.perf_counter() - started)


def _spread(values: list[float]) -> str:
    return f"{statistics.mean(values):.3f} ± {statistics.stdev(values):.3f}"


def report(results: list[Result], reference: Result) -> None:
    """A Markdown table of every result, then the fold-by-fold differences."""
    header = [label for _, _, label in MEASURES] + ["CLEF-2019 MAP (19 debates)"]
    print("| model | " + " | ".join(header) + " |")
    print("|---|" + "---:|" * len(header))
    for result in results:
        cells = [
            _spread(result.per_fold[f"{source} {measure}"])
            for source, measure, _ in MEASURES
        ]
        cells.append(f"{result.clef_map_all:.3f}")
        print(f"| {result.name} | " + " | ".join(cells) + " |")
    print()
    print(f"Differences from {reference.name!r}, fold by fold (mean ± s.d.; folds):")
    for result in results:
        if result is reference:
            continue
        print(f"  {result.name}:")
        for source, measure, label in MEASURES:
            key = f"{source} {measure}"
            differences = [
                new - old
                for new, old in zip(
                    result.per_fold[key], reference.per_fold[key], strict=True
                )
            ]
            better = sum(1 for difference in differences if difference > 0)
            print(
                f"    {label}: {statistics.mean(differences):+.3f} ± "
                f"{statistics.stdev(differences):.3f} (better on {better} of "
                f"{len(differences)}: "
                + ", ".join(f"{d:+.3f}" for d in differences)
                + ")"
            )


def _floats(text: str) -> list[float]:
    return [float(value) for value in text.split(",")]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--grid", action="store_true", help="try recipe settings")
    parser.add_argument("--c", default=str(trainer.RECIPE.c))
    parser.add_argument("--char-scale", default=str(trainer.RECIPE.char_scale))
    parser.add_argument("--min-df", default=str(trainer.RECIPE.min_df))
    parser.add_argument("--buckets", default=str(trainer.RECIPE.buckets))
    parser.add_argument("--char-norm", default=str(trainer.RECIPE.char_norm))
    parser.add_argument("--word-norm", default=str(trainer.RECIPE.word_norm))
    parser.add_argument("--idf", default=str(int(trainer.RECIPE.idf)))
    parser.add_argument(
        "--clef-weight", default=str(trainer.RECIPE.dataset_weights["clef2019"])
    )
    parser.add_argument(
        "--tfidf-c", default=",".join(str(c) for c in TFIDF_GRID), help="C values"
    )
    options = parser.parse_args()
    print(f"load average (1 min) before: {os.getloadavg()[0]:.2f}")
    data = load()
    if options.grid:
        results = []
        for (
            c,
            scale,
            char_norm,
            word_norm,
            idf,
            min_df,
            buckets,
            clef_weight,
        ) in itertools.product(
            _floats(options.c),
            _floats(options.char_scale),
            _floats(options.char_norm),
            _floats(options.word_norm),
            [bool(int(v)) for v in _floats(options.idf)],
            [int(v) for v in _floats(options.min_df)],
            [int(v) for v in _floats(options.buckets)],
            _floats(options.clef_weight),
        ):
            recipe = replace(
                trainer.RECIPE,
                c=c,
                char_scale=scale,
                char_norm=char_norm,
                word_norm=word_norm,
                idf=idf,
                min_df=min_df,
                buckets=buckets,
                dataset_weights={"claimbuster": 1.0, "clef2019": clef_weight},
            )
            name = (
                f"C = {c:g}, n-gram scale {scale:g}, norms {char_norm:g}/"
                f"{word_norm:g}, idf {idf:d}, min_df {min_df}, "
                f"buckets {buckets:,}, CLEF-2019 weight {clef_weight:g}"
            )
            result = evaluate(data, RecipeScorer(name, recipe))
            results.append(result)
            print(f"{name}: {result.seconds:.0f} s", flush=True)
        report(results, results[0])
    else:
        reference = evaluate(
            data, RecipeScorer("words only (before)", trainer.WORDS_ONLY_RECIPE)
        )
        baselines = [evaluate(data, TfidfScorer(c)) for c in _floats(options.tfidf_c)]
        for baseline in baselines:
            print(
                f"{baseline.name}: CLEF-2019 MAP {baseline.clef_map_all:.3f}, "
                "ClaimBuster AUC " + _spread(baseline.per_fold["claimbuster auc"])
            )
        best = max(
            baselines,
            key=lambda r: (
                statistics.mean(r.per_fold["claimbuster auc"])
                + statistics.mean(r.per_fold["clef2019 auc"])
            ),
        )
        shipped = evaluate(data, RecipeScorer("shipped", trainer.RECIPE))
        independent = evaluate(
            data,
            RecipeScorer("language-independent part", trainer.RECIPE, independent=True),
        )
        report([reference, best, shipped, independent], reference)
    print(f"load average (1 min) after: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
