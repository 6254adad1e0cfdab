"""An in-silico cluster trial: framework-guided implementation against implementation as usual, with a power curve.

The paper closes by proposing a cluster randomised trial of implementation
guided by its framework against implementation as usual, with sustained
access to MBCT over 5-10 years as the primary outcome (seed 001, Discussion).
This script runs that trial in the model:

* A pool of services (the clusters), each with its own context drawn from
  distributions around the model's defaults (an assumption; see CONTEXT).
* Two arms. *Implementation as usual*: one grassroots champion
  (``lone_champion``). *Framework-guided*: the same start, plus what the
  framework's themes ask for and a service can act on - implementers at
  several levels, succession planning, and investment in a training pathway
  (strategies ``several_implementers``, ``succession_planning``,
  ``training_investment``). Real services adopt only part of what a
  framework recommends: with adherence *a*, each framework service takes up
  each component with probability *a* (drawn once per service, so the
  services that adopt a component at a = 0.5 also adopt it at a = 1).
* Primary outcome: sustained access - courses running (one started in the
  last 12 months) in every month from the start of year 5 to the end of
  year 10.
* Every service is simulated under both arms with the same seeds; a simulated
  trial then allocates each service to one arm only: it draws 2N distinct
  services from the pool, gives N to each arm, and tests the difference in
  sustained access with Fisher's exact test at the 5% level. Power is the
  share of simulated trials that reject.

Writes ``docs/figures/cluster_trial_power.html`` and ``cluster_trial.md``.
Usage: ``python experiments/cluster_trial.py [--services 300] [--trials 1000] [--adherence 1 0.5] [--workers 2]``.
"""

from __future__ import annotations

import math

import numpy as np
import plotly.graph_objects as go
from common import PALETTE, markdown_table, options, run, write_figure, write_json, write_text
from scipy import stats

from journeysim.analysis.bootstrap import paired_mean_difference, proportion_ci
from journeysim.api import inputs
from journeysim.batch import RunSpec, run_many
from journeysim.batch.executors import make_executor
from journeysim.cli.options import option
from journeysim.library import load_scenario
from journeysim.parameters import PARAMETERS
from journeysim.presentation.style import band_traces

USUAL = "lone_champion"
COMPONENTS = ("several_implementers", "succession_planning", "training_investment")
START_YEAR, YEARS = 2015, 10
SUSTAINED = (48, 120)  # months [start of year 5, end of year 10)
# Service contexts (Beta distributions: mean, concentration). Assumption: services vary around the defaults.
CONTEXT = {
    "pressure": (0.55, 8.0),
    "culture": (0.4, 8.0),
    "stability": (0.6, 8.0),
    "budget_health": (0.55, 8.0),
    "middle_view_mean": (0.5, 6.0),
    "senior_view_mean": (0.5, 6.0),
}
SIZES = (5, 10, 15, 20, 25, 30, 40, 50, 60, 80, 100)


def draw_services(n: int, seed: int) -> tuple[list[dict[str, float]], np.ndarray]:
    """One context per service (each value clipped into its declared range) and its uptake draws per component."""
    rng = np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(2**20,)))
    contexts = []
    for _ in range(n):
        ctx = {}
        for name, (mean, k) in CONTEXT.items():
            p = PARAMETERS[name]
            ctx[name] = float(np.clip(rng.beta(mean * k, (1 - mean) * k), p.low, p.high))
        contexts.append(ctx)
    return contexts, rng.random((n, len(COMPONENTS)))


def framework_ref(uptake: np.ndarray, adherence: float) -> str:
    """The scenario of a framework-guided service that adopts the components drawn below the adherence."""
    return "+".join([USUAL, *(c for c, u in zip(COMPONENTS, uptake, strict=True) if u < adherence)])


def sustained_access(series) -> dict[str, bool]:
    """Run id -> courses running in every month of years 5 to 10."""
    window = series[(series["month"] >= SUSTAINED[0]) & (series["month"] < SUSTAINED[1])]
    return window.groupby("run_id")["running"].all().to_dict()


