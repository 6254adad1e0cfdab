"""The interventions registry and its handlers (journeysim.model.interventions)."""

import pytest

from journeysim.model.events import DOWN, NEUTRAL, UP
from journeysim.model.interventions import INTERVENTIONS


def new_events(model, n):
    return model.log.events[n:]


@pytest.mark.parametrize("kind", sorted(INTERVENTIONS))
def test_every_intervention_logs_one_event_of_its_kind(build, kind):
    model = build("mature_embedded")
    n = len(model.log)
    model.intervene(kind)
    mine = [e for e in new_events(model, n) if e.kind == kind]
    assert len(mine) == 1
    assert mine[0].category == "intervention"
    assert mine[0].causes == ("applied by the user",)


@pytest.mark.parametrize("kind", sorted(INTERVENTIONS))
def test_every_interventions_declared_details_resolve_to_their_defaults(kind):
    spec = INTERVENTIONS[kind]
    assert spec.kind == kind and spec.description and spec.source and callable(spec.handler)
    assert spec.resolve({}) == {d.name: d.default for d in spec.details}


def test_an_unknown_intervention_is_refused(build):
    with pytest.raises(ValueError, match="unknown intervention"):
        build().intervene("miracle")


def test_an_unknown_detail_is_refused(build):
    with pytest.raises(ValueError, match="no detail 'amount'"):
        build().intervene("funding_cut", amount=3.0)


@pytest.mark.parametrize(
    ("kind", "details"),
    [("funding_cut", {"fraction": 1.5}), ("champion_leaves", {"who": "nobody"}), ("training_places", {"teachers": 0})],
)
def test_a_detail_outside_its_declaration_is_refused(build, kind, details):
    model = build()
    n = len(model.log)
    with pytest.raises(ValueError):
        model.intervene(kind, **details)
    assert len(model.log) == n


def test_a_scheduled_or_caused_intervention_says_where_it_came_from(build):
    model = build()
    model.intervene("supervision_link", scheduled=True)
    assert model.log.events[-1].causes == ("scheduled in the scenario",)
    model.intervene("supervision_link", cause="national policy")
    assert model.log.events[-1].causes == ("national policy",)


def test_an_intervention_acts_in_the_coming_month(build):
    model = build()
    model.intervene("supervision_link")
    assert model.log.events[-1].month == model.steps == 0


def test_champion_leaves_is_neutral_without_implementers(build):
    model = build(implementers=())
    model.intervene("champion_leaves")
    event = model.log.events[-1]
    assert (event.kind, event.direction) == ("champion_leaves", NEUTRAL)


def test_champion_leaves_takes_the_lead_by_default(build):
    model = build("several_implementers")
    lead = model.lead()
    model.intervene("champion_leaves")
    assert lead not in model.roster and len(model.roster) == 2
    assert [e.kind for e in model.log.events[-2:]] == ["champion_leaves", "champion_left"]


def test_champion_leaves_can_take_the_newest_or_all(build):
    model = build("several_implementers")
    newest = model.roster[-1]
    model.intervene("champion_leaves", who="newest")
    assert newest not in model.roster and len(model.roster) == 2
    model.intervene("champion_leaves", who="all")
    assert model.roster == []
    assert model.log.events[-3].effect == "2 implementer(s) leave"


def test_funding_cut_cuts_the_given_fraction(build):
    model = build("mature_embedded")
    model.intervene("funding_cut", fraction=0.25)
    assert model.service.recurrent_funding == 30000.0
    assert model.log.events[-1].kind == "funding_cut"


def test_a_recurrent_funding_boost_opens_a_line_from_now(build):
    model = build()
    model.service.funding_since = -7  # a line that once ran and closed
    model.intervene("funding_boost", amount=20000.0, recurrent=True)
    assert model.service.recurrent_funding == 20000.0
    assert model.service.funding_since == model.steps
    assert model.log.events[-1].direction == UP


