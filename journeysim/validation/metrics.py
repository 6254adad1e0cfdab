"""Estimates with 95% confidence intervals, the building blocks of pattern metrics.

Proportions get Wilson score intervals; medians and paired differences get
bootstrap intervals that resample replications (replication *i* of two
scenarios shares its random numbers, so the pair is the unit). The
bootstrap is seeded, so the same runs always give the same interval. The
intervals come from :mod:`journeysim.analysis.bootstrap`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from journeysim.analysis.bootstrap import (
    Interval,
    bootstrap_ci,
    paired_mean_difference,
    paired_ratio_difference,
    proportion_ci,
)

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
