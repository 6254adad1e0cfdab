"""Funding sweep: amount x recurrent vs one-off x year of a full cut, for a grassroots service.

Runs (or finishes) the sweep defined in ``experiments/funding_sweep.toml``
into ``results/funding_sweep`` (resumable: run it again after an
interruption), then summarises it with DuckDB, without loading the runs into
memory. Outcomes are read at year 15, after every cut in the design (the
"month 239" cut is the no-cut reference).

Writes ``docs/figures/funding_sweep.html`` and ``funding_sweep.md``.
Usage: ``python experiments/funding_sweep.py [--replications 30] [--workers 2] [--out results/funding_sweep]``.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

import plotly.graph_objects as go
from common import EXPERIMENTS, PALETTE, ROOT, markdown_table, options, run, shown_path, write_figure, write_text
from plotly.subplots import make_subplots
from scipy import stats

from journeysim.batch.executors import make_executor
from journeysim.batch.experiment import Experiment
from journeysim.batch.store import query
from journeysim.batch.sweep import run_sweep

SQL = """
SELECT "param.funding_boost.amount" AS amount,
       "param.funding_boost.recurrent" AS recurrent,
       "param.funding_cut.month" AS cut_month,
       count(*) AS runs,
       sum(running_at_year_15::INT) AS running_15,
       sum(embedded_at_year_15::INT) AS embedded_15,
       avg(participants_total) AS people,
       sum(cost_total) / nullif(sum(participants_total), 0) AS cost_per_participant
FROM runs WHERE status = 'ok'
GROUP BY ALL ORDER BY amount, recurrent, cut_month
"""


def cut_label(month: int) -> str:
    return "no cut" if month >= 180 else f"cut after {month / 12:g} years"


def wilson(k: int, n: int) -> tuple[float, float]:
    ci = stats.binomtest(int(k), int(n)).proportion_ci(method="wilson")
    return float(ci.low), float(ci.high)


def figure(table) -> go.Figure:
    fig = make_subplots(rows=1, cols=2, subplot_titles=("recurrent funding line", "one-off pot"), shared_yaxes=True)
    months = sorted(table["cut_month"].unique())
    x = [cut_label(m) for m in months]
    for col, recurrent in ((1, True), (2, False)):
        for colour, amount in zip(PALETTE, sorted(table["amount"].unique()), strict=False):
            mine = table[(table["recurrent"] == recurrent) & (table["amount"] == amount)].sort_values("cut_month")
            p = mine["running_15"] / mine["runs"]
            lo, hi = zip(*(wilson(k, n) for k, n in zip(mine["running_15"], mine["runs"], strict=True)), strict=True)
            fig.add_trace(
                go.Scatter(
                    x=x,
                    y=p,
                    name=f"£{amount:,.0f}",
                    legendgroup=str(amount),
                    showlegend=col == 1,
                    line={"color": colour},
                    mode="lines+markers",
                    error_y={
                        "type": "data",
                        "symmetric": False,
                        "array": [h - v for h, v in zip(hi, p, strict=True)],
                        "arrayminus": [v - low for low, v in zip(lo, p, strict=True)],
                        "thickness": 1,
                    },
                ),
                row=1,
                col=col,
            )
    fig.update_yaxes(title_text="share running at year 15", range=[0, 1], row=1, col=1)
    fig.update_layout(
        title="Funding a grassroots service: amount, form, and when it is withdrawn (95% Wilson intervals)",
        legend_title="amount (per year if recurrent)",
    )
    return fig


def main() -> None:
    p = options(__doc__.splitlines()[0], replications=30)
    p.add_argument("--out", type=Path, default=ROOT / "results" / "funding_sweep", help="results folder")
    p.set_defaults(seed=None)
    args = p.parse_args()
    raw = tomllib.loads((EXPERIMENTS / "funding_sweep.toml").read_text())
    raw["replications"] = args.replications
    if args.seed is not None:
        raw["seed"] = args.seed
    experiment = Experiment.from_dict(raw, str(EXPERIMENTS / "funding_sweep.toml"))
    with make_executor(args.workers, args.scheduler) as executor:
        summary = run_sweep(experiment, args.out, executor=executor, progress=True)
    if not summary.complete:
        raise SystemExit(f"sweep incomplete ({summary.chunk_errors[:1]}); run again to finish it")
    table = query(args.out, SQL)
    write_figure(figure(table), args.figures / "funding_sweep.html")
    rows = []
    for r in table.itertuples():
        lo, hi = wilson(r.running_15, r.runs)
        rows.append(
            [
                f"£{r.amount:,.0f}",
                "recurrent" if r.recurrent else "one-off",
                cut_label(r.cut_month),
                f"{100 * r.running_15 / r.runs:.0f}% ({100 * lo:.0f}-{100 * hi:.0f})",
                f"{100 * r.embedded_15 / r.runs:.0f}%",
                f"{r.people:,.0f}",
                "-" if r.cost_per_participant != r.cost_per_participant else f"£{r.cost_per_participant:,.0f}",
            ]
        )
    where = shown_path(args.out)
    text = (
        f"Funding sweep: {summary.runs_total:,} runs ({len(table)} design points x {args.replications} "
        f"replications, seed {experiment.seed}); results in `{where}`.\n\n"
        + markdown_table(
            [
                "amount",
                "form",
                "cut",
                "running at year 15",
                "embedded at year 15",
                "people reached (20 y)",
                "cost per participant",
            ],
            rows,
        )
    )
    write_text(args.figures / "funding_sweep.md", text, stamp=True)
    print(text)


if __name__ == "__main__":
    run(main)
