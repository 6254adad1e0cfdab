"""Robustness across futures: outcomes over the ensemble and regret against the best policy in each future."""

from __future__ import annotations

import pandas as pd
import pytest

from journeysim.analysis.robustness import regret_table, robustness


def runs_of(values: dict[int, list[float]], status: dict[tuple[int, int], str] | None = None) -> pd.DataFrame:
    """Runs of policies (places) in futures 0, 1, 2...: values[places][future]."""
    rows = []
    for places, by_future in values.items():
        for future, value in enumerate(by_future):
            state = (status or {}).get((places, future), "ok")
            rows.append({"param.places": places, "replication": future, "status": state, "share": value})
    return pd.DataFrame(rows)


def test_regret_is_the_shortfall_from_the_best_policy_in_the_same_future():
    runs = runs_of({0: [0.2, 0.5, 0.9], 300: [0.4, 0.45, 0.6]})
    table = regret_table(runs, "share", ["places"])
    regret = table.set_index(["future", "policy"])["regret"]
    assert regret[(0, "places = 0")] == pytest.approx(0.2)
    assert regret[(0, "places = 300")] == pytest.approx(0.0)
    assert regret[(1, "places = 300")] == pytest.approx(0.05)
    assert regret[(2, "places = 300")] == pytest.approx(0.3)


def test_the_most_robust_policy_has_the_smallest_largest_regret_not_the_best_mean():
    # places 0 has the higher mean (0.53 against 0.48) but one bad future; 300 never falls far behind
    runs = runs_of({0: [0.0, 0.8, 0.8], 300: [0.3, 0.55, 0.6]})
    out = robustness(runs, "share", ["places"]).set_index("policy")
    assert list(out.index) == ["places = 300", "places = 0"]
    assert out.loc["places = 0", "mean"] > out.loc["places = 300", "mean"]
    assert out.loc["places = 300", "max_regret"] == pytest.approx(0.25)
    assert out.loc["places = 0", "max_regret"] == pytest.approx(0.3)
    assert out.loc["places = 300", "mean_regret"] == pytest.approx((0 + 0.25 + 0.2) / 3)
    assert out.loc["places = 0", "best_share"] == pytest.approx(2 / 3)
    assert out.loc["places = 300", "median"] == pytest.approx(0.55)
    assert out.loc["places = 300", "low"] == pytest.approx(0.3 + 0.05 * (0.55 - 0.3) * 2, abs=1e-9)


def test_a_future_with_a_failed_run_is_left_out_for_every_policy():
    runs = runs_of({0: [0.2, 0.5, 0.9], 300: [0.4, 0.45, 0.6]}, status={(300, 2): "failed"})
    out = robustness(runs, "share", ["places"])
    assert set(out["futures"]) == {2}


def test_lower_is_better_turns_regret_around():
    runs = runs_of({0: [10.0, 20.0], 300: [12.0, 15.0]})
    out = robustness(runs, "share", ["places"], higher_is_better=False).set_index("policy")
    assert out.loc["places = 0", "max_regret"] == pytest.approx(5.0)
    assert out.loc["places = 300", "max_regret"] == pytest.approx(2.0)
