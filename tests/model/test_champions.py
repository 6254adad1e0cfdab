"""What champions' work does to the service (journeysim.model.champions)."""

from types import SimpleNamespace

import pytest

from journeysim.model import champions
from journeysim.model.implementer import role_weights
from journeysim.model.params import Params
from journeysim.model.record import Month


def activity(model, name):
    """The team's scaled effort on one activity, before saturation (by hand from the declared weights)."""
    p = model.p
    roles = {i.role for i in model.roster}
    bonus = 1 + p["complementarity_bonus"] * (len(roles) - 1)
    total = sum(i.effort() * i.skill * p[f"role_weight_{i.role}_{name}"] for i in model.roster)
    return total * bonus / p["reference_effort"]


def test_a_lone_champion_builds_local_evidence_which_then_fades(build):
    model = build()
    svc, p = model.service, model.p
    e0, evaluate = svc.evidence, activity(model, "evaluate")
    assert evaluate < p["effort_saturation"]
    month = Month(0, protected=0.0)
    champions.implementers_work(model, month)
    e1 = e0 + p["evaluation_rate"] * evaluate * (1 - e0)
    assert svc.evidence == pytest.approx(e1 * (1 - model.monthly_rate("evidence_decay_annual")))


def test_a_lone_champion_builds_networks_which_then_fade(build):
    model = build()
    svc, p = model.service, model.p
    n0, network = svc.networks, activity(model, "network")
    month = Month(0, protected=0.0)
    champions.implementers_work(model, month)
    n1 = n0 + p["networking_rate"] * network * (1 - n0)
    assert svc.networks == pytest.approx(n1 * (1 - model.monthly_rate("networks_decay_annual")))


def test_fit_grows_toward_the_ceiling_the_context_allows(build):
    model = build()
    svc, p = model.service, model.p
    ceiling = p["fit_ceiling_base"] + p["fit_culture_weight"] * svc.culture - p["fit_pressure_penalty"] * svc.pressure
    f0, adapt = svc.fit, activity(model, "adapt")
    assert f0 < ceiling
    month = Month(0, protected=0.0)
    champions.implementers_work(model, month)
    f1 = f0 + p["fit_adaptation_rate"] * adapt * (ceiling - f0)
    assert svc.fit == pytest.approx(f1 * (1 - model.monthly_rate("fit_erosion_annual")))


def test_fit_above_the_ceiling_only_erodes(build):
    model = build()
    model.service.fit = 0.95
    month = Month(0, protected=0.0)
    champions.implementers_work(model, month)
    assert model.service.fit == pytest.approx(0.95 * (1 - model.monthly_rate("fit_erosion_annual")))


def test_a_lead_with_governance_adapts_mbct_up_to_saturation(build):
    model = build()
    svc, p = model.service, model.p
    svc.governance = svc.lead_role = True
    ceiling = p["fit_ceiling_base"] + p["fit_culture_weight"] * svc.culture - p["fit_pressure_penalty"] * svc.pressure
    f0 = svc.fit
    adapt = min(p["effort_saturation"], activity(model, "adapt") + p["lead_adapt_boost"])
    month = Month(0, protected=0.0)
    champions.implementers_work(model, month)
    f1 = f0 + p["fit_adaptation_rate"] * adapt * (ceiling - f0)
    assert svc.fit == pytest.approx(f1 * (1 - model.monthly_rate("fit_erosion_annual")))


def test_a_gold_standard_stance_raises_the_evidence_gain(build):
    good, gold = build(), build()
    gold.service.fidelity_stance = "gold_standard"
    e0 = good.service.evidence
    month = Month(0, protected=0.0)
    champions.implementers_work(good, month)
    month = Month(0, protected=0.0)
    champions.implementers_work(gold, month)
    keep = 1 - good.monthly_rate("evidence_decay_annual")
    gain_good, gain_gold = good.service.evidence / keep - e0, gold.service.evidence / keep - e0
    assert gain_gold == pytest.approx(gain_good * good.p["gold_standard_evidence_factor"])


def test_implementers_at_three_levels_combine_with_a_bonus_for_each_extra_level(build):
    model = build("several_implementers")
    p = model.p
    advocate = activity(model, "advocate")
    assert {i.role for i in model.roster} == {"teacher", "manager", "service_user"}
    month = Month(0, protected=0.0)
    champions.implementers_work(model, month)
    assert month.advocacy == pytest.approx(min(1.0, advocate / p["advocacy_scale"]))
    assert month.manager_position == 1.0


def test_implementers_at_one_level_get_no_complementarity_bonus(build, scenario):
    teachers = [{**imp, "role": "teacher"} for imp in scenario("several_implementers").implementers]
    model = build("several_implementers", implementers=teachers)
    p = model.p
    plain = sum(i.effort() * i.skill * p["role_weight_teacher_advocate"] for i in model.roster) / p["reference_effort"]
    month = Month(0, protected=0.0)
    champions.implementers_work(model, month)
    assert month.advocacy == pytest.approx(plain / p["advocacy_scale"])


