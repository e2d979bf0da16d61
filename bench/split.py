"""Benchmark sentence splitting against pySBD on a ~1 MB news-like corpus.

Run from the repository root:

    .venv/bin/python bench/split.py [--size BYTES] [--runs N] [--seed N]
        [--language-size CHARS]

It prints chars/s for split_sentences (best of N runs), for pySBD 0.3.4 run per
paragraph on the same text in the same process, their ratio, chars/s for
extract_claims (bench/claims.py measures it on its own), and the Golden Rules
score of both, with the 1-minute load average before and after the timings (the
machine may be shared). Then the same per language group, on corpora built from
the sentences of our own multilingual cases (tests/test_splitting_languages.py):
each group's text split in its languages, pySBD per paragraph in the paragraph's
language where it has one (English rules where it has none), and a mixed corpus
of paragraphs in all 29 languages, split paragraph by paragraph in each one's
language and as one text in the language-independent mode. It passes or fails
nothing.
"""

import argparse
import os
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from annotations.extraction.splitting import extract_claims, split_sentences  # noqa: E402

SEED_ARTICLE = ROOT / "seeds" / "china-russia-moon-base.txt"

TITLES = ["Mr.", "Mrs.", "Dr.", "Prof.", "Sen.", "Rep.", "Gov.", "Gen."]
NAMES = ["Ana Ruiz", "John Q. Public", "Li Wei", "Maria K. Olsen", "Omar Haddad"]
STATES = ["Fla.", "Calif.", "Tex.", "N.Y.", "Mass.", "Ill."]
ORGS = ["NASA", "the U.S. Senate", "the European Commission", "Acme Corp.", "the U.N."]
OUTLETS = ["SpaceNews", "Reuters", "the Associated Press", "Bloomberg"]
THINGS = ["lunar landers", "satellite launches", "border security", "rural clinics"]
MONTHS = ["Jan.", "Feb.", "March", "April", "Aug.", "Sept.", "Oct.", "Dec."]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]
TEMPLATES = [
    "{title} {name} ({party}., {state}) said on {day} that {org} would spend "
    "${n}.{m} billion on {thing}.",
    '"We will not wait. The plan is ready," {name} told {outlet} on {day}.',
    "{org} reported a {n}.{m}% rise in {thing} on {month} {d}, {year}, according "
    "to {outlet}.",
    "At {h} a.m. {title} {name} arrived at the U.S. Capitol in Washington, D.C., "
    "for the vote.",
    "Shares of Acme Inc. rose {n} percent to ${n}.{m} at {h} p.m. Eastern time, "
    "the biggest gain since {year}.",
    "The report (see p. {n}, No. {d}) lists {n},{m}00 cases, e.g. in U.S.-China "
    "trade disputes.",
    "Details are at https://www.example.com/{year}/{n}/report.html. Questions?",
    "Critics say the {thing} program is wasteful. . . . Supporters disagree!",
    "{name} has also urged closer ties, and officials have approved the {thing} "
    "budget for {year}.",
    "Is the {thing} plan worth ${n} million? Many experts think it may be.",
    "The plan has three parts: 1) cut {thing} 2) fund {thing} 3) audit {org}.",
    "The program began in {year}.[{d}] {name}, who chairs the panel, said it worked.",
    '"Costs rose {n} percent. We had no choice," said {name}. "It is done."',
]
HEADLINES = [
    "China and Russia Agree to Build Joint Moon Base",
    "Senate Approves Space Budget After Long Debate",
    "What the New Lunar Treaty Means for NASA",
]


