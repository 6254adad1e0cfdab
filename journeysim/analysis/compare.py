"""Turn the runs of a comparison into per-scenario estimates and paired differences.

The input is the frame :func:`journeysim.batch.replicate` returns (one row per
run, column ``scenario`` holding the label, ``replication`` the index shared
across scenarios). The output is plain JSON-ready data: the ``--json`` of
``journeysim compare`` and the ``comparison`` the HTML report reads.

Differences are always ``b - a`` where ``a`` comes before ``b`` in the order
given (so listing the baseline first makes a positive difference mean "b
does better" for probabilities and people reached).
"""

from __future__ import annotations

import math
from itertools import combinations
from typing import Any

import numpy as np
import pandas as pd

from journeysim.analysis.bootstrap import (
    Interval,
    mean_ci,
    paired_mean_difference,
    paired_ratio_difference,
    proportion_ci,
    ratio_ci,
)
from journeysim.analysis.survival import KaplanMeier, kaplan_meier, logrank
from journeysim.outcomes import DERIVED, label, scope, with_derived
from journeysim.outcomes.formats import finite

EMBEDDED_YEARS = (5, 10, 15)
# Run outcomes estimated as means over runs (the demand and derived outcomes): column -> label.
DEMAND_METRICS = {s.name: f"{s.label} (mean)" for s in scope("run") if s.compare}
# Those whose paired differences are given too, beside the probabilities, reach and cost.
PAIRED_MEANS = tuple(s.name for s in scope("run") if s.compare == "paired")
METRIC_LABELS = {
    **{f"p_embedded_at_{y}": label(f"embedded_at_year_{y}") for y in EMBEDDED_YEARS},
    "p_running_at_end": label("running_at_end"),
    "p_collapse_after_departure": label("collapsed_after_departure"),
    "people_reached": f"{label('participants_total')} (mean)",
    "cost_per_participant": label("cost_per_participant"),
    **DEMAND_METRICS,
}
ENDPOINTS = {
    "time_to_embedded": "years to embedded",
    "departure_to_collapse": "years from departure to collapse",
    "departure_to_last_course": "years from departure to the last course",
}


def _interval(iv: Interval, scale: float = 1.0) -> dict[str, Any]:
    return {
        "value": finite(iv.estimate * scale),
        "ci_low": finite(iv.ci_low * scale),
        "ci_high": finite(iv.ci_high * scale),
        "n": iv.n,
    }


def _bools(series: pd.Series) -> np.ndarray:
    return series.astype("boolean").fillna(False).to_numpy(dtype=float)


def _ints(series: pd.Series) -> np.ndarray:
    return pd.to_numeric(series, errors="coerce").to_numpy(dtype=float)


def horizon_months(runs: pd.DataFrame) -> int:
    """Length of the runs in months (the largest ``months`` among successful runs)."""
    ok = runs[runs["status"] == "ok"] if "status" in runs else runs
    return int(pd.to_numeric(ok["months"]).max()) if len(ok) and "months" in ok else 0


