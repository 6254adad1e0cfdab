"""The workforce pipeline: trainees, graduates, emerging implementers, appointed leads (journeysim.model.workforce)."""

import pytest

from journeysim.model import workforce
from journeysim.model.record import Month
from journeysim.model.streams import MONTHS_PER_YEAR
from journeysim.parameters import PARAMETERS


def test_add_implementer_puts_a_newcomer_in_post_with_a_career_in_the_declared_spread(build):
    model = build(implementers=())
    p = model.p
    imp = workforce.add_implementer(model, "manager", 0.5, 0.6, 0.7, False, False, "joined")
    assert model.roster == [imp]
    assert (imp.role, imp.skill, imp.commitment, imp.energy, imp.lead, imp.origin) == (
        "manager",
        0.5,
        0.6,
        0.7,
        False,
        "joined",
    )
    mean = MONTHS_PER_YEAR * p["career_years_mean"]
    assert mean * (1 - p["career_spread"]) - 1 <= imp.career_months <= mean * (1 + p["career_spread"])


def test_a_protected_time_policy_protects_newcomers(build):
    model = build(implementers=())
    model.service.protected_champions = True
    imp = workforce.add_implementer(model, "teacher", 0.5, 0.6, 0.7, False, False, "joined")
    assert imp.protected_time


def test_implementers_get_streams_of_their_own(build):
    model = build("several_implementers")
    firsts = [imp.draws.uniform() for imp in model.roster]
    assert len(set(firsts)) == 3


@pytest.mark.parametrize("pathway", ["commissioned", "internal"])
def test_a_funded_pathway_brings_its_declared_trainees(build, pathway):
    model = build("mature_embedded")
    assert workforce.trainee_rate(model, pathway, 0.0) == model.p[f"trainees_{pathway}"]


def test_an_ad_hoc_pathway_without_advocacy_trains_at_its_floor(build):
    model = build()
    advocacy = 0.0
    p = model.p
    assert workforce.trainee_rate(model, "ad_hoc", advocacy) == pytest.approx(
        p["trainees_ad_hoc"] * p["ad_hoc_drive_floor"]
    )
    assert workforce.trainee_rate(model, "none", advocacy) == 0.0


def test_champions_advocacy_drives_unfunded_training(build):
    model = build()
    p = model.p
    advocacy = 1.0
    assert workforce.trainee_rate(model, "none", advocacy) == pytest.approx(p["trainees_none"] * p["advocacy_scale"])
    assert workforce.trainee_rate(model, "ad_hoc", advocacy) == pytest.approx(
        p["trainees_ad_hoc"] * p["advocacy_scale"]
    )


def test_leftover_money_buys_unfunded_places_up_to_a_commissioned_pathway(build):
    model = build()
    advocacy = 0.0
    model.service.one_off_funds = 1e6
    assert workforce.trainee_rate(model, "none", advocacy) == model.p["trainees_commissioned"]


def test_a_gold_standard_stance_trains_fewer(build):
    model = build("mature_embedded")
    p = model.p
    model.service.fidelity_stance = "gold_standard"
    assert workforce.trainee_rate(model, "internal", 0.0) == pytest.approx(
        p["trainees_internal"] * p["gold_standard_training_factor"]
    )


def test_national_commissioning_guarantees_its_share_of_places(build):
    model = build()
    advocacy = 0.0
    model.service.national_training = True
    p = model.p
    assert workforce.trainee_rate(model, "none", advocacy) == pytest.approx(
        p["national_training_share"] * p["trainees_commissioned"]
    )


def test_a_commissioned_pathway_with_no_money_falls_back_to_ad_hoc(build):
    model = build("mature_embedded")
    model.service.recurrent_funding = model.service.one_off_funds = 0.0
    assert workforce.trainee_rate(model, "commissioned", 0.0) == model.p["trainees_ad_hoc"]


def test_a_frozen_service_has_no_trainee_rate(build):
    model = build("mature_embedded")
    model.service.training_frozen = True
    assert workforce.trainee_rate(model, "internal", 0.0) == 0.0


def test_nobody_to_lead_training_cuts_it_to_the_unled_share(build):
    model = build("mature_embedded", implementers=())
    model.service.lead_role = False
    p = model.p
    assert workforce.trainee_rate(model, "internal", 0.0) == pytest.approx(
        p["trainees_internal"] * p["unled_training_factor"]
    )


def test_graduates_join_the_pool_in_their_graduation_month(build):
    model = build("mature_embedded", staff_turnover_annual=0.0)
    svc = model.service
    svc.training_frozen = True  # no new trainees
    svc.trainees = [5, 7]
    pool = svc.pool_teachers
    month = Month(4)
    workforce.train_teachers(model, month)
    assert (svc.pool_teachers, svc.trainees) == (pool, [5, 7])
    month = Month(5)
    workforce.train_teachers(model, month)
    assert (svc.pool_teachers, svc.trainees) == (pool + 1, [7])
    month = Month(6)
    workforce.train_teachers(model, month)
    assert svc.pool_teachers == pool + 1
    month = Month(7)
    workforce.train_teachers(model, month)
    assert (svc.pool_teachers, svc.trainees) == (pool + 2, [])


