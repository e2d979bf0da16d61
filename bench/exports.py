"""Time every report export at 50 and 500 claims.

Run from the repository root:

    .venv/bin/python bench/exports.py [--sizes 50,500] [--runs N] [--pdf-runs N]
                                      [--formats pdf,html]

It builds synthetic snapshots (the tests' generator: generated news sentences, two
citations per claim, verdicts across the default scale; no database) and prints each
format's render time, best of N runs (wall clock and CPU time), and the output size.

The PDF is timed in a fresh process per run, after that process has printed another
report (so Typst's fonts and template are loaded, as in a running worker): Typst
memoises layout within a process, and a second render of the same snapshot costs a
tenth of the first, which is not what a desk waits for (docs/PERFORMANCE.md). The
goals are HTML at most 1 s, and the PDF at most 0.2 s of CPU at 50 claims and 1 s at
500. It passes or fails nothing.
"""

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from reports import exporters  # noqa: E402
from tests.reports.snapshots import synthetic_snapshot  # noqa: E402


def best_of(runs: int, render, snapshot) -> tuple[float, float, int]:
    """Best wall-clock and best CPU seconds of `runs` renders, and the size."""
    wall, cpu, size = float("inf"), float("inf"), 0
    for _ in range(runs):
        started, started_cpu = time.perf_counter(), time.process_time()
        payload = render(snapshot)
        wall = min(wall, time.perf_counter() - started)
        cpu = min(cpu, time.process_time() - started_cpu)
        size = len(payload)
    return wall, cpu, size


# Run in a child process: print the seed report (fonts, template), then time one
# render of a synthetic snapshot that process has never seen.
_COLD_PDF = """
import json, sys, time
sys.path.insert(0, {root!r})
from reports import exporters
from tests.reports.snapshots import seed_snapshot, synthetic_snapshot
pdf = exporters.get("pdf")
pdf.render(seed_snapshot())
snapshot = synthetic_snapshot({size})
started, started_cpu = time.perf_counter(), time.process_time()
payload = pdf.render(snapshot)
cpu = time.process_time() - started_cpu
wall = time.perf_counter() - started
# Forgetting the report's memoised layout, which a thread does after the bytes
# are returned (reports/exporters/pdf_document.py): timed apart, never hidden.
from reports.exporters import pdf_document
started_cpu = time.process_time()
pdf_document.settle()
forgetting = time.process_time() - started_cpu
print(json.dumps([wall, cpu, len(payload), forgetting]))
"""


FORGETTING: dict[int, list[float]] = {}


def best_of_cold_pdf(runs: int, size: int) -> tuple[float, float, int]:
    """Best wall-clock and CPU seconds of `runs` PDF renders, each the first render
    of its snapshot in a fresh process, and the size. The CPU the layout's
    forgetting took after each render is kept in FORGETTING[size]."""
    wall, cpu, length = float("inf"), float("inf"), 0
    forgetting = FORGETTING.setdefault(size, [])
    for _ in range(runs):
        output = subprocess.run(
            [sys.executable, "-c", _COLD_PDF.format(root=str(ROOT), size=size)],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        run_wall, run_cpu, length, run_forgetting = json.loads(
            output.strip().splitlines()[-1]
        )
        wall, cpu = min(wall, run_wall), min(cpu, run_cpu)
        forgetting.append(run_forgetting)
    return wall, cpu, length


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="50,500")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--pdf-runs", type=int, default=3)
    parser.add_argument(
        "--formats", default="", help="identifiers to time, comma-separated (all)"
    )
    options = parser.parse_args()
    sizes = [int(size) for size in options.sizes.split(",")]
    wanted = {name for name in options.formats.split(",") if name}

    print(f"load average before: {os.getloadavg()[0]:.2f}")
    # Wall-clock time, then CPU time (less disturbed by other work on the machine).
    header = "".join(f"{f'{size} claims: wall / cpu / size':>38}" for size in sizes)
    print(f"{'format':<14}{header}")
    snapshots = {size: synthetic_snapshot(size) for size in sizes}
    for exporter in exporters.all():
        if wanted and exporter.identifier not in wanted:
            continue
        cells = []
        for size in sizes:
            if exporter.identifier == "pdf":
                wall, cpu, length = best_of_cold_pdf(options.pdf_runs, size)
            else:
                wall, cpu, length = best_of(
                    options.runs, exporter.render, snapshots[size]
                )
            cells.append(
                f"{wall * 1000:>10,.1f} ms {cpu * 1000:>10,.1f} ms "
                f"{length / 1024:>7,.0f} KiB"
            )
        print(f"{exporter.identifier:<14}" + "".join(f"{cell:>38}" for cell in cells))
    print(
        f"best of {options.runs} runs (PDF: {options.pdf_runs}, each the first "
        "render of its snapshot in a fresh process)"
    )
    for size, seconds in FORGETTING.items():
        if any(seconds):
            print(
                f"pdf, {size} claims: then {min(seconds) * 1000:,.1f} to "
                f"{max(seconds) * 1000:,.1f} ms of CPU forgetting the layout, "
                "in a thread after the bytes are returned"
            )
    print(f"load average after: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