def embedded_durations(runs: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """Months to ``embedded``, censored at each run's horizon when it never got there."""
    months = _ints(runs["months_to_embedded"])
    observed = ~np.isnan(months)
    durations = np.where(observed, months, _ints(runs["months"]))
    return durations, observed


def _after_departure(runs: pd.DataFrame, column: str, observed: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``column``'s durations and ``observed`` (one per run) where a champion left and the duration is known."""
    left = pd.notna(runs["first_departure_month"]).to_numpy()
    durations = _ints(runs[column])[left]
    keep = ~np.isnan(durations)
    return durations[keep], observed[left][keep]


def collapse_durations(runs: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """Months from the first champion departure to collapse, censored at the horizon; runs with a departure only."""
    return _after_departure(runs, "months_departure_to_collapse", _bools(runs["collapsed_after_departure"]) > 0)


def last_course_durations(runs: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """Months from the first champion departure to the last course; runs with a departure only.

    A run whose service still ran a course in its last 12 months (``last_course_censored``)
    has not had its last course yet: it is censored at the last course seen. Empty when
    the runs predate the outcome (no such column).
    """
    if "months_departure_to_last_course" not in runs:
        return np.array([]), np.array([], dtype=bool)
    return _after_departure(runs, "months_departure_to_last_course", _bools(runs["last_course_censored"]) == 0)


# The survival endpoints and the durations each is estimated from.
DURATIONS = {
    "time_to_embedded": embedded_durations,
    "departure_to_collapse": collapse_durations,
    "departure_to_last_course": last_course_durations,
}


def _finite(runs: pd.DataFrame, column: str) -> np.ndarray:
    """A column's finite values (none if the column is absent, as in runs from before it existed)."""
    if column not in runs:
        return np.array([])
    values = _ints(runs[column])
    return values[np.isfinite(values)]


def _curve(km: KaplanMeier, max_points: int = 400) -> dict[str, list[float]]:
    """The step curve in years (thinned to at most ``max_points`` steps)."""
    idx = np.arange(km.times.size)
    if idx.size > max_points:
        idx = np.unique(np.linspace(0, idx.size - 1, max_points).round().astype(int))
    return {
        "years": [round(float(t) / 12, 4) for t in km.times[idx]],
        **{band: [round(float(s), 5) for s in getattr(km, band)[idx]] for band in ("survival", "ci_low", "ci_high")},
    }


def survival_summary(durations: np.ndarray, observed: np.ndarray, confidence: float = 0.95) -> dict[str, Any]:
    """Kaplan–Meier summary in years: median with its interval, event counts, the curve."""
    km = kaplan_meier(durations, observed, confidence)
    med = km.median()
    return {
        "n": km.n,
        "events": km.n_events,
        "censored": km.n - km.n_events,
        "median_years": finite(med.value / 12),
        "median_reached": math.isfinite(med.value),
        "ci_low": finite(med.ci_low / 12),
        "ci_high": finite(med.ci_high / 12),
        "curve": _curve(km),
    }


def _proportion(flags: pd.Series, confidence: float) -> tuple[float | None, list[float | None]]:
    """The share of true ``flags`` (missing: false) and its Wilson interval, JSON-safe."""
    iv = proportion_ci(int(_bools(flags).sum()), len(flags), confidence)
    return finite(iv.estimate), [finite(iv.ci_low), finite(iv.ci_high)]


def scenario_summary(
    runs: pd.DataFrame, horizon: int, confidence: float = 0.95, n_resamples: int = 2000, seed: int = 0
) -> dict[str, Any]:
    """Estimates for one scenario's runs (failed runs are counted and left out)."""
    ok = runs[runs["status"] == "ok"]
    p_at = {
        str(year): _proportion(ok[col], confidence) if year * 12 <= horizon and col in ok else (None, [None, None])
        for year, col in ((y, f"embedded_at_year_{y}") for y in EMBEDDED_YEARS)
    }
    running = _proportion(ok["running_at_end"], confidence)
    collapse = _proportion(ok[pd.notna(ok["first_departure_month"])]["collapsed_after_departure"], confidence)
    participants, cost = _ints(ok["participants_total"]), _ints(ok["cost_total"])
    return {
        "scenario_hash": str(ok["scenario_hash"].iloc[0]) if len(ok) else None,
        "runs": len(runs),
        "failed": int(len(runs) - len(ok)),
        "p_embedded_at": {year: value for year, (value, _) in p_at.items()},
        "p_embedded_at_ci": {year: ci for year, (_, ci) in p_at.items()},
        "p_running_at_end": running[0],
        "p_running_at_end_ci": running[1],
        "p_collapse_after_departure": collapse[0],
        "p_collapse_after_departure_ci": collapse[1],
        **{endpoint: survival_summary(*durations(ok), confidence) for endpoint, durations in DURATIONS.items()},
        "people_reached": _interval(mean_ci(participants, confidence, n_resamples, seed)),
        "cost_per_participant": _interval(ratio_ci(cost, participants, confidence, n_resamples, seed)),
        **{metric: _interval(mean_ci(_finite(ok, metric), confidence, n_resamples, seed)) for metric in DEMAND_METRICS},
    }


def with_derived_columns(runs: pd.DataFrame) -> pd.DataFrame:
    """Runs with the derived outcomes (:data:`journeysim.outcomes.DERIVED`) they lack but can be computed."""
    missing = [s for s in DERIVED if s.name not in runs and set(s.inputs) <= set(runs.columns)]
    if not missing:
        return runs
    rows = [with_derived(r) for r in runs.to_dict("records")]
    return runs.assign(**{s.name: [r.get(s.name) for r in rows] for s in missing})


def _paired(runs: pd.DataFrame, a: str, b: str) -> pd.DataFrame:
    """Rows of ``a`` and ``b`` matched on replication, both successful (suffixes ``_a``/``_b``)."""
    ok = runs[runs["status"] == "ok"]
    return ok[ok["scenario"] == a].merge(ok[ok["scenario"] == b], on="replication", suffixes=("_a", "_b"))


def difference(iv: Interval, n_key: str = "n_pairs", **head: Any) -> dict[str, Any]:
    """A paired difference as JSON: ``head`` (``metric``, ``label``, ``a``, ``b``...), then ``b - a``, its interval."""
    return {
        **head,
        "diff": finite(iv.estimate),
        "ci_low": finite(iv.ci_low),
        "ci_high": finite(iv.ci_high),
        n_key: iv.n,
        "ci_excludes_zero": iv.excludes_zero(),
    }


def finite_difference(a: np.ndarray, b: np.ndarray, confidence: float, n_resamples: int, seed: int) -> Interval:
    """``mean(b) - mean(a)`` over the pairs where both values are finite, with a paired bootstrap interval."""
    both = np.isfinite(a) & np.isfinite(b)
    return paired_mean_difference(a[both], b[both], confidence, n_resamples, seed)


def pair_differences(
    runs: pd.DataFrame, a: str, b: str, horizon: int, confidence: float = 0.95, n_resamples: int = 2000, seed: int = 0
) -> list[dict[str, Any]]:
    """Paired differences ``b - a`` with bootstrap intervals, one dict per metric."""
    pairs = _paired(runs, a, b)
    both_left = pairs[pd.notna(pairs["first_departure_month_a"]) & pd.notna(pairs["first_departure_month_b"])]
    shares = [
        (f"p_embedded_at_{year}", pairs, f"embedded_at_year_{year}")
        for year in EMBEDDED_YEARS
        if year * 12 <= horizon and f"embedded_at_year_{year}_a" in pairs
    ]
    shares += [
        ("p_running_at_end", pairs, "running_at_end"),
        ("p_collapse_after_departure", both_left, "collapsed_after_departure"),
    ]
    settings = (confidence, n_resamples, seed)
    found = {m: paired_mean_difference(_bools(f[f"{c}_a"]), _bools(f[f"{c}_b"]), *settings) for m, f, c in shares}
    people_a, people_b = _ints(pairs["participants_total_a"]), _ints(pairs["participants_total_b"])
    found["people_reached"] = paired_mean_difference(people_a, people_b, *settings)
    cost_a, cost_b = _ints(pairs["cost_total_a"]), _ints(pairs["cost_total_b"])
    found["cost_per_participant"] = paired_ratio_difference(cost_a, people_a, cost_b, people_b, *settings)
    for metric in PAIRED_MEANS:
        if f"{metric}_a" in pairs:
            found[metric] = finite_difference(_ints(pairs[f"{metric}_a"]), _ints(pairs[f"{metric}_b"]), *settings)
    return [difference(iv, metric=m, label=METRIC_LABELS[m], a=a, b=b) for m, iv in found.items()]


def pair_logranks(runs: pd.DataFrame, a: str, b: str) -> list[dict[str, Any]]:
    """Log-rank tests of ``a`` against ``b`` for each survival endpoint."""
    ok = runs[runs["status"] == "ok"]
    ra, rb = ok[ok["scenario"] == a], ok[ok["scenario"] == b]
    out = []
    for endpoint, durations in DURATIONS.items():
        test = logrank(*durations(ra), *durations(rb))
        out.append(
            {
                "endpoint": endpoint,
                "label": ENDPOINTS[endpoint],
                "a": a,
                "b": b,
                "statistic": finite(test.statistic),
                "p_value": finite(test.p_value),
                "events_a": test.observed_a,
                "expected_a": finite(test.expected_a),
            }
        )
    return out


def summarize(
    runs: pd.DataFrame,
    order: list[str] | None = None,
    confidence: float = 0.95,
    n_resamples: int = 2000,
    seed: int = 0,
) -> dict[str, Any]:
    """Per-scenario estimates, paired differences and log-rank tests for a comparison.

    Args:
        runs: One row per run, as from :func:`journeysim.batch.replicate`.
        order: Scenario labels in the order to report and pair them (default: first appearance).
        confidence: Level of every interval.
        n_resamples: Bootstrap resamples.
        seed: Seed of the bootstrap resampling.

    Returns:
        ``{"order", "horizon_years", "confidence", "difference_is", "scenarios":
        {label: {...}}, "differences": [...], "logrank": [...]}`` where each
        scenario has ``p_embedded_at`` (keyed by year, as strings),
        ``p_running_at_end``, ``time_to_embedded``, ``departure_to_collapse`` and
        ``departure_to_last_course`` (Kaplan–Meier medians in years with intervals),
        ``people_reached``, ``cost_per_participant`` and the :data:`DEMAND_METRICS`
        (means over runs with intervals), and each difference has ``metric``, ``a``,
        ``b``, ``diff`` (``b - a``), ``ci_low`` and ``ci_high``.

    """
    labels = order or list(dict.fromkeys(runs["scenario"]))
    runs = with_derived_columns(runs)
    horizon = horizon_months(runs)
    scenarios = {
        label: scenario_summary(runs[runs["scenario"] == label], horizon, confidence, n_resamples, seed)
        for label in labels
    }
    differences: list[dict[str, Any]] = []
    tests: list[dict[str, Any]] = []
    for a, b in combinations(labels, 2):
        differences += pair_differences(runs, a, b, horizon, confidence, n_resamples, seed)
        tests += pair_logranks(runs, a, b)
    return {
        "order": labels,
        "horizon_years": horizon / 12,
        "confidence": confidence,
        "bootstrap_resamples": n_resamples,
        "difference_is": "b - a (paired by replication under common random numbers)",
        "scenarios": scenarios,
        "differences": differences,
        "logrank": tests,
    }
