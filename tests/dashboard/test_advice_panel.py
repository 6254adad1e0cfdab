"""The dashboard's advice panel: advice for a session's service, and what the panel shows of it."""

from __future__ import annotations

from dash import html

from journeysim.dashboard.advice import advise_session, content
from journeysim.dashboard.sessions import ScenarioSource


def _text(component: object) -> str:
    if isinstance(component, str):
        return component
    children = getattr(component, "children", None)
    if children is None:
        return ""
    return " ".join(_text(c) for c in (children if isinstance(children, list | tuple) else [children]))


def test_the_panel_advises_on_the_session_s_service_as_advise_does(monkeypatch):
    from journeysim.batch import advice as batch_advice

    monkeypatch.setattr(batch_advice, "strategy_choices", lambda: {"succession_planning": "", "gold_standard": ""})
    summary = advise_session(ScenarioSource("shipped", "lone_champion"), seed=0, worlds=6)
    assert summary["service"] == "lone_champion" and summary["years"] == 10 and summary["worlds"] == 6
    assert len(summary["options"]) == 3  # two strategies and their pair
    assert summary["drawn_from"] == "default"  # no posterior given at startup: the one that ships
    text = " ".join(_text(c) for c in content(summary))
    assert "running at year 10" in text and "What to watch for" in text
    assert "The 3 best of 3 options" in text


def test_the_panel_shows_at_most_five_options():
    option = {
        "strategies": ["x"],
        "effect": {"diff": 0.0, "ci_low": -0.1, "ci_high": 0.1, "ci_excludes_zero": False},
        "extra_spending": {"value": 10.0},
        "per_extra_service_year": None,
        "per_extra_person": None,
    }
    share = {"value": 0.5, "ci_low": 0.4, "ci_high": 0.6}
    summary = {
        "service": "s", "start_year": 2010, "years": 10, "worlds": 5, "seed": 0, "confidence": 0.9,
        "bootstrap_resamples": 100, "drawn_from": "fixed", "ranked_by": "running at year 10",
        "methods": {"shares": "Wilson", "means": "bootstrap", "effects": "paired bootstrap"},
        "forecast": {"shares": {"running_at_year_10": share}, "horizon_months": 120, "months_running": share,
                     "people_reached": share, "spending": share},
        "options": [option] * 7,
        "warning_signs": {"worlds": 5, "declined": 0, "window_months": 24, "signs": []},
    }  # fmt: skip
    parts = content(summary)
    table = next(p for p in parts if isinstance(p, html.Table) and p.className == "advice-options")
    assert len(table.children[1].children) == 5
    assert "cannot be told from no change" in _text(table)
