"""Confidence intervals: paired bootstrap for differences, Wilson for proportions.

Replication *i* of two scenarios shares its random numbers, so the right
unit to resample is the replication: each bootstrap sample draws
replication indices and takes both scenarios' values at those indices
(``scipy.stats.bootstrap`` with ``paired=True``). The default interval is
BCa; where BCa is undefined (every pair identical, or resamples on which the
statistic is undefined, such as a cost per participant with no participants)
the percentile interval of the defined resamples is used.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from scipy import stats

Statistic = Callable[..., np.ndarray | float]


@dataclass(frozen=True)
class Interval:
    """An estimate with its confidence interval (``nan`` bounds when it cannot be estimated)."""

    estimate: float
    ci_low: float
    ci_high: float
    n: int

    def excludes_zero(self) -> bool:
        """Whether the interval lies wholly on one side of zero."""
        return bool(self.ci_low > 0 or self.ci_high < 0)


def bootstrap_ci(
    data: tuple[np.ndarray, ...],
    statistic: Statistic,
    confidence: float = 0.95,
    n_resamples: int = 2000,
    seed: int = 0,
) -> Interval:
    """Bootstrap interval of ``statistic(*data, axis=-1)``, resampling the arrays' positions jointly.

    Args:
        data: Equal-length arrays; position *i* of each belongs to the same unit
            (replication), so they are resampled together (paired).
        statistic: Vectorised function of the arrays taking ``axis``.
        confidence: Confidence level.
        n_resamples: Bootstrap resamples.
        seed: Seed of the resampling.

    """
    arrays = tuple(np.asarray(x, dtype=float) for x in data)
    n = arrays[0].size
    with np.errstate(divide="ignore", invalid="ignore"):
        estimate = float(statistic(*arrays, axis=-1)) if n else float("nan")
    if n < 2 or not np.isfinite(estimate):
        return Interval(estimate, float("nan"), float("nan"), n)
    with warnings.catch_warnings(), np.errstate(divide="ignore", invalid="ignore"):
        warnings.simplefilter("ignore")  # degenerate samples: handled by the fallback below
        res = stats.bootstrap(
            arrays,
            statistic,
            paired=True,
            vectorized=True,
            axis=-1,
            confidence_level=confidence,
            n_resamples=n_resamples,
            method="BCa",
            rng=np.random.default_rng(seed),
        )
    low, high = float(res.confidence_interval.low), float(res.confidence_interval.high)
    if not (np.isfinite(low) and np.isfinite(high)):
        # BCa is undefined for degenerate or partly undefined resamples: use the percentile
        # interval of the resamples where the statistic is defined.
        dist = np.asarray(res.bootstrap_distribution, dtype=float)
        dist = dist[np.isfinite(dist)]
        if dist.size:
            alpha = (1 - confidence) / 2
            low, high = (float(q) for q in np.quantile(dist, [alpha, 1 - alpha]))
    return Interval(estimate, low, high, n)


def _mean_difference(a: np.ndarray, b: np.ndarray, axis: int = -1) -> np.ndarray:
    return np.mean(b, axis=axis) - np.mean(a, axis=axis)


def _ratio(num: np.ndarray, den: np.ndarray, axis: int = -1) -> np.ndarray:
    return np.sum(num, axis=axis) / np.sum(den, axis=axis)


def _ratio_difference(
    num_a: np.ndarray, den_a: np.ndarray, num_b: np.ndarray, den_b: np.ndarray, axis: int = -1
) -> np.ndarray:
    return _ratio(num_b, den_b, axis) - _ratio(num_a, den_a, axis)


def paired_mean_difference(
    a: np.ndarray, b: np.ndarray, confidence: float = 0.95, n_resamples: int = 2000, seed: int = 0
) -> Interval:
    """``mean(b) - mean(a)`` over paired replications, with a paired bootstrap interval."""
    return bootstrap_ci((a, b), _mean_difference, confidence, n_resamples, seed)


def paired_ratio_difference(
    num_a: np.ndarray,
    den_a: np.ndarray,
    num_b: np.ndarray,
    den_b: np.ndarray,
    confidence: float = 0.95,
    n_resamples: int = 2000,
    seed: int = 0,
) -> Interval:
    """``sum(num_b)/sum(den_b) - sum(num_a)/sum(den_a)`` (e.g. cost per participant), paired bootstrap."""
    return bootstrap_ci((num_a, den_a, num_b, den_b), _ratio_difference, confidence, n_resamples, seed)


def mean_ci(x: np.ndarray, confidence: float = 0.95, n_resamples: int = 2000, seed: int = 0) -> Interval:
    """Mean with a bootstrap interval."""
    return bootstrap_ci((x,), np.mean, confidence, n_resamples, seed)


def ratio_ci(
    num: np.ndarray, den: np.ndarray, confidence: float = 0.95, n_resamples: int = 2000, seed: int = 0
) -> Interval:
    """Ratio of sums (e.g. total cost over total participants) with a bootstrap interval."""
    return bootstrap_ci((num, den), _ratio, confidence, n_resamples, seed)


def proportion_ci(successes: int, n: int, confidence: float = 0.95) -> Interval:
    """A proportion with its Wilson score interval (``scipy.stats.binomtest``)."""
    if n == 0:
        return Interval(float("nan"), float("nan"), float("nan"), 0)
    ci = stats.binomtest(int(successes), int(n)).proportion_ci(confidence_level=confidence, method="wilson")
    return Interval(successes / n, float(ci.low), float(ci.high), n)
