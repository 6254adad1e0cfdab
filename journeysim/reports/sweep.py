"""The sweep report: outcomes across a design of parameter points (heatmaps, levels, Kaplan–Meier curves).

A population sweep gets its national outcomes by policy instead; a sweep that ran its policies in shared
futures (``uncertain = true`` or a posterior) also gets robustness across futures (:mod:`.robustness`).

Continuous parameters (Latin hypercube, Sobol) are binned into quantile ranges; grid parameters keep their values.
"""

from __future__ import annotations

import itertools
import os
from pathlib import Path
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from journeysim.presentation.comparison import heatmap_figure, km_figure
from journeysim.presentation.document import Report
from journeysim.presentation.style import LEVEL_COLOURS, apply_style, rgba
from journeysim.reports.appendix import add_appendix, parameter_ranges
from journeysim.reports.robustness import add_policy_outcomes, add_robustness
from journeysim.reports.summaries import (
    OUTCOMES,
    departure_to_last_course,
    ok_runs,
    outcome_columns,
    param_bins,
    time_to_embedded,
)
from journeysim.vocabulary import LEVELS

MAX_PAIRS = 3
AFTER = "years after the first implementer leaves"


def swept_parameters(runs: pd.DataFrame) -> list[str]:
    """Names of the parameters that vary across runs (``param.<name>`` columns), in column order."""
    params = [str(c) for c in runs.columns if str(c).startswith("param.") and runs[c].nunique(dropna=True) > 1]
    return [c.removeprefix("param.") for c in params]


def outcome_grid(frame: pd.DataFrame, x: str, y: str, outcome: str) -> tuple[list[str], list[str], list, list]:
    """Outcome statistic and counts over the (binned) values of two parameters."""
    stat = OUTCOMES[outcome][2]
    bx, by = param_bins(frame[f"param.{x}"]), param_bins(frame[f"param.{y}"])
    grouped = frame.groupby([by, bx], observed=False)[outcome]
    values = grouped.agg(stat).unstack()
    counts = grouped.size().unstack().fillna(0).astype(int)
    z = [[None if pd.isna(v) else float(v) for v in row] for row in values.to_numpy()]
    return [str(c) for c in values.columns], [str(i) for i in values.index], z, counts.to_numpy().tolist()


def level_by_parameter(frame: pd.DataFrame, param: str) -> go.Figure:
    """Share of runs ending at each level, along one parameter (stacked bars)."""
    bins = param_bins(frame[f"param.{param}"])
    table = pd.crosstab(bins, frame["final_level"], normalize="index").reindex(columns=list(LEVELS), fill_value=0)
    fig = go.Figure()
    for level in LEVELS:
        fig.add_trace(
            go.Bar(
                x=[str(i) for i in table.index],
                y=table[level].tolist(),
                name=level,
                marker={"color": rgba(LEVEL_COLOURS[level], 0.85), "line": {"color": "#000", "width": 0.5}},
                hovertemplate=f"{level}: " + "%{y:.0%}<extra></extra>",
            )
        )
    fig.update_layout(barmode="stack")
    fig.update_yaxes(range=[0, 1], tickformat=".0%", title_text="share of runs")
    fig.update_xaxes(title_text=param, type="category")
    return apply_style(fig, height=400, title=f"Level at the end, by {param}", font_size=14)


