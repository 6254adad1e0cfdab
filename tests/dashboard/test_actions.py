"""The page's actions: every control in a batched call is acted on, and the page is told once."""

from __future__ import annotations

import threading
import time
from typing import Any

import pytest

from journeysim.dashboard.actions import act_on_all, fan_worlds, fired_triggers, press_counts
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


BUTTONS = ("replay", "to-end")


def test_press_counts_read_the_pages_clicks_and_its_intervention_count() -> None:
    triggers = {"replay": 2, "to-end": None, "press": {"kind": "champion_leaves", "month": 12, "n": 3}}
    assert press_counts(triggers, BUTTONS) == {"replay": 2, "to-end": 0, "press": 3}
    odd = {"replay": "2", "to-end": True, "press": {"n": -1}}  # what no page sends counts as no press
    assert press_counts(odd, BUTTONS) == {"replay": 0, "to-end": 0, "press": 0}


def test_a_quick_second_press_answered_first_waits_for_the_first_and_shows_both() -> None:
    """Replay then run-to-end, the second request answered first: the page's last answer has the replay."""
    session = Session(new_session_id())
    order: list[str] = []
    shown: dict[str, Any] = {}

    def request(fired: str, counts: dict[str, int]) -> None:
        with session.in_page_order(counts, [fired]) as in_order:
            act_on_all(session, [fired], _values())
            order.append(fired)
        shown[fired] = (in_order, session.snapshot())

    later = threading.Thread(target=request, args=("to-end", {"replay": 1, "to-end": 1}))
    later.start()  # the run-to-end request, sent second, is answered first ...
    time.sleep(0.2)
    assert order == []  # ... and waits, rather than run the original alone to its end
    request("replay", {"replay": 1, "to-end": 0})
    later.join()
    assert order == ["replay", "to-end"]
    in_order, snapshot = shown["to-end"]
    assert in_order and snapshot.replay is not None
    assert snapshot.replay.month == snapshot.original.month == session.model.horizon


def test_a_press_whose_request_never_comes_holds_the_next_back_only_so_long() -> None:
    session = Session(new_session_id())
    start = time.monotonic()
    with session.in_page_order({"replay": 1, "to-end": 1}, ["to-end"], wait_s=0.3) as in_order:
        act_on_all(session, ["to-end"], _values())
    assert not in_order and time.monotonic() - start >= 0.3
    assert session.model.month == session.model.horizon
    with session.in_page_order({"replay": 1, "to-end": 1}, [], wait_s=5.0) as in_order:
        pass  # both presses now count as acted on: nothing more is waited for
    assert in_order


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