def test_advocacy_is_capped_at_one(build):
    model = build("several_implementers")
    model.p["advocacy_scale"] = 0.01
    month = Month(0, protected=0.0)
    champions.implementers_work(model, month)
    assert month.advocacy == 1.0


def test_without_a_manager_among_the_implementers_there_is_no_position(build):
    model = build()
    month = Month(0, protected=0.0)
    champions.implementers_work(model, month)
    assert month.manager_position == 0.0


def test_without_implementers_evidence_and_networks_only_fade(build):
    model = build(implementers=())
    svc = model.service
    e0, n0 = svc.evidence, svc.networks
    month = Month(0, protected=0.0)
    champions.implementers_work(model, month)
    assert svc.evidence == pytest.approx(e0 * (1 - model.monthly_rate("evidence_decay_annual")))
    assert svc.networks == pytest.approx(n0 * (1 - model.monthly_rate("networks_decay_annual")))
    assert month.advocacy == 0.0


def test_each_implementer_tires_with_the_support_the_service_gives(build):
    model, twin = build("several_implementers"), build("several_implementers")
    p, svc = model.p, model.service
    svc.supervision = twin.service.supervision = True
    support = p["support_supervision"] + p["support_manager"] * model.middle_manager.alignment + p["support_colleagues"]
    month = Month(0, protected=0.25)
    champions.implementers_work(model, month)
    for imp in twin.roster:
        imp.tire_and_recover(0.25, 3, support, svc.pressure, svc.recovery_factor, 0.0)
    assert [i.energy for i in model.roster] == pytest.approx([i.energy for i in twin.roster])
    assert [i.tenure for i in model.roster] == [1, 1, 1]


def test_succession_planning_adds_to_the_load(build):
    plain, planning = build(), build()
    planning.service.succession_planning = True
    month = Month(0, protected=0.0)
    champions.implementers_work(plain, month)
    month = Month(0, protected=0.0)
    champions.implementers_work(planning, month)
    assert planning.roster[0].energy < plain.roster[0].energy


def test_peer_exchange_brings_networks_and_evidence(build):
    model = build()
    svc, p = model.service, model.p
    n0, e0 = svc.networks, svc.evidence
    champions.receive_peer_exchange(model, 0.5)
    rate = p["peer_spread_rate"] * 0.5
    assert svc.networks == pytest.approx(n0 + rate * (1 - n0))
    assert svc.evidence == pytest.approx(e0 + p["peer_evidence_share"] * rate * (1 - e0))


@pytest.mark.parametrize("strength", [0.0, -1.0])
def test_no_peer_exchange_without_links(build, strength):
    model = build()
    before = (model.service.networks, model.service.evidence)
    champions.receive_peer_exchange(model, strength)
    assert (model.service.networks, model.service.evidence) == before


def test_nobody_carries_peer_exchange_home_without_an_implementer(build):
    model = build(implementers=())
    before = (model.service.networks, model.service.evidence)
    model.peer_exchange(1.0)
    assert (model.service.networks, model.service.evidence) == before


def test_one_reference_champion_builds_evidence_and_advocacy_by_the_declared_steps(small):
    tired = []
    champion = SimpleNamespace(
        role="teacher", skill=1.0, effort=lambda: 0.4, tire_and_recover=lambda *a: tired.append(a)
    )
    model = small(service={"evidence": 0.2}, roster=[champion], middle_manager=SimpleNamespace(alignment=0.5))
    p = model.p
    model.role_weights = role_weights(p)
    model.monthly_rates = Params.of(
        dict.fromkeys(("evidence_decay_annual", "networks_decay_annual", "fit_erosion_annual"), 0.0)
    )
    month = Month(0, protected=0.25)
    champions.implementers_work(model, month)
    # Effort x skill of 0.4 is one reference champion's worth; a teacher evaluates with weight 1.
    evaluate = 0.4 / p["reference_effort"] * p["role_weight_teacher_evaluate"]
    assert evaluate == pytest.approx(1.0)
    assert model.service.evidence == pytest.approx(0.2 + p["evaluation_rate"] * evaluate * (1.0 - 0.2))
    advocate = 0.4 / p["reference_effort"] * p["role_weight_teacher_advocate"]
    assert month.advocacy == pytest.approx(advocate / p["advocacy_scale"])
    assert month.manager_position == 0.0
    # The champion tires with the month's protected share and the support of an aligned manager, alone.
    assert tired == [(0.25, 1, pytest.approx(p["support_manager"] * 0.5), 0.5, 1.0, 0.0)]