def build_corpus(size: int, seed: int) -> str:
    """Return a deterministic news-like text of at least `size` characters."""
    rng = random.Random(seed)
    seed_paragraphs = SEED_ARTICLE.read_text(encoding="utf-8").split("\n\n")
    seed_sentences = [
        span_text
        for paragraph in seed_paragraphs[2:]
        for span_text in (
            paragraph[s.start : s.end] for s in split_sentences(paragraph)
        )
    ]
    paragraphs: list[str] = []
    total = 0
    while total < size:
        roll = rng.random()
        if roll < 0.05:
            paragraph = "\n".join(
                [
                    rng.choice(HEADLINES),
                    f"By {rng.choice(NAMES)}, Staff Writer",
                    f"{rng.choice(NAMES)} speaks in Beijing / Getty Images",
                    f"{rng.choice(MONTHS)} {rng.randint(1, 28)}, "
                    f"{rng.randint(1990, 2030)}",
                ]
            )
        elif roll < 0.35:
            paragraph = " ".join(rng.sample(seed_sentences, rng.randint(1, 4)))
        else:
            paragraph = " ".join(
                rng.choice(TEMPLATES).format(
                    title=rng.choice(TITLES),
                    name=rng.choice(NAMES),
                    party=rng.choice("DR"),
                    state=rng.choice(STATES),
                    org=rng.choice(ORGS),
                    outlet=rng.choice(OUTLETS),
                    thing=rng.choice(THINGS),
                    month=rng.choice(MONTHS),
                    day=rng.choice(DAYS),
                    n=rng.randint(2, 99),
                    m=rng.randint(0, 9),
                    d=rng.randint(1, 28),
                    h=rng.randint(1, 11),
                    year=rng.randint(1990, 2030),
                )
                for _ in range(rng.randint(2, 5))
            )
        paragraphs.append(paragraph)
        total += len(paragraph) + 2
    return "\n\n".join(paragraphs)


def best_seconds(function, runs: int) -> float:
    best = float("inf")
    for _ in range(runs):
        started = time.perf_counter()
        function()
        best = min(best, time.perf_counter() - started)
    return best


def golden_scores() -> tuple[int, int | None, int]:
    from tests.test_splitting_golden import GOLDEN_EN_RULES

    ours = sum(
        [text[s.start : s.end] for s in split_sentences(text)] == expected
        for text, expected in GOLDEN_EN_RULES
    )
    try:
        import pysbd
    except ImportError:
        return ours, None, len(GOLDEN_EN_RULES)
    segmenter = pysbd.Segmenter(language="en", clean=False, char_span=False)
    theirs = sum(
        [sentence.strip() for sentence in segmenter.segment(text)] == expected
        for text, expected in GOLDEN_EN_RULES
    )
    return ours, theirs, len(GOLDEN_EN_RULES)


LANGUAGE_GROUPS = {
    "Latin script": ("es", "pt", "fr", "de", "it", "nl", "da", "pl", "sk", "fi"),
    "Cyrillic": ("ru", "uk", "bg", "kk"),
    "Greek, Armenian, Hebrew": ("el", "hy", "he"),
    "Arabic script": ("ar", "fa", "ur"),
    "Indic": ("hi", "mr", "pa", "ml"),
    "Ethiopic, Burmese": ("am", "my"),
    "Chinese, Japanese": ("zh", "ja"),
}


def language_paragraphs(
    languages: tuple[str, ...], size: int, seed: int
) -> list[tuple[str, str]]:
    """(language, paragraph) pairs of at least `size` characters in all, each
    paragraph two to five sentences of one language from our own cases."""
    from tests.test_splitting_languages import CASES

    rng = random.Random(seed)
    sentences = {
        language: [sentence for _, expected in CASES[language] for sentence in expected]
        for language in languages
    }
    paragraphs: list[tuple[str, str]] = []
    total = 0
    while total < size:
        language = rng.choice(languages)
        separator = "" if language in ("zh", "ja") else " "
        chosen = rng.choices(sentences[language], k=rng.randint(2, 5))
        paragraph = separator.join(chosen)
        paragraphs.append((language, paragraph))
        total += len(paragraph) + 2
    return paragraphs


