"""Benchmark the pure-Python check-worthiness scorer, one sentence at a time.

Run from the repository root:

    .venv/bin/python bench/score_checkworthiness.py [--runs N]

For every training sentence in bench/data/checkworthiness/ (22,668 debate lines,
7 to 600 characters) it times what extraction does per sentence: the named
signals (`features.named_signals`), the word tokens and the score with its top
words (`model.score_tokens`), then the score alone. The first pass starts with
empty caches, as a fresh worker does (every word's weight and n-grams are worked
out on first sight, and the weights file is read before the clock starts); later
passes find every word cached, as a long-running worker mostly does. The same is
timed with `language="es"`, the language-independent part. It prints the mean,
median and 99th percentile in microseconds, the best of --runs for the warm
passes, the weights file's size and the 1-minute load average before and after;
the goal is under 1 ms per sentence. It passes or fails nothing.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from annotations.extraction.splitting import features, model  # noqa: E402

DATA = ROOT / "bench" / "data" / "checkworthiness"


def sentences() -> list[str]:
    rows = json.loads((DATA / "claimbuster_train.json").read_text("utf-8"))
    rows += json.loads((DATA / "clef2019_train.json").read_text("utf-8"))
    return [row["text"] for row in rows]


def clear_caches() -> None:
    """Forget every word seen, as a fresh process has (the weights stay loaded)."""
    for cache in (
        model._word_weights,
        model._independent_word_weights,
        model._token_weights,
        model._independent_token_weights,
        model._shown_token_weights,
    ):
        cache.clear()


def one_pass(texts: list[str], language: str) -> tuple[list[float], list[float]]:
    """Per sentence: microseconds for signals + tokens + score, and for the score."""
    clock = time.perf_counter
    whole, scoring = [], []
    for text in texts:
        started = clock()
        named = features.named_signals(text, None, None, language)
        tokens = features.word_tokens(text)
        scored = clock()
        model.score_tokens(named, tokens, 3, language)
        ended = clock()
        whole.append((ended - started) * 1e6)
        scoring.append((ended - scored) * 1e6)
    return whole, scoring


def summary(values: list[float]) -> str:
    ordered = sorted(values)
    p99 = ordered[int(len(ordered) * 0.99)]
    return (
        f"mean {statistics.mean(values):6.1f} µs, median "
        f"{statistics.median(values):6.1f} µs, p99 {p99:7.1f} µs"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    options = parser.parse_args()
    texts = sentences()
    model.weights()
    size = model.WEIGHTS_PATH.stat().st_size
    weights = model.weights()
    print(
        f"weights: {size:,} bytes, {len(weights.words):,} word and "
        f"{len(weights.chars):,} n-gram buckets; {len(texts):,} sentences, "
        f"{statistics.mean(map(len, texts)):.0f} characters on average"
    )
    print(f"load average (1 min) before: {os.getloadavg()[0]:.2f}")
    for language in ("en", "es"):
        clear_caches()
        whole, scoring = one_pass(texts, language)
        print(f"{language}, cold caches: signals+score {summary(whole)}")
        print(f"{language}, cold caches: score alone   {summary(scoring)}")
        best = None
        for _ in range(options.runs):
            run = one_pass(texts, language)
            if best is None or statistics.mean(run[0]) < statistics.mean(best[0]):
                best = run
        print(f"{language}, warm caches: signals+score {summary(best[0])}")
        print(f"{language}, warm caches: score alone   {summary(best[1])}")
    print(f"load average (1 min) after: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
