"""The Implementer agent: effort, energy, leaving and the lead (journeysim.model.implementer)."""

import pytest

from journeysim.model.implementer import ACTIVITIES, role_weights
from journeysim.vocabulary import ROLES


def test_role_weights_are_the_declared_weights(build):
    model = build()
    weights = role_weights(model.p)
    assert set(weights) == set(ROLES)
    for role in ROLES:
        assert weights[role] == {a: model.p[f"role_weight_{role}_{a}"] for a in ACTIVITIES}


def test_effort_is_commitment_damped_by_tiredness(build):
    model = build()
    imp, p = model.roster[0], model.p
    imp.energy = 0.3
    assert imp.effort() == pytest.approx(imp.commitment * (p["effort_floor"] + p["effort_energy_share"] * 0.3))
    tired = imp.effort()
    imp.energy = 1.0
    assert imp.effort() > tired


def test_contribution_weighs_effort_and_skill_by_role(build):
    model = build("several_implementers")
    for imp in model.roster:
        for a in ACTIVITIES:
            assert imp.contribution(a) == pytest.approx(
                imp.effort() * imp.skill * model.p[f"role_weight_{imp.role}_{a}"]
            )


def test_only_teacher_implementers_teach(build):
    model = build("several_implementers")
    assert [i.teaches for i in model.roster] == [True, False, False]


def test_burnout_is_energy_below_the_threshold(build):
    model = build()
    imp, threshold = model.roster[0], model.p["burnout_threshold"]
    imp.energy = threshold
    assert not imp.burnt_out
    imp.energy = threshold - 0.01
    assert imp.burnt_out


def test_tire_and_recover_follows_the_declared_drain_and_recovery(build):
    model = build()
    imp, p = model.roster[0], model.p
    imp.energy = 0.5
    imp.tire_and_recover(0.0, 1, 0.2, 0.8, 1.0, 0.1)
    drain = (
        p["unpaid_effort_drain"]
        * imp.commitment
        * (p["load_floor"] + p["load_shared"])
        * 1.1
        * (1 + p["pressure_drain_weight"] * 0.8)
    )
    recovery = p["energy_recovery"] * 1.0 * 1.2
    assert imp.energy == pytest.approx(0.5 + recovery * 0.5 - drain)
    assert imp.tenure == 1


def test_a_lone_unprotected_implementer_in_a_pressured_service_tires_faster(build):
    lone, shared = build().roster[0], build().roster[0]
    lone.tire_and_recover(0.0, 1, 0.0, 0.9, 1.0)
    shared.protected_time = True
    shared.tire_and_recover(0.0, 3, 0.6, 0.9, 1.0)
    assert lone.energy < shared.energy


def test_protected_time_cuts_the_drain_to_the_declared_factor(build):
    unprotected, protected = build().roster[0], build().roster[0]
    p = unprotected.model.p
    start = unprotected.energy
    unprotected.tire_and_recover(0.0, 1, 0.0, 0.5, 0.0)
    protected.tire_and_recover(1.0, 1, 0.0, 0.5, 0.0)  # no recovery: the change is the drain
    assert start - protected.energy == pytest.approx((start - unprotected.energy) * p["protected_drain_factor"])


def test_energy_stays_between_zero_and_one(build):
    model = build()
    imp, p = model.roster[0], model.p
    p["unpaid_effort_drain"] = 50.0
    imp.tire_and_recover(0.0, 1, 0.0, 1.0, 1.0)
    assert imp.energy == 0.0
    p["unpaid_effort_drain"], p["energy_recovery"] = 0.0, 5.0
    imp.tire_and_recover(1.0, 1, 1.0, 0.0, 2.0)
    assert imp.energy == 1.0


def test_an_implementer_at_career_end_retires(build):
    imp = build().roster[0]
    imp.tenure = imp.career_months
    assert imp.leaving_reason() == "retirement"


