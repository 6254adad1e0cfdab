"""The comparison report: strategies side by side over many replications.

Written by ``journeysim compare ... --report FILE.html``: headline outcomes, paired
differences, fan charts, level distributions over calendar time, Kaplan–Meier curves
and an appendix with the scenarios, their parameters and the run manifest.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pandas as pd

from journeysim.outcomes import label
from journeysim.outcomes.formats import finite, interval, percent
from journeysim.presentation.comparison import differences_figure, km_figure, level_share_figure, probability_bars
from journeysim.presentation.document import Report
from journeysim.presentation.fans import FAN_METRICS, REPORT_FAN_METRICS, fan_grid
from journeysim.reports.appendix import add_appendix
from journeysim.reports.summaries import (
    departure_to_collapse,
    departure_to_last_course,
    fan_bands,
    level_shares,
    ok_runs,
    time_to_embedded,
)

YEARS = ("5", "10", "15")
EMBEDDED = (
    "Kaplan–Meier estimate of the share of services that have reached 'embedded', censored at the "
    "horizon, with 95% confidence bands (log-log, Greenwood's variance)."
)
COLLAPSE = "Runs in which an implementer left; those still running at the horizon are censored."


def _runs_of(runs: pd.DataFrame, name: str) -> pd.DataFrame:
    """The finished runs of one scenario."""
    ok = ok_runs(runs)
    return ok[ok["scenario"].astype(str) == name] if "scenario" in ok.columns else ok.iloc[0:0]


def _pct(value: float | None, ci: Any = None) -> str:
    """``"80% [38%–96%]"``: a share, with its interval when the comparison gives one."""
    text = percent(value, 0)
    if finite(value) is not None and isinstance(ci, list | tuple) and len(ci) == 2:
        bounds = interval(*ci, lambda v: percent(v, 0), sep="–")
        text += f" {bounds}" if bounds else ""
    return text


def headline_table(comparison: dict[str, Any], runs: pd.DataFrame) -> pd.DataFrame:
    """One row per scenario: runs, P(embedded) at 5/10/15 years, P(running at end), reach and cost."""
    rows = []
    for name, stats in comparison["scenarios"].items():
        mine = _runs_of(runs, name)
        p, p_ci = stats.get("p_embedded_at") or {}, stats.get("p_embedded_at_ci") or {}
        to_embedded = pd.to_numeric(mine.get("months_to_embedded"), errors="coerce") if len(mine) else pd.Series()
        cost = pd.to_numeric(mine["cost_per_participant"], errors="coerce").median() if len(mine) else None
        means = {c: stats.get(c) or {} for c in ("need_met_share", "fill_rate")}
        rows.append(
            {
                "scenario": name,
                "runs": len(mine),
                **{f"embedded at year {y}": _pct(p.get(y), p_ci.get(y)) for y in YEARS},
                "running at the end": _pct(stats.get("p_running_at_end"), stats.get("p_running_at_end_ci")),
                "ever embedded": _pct(float(to_embedded.notna().mean()) if len(mine) else None),
                "median people reached": float(mine["participants_total"].median()) if len(mine) else None,
                "median £ per participant": None if cost is None or cost != cost else float(cost),
                **{label(c): _pct(m.get("value"), [m.get("ci_low"), m.get("ci_high")]) for c, m in means.items()},
            }
        )
    return pd.DataFrame(rows)


def fade_out_sentence(collapse: dict[str, dict[str, Any]], last: dict[str, dict[str, Any]]) -> str:
    """Both fade-out outcomes side by side: the 12-month window's stop and the last course, in median months."""

    def median(curves: dict[str, dict[str, Any]], name: str) -> str:
        c = curves.get(name)
        if c is None:
            return "no runs"
        return "not reached" if c["median"] is None else f"{c['median']:.0f}"

    parts = [
        f"{name}: {median(last, name)} months to the last course, {median(collapse, name)} to the window's stop"
        for name in dict.fromkeys([*collapse, *last])
    ]
    return (
        "Two ways to date the end after an implementer leaves. The 12-month window calls a service stopped "
        "12 months after a course unless another starts, so it can never say less than a year; the months to "
        "the last course date the end by the last course actually started, and a service that still started "
        "a course in the last 12 months of its run is censored (its last course is not yet known). Median "
        "months (Kaplan–Meier) — " + "; ".join(parts) + "."
    )


