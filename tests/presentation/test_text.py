"""Terminal text (journeysim.presentation.text) and the presentation layer's independence from its users."""

from __future__ import annotations

import math
import subprocess
import sys

from journeysim.presentation.text import compare_table, format_metric, shown_years


def test_format_metric_reads_each_kind() -> None:
    assert format_metric(0.1234, "share") == "12.3%"
    assert format_metric(4632700.4, "money") == "£4,632,700"
    assert format_metric(0.31234, "index") == "0.312"
    assert format_metric(1234.5, "count") == "1,234" and format_metric(12.34, "count") == "12.3"
    assert format_metric(None, "share") == "—" and format_metric(math.nan, "money") == "—"


def test_shown_years_are_every_fifth_and_the_last() -> None:
    assert shown_years(list(range(2010, 2022))) == [2010, 2015, 2020, 2021]
    assert shown_years(list(range(2010, 2021))) == [2010, 2015, 2020]
    assert shown_years([]) == []


def _scenario(p5: float, runs: int = 10) -> dict:
    km = {"n": runs, "median_reached": False, "ci_low": None, "ci_high": None, "median_years": None}
    money = {"value": 250.0, "ci_low": 200.0, "ci_high": 300.0}
    return {
        "runs": runs,
        "failed": 0,
        "p_embedded_at": {"5": p5, "10": 0.5, "15": 0.6},
        "p_embedded_at_ci": {"5": (0.1, 0.4), "10": (0.3, 0.7), "15": (0.4, 0.8)},
        "p_running_at_end": 0.7,
        "p_running_at_end_ci": (0.5, 0.9),
        "time_to_embedded": km,
        "departure_to_collapse": {**km, "n": 0},
        "people_reached": {"value": 1234.0, "ci_low": 1000.0, "ci_high": 1500.0},
        "cost_per_participant": money,
    }


def test_compare_table_has_a_column_per_scenario_and_the_differences() -> None:
    comparison = {
        "order": ["lone_champion", "several_implementers"],
        "seed": 3,
        "horizon_years": 20,
        "scenarios": {"lone_champion": _scenario(0.2), "several_implementers": _scenario(0.35)},
        "differences": [
            {
                "a": "lone_champion",
                "b": "several_implementers",
                "metric": "p_embedded_at_10",
                "label": "embedded at year 10",
                "diff": 0.15,
                "ci_low": 0.05,
                "ci_high": 0.25,
                "ci_excludes_zero": True,
            }
        ],
        "logrank": [],
    }
    text = compare_table(comparison)
    assert text.startswith("Comparison of 2 scenario(s), 10 replication(s) each (seed 3), 20-year horizon")
    assert "  A  lone_champion" in text and "  B  several_implementers" in text
    row = next(line for line in text.splitlines() if line.startswith("embedded at year 5"))
    assert "20% [10-40]" in row and "35% [10-40]" in row
    assert "  B - A" in text and "+15.0 pts" in text and text.rstrip().endswith("*")


def test_presentation_imports_no_reports_dashboard_or_cli() -> None:
    code = (
        "import sys, journeysim.presentation.style, journeysim.presentation.journey, journeysim.presentation.fans, "
        "journeysim.presentation.comparison, journeysim.presentation.nation_figures, journeysim.presentation.text, "
        "journeysim.presentation.narrative, journeysim.presentation.document\n"
        "bad = [m for m in sys.modules if m.split('.')[:2] in (['journeysim', 'reports'], ['journeysim', 'dashboard'], "
        "['journeysim', 'cli']) or m == 'dash']\n"
        "print(','.join(bad))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True)
    assert done.stdout.strip() == ""


def test_compare_table_shows_the_last_course_and_the_need_met() -> None:
    base = _scenario(0.2)
    km = {"n": 8, "median_reached": True, "ci_low": 0.5, "ci_high": 1.5, "median_years": 0.75}
    interval = {"value": 0.025, "ci_low": 0.02, "ci_high": 0.03, "n": 10}
    scenario = {
        **base,
        "departure_to_last_course": km,
        "eligible_total": {"value": 3000.0, "ci_low": 2900.0, "ci_high": 3100.0, "n": 10},
        "need_met_share": interval,
        "fill_rate": {"value": 0.8, "ci_low": 0.7, "ci_high": 0.9, "n": 10},
        "courses_cancelled": {"value": 2.0, "ci_low": 1.0, "ci_high": 3.0, "n": 10},
        "waiting_at_end": {"value": 4.0, "ci_low": 3.0, "ci_high": 5.0, "n": 10},
    }
    comparison = {
        "order": ["a", "b"],
        "horizon_years": 20,
        "scenarios": {"a": scenario, "b": scenario},
        "differences": [
            {
                "a": "a",
                "b": "b",
                "metric": "need_met_share",
                "label": "share of need met (mean)",
                "diff": 0.01,
                "ci_low": 0.0,
                "ci_high": 0.02,
                "ci_excludes_zero": False,
            },
        ],
        "logrank": [],
    }
    lines = compare_table(comparison).splitlines()
    assert "0.8 [0.5-1.5]" in next(line for line in lines if line.startswith("median years leaving→last course"))
    assert "2.50% [2.00-3.00]" in next(line for line in lines if line.startswith("share of need met"))
    assert "80% [70-90]" in next(line for line in lines if line.startswith("share of places filled"))
    assert "+1.0 pts" in next(line for line in lines if line.startswith("    share of need met (mean)"))
    # A comparison from before these outcomes prints without them.
    old = compare_table({**comparison, "scenarios": {"a": base, "b": base}, "differences": []})
    assert "leaving→last course" not in old and "need met" not in old


def test_a_run_summary_dates_the_last_course_the_stop_and_the_need_met() -> None:
    from journeysim.presentation.narrative import summary_lines

    outcomes = {
        "months": 120,
        "final_level": "patchy",
        "running_at_end": False,
        "months_to_embedded": None,
        "collapse_month": 58,
        "restarts": 1,
        "participants_total": 40,
        "courses_total": 5,
        "cost_per_participant": None,
        "first_departure_month": 48,
        "months_departure_to_collapse": 10,
        "collapsed_after_departure": True,
        "last_course_month": 58,
        "months_departure_to_last_course": 10,
        "last_course_censored": False,
        "eligible_total": 4000.0,
        "referrals_total": 120.0,
        "need_met_share": 0.01,
        "fill_rate": 0.5,
        "courses_cancelled": 2,
        "waiting_at_end": 3.0,
    }
    text = "\n".join(summary_lines(outcomes, [], "x", 0, 2010))
    assert "the last course started 10 months later, 2014-11 (month 58)" in text
    assert "courses stopped 10 months after it" in text
    assert "first stopped after running: 2014-11 (month 58) (its last course); 1 restart(s)" in text
    assert "4,000 adults eligible" in text and "share of need met 1.00%" in text and "places filled 50%" in text
    censored = "\n".join(summary_lines({**outcomes, "last_course_censored": True}, [], "x", 0, 2010))
    assert "the last course is not yet known" in censored