def test_a_frozen_service_trains_nobody(build):
    model = build("mature_embedded", trainees_internal=60.0)
    model.service.training_frozen = True
    for m in range(24):
        month = Month(m)
        workforce.train_teachers(model, month)
    assert model.service.trainees == []


def test_an_unfrozen_service_trains_and_pays_for_trainees_who_graduate_after_the_training_period(build):
    model = build("mature_embedded", trainees_internal=60.0)
    svc, p = model.service, model.p
    cost = svc.cost_total
    month = Month(3)
    workforce.train_teachers(model, month)
    n = len(svc.trainees)
    assert n > 0
    assert svc.trainees == [3 + int(p["training_months"])] * n
    price = p["training_cost"] * p["internal_cost_factor"]
    assert svc.cost_total == pytest.approx(cost + n * price)
    assert month.training_spend == pytest.approx(n * price)


def test_an_internal_pathway_below_critical_mass_trains_as_commissioned(build):
    model = build("mature_embedded", trainees_internal=0.0, trainees_commissioned=60.0)
    model.service.pool_teachers = 0
    assert model.teachers_total < model.p["critical_mass_teachers"]
    month = Month(0)
    workforce.train_teachers(model, month)
    assert len(model.service.trainees) > 0


def test_implementers_emerge_draws_three_uniforms_a_month_whether_or_not_anyone_steps_up(build):
    quiet, busy = build(), build()
    quiet.service.pool_teachers = 0
    busy.service.pool_teachers = 10
    busy.p["emergence_network_base"] = 1e6  # someone certainly steps up
    workforce.implementers_emerge(quiet, 0)
    workforce.implementers_emerge(busy, 0)
    assert len(quiet.roster) == 1 and len(busy.roster) == 2
    assert quiet.draws["emergence"]._i == busy.draws["emergence"]._i == 3
    assert quiet.draws["emergence"].uniform() == busy.draws["emergence"].uniform()


def test_an_emerged_implementer_comes_from_the_pool_with_drawn_skill_and_commitment(build):
    model, twin = build(), build()
    p = model.p
    model.service.pool_teachers = 4
    model.p["emergence_network_base"] = 1e6
    _, a, b = (twin.draws["emergence"].uniform() for _ in range(3))
    workforce.implementers_emerge(model, 2)
    imp = model.roster[-1]
    assert model.service.pool_teachers == 3
    assert imp.skill == pytest.approx(p["emerged_skill_low"] + p["emerged_skill_span"] * a)
    assert imp.commitment == pytest.approx(p["emerged_commitment_low"] + p["emerged_commitment_span"] * b)
    assert (imp.energy, imp.origin, imp.lead) == (p["newcomer_energy"], "emerged", False)
    assert model.log.events[-1].kind == "implementer_emerged"


def test_emerged_skill_and_commitment_stay_indices_when_low_end_and_span_are_both_high(build):
    """At the top of both declared ranges, low + span exceeds 1; the draw is capped at 1 (a mover can carry it)."""
    model = build()
    p = model.p
    for name in ("emerged_skill_low", "emerged_skill_span", "emerged_commitment_low", "emerged_commitment_span"):
        p[name] = PARAMETERS[name].high
    assert p["emerged_skill_low"] + p["emerged_skill_span"] > 1.0
    model.service.pool_teachers = 4
    p["emergence_network_base"] = 1e6
    model.draws["emergence"] = type("HighDraws", (), {"uniform": lambda self: 0.999})()  # every number is high
    workforce.implementers_emerge(model, 2)
    imp = model.roster[-1]
    assert imp.skill == 1.0 and imp.commitment == 1.0


def test_an_emerged_implementer_in_an_empty_service_takes_the_vacant_lead(build):
    model = build(implementers=())
    svc = model.service
    svc.pool_teachers, svc.lead_role, svc.lead_vacant_until = 2, True, 9
    model.p["emergence_network_base"] = 1e6
    workforce.implementers_emerge(model, 2)
    (imp,) = model.roster
    assert imp.lead and imp.protected_time
    assert svc.lead_vacant_until is None


def test_no_one_emerges_beyond_the_maximum_team(build):
    model = build("several_implementers")
    model.service.pool_teachers = 10
    model.p["max_implementers"] = 3
    model.p["emergence_network_base"] = 1e6
    workforce.implementers_emerge(model, 0)
    assert len(model.roster) == 3 and model.service.pool_teachers == 10
    assert model.draws["emergence"]._i == 3


def test_a_vacant_lead_post_is_filled_when_the_vacancy_period_ends(build):
    model = build(implementers=())
    svc, p = model.service, model.p
    svc.lead_role, svc.lead_vacant_until, svc.pool_teachers = True, 6, 1
    workforce.appoint_lead(model, 5)
    assert model.roster == [] and svc.lead_vacant_until == 6
    workforce.appoint_lead(model, 6)
    (imp,) = model.roster
    assert imp.lead and imp.protected_time and imp.origin == "appointed"
    assert p["appointed_skill_low"] <= imp.skill <= p["appointed_skill_high"]
    assert p["appointed_commitment_low"] <= imp.commitment <= p["appointed_commitment_high"]
    assert (svc.lead_vacant_until, svc.pool_teachers) == (None, 0)
    assert model.log.events[-1].kind == "lead_appointed"


