"""The workshop demo in a world where turnover took the champion before the scripted departure."""

from __future__ import annotations

from journeysim.dashboard.sessions import Session, new_session_id
from journeysim.dashboard.views import render, starred


def test_a_scripted_departure_that_meets_nobody_draws_no_star_and_the_page_says_so_first() -> None:
    session = Session(new_session_id())
    session.set_world(12)  # turnover took the lead in June 2014 (the world 12)
    session.step(15)
    out = render(session, "courses_last_12")
    assert out["leave_disabled"] and "nobody is in post to leave now" in out["leave_note"]
    assert "June 2014" in out["leave_note"]  # when the last one left
    session.step(1)  # April 2015: the scripted departure meets nobody
    (event,) = [e.to_dict() for e in session.model.log.events if e.kind == "champion_leaves"]
    assert event["direction"] == "neutral" and not starred(event)
    stars = [t for t in render(session, "courses_last_12")["level_fig"].data if t.name == "Interventions"]
    assert [len(t.x) for t in stars] in ([], [0])  # no empty star in April 2015
