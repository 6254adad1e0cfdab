"""Per-session simulations: replay honesty, isolation, caps and bad input."""

from __future__ import annotations

import pytest

from journeysim.dashboard.rewind import NobodyInPost
from journeysim.dashboard.sessions import SAME_STRATEGY, ScenarioSource, Session, SessionRegistry, new_session_id
from journeysim.library import load_scenario
from journeysim.model.model import JourneyModel
from journeysim.runs import purpose_seeds
from journeysim.scenario import ScenarioError


def _same(a: JourneyModel, b: JourneyModel) -> bool:
    return repr(a.series_rows()) == repr(b.series_rows()) and a.log.events == b.log.events


def test_session_world_is_replication_of_the_batch_seed() -> None:
    session = Session(new_session_id(), seed=3)
    session.set_world(2)
    session.run_to_end()
    batch = JourneyModel(load_scenario("trainer_demo"), purpose_seeds(3, 2)["model"])
    batch.run()
    assert _same(session.model, batch)


def test_replay_with_the_same_strategy_reproduces_the_run_with_its_interventions() -> None:
    session = Session(new_session_id())
    session.step(13)
    assert session.intervene("champion_leaves") == 13
    session.step(13)
    session.intervene("funding_cut", fraction=0.25)
    session.step(20)
    session.start_replay(SAME_STRATEGY)
    session.run_to_end()
    assert session.replay is not None
    assert session.replay.month == session.model.month == session.model.horizon
    assert _same(session.model, session.replay)
    user = [(e.month, e.kind) for e in session.replay.log.events if e.causes == ("applied by the user",)]
    assert user == [(13, "champion_leaves"), (26, "funding_cut")]


def test_replay_with_another_strategy_meets_the_same_shocks_and_national_events() -> None:
    session = Session(new_session_id())
    session.step(10)
    session.intervene("champion_leaves")
    session.step(20)
    session.start_replay("succession_planning")
    session.run_to_end()
    assert session.replay is not None
    assert session.replay.service.succession_planning and not session.model.service.succession_planning

    def luck(model: JourneyModel) -> list[tuple[int, str]]:
        return [(e.month, e.kind) for e in model.log.events if e.category in ("shock", "national")]

    assert luck(session.model) == luck(session.replay)
    assert len(luck(session.model)) > 3


def test_replay_catches_up_before_both_runs_advance_together() -> None:
    session = Session(new_session_id())
    session.step(24)
    session.start_replay("succession_planning")
    assert session.replay is not None and session.replay.month == 0
    session.step(10)
    assert (session.model.month, session.replay.month) == (24, 10)
    session.step(20)
    assert (session.model.month, session.replay.month) == (30, 30)
    session.intervene("reorganisation")
    assert any(e.kind == "reorganisation" and e.month == 30 for e in session.replay.log.events)
    session.clear_replay()
    assert session.replay is None


def test_two_sessions_never_share_a_model() -> None:
    registry = SessionRegistry()
    a, created_a = registry.get(new_session_id())
    b, created_b = registry.get(new_session_id())
    assert created_a and created_b and a is not b and a.model is not b.model
    a.step(12)
    a.intervene("champion_leaves")
    assert b.model.month == 0
    assert not any(e.kind == "champion_leaves" and e.month == 12 for e in b.model.log.events)
    again, created = registry.get(a.sid)
    assert again is a and not created


def test_registry_drops_least_recently_used_and_idle_sessions() -> None:
    registry = SessionRegistry(max_sessions=2, ttl_seconds=3600)
    first, _ = registry.get(new_session_id())
    second, _ = registry.get(new_session_id())
    registry.get(first.sid)  # first is now the most recently used
    registry.get(new_session_id())
    assert first.sid in registry.ids() and second.sid not in registry.ids()
    assert len(registry.ids()) == 2
    idle = SessionRegistry(ttl_seconds=0)
    s, _ = idle.get(new_session_id())
    s.last_used -= 10
    _, created = idle.get(s.sid)
    assert created


@pytest.mark.parametrize("sid", [None, "", "../../etc/passwd", "x" * 5000, 42])
def test_registry_replaces_ids_it_never_handed_out(sid: object) -> None:
    session, created = SessionRegistry().get(sid)  # type: ignore[arg-type]
    assert created and len(session.sid) == 32 and session.sid != sid


def test_interventions_after_the_end_and_unknown_ones_are_refused() -> None:
    session = Session(new_session_id())
    with pytest.raises(ValueError, match="unknown intervention"):
        session.intervene("teleport")
    with pytest.raises(ValueError, match="no detail"):
        session.intervene("funding_cut", amount=3)
    session.run_to_end()
    with pytest.raises(ValueError, match="reached its end"):
        session.intervene("champion_leaves")
    assert not session.playing
    session.set_playing(True)
    assert not session.playing


