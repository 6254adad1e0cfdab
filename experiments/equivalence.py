"""Equivalence of two versions of the code: every outcome's distribution, this checkout against a reference.

For a change meant to keep every outcome's distribution but not every random draw (say,
services stepped together instead of one by one): run every shipped single-service
scenario ``--replications`` times and the national population (``uk_services``)
``--nation-runs`` times under this checkout and under ``--reference`` (any checkout of the
project, e.g. ``git worktree add ../journeysim-ref <commit>``), the same seeds under both,
and compare each outcome's two samples: a Kolmogorov-Smirnov test for a continuous
outcome, Fisher's exact test for a yes/no outcome, Holm's correction across every test
made, and each test's power to see a shift of ``--shift`` standard deviations at the sample
sizes used (KS power simulated on normals; share power from the normal approximation at the
pooled share). It also reports the share of paired runs (same seed) whose values are equal:
a change that moves no random draw gives equal runs, and the tests are then a formality.

Each version runs in its own child processes (``--chunk`` runs each), with that checkout
first on Python's path, so two versions of the package never meet in one process.
Writes ``equivalence.md`` and ``equivalence.json`` to ``--figures``.
Usage: ``python experiments/equivalence.py --reference ../journeysim-ref [--replications 2000]
[--nation-runs 200] [--workers 2]``.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict
from pathlib import Path
from typing import Any

from common import ROOT, markdown_table, options, run, shown_path, write_json, write_text

from journeysim.analysis.equivalence import Comparison, compare_samples, with_holm
from journeysim.cli.options import UsageError, option
from journeysim.library import load_scenario, shipped_scenarios

NATION = "uk_services"
RANGES = {
    "nation_runs": option("nation_runs", "int", 0, 100_000, "national runs per version"),
    "shift": option("shift", "float", 0.01, 2.0, "shift in standard deviations the power is stated for"),
    "simulations": option("simulations", "int", 10, 100_000, "simulated samples for the KS test's power"),
    "chunk": option("chunk", "int", 1, 100_000, "runs per child process"),
}
ALPHA = 0.05  # the family-wise level Holm's correction holds

# Runs (scenario name, seed) read from stdin under the checkout first on the path; their outcomes to stdout.
CHILD = """
import json, sys
import journeysim
assert journeysim.__file__.startswith(CODE), journeysim.__file__
from journeysim.library import load_scenario
from journeysim.runs import run_journey
from journeysim.runs.population import run_nation
scenarios = {}
out = []
for name, seed in json.load(sys.stdin):
    scenario = scenarios.get(name) or scenarios.setdefault(name, load_scenario(name))
    result = run_nation(scenario, seed) if scenario.population is not None else run_journey(scenario, seed)
    out.append(dict(result.outcomes))
json.dump(out, sys.stdout)
"""


def outcomes_under(code: Path, runs: list[tuple[str, int]]) -> list[dict[str, Any]]:
    """The scalar outcomes of ``runs`` (scenario name, seed) with the checkout ``code`` first on the path."""
    env = {**os.environ, "PYTHONPATH": str(code)}
    args = [sys.executable, "-c", CHILD.replace("CODE", repr(str(code)))]
    # From the checkout's own folder: ``python -c`` puts the working folder first on the path.
    done = subprocess.run(args, input=json.dumps(runs), env=env, cwd=code, capture_output=True, text=True)
    if done.returncode:
        raise RuntimeError(f"runs under {code} failed:\n{done.stderr.strip()}")
    return json.loads(done.stdout)


def single_scenarios() -> list[str]:
    """The shipped scenarios of one service."""
    return [name for name in shipped_scenarios() if load_scenario(name).population is None]


def table(comparisons: list[Comparison]) -> str:
    """The comparisons as a Markdown table, smallest adjusted p first."""
    rows = [
        [c.group, c.outcome, c.test, c.n_a, f"{c.mean_a:.4g}", f"{c.mean_b:.4g}", f"{c.statistic:.3g}",
         f"{c.p:.3g}", f"{c.p_holm:.3g}", f"{c.power:.2f}", f"{c.identical:.0%}"]
        for c in sorted(comparisons, key=lambda c: (c.p_holm, c.p))
    ]  # fmt: skip
    header = ["runs", "outcome", "test", "n", "mean here", "mean ref.", "statistic", "p", "p (Holm)", "power", "equal"]
    return markdown_table(header, rows)


def main() -> None:
    parser = options(__doc__.splitlines()[0], replications=2000, ranges=RANGES)
    parser.add_argument("--reference", type=Path, required=True, help="folder of the reference checkout")
    parser.add_argument("--nation-runs", type=int, default=200, help="national runs per version (default 200)")
    parser.add_argument("--shift", type=float, default=0.1, help="shift (sds) the power is stated for (default 0.1)")
    parser.add_argument("--simulations", type=int, default=400, help="simulations for the KS power (default 400)")
    parser.add_argument("--chunk", type=int, default=200, help="runs per child process (default 200)")
    parser.add_argument("--scenarios", nargs="+", default=None, help="single-service scenarios (default: all shipped)")
    args = parser.parse_args()
    reference = args.reference.resolve()
    if not (reference / "journeysim").is_dir():
        raise UsageError(f"--reference {args.reference}: no journeysim package in that folder (a checkout is needed)")
    if args.scheduler:
        raise UsageError("--scheduler: each version runs in child processes of its own checkout; use --workers")
    groups = {name: args.replications for name in (args.scenarios or single_scenarios())}
    if args.nation_runs:
        groups[NATION] = args.nation_runs
    runs = [(name, args.seed + r) for name, n in groups.items() for r in range(n)]
    chunks = [runs[i : i + args.chunk] for i in range(0, len(runs), args.chunk)]
    codes = {"here": ROOT, "reference": reference}
    with ThreadPoolExecutor(args.workers or os.cpu_count() or 1) as pool:  # the work is in the child processes
        futures = {v: [pool.submit(outcomes_under, code, c) for c in chunks] for v, code in codes.items()}
        results = {v: [o for f in fs for o in f.result()] for v, fs in futures.items()}
    comparisons: list[Comparison] = []
    for name in groups:
        here, ref = ([o for (g, _), o in zip(runs, results[v], strict=True) if g == name] for v in codes)
        comparisons += compare_samples(name, here, ref, args.shift, ALPHA, args.simulations)
    comparisons = with_holm(comparisons)
    rejected = [c for c in comparisons if c.p_holm < ALPHA]
    tested = [c for c in comparisons if c.test != "constant"]
    median_power = sorted(c.power for c in tested)[len(tested) // 2] if tested else 0.0
    summary = (
        f"This checkout against {shown_path(reference)}: "
        f"{len(comparisons)} outcome comparisons over {len(groups)} scenario(s) "
        f"({', '.join(f'{g}: {n} runs per version' for g, n in groups.items())}); "
        f"{len(rejected)} differ at a family-wise {ALPHA:.0%} (Holm). "
        f"Power to see a {args.shift} sd shift at the nominal level: "
        f"median {median_power:.2f} over the {len(tested)} tested. "
        f"Paired runs equal in every outcome: {min((c.identical for c in comparisons), default=1.0):.0%} at least."
    )
    print(summary)
    print(table(comparisons))
    text = f"# Equivalence of two versions of the code\n\n{summary}\n\n{table(comparisons)}"
    write_text(args.figures / "equivalence.md", text, stamp=True)
    write_json(args.figures / "equivalence.json", {"summary": summary, "comparisons": [asdict(c) for c in comparisons]})


if __name__ == "__main__":
    run(main)