def test_a_certain_hazard_means_turnover_and_a_zero_hazard_means_staying(build):
    model = build()
    imp = model.roster[0]
    model.p["champion_turnover_factor"] = 1e9
    assert imp.leaving_reason() == "turnover"
    model.p["champion_turnover_factor"] = 0.0
    assert imp.leaving_reason() is None


def test_a_burnt_out_implementer_leaves_from_burnout(build):
    model = build()
    imp = model.roster[0]
    imp.energy = 0.0
    model.p["champion_turnover_factor"] = 1e9
    assert imp.leaving_reason() == "burnout"


def test_burnout_multiplies_the_hazard_by_the_declared_factor(build):
    u = build().roster[0].draws.uniform()  # the champion's first draw: the same in every twin model

    def leaves(energy):
        model = build()
        base = model.monthly_rate("staff_turnover_annual")
        model.p["champion_turnover_factor"] = 0.9 * u / base  # a rested champion's hazard just below the draw
        model.p["burnout_hazard_factor"] = 1.2  # a burnt-out one's just above it
        model.roster[0].energy = energy
        return model.roster[0].leaving_reason()

    assert leaves(1.0) is None
    assert leaves(0.0) == "burnout"


def test_leaving_draws_one_number_whatever_happens(build):
    a, b = build().roster[0], build().roster[0]
    b.tenure = b.career_months
    a.leaving_reason()
    b.leaving_reason()
    assert a.draws.uniform() == b.draws.uniform()


def test_the_last_implementer_leaving_takes_the_declared_alone_share(build):
    model = build()
    svc, p = model.service, model.p
    svc.networks, svc.evidence = 0.5, 0.4
    model.roster[0].leave(3, "turnover")
    loss = p["handover_loss_alone"]
    assert svc.networks == pytest.approx(0.5 * (1 - loss))
    assert svc.evidence == pytest.approx(0.4 * (1 - p["evidence_handover_share"] * loss))
    assert model.roster == []
    assert model.departures == [(3, "turnover", "teacher", 0.65, 0.85)]
    assert model.log.events[-1].kind == "champion_left"


def test_one_of_several_leaving_takes_the_declared_shared_share(build):
    model = build("several_implementers")
    svc, p = model.service, model.p
    svc.networks, svc.evidence = 0.5, 0.4
    model.roster[2].leave(3, "turnover")
    loss = p["handover_loss_shared"]
    assert svc.networks == pytest.approx(0.5 * (1 - loss))
    assert svc.evidence == pytest.approx(0.4 * (1 - p["evidence_handover_share"] * loss))
    assert len(model.roster) == 2


def test_the_most_effective_remaining_implementer_takes_the_lead(build):
    model = build("several_implementers")
    model.service.lead_role = True
    lead, manager, user = model.roster
    user.skill = 0.95  # 0.95 x 0.7 beats the manager's 0.6 x 0.65
    lead.leave(0, "turnover")
    assert user.lead and user.protected_time
    assert not manager.lead
    assert model.lead() is user


def test_a_successor_without_a_lead_post_gets_no_protected_time(build):
    model = build("several_implementers")
    lead, manager, _ = model.roster
    lead.leave(0, "turnover")
    assert manager.lead and not manager.protected_time


def test_a_vacant_lead_post_is_set_to_fill_after_the_vacancy_period(build):
    model = build()
    model.service.lead_role = True
    model.roster[0].leave(7, "burnout")
    assert model.service.lead_vacant_until == 7 + model.p["lead_vacancy_months"]
    assert "vacant" in model.log.events[-1].effect


def test_no_vacancy_without_a_lead_post(build):
    model = build()
    model.roster[0].leave(7, "burnout")
    assert model.service.lead_vacant_until is None


def test_a_co_implementer_leaving_leaves_the_lead_in_place(build):
    model = build("several_implementers")
    lead = model.roster[0]
    model.roster[1].leave(0, "turnover")
    assert model.lead() is lead
