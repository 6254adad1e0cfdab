"""Comparisons of population scenarios: national outcomes with intervals and paired differences.

The input is one row per population run (the columns of
:func:`journeysim.nation.outputs.nation_outcomes`); replication *i* of each
scenario lived through the same luck, so differences are paired. Output is
JSON-ready, like :func:`journeysim.analysis.compare.summarize`.
"""

from __future__ import annotations

from itertools import combinations
from typing import Any

import numpy as np
import pandas as pd

from journeysim.analysis.bootstrap import mean_ci, paired_ratio_difference, ratio_ci
from journeysim.analysis.compare import _finite, _interval, _paired, difference, finite_difference, horizon_months
from journeysim.outcomes import scope, spec
from journeysim.outcomes.formats import finite

# (column, label, kind) of the compared national outcomes; kind "share" is shown in percent, "count" and
# "money" as numbers, "index" to three decimals.
NATION_METRICS: tuple[tuple[str, str, str], ...] = tuple(
    (s.name, s.label, s.kind) for s in scope("population") if s.compare
)
COST = spec("cost_per_participant", "population")


def _values(frame: pd.DataFrame, column: str) -> np.ndarray:
    """A column as floats (all NaN when absent, as in runs from before the column existed)."""
    if column not in frame:
        return np.full(len(frame), np.nan)
    return pd.to_numeric(frame[column], errors="coerce").to_numpy(dtype=float)


def scenario_summary(runs: pd.DataFrame, confidence: float, n_resamples: int, seed: int) -> dict[str, Any]:
    """Mean and bootstrap interval of every national metric for one scenario's runs."""
    ok = runs[runs["status"] == "ok"]
    out: dict[str, Any] = {"runs": len(ok), "failed": int((runs["status"] != "ok").sum())}
    for column, _, _ in NATION_METRICS:
        out[column] = _interval(mean_ci(_finite(ok, column), confidence, n_resamples, seed))
    spend, people = _values(ok, "spend_total"), _values(ok, "participants_total")
    out["cost_per_participant"] = _interval(ratio_ci(spend, people, confidence, n_resamples, seed))
    out["services"] = int(ok["services"].iloc[0]) if len(ok) else None
    return out


def pair_differences(
    runs: pd.DataFrame, a: str, b: str, confidence: float, n_resamples: int, seed: int
) -> list[dict[str, Any]]:
    """Paired differences ``b - a`` of every national metric over shared replications."""
    pairs = _paired(runs, a, b)
    out = []
    for column, label, kind in (*NATION_METRICS, (COST.name, COST.label, COST.kind)):
        if column == "cost_per_participant":
            totals = (_values(pairs, f"{c}_{s}") for s in "ab" for c in ("spend_total", "participants_total"))
            iv = paired_ratio_difference(*totals, confidence, n_resamples, seed)
        else:
            values = _values(pairs, f"{column}_a"), _values(pairs, f"{column}_b")
            iv = finite_difference(*values, confidence, n_resamples, seed)
        out.append(difference(iv, "n", metric=column, label=label, kind=kind, a=a, b=b))
    return out


def summarize_nations(
    runs: pd.DataFrame,
    order: list[str] | None = None,
    confidence: float = 0.95,
    n_resamples: int = 2000,
    seed: int = 0,
) -> dict[str, Any]:
    """Per-scenario national outcomes and paired differences for a comparison of population scenarios.

    Returns:
        ``{"kind": "population", "order", "horizon_years", "confidence", "difference_is",
        "scenarios": {label: {metric: {"value", "ci_low", "ci_high", "n"}, ...}},
        "differences": [...]}``.

    """
    labels = order or list(dict.fromkeys(runs["scenario"]))
    horizon = horizon_months(runs)
    scenarios = {
        label: scenario_summary(runs[runs["scenario"] == label], confidence, n_resamples, seed) for label in labels
    }
    differences: list[dict[str, Any]] = []
    for a, b in combinations(labels, 2):
        differences += pair_differences(runs, a, b, confidence, n_resamples, seed)
    return {
        "kind": "population",
        "order": labels,
        "horizon_years": horizon / 12,
        "confidence": confidence,
        "bootstrap_resamples": n_resamples,
        "difference_is": "b - a (paired by replication under common random numbers)",
        "metrics": [{"metric": c, "label": lab, "kind": k} for c, lab, k in NATION_METRICS],
        "scenarios": scenarios,
        "differences": differences,
    }


def ensemble_bands(runs: pd.DataFrame, columns: list[str], band: float = 0.9) -> dict[str, Any]:
    """The median and the central ``band`` of each outcome across a population scenario's worlds (replications).

    Returns:
        ``{"worlds", "failed", "band", "outcomes": {column: {"median", "low", "high", "n"}}}``: ``low`` and
        ``high`` are the ``(1 - band) / 2`` and ``(1 + band) / 2`` quantiles of the worlds' values (a spread of
        outcomes, not an interval around the median); columns the runs lack are left out.

    """
    ok = runs[runs["status"] == "ok"]
    quantiles = (0.5, (1 - band) / 2, (1 + band) / 2)
    outcomes = {}
    for column in (c for c in columns if c in ok):
        values = _finite(ok, column)
        median, low, high = np.quantile(values, quantiles) if values.size else (np.nan,) * 3
        outcomes[column] = {"median": finite(median), "low": finite(low), "high": finite(high), "n": int(values.size)}
    return {"worlds": len(ok), "failed": int((runs["status"] != "ok").sum()), "band": band, "outcomes": outcomes}
