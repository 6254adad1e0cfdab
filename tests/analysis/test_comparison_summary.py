"""From runs to per-scenario estimates and paired differences, on data with known answers."""

import numpy as np
import pandas as pd
import pytest

from journeysim.analysis.compare import summarize


def fake_runs(name, n, embedded_5, running, participants, cost, months_to_embedded, departure=None, collapse=None):
    rows = []
    for i in range(n):
        rows.append(
            {
                "scenario": name,
                "scenario_hash": f"h-{name}",
                "replication": i,
                "status": "ok",
                "months": 120,
                "embedded_at_year_5": embedded_5[i],
                "embedded_at_year_10": embedded_5[i],
                "embedded_at_year_15": None,
                "running_at_end": running[i],
                "participants_total": participants[i],
                "cost_total": cost[i],
                "months_to_embedded": months_to_embedded[i],
                "first_departure_month": None if departure is None else departure,
                "collapsed_after_departure": False if collapse is None else collapse[i] is not None,
                "months_departure_to_collapse": None
                if departure is None
                else (collapse[i] if collapse[i] is not None else 120 - departure),
            }
        )
    return rows


@pytest.fixture
def runs():
    n = 10
    a = fake_runs(
        "a",
        n,
        embedded_5=[False] * n,
        running=[True] * 4 + [False] * 6,
        participants=[100] * n,
        cost=[5000] * n,
        months_to_embedded=[None] * n,
        departure=48,
        collapse=[6, 12, 12, 18, 24, 30, 36, None, None, None],
    )
    b = fake_runs(
        "b",
        n,
        embedded_5=[True] * 5 + [False] * 5,
        running=[True] * 9 + [False],
        participants=[150] * n,
        cost=[6000] * n,
        months_to_embedded=[30, 30, 40, 50, 60, None, None, None, None, None],
        departure=48,
        collapse=[None] * n,
    )
    return pd.DataFrame(a + b)


def test_per_scenario_estimates(runs):
    out = summarize(runs, n_resamples=500)
    a, b = out["scenarios"]["a"], out["scenarios"]["b"]
    assert out["order"] == ["a", "b"] and out["horizon_years"] == 10
    assert a["p_embedded_at"] == {"5": 0.0, "10": 0.0, "15": None}
    assert b["p_embedded_at"]["5"] == 0.5 and b["p_running_at_end"] == 0.9
    lo, hi = b["p_embedded_at_ci"]["5"]
    assert lo == pytest.approx(0.2366, abs=1e-4) and hi == pytest.approx(0.7634, abs=1e-4)  # Wilson, 5/10
    assert b["people_reached"]["value"] == 150 and b["cost_per_participant"]["value"] == pytest.approx(40.0)
    # a: 7 collapses at 6, 12, 12, 18, 24, 30, 36 months of 10 -> S falls to 0.5 at 24 months (after the 5th)
    assert a["departure_to_collapse"]["median_years"] == pytest.approx(2.0)
    assert a["departure_to_collapse"]["events"] == 7 and a["departure_to_collapse"]["censored"] == 3
    # b: half embedded by 60 months, the rest censored at 120 -> median at 60 months
    assert b["time_to_embedded"]["median_years"] == pytest.approx(5.0)
    assert a["time_to_embedded"]["median_reached"] is False and a["time_to_embedded"]["median_years"] is None
    assert b["time_to_embedded"]["curve"]["years"][0] == 0 and b["time_to_embedded"]["curve"]["survival"][0] == 1


def test_paired_differences_are_b_minus_a(runs):
    out = summarize(runs, n_resamples=500)
    diffs = {d["metric"]: d for d in out["differences"]}
    assert set(diffs) == {
        "p_embedded_at_5",
        "p_embedded_at_10",
        "p_running_at_end",
        "p_collapse_after_departure",
        "people_reached",
        "cost_per_participant",
    }
    assert diffs["p_embedded_at_5"]["diff"] == pytest.approx(0.5)
    assert diffs["p_running_at_end"]["diff"] == pytest.approx(0.5)
    assert diffs["p_collapse_after_departure"]["diff"] == pytest.approx(-0.7)
    assert diffs["people_reached"]["diff"] == 50
    assert diffs["people_reached"]["ci_low"] == diffs["people_reached"]["ci_high"] == 50  # no variation at all
    assert diffs["cost_per_participant"]["diff"] == pytest.approx(40 - 50)
    for d in diffs.values():
        assert (d["a"], d["b"], d["n_pairs"]) == ("a", "b", 10)
        assert d["ci_low"] <= d["diff"] <= d["ci_high"]
    assert diffs["p_running_at_end"]["ci_excludes_zero"]