def test_no_lead_is_appointed_without_a_lead_post(build):
    model = build(implementers=())
    model.service.lead_role, model.service.lead_vacant_until = False, 0
    workforce.appoint_lead(model, 12)
    assert model.roster == []


def test_people_come_and_go_lets_an_implementer_at_career_end_retire(build):
    model = build()
    model.roster[0].tenure = model.roster[0].career_months
    workforce.people_come_and_go(model, Month(0))
    assert model.departures[0][:2] == (0, "retirement")
    assert "champion_left" in [e.kind for e in model.log.events]


def test_an_appointment_does_not_shift_later_emergence_draws(build):
    quiet, appointing = build(), build()
    for model in (quiet, appointing):
        model.draws["emergence"].uniform()
    appointing.service.lead_role, appointing.service.lead_vacant_until = True, 0
    workforce.appoint_lead(appointing, 0)
    assert [quiet.draws["emergence"].uniform() for _ in range(300)] == [
        appointing.draws["emergence"].uniform() for _ in range(300)
    ]


def test_trainees_who_do_not_complete_never_join_the_teachers(build):
    model = build()
    svc = model.service
    model.p["trainee_completion_share"] = 0.0
    svc.trainees, before = [0, 0, 0], svc.pool_teachers
    model.p["staff_turnover_annual"] = 0.0
    model.monthly_rates["staff_turnover_annual"] = 0.0
    month = Month(0)
    workforce.train_teachers(model, month)
    assert svc.trainees == [] and svc.pool_teachers <= before


def test_teachers_with_no_course_to_teach_stop_teaching_faster(build):
    model = build("mature_embedded")
    svc = model.service
    svc.supervision = True
    busy = workforce.teacher_loss(model)
    assert svc.courses_last_12 >= model.teachers_total  # every teacher taught in the last year
    assert busy == pytest.approx(model.monthly_rates["staff_turnover_annual"])
    svc.courses_window.extend([0] * 12)
    svc.recount_courses()
    idle = workforce.teacher_loss(model)
    stay = (1 - model.monthly_rates["staff_turnover_annual"]) * (1 - model.monthly_rates["idle_teacher_lapse_annual"])
    assert idle == pytest.approx(1 - stay)


def test_the_gold_standard_factor_applies_to_an_unfunded_commissioned_pathway_too(build):
    model = build()
    svc, p = model.service, model.p
    svc.recurrent_funding, svc.grants, svc.one_off_funds, svc.national_training = 0.0, [], 0.0, False
    good_enough = workforce.trainee_rate(model, "commissioned", 0.0)
    svc.fidelity_stance = "gold_standard"
    assert workforce.trainee_rate(model, "commissioned", 0.0) == pytest.approx(
        good_enough * p["gold_standard_training_factor"]
    )


class Stream:
    """A stub random stream: gives the counts a test says, and remembers what it was asked."""

    def __init__(self, *counts):
        self.counts, self.asked = list(counts), []

    def poisson(self, mean):
        self.asked.append(("poisson", mean))
        return self.counts.pop(0)

    def binomial(self, n, chance):
        self.asked.append(("binomial", n, chance))
        return self.counts.pop(0)


def test_train_teachers_costs_new_trainees_and_lets_this_months_graduates_join_the_pool(small):
    rates = {"staff_turnover_annual": 0.01, "lapse_without_supervision": 0.05, "idle_teacher_lapse_annual": 0.02}
    stream = Stream(2, 1, 0)  # two new trainees; the one graduate completes; no teacher lost
    model = small(
        service={"training_pathway": "commissioned", "recurrent_funding": 30000.0, "pool_teachers": 2,
                 "trainees": [5, 9], "supervision": True, "lead_role": True},
        teachers_total=2, roster=[], draws={"teachers": stream}, monthly_rates=rates,
    )  # fmt: skip
    p, svc = model.p, model.service
    month = Month(5)
    workforce.train_teachers(model, month)
    # A funded, led pathway brings its declared trainees a year; two start, to graduate after the training period.
    assert stream.asked[0] == ("poisson", pytest.approx(p["trainees_commissioned"] / MONTHS_PER_YEAR))
    assert svc.trainees == [9, 5 + p["training_months"], 5 + p["training_months"]]
    assert month.training_spend == svc.cost_total == 2 * p["training_cost"]
    # This month's graduate completes with the declared share; supervised teachers with no courses lapse as idle.
    assert stream.asked[1] == ("binomial", 1, p["trainee_completion_share"])
    loss = 1.0 - (1.0 - 0.01) * (1.0 - 0.02 * 1.0)
    assert stream.asked[2] == ("binomial", 3, pytest.approx(loss))
    assert svc.pool_teachers == 3
