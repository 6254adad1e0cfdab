"""Whether two versions of the model give the same distribution of every outcome: two-sample tests and their power.

Used to show that a change which moves random draws (say, a faster path through
dormant months) leaves what the model says unchanged: for each outcome, runs of
one version against runs of the other, a Kolmogorov-Smirnov test for a
continuous outcome and Fisher's exact test for a yes/no outcome (a share),
with Holm's correction across all the tests made, and the power each test had
to see a stated shift (in standard deviations) at the sample sizes used.
Arrays in, statistics out.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from statistics import NormalDist
from typing import Any

import numpy as np
from scipy import stats
from statsmodels.stats.multitest import multipletests

STANDARD_NORMAL = NormalDist()
HALF = 0.5  # added to each cell of a two-by-two table for a finite odds ratio (Haldane-Anscombe)


@dataclass(frozen=True, slots=True)
class Comparison:
    """One outcome's two-sample test.

    Attributes:
        group: What was run (a scenario's name, or ``nation``).
        outcome: The outcome's name.
        test: ``ks`` (Kolmogorov-Smirnov), ``fisher`` (Fisher's exact, yes/no) or ``constant``
            (one value in both samples: nothing to test).
        n_a, n_b: Runs with a value in each sample.
        mean_a, mean_b: The samples' means.
        statistic: The test's statistic: the KS distance, or for Fisher's the odds ratio with half
            added to each cell (Haldane and Anscombe), so a sample with no yes or no no stays finite.
        p: The test's p-value; ``p_holm`` after Holm's correction across every comparison made.
        power: Power, at the nominal level, to detect the stated shift at these sample sizes.
        identical: Share of paired runs (same seed) whose values are equal.

    """

    group: str
    outcome: str
    test: str
    n_a: int
    n_b: int
    mean_a: float
    mean_b: float
    statistic: float
    p: float
    power: float
    identical: float
    p_holm: float = 1.0


def holm(p_values: Sequence[float]) -> list[float]:
    """Holm's step-down adjusted p-values, in the given order (statsmodels' ``multipletests``)."""
    if not p_values:
        return []
    return [float(q) for q in multipletests(p_values, method="holm")[1]]


def share_power(n_a: int, n_b: int, p: float, shift_sd: float, alpha: float) -> float:
    """Power of a two-sided two-proportion test to see a change of ``shift_sd`` Bernoulli sds at share ``p``."""
    if not 0.0 < p < 1.0 or min(n_a, n_b) == 0:
        return 0.0
    sd = math.sqrt(p * (1.0 - p))
    se = sd * math.sqrt(1.0 / n_a + 1.0 / n_b)
    z = STANDARD_NORMAL.inv_cdf(1.0 - alpha / 2.0)
    return STANDARD_NORMAL.cdf(shift_sd * sd / se - z)


def ks_power(n_a: int, n_b: int, shift_sd: float, alpha: float, simulations: int, seed: int) -> float:
    """Power of the two-sample KS test to see a location shift of ``shift_sd`` sds between normals (simulated)."""
    if min(n_a, n_b) == 0:
        return 0.0
    rng = np.random.default_rng(seed)
    hits = 0
    for _ in range(simulations):
        a, b = rng.standard_normal(n_a), rng.standard_normal(n_b) + shift_sd
        hits += stats.ks_2samp(a, b).pvalue < alpha
    return hits / simulations


def _values(rows: Sequence[Mapping[str, Any]], outcome: str) -> list[Any]:
    return [r.get(outcome) for r in rows]


def compare_samples(
    group: str,
    a: Sequence[Mapping[str, Any]],
    b: Sequence[Mapping[str, Any]],
    shift_sd: float,
    alpha: float,
    simulations: int,
) -> list[Comparison]:
    """Every numeric or yes/no outcome of runs ``a`` against runs ``b`` (paired by position: the same seeds)."""
    names = [k for k, v in a[0].items() if isinstance(v, bool | int | float)] if a else []
    out = []
    ks_powers: dict[tuple[int, int], float] = {}
    for name in names:
        xa, xb = _values(a, name), _values(b, name)
        same = sum(1 for u, v in zip(xa, xb, strict=True) if u == v) / len(xa)
        va = [float(v) for v in xa if v is not None]
        vb = [float(v) for v in xb if v is not None]
        if not va or not vb:
            continue
        mean_a, mean_b = float(np.mean(va)), float(np.mean(vb))
        yes_no = all(isinstance(v, bool) for v in xa + xb if v is not None)
        if len(set(va) | set(vb)) == 1:
            out.append(Comparison(group, name, "constant", len(va), len(vb), mean_a, mean_b, 0.0, 1.0, 0.0, same))
        elif yes_no:
            ka, kb = int(sum(va)), int(sum(vb))
            cells = [[ka, len(va) - ka], [kb, len(vb) - kb]]
            p = stats.fisher_exact(cells).pvalue
            (a1, a0), (b1, b0) = ((k + HALF for k in row) for row in cells)
            odds = a1 * b0 / (a0 * b1)
            pooled = (ka + kb) / (len(va) + len(vb))
            power = share_power(len(va), len(vb), pooled, shift_sd, alpha)
            out.append(Comparison(group, name, "fisher", len(va), len(vb), mean_a, mean_b, float(odds), float(p),
                                  power, same))  # fmt: skip
        else:
            with warnings.catch_warnings():  # small samples with ties fall back to the asymptotic p-value
                warnings.simplefilter("ignore", RuntimeWarning)
                result = stats.ks_2samp(va, vb)
            key = (len(va), len(vb))
            if key not in ks_powers:
                ks_powers[key] = ks_power(*key, shift_sd, alpha, simulations, seed=len(va) * 7919 + len(vb))
            out.append(Comparison(group, name, "ks", len(va), len(vb), mean_a, mean_b, float(result.statistic),
                                  float(result.pvalue), ks_powers[key], same))  # fmt: skip
    return out


def with_holm(comparisons: Sequence[Comparison]) -> list[Comparison]:
    """The comparisons with Holm-adjusted p-values across all of them (``constant`` ones count as p = 1)."""
    adjusted = holm([c.p for c in comparisons])
    return [replace(c, p_holm=q) for c, q in zip(comparisons, adjusted, strict=True)]
