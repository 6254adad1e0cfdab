"""This code against a reference checkout of the project, side by side on the same machine at the same time.

Each repeat runs, in a fresh child process for each code (this one, then the
reference, alternating), a national run of ``uk_services`` (196 services,
2004-2028) and one journey of ``lone_champion`` (the median of a few), and
prints both medians and their ratio. The reference is any checkout of the
project (for issue 28, the commit before this round of issues, d21751d): make
one with ``git worktree add ../journeysim-ref d21751d`` and pass its folder.
Both codes run with the Python running this script and its installed libraries.

Usage: ``python benchmarks/bench_reference.py --reference ../journeysim-ref [--repeat 5]``.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

CHILD = """
import json, time
import journeysim
assert journeysim.__file__.startswith(CODE), journeysim.__file__
from journeysim.library import load_scenario
from journeysim.model.model import JourneyModel
from journeysim.nation.model import NationModel
nation, single = load_scenario("uk_services"), load_scenario("lone_champion")
t = time.perf_counter()
NationModel(nation, SEED).run()
national = time.perf_counter() - t
journeys = []
for s in range(JOURNEYS):
    t = time.perf_counter()
    JourneyModel(single, s).run()
    journeys.append(time.perf_counter() - t)
journeys.sort()
print(json.dumps({"national": national, "journey": journeys[len(journeys) // 2]}))
"""


def measure(code: Path, seed: int, journeys: int) -> dict[str, float]:
    """Seconds for one national run and the median journey, with ``code`` first on the path."""
    env = {**os.environ, "PYTHONPATH": str(code)}
    script = CHILD.replace("SEED", str(seed)).replace("JOURNEYS", str(journeys)).replace("CODE", repr(str(code)))
    # Run from the code's own folder: ``python -c`` puts the working folder first on the path.
    args = [sys.executable, "-c", script]
    out = subprocess.run(args, env=env, cwd=code, capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--reference", type=Path, required=True, help="folder of the reference checkout")
    p.add_argument("--repeat", type=int, default=5, help="child processes per code (interleaved)")
    p.add_argument("--journeys", type=int, default=15, help="journeys per child (its median is kept)")
    args = p.parse_args()
    if not (args.reference / "journeysim").is_dir():
        raise SystemExit(f"--reference {args.reference}: no journeysim package in that folder")
    runs: dict[str, list[dict[str, float]]] = {"this": [], "reference": []}
    for r in range(args.repeat):
        runs["this"].append(measure(ROOT, r, args.journeys))
        runs["reference"].append(measure(args.reference.resolve(), r, args.journeys))
    print(f"Median of {args.repeat} interleaved child processes (seconds):")
    print(f"{'':>28} {'this':>9} {'reference':>10} {'speed-up':>9}")
    for key, label in (("national", "national run (uk_services)"), ("journey", "one journey (lone_champion)")):
        this = statistics.median(x[key] for x in runs["this"])
        ref = statistics.median(x[key] for x in runs["reference"])
        print(f"{label:>28} {this:>9.3f} {ref:>10.3f} {ref / this:>8.2f}x")


if __name__ == "__main__":
    main()
