"""Advice for one service: its forecast, its options ranked by their paired effect, what came before decline.

Frames in, statistics out. ``runs`` and ``series`` are what :func:`journeysim.batch.replicate` returns
with ``keep_series=True``: replication *i* of every option lives through the same luck (common random
numbers) as the service as it is, so an option's effect is a paired difference, computed by the
comparison's own :func:`~journeysim.analysis.compare.pair_differences` (``journeysim compare`` on the same
scenarios and seeds gives the same number and interval).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from journeysim.analysis.bootstrap import Interval, mean_ci, paired_mean_difference, proportion_ci
from journeysim.analysis.compare import horizon_months, pair_differences, with_derived_columns
from journeysim.outcomes.formats import finite

FORECAST_YEARS = (5, 10)
RANKED_BY = "p_running_at_end"
"""The comparison's metric the options are ranked by: running at the horizon (year 10 by default)."""
METHODS = {
    "shares": "Wilson score interval",
    "means": "bootstrap interval (BCa) over worlds",
    "effects": "paired bootstrap interval (BCa) over worlds",
}
DECLINE = ("service_stopped", "level_down")
"""Events that mark a decline: courses stop, or the service slips back a level."""
NOT_SIGNS = ("level", "national", "start", "intervention")
"""Event categories never counted as warning signs: the decline itself, the national history every world shares,
and what the scenario schedules on purpose."""


def interval(iv: Interval) -> dict[str, Any]:
    """An estimate with its interval, JSON-ready."""
    return {"value": finite(iv.estimate), "ci_low": finite(iv.ci_low), "ci_high": finite(iv.ci_high), "n": iv.n}


def months_running(series: pd.DataFrame) -> pd.Series:
    """Months in which courses were running, per ``(scenario, replication)``."""
    running = series["running"].astype("boolean").fillna(False).astype(int)
    return running.groupby([series["scenario"], series["replication"]]).sum()


def _ok(runs: pd.DataFrame, label: str) -> pd.DataFrame:
    return runs[(runs["scenario"] == label) & (runs["status"] == "ok")].sort_values("replication")


def _months(months: pd.Series, label: str, replications: pd.Series) -> np.ndarray:
    mine = months.loc[label] if label in months.index.get_level_values(0) else pd.Series(dtype=float)
    return mine.reindex(replications.to_numpy()).to_numpy(dtype=float)


def forecast(
    runs: pd.DataFrame,
    series: pd.DataFrame,
    label: str,
    confidence: float = 0.9,
    n_resamples: int = 2000,
    seed: int = 0,
) -> dict[str, Any]:
    """The service as it is: P(running) and P(embedded) at 5 and 10 years, months of delivery, reach and spending.

    Shares have Wilson score intervals; means (months of delivery, people reached, spending) bootstrap intervals.
    A milestone beyond the runs' horizon is left out.
    """
    ok = _ok(runs, label)
    horizon = horizon_months(runs)
    shares = {}
    for year in FORECAST_YEARS:
        for what in ("running", "embedded"):
            column = f"{what}_at_year_{year}"
            if year * 12 <= horizon and column in ok:
                flags = ok[column].astype("boolean").fillna(False)
                shares[column] = interval(proportion_ci(int(flags.sum()), len(flags), confidence))
    settings = (confidence, n_resamples, seed)
    months = _months(months_running(series), label, ok["replication"])
    return {
        "worlds": len(ok),
        "horizon_months": horizon,
        "shares": shares,
        "months_running": interval(mean_ci(months[np.isfinite(months)], *settings)),
        "people_reached": interval(mean_ci(ok["participants_total"].to_numpy(dtype=float), *settings)),
        "spending": interval(mean_ci(ok["cost_total"].to_numpy(dtype=float), *settings)),
    }


def _per(extra_cost: float | None, extra: float | None) -> float | None:
    """Money per extra unit; ``None`` when the option gives no extra units (the ratio would mislead)."""
    if extra_cost is None or extra is None or extra <= 0:
        return None
    return extra_cost / extra


