"""Kaplan-Meier and log-rank (scipy's, with the package's curve start, median rule and expected events)
checked against published answers and against lifelines."""

import numpy as np
import pytest

from journeysim.analysis.survival import kaplan_meier, logrank

# Freireich et al. (1963) leukaemia remission data, the classic example of Kaplan-Meier
# (e.g. Kleinbaum & Klein, Survival Analysis, ch. 2): weeks in remission, 6-MP vs placebo.
MP6_T = [6, 6, 6, 7, 10, 13, 16, 22, 23, 6, 9, 10, 11, 17, 19, 20, 25, 32, 32, 34, 35]
MP6_E = [1] * 9 + [0] * 12
PLACEBO_T = [1, 1, 2, 2, 3, 4, 4, 5, 5, 8, 8, 8, 8, 11, 11, 12, 12, 15, 17, 22, 23]
PLACEBO_E = [1] * 21


def test_kaplan_meier_matches_the_textbook_6mp_curve():
    km = kaplan_meier(MP6_T, MP6_E)
    expected = {6: 0.8571, 7: 0.8067, 10: 0.7529, 13: 0.6902, 16: 0.6275, 22: 0.5378, 23: 0.4482, 35: 0.4482}
    for t, s in expected.items():
        assert km.at(t) == pytest.approx(s, abs=5e-5)
    assert km.at(5.9) == 1.0
    assert km.n == 21 and km.n_events == 9
    assert km.median().value == 23


def test_median_interval_follows_the_log_log_band():
    med = kaplan_meier(MP6_T, MP6_E).median()
    assert med.ci_low == 13 and med.ci_high == np.inf  # the upper band never falls to one half
    placebo = kaplan_meier(PLACEBO_T, PLACEBO_E)
    assert placebo.median().value == 8
    assert placebo.at(23) == 0.0


def test_log_rank_matches_the_textbook_statistic():
    test = logrank(MP6_T, MP6_E, PLACEBO_T, PLACEBO_E)
    assert test.statistic == pytest.approx(16.79, abs=0.01)  # chi-square on 1 df, p about 4e-5
    assert test.p_value == pytest.approx(4.17e-5, rel=0.01)
    assert test.observed_a == 9 and test.expected_a == pytest.approx(19.25, abs=0.01)


def test_without_censoring_kaplan_meier_is_the_empirical_survival():
    t = np.array([3.0, 1.0, 4.0, 1.0, 5.0, 9.0, 2.0, 6.0])
    km = kaplan_meier(t, np.ones_like(t, bool))
    for x in (0.5, 1, 2.5, 4, 6, 9):
        assert km.at(x) == pytest.approx((t > x).mean())


def test_identical_groups_give_no_log_rank_difference():
    rng = np.random.default_rng(0)
    t, e = rng.exponential(10, 50).round(), rng.random(50) < 0.7
    test = logrank(t, e, t, e)
    assert test.statistic == pytest.approx(0.0, abs=1e-12) and test.p_value == pytest.approx(1.0)
    assert np.isnan(logrank([1, 2], [0, 0], [3], [0]).p_value)


def test_log_rank_rejects_at_the_nominal_rate_under_the_null():
    rng = np.random.default_rng(42)
    rejections = 0
    for _ in range(400):
        a, b = rng.exponential(10, 40), rng.exponential(10, 40)
        rejections += logrank(np.minimum(a, 15), a < 15, np.minimum(b, 15), b < 15).p_value < 0.05
    assert 0.025 < rejections / 400 < 0.08


def test_curve_starts_at_zero_and_the_band_is_closed_where_it_is_undefined():
    km = kaplan_meier([2.0, 3.0, 3.0, 5.0], [False, True, True, True])
    assert km.times.tolist() == [0.0, 2.0, 3.0, 5.0]
    assert km.survival.tolist() == [1.0, 1.0, pytest.approx(1 / 3), 0.0]
    assert km.ci_low[:2].tolist() == [1.0, 1.0] and km.ci_high[:2].tolist() == [1.0, 1.0]  # S = 1: no band yet
    assert km.ci_low[-1] == 0.0 and km.ci_high[-1] == 0.0  # S = 0 after the last event
    assert 0 < km.ci_low[2] < km.survival[2] < km.ci_high[2] < 1
    assert kaplan_meier([0.0, 0.0, 4.0], [True, False, True]).survival.tolist() == [pytest.approx(2 / 3), 0.0]
    empty = kaplan_meier([], [])
    assert (empty.times.tolist(), empty.survival.tolist(), empty.n, empty.n_events) == ([0.0], [1.0], 0, 0)


def test_log_rank_without_variance_has_no_p_value_but_counts_events():
    one_sided = logrank([1.0, 4.0], [True, True], [], [])  # group b empty: a's events are all expected
    assert np.isnan(one_sided.statistic) and (one_sided.observed_a, one_sided.expected_a) == (2, 2.0)
    together = logrank([5.0], [True], [5.0], [True])  # everyone at risk dies at once
    assert np.isnan(together.p_value) and together.expected_a == 1.0


def test_bad_inputs_are_refused():
    with pytest.raises(ValueError, match="same length"):
        kaplan_meier([1, 2], [1])
    with pytest.raises(ValueError, match="non-negative"):
        kaplan_meier([-1, 2], [1, 1])


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_agrees_with_lifelines(seed):
    lifelines = pytest.importorskip("lifelines")
    from lifelines.statistics import logrank_test
    from lifelines.utils import median_survival_times

    rng = np.random.default_rng(seed)
    t = rng.integers(0, 120, 80).astype(float)
    e = rng.random(80) < 0.6
    ours = kaplan_meier(t, e)
    theirs = lifelines.KaplanMeierFitter().fit(t, e)
    np.testing.assert_allclose(ours.survival, theirs.survival_function_.iloc[:, 0].to_numpy(), atol=1e-12)
    band = theirs.confidence_interval_.to_numpy()
    np.testing.assert_allclose(ours.ci_low, band[:, 0], atol=1e-9)
    np.testing.assert_allclose(ours.ci_high, band[:, 1], atol=1e-9)
    assert ours.median().value == theirs.median_survival_time_
    mci = median_survival_times(theirs.confidence_interval_).to_numpy()[0]
    assert (ours.median().ci_low, ours.median().ci_high) == (mci[0], mci[1])
    t2 = rng.integers(0, 120, 60).astype(float)
    e2 = rng.random(60) < 0.4
    assert logrank(t, e, t2, e2).statistic == pytest.approx(logrank_test(t, t2, e, e2).test_statistic, rel=1e-9)
