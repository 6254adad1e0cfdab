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
