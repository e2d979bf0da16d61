"""Time every report export at 50 and 500 claims.

Run from the repository root:

    .venv/bin/python bench/exports.py [--sizes 50,500] [--runs N] [--pdf-runs N]

It builds synthetic snapshots (the tests' generator: generated news sentences, two
citations per claim, verdicts across the default scale; no database) and prints each
format's render time, best of N runs (wall clock and CPU time), and the output size.
The goals are HTML at most 1 s and PDF at most 10 s at 500 claims. It passes or fails
nothing.
"""

import argparse
import os
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="50,500")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--pdf-runs", type=int, default=2)
    options = parser.parse_args()
    sizes = [int(size) for size in options.sizes.split(",")]

    print(f"load average before: {os.getloadavg()[0]:.2f}")
    exporters.get("pdf").render(synthetic_snapshot(1))  # load WeasyPrint and fonts
    # Wall-clock time, then CPU time (less disturbed by other work on the machine).
    header = "".join(f"{f'{size} claims: wall / cpu / size':>38}" for size in sizes)
    print(f"{'format':<14}{header}")
    snapshots = {size: synthetic_snapshot(size) for size in sizes}
    for exporter in exporters.all():
        runs = options.pdf_runs if exporter.identifier == "pdf" else options.runs
        cells = []
        for size in sizes:
            wall, cpu, length = best_of(runs, exporter.render, snapshots[size])
            cells.append(
                f"{wall * 1000:>10,.1f} ms {cpu * 1000:>10,.1f} ms "
                f"{length / 1024:>7,.0f} KiB"
            )
        print(f"{exporter.identifier:<14}" + "".join(f"{cell:>38}" for cell in cells))
    print(f"best of {options.runs} runs (PDF: {options.pdf_runs})")
    print(f"load average after: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
