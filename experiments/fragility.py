"""The fragility hypothesis: does a service that rests on one champion die when the champion leaves,
and does succession planning (or having several implementers) protect it?

Three strategies, each with the lead champion leaving at the start of year five
(the shipped overlay ``champion_leaves_year5``), compared over paired
replications under common random numbers: replication i of every strategy
lives through the same shocks, staff changes and national history.

Writes ``docs/figures/fragility_*.html``, ``fragility.md`` and ``fragility.json``.
Usage: ``python experiments/fragility.py [--replications 200] [--workers 2]``.
"""

from __future__ import annotations

import plotly.graph_objects as go
from common import PALETTE, markdown_table, num, options, pct, run, write_figure, write_json, write_text

from journeysim.analysis.compare import summarize
from journeysim.batch import replicate
from journeysim.batch.executors import make_executor
from journeysim.library import load_scenario
from journeysim.presentation.style import band_traces

STRATEGIES = {
    "single champion": "lone_champion+champion_leaves_year5",
    "succession planning": "lone_champion_succession+champion_leaves_year5",
    "several implementers": "several_implementers+champion_leaves_year5",
}
DEPARTURE_MONTH = 48


def collapse_figure(comparison: dict) -> go.Figure:
    """Kaplan-Meier: share of services still running, by years since the champion left."""
    fig = go.Figure()
    for colour, (label, s) in zip(PALETTE, comparison["scenarios"].items(), strict=False):
        c = s["departure_to_collapse"]["curve"]
        fig.add_traces(band_traces(c["years"], c["ci_low"], c["ci_high"], colour, 0.15, shape="hv"))
        fig.add_trace(go.Scatter(x=c["years"], y=c["survival"], name=label, line={"color": colour, "shape": "hv"}))
    fig.update_layout(
        title="After the champion leaves: share of services still running (Kaplan-Meier, 95% band)",
        xaxis_title="years since the lead champion left",
        yaxis_title="still running",
        yaxis_range=[0, 1.02],
    )
    return fig


def running_figure(series, start_year: int) -> go.Figure:
    """Share of replications with courses running, month by month."""
    fig = go.Figure()
    share = series.groupby(["scenario", "month"])["running"].mean().reset_index()
    for colour, label in zip(PALETTE, STRATEGIES, strict=False):
        mine = share[share["scenario"] == label]
        fig.add_trace(
            go.Scatter(x=start_year + mine["month"] / 12, y=mine["running"], name=label, line={"color": colour})
        )
    fig.add_vline(x=start_year + DEPARTURE_MONTH / 12, line_dash="dot", annotation_text="champion leaves")
    fig.update_layout(
        title="Share of services running MBCT courses",
        xaxis_title="year",
        yaxis_title="share running",
        yaxis_range=[0, 1.02],
    )
    return fig


def km_median(d: dict) -> str:
    """A Kaplan-Meier median in years with its interval ("not reached" when fewer than half had the event)."""
    median = f"{d['median_years']:.1f}" if d["median_reached"] else "not reached"
    if d["ci_low"] is None:
        return median
    high = "∞" if d["ci_high"] is None else format(d["ci_high"], ".1f")
    return f"{median} ({d['ci_low']:.1f}-{high})"


def summary_markdown(comparison: dict) -> str:
    s = comparison["scenarios"]
    rows = []
    for label, x in s.items():
        rows.append(
            [
                label,
                pct(x["p_running_at_end"], *x["p_running_at_end_ci"]),
                pct(x["p_collapse_after_departure"], *x["p_collapse_after_departure_ci"]),
                km_median(x["departure_to_collapse"]),
                km_median(x["departure_to_last_course"]),
                pct(x["p_embedded_at"]["10"], *x["p_embedded_at_ci"]["10"]),
                num(x["people_reached"]["value"], x["people_reached"]["ci_low"], x["people_reached"]["ci_high"]),
            ]
        )
    text = markdown_table(
        [
            "strategy",
            "running at year 20",
            "collapsed after the departure",
            "median years to collapse",
            "median years to the last course",
            "embedded at year 10",
            "people reached",
        ],
        rows,
    )
    base = next(iter(s))
    diff_rows = []
    for d in comparison["differences"]:
        if d["a"] != base or d["metric"] not in ("p_running_at_end", "p_collapse_after_departure", "people_reached"):
            continue
        scale, unit = (100, " pts") if d["metric"].startswith("p_") else (1, "")
        diff_rows.append(
            [
                f"{d['b']} vs {base}",
                d["label"],
                f"{scale * d['diff']:+,.0f}{unit} ({scale * d['ci_low']:+,.0f} to {scale * d['ci_high']:+,.0f})",
            ]
        )
    for t in comparison["logrank"]:
        if t["a"] == base and t["endpoint"] == "departure_to_collapse":
            p = t["p_value"]
            diff_rows.append(
                [
                    f"{t['b']} vs {base}",
                    "log-rank, time to collapse",
                    "p < 0.001" if p is not None and p < 0.001 else f"p = {p:.3f}",
                ]
            )
    return (
        text
        + "\nPaired differences (same replications; 95% bootstrap intervals):\n\n"
        + markdown_table(["comparison", "outcome", "difference"], diff_rows)
    )


def without_curves(summary: dict) -> dict:
    """A scenario summary without its Kaplan-Meier curves (kept small for the docs)."""
    return {
        k: ({kk: vv for kk, vv in v.items() if kk != "curve"} if isinstance(v, dict) and "curve" in v else v)
        for k, v in summary.items()
    }


def main() -> None:
    args = options(__doc__.splitlines()[0], replications=200).parse_args()
    scenarios = [load_scenario(ref) for ref in STRATEGIES.values()]
    with make_executor(args.workers, args.scheduler) as executor:
        result = replicate(
            scenarios,
            args.replications,
            seed=args.seed,
            executor=executor,
            keep_series=True,
            progress=True,
            labels=list(STRATEGIES),
        )
    comparison = summarize(result.runs, order=list(STRATEGIES), seed=args.seed)
    comparison = {"replications": args.replications, "seed": args.seed, "scenarios_compared": STRATEGIES, **comparison}
    out = args.figures
    write_figure(collapse_figure(comparison), out / "fragility_collapse.html")
    write_figure(
        running_figure(result.series, int(scenarios[0].parameters["start_year"])), out / "fragility_running.html"
    )
    slim = {**comparison, "scenarios": {k: without_curves(v) for k, v in comparison["scenarios"].items()}}
    write_json(out / "fragility.json", slim)
    header = (
        f"Fragility: {args.replications} paired replications per strategy (seed {args.seed}); the lead "
        f"champion leaves at month {DEPARTURE_MONTH}.\n\n"
    )
    write_text(out / "fragility.md", header + summary_markdown(comparison), stamp=True)
    print((out / "fragility.md").read_text())


if __name__ == "__main__":
    run(main)
