"""Many worlds compared: the same worlds with and without a strategy, each with the trainer's interventions."""

from __future__ import annotations

from journeysim.dashboard.paired import compare, paired_figure, paired_job, with_interventions
from journeysim.dashboard.rewind import UserIntervention
from journeysim.dashboard.sessions import Session, new_session_id
from journeysim.library import load_scenario

LEAVES = [UserIntervention(5, "champion_leaves", {"who": "lead"})]


def _quiet(done: int, total: int) -> None:
    pass


def test_the_trainers_interventions_go_into_every_world_and_replace_the_scripted_departure() -> None:
    scenario = with_interventions(load_scenario("trainer_demo"), LEAVES, moved_from=5)
    leaves = [i for i in scenario.interventions if i["kind"] == "champion_leaves"]  # the scripted one (April 2015) gone
    assert leaves == [{"month": 5, "kind": "champion_leaves", "details": {"who": "lead"}}]


def test_the_same_worlds_give_no_difference_and_succession_planning_keeps_more_running() -> None:
    base = with_interventions(load_scenario("trainer_demo"), LEAVES, 5)
    same = compare(_quiet, (), "x", (base, base), 0, 20, 1)
    assert set(same.diff) == {0.0} and set(same.low) == {0.0} and set(same.high) == {0.0}  # paired: same luck
    other = with_interventions(load_scenario("trainer_demo", strategies=("succession_planning",)), LEAVES, 5)
    data = compare(_quiet, (), "succession_planning", (base, other), 0, 20, 1)
    assert len(data.diff) == 120 and data.diff[0] == 0.0
    assert data.diff[-1] > 0 and data.low[-1] <= data.diff[-1] <= data.high[-1]
    assert data.diff[-1] == round(data.with_[-1] - data.without[-1], 4)
    fig = paired_figure(data, "title")
    assert [t.name for t in fig.data][-1] == "Difference"


def test_a_session_compares_its_own_worlds_with_its_interventions() -> None:
    session = Session(new_session_id())
    session.step(5)
    session.intervene("champion_leaves")
    job = paired_job(session, "succession_planning", 10)
    assert job.about[0] == "paired" and job.total == 10
    result = job.fn(_quiet, *job.args)  # what the job runs in its own process
    assert result.interventions == 1 and result.n == 10 and result.strategy == "succession_planning"