def test_a_recurrent_boost_to_an_open_line_keeps_its_start(build):
    model = build("mature_embedded")
    model.service.funding_since = -5
    model.intervene("funding_boost", amount=1000.0, recurrent=True)
    assert (model.service.recurrent_funding, model.service.funding_since) == (41000.0, -5)


def test_a_one_off_boost_adds_one_off_money(build):
    model = build()
    model.intervene("funding_boost", amount=5000.0)
    assert (model.service.one_off_funds, model.service.recurrent_funding) == (5000.0, 0.0)


def test_invest_in_training_sets_the_pathway_supervision_and_funded_trainees(build):
    model = build()
    svc, p = model.service, model.p
    model.intervene("invest_in_training", pathway="commissioned", teachers=3)
    assert (svc.training_pathway, svc.supervision) == ("commissioned", True)
    assert svc.trainees == [model.steps + p["training_months"]] * 3
    assert svc.cost_total == 3 * p["training_cost"]


def test_training_places_start_trainees_paid_from_outside(build):
    model = build()
    model.intervene("training_places", teachers=2)
    assert model.service.trainees == [model.p["training_months"]] * 2


def test_a_joining_champion_works_alongside_the_lead(build):
    model = build()
    lead = model.lead()
    model.intervene("champion_joins", role="manager", skill=0.7, commitment=0.5)
    imp = model.roster[-1]
    assert (imp.role, imp.skill, imp.commitment, imp.energy, imp.lead) == (
        "manager",
        0.7,
        0.5,
        model.p["newcomer_energy"],
        False,
    )
    assert model.lead() is lead


def test_a_champion_joining_an_empty_service_takes_the_vacant_lead_post(build):
    model = build(implementers=())
    model.service.lead_role, model.service.lead_vacant_until = True, 5
    model.intervene("champion_joins")
    (imp,) = model.roster
    assert imp.lead and imp.protected_time and imp.origin == "joined"
    assert model.service.lead_vacant_until is None


def test_champion_joins_is_neutral_when_the_team_is_full(build):
    model = build("several_implementers")
    model.p["max_implementers"] = 3
    model.intervene("champion_joins")
    assert len(model.roster) == 3
    assert model.log.events[-1].direction == NEUTRAL


@pytest.mark.parametrize(("on", "direction"), [(True, UP), (False, DOWN)])
def test_a_supervision_link_starts_and_ends(build, on, direction):
    model = build()
    model.service.external_supervision = not on
    model.intervene("supervision_link", on=on)
    assert model.service.external_supervision is on
    assert model.log.events[-1].direction == direction


def test_protecting_champion_time_protects_everyone_and_ending_it_keeps_a_formal_lead_protected(build):
    model = build("several_implementers")
    model.service.lead_role = True
    model.intervene("protect_champion_time")
    assert model.service.protected_champions and all(i.protected_time for i in model.roster)
    model.intervene("protect_champion_time", on=False)
    assert [i.protected_time for i in model.roster] == [True, False, False]


def test_a_funding_line_ends_down_to_nothing(build):
    model = build("mature_embedded")
    model.intervene("funding_line_ends", amount=30000.0)
    assert model.service.recurrent_funding == 10000.0
    model.intervene("funding_line_ends", amount=30000.0)
    assert model.service.recurrent_funding == 0.0
    assert model.log.events[-1].effect == "recurrent funding £10,000 -> £0"


def test_a_new_senior_leader_brings_the_given_view(build):
    model = build()
    model.intervene("new_senior_leader", priority=0.9)
    assert model.senior_leader.view == 0.9


def test_a_reorganisation_intervention_is_a_reorganisation(build):
    model = build()
    model.service.fit = 0.5
    model.intervene("reorganisation")
    assert model.service.fit == pytest.approx(0.5 - model.p["reorganisation_fit_loss"])
    assert model.log.events[-2].category == "intervention"


def test_start_succession_planning_switches_it_on(build):
    model = build()
    model.intervene("start_succession_planning")
    assert model.service.succession_planning
