"""Paired bootstrap and Wilson intervals checked against known answers."""

import numpy as np
import pytest

from journeysim.analysis.bootstrap import (
    mean_ci,
    paired_mean_difference,
    paired_ratio_difference,
    proportion_ci,
    ratio_ci,
)


def test_paired_difference_of_normal_data_matches_the_analytic_interval():
    rng = np.random.default_rng(1)
    a = rng.normal(0, 1, 400)
    b = a + 0.5 + rng.normal(0, 0.1, 400)  # large shared noise, small paired noise
    iv = paired_mean_difference(a, b, seed=3)
    d = b - a
    half = 1.96 * d.std(ddof=1) / np.sqrt(len(d))
    assert iv.estimate == pytest.approx(d.mean())
    assert iv.ci_low == pytest.approx(d.mean() - half, abs=0.15 * half)
    assert iv.ci_high == pytest.approx(d.mean() + half, abs=0.15 * half)
    # pairing is what makes the interval narrow: unpaired, it would be ~10 times wider
    assert iv.ci_high - iv.ci_low < 0.2 * 2 * 1.96 * np.sqrt(2 / 400)


def test_identical_pairs_give_a_zero_width_interval():
    z = np.array([0, 1, 1, 0, 1, 0, 0, 1], float)
    for iv in (paired_mean_difference(z, z), paired_mean_difference(z, z + 1)):
        assert iv.ci_low == iv.ci_high == iv.estimate
    assert paired_mean_difference(z, z + 1).estimate == 1.0


def test_coverage_is_close_to_nominal():
    rng = np.random.default_rng(7)
    hits = 0
    for i in range(150):
        a = rng.binomial(1, 0.3, 120).astype(float)
        b = np.where(rng.random(120) < 0.8, a, rng.binomial(1, 0.6, 120)).astype(float)
        true = 0.2 * (0.6 - 0.3)  # b differs from a only when redrawn (p = 0.2), with mean 0.6 instead of 0.3
        iv = paired_mean_difference(a, b, n_resamples=1000, seed=i)
        hits += iv.ci_low <= true <= iv.ci_high
    assert 0.88 <= hits / 150 <= 0.99


def test_ratio_of_sums_is_cost_per_participant():
    cost = np.array([100.0, 300.0, 0.0, 200.0])
    people = np.array([10.0, 10.0, 0.0, 20.0])
    iv = ratio_ci(cost, people)
    assert iv.estimate == pytest.approx(600 / 40)
    assert iv.ci_low <= iv.estimate <= iv.ci_high
    diff = paired_ratio_difference(cost, people, cost * 2, people)
    assert diff.estimate == pytest.approx(15.0) and diff.ci_low > 0


def test_wilson_interval_matches_newcombe_1998():
    # Newcombe (1998), Statistics in Medicine 17:857, Table I: 81/263 -> 0.2553 to 0.3662
    iv = proportion_ci(81, 263)
    assert iv.estimate == pytest.approx(81 / 263)
    assert (round(iv.ci_low, 4), round(iv.ci_high, 4)) == (0.2553, 0.3662)
    zero = proportion_ci(0, 10)  # Newcombe Table I: 0/10 -> 0 to 0.2775
    assert zero.ci_low == 0 and round(zero.ci_high, 4) == 0.2775


def test_too_little_data_gives_no_interval():
    iv = mean_ci(np.array([3.0]))
    assert iv.estimate == 3.0 and np.isnan(iv.ci_low) and np.isnan(iv.ci_high)
    assert np.isnan(proportion_ci(0, 0).estimate)
