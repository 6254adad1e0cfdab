"""The matched counterfactuals: the same worlds with one event removed, sharing every draw until it would act."""

import numpy as np
import pandas as pd

from journeysim.library import load_scenario
from journeysim.runs.single import run_journey

COLUMNS = ["courses", "teachers", "implementers", "one_off_funds", "recurrent_funding"]


def _first_difference(a, b) -> int | None:
    differ = np.flatnonzero((a.series[COLUMNS].to_numpy() != b.series[COLUMNS].to_numpy()).any(axis=1))
    return int(differ[0]) if differ.size else None


def test_the_champion_who_stays_lives_the_same_world_until_the_month_they_would_have_left():
    factual = run_journey(load_scenario("lone_champion"), 3)
    stays = run_journey(load_scenario("lone_champion+champion_stays"), 3)
    left = factual.outcomes["first_departure_month"]
    assert left is not None and stays.outcomes["first_departure_month"] != left
    assert _first_difference(factual, stays) == left


def test_renewed_pilot_money_changes_nothing_before_the_pilot_grant_ends():
    factual = run_journey(load_scenario("lone_champion+one_off_funding"), 3)
    renewed = run_journey(load_scenario("lone_champion+one_off_funding+pilot_renewed"), 3)
    assert _first_difference(factual, renewed) == 24  # the declared pilot_grant_months
    assert renewed.series["one_off_funds"].iloc[24] > factual.series["one_off_funds"].iloc[24] == 0.0


def test_a_stop_is_dated_at_the_last_course_and_the_gap_is_not_running():
    from journeysim.validation import measures

    # with a gap of 3, a course in month 1 keeps the service running to month 3; the stop is seen in month 4,
    # dated at month 1 (a run's own drawn gap, param.stop_gap_months, is read before the declared default)
    frame = pd.DataFrame({"running_trace": ["0111000000"], "months": [10], "param.stop_gap_months": [3]})
    assert measures.running_at(frame, [1]).tolist() == [True]
    assert measures.running_at(frame, [2]).tolist() == [False]
    assert measures.stop_month(frame, 1).tolist() == [1.0]
    assert measures.stop_month(frame, 2).tolist() == [2.0]  # a departure after the last course, before the gap
    assert measures.stop_month(frame, 4).tolist() == [4.0]  # ... up to the month the gap completes
    assert np.isnan(measures.stop_month(frame, 5)).all()
