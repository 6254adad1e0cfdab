"""The report of a comparison of population scenarios (``journeysim compare`` over population scenarios).

:func:`write_nation_compare_report` shows national outcomes with intervals,
paired differences (b minus a), bars per outcome, outcomes by nation, and the
appendix, as one self-contained HTML file; every piece of text is escaped.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pandas as pd

from journeysim.outcomes import spec
from journeysim.outcomes.formats import MISSING, by_format, count, finite
from journeysim.presentation.document import Report
from journeysim.presentation.nation_figures import comparison_bars, metric_info, nation_name
from journeysim.presentation.text import population_metrics, scenario_order, with_interval
from journeysim.reports.appendix import add_appendix
from journeysim.reports.summaries import ok_runs
from journeysim.vocabulary import NATIONS


def difference(value: Any, kind: str) -> str:
    """A difference with its sign, in the metric's units; rounding noise such as -1e-18 reads as +0."""
    v = finite(value)
    if v is None:
        return MISSING
    if kind == "share":
        return f"{round(100 * v, 1) + 0.0:+.1f} pts"
    if kind == "index":
        return f"{round(v, 3) + 0.0:+.3f}"
    if kind == "money":
        return f"{'−' if round(v) < 0 else '+'}£{abs(round(v)):,.0f}"
    return f"{round(v) + 0.0:+,.0f}" if abs(v) >= 100 else f"{round(v, 1) + 0.0:+,.1f}"


def means_table(comparison: dict[str, Any]) -> pd.DataFrame:
    """One row per national outcome, one column per scenario: mean with its interval."""
    scenarios, names = comparison.get("scenarios") or {}, scenario_order(comparison)
    rows = [
        {
            "outcome": "runs (failed)",
            **{n: f"{scenarios[n].get('runs', 0)} ({scenarios[n].get('failed', 0)})" for n in names},
        },
        {"outcome": "services", **{n: count(scenarios[n].get("services")) for n in names}},
    ]
    for metric, label, kind in population_metrics(comparison):
        rows.append({"outcome": label, **{n: with_interval(scenarios[n].get(metric), kind) for n in names}})
    return pd.DataFrame(rows, columns=["outcome", *names])


def differences_table(comparison: dict[str, Any]) -> tuple[pd.DataFrame, list[bool]]:
    """Paired differences (b minus a) with intervals; which rows' intervals exclude zero."""
    rows, excludes = [], []
    for d in comparison.get("differences") or []:
        kind = str(d.get("kind") or metric_info(comparison, d["metric"])[1])
        rows.append(
            {
                "b − a": f"{d['b']} − {d['a']}",
                "outcome": str(d.get("label") or d["metric"]),
                "difference": difference(d.get("diff"), kind),
                "interval": f"{difference(d.get('ci_low'), kind)} to {difference(d.get('ci_high'), kind)}",
                "pairs": d.get("n"),
                "interval excludes 0": "yes" if d.get("ci_excludes_zero") else "no",
            }
        )
        excludes.append(bool(d.get("ci_excludes_zero")))
    return pd.DataFrame(rows), excludes


BY_NATION = ("share_embedded_final", "share_running_final", "share_no_teacher_final", "participants_per_100k_year")


def by_nation_table(runs: pd.DataFrame, names: list[str]) -> pd.DataFrame:
    """Per nation and scenario: mean final shares and reach over the finished runs (no intervals)."""
    ok = ok_runs(runs)
    rows = []
    for nation in NATIONS:
        for key in [f"{nation}_{column}" for column in BY_NATION if f"{nation}_{column}" in ok]:
            shown = spec(key, "population")
            values = {n: pd.to_numeric(ok.loc[ok["scenario"] == n, key], errors="coerce") for n in names}
            means = {n: by_format(v.mean(), shown.format) for n, v in values.items()}
            rows.append({"nation": nation_name(nation), "outcome": shown.label, **means})
    return pd.DataFrame(rows)


def write_nation_compare_report(
    path: str | os.PathLike[str], comparison: dict[str, Any], runs: pd.DataFrame, manifest: dict[str, Any]
) -> Path:
    """Write the report of a comparison of population scenarios as one self-contained HTML file; return its path.

    Args:
        path: Where to write.
        comparison: What :func:`journeysim.analysis.nation.summarize_nations` returned (the CLI adds
            ``seed``, ``replications`` and ``manifest``).
        runs: One row per run: ``run_id``, ``scenario``, ``replication``, ``status`` and the national outcomes.
        manifest: The run manifest (``scenarios`` with each definition, seed, versions).

    """
    scenarios, names = comparison.get("scenarios") or {}, scenario_order(comparison)
    reps = max((int(s.get("runs") or 0) for s in scenarios.values()), default=0)
    horizon = finite(comparison.get("horizon_years"))
    level = finite(comparison.get("confidence"))
    ci = f"{level:.0%}" if level is not None else "confidence"
    seed = comparison.get("seed", manifest.get("seed"))
    report = Report(
        "journeysim population comparison: " + " vs ".join(names),
        f"{len(names)} population scenario(s), {reps} replication(s) each"
        + (f", {horizon:g}-year horizon" if horizon is not None else "")
        + (f"; seed {seed}" if seed is not None else "")
        + "; paired by common random numbers",
    )

    report.section("National outcomes")
    report.table(
        means_table(comparison),
        f"Means over replications with {ci} bootstrap intervals. Shares are of services; people reached and "
        "relapses prevented are totals over the run; cost per participant is total spending over total people "
        "reached.",
    )

    report.section("Paired differences")
    differences, excludes = differences_table(comparison)
    if len(differences):
        report.table(
            differences,
            f"b minus a over the same replications (each pair lived through the same luck), with {ci} intervals; "
            "highlighted rows have intervals that exclude zero. Shares differ in percentage points.",
            highlight=excludes,
        )
    else:
        report.paragraph("A single scenario: there are no paired differences.")

    report.section("Outcomes per scenario")
    for metric, _, _ in population_metrics(comparison):
        report.figure(comparison_bars(comparison, metric))

    by_nation = by_nation_table(runs, names)
    if len(by_nation):
        report.section("Outcomes by nation")
        report.table(by_nation, "Means over the finished replications (no intervals).")

    failed = runs[runs["status"] != "ok"] if "status" in runs else runs.iloc[0:0]
    if len(failed):
        report.section("Failed runs")
        report.table(failed[[c for c in ("run_id", "scenario", "replication", "error") if c in failed]])

    add_appendix(report, runs, manifest, comparison=comparison, names=names)
    return report.write(path)
