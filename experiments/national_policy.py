"""National policy for a nation of services: what training places, service money and support buy.

The UK population (``uk_services``: 196 providers in four nations, 2004-2028)
under five national policies from April 2016, over paired replications
(replication i of every policy shares its seeds, so the same services meet the
same champions, shocks and departures):

* no national MBCT policy (only the dated national history);
* ``mindful_nation_training``: 300 teacher-training places a year for five years;
* ``recurrent_service_funding``: a GBP 20,000 funding line for every service with a teacher, ten years;
* ``one_off_service_funding``: the same money as one-off sums;
* ``national_support``: protected time for champions and a national supervision network, ten years.

Also checks the 2015 workforce census pattern over the same replications
(most English services with nobody trained in MBCT by 2015).

Writes ``docs/figures/national_policy.md``, ``national_policy.json`` and
``national_policy_*.html``. Usage:
``python experiments/national_policy.py [--replications 20] [--workers 2]``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from common import PALETTE, markdown_table, num, options, pct, run, write_figure, write_json, write_text

from journeysim.analysis.nation import summarize_nations
from journeysim.batch.executors import make_executor
from journeysim.library import load_scenario
from journeysim.presentation.style import band_traces
from journeysim.runs import purpose_seeds, run_nation

POLICIES = {
    "no national policy": "uk_services",
    "training places": "uk_services+mindful_nation_training",
    "recurrent funding": "uk_services+recurrent_service_funding",
    "one-off funding": "uk_services+one_off_service_funding",
    "protected time + supervision": "uk_services+national_support",
}
TRAJECTORIES = ("share_embedded", "share_no_teacher", "participants_per_100k", "gini")


def one_run(label: str, ref: str, seed: int, replication: int) -> tuple[str, int, dict, pd.DataFrame]:
    """Run one policy at one replication; return its outcomes and its yearly table for all services."""
    result = run_nation(load_scenario(ref), purpose_seeds(seed, replication)["model"])
    census = result.yearly[(result.yearly["nation"] == "england") & (result.yearly["year"] == 2015)]
    outcomes = {**result.outcomes, "england_share_no_teacher_2015": float(census["share_no_teacher"].iloc[0])}
    return label, replication, outcomes, result.yearly


def trajectory_figure(yearly: pd.DataFrame, column: str, title: str, axis: str, percent: bool) -> go.Figure:
    """Mean over replications (line) and the 10th-90th percentile band, per policy, over calendar years."""
    fig = go.Figure()
    scale = 100.0 if percent else 1.0
    for colour, label in zip(PALETTE, POLICIES, strict=False):
        frame = yearly[(yearly["policy"] == label) & (yearly["nation"] == "uk")]
        g = frame.groupby("year")[column]
        years = list(g.mean().index)
        low, high, mean = g.quantile(0.1) * scale, g.quantile(0.9) * scale, g.mean() * scale
        fig.add_traces(band_traces(years, low, high, colour, 0.12))
        fig.add_trace(go.Scatter(x=years, y=mean, name=label, line={"color": colour, "width": 3}))
    fig.add_vline(x=2016.25, line={"dash": "dot", "color": "#555"}, annotation_text="policies start (April 2016)")
    fig.update_layout(title=title, xaxis_title="calendar year (end of year)", yaxis_title=axis)
    return fig


def main() -> None:
    args = options(__doc__.splitlines()[0], replications=20).parse_args()
    jobs = [(label, ref, args.seed, r) for r in range(args.replications) for label, ref in POLICIES.items()]
    with make_executor(args.workers, args.scheduler, 10.0) as executor:
        results = list(executor.map(one_run, *zip(*jobs, strict=True)))
    rows = [{"scenario": label, "replication": r, "status": "ok", **o} for label, r, o, _ in results]
    runs = pd.DataFrame(rows)
    yearly = pd.concat([y.assign(policy=label, replication=r) for label, r, _, y in results], ignore_index=True)
    comparison = summarize_nations(runs, order=list(POLICIES), seed=args.seed)

    # The 2015 census pattern (brief §3), over the baseline's replications.
    census = runs[runs["scenario"] == "no national policy"]["england_share_no_teacher_2015"].to_numpy()

    base = runs[runs["scenario"] == "no national policy"].set_index("replication")
    table_rows, effects = [], {}
    for label in POLICIES:
        s = comparison["scenarios"][label]
        other = runs[runs["scenario"] == label].set_index("replication")
        extra_people = (other["participants_total"] - base["participants_total"]).mean()
        extra_relapses = (other["relapses_prevented_total"] - base["relapses_prevented_total"]).mean()
        money = other["policy_money_total"].mean()
        effects[label] = {
            "extra_people_reached": float(extra_people),
            "extra_relapses_prevented": float(extra_relapses),
            "policy_money": float(money),
            "policy_money_per_extra_person": float(money / extra_people) if extra_people > 0 and money else None,
            "policy_money_per_relapse_prevented": float(money / extra_relapses)
            if extra_relapses > 0 and money
            else None,
        }
        e = effects[label]
        table_rows.append(
            [
                label,
                pct(
                    s["share_embedded_final"]["value"],
                    s["share_embedded_final"]["ci_low"],
                    s["share_embedded_final"]["ci_high"],
                ),
                pct(
                    s["share_fragile_or_better_final"]["value"],
                    s["share_fragile_or_better_final"]["ci_low"],
                    s["share_fragile_or_better_final"]["ci_high"],
                ),
                pct(s["share_no_teacher_final"]["value"]),
                num(s["participants_per_100k_year"]["value"], digits=1),
                num(s["relapses_prevented_total"]["value"]),
                num(s["gini_final"]["value"], digits=2),
                num(e["policy_money"] / 1e6, digits=1),
                num(e["policy_money_per_extra_person"]) if e["policy_money_per_extra_person"] else "-",
            ]
        )
    md = [
        f"# National policy across the UK's MBCT providers ({args.replications} paired replications, seed {args.seed})",
        "",
        "Generated by `python experiments/national_policy.py`; do not edit by hand.",
        "",
        f"**2015 census check.** Share of English services with nobody trained in MBCT at the end of 2015: "
        f"mean {census.mean():.0%}, range {census.min():.0%}-{census.max():.0%} over {len(census)} runs "
        f"({(census > 0.5).mean():.0%} of runs above one half).",
        "",
        "**Policies from April 2016, outcomes at the end of 2028** (means, 95% bootstrap intervals in brackets;",
        "policy money in GBP millions; cost per extra person = policy money over extra people reached than with no",
        "national policy in the same replications).",
        "",
        markdown_table(
            [
                "policy",
                "embedded",
                "fragile or embedded",
                "nobody trained",
                "reached /100k/yr",
                "relapses prevented",
                "Gini",
                "policy £m",
                "£ per extra person",
            ],
            table_rows,
        ),
        "Paired differences against no national policy (b minus a; * = the 95% interval excludes 0):",
        "",
    ]
    diff_rows = []
    for d in comparison["differences"]:
        if d["a"] != "no national policy" or d["metric"] not in (
            "share_embedded_final",
            "share_fragile_or_better_final",
            "participants_total",
            "relapses_prevented_total",
            "gini_final",
        ):
            continue
        share = d["kind"] == "share"
        f = (lambda x: f"{100 * x:+.1f} pts") if share else (lambda x: f"{x:+,.2f}" if abs(x) < 1 else f"{x:+,.0f}")
        diff_rows.append(
            [
                d["b"],
                d["label"],
                f(d["diff"]),
                f"[{f(d['ci_low'])}, {f(d['ci_high'])}]" + (" *" if d["ci_excludes_zero"] else ""),
            ]
        )
    md.append(markdown_table(["policy", "outcome", "difference", "95% interval"], diff_rows))
    write_text(args.figures / "national_policy.md", "\n".join(md), stamp=True)
    write_json(
        args.figures / "national_policy.json",
        {
            "replications": args.replications,
            "seed": args.seed,
            "census_england_no_teacher_2015": census.tolist(),
            "comparison": comparison,
            "effects": effects,
        },
    )
    figures = {
        "embedded": ("share_embedded", "Share of UK services embedded", "% of services", True),
        "no_teacher": ("share_no_teacher", "Share of UK services with nobody trained in MBCT", "% of services", True),
        "reach": (
            "participants_per_100k",
            "People reached per 100,000 population per year",
            "people per 100,000",
            False,
        ),
        "gini": ("gini", "Inequality of access between services (Gini of people reached per head)", "Gini", False),
    }
    for name, (column, title, axis, percent) in figures.items():
        write_figure(
            trajectory_figure(yearly, column, title, axis, percent), args.figures / f"national_policy_{name}.html"
        )
    print("\n".join(md))


if __name__ == "__main__":
    np.seterr(all="ignore")
    run(main)
