"""How a pattern is measured: functions of replicated runs that give an estimate with its 95% interval.

Each factory takes scenario references and returns a :data:`Measure`,
``measure(runs, replications) -> Estimate``, read by a
:class:`~journeysim.validation.patterns.Pattern`.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd

from journeysim.validation.metrics import (
    Estimate,
    conditional_share,
    median,
    paired_conditional_difference,
    paired_difference,
    paired_relative_difference,
    share,
)
from journeysim.validation.runs import Runs

FEW_YEARS = 36  # months: "within a few years"

Measure = Callable[[Runs, int | None], Estimate]


def flag(frame: pd.DataFrame, column: str) -> np.ndarray:
    """A boolean outcome column as an array, missing values (no such event) as False."""
    return np.array([bool(v) if pd.notna(v) else False for v in frame[column]], dtype=bool)


def _stopped_soon(frame: pd.DataFrame, months: int = FEW_YEARS) -> tuple[np.ndarray, np.ndarray]:
    """(stopped within ``months`` of the first departure, eligible) per run.

    Eligible: the service was running when the first implementer left, and
    the run goes on for at least ``months`` after it (so every eligible run is
    followed for the whole window: no censoring inside it).
    """
    dep = pd.to_numeric(frame["first_departure_month"], errors="coerce")
    eligible = flag(frame, "running_at_first_departure") & (dep <= frame["months"] - months).to_numpy()
    gap = pd.to_numeric(frame["months_departure_to_collapse"], errors="coerce").to_numpy()
    stopped = flag(frame, "collapsed_after_departure") & (np.nan_to_num(gap, nan=np.inf) <= months)
    return stopped, eligible


def stops_after_departure(ref: str) -> Measure:
    """Share of services running when their champion left that stopped within three years."""

    def measure(runs: Runs, replications: int | None) -> Estimate:
        stopped, eligible = _stopped_soon(runs.of(ref, replications))
        return conditional_share(stopped, eligible)

    return measure


def fewer_stop_after_departure(fragile: str, robust: str) -> Measure:
    """Paired difference in that share: ``fragile`` minus ``robust`` (positive: ``robust`` survives more)."""

    def measure(runs: Runs, replications: int | None) -> Estimate:
        a, b = runs.pair(robust, fragile, replications)
        sa, ea = _stopped_soon(a)
        sb, eb = _stopped_soon(b)
        return paired_conditional_difference(sa, ea, sb, eb)

    return measure


def _values(frame: pd.DataFrame, column: str | Callable[[pd.DataFrame], pd.Series]) -> np.ndarray:
    values = column(frame) if callable(column) else frame[column]
    return pd.to_numeric(values, errors="coerce").astype(float).to_numpy()


def difference(column: str | Callable[[pd.DataFrame], pd.Series], baseline: str, better: str) -> Measure:
    """Paired mean difference of an outcome (a column, or a function of the runs), ``better`` minus ``baseline``."""

    def measure(runs: Runs, replications: int | None) -> Estimate:
        a, b = runs.pair(baseline, better, replications)
        x, y = _values(a, column), _values(b, column)
        keep = np.isfinite(x) & np.isfinite(y)
        return paired_difference(x[keep], y[keep])

    return measure


def relative_difference(column: str, baseline: str, better: str) -> Measure:
    """Paired relative difference of means, ``mean(better) / mean(baseline) - 1``."""

    def measure(runs: Runs, replications: int | None) -> Estimate:
        a, b = runs.pair(baseline, better, replications)
        return paired_relative_difference(_values(a, column), _values(b, column))

    return measure


def has_implementer_at_year_10(frame: pd.DataFrame) -> pd.Series:
    """Whether at least one implementer is in post at the end of year ten."""
    return (frame["implementers_at_year_10"] > 0).astype(float)


def embedded_among_running(ref: str) -> Measure:
    """Share embedded at year 10 among services still running at year 10."""

    def measure(runs: Runs, replications: int | None) -> Estimate:
        f = runs.of(ref, replications)
        return conditional_share(flag(f, "embedded_at_year_10"), flag(f, "running_at_year_10"))

    return measure


def median_months_to_embedded(ref: str) -> Measure:
    """Median months from the start to first reaching ``embedded``, among journeys that get there."""

    def measure(runs: Runs, replications: int | None) -> Estimate:
        f = runs.of(ref, replications)
        return median(pd.to_numeric(f["months_to_embedded"], errors="coerce").astype(float))

    return measure


def share_with_pivots_both_ways(ref: str) -> Measure:
    """Share of journeys with at least one upward and one downward pivot point."""

    def measure(runs: Runs, replications: int | None) -> Estimate:
        f = runs.of(ref, replications)
        return share((f["pivots_up"] > 0) & (f["pivots_down"] > 0))

    return measure


def troughs_on_the_way(ref: str) -> Measure:
    """Share of journeys that reach ``embedded`` and also fall back a level at least once."""

    def measure(runs: Runs, replications: int | None) -> Estimate:
        f = runs.of(ref, replications)
        return conditional_share(f["troughs"] > 0, flag(f, "ever_embedded"))

    return measure


def running_share(ref: str, column: str) -> Measure:
    """Share of runs where a boolean outcome holds."""

    def measure(runs: Runs, replications: int | None) -> Estimate:
        return share(flag(runs.of(ref, replications), column))

    return measure


def within_difference(ref: str, earlier: str, later: str) -> Measure:
    """Within one scenario, paired difference of two boolean outcomes: ``earlier`` minus ``later``."""

    def measure(runs: Runs, replications: int | None) -> Estimate:
        f = runs.of(ref, replications)
        return paired_difference(flag(f, later).astype(float), flag(f, earlier).astype(float))

    return measure


def uptake_difference(ref: str, column: str) -> Measure:
    """Share with ``column`` true among runs where local implementers took it up, minus where none did."""

    def measure(runs: Runs, replications: int | None) -> Estimate:
        f = runs.of(ref, replications)
        hit, took_up = flag(f, column), flag(f, "ever_local_implementer")
        return paired_conditional_difference(hit, ~took_up, hit, took_up)

    return measure
