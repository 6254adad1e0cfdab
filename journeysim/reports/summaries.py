"""Summaries the reports draw: fan bands, level shares, Kaplan–Meier curves, binned outcomes.

These read the batch runner's tidy tables directly: ``runs`` (one row per
run) and ``monthly`` (columns ``scenario, replication, month, date,
level_code, running, participants, teachers, courses_last_12``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike

from journeysim.analysis.compare import collapse_durations, embedded_durations, last_course_durations
from journeysim.analysis.survival import kaplan_meier
from journeysim.outcomes import spec
from journeysim.presentation.fans import QUANTILES
from journeysim.presentation.style import month_date
from journeysim.vocabulary import LEVELS

Durations = Callable[[pd.DataFrame], tuple[np.ndarray, np.ndarray]]


def ok_runs(runs: pd.DataFrame) -> pd.DataFrame:
    """Runs that finished (a ``status`` column, if present, equal to ``"ok"``)."""
    return runs[runs["status"].fillna("ok") == "ok"] if "status" in runs.columns else runs


def _dates(monthly: pd.DataFrame, months: pd.Index) -> list[str]:
    """The calendar date of each of ``months`` (as plotly's date axes read it)."""
    return [month_date(str(d)) for d in monthly.drop_duplicates("month").set_index("month").loc[months, "date"]]


def fan_bands(monthly: pd.DataFrame, metric: str) -> dict[str, tuple[list[str], dict[float, list[float]]]]:
    """Per scenario: dates and quantile bands of ``metric`` across replications.

    ``participants_cum`` is the running total of participants within each replication.
    """
    out: dict[str, tuple[list[str], dict[float, list[float]]]] = {}
    for scenario, frame in monthly.groupby("scenario", sort=False):
        frame = frame.sort_values(["replication", "month"])
        cumulative = metric == "participants_cum"
        values = frame.groupby("replication")["participants"].cumsum() if cumulative else frame[metric]
        wide = frame.assign(v=values.astype(float))
        table = wide.pivot(index="month", columns="replication", values="v").sort_index()
        bands = {q: np.nanquantile(table.to_numpy(), q, axis=1).round(3).tolist() for q in QUANTILES}
        out[str(scenario)] = (_dates(frame, table.index), bands)
    return out


def level_shares(monthly: pd.DataFrame) -> dict[str, tuple[list[str], dict[str, list[float]]]]:
    """Per scenario: share of replications at each level, month by month."""
    out: dict[str, tuple[list[str], dict[str, list[float]]]] = {}
    for scenario, frame in monthly.groupby("scenario", sort=False):
        counts = pd.crosstab(frame["month"], frame["level_code"]).reindex(columns=range(len(LEVELS)), fill_value=0)
        shares = counts.div(counts.sum(axis=1), axis=0)
        out[str(scenario)] = (
            _dates(frame, shares.index),
            {lv: shares[i].round(4).tolist() for i, lv in enumerate(LEVELS)},
        )
    return out


def km_curve(durations: ArrayLike, observed: ArrayLike, complement: bool = False) -> dict[str, Any]:
    """A Kaplan–Meier estimate with its 95% band, of months to an event (``observed``) or to censoring.

    ``{"t", "s", "lo", "hi", "n", "events", "median", "at"}`` (``at``: S at years 2, 5 and 10); with
    ``complement``, 1 − S(t), the share that has had the event by t.
    """
    durations, observed = np.asarray(durations, dtype=float), np.asarray(observed, dtype=bool)
    km = kaplan_meier(durations, observed, confidence=0.95)
    s, lo, hi = km.survival, km.ci_low, km.ci_high
    if complement:
        s, lo, hi = 1 - s, 1 - hi, 1 - lo
    median = km.median().value
    return {
        "t": km.times.tolist(),
        "s": np.round(s, 4).tolist(),
        "lo": np.round(lo, 4).tolist(),
        "hi": np.round(hi, 4).tolist(),
        "n": len(durations),
        "events": int(observed.sum()),
        "median": None if not np.isfinite(median) else float(median),
        "at": {y: km.at(12 * y) for y in (2, 5, 10)},
    }


def _curves(runs: pd.DataFrame, by: str, durations: Durations, complement: bool = False) -> dict[str, dict[str, Any]]:
    """One Kaplan–Meier curve per group of finished runs that has any duration."""
    curves = {}
    for name, frame in ok_runs(runs).groupby(by, sort=False, observed=True):
        months, observed = durations(frame)
        if len(months):
            curves[str(name)] = km_curve(months, observed, complement)
    return curves


def time_to_embedded(runs: pd.DataFrame, by: str = "scenario") -> dict[str, dict[str, Any]]:
    """KM curves of the share of services embedded by each month (censored at the horizon)."""
    return _curves(runs, by, embedded_durations, complement=True)


def departure_to_collapse(runs: pd.DataFrame, by: str = "scenario") -> dict[str, dict[str, Any]]:
    """KM curves of the share still running, from the first implementer's departure to the courses stopping.

    Only runs with a departure count; those that never stopped are censored at the horizon.
    """
    return _curves(runs, by, collapse_durations)


def departure_to_last_course(runs: pd.DataFrame, by: str = "scenario") -> dict[str, dict[str, Any]]:
    """KM curves of the share still starting courses, from the first implementer's departure to the last course.

    Only runs with a departure count. A run that still started a course in its last 12 months
    (``last_course_censored``) has not had its last course yet: it is censored at the last
    course seen, not counted as stopping there. Runs from before the outcome existed give none.
    """
    return _curves(runs, by, last_course_durations)


def param_bins(values: pd.Series, max_levels: int = 8, bins: int = 5) -> pd.Series:
    """Parameter values as ordered categories: the values themselves if few, else quantile ranges."""
    numeric = pd.to_numeric(values, errors="coerce")
    distinct = values.dropna().unique()
    if len(distinct) <= max_levels or numeric.isna().all():
        order = sorted(distinct, key=lambda v: (str(type(v)), v))
        labels = [f"{v:.4g}" if isinstance(v, float) else str(v) for v in order]
        mapping = dict(zip(order, labels, strict=True))
        return values.map(mapping).astype(pd.CategoricalDtype(list(dict.fromkeys(labels)), ordered=True))
    cut = pd.qcut(numeric, q=bins, duplicates="drop")
    names = [f"{iv.left:.3g}–{iv.right:.3g}" for iv in cut.cat.categories]
    return cut.cat.rename_categories(names)


def _summary(column: str, stat: str) -> tuple[str, bool, str]:
    """A declared run outcome summarised across runs: label, shown as a percentage, statistic."""
    declared = spec(column)
    return (
        f"{'share' if declared.dtype == 'bool' else stat} {declared.label}",
        declared.share or declared.dtype == "bool",
        stat,
    )


OUTCOMES: dict[str, tuple[str, bool, str]] = {
    "embedded_at_end": ("share embedded at the end", True, "mean"),  # computed from final_level
    "running_at_end": _summary("running_at_end", "mean"),
    "participants_total": _summary("participants_total", "mean"),
    "cost_per_participant": _summary("cost_per_participant", "median"),
    **{column: _summary(column, "mean") for column in ("need_met_share", "fill_rate", "courses_cancelled")},
}
"""Outcome column -> (label, shown as a percentage, statistic across runs)."""


def outcome_columns(runs: pd.DataFrame) -> pd.DataFrame:
    """Finished runs with the outcome columns the reports aggregate (:data:`OUTCOMES`), as numbers."""
    frame = ok_runs(runs).copy()
    frame["embedded_at_end"] = (frame["final_level"] == "embedded").astype(float)
    for column in [c for c in OUTCOMES if c != "embedded_at_end"]:
        # Runs from before the demand outcomes existed have none: their cells stay empty.
        frame[column] = pd.to_numeric(frame[column], errors="coerce").astype(float) if column in frame else float("nan")
    return frame