def write_sweep_report(
    path: str | os.PathLike[str], runs: pd.DataFrame, experiment: dict[str, Any], manifest: dict[str, Any]
) -> Path:
    """Write the sweep report as one self-contained HTML file; return its path.

    Args:
        path: Where to write.
        runs: One row per run with outcome columns and ``param.<name>`` columns.
        experiment: The experiment definition (name, description, design...; shown in the appendix).
        manifest: The run manifest.

    """
    name = str(experiment.get("name", "sweep"))
    failed = len(runs) - len(ok_runs(runs))
    if "final_level" not in runs.columns:  # a population of services: national outcomes, by policy
        return _population_report(path, runs, experiment, manifest, failed)
    frame = outcome_columns(runs)
    params = [p for p in experiment.get("vary") or {} if f"param.{p}" in frame] or swept_parameters(frame)
    report = Report(
        f"journeysim sweep: {name}",
        f"{len(frame)} run(s) over {len(params)} swept parameter(s)" + (f"; {failed} failed run(s)" if failed else ""),
    )

    report.section("Design")
    if experiment.get("description"):
        report.paragraph(str(experiment["description"]))
    if params:
        report.table(parameter_ranges(frame, params))
    overall = {label: frame[col].agg(stat) for col, (label, _, stat) in OUTCOMES.items()}
    report.table(pd.DataFrame([overall]), "Across all runs.")

    pairs = list(itertools.combinations(params, 2))[:MAX_PAIRS]  # the first few pairs
    report.section("Outcomes over two parameters")
    if pairs:
        for x, y in pairs:
            report.heading(f"{x} × {y}")
            for outcome, (label, percent, _) in OUTCOMES.items():
                xs, ys, z, counts = outcome_grid(frame, x, y, outcome)
                report.figure(
                    heatmap_figure(z, xs, ys, x, y, label, title=label.capitalize(), percent=percent, counts=counts)
                )
    else:
        report.paragraph("Fewer than two parameters vary, so there is no heatmap.")

    report.section("Level distributions along each parameter")
    for p in params:
        report.figure(level_by_parameter(frame, p))
    if not params:
        report.paragraph("No parameter varies across the runs.")

    report.section("Kaplan–Meier: time to embedded")
    by = ""
    if "scenario" in frame.columns and frame["scenario"].nunique() > 1:
        frame["_group"] = frame["scenario"]
    elif params:
        frame["_group"] = params[0] + " " + param_bins(frame[f"param.{params[0]}"]).astype(str)
        by = f", by {params[0]}"
    else:
        frame["_group"] = "all runs"
    curves = time_to_embedded(frame, by="_group")
    if curves:
        report.figure(
            km_figure(curves, "years from the start", "embedded by then", "Share embedded over time" + by),
            "Kaplan–Meier estimates, censored at the horizon, with 95% confidence bands.",
        )

    report.section("Kaplan–Meier: months from a departure to the last course")
    last = departure_to_last_course(frame, by="_group")
    if last:
        report.figure(
            km_figure(last, AFTER, "still starting courses", "From the first departure to the last course" + by),
            "Runs in which an implementer left. Unlike the 12-month running window, this dates the end by the "
            "last course actually started; a run that still started a course in its last 12 months is censored.",
        )
    else:
        report.paragraph("No implementer left in any run (or the runs predate this outcome), so there is no curve.")

    add_robustness(report, runs, experiment, params)
    add_appendix(report, runs, manifest, experiment=experiment)
    return report.write(path)


def _population_report(
    path: str | os.PathLike[str], runs: pd.DataFrame, experiment: dict[str, Any], manifest: dict[str, Any], failed: int
) -> Path:
    """The sweep report of a population scenario: the design, national outcomes by policy, robustness."""
    ok = ok_runs(runs)
    levers = [p for p in experiment.get("vary") or {} if f"param.{p}" in ok] or swept_parameters(ok)
    report = Report(
        f"journeysim sweep: {experiment.get('name', 'sweep')}",
        f"{len(ok)} national run(s) over {len(levers)} policy lever(s)"
        + (f"; {failed} failed run(s)" if failed else ""),
    )
    report.section("Design")
    if experiment.get("description"):
        report.paragraph(str(experiment["description"]))
    if levers:
        report.table(parameter_ranges(ok, levers))
    add_policy_outcomes(report, runs, levers)
    add_robustness(report, runs, experiment, levers)
    add_appendix(report, runs, manifest, experiment=experiment)
    return report.write(path)
