"""One replication: seeds per purpose, points applied to scenarios, and the one function that runs it."""

import numpy as np
import pytest

from journeysim.batch.runs import RunSpec, run_spec
from journeysim.runs import apply_point, purpose_seeds, replicate, run_journey
from journeysim.runs.replication import assemble, intervention_field, replication_seed
from journeysim.runs.single import outcomes_of
from journeysim.scenario import ScenarioError
from journeysim.uncertainty import Posterior


def test_replication_seed_is_the_ith_spawned_child():
    spawned = np.random.SeedSequence(7).spawn(5)
    for i in range(5):
        assert replication_seed(7, i).generate_state(4).tolist() == spawned[i].generate_state(4).tolist()


def test_purposes_get_distinct_streams():
    seeds = purpose_seeds(3, 2)
    assert set(seeds) == {"model", "uncertainty"}
    assert seeds["model"].generate_state(2).tolist() != seeds["uncertainty"].generate_state(2).tolist()


def test_apply_point_sets_parameters_and_intervention_fields(scenario):
    s = scenario("trainer_demo")  # champion_leaves at 2015-04, month 15 of a 2014 start
    out = apply_point(s, {"culture": 0.8, "champion_leaves.month": 30, "champion_leaves.who": "all"})
    assert out.parameters["culture"] == 0.8
    (item,) = [i for i in out.interventions if i["kind"] == "champion_leaves"]
    assert item["month"] == 30 and item["details"]["who"] == "all"
    by_year = apply_point(s, {"champion_leaves.year": 2016.5})
    assert by_year.interventions[-1]["month"] == 30
    assert s.interventions[-1]["month"] == 15  # the original is untouched


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


def test_intervention_fields_are_checked_by_their_one_value_spec(scenario):
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


def test_replication_i_runs_on_its_model_stream_with_the_point_applied(scenario):
    from journeysim.model.model import JourneyModel

    s = scenario("trainer_demo", years=10)
    point = {"pressure": 0.9, "champion_leaves.month": 30}
    run = replicate(s, 5, 2, point)
    by_hand = JourneyModel(apply_point(s, point), purpose_seeds(5, 2)["model"])
    by_hand.run()
    assert run.values == point and run.particle is None
    assert run.model.series_rows() == by_hand.series_rows()
    row = run_spec(RunSpec(s, 2, 5, point=point))
    assert (
        row["participants_total"] == outcomes_of(run.model)["participants_total"] == by_hand.service.participants_total
    )


def test_a_single_run_uses_its_seed_and_draws_from_replication_0(scenario):
    s = scenario("lone_champion", years=10)
    single = replicate(s, 3, months=40)
    assert single.seed == 3 and single.model.series_rows() == run_journey(s, 3, months=40).series_rows
    assert len(single.model.series_rows()) == 40
    posterior = Posterior(("pressure",), np.array([[0.2], [0.8]]), np.array([0.5, 0.5]))
    drawn = assemble(s, 3, posterior=posterior)
    assert drawn.particle == posterior.particle(purpose_seeds(3, 0)["uncertainty"])
    assert (
        drawn.values == {"pressure": [0.2, 0.8][drawn.particle]} == {"pressure": drawn.scenario.parameters["pressure"]}
    )
    ranges = assemble(s, 3, 4, uncertain=True)
    assert ranges.values == assemble(scenario("mature_embedded", years=10), 3, 4, uncertain=True).values
    assert ranges.values != assemble(s, 3, 5, uncertain=True).values


def test_a_population_replication_builds_the_population_model(scenario):
    run = replicate(scenario("uk_services", years=10), 0, 1, months=13)
    assert type(run.model).__name__ == "NationModel" and run.model.steps == 13
    with pytest.raises(ValueError, match="not a population scenario"):
        replicate(scenario("lone_champion", years=10), 0, population=True, months=1)
