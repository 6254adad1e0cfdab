"""Advice statistics on small frames whose answers are known by hand."""

from __future__ import annotations

import pandas as pd
import pytest

from journeysim.analysis.advice import forecast, months_running, option_effect, rank_options, warning_signs


def _runs(label: str, running: list[bool], cost: list[float], people: list[int]) -> list[dict]:
    return [
        {
            "scenario": label,
            "replication": i,
            "status": "ok",
            "months": 24,
            "running_at_end": r,
            "running_at_year_5": None,
            "first_departure_month": None,
            "collapsed_after_departure": False,
            "participants_total": p,
            "cost_total": c,
        }
        for i, (r, c, p) in enumerate(zip(running, cost, people, strict=True))
    ]


def _series(label: str, months_running: list[int]) -> list[dict]:
    return [
        {"scenario": label, "replication": i, "month": m, "running": m < n}
        for i, n in enumerate(months_running)
        for m in range(24)
    ]


@pytest.fixture
def frames() -> tuple[pd.DataFrame, pd.DataFrame]:
    runs = pd.DataFrame(
        _runs("base", [False, False, True, True], [100.0, 100.0, 100.0, 100.0], [10, 10, 10, 10])
        + _runs("more", [True, True, True, True], [1300.0, 1300.0, 1300.0, 1300.0], [20, 20, 20, 20])
        + _runs("worse", [False, False, False, True], [100.0, 100.0, 100.0, 100.0], [5, 5, 5, 5])
    )
    series = pd.DataFrame(
        _series("base", [0, 0, 24, 24]) + _series("more", [24, 24, 24, 24]) + _series("worse", [0, 0, 0, 24])
    )
    return runs, series


def test_months_running_counts_the_running_months_of_each_world(frames):
    months = months_running(frames[1])
    assert months.loc[("base", 2)] == 24 and months.loc[("base", 0)] == 0
    assert months.loc["more"].sum() == 96


def test_forecast_has_the_shares_and_means_of_the_service(frames):
    runs, series = frames
    f = forecast(runs, series, "base", n_resamples=200)
    assert f["worlds"] == 4 and f["horizon_months"] == 24
    assert f["shares"] == {}  # no milestone (5 or 10 years) within a 2-year horizon
    assert f["months_running"]["value"] == 12.0
    assert f["people_reached"]["value"] == 10.0 and f["spending"]["value"] == 100.0


def test_an_option_s_effect_and_its_cost_per_extra_year_and_person(frames):
    runs, series = frames
    effect = option_effect(runs, months_running(series), "base", "more", n_resamples=200)
    assert effect["effect"]["diff"] == pytest.approx(0.5)  # running at the horizon: 2 of 4 worlds -> 4 of 4
    assert effect["extra_spending"]["value"] == pytest.approx(1200.0)
    assert effect["extra_service_years"]["value"] == pytest.approx(1.0)  # (0 + 0 + 24 + 24)/4 -> 24 months
    assert effect["per_extra_service_year"] == pytest.approx(1200.0)
    assert effect["per_extra_person"] == pytest.approx(120.0)  # 10 more people each world


def test_an_option_that_buys_nothing_has_no_price_per_unit(frames):
    runs, series = frames
    worse = option_effect(runs, months_running(series), "base", "worse", n_resamples=200)
    assert worse["effect"]["diff"] == pytest.approx(-0.25)
    assert worse["per_extra_service_year"] is None and worse["per_extra_person"] is None


def test_options_are_ranked_by_their_effect(frames):
    runs, series = frames
    ranked = rank_options(runs, series, "base", ["worse", "more"], n_resamples=200)
    assert [o["option"] for o in ranked] == ["more", "worse"]


def test_warning_signs_count_setbacks_in_the_window_before_the_first_decline():
    rows = [
        # world 0 declines at month 40; a champion left at 30 (in the window) and supervision went at 5 (too early)
        (0, 5, "supervision_lost", "down", "pivot"),
        (0, 30, "champion_left", "down", "people"),
        (0, 40, "service_stopped", "down", "level"),
        (0, 50, "level_down", "down", "level"),
        # world 1 declines at month 20, a champion having left at month 20 itself; the national history never counts
        (1, 10, "austerity", "down", "national"),
        (1, 20, "champion_left", "down", "people"),
        (1, 20, "level_down", "down", "level"),
        # world 2 never declines, though supervision was lost
        (2, 12, "supervision_lost", "down", "pivot"),
        (2, 13, "funding_secured", "up", "pivot"),
    ]
    events = pd.DataFrame(rows, columns=["replication", "month", "kind", "direction", "category"])
    found = warning_signs(events, worlds=4, window_months=24)
    assert found["declined"] == 2 and found["worlds"] == 4
    signs = {s["kind"]: s for s in found["signs"]}
    assert set(signs) == {"champion_left"}
    assert signs["champion_left"]["worlds"] == 2 and signs["champion_left"]["before_decline"] == 1.0
    assert signs["champion_left"]["in_other_worlds"] == 0.0  # worlds 2 and 3 never saw one
