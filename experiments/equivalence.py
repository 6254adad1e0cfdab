"""Equivalence of the fast path through dormant months: every outcome's distribution with it on and off.

Runs every shipped single-service scenario ``--replications`` times and the
national population (``uk_services``) ``--nation-runs`` times, each seed once
with ``JourneyModel.skip_dormant`` on and once off, and compares each outcome's
two samples: a Kolmogorov-Smirnov test for a continuous outcome, Fisher's exact
test for a yes/no outcome, Holm's correction across every test made, and each
test's power to see a shift of ``--shift`` standard deviations at the sample
sizes used (KS power simulated on normals; share power from the normal
approximation at the pooled share). It also reports the share of paired runs
(same seed) whose values are equal: a change that moves no random draw gives
equal runs, and the tests are then a formality.

Writes ``equivalence.md`` and ``equivalence.json`` to ``--figures``.
Usage: ``python experiments/equivalence.py [--replications 2000] [--nation-runs 200] [--workers 2]``.
"""

from __future__ import annotations

from dataclasses import asdict
from functools import cache
from typing import Any

from common import markdown_table, options, run, write_json, write_text

from journeysim.analysis.equivalence import Comparison, compare_samples, with_holm
from journeysim.batch.executors import make_executor
from journeysim.cli.options import option
from journeysim.library import load_scenario, shipped_scenarios
from journeysim.model.model import JourneyModel
from journeysim.runs import run_journey
from journeysim.runs.population import run_nation
from journeysim.scenario import Scenario

NATION = "uk_services"
RANGES = {
    "nation_runs": option("nation_runs", "int", 0, 100_000, "national runs per version"),
    "shift": option("shift", "float", 0.01, 2.0, "shift in standard deviations the power is stated for"),
    "simulations": option("simulations", "int", 10, 100_000, "simulated samples for the KS test's power"),
}
ALPHA = 0.05  # the family-wise level Holm's correction holds


@cache
def scenario_named(name: str) -> Scenario:
    """A shipped scenario, read once per process."""
    return load_scenario(name)


def one_run(name: str, seed: int, skip: bool) -> dict[str, Any]:
    """One run's scalar outcomes, with the fast path through dormant months on or off (set in this process)."""
    JourneyModel.skip_dormant = skip
    scenario = scenario_named(name)
    result = run_nation(scenario, seed) if scenario.population is not None else run_journey(scenario, seed)
    return dict(result.outcomes)


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
    header = ["runs", "outcome", "test", "n", "mean on", "mean off", "statistic", "p", "p (Holm)", "power", "equal"]
    return markdown_table(header, rows)


def main() -> None:
    parser = options(__doc__.splitlines()[0], replications=2000, ranges=RANGES)
    parser.add_argument("--nation-runs", type=int, default=200, help="national runs per version (default 200)")
    parser.add_argument("--shift", type=float, default=0.1, help="shift (sds) the power is stated for (default 0.1)")
    parser.add_argument("--simulations", type=int, default=400, help="simulations for the KS power (default 400)")
    parser.add_argument("--scenarios", nargs="+", default=None, help="single-service scenarios (default: all shipped)")
    args = parser.parse_args()
    groups = {name: args.replications for name in (args.scenarios or single_scenarios())}
    if args.nation_runs:
        groups[NATION] = args.nation_runs
    jobs = [(name, args.seed + r, skip) for name, n in groups.items() for r in range(n) for skip in (True, False)]
    with make_executor(args.workers, args.scheduler) as executor:
        results = list(executor.map(one_run, *zip(*jobs, strict=True)))
    comparisons: list[Comparison] = []
    for name in groups:
        on = [o for (g, _, skip), o in zip(jobs, results, strict=True) if g == name and skip]
        off = [o for (g, _, skip), o in zip(jobs, results, strict=True) if g == name and not skip]
        comparisons += compare_samples(name, on, off, args.shift, ALPHA, args.simulations)
    comparisons = with_holm(comparisons)
    rejected = [c for c in comparisons if c.p_holm < ALPHA]
    tested = [c for c in comparisons if c.test != "constant"]
    median_power = sorted(c.power for c in tested)[len(tested) // 2] if tested else 0.0
    summary = (
        f"{len(comparisons)} outcome comparisons over {len(groups)} scenario(s) "
        f"({', '.join(f'{g}: {n} runs per version' for g, n in groups.items())}); "
        f"{len(rejected)} differ at a family-wise {ALPHA:.0%} (Holm). "
        f"Power to see a {args.shift} sd shift at the nominal level: "
        f"median {median_power:.2f} over the {len(tested)} tested. "
        f"Paired runs equal in every outcome: {min((c.identical for c in comparisons), default=1.0):.0%} at least."
    )
    print(summary)
    print(table(comparisons))
    text = f"# Equivalence of the dormant fast path\n\n{summary}\n\n{table(comparisons)}"
    write_text(args.figures / "equivalence.md", text, stamp=True)
    write_json(args.figures / "equivalence.json", {"summary": summary, "comparisons": [asdict(c) for c in comparisons]})


if __name__ == "__main__":
    run(main)