def test_a_bad_scenario_leaves_the_session_as_it_was() -> None:
    session = Session(new_session_id())
    session.step(5)
    with pytest.raises(ScenarioError, match="malformed TOML"):
        session.load(ScenarioSource("text", "bad.toml", "name = [unclosed"))
    with pytest.raises(ScenarioError, match="outside"):
        session.load(ScenarioSource("text", "range.toml", "[parameters]\nyears = 99\n"))
    assert session.model.month == 5 and session.scenario.name == "trainer_demo"
    scenario = session.load(ScenarioSource("shipped", "lone_champion"))
    assert scenario.name == "lone_champion" and session.model.month == 0


def test_snapshot_is_a_copy_and_reports_stages_for_every_domain() -> None:
    session = Session(new_session_id())
    session.step(6)
    snap = session.snapshot()
    session.step(6)
    assert len(snap.original.rows) == 6 and snap.original.month == 6
    assert set(snap.stages) == {"fit", "evaluation", "networks", "team", "top_down", "governance", "nourishing"}
    assert snap.clock_month == 6 and not snap.finished


def test_a_scenario_that_cannot_be_played_leaves_the_session_as_it_was() -> None:
    session = Session(new_session_id())
    session.step(5)
    before = (session.scenario.name, session.model.month, session.model.horizon)
    with pytest.raises(ValueError, match="population of services"):
        session.load(ScenarioSource("shipped", "uk_services"))
    assert (session.scenario.name, session.model.month, session.model.horizon) == before


def _departures(model: JourneyModel) -> list[tuple[int, str]]:
    return [(e.month, e.causes[0]) for e in model.log.events if e.kind == "champion_leaves"]


def test_a_press_lands_on_the_month_on_screen_even_when_the_run_went_past_it() -> None:
    pressed = Session(new_session_id())
    pressed.step(20)  # the server ran ahead of the page
    assert pressed.intervene("funding_cut", at=12, fraction=0.25) == 12
    assert pressed.model.month == 20
    in_time = Session(new_session_id())
    in_time.step(12)
    in_time.intervene("funding_cut", fraction=0.25)
    in_time.step(8)
    assert _same(pressed.model, in_time.model), "the rebuilt run is the run the press would have made"
    pressed.intervene("reorganisation", at=25)  # a month not reached yet: applied now
    assert [(i.month, i.kind) for i in pressed.interventions] == [(12, "funding_cut"), (20, "reorganisation")]


def test_the_button_replaces_the_scripted_departure_and_one_departure_is_told() -> None:
    session = Session(new_session_id())
    session.step(30)  # past the scripted April 2015 (month 15): the page showed month 9
    assert _departures(session.model) == [(15, "scheduled in the scenario")]
    session.intervene("champion_leaves", at=9, who="lead")
    assert session.in_post_change == (1, 0) and session.moved_from == 9
    session.run_to_end()
    assert _departures(session.model) == [(9, "applied by the user")]
    session.start_replay("succession_planning")
    session.run_to_end()
    assert session.replay is not None and _departures(session.replay) == [(9, "applied by the user")]


def test_after_the_scripted_departure_nobody_is_left_and_nothing_changes() -> None:
    session = Session(new_session_id())
    session.step(20)
    assert session.in_post() == 0
    before = repr(session.model.series_rows())
    with pytest.raises(NobodyInPost) as exc:
        session.intervene("champion_leaves", at=18)
    assert exc.value.month == 18 and repr(session.model.series_rows()) == before and not session.interventions


def test_a_press_before_a_running_replay_rebuilds_the_replay_too() -> None:
    session = Session(new_session_id())
    session.step(24)
    session.start_replay(SAME_STRATEGY)
    session.step(30)
    session.intervene("funding_cut", at=20)
    assert session.replay is not None and session.replay.month == session.model.month == 30
    assert _same(session.model, session.replay)


def test_play_keeps_the_speed_of_the_pages_clock_however_slow_each_tick() -> None:
    session = Session(new_session_id())
    session.set_playing(True)
    assert session.play_to(1_000.0, 4) == 1  # the first tick is credited one tick (0.25 s)
    session.play_to(2_900.0, 4)  # a slow round trip: 1.9 s later
    assert session.model.month == 8  # 2.15 s at 4 months a second: nothing lost to the slow tick
    session.play_to(3_150.0, 24)  # a new speed starts a new count from here
    assert session.model.month == 14
    session.play_to(30_000.0, 24)  # a hidden tab: no jump
    assert session.model.month == 20
    session.set_playing(False)
    assert session.play_to(31_000.0, 24) == 0
