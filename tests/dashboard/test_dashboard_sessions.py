"""Per-session simulations: replay honesty, isolation, caps and bad input."""

from __future__ import annotations

import pytest

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
    session.step(17)
    assert session.intervene("champion_leaves") == 17
    session.step(9)
    session.intervene("funding_cut", fraction=0.25)
    session.step(20)
    session.start_replay(SAME_STRATEGY)
    session.run_to_end()
    assert session.replay is not None
    assert session.replay.month == session.model.month == session.model.horizon
    assert _same(session.model, session.replay)
    user = [(e.month, e.kind) for e in session.replay.log.events if e.causes == ("applied by the user",)]
    assert user == [(17, "champion_leaves"), (26, "funding_cut")]


def test_replay_with_another_strategy_meets_the_same_shocks_and_national_events() -> None:
    session = Session(new_session_id())
    session.step(30)
    session.intervene("champion_leaves")
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