def simulate_power(usual: np.ndarray, framework: np.ndarray, sizes, trials: int, seed: int) -> list[dict]:
    """Power of Fisher's exact test for N services per arm, by resampling services from the pool."""
    rng = np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(2**21,)))
    pool = len(usual)
    out = []
    for n in sizes:
        if 2 * n > pool:
            break
        rejections = 0
        for _ in range(trials):
            chosen = rng.choice(pool, size=2 * n, replace=False)
            a, b = int(usual[chosen[:n]].sum()), int(framework[chosen[n:]].sum())
            rejections += stats.fisher_exact([[a, n - a], [b, n - b]]).pvalue < 0.05
        ci = proportion_ci(rejections, trials)
        out.append({"services_per_arm": n, "power": ci.estimate, "ci_low": ci.ci_low, "ci_high": ci.ci_high})
    return out


def analytic_n(p1: float, p2: float, power: float, alpha: float = 0.05) -> float:
    """Services per arm for a two-proportion test (normal approximation, Fleiss without continuity correction)."""
    if p1 == p2:
        return math.inf
    za, zb = stats.norm.ppf(1 - alpha / 2), stats.norm.ppf(power)
    pbar = (p1 + p2) / 2
    top = za * math.sqrt(2 * pbar * (1 - pbar)) + zb * math.sqrt(p1 * (1 - p1) + p2 * (1 - p2))
    return (top / (p1 - p2)) ** 2


def first_reaching(curve: list[dict], target: float) -> int | None:
    return next((c["services_per_arm"] for c in curve if c["power"] >= target), None)


def figure(curves: dict[float, list[dict]], p_usual: float, p_framework: dict[float, float]) -> go.Figure:
    fig = go.Figure()
    for colour, (adherence, curve) in zip(PALETTE[1:], curves.items(), strict=False):
        n = [c["services_per_arm"] for c in curve]
        fig.add_traces(band_traces(n, [c["ci_low"] for c in curve], [c["ci_high"] for c in curve], colour, 0.2))
        fig.add_trace(
            go.Scatter(
                x=n,
                y=[c["power"] for c in curve],
                mode="lines+markers",
                line={"color": colour},
                name=f"adherence {adherence:g}: {100 * p_framework[adherence]:.0f}% vs {100 * p_usual:.0f}% sustained",
            )
        )
    fig.add_hline(y=0.8, line_dash="dot", annotation_text="80% power")
    fig.update_layout(
        title="In-silico cluster trial: power to detect a difference in sustained access (Fisher's exact test, 5%)",
        xaxis_title="services per arm",
        yaxis_title="power",
        yaxis_range=[0, 1.02],
        xaxis_type="log",
    )
    return fig


def pct_ci(iv) -> str:
    return f"{100 * iv.estimate:.0f}% ({100 * iv.ci_low:.0f}-{100 * iv.ci_high:.0f})"


