"""How advice reads: the ranking, an effect that cannot be told from none, cost in words, what to watch for."""

from __future__ import annotations

from typing import Any

from journeysim.presentation.advice import advice_text, cost_words, effects_figure


def _option(strategies: list[str], diff: float, low: float, high: float, spend: float, year: Any, person: Any) -> dict:
    return {
        "strategies": strategies,
        "effect": {"diff": diff, "ci_low": low, "ci_high": high, "ci_excludes_zero": low > 0 or high < 0},
        "extra_spending": {"value": spend},
        "per_extra_service_year": year,
        "per_extra_person": person,
    }


def summary() -> dict[str, Any]:
    share = {"value": 0.44, "ci_low": 0.36, "ci_high": 0.52}
    return {
        "service": "lone_champion", "start_year": 2005, "years": 10, "worlds": 100, "seed": 0, "confidence": 0.9,
        "bootstrap_resamples": 1000, "drawn_from": "default", "ranked_by": "running at year 10",
        "methods": {"shares": "Wilson score interval", "means": "bootstrap", "effects": "paired bootstrap"},
        "forecast": {"shares": {"running_at_year_10": share}, "horizon_months": 120,
                     "months_running": {"value": 72.2, "ci_low": 65.8, "ci_high": 78.9},
                     "people_reached": {"value": 93.1, "ci_low": 78.9, "ci_high": 111.7},
                     "spending": {"value": 28996.5, "ci_low": 24217.7, "ci_high": 34480.0}},
        "options": [
            _option(["several_implementers", "top_down_investment"], 0.53, 0.46, 0.62, 143125.5, 47881.4, 320.9),
            _option(["staff_courses"], -0.02, -0.07, 0.01, -1447.0, None, None),
        ],
        "warning_signs": {"worlds": 100, "declined": 66, "window_months": 24, "signs": [
            {"kind": "supervision_lost", "worlds": 21, "before_decline": 0.318, "in_other_worlds": 0.088},
            {"kind": "course_uncovered", "worlds": 13, "before_decline": 0.197, "in_other_worlds": 0.47},
        ]},
    }  # fmt: skip


def test_the_text_ranks_the_options_and_says_which_cannot_be_told_from_none() -> None:
    lines = advice_text(summary()).splitlines()
    assert lines[0].startswith("Advice for lone_champion over 10 years (2005-2014): 100 simulated worlds")
    assert "calibrated posterior that ships with journeysim" in lines[0]
    assert lines[1].startswith("90% intervals: Wilson score interval for shares")
    assert any(line.lstrip().startswith("running at year 10") and "44% [36%-52%]" in line for line in lines)
    first = next(line for line in lines if line.lstrip().startswith("1."))
    assert "several_implementers + top_down_investment" in first and "+53 pts [+46, +62]" in first
    assert "£143,126 more spending: £47,881 per extra service-year running, £321 per extra person reached" in first
    second = next(line for line in lines if line.lstrip().startswith("2."))
    assert "-2 pts [-7, +1]" in second and "£1,447 less spending" in second
    assert second.endswith("cannot be told from no change at this number of worlds")
    assert "  - Supervision lost: before 32% of declines; at some time in 9% of the worlds never declining" in lines
    assert "  - Course uncovered: before 20% of declines; at some time in 47% of the worlds never declining" in lines


def test_only_the_top_options_are_printed_when_asked() -> None:
    text = advice_text(summary(), top=1)
    assert " 2. " not in text and "... and 1 more (--top 0 for all, --json or --report)" in text


def test_an_option_that_buys_nothing_says_so() -> None:
    assert cost_words(_option(["x"], 0.0, -0.1, 0.1, 500.0, None, 20.0)) == (
        "£500 more spending: no extra service-years, £20 per extra person reached"
    )


def test_the_figure_has_the_best_option_on_top_in_points() -> None:
    fig = effects_figure(summary())
    assert list(fig.data[0].y) == ["staff_courses", "several_implementers + top_down_investment"]
    assert list(fig.data[0].x) == [-2.0, 53.0]
