"""How a pattern is measured: estimates with 95% confidence intervals, computed on replicated runs.

Proportions get Wilson score intervals; medians and paired differences get bootstrap intervals
(:mod:`journeysim.analysis.bootstrap`) that resample replications: replication *i* of two scenarios
shares its random numbers, so the pair is the unit. The bootstrap is seeded, so the same runs always
give the same interval.

Each factory below takes scenario references and returns a :class:`Measure`, the scenarios it reads and
``measure(runs, replications) -> Estimate``, read by a :class:`~journeysim.validation.patterns.Pattern`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from journeysim.analysis.bootstrap import (
    Interval,
    bootstrap_ci,
    paired_mean_difference,
    paired_ratio_difference,
    proportion_ci,
)
from journeysim.parameters import PARAMETERS
from journeysim.validation.runs import Runs

BOOTSTRAP_SEED = 20_240_601
RESAMPLES = 2000


@dataclass(frozen=True)
class Estimate:
    """A model figure with its 95% confidence interval.

    Attributes:
        value: The point estimate (``nan`` when there was nothing to estimate from).
        low: Lower bound of the 95% interval.
        high: Upper bound of the 95% interval.
        n: Runs (or pairs of runs) the figure rests on.

    """

    value: float
    low: float
    high: float
    n: int

    @property
    def defined(self) -> bool:
        """Whether there was anything to estimate from."""
        return self.n > 0 and bool(np.isfinite(self.value))


def _from(iv: Interval) -> Estimate:
    return Estimate(float(iv.estimate), float(iv.ci_low), float(iv.ci_high), int(iv.n))


def _bools(x: object) -> np.ndarray:
    return np.asarray(x, dtype=float).astype(bool)


def share(hits: object) -> Estimate:
    """Share of runs where ``hits`` is true (Wilson interval)."""
    h = _bools(hits)
    return _from(proportion_ci(int(h.sum()), int(h.size)))


def conditional_share(hits: object, given: object) -> Estimate:
    """Share of ``hits`` among runs where ``given`` is true (Wilson interval)."""
    h, g = _bools(hits), _bools(given)
    return _from(proportion_ci(int((h & g).sum()), int(g.sum())))


def median(values: object) -> Estimate:
    """Median of finite ``values`` (bootstrap interval)."""
    x = np.asarray(values, dtype=float)
    x = x[np.isfinite(x)]
    if x.size == 0:
        return Estimate(float("nan"), float("nan"), float("nan"), 0)
    return _from(bootstrap_ci((x,), np.median, n_resamples=RESAMPLES, seed=BOOTSTRAP_SEED))


def paired_difference(a: object, b: object) -> Estimate:
    """``mean(b) - mean(a)`` over paired replications (paired bootstrap interval)."""
    x, y = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    return _from(paired_mean_difference(x, y, n_resamples=RESAMPLES, seed=BOOTSTRAP_SEED))


def paired_conditional_difference(hits_a: object, given_a: object, hits_b: object, given_b: object) -> Estimate:
    """Difference in conditional shares, ``P(hit | given)`` in b minus in a, paired bootstrap.

    Runs where ``given`` is false contribute to neither numerator nor
    denominator of their own scenario, but stay in the resample so the
    pairing by replication is kept.
    """
    ga, gb = _bools(given_a), _bools(given_b)
    ha, hb = _bools(hits_a) & ga, _bools(hits_b) & gb
    iv = paired_ratio_difference(
        ha.astype(float),
        ga.astype(float),
        hb.astype(float),
        gb.astype(float),
        n_resamples=RESAMPLES,
        seed=BOOTSTRAP_SEED,
    )
    return Estimate(float(iv.estimate), float(iv.ci_low), float(iv.ci_high), int(min(ga.sum(), gb.sum())))


def _relative(a: np.ndarray, b: np.ndarray, axis: int = -1) -> np.ndarray:
    return np.mean(b, axis=axis) / np.mean(a, axis=axis) - 1.0


def paired_relative_difference(a: object, b: object) -> Estimate:
    """``mean(b) / mean(a) - 1`` over paired replications (paired bootstrap interval)."""
    x, y = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    keep = np.isfinite(x) & np.isfinite(y)
    return _from(bootstrap_ci((x[keep], y[keep]), _relative, n_resamples=RESAMPLES, seed=BOOTSTRAP_SEED))


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
    """(stopped within ``months`` of the first departure, eligible) per run (the stop: :func:`stop_month`).

    Eligible: the service was running when the first implementer left, and
    the run goes on for at least ``months`` after it (so every eligible run is
    followed for the whole window: no censoring inside it).
    """
    since = numbers(frame, "first_departure_month")
    return stopped_within(frame, since, months), _followed(frame, since, months)


def numbers(frame: pd.DataFrame, column: str | Callable[[pd.DataFrame], pd.Series]) -> np.ndarray:
    """An outcome (a column, or a function of the runs) as floats, anything not a number as NaN."""
    values = column(frame) if callable(column) else frame[column]
    return pd.to_numeric(values, errors="coerce").astype(float).to_numpy()


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


def line_without_top_down(ref: str, month: int) -> Measure:
    """Share holding a recurrent line at the end of ``month``, among runs nobody invested in top-down by then."""

    def estimate(frame: pd.DataFrame) -> Estimate:
        first = pd.to_numeric(frame["first_top_down_month"], errors="coerce").to_numpy(dtype=float)
        grass_roots = np.nan_to_num(first, nan=np.inf) > month
        return conditional_share(flag_at(frame, "line_trace", np.full(len(frame), float(month))), grass_roots)

    return _one(ref, estimate)


def _uptake(frame: pd.DataFrame, column: str) -> Estimate:
    hit, took_up = flag(frame, column), flag(frame, "ever_local_implementer")
    return paired_conditional_difference(hit, ~took_up, hit, took_up)


def uptake_difference(ref: str, column: str) -> Measure:
    """Share with ``column`` true among runs where local implementers took it up, minus where none did."""
    return _one(ref, lambda f: _uptake(f, column))


# ------------------------------------------------------- contrasts with a matched counterfactual
def trace(frame: pd.DataFrame, column: str) -> np.ndarray:
    """A monthly flag of every run (``running_trace``, ``line_trace``) as a (runs, months) boolean array."""
    rows = [np.frombuffer(str(s).encode(), dtype=np.uint8) == ord("1") for s in frame[column]]
    months = max((r.size for r in rows), default=0)
    out = np.zeros((len(rows), months), dtype=bool)
    for i, r in enumerate(rows):
        out[i, : r.size] = r
    return out


def flag_at(frame: pd.DataFrame, column: str, month: object) -> np.ndarray:
    """Per run, a monthly flag at ``month`` (one month for all, or one per run; False outside the run)."""
    t = trace(frame, column)
    at = np.broadcast_to(np.nan_to_num(np.asarray(month, dtype=float), nan=-1.0), (len(frame),)).astype(int)
    inside = (at >= 0) & (at < t.shape[1])
    return np.where(inside, t[np.arange(len(frame)), np.clip(at, 0, max(0, t.shape[1] - 1))], False)


STOP_GAP = "stop_gap_months"


def stops(frame: pd.DataFrame) -> tuple[np.ndarray, list[np.ndarray]]:
    """THE definition of a stop, for every measure: (running as known at each run's end, per run its stop months).

    Read from the run's ``running`` series, in which a service runs while its last course is less than
    ``stop_gap_months`` old: a stop is seen the month it stops running, dated at its last course, and the service
    counts as not running from that course on, as the run's own outcomes read it
    (:func:`journeysim.runs.single.running_known_after`).
    """
    run = trace(frame, "running_trace")
    dated = []
    for i, g in enumerate(_parameter(frame, STOP_GAP).astype(int)):
        seen = np.flatnonzero(run[i, :-1] & ~run[i, 1:]) + 1
        for month in seen:
            run[i, max(0, month - g + 1) : month] = False
        dated.append(seen - g)
    return run, dated


def running_at(frame: pd.DataFrame, month: object) -> np.ndarray:
    """Per run, whether the service was running at the end of ``month`` (as known at the run's end)."""
    run = stops(frame)[0]
    at = np.broadcast_to(np.nan_to_num(np.asarray(month, dtype=float), nan=-1.0), (len(frame),)).astype(int)
    inside = (at >= 0) & (at < run.shape[1])
    return np.where(inside, run[np.arange(len(frame)), np.clip(at, 0, max(0, run.shape[1] - 1))], False)


def stop_month(frame: pd.DataFrame, since: object) -> np.ndarray:
    """Per run, the month of the first stop seen at or after ``since`` (``nan``: none before the run ended).

    A stop is dated at its last course; one whose last course came before ``since`` but whose gap was
    completed after it counts at ``since`` (a departure between the last course and the gap is what ended it).
    """
    start = np.broadcast_to(np.asarray(since, dtype=float), (len(frame),))
    out = np.full(len(frame), np.nan)
    gaps = _parameter(frame, STOP_GAP)
    for i, (s, dated, gap) in enumerate(zip(start, stops(frame)[1], gaps, strict=True)):
        later = dated[dated + gap >= s] if np.isfinite(s) else dated[:0]
        if later.size:
            out[i] = max(float(later[0]), s)
    return out


def stopped_within(frame: pd.DataFrame, since: object, months: int = FEW_YEARS) -> np.ndarray:
    """Per run, whether the service stopped within ``months`` from ``since``."""
    start = np.broadcast_to(np.asarray(since, dtype=float), (len(frame),))
    return np.nan_to_num(stop_month(frame, since) - start, nan=np.inf) <= months


def _followed(frame: pd.DataFrame, since: np.ndarray, months: int) -> np.ndarray:
    """Running as seen the month before ``since`` and followed for ``months`` after it (no censoring in the window)."""
    seen = months + _parameter(frame, STOP_GAP)  # a stop is seen a gap late
    ok = np.isfinite(since) & (since >= 1) & (np.nan_to_num(since, nan=np.inf) + seen <= frame["months"].to_numpy())
    return ok & flag_at(frame, "running_trace", since - 1)


def _contrast(hit_f: np.ndarray, hit_c: np.ndarray, keep: np.ndarray) -> Estimate:
    """``P(hit | factual) - P(hit | counterfactual)`` over the kept pairs (paired bootstrap)."""
    return paired_difference(hit_c[keep].astype(float), hit_f[keep].astype(float))


def _parameter(frame: pd.DataFrame, name: str) -> np.ndarray:
    """A parameter of every run: its drawn value (``param.NAME``) or else its declared default."""
    if f"param.{name}" in frame:
        return pd.to_numeric(frame[f"param.{name}"], errors="coerce").to_numpy(dtype=float)
    return np.full(len(frame), float(PARAMETERS[name].default))


def forced_departure_contrast(factual: str, counterfactual: str, month: int) -> Measure:
    """P(stopped within 36 months of ``month``): champion made to leave then minus the same worlds without it.

    Pairs where the forced departure was the first one and the service was running before it.
    """

    def estimate(f: pd.DataFrame, c: pd.DataFrame) -> Estimate:
        since = np.full(len(f), float(month))
        keep = _followed(f, since, FEW_YEARS) & (numbers(f, "first_departure_month") == month)
        return _contrast(stopped_within(f, since), stopped_within(c, since), keep)

    return _two(factual, counterfactual, estimate)


def natural_departure_contrast(factual: str, counterfactual: str) -> Measure:
    """As :func:`forced_departure_contrast`, from the first natural departure, against worlds where that one stays.

    Pairs where the leaver stays in the counterfactual (its first departure is not in the same month).
    """

    def estimate(f: pd.DataFrame, c: pd.DataFrame) -> Estimate:
        since = numbers(f, "first_departure_month")
        keep = _followed(f, since, FEW_YEARS) & (numbers(c, "first_departure_month") != since)
        return _contrast(stopped_within(f, since), stopped_within(c, since), keep)

    return _two(factual, counterfactual, estimate)


def running_contrast(factual: str, counterfactual: str, month: int | Callable[[pd.DataFrame], np.ndarray]) -> Measure:
    """P(running at ``month``) in the factual worlds minus in the matched counterfactual worlds."""

    def estimate(f: pd.DataFrame, c: pd.DataFrame) -> Estimate:
        at = month(f) if callable(month) else np.full(len(f), float(month))
        return _contrast(running_at(f, at), running_at(c, at), np.isfinite(at))

    return _two(factual, counterfactual, estimate)


def after_pilot_unreplaced(factual: str, counterfactual: str, months: int) -> Measure:
    """P(running ``months`` after the pilot grant's end), where nothing replaced it, minus where it continues."""

    def estimate(f: pd.DataFrame, c: pd.DataFrame) -> Estimate:
        end = np.round(_parameter(f, "pilot_grant_months"))
        keep = ~flag_at(f, "line_trace", end) & (end + months <= f["months"].to_numpy())
        at = end + months - 1
        return _contrast(running_at(f, at), running_at(c, at), keep)

    return _two(factual, counterfactual, estimate)


def line_contrast(factual: str, counterfactual: str, cut: int, month: int) -> Measure:
    """P(a recurrent line at ``month``): line cut at ``cut`` minus never cut, among services holding one then."""

    def estimate(f: pd.DataFrame, c: pd.DataFrame) -> Estimate:
        keep = flag_at(f, "line_trace", cut - 1)
        return _contrast(flag_at(f, "line_trace", month), flag_at(c, "line_trace", month), keep)

    return _two(factual, counterfactual, estimate)


def line_share(ref: str, cut: int, month: int) -> Measure:
    """Share holding a recurrent line at ``month`` among services that held one before the cut at ``cut``."""
    return _one(ref, lambda f: conditional_share(flag_at(f, "line_trace", month), flag_at(f, "line_trace", cut - 1)))


def within_running(ref: str, earlier: int, later: int) -> Measure:
    """Within one scenario, P(running at ``earlier``) minus P(running at ``later``), same services."""
    return _one(ref, lambda f: paired_difference(running_at(f, later).astype(float), running_at(f, earlier)))
