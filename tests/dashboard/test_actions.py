"""The page's actions: every control in a batched call is acted on, and the page is told once."""

from __future__ import annotations

from typing import Any

import pytest

from journeysim.dashboard.actions import act_on_all, fan_worlds, fired_triggers
from journeysim.dashboard.sessions import Session, new_session_id


def _values(**over: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "speed": "1",
        "strategy": "succession_planning",
        "options": {"who": "lead", "cut": 0.5, "leader": 0.5, "money": "recurrent"},
        "checklist": {},
        "world": None,
        "scenario": None,
        "upload": None,
    }
    values.update(over)
    return values


def test_a_click_batched_with_a_tick_is_acted_on_before_the_tick() -> None:
    fired = fired_triggers({"ticker.n_intervals": "tick", "step-year.n_clicks": "step-year"})
    assert fired == ["step-year", "tick"]
    assert fired_triggers({}) == [None]
    # pattern-matching ids (dicts) belong to other callbacks and are not actions here
    assert fired_triggers({'{"i":0}.value': {"i": 0}, "play.n_clicks": "play"}) == ["play"]


def test_every_batched_action_changes_the_session() -> None:
    session = Session(new_session_id())
    act_on_all(session, fired_triggers({"step.n_clicks": "step", "step-year.n_clicks": "step-year"}), _values())
    assert session.model.month == 13


def test_a_pause_batched_with_a_tick_stops_the_run_before_the_tick_steps_it() -> None:
    session = Session(new_session_id())
    session.set_playing(True)
    act_on_all(session, fired_triggers({"ticker.n_intervals": "tick", "play.n_clicks": "play"}), _values())
    assert not session.playing
    assert session.model.month == 0


def test_an_error_in_one_batched_action_keeps_the_others_and_is_shown() -> None:
    session = Session(new_session_id())
    act_on_all(session, ["step-year", "world"], _values(world="not a number"))
    assert session.model.month == 12
    assert session.error.startswith("World: type a whole number")
    assert session.area == "setup"
    act_on_all(session, ["reset"], _values())
    assert session.error == ""
    assert session.notice.startswith("Started again from the first month")
    assert session.area == "main"


def test_a_tick_alone_tells_the_page_nothing() -> None:
    session = Session(new_session_id())
    session.tell("kept", area="act")
    session.set_playing(True)
    act_on_all(session, ["tick"], _values(speed="12"))
    assert session.model.month == 3  # a quarter of a second's worth at 12 months a second
    assert (session.notice, session.error, session.area) == ("kept", "", "act")


def test_the_fan_runs_only_a_count_its_menu_offers() -> None:
    assert fan_worlds(200) == 200 and fan_worlds(50.0) == 50
    for bad in (None, 0, 7, 10_000, "100", True):
        with pytest.raises(ValueError, match=r"Worlds = .*: choose 50, 100, 200, 500"):
            fan_worlds(bad)
