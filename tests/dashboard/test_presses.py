"""A tab's presses are acted on in the order they were made, however quickly they follow each other."""

from __future__ import annotations

import threading
import time
from typing import Any

from test_actions import _values

from journeysim.dashboard.actions import act_on_all
from journeysim.dashboard.presses import press_counts
from journeysim.dashboard.sessions import Session, new_session_id

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
        with session.presses.in_page_order(counts, [fired]) as in_order:
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
    with session.presses.in_page_order({"replay": 1, "to-end": 1}, ["to-end"], wait_s=0.3) as in_order:
        act_on_all(session, ["to-end"], _values())
    assert not in_order and time.monotonic() - start >= 0.3
    assert session.model.month == session.model.horizon
    with session.presses.in_page_order({"replay": 1, "to-end": 1}, [], wait_s=5.0) as in_order:
        pass  # both presses now count as acted on: nothing more is waited for
    assert in_order
