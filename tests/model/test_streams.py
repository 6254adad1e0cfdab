"""Random streams, monthly rates and scheduled callbacks (journeysim.model.streams)."""

import numpy as np
import pytest

from journeysim.model.draws import Draws
from journeysim.model.streams import (
    MONTHS_PER_YEAR,
    STREAMS,
    Scheduled,
    draw_view,
    exponential_months,
    make_streams,
    monthly,
)


@pytest.mark.parametrize("annual", [0.0, 0.08, 0.12, 0.5, 0.9])
def test_a_monthly_rate_compounded_over_a_year_gives_the_annual_rate(annual):
    assert 1 - (1 - monthly(annual)) ** MONTHS_PER_YEAR == pytest.approx(annual)


def test_monthly_of_0_12_compounded_twelve_times_is_0_12():
    survive = 1.0
    for _ in range(12):
        survive *= 1 - monthly(0.12)
    assert 1 - survive == pytest.approx(0.12)
    assert 0.12 / 12 < monthly(0.12) < 0.12  # compounding: more than a twelfth each month


def test_a_certain_annual_event_stays_a_finite_monthly_probability():
    assert 0.0 < monthly(1.0) < 1.0
    assert monthly(1.0) == monthly(2.0)


def test_make_streams_gives_one_independent_generator_per_purpose():
    streams = make_streams(0)
    assert tuple(streams) == STREAMS
    firsts = {name: rng.random() for name, rng in streams.items()}
    assert len(set(firsts.values())) == len(STREAMS)


def test_the_same_seed_gives_the_same_streams_and_another_seed_others():
    a, b, c = make_streams(7), make_streams(7), make_streams(8)
    assert [r.random() for r in a.values()] == [r.random() for r in b.values()]
    assert make_streams(7)["shocks"].random() != c["shocks"].random()


def test_a_seed_sequence_is_accepted_as_a_seed():
    ss = np.random.SeedSequence(3, spawn_key=(1,))
    a = make_streams(ss)
    b = make_streams(np.random.SeedSequence(3, spawn_key=(1,)))
    assert a["people"].random() == b["people"].random()


def test_a_view_is_beta_around_its_mean():
    rng = np.random.default_rng(0)
    views = [draw_view(rng, 0.3, 4.0) for _ in range(4000)]
    assert all(0.0 < v < 1.0 for v in views)
    assert np.mean(views) == pytest.approx(0.3, abs=0.02)
    assert isinstance(views[0], float)


def test_exponential_months_are_whole_months_of_at_least_one_with_the_given_mean():
    rng = np.random.default_rng(0)
    months = [exponential_months(rng, 2.0) for _ in range(4000)]
    assert all(isinstance(m, int) and m >= 1 for m in months)
    assert np.mean(months) == pytest.approx(24.5, rel=0.05)  # ceiling adds half a month on average
    assert exponential_months(np.random.default_rng(0), 0.0) == 1


class Target:
    def __init__(self):
        self.calls = []

    def note(self, *args):
        self.calls.append(("method", *args))


def test_scheduled_calls_a_method_by_name():
    target = Target()
    Scheduled(target, "note", 1, "x").fire()
    assert target.calls == [("method", 1, "x")]


def test_scheduled_calls_a_function_with_the_target_first():
    target = Target()
    Scheduled(target, lambda t, *args: t.calls.append(("function", *args)), 2).fire()
    assert target.calls == [("function", 2)]


def test_a_scheduled_callback_fires_in_its_month_in_a_running_model(build):
    model = build()
    fired = []
    model.schedule(2, lambda m: fired.append((m.steps, len(m.rows))))
    model.run(4)
    assert fired == [(2, 2)]  # after months 0 and 1, before month 2


def test_poisson_counts_follow_their_mean_small_and_large():
    import numpy as np

    from journeysim.model.draws import Draws

    for mean in (0.5, 4.0, 80.0, 5000.0):
        d = Draws(np.random.default_rng(1))
        xs = np.array([d.poisson_aligned(mean) for _ in range(4000)])
        assert abs(xs.mean() - mean) < 4 * np.sqrt(mean / 4000) + 0.02
        assert abs(xs.var() - mean) < 0.15 * mean + 0.1
    d = Draws(np.random.default_rng(2))
    assert d.poisson_aligned(0.0) == 0 and d._i == 1  # one uniform used even for a mean of zero


def test_a_binomial_counted_in_the_fetched_block_matches_drawing_one_by_one() -> None:
    fast, slow = Draws(np.random.default_rng(11)), Draws(np.random.default_rng(11))
    for n, p in [(5, 0.3), (250, 0.5), (9, 0.9), (40, 0.1), (0, 0.5), (3, 0.0)] * 3:  # crosses block ends
        assert fast.binomial(n, p) == (sum(1 for _ in range(n) if slow.uniform() < p) if n > 0 and p > 0 else 0)
        assert fast.uniform() == slow.uniform()