def language_groups(options) -> None:
    """Split speed per language group, ours against pySBD, in this process."""
    try:
        import pysbd
        from pysbd.languages import LANGUAGE_CODES
    except ImportError:
        pysbd = None
    segmenters = {}

    def pysbd_segment(language: str, paragraph: str):
        code = language if language in LANGUAGE_CODES else "en"
        if code not in segmenters:
            segmenters[code] = pysbd.Segmenter(
                language=code, clean=False, char_span=False
            )
        return segmenters[code].segment(paragraph)

    print()
    print("per language group (chars/s; pySBD per paragraph, English rules where")
    print("it has no language):")
    header = f"{'group':<26} {'chars':>9} {'ours':>13} {'pysbd':>11} {'ratio':>7}"
    print(header)
    groups = dict(LANGUAGE_GROUPS)
    groups["mixed, by paragraph"] = (
        *(language for members in LANGUAGE_GROUPS.values() for language in members),
        "en",
    )
    for name, members in groups.items():
        paragraphs = language_paragraphs(members, options.language_size, options.seed)
        chars = sum(len(paragraph) + 2 for _, paragraph in paragraphs)
        # One text per language, each split in its language.
        texts = {
            language: "\n\n".join(p for code, p in paragraphs if code == language)
            for language in members
        }
        if name.startswith("mixed"):
            ours = best_seconds(
                lambda paragraphs=paragraphs: [
                    split_sentences(paragraph, language)
                    for language, paragraph in paragraphs
                ],
                options.runs,
            )
        else:
            ours = best_seconds(
                lambda texts=texts: [
                    split_sentences(text, language) for language, text in texts.items()
                ],
                options.runs,
            )
        row = f"{name:<26} {chars:>9,} {chars / ours:>13,.0f}"
        theirs = None
        if pysbd is not None:
            theirs = best_seconds(
                lambda paragraphs=paragraphs: [
                    pysbd_segment(language, paragraph)
                    for language, paragraph in paragraphs
                ],
                options.pysbd_runs,
            )
            row += f" {chars / theirs:>11,.0f} {theirs / ours:>6.1f}x"
        print(row)
        if name.startswith("mixed"):
            whole = "\n\n".join(paragraph for _, paragraph in paragraphs)
            undetermined = best_seconds(
                lambda whole=whole: split_sentences(whole, "und"), options.runs
            )
            row = f"{'mixed, one text, und':<26} {len(whole):>9,}"
            row += f" {len(whole) / undetermined:>13,.0f}"
            if theirs is not None:
                row += f" {chars / theirs:>11,.0f} {theirs / undetermined:>6.1f}x"
            print(row)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=1_200_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--pysbd-runs", type=int, default=1)
    parser.add_argument("--seed", type=int, default=2021)
    parser.add_argument("--language-size", type=int, default=150_000)
    options = parser.parse_args()

    corpus = build_corpus(options.size, options.seed)
    paragraphs = corpus.split("\n\n")
    chars = len(corpus)
    sentences = len(split_sentences(corpus))
    print(f"corpus: {chars:,} chars, {len(paragraphs):,} paragraphs", end=", ")
    print(f"{sentences:,} segments")

    load_before = os.getloadavg()[0]
    ours = best_seconds(lambda: split_sentences(corpus), options.runs)
    print(f"split_sentences: {chars / ours:,.0f} chars/s (best of {options.runs})")

    claims = best_seconds(lambda: extract_claims(corpus), max(1, options.runs // 2))
    print(f"extract_claims:  {chars / claims:,.0f} chars/s")

    try:
        import pysbd
    except ImportError:
        print("pysbd: not installed, no comparison")
    else:
        segmenter = pysbd.Segmenter(language="en", clean=False, char_span=False)
        theirs = best_seconds(
            lambda: [segmenter.segment(p) for p in paragraphs], options.pysbd_runs
        )
        print(
            f"pysbd {pysbd.__version__} per paragraph: {chars / theirs:,.0f} chars/s "
            f"(best of {options.pysbd_runs})"
        )
        print(f"ratio split_sentences / pysbd: {theirs / ours:.1f}x")

    load_after = os.getloadavg()[0]
    print(f"load average (1 min): {load_before:.2f} before, {load_after:.2f} after")

    ours_golden, theirs_golden, total = golden_scores()
    theirs_text = "n/a" if theirs_golden is None else f"{theirs_golden}/{total}"
    print(f"golden rules: ours {ours_golden}/{total}, pysbd {theirs_text}")

    load_before = os.getloadavg()[0]
    language_groups(options)
    load_after = os.getloadavg()[0]
    print(f"load average (1 min): {load_before:.2f} before, {load_after:.2f} after")


if __name__ == "__main__":
    main()