def test_log_rank_per_endpoint(runs):
    tests = {t["endpoint"]: t for t in summarize(runs, n_resamples=200)["logrank"]}
    assert tests["departure_to_collapse"]["p_value"] < 0.01  # 7 collapses against none
    assert tests["time_to_embedded"]["events_a"] == 0


def test_failed_runs_are_counted_and_left_out(runs):
    broken = runs.copy()
    broken.loc[0, "status"] = "failed"
    out = summarize(broken, n_resamples=200)
    assert out["scenarios"]["a"]["failed"] == 1 and out["scenarios"]["a"]["runs"] == 10
    assert out["scenarios"]["a"]["people_reached"]["n"] == 9
    assert {d["n_pairs"] for d in out["differences"] if d["metric"] == "people_reached"} == {9}


def test_all_values_are_json_safe(runs):
    import json

    text = json.dumps(summarize(runs, n_resamples=200), allow_nan=False)
    assert "NaN" not in text and "Infinity" not in text
    assert np.isfinite(json.loads(text)["scenarios"]["b"]["cost_per_participant"]["value"])


# ------------------------------------------------- months to the last course, and the need met
def _with_fade_and_demand(runs):
    """``runs`` with the last-course and demand outcomes filled in by hand.

    a: last course 0, 3, 6, ... 27 months after the departure, the last three still running (censored);
    b: every run still running (all censored). Need met 2% in a and 3% in b; fill 60% and 75%.
    """
    out = runs.copy()
    a = (out["scenario"] == "a").to_numpy()
    out["months_departure_to_last_course"] = [3 * i for i in range(10)] + [60] * 10
    out["last_course_censored"] = [False] * 7 + [True] * 3 + [True] * 10
    out["eligible_total"] = 5000.0
    out["referrals_total"] = 300.0
    out["need_met_share"] = np.where(a, 0.02, 0.03).astype(object)
    out["fill_rate"] = np.where(a, 0.6, 0.75)
    out["courses_cancelled"] = np.where(a, 4, 1)
    out["waiting_at_end"] = 5.0
    out.loc[0, "need_met_share"] = None  # a run with nobody eligible is left out of the mean
    return out


def test_months_to_the_last_course_treat_runs_still_running_as_censored(runs):
    from journeysim.analysis.compare import last_course_durations

    frame = _with_fade_and_demand(runs)
    durations, observed = last_course_durations(frame[frame["scenario"] == "a"])
    assert durations.tolist() == [3.0 * i for i in range(10)]
    assert observed.tolist() == [True] * 7 + [False] * 3
    out = summarize(frame, n_resamples=200)
    a, b = out["scenarios"]["a"]["departure_to_last_course"], out["scenarios"]["b"]["departure_to_last_course"]
    assert (a["events"], a["censored"]) == (7, 3)
    assert a["median_years"] == pytest.approx(12 / 12)  # S drops to 0.5 at the fifth event, 12 months
    assert b["events"] == 0 and b["median_reached"] is False
    tests = {t["endpoint"]: t for t in out["logrank"]}
    assert tests["departure_to_last_course"]["p_value"] < 0.01
    # Runs from before the outcome existed give an empty curve, not an error.
    assert summarize(runs, n_resamples=200)["scenarios"]["a"]["departure_to_last_course"]["n"] == 0


def test_demand_estimates_and_paired_differences(runs):
    out = summarize(_with_fade_and_demand(runs), n_resamples=200)
    a, b = out["scenarios"]["a"], out["scenarios"]["b"]
    assert a["need_met_share"]["value"] == pytest.approx(0.02) and a["need_met_share"]["n"] == 9
    assert b["fill_rate"]["value"] == pytest.approx(0.75) and a["courses_cancelled"]["value"] == 4
    assert a["eligible_total"]["value"] == 5000 and b["waiting_at_end"]["value"] == 5
    diffs = {d["metric"]: d for d in out["differences"]}
    assert diffs["need_met_share"]["diff"] == pytest.approx(0.01) and diffs["need_met_share"]["n_pairs"] == 9
    assert diffs["fill_rate"]["diff"] == pytest.approx(0.15)
    assert diffs["courses_cancelled"]["diff"] == pytest.approx(-3)
