"""Outcomes of one run: months from a departure to the last course, and the need a service met."""

import dataclasses

import pytest

from journeysim.model.model import JourneyModel
from journeysim.runs import demand_outcomes, last_course_outcomes, outcomes_of, run_journey
from journeysim.runs.single import running_known_after, stops_of


def _courses(n, at):
    return [1 if m in at else 0 for m in range(n)]


def test_the_last_course_after_a_departure_and_how_long_after_it_came():
    out = last_course_outcomes(_courses(48, {2, 8, 14, 20}), departure=10, gap=12)
    assert out == {"last_course_month": 20, "months_departure_to_last_course": 10, "last_course_censored": False}


def test_no_course_after_the_departure_is_zero_months_and_no_last_course():
    out = last_course_outcomes(_courses(48, {2, 8}), departure=10, gap=12)
    assert out["last_course_month"] is None and out["months_departure_to_last_course"] == 0
    assert out["last_course_censored"] is False
    # A course in the departure month itself counts (at or after the departure).
    assert last_course_outcomes(_courses(48, {10}), departure=10, gap=12)["months_departure_to_last_course"] == 0
    assert last_course_outcomes(_courses(48, {10}), departure=10, gap=12)["last_course_month"] == 10


def test_a_course_in_the_last_12_months_leaves_the_last_course_unknown():
    out = last_course_outcomes(_courses(48, {20, 36}), departure=10, gap=12)
    assert out == {"last_course_month": 36, "months_departure_to_last_course": 26, "last_course_censored": True}
    assert (
        last_course_outcomes(_courses(48, {35}), departure=10, gap=12)["last_course_censored"] is False
    )  # month 35: 13 ago


def test_without_a_departure_there_is_no_gap_but_the_last_course_of_the_run():
    out = last_course_outcomes(_courses(30, {4, 9}), departure=None, gap=12)
    assert out == {"last_course_month": 9, "months_departure_to_last_course": None, "last_course_censored": False}
    assert last_course_outcomes([], None, gap=12) == {
        "last_course_month": None,
        "months_departure_to_last_course": None,
        "last_course_censored": False,
    }


def test_a_stop_is_dated_at_its_last_course_and_a_later_course_restarts():
    live = [True] * 10 + [False] * 5 + [True] * 3  # the gap completes at month 10: the last course was at -14
    assert stops_of(live, gap=24) == [(-14, 10)]
    known = running_known_after([False] * 2 + [True] * 30 + [False] * 4, gap=24)
    assert known == [False] * 2 + [True] * 7 + [False] * 27  # seen at 32: stopped since its last course, month 8
    assert running_known_after([True] * 20, gap=24) == [True] * 20  # the gap still open at the end: not yet stopped


def _service(scenario, **totals):
    model = JourneyModel(scenario("lone_champion"), 0)
    for key, value in totals.items():
        setattr(model.service, key, value)
    return model.service


def test_need_met_is_people_reached_over_adults_eligible_and_fill_over_places(scenario):
    svc = _service(
        scenario,
        eligible_total=2000.0,
        referrals_total=90.0,
        participants_total=50,
        places_total=64,
        cancelled_total=3,
    )
    out = demand_outcomes(svc, waiting_at_end=7.25)
    assert out["need_met_share"] == pytest.approx(0.025)
    assert out["fill_rate"] == pytest.approx(50 / 64)
    assert (out["eligible_total"], out["referrals_total"], out["places_total"]) == (2000.0, 90.0, 64)
    assert (out["courses_cancelled"], out["waiting_at_end"]) == (3, 7.25)


def test_with_nobody_eligible_or_no_place_offered_the_shares_are_undefined(scenario):
    out = demand_outcomes(_service(scenario, eligible_total=0.0, places_total=0, participants_total=0), 0.0)
    assert out["need_met_share"] is None and out["fill_rate"] is None


def test_a_run_reports_both_fade_out_outcomes_consistently_with_its_series(scenario):
    s = scenario("trainer_demo")  # a scripted champion departure
    s = dataclasses.replace(s, parameters={**s.parameters, "years": 15})
    result = run_journey(s, seed=2)
    o, series = result.outcomes, result.series
    d = o["first_departure_month"]
    assert d is not None
    courses = series["courses"].to_numpy()
    assert o["last_course_censored"] == bool(courses[-int(s.parameters["stop_gap_months"]) :].sum() > 0)
    after = [m for m in range(d, len(courses)) if courses[m] > 0]
    assert o["last_course_month"] == (after[-1] if after else None)
    assert o["months_departure_to_last_course"] == (after[-1] - d if after else 0)
    assert "months_departure_to_collapse" in o  # kept beside the new outcome
    for key in ("eligible_total", "referrals_total", "need_met_share", "fill_rate", "courses_cancelled"):
        assert key in o
    assert o["waiting_at_end"] == pytest.approx(round(float(series["waiting"].iloc[-1]), 2))


def test_outcomes_of_a_model_read_the_service_totals(scenario):
    model = JourneyModel(scenario("lone_champion"), 0)
    model.run(6)
    svc = model.service
    svc.eligible_total, svc.participants_total, svc.places_total = 400.0, 10, 16
    o = outcomes_of(model)
    assert o["need_met_share"] == pytest.approx(10 / 400) and o["fill_rate"] == pytest.approx(10 / 16)
    assert o["months_departure_to_last_course"] is None or o["first_departure_month"] is not None


def test_months_from_the_departure_to_the_first_course_someone_else_runs(scenario):
    runs = {seed: run_journey(scenario("trainer_demo", years=10), seed) for seed in (0, 1, 3)}  # leaves at month 15
    assert {seed: r.outcomes["months_departure_to_next_course"] for seed, r in runs.items()} == {0: None, 1: 21, 3: 22}
    courses = runs[1].series["courses"].to_numpy()
    assert courses[13] > 0 and not courses[15:36].any() and courses[36] > 0  # the course before the departure is not it
    assert run_journey(scenario("lone_champion", years=10), 11).outcomes["months_departure_to_next_course"] is None