def option_effect(
    runs: pd.DataFrame,
    months: pd.Series,
    baseline: str,
    option: str,
    confidence: float = 0.9,
    n_resamples: int = 2000,
    seed: int = 0,
) -> dict[str, Any]:
    """One option against the service as it is, paired by world: the effect on running at the horizon, and cost.

    ``effect`` is the comparison's own paired difference (``b - a``, a the service as it is) in the share
    running at the horizon; cost is the extra spending per extra service-year running and per extra person
    reached (``None`` when the option gives none extra).
    """
    horizon = horizon_months(runs)
    diffs = {d["metric"]: d for d in pair_differences(runs, baseline, option, horizon, confidence, n_resamples, seed)}
    a, b = _ok(runs, baseline), _ok(runs, option)
    both = a[["replication"]].merge(b[["replication"]], on="replication")["replication"]
    a, b = a.set_index("replication").loc[both], b.set_index("replication").loc[both]
    settings = (confidence, n_resamples, seed)
    cost = interval(paired_mean_difference(a["cost_total"].to_numpy(float), b["cost_total"].to_numpy(float), *settings))
    years_a, years_b = (_months(months, label, both) / 12 for label in (baseline, option))
    years = interval(paired_mean_difference(years_a, years_b, *settings))
    people = diffs["people_reached"]
    return {
        "option": option,
        "effect": {k: diffs[RANKED_BY][k] for k in ("diff", "ci_low", "ci_high", "n_pairs", "ci_excludes_zero")},
        "extra_service_years": years,
        "extra_people": {k: people[k] for k in ("diff", "ci_low", "ci_high")},
        "extra_spending": cost,
        "per_extra_service_year": _per(cost["value"], years["value"]),
        "per_extra_person": _per(cost["value"], people["diff"]),
    }


def rank_options(
    runs: pd.DataFrame,
    series: pd.DataFrame,
    baseline: str,
    options: list[str],
    confidence: float = 0.9,
    n_resamples: int = 2000,
    seed: int = 0,
) -> list[dict[str, Any]]:
    """Every option's :func:`option_effect`, best first: the largest effect, then the least extra spending."""
    runs = with_derived_columns(runs)
    months = months_running(series)
    found = [option_effect(runs, months, baseline, o, confidence, n_resamples, seed) for o in options]
    return sorted(found, key=lambda o: (-(o["effect"]["diff"] or 0.0), o["extra_spending"]["value"] or 0.0))


def warning_signs(events: pd.DataFrame, worlds: int, window_months: int = 24, top: int = 5) -> dict[str, Any]:
    """The setbacks that most often came in the ``window_months`` before a service first declined.

    Args:
        events: The event logs of the service's worlds: ``replication``, ``month``, ``kind``, ``direction``,
            ``category``.
        worlds: How many worlds there were (a world may have logged nothing).
        window_months: How far before the first decline (:data:`DECLINE`) a setback counts.
        top: How many kinds to keep.

    Returns:
        ``{"worlds", "declined", "window_months", "signs": [{"kind", "worlds", "before_decline",
        "in_other_worlds"}]}``: for each kind of setback, in how many declining worlds it came in the window
        (and that as a share of them), and the share of the worlds that never declined in which it happened at all.

    """
    first = events[events["kind"].isin(DECLINE)].groupby("replication")["month"].min()
    setbacks = events[(events["direction"] == "down") & ~events["category"].isin(NOT_SIGNS)]
    timed = setbacks.merge(first.rename("decline"), left_on="replication", right_index=True)
    before = timed[(timed["month"] <= timed["decline"]) & (timed["month"] >= timed["decline"] - window_months)]
    counts = before.groupby("kind")["replication"].nunique().sort_values(ascending=False, kind="stable")
    others = setbacks[~setbacks["replication"].isin(first.index)].groupby("kind")["replication"].nunique()
    n_other = worlds - len(first)
    signs = [
        {
            "kind": str(kind),
            "worlds": int(n),
            "before_decline": n / len(first),
            "in_other_worlds": (int(others.get(kind, 0)) / n_other) if n_other else None,
        }
        for kind, n in counts.head(top).items()
    ]
    return {"worlds": worlds, "declined": len(first), "window_months": window_months, "signs": signs}


def summarize_advice(
    runs: pd.DataFrame,
    series: pd.DataFrame,
    events: pd.DataFrame,
    baseline: str,
    options: dict[str, list[str]],
    confidence: float = 0.9,
    n_resamples: int = 2000,
    seed: int = 0,
) -> dict[str, Any]:
    """The forecast, the options ranked (each with its ``strategies``) and the warning signs, with the methods.

    ``options`` maps each option's label in ``runs`` to its strategies.
    """
    settings = {"confidence": confidence, "n_resamples": n_resamples, "seed": seed}
    ranked = rank_options(runs, series, baseline, list(options), **settings)
    worlds = int(runs.loc[runs["scenario"] == baseline, "replication"].nunique())
    return {
        "methods": METHODS,
        "ranked_by": f"running at year {horizon_months(runs) // 12}",
        "forecast": forecast(runs, series, baseline, **settings),
        "options": [{"strategies": list(options[o["option"]]), **o} for o in ranked],
        "warning_signs": warning_signs(events, worlds),
    }
