"""Peak memory of a 10,000-run sweep against a 1,000-run sweep (it should be nearly flat).

Each sweep runs as ``journeysim sweep`` in a fresh child process on a local
pool; the memory of the whole process tree (PSS, so shared pages are counted
once) is sampled every 50 ms. Runs stream to Parquet part files written by
the workers, so the driver holds no results and memory should not grow with
the number of runs.

Usage: ``python benchmarks/bench_memory.py [--small 1000] [--large 10000] [--workers 2]``
(about two to three minutes on 2 cores). Bigger: ``--large 100000 --workers 8``.
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
from pathlib import Path

from common import measure, mib

EXPERIMENT = """
name = "memory_{runs}"
scenario = "lone_champion"
replications = 10
seed = 1
[set]
years = 10
[design]
method = "lhs"
samples = {points}
[vary.pressure]
[vary.culture]
"""


def sweep(runs: int, workers: int, folder: Path) -> tuple[dict, int, float]:
    path = folder / f"memory_{runs}.toml"
    path.write_text(EXPERIMENT.format(runs=runs, points=runs // 10))
    out = folder / f"out_{runs}"
    args = [
        "-m",
        "journeysim.cli",
        "sweep",
        str(path),
        "--out",
        str(out),
        "--workers",
        str(workers),
        "--no-progress",
        "--json",
    ]
    return measure(args)


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--small", type=int, default=1000)
    p.add_argument("--large", type=int, default=10000)
    p.add_argument("--workers", type=int, default=2)
    args = p.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="journeysim-bench-"))
    try:
        results = {}
        for runs in (args.small, args.large):
            summary, peak, wall = sweep(runs, args.workers, folder)
            assert summary["complete"] and summary["runs_done"] == runs
            size = sum(f.stat().st_size for f in (folder / f"out_{runs}").rglob("*") if f.is_file())
            results[runs] = peak
            print(
                f"{runs:>7,} runs: {wall:6.1f} s ({runs / wall:.0f} runs/s), peak memory {mib(peak)}, "
                f"results on disk {size / 2**20:.1f} MiB"
            )
        ratio = results[args.large] / results[args.small]
        print(
            f"peak memory ratio, {args.large:,} runs / {args.small:,} runs: x{ratio:.2f} "
            f"(runs x{args.large / args.small:.0f})"
        )
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