def main() -> None:
    adherence = option("adherence", "float", 0.0, 1.0, "uptake of each component")
    # one run per simulated service and arm: no --replications
    p = options(__doc__.splitlines()[0], replications=None, ranges={"adherence": adherence})
    p.add_argument("--services", type=int, default=300, help="services in the simulated pool (default 300)")
    p.add_argument("--trials", type=int, default=1000, help="simulated trials per size (default 1000)")
    p.add_argument("--adherence", type=float, nargs="+", default=[1.0, 0.5], help="uptake of each component, 0-1")
    args = p.parse_args()
    inputs.whole("--services", args.services, 2)  # a trial draws two services at the least
    inputs.whole("--trials", args.trials, 1)
    contexts, uptake = draw_services(args.services, args.seed)
    arms = {"usual": [USUAL] * args.services}
    for a in args.adherence:
        arms[f"framework@{a:g}"] = [framework_ref(u, a) for u in uptake]
    sets = {"start_year": START_YEAR, "years": YEARS}
    bases = {ref: load_scenario(ref, sets=sets) for refs in arms.values() for ref in set(refs)}
    specs = [
        RunSpec(bases[ref].with_parameters(contexts[j], source="service context"), j, args.seed, label=arm)
        for arm, refs in arms.items()
        for j, ref in enumerate(refs)
    ]
    # a service's run under 'usual' is the same whatever the adherence: run each distinct (scenario, service) once
    unique = {(s.scenario.hash, s.replication): s for s in specs}
    with make_executor(args.workers, args.scheduler) as executor:
        result = run_many(list(unique.values()), executor=executor, keep_series=True, progress=True)
    runs = result.runs
    failed = int((runs["status"] != "ok").sum())
    if failed:
        raise SystemExit(f"{failed} runs failed: {runs[runs['status'] != 'ok']['error'].iloc[0]}")
    sustained = sustained_access(result.series)
    by_key = {
        (h, r): sustained[i] for h, r, i in zip(runs["scenario_hash"], runs["replication"], runs["run_id"], strict=True)
    }
    outcome = {
        arm: np.array([by_key[(s.scenario.hash, s.replication)] for s in specs if s.label == arm], float)
        for arm in arms
    }
    usual = outcome["usual"]
    p_u = proportion_ci(int(usual.sum()), len(usual))
    curves, p_f, rows, summary = {}, {}, [], {"arms": {}, "power": {}}
    for a in args.adherence:
        framework = outcome[f"framework@{a:g}"]
        iv = proportion_ci(int(framework.sum()), len(framework))
        effect = paired_mean_difference(usual, framework, seed=args.seed)
        curves[a] = simulate_power(usual, framework, SIZES, args.trials, args.seed)
        p_f[a] = iv.estimate
        n80, n90 = first_reaching(curves[a], 0.8), first_reaching(curves[a], 0.9)
        a80, a90 = analytic_n(p_u.estimate, iv.estimate, 0.8), analytic_n(p_u.estimate, iv.estimate, 0.9)
        more = f"> {curves[a][-1]['services_per_arm']}"
        rows.append(
            [
                f"{a:g}",
                pct_ci(iv),
                f"{100 * effect.estimate:+.0f} ({100 * effect.ci_low:+.0f} to {100 * effect.ci_high:+.0f})",
                n80 or more,
                math.ceil(a80) if math.isfinite(a80) else "∞",
                n90 or more,
                math.ceil(a90) if math.isfinite(a90) else "∞",
            ]
        )
        summary["arms"][f"framework-guided, adherence {a:g}"] = [iv.estimate, iv.ci_low, iv.ci_high]
        summary["power"][f"{a:g}"] = {
            "curve": curves[a],
            "n80": n80,
            "n90": n90,
            "analytic_n80": a80,
            "analytic_n90": a90,
            "paired_difference": [effect.estimate, effect.ci_low, effect.ci_high],
        }
    summary["arms"]["implementation as usual"] = [p_u.estimate, p_u.ci_low, p_u.ci_high]
    summary.update(
        services=args.services,
        trials_per_size=args.trials,
        seed=args.seed,
        start_year=START_YEAR,
        years=YEARS,
        context={k: list(v) for k, v in CONTEXT.items()},
        components=list(COMPONENTS),
    )
    write_figure(figure(curves, p_u.estimate, p_f), args.figures / "cluster_trial_power.html")
    write_json(args.figures / "cluster_trial.json", summary)
    power_rows = [
        [
            c["services_per_arm"],
            *(f"{curves[a][i]['power']:.2f}" if i < len(curves[a]) else "-" for a in args.adherence),
        ]
        for i, c in enumerate(curves[args.adherence[0]])
    ]
    text = (
        f"In-silico cluster trial: {args.services} simulated services (contexts drawn around the defaults), "
        f"starting in {START_YEAR} and followed for {YEARS} years; primary outcome sustained access (courses running "
        f"in every month of years 5-10). Implementation as usual: {pct_ci(p_u)} sustained.\n\n"
        + markdown_table(
            [
                "adherence",
                "framework-guided sustained",
                "paired difference (pts)",
                "N/arm 80% (sim)",
                "N/arm 80% (formula)",
                "N/arm 90% (sim)",
                "N/arm 90% (formula)",
            ],
            rows,
        )
        + f"\nPower by services per arm ({args.trials} simulated trials each, Fisher's exact test at 5%):\n\n"
        + markdown_table(["services per arm", *(f"adherence {a:g}" for a in args.adherence)], power_rows)
    )
    write_text(args.figures / "cluster_trial.md", text, stamp=True)
    print(text)


if __name__ == "__main__":
    run(main)
