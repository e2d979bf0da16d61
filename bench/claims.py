"""Benchmark claim extraction (splitting, kinds, attribution and scoring).

Run from the repository root:

    .venv/bin/python bench/claims.py [--size CHARS] [--runs N] [--seed N]

It builds the same deterministic news-like corpus as bench/split.py and prints the
throughput of `extract_claims` (best of N runs) in characters and UTF-8 bytes per
second, with the number of candidates and how many of them are claims, and the
1-minute load average before and after (the machine may be shared). The goal is at
least 1 MB/s. It passes or fails nothing.
"""

import argparse
import os
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from split import build_corpus  # noqa: E402

from annotations.extraction.splitting import extract_claims  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=1_200_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--seed", type=int, default=2021)
    options = parser.parse_args()

    corpus = build_corpus(options.size, options.seed)
    size = len(corpus.encode("utf-8"))
    extract_claims(corpus[:10_000])  # load the model before timing
    load_before = os.getloadavg()[0]
    best = float("inf")
    for _ in range(options.runs):
        started = time.perf_counter()
        candidates = extract_claims(corpus)
        best = min(best, time.perf_counter() - started)
    kinds = Counter(str(c.kind) for c in candidates)
    print(f"corpus: {len(corpus):,} chars, {size:,} bytes")
    print(f"candidates: {len(candidates):,} ({kinds['claim']:,} claims)")
    print(
        f"extract_claims: {len(corpus) / best:,.0f} chars/s, "
        f"{size / best / 1e6:.2f} MB/s (best of {options.runs})"
    )
    load_after = os.getloadavg()[0]
    print(f"load average (1 min): {load_before:.2f} before, {load_after:.2f} after")


if __name__ == "__main__":
    main()
