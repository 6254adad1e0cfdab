"""How a pattern is measured: functions of replicated runs that give an estimate with its 95% interval.

Each factory takes scenario references and returns a :class:`Measure`, the
scenarios it reads and ``measure(runs, replications) -> Estimate``, read by a
:class:`~journeysim.validation.patterns.Pattern`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

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


@dataclass(frozen=True)
class Measure:
    """A pattern's metric: the scenario references it reads, and its estimate on replicated runs."""

    scenarios: tuple[str, ...]
    compute: Callable[[Runs, int | None], Estimate]

    def __call__(self, runs: Runs, replications: int | None) -> Estimate:
        """The estimate on the first ``replications`` runs of each scenario (all if ``None``)."""
        return self.compute(runs, replications)


def _one(ref: str, estimate: Callable[[pd.DataFrame], Estimate]) -> Measure:
    return Measure((ref,), lambda runs, n: estimate(runs.of(ref, n)))


def _two(a: str, b: str, estimate: Callable[[pd.DataFrame, pd.DataFrame], Estimate]) -> Measure:
    return Measure((a, b), lambda runs, n: estimate(*runs.pair(a, b, n)))


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


def numbers(frame: pd.DataFrame, column: str | Callable[[pd.DataFrame], pd.Series]) -> np.ndarray:
    """An outcome (a column, or a function of the runs) as floats, anything not a number as NaN."""
    values = column(frame) if callable(column) else frame[column]
    return pd.to_numeric(values, errors="coerce").astype(float).to_numpy()


def stops_after_departure(ref: str) -> Measure:
    """Share of services running when their champion left that stopped within three years."""
    return _one(ref, lambda f: conditional_share(*_stopped_soon(f)))


def fewer_stop_after_departure(fragile: str, robust: str) -> Measure:
    """Paired difference in that share: ``fragile`` minus ``robust`` (positive: ``robust`` survives more)."""
    return _two(fragile, robust, lambda f, r: paired_conditional_difference(*_stopped_soon(r), *_stopped_soon(f)))


def _paired_difference(x: np.ndarray, y: np.ndarray) -> Estimate:
    keep = np.isfinite(x) & np.isfinite(y)
    return paired_difference(x[keep], y[keep])


def difference(column: str | Callable[[pd.DataFrame], pd.Series], baseline: str, better: str) -> Measure:
    """Paired mean difference of an outcome (a column, or a function of the runs), ``better`` minus ``baseline``."""
    return _two(baseline, better, lambda a, b: _paired_difference(numbers(a, column), numbers(b, column)))


def relative_difference(column: str, baseline: str, better: str) -> Measure:
    """Paired relative difference of means, ``mean(better) / mean(baseline) - 1``."""
    return _two(baseline, better, lambda a, b: paired_relative_difference(numbers(a, column), numbers(b, column)))


def has_implementer_at_year_10(frame: pd.DataFrame) -> pd.Series:
    """Whether at least one implementer is in post at the end of year ten."""
    return (frame["implementers_at_year_10"] > 0).astype(float)


def embedded_among_running(ref: str) -> Measure:
    """Share embedded at year 10 among services still running at year 10."""
    return _one(ref, lambda f: conditional_share(flag(f, "embedded_at_year_10"), flag(f, "running_at_year_10")))


def median_months_to_embedded(ref: str) -> Measure:
    """Median months from the start to first reaching ``embedded``, among journeys that get there."""
    return _one(ref, lambda f: median(numbers(f, "months_to_embedded")))


def share_with_pivots_both_ways(ref: str) -> Measure:
    """Share of journeys with at least one upward and one downward pivot point."""
    return _one(ref, lambda f: share((f["pivots_up"] > 0) & (f["pivots_down"] > 0)))


def troughs_on_the_way(ref: str) -> Measure:
    """Share of journeys that reach ``embedded`` and also fall back a level at least once."""
    return _one(ref, lambda f: conditional_share(f["troughs"] > 0, flag(f, "ever_embedded")))


def running_share(ref: str, column: str) -> Measure:
    """Share of runs where a boolean outcome holds."""
    return _one(ref, lambda f: share(flag(f, column)))


def within_difference(ref: str, earlier: str, later: str) -> Measure:
    """Within one scenario, paired difference of two boolean outcomes: ``earlier`` minus ``later``."""
    return _one(ref, lambda f: paired_difference(flag(f, later).astype(float), flag(f, earlier).astype(float)))


def _uptake(frame: pd.DataFrame, column: str) -> Estimate:
    hit, took_up = flag(frame, column), flag(frame, "ever_local_implementer")
    return paired_conditional_difference(hit, ~took_up, hit, took_up)


def uptake_difference(ref: str, column: str) -> Measure:
    """Share with ``column`` true among runs where local implementers took it up, minus where none did."""
    return _one(ref, lambda f: _uptake(f, column))
