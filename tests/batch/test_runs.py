"""Run identity, seeding and design points applied to scenarios."""

import numpy as np
import pytest

from journeysim.batch.runs import (
    RunSpec,
    apply_point,
    execute,
    point_hash,
    purpose_seeds,
    replication_seed,
    run_batch,
    run_spec,
)
from journeysim.scenario import ScenarioError


def test_replication_seed_is_the_ith_spawned_child():
    spawned = np.random.SeedSequence(7).spawn(5)
    for i in range(5):
        assert replication_seed(7, i).generate_state(4).tolist() == spawned[i].generate_state(4).tolist()


def test_purposes_get_distinct_streams():
    seeds = purpose_seeds(3, 2)
    assert set(seeds) == {"model", "uncertainty"}
    assert seeds["model"].generate_state(2).tolist() != seeds["uncertainty"].generate_state(2).tolist()


def test_same_identity_gives_the_same_numbers(scenario):
    s = scenario("lone_champion", years=10)
    a, b = run_spec(RunSpec(s, 4, 11)), run_spec(RunSpec(s, 4, 11))
    assert a == b
    assert a["run_id"] == f"{s.hash}-base-11-4-f"
    other = run_spec(RunSpec(s, 5, 11))
    assert other["run_id"] != a["run_id"]


def test_point_is_part_of_the_identity(scenario):
    s = scenario("lone_champion", years=10)
    plain, pointed = RunSpec(s, 0, 0), RunSpec(s, 0, 0, point={"pressure": 0.9})
    assert plain.run_id != pointed.run_id
    assert point_hash({}) == "base"
    assert point_hash({"a": 1, "b": 2}) == point_hash({"b": 2, "a": 1})
    row = run_spec(pointed)
    assert row["param.pressure"] == 0.9 and row["status"] == "ok"


def test_apply_point_sets_parameters_and_intervention_fields(scenario):
    s = scenario("trainer_demo")  # champion_leaves at 2015-04, month 15 of a 2014 start
    out = apply_point(s, {"culture": 0.8, "champion_leaves.month": 30, "champion_leaves.who": "all"})
    assert out.parameters["culture"] == 0.8
    (item,) = [i for i in out.interventions if i["kind"] == "champion_leaves"]
    assert item["month"] == 30 and item["details"]["who"] == "all"
    by_year = apply_point(s, {"champion_leaves.year": 2016.5})
    assert by_year.interventions[0]["month"] == 30
    assert s.interventions[0]["month"] == 15  # the original is untouched


@pytest.mark.parametrize(
    ("point", "needle"),
    [
        ({"pressure": 1.5}, "outside the declared range"),
        ({"no_such_parameter": 1}, "is not a parameter"),
        ({"champion_leaves.month": 500}, "from 0 to 119"),
        ({"funding_cut.month": 10}, "schedules no 'funding_cut'"),
        ({"champion_leaves.colour": 1}, "is not a field of 'champion_leaves'"),
        ({"champion_leaves.who": "everyone"}, "must be one of"),
    ],
)
def test_bad_points_are_refused_with_what_is_allowed(scenario, point, needle):
    with pytest.raises(ScenarioError, match=needle):
        apply_point(scenario("trainer_demo"), point)


def test_a_run_that_raises_is_a_failed_row(scenario, monkeypatch):
    from journeysim.model.model import JourneyModel

    def boom(*args, **kwargs):
        raise RuntimeError("model exploded")

    monkeypatch.setattr(JourneyModel, "run", boom)
    row, series = execute(RunSpec(scenario("lone_champion", years=10), 0, 0), keep_series=True)
    assert row["status"] == "failed" and row["error"] == "RuntimeError: model exploded"
    assert "model exploded" in row["traceback"] and series is None


def test_batch_keeps_order_and_series_rows(scenario):
    s = scenario("lone_champion", years=10)
    out = run_batch([RunSpec(s, i, 0) for i in (2, 0, 1)], keep_series=True)
    assert [r["replication"] for r in out.rows] == [2, 0, 1]
    assert len(out.series) == 3 * 120
    assert out.series[0][:3] == (out.rows[0]["run_id"], "lone_champion", 2)


def test_intervention_fields_are_checked_by_their_one_value_spec(scenario):
    from journeysim.batch.runs import intervention_field
    from journeysim.model.interventions import INTERVENTIONS
    from journeysim.values import ValueSpec

    s = scenario("trainer_demo")
    month = intervention_field(s, "champion_leaves.month")
    assert isinstance(month.spec, ValueSpec) and month.field == "month"
    assert (month.spec.kind, month.spec.low, month.spec.high) == ("int", 0, s.months - 1)
    assert month.spec.check(12.0) == 12 and month.spec.allowed() == f"a whole number from 0 to {s.months - 1}"
    who = intervention_field(s, "champion_leaves.who")
    declared = {d.name: d for d in INTERVENTIONS["champion_leaves"].details}["who"]
    assert who.spec is declared and who.key == "champion_leaves.who"
