"""The comparison table names its interval methods and puts no interval around a constant (issue 27)."""

from __future__ import annotations

from journeysim.presentation.text import compare_table, nation_compare_table


def _scenario(eligible: dict) -> dict:
    km = {"n": 10, "median_reached": False, "ci_low": None, "ci_high": None, "median_years": None}
    return {
        "runs": 10,
        "failed": 0,
        "p_embedded_at": {"5": 0.0, "10": 0.5, "15": 0.6},
        "p_embedded_at_ci": {"5": (0.0, 0.28), "10": (0.3, 0.7), "15": (0.4, 0.8)},
        "p_running_at_end": 0.7,
        "p_running_at_end_ci": (0.5, 0.9),
        "time_to_embedded": km,
        "departure_to_collapse": {**km, "n": 0},
        "people_reached": {"value": 1234.0, "ci_low": 1000.0, "ci_high": 1500.0},
        "cost_per_participant": {"value": 250.0, "ci_low": 200.0, "ci_high": 300.0},
        "eligible_total": eligible,
    }


def _difference(metric: str, label: str, diff: float, low: float, high: float) -> dict:
    excludes = low > 0 or high < 0
    return {"a": "a", "b": "b", "metric": metric, "label": label, "diff": diff, "ci_low": low, "ci_high": high,
            "ci_excludes_zero": excludes}  # fmt: skip


def test_the_table_names_its_interval_methods_and_level() -> None:
    constant = {"value": 67500.0, "ci_low": 67500.0, "ci_high": 67500.0, "n": 10}
    comparison = {
        "order": ["a", "b"],
        "horizon_years": 20,
        "confidence": 0.9,
        "scenarios": {"a": _scenario(constant), "b": _scenario({**constant, "ci_high": 70000.0})},
        "differences": [
            _difference("p_embedded_at_5", "embedded at year 5", 0.0, 0.0, 0.0),
            _difference("p_running_at_end", "running at the horizon", 0.1, 0.05, 0.2),
        ],
        "logrank": [],
    }
    lines = compare_table(comparison).splitlines()
    assert "90% intervals in brackets (Wilson score for shares, bootstrap (BCa) for means" in lines[0]
    assert "Kaplan-Meier" in lines[0]
    eligible = next(line for line in lines if line.startswith("adults eligible"))
    assert eligible.split()[-2:] == ["67,500", "[67,500-70,000]"]  # a constant in A, an interval in B
    assert "67,500 [67,500-67,500]" not in eligible
    same = next(line for line in lines if line.startswith("    embedded at year 5"))
    assert same.rstrip().endswith("+0.0 pts") and "[" not in same
    assert "+10.0 pts [+5.0, +20.0] *" in next(line for line in lines if line.startswith("    running at the horizon"))


def test_a_population_comparison_names_its_method_and_drops_constant_intervals() -> None:
    stats = {"value": 0.25, "ci_low": 0.25, "ci_high": 0.25, "n": 5}
    comparison = {
        "order": ["a"],
        "horizon_years": 25,
        "confidence": 0.95,
        "metrics": [{"metric": "share_embedded_final", "label": "services embedded at the end", "kind": "share"}],
        "scenarios": {"a": {"runs": 5, "share_embedded_final": stats, "cost_per_participant": stats}},
        "differences": [],
    }
    text = nation_compare_table(comparison)
    assert "means with 95% bootstrap (BCa) intervals" in text.splitlines()[0]
    row = next(line for line in text.splitlines() if line.startswith("services embedded at the end"))
    assert row.split()[-1] == "25.0%"