def _km_table(curves: dict[str, dict[str, Any]], what: str) -> pd.DataFrame:
    """One row per curve: runs, events, the median and the share ``what`` by years 2, 5 and 10."""
    return pd.DataFrame(
        [
            {
                "scenario": name,
                "runs": c["n"],
                "events": c["events"],
                "median months": c["median"],
                **{f"{what} by year {y}": (1 - v if what == "embedded" else v) for y, v in c["at"].items()},
            }
            for name, c in curves.items()
        ]
    )


def write_compare_report(
    path: str | os.PathLike[str],
    comparison: dict[str, Any],
    runs: pd.DataFrame,
    monthly: pd.DataFrame,
    manifest: dict[str, Any],
) -> Path:
    """Write the comparison report as one self-contained HTML file; return its path.

    Args:
        path: Where to write.
        comparison: What ``journeysim compare --json`` prints.
        runs: One row per run: ``scenario``, ``replication`` and the run outcomes.
        monthly: ``scenario, replication, month, date, level_code, running, participants, teachers,
            courses_last_12``.
        manifest: The run manifest (scenarios, seed, versions...).

    """
    names = list(comparison["scenarios"])
    n_reps = runs.groupby("scenario")["replication"].nunique().max() if len(runs) else 0
    report = Report(
        "journeysim comparison: " + " vs ".join(names),
        f"{len(names)} scenario(s), {int(n_reps or 0)} replication(s) each, paired by common random numbers"
        + (f"; seed {manifest['seed']}" if isinstance(manifest.get("seed"), int | str) else ""),
    )

    report.section("Headline outcomes")
    head = headline_table(comparison, runs)
    report.table(
        head,
        "Embedded at year N: share of replications at the embedded level at the end of year N (with the "
        "comparison's Wilson score interval where it gives one; the means of need met and places filled have "
        "bootstrap (BCa) intervals). Ever embedded: share that reached it at any time.",
    )
    bars = {
        n: {f"year {y}": (s.get("p_embedded_at") or {}).get(y) for y in YEARS}
        for n, s in comparison["scenarios"].items()
    }
    if bars:
        report.figure(probability_bars(bars, "years from the start", "Share of services embedded"))

    report.section("Paired differences")
    differences = comparison.get("differences") or []
    direction = str(comparison.get("difference_is") or "")
    if differences:
        level = comparison.get("confidence")
        ci = f"{float(level):.0%}" if isinstance(level, int | float) else "the given"
        report.figure(
            differences_figure(
                differences, f"Paired differences with {ci} paired bootstrap (BCa) intervals", direction=direction
            ),
            "Each pair of runs shares its replication seed, so a difference isolates the strategy. "
            + (f"Difference: {direction}." if direction else "Each row reads as given by the comparison."),
        )
        report.table(pd.DataFrame(differences))
    else:
        report.paragraph("The comparison holds no paired differences.")

    if len(monthly):
        report.section("Fan charts per strategy")
        for metric in REPORT_FAN_METRICS:
            label = FAN_METRICS[metric]
            report.figure(
                fan_grid(fan_bands(monthly, metric), label, label),
                "Median, middle half and 90% of replications, month by month.",
            )
        report.section("Level distributions over calendar time")
        report.figure(level_share_figure(level_shares(monthly), "Share of replications at each level"))

    report.section("Kaplan–Meier curves")
    embedded, *kms = time_to_embedded(runs), departure_to_collapse(runs), departure_to_last_course(runs)
    collapse, last = kms
    logrank = [r for r in comparison.get("logrank") or [] if isinstance(r, dict)]
    after, starting = "years after the first implementer leaves", "still starting courses"
    for curves, x_title, y_title, title, what, caption in (
        (embedded, "years from the start", "embedded by then", "Time to embedded", "embedded", EMBEDDED),
        (collapse, after, "still running", "From the first departure to the courses stopping", "running", COLLAPSE),
        (last, after, starting, "From the first departure to the last course", starting, fade_out_sentence(*kms)),
    ):
        if curves:
            report.figure(km_figure(curves, x_title, y_title, title), caption)
            report.table(_km_table(curves, what))
        elif what == "running":
            report.paragraph("No implementer left in any run, so there is no departure-to-collapse curve.")
        if what == "embedded" and logrank:
            report.heading("Log-rank tests")
            report.table(pd.DataFrame(logrank))

    add_appendix(report, runs, manifest, comparison=comparison, names=names)
    return report.write(path)
