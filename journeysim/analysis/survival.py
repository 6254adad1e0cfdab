"""Survival analysis: Kaplan–Meier estimates with censoring, medians with confidence intervals, log-rank tests.

The estimates are scipy's (``scipy.stats.ecdf`` of ``CensoredData`` with its
exponential-Greenwood, "log-log", band; ``scipy.stats.logrank``); this module
adds the curve's start at time 0, the median rule (the first time the curve is
at or below one half) and the observed and expected events of the log-rank test.
The tests check it against textbook results and ``lifelines``.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np
from scipy import stats


@dataclass(frozen=True)
class Median:
    """A median survival time with its confidence interval (``inf`` when the curve never reaches one half)."""

    value: float
    ci_low: float
    ci_high: float


@dataclass(frozen=True)
class KaplanMeier:
    """A Kaplan–Meier survival curve.

    Attributes:
        times: Distinct observed times (events and censorings), starting at 0.
        survival: Estimated probability of surviving past each time.
        ci_low: Lower confidence band (exponential Greenwood).
        ci_high: Upper confidence band.
        n: Number of observations.
        n_events: Number of events seen.
        confidence: Confidence level of the band.

    """

    times: np.ndarray
    survival: np.ndarray
    ci_low: np.ndarray
    ci_high: np.ndarray
    n: int
    n_events: int
    confidence: float

    def at(self, t: float) -> float:
        """S(t): the curve is right-continuous, so S at an event time already includes that event."""
        i = int(np.searchsorted(self.times, t, side="right")) - 1
        return float(self.survival[i]) if i >= 0 else 1.0

    def median(self) -> Median:
        """Median survival and its confidence interval, read where each band first reaches one half."""
        return Median(
            value=_first_at_or_below(self.times, self.survival, 0.5),
            ci_low=_first_at_or_below(self.times, self.ci_low, 0.5),
            ci_high=_first_at_or_below(self.times, self.ci_high, 0.5),
        )


def _first_at_or_below(times: np.ndarray, curve: np.ndarray, q: float) -> float:
    below = np.flatnonzero(curve <= q + 1e-12)  # 0.6 * (5/6) is 0.5000000000000001 in floating point
    return float(times[below[0]]) if below.size else float("inf")


def _as_arrays(durations: np.ndarray, observed: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    d = np.asarray(durations, dtype=float)
    e = np.asarray(observed, dtype=bool)
    if d.shape != e.shape or d.ndim != 1:
        raise ValueError("durations and observed must be one-dimensional and of the same length")
    if d.size and (np.isnan(d).any() or (d < 0).any()):
        raise ValueError("durations must be non-negative numbers")
    return d, e


def _censored(d: np.ndarray, e: np.ndarray) -> stats.CensoredData:
    return stats.CensoredData(uncensored=d[e], right=d[~e])


def kaplan_meier(durations: np.ndarray, observed: np.ndarray, confidence: float = 0.95) -> KaplanMeier:
    """Kaplan–Meier estimate of the survival function.

    Args:
        durations: Time to the event, or to censoring (e.g. the horizon) when it was not seen.
        observed: True where the event was seen, False where the observation was censored.
        confidence: Level of the pointwise confidence band.

    Returns:
        The :class:`KaplanMeier` curve, with the exponential-Greenwood band
        (Kalbfleisch and Prentice), as in ``lifelines``.

    """
    d, e = _as_arrays(durations, observed)
    sf = stats.ecdf(_censored(d, e)).sf
    with warnings.catch_warnings():  # the band is undefined where S is 1 or 0; it is set to 1 and 0 below
        warnings.simplefilter("ignore", RuntimeWarning)
        band = sf.confidence_interval(confidence, method="log-log")
    times, s, low, high = sf.quantiles, sf.probabilities, band.low.probabilities, band.high.probabilities
    if not times.size or times[0] > 0:
        times, s, low, high = np.r_[0.0, times], np.r_[1.0, s], np.r_[1.0, low], np.r_[1.0, high]
    dead = s <= 0  # after the last event of a fully observed sample
    low = np.where(dead, 0.0, np.where(np.isnan(low), 1.0, low))
    high = np.where(dead, 0.0, np.where(np.isnan(high), 1.0, high))
    return KaplanMeier(times, s, low, high, int(d.size), int(e.sum()), confidence)


@dataclass(frozen=True)
class LogRank:
    """A two-sample log-rank test."""

    statistic: float
    p_value: float
    observed_a: int
    expected_a: float


def logrank(
    durations_a: np.ndarray, observed_a: np.ndarray, durations_b: np.ndarray, observed_b: np.ndarray
) -> LogRank:
    """Log-rank (Mantel–Cox) test that two survival curves are the same.

    Returns:
        The chi-square statistic on one degree of freedom (the square of scipy's
        standard-normal statistic) and its two-sided p-value (``nan`` when the
        variance is zero, as when neither group has an event), with group a's
        observed and expected events.

    """
    da, ea = _as_arrays(durations_a, observed_a)
    db, eb = _as_arrays(durations_b, observed_b)
    d, e = np.concatenate([da, db]), np.concatenate([ea, eb])
    times = np.unique(d[e])
    at_risk = d.size - np.searchsorted(np.sort(d), times, side="left")
    at_risk_a = da.size - np.searchsorted(np.sort(da), times, side="left")
    deaths = np.bincount(np.searchsorted(times, d[e]), minlength=times.size)
    expected_a = float((deaths * at_risk_a / at_risk).sum())
    with np.errstate(divide="ignore", invalid="ignore"):  # 0/0 when the variance is zero
        test = stats.logrank(_censored(da, ea), _censored(db, eb))
    if not np.isfinite(test.statistic):
        return LogRank(float("nan"), float("nan"), int(ea.sum()), expected_a)
    return LogRank(float(test.statistic) ** 2, float(test.pvalue), int(ea.sum()), expected_a)
