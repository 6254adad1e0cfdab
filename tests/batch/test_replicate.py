"""Replications under common random numbers."""

import pandas as pd
import pytest

from journeysim.batch import Replications, replicate
from journeysim.batch.errors import BatchInputError


def test_one_row_per_run_ordered_by_scenario_then_replication(scenario):
    a, b = scenario("lone_champion", years=10), scenario("several_implementers", years=10)
    runs = replicate([a, b], 4, seed=2)
    assert len(runs) == 8
    assert runs["scenario"].tolist() == ["lone_champion"] * 4 + ["several_implementers"] * 4
    assert runs["replication"].tolist() == [0, 1, 2, 3] * 2
    assert (runs["status"] == "ok").all() and (runs["seed"] == 2).all()


def test_replication_i_shares_its_luck_across_scenarios(scenario):
    """The same scenario listed twice gets identical numbers, replication by replication (paired, zero variance)."""
    s = scenario("lone_champion", years=10)
    runs = replicate([s, s], 5, seed=9)
    first, second = runs[runs["scenario"] == "lone_champion"], runs[runs["scenario"] == "lone_champion#2"]
    cols = ["participants_total", "final_level", "months_to_embedded", "collapse_month"]
    pd.testing.assert_frame_equal(first[cols].reset_index(drop=True), second[cols].reset_index(drop=True))
    assert first["participants_total"].nunique() > 1  # but replications differ from each other


def test_strategy_that_does_not_touch_a_stream_leaves_it_alone(scenario):
    """A champion leaving in year 5 cannot change what happened in years 1-4 of the same replication."""
    base, leaves = scenario("lone_champion", years=10), scenario("lone_champion+champion_leaves_year5", years=10)
    out = replicate([base, leaves], 6, seed=1, keep_series=True)
    s = out.series
    for i in range(6):
        before = [
            s[(s["scenario"] == name) & (s["replication"] == i) & (s["month"] < 48)]["participants"].tolist()
            for name in (base.name, leaves.name)
        ]
        assert before[0] == before[1]


def test_keep_series_returns_runs_and_monthly_series(scenario):
    out = replicate([scenario("lone_champion", years=10)], 3, keep_series=True)
    assert isinstance(out, Replications)
    assert len(out.runs) == 3 and len(out.series) == 3 * 120
    for col in (
        "scenario",
        "replication",
        "month",
        "date",
        "level_code",
        "running",
        "participants",
        "teachers",
        "courses_last_12",
    ):
        assert col in out.series.columns
    assert out.series.groupby("replication")["month"].max().tolist() == [119, 119, 119]


def test_uncertain_draws_are_shared_by_replication(scenario):
    a, b = scenario("lone_champion", years=10), scenario("several_implementers", years=10)
    runs = replicate([a, b], 3, uncertain=True)
    col = "param.staff_turnover_annual"
    assert runs[col].between(0.08, 0.18).all()
    assert runs[runs["scenario"] == a.name][col].tolist() == runs[runs["scenario"] == b.name][col].tolist()
    assert runs[col].nunique() == 3


@pytest.mark.parametrize("reps", [0, -1, 2.5, True])
def test_bad_replication_counts_are_refused(scenario, reps):
    with pytest.raises(BatchInputError, match="at least 1"):
        replicate([scenario("lone_champion")], reps)


def test_no_scenarios_is_refused():
    with pytest.raises(BatchInputError, match="at least one scenario"):
        replicate([], 3)
