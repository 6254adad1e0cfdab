"""Teaching time and courses (journeysim.model.delivery)."""

from types import SimpleNamespace

import pytest

from journeysim.model import delivery
from journeysim.model.record import Month
from journeysim.model.streams import MONTHS_PER_YEAR


def full_rate(model):
    return model.teachers_total * model.p["courses_per_teacher_year"] / MONTHS_PER_YEAR


def test_no_teachers_deliver_no_courses(build):
    model = build(implementers=())
    assert model.teachers_total == 0
    assert delivery.delivery_rate(model, 1.0) == 0.0


def test_coordinated_teachers_with_protected_time_deliver_the_declared_courses(build):
    model = build("mature_embedded")
    assert model.teachers_total == 6
    assert delivery.delivery_rate(model, 1.0) == pytest.approx(full_rate(model))


def test_unprotected_teaching_runs_on_goodwill(build):
    model = build("mature_embedded")
    p = model.p
    assert delivery.delivery_rate(model, 0.0) == pytest.approx(full_rate(model) * p["goodwill_delivery_factor"])
    half = 0.5 + 0.5 * p["goodwill_delivery_factor"]
    assert delivery.delivery_rate(model, 0.5) == pytest.approx(full_rate(model) * half)


def test_a_training_freeze_scales_delivery_by_the_frozen_factor(build):
    model = build("mature_embedded")
    model.service.training_frozen = True
    assert delivery.delivery_rate(model, 1.0) == pytest.approx(full_rate(model) * model.p["frozen_delivery_factor"])


def test_protected_share_is_money_over_the_cost_of_teaching(build):
    model = build("mature_embedded")
    svc, p = model.service, model.p
    model.middle_manager.alignment = 0.0
    svc.recurrent_funding, svc.one_off_funds = 3000.0, 0.0
    demand = model.teachers_total * p["courses_per_teacher_year"] * p["course_cost"] / MONTHS_PER_YEAR
    assert delivery.protected_share(model) == pytest.approx(3000.0 / MONTHS_PER_YEAR / demand)


def test_one_off_money_protects_at_most_a_years_line_spread_over_the_months(build):
    model = build("mature_embedded")
    svc, p = model.service, model.p
    model.middle_manager.alignment = 0.0
    svc.recurrent_funding, svc.one_off_funds = 0.0, 1e9
    demand = model.teachers_total * p["courses_per_teacher_year"] * p["course_cost"] / MONTHS_PER_YEAR
    expected = min(1.0, p["recurrent_funding_amount"] / MONTHS_PER_YEAR / demand)
    assert delivery.protected_share(model) == pytest.approx(expected)


def test_a_protecting_manager_adds_the_declared_share_up_to_all(build):
    model = build()
    svc, p = model.service, model.p
    svc.recurrent_funding = svc.one_off_funds = 0.0
    model.middle_manager.alignment = p["protect_alignment"]
    assert delivery.protected_share(model) == p["manager_protected_share"]
    svc.recurrent_funding = 1e6
    assert delivery.protected_share(model) == 1.0


def test_no_money_and_no_protecting_manager_protect_nothing(build):
    model = build()
    model.middle_manager.alignment = model.p["protect_alignment"] - 0.01
    assert delivery.protected_share(model) == 0.0


def test_deliver_courses_starts_whole_courses_and_carries_the_rest(build):
    model = build("mature_embedded")
    svc, p = model.service, model.p
    svc.course_progress = 0.5
    rate = delivery.delivery_rate(model, 1.0)
    evidence, total = svc.evidence, svc.courses_total
    month = Month(model.steps - 1, protected=1.0)
    delivery.deliver_courses(model, month)
    n = int(0.5 + rate)
    assert month.courses == n == 1
    assert svc.course_progress == pytest.approx(0.5 + rate - n)
    assert svc.courses_total == total + n
    assert svc.courses_window[-1] == n
    assert svc.evidence == pytest.approx(evidence + n * p["evidence_per_course"])
    assert p["course_size_min"] <= month.participants <= p["course_size_max"]


def test_seed_course_history_spreads_a_years_courses_over_the_window(build):
    model = build("mature_embedded")
    svc = model.service
    svc.courses_window.extend([0] * MONTHS_PER_YEAR)
    model.p["courses_per_teacher_year"] = 0.5  # six teachers, fully protected: three courses a year
    delivery.seed_course_history(model)
    assert list(svc.courses_window) == [1, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0]
    assert svc.courses_last_12 == 3


def test_a_service_delivering_over_a_course_a_month_has_a_course_in_every_month_of_its_history(build):
    model = build("mature_embedded")
    svc = model.service
    svc.courses_window.extend([0] * MONTHS_PER_YEAR)
    model.p["courses_per_teacher_year"] = 4.0  # six teachers, fully protected: two courses a month
    assert delivery.delivery_rate(model, delivery.protected_share(model)) == pytest.approx(2.0)
    delivery.seed_course_history(model)
    assert min(svc.courses_window) >= 1


def test_teachers_without_coordination_deliver_the_orphan_share(build):
    model = build("mature_embedded", implementers=())
    model.service.lead_role, model.service.supervision = False, False
    assert model.teachers_total == 5
    assert delivery.delivery_rate(model, 1.0) == pytest.approx(full_rate(model) * model.p["orphan_delivery_factor"])


def test_a_supervised_team_with_a_critical_mass_runs_itself(build):
    model = build("mature_embedded", implementers=())
    model.service.lead_role, model.service.supervision = False, True
    assert model.teachers_total >= model.p["critical_mass_teachers"]
    assert delivery.delivery_rate(model, 1.0) == pytest.approx(full_rate(model))
    model.service.pool_teachers = int(model.p["critical_mass_teachers"]) - 1
    assert not delivery.coordinated(model)


def test_a_vacant_lead_post_does_not_coordinate_but_a_filled_one_does(build):
    model = build("mature_embedded", implementers=())
    model.service.supervision = False
    assert model.service.lead_role
    assert delivery.delivery_rate(model, 1.0) == pytest.approx(full_rate(model))
    model.service.lead_vacant_until = 6
    assert delivery.delivery_rate(model, 1.0) == pytest.approx(full_rate(model) * model.p["orphan_delivery_factor"])


def test_eligible_adults_and_referrals_follow_the_pathway_and_fit(build):
    model = build("mature_embedded")
    svc, p = model.service, model.p
    eligible, with_pathway = delivery.referrals(model)
    assert eligible == pytest.approx(p["catchment_adults"] * p["relapse_risk_share_annual"] / MONTHS_PER_YEAR)
    fit_factor = p["referral_fit_floor"] + (1 - p["referral_fit_floor"]) * svc.fit
    assert with_pathway == pytest.approx(eligible * p["referral_share_pathway"] * fit_factor)
    svc.referral_pathway = False
    assert delivery.referrals(model)[1] == pytest.approx(eligible * p["referral_share_no_pathway"] * fit_factor)
    svc.fit = 0.0
    assert delivery.referrals(model)[1] == pytest.approx(
        eligible * p["referral_share_no_pathway"] * p["referral_fit_floor"]
    )


def test_nobody_is_referred_to_a_service_without_teachers(build):
    model = build(implementers=())
    assert model.teachers_total == 0
    assert delivery.referrals(model)[1] == 0.0


def test_service_type_and_online_groups_change_who_is_referred_and_can_attend(build):
    model = build("mature_embedded")
    svc, p = model.service, model.p
    base = delivery.referrals(model)[1]
    svc.service_type = "primary_care"
    assert delivery.referrals(model)[1] == pytest.approx(base * p["primary_care_referral_factor"])
    svc.service_type = "island_board"
    assert delivery.referrals(model)[1] == pytest.approx(base * p["remote_uptake_factor"])
    svc.online_groups = True
    assert delivery.referrals(model)[1] == pytest.approx(base * p["online_uptake_factor"])


def test_a_due_course_runs_when_enough_people_wait_and_fills_from_the_list(build):
    model = build("mature_embedded")
    svc, p = model.service, model.p
    p["course_size_min"] = p["course_size_max"] = 10
    p["catchment_adults"] = svc.catchment_adults = 0.0  # no new referrals this month
    svc.course_progress, svc.course_due, svc.waiting = 1.0, 1.0, 7.0
    before = svc.evidence
    month = Month(model.steps - 1, protected=0.0)
    delivery.deliver_courses(model, month)
    assert month.courses == 1 and month.participants == 7 and month.places == 10
    assert svc.waiting == 0.0
    assert svc.evidence == pytest.approx(min(1.0, before + p["evidence_per_course"] * 0.7))


def test_a_due_course_is_held_for_referrals_then_cancelled(build):
    model = build("mature_embedded")
    svc, p = model.service, model.p
    p["catchment_adults"] = svc.catchment_adults = 0.0
    p["courses_per_teacher_year"] = 0.0
    svc.course_progress, svc.course_due, svc.waiting = 1.0, 1.0, 0.0
    alignment = model.middle_manager.alignment
    energy = [i.energy for i in model.roster]
    for _ in range(int(p["course_hold_months"])):
        month = Month(model.steps - 1, protected=0.0)
        delivery.deliver_courses(model, month)
        assert month.courses == 0 and month.cancelled == 0
    month = Month(model.steps - 1, protected=0.0)
    delivery.deliver_courses(model, month)
    assert month.cancelled == 1 and svc.course_progress == 0.0
    assert model.middle_manager.alignment == pytest.approx(max(0.0, alignment - p["cancelled_course_alignment_loss"]))
    assert [i.energy for i in model.roster] == pytest.approx(
        [max(0.0, e - p["cancelled_course_energy_loss"]) for e in energy]
    )
    assert "course_cancelled" in [e.kind for e in model.log.events]


def test_no_course_starts_while_groups_are_suspended(build):
    model = build("mature_embedded")
    svc = model.service
    svc.course_progress, svc.course_due, svc.waiting = 3.0, 1.0, 100.0
    svc.delivery_suspended_until = model.steps + 5
    month = Month(model.steps - 1, protected=1.0)
    delivery.deliver_courses(model, month)
    assert month.courses == 0 and svc.course_progress == svc.course_due


def test_the_gap_between_courses_varies_within_the_declared_jitter(build):
    model = build("mature_embedded")
    j = model.p["course_timing_jitter"]
    dues = [delivery.next_course_due(model) for _ in range(200)]
    assert min(dues) >= 1 - j and max(dues) <= 1 + j and max(dues) - min(dues) > j  # spread, not clockwork
    model.p["course_timing_jitter"] = 0.0
    assert delivery.next_course_due(model) == 1.0


def test_a_national_programme_organises_its_teachers_supervised_teaching(build):
    model = build("mature_embedded", implementers=())
    svc = model.service
    svc.lead_role, svc.supervision, svc.pool_teachers = False, False, 1
    assert not delivery.coordinated(model)
    svc.supervision = svc.programme_supervision = True
    assert delivery.coordinated(model)


# --- cover for an absent teacher (a critical mass keeps a rota) -------------------------------------


class Fixed:
    def __init__(self, u):
        self.u = u

    def uniform(self):
        return self.u


def fixed_cover_draw(model, monkeypatch, u):
    monkeypatch.setitem(model.draws, "cover", Fixed(u))


def test_below_the_critical_mass_an_absent_teacher_loses_the_course(build, monkeypatch):
    model = build(teacher_absence_share=0.1)
    assert model.teachers_total < model.p["critical_mass_teachers"]
    fixed_cover_draw(model, monkeypatch, 0.099)
    assert delivery.uncovered(model)
    fixed_cover_draw(model, monkeypatch, 0.1)
    assert not delivery.uncovered(model)


def test_at_the_critical_mass_the_rota_covers_unless_every_teacher_is_away(build, monkeypatch):
    model = build(teacher_absence_share=0.1)
    model.service.pool_teachers = int(model.p["critical_mass_teachers"]) - 1
    k = model.teachers_total
    assert k == model.p["critical_mass_teachers"]
    fixed_cover_draw(model, monkeypatch, 0.099)
    assert not delivery.uncovered(model)
    fixed_cover_draw(model, monkeypatch, 0.1**k * 0.99)
    assert delivery.uncovered(model)


def test_an_uncovered_course_is_lost_and_its_people_keep_waiting(build):
    model = build(teacher_absence_share=1.0, staff_course_share=0.0)
    svc = model.service
    svc.waiting = 50.0
    svc.course_progress = svc.course_due
    month = Month(model.steps - 1, protected=1.0)
    delivery.deliver_courses(model, month)
    assert month.courses == 0 and month.cancelled >= 1
    assert svc.waiting >= 50.0 - 50.0 * model.monthly_rates["waiting_dropout_annual"] * 3
    assert "course_uncovered" in [e.kind for e in model.log.events]
    assert svc.course_progress < svc.course_due


def test_with_no_absences_a_due_course_runs(build):
    model = build(teacher_absence_share=0.0, staff_course_share=0.0)
    svc = model.service
    svc.waiting = 50.0
    svc.course_progress = svc.course_due
    month = Month(model.steps - 1, protected=1.0)
    delivery.deliver_courses(model, month)
    assert month.courses == 1 and month.cancelled == 0


@pytest.mark.parametrize(
    ("teachers", "recurrent", "grant", "protects", "share"),
    [
        (3, 7200.0, 0.0, False, 0.5),  # the line pays 600 a month of the 1,200 that three teachers' courses cost
        (3, 7200.0, 100.0, False, 700.0 / 1200.0),  # a grant adds what is left of it, up to a month of the line
        (3, 7200.0, 0.0, True, 0.8),  # a manager who protects time shields the declared share more
        (3, 24000.0, 0.0, True, 1.0),  # never more than all of it
        (0, 2400.0, 0.0, False, 0.5),  # with nobody teaching yet, measured against one teacher's courses
    ],
)
def test_protected_share_is_money_over_the_cost_of_teaching_plus_the_managers_share_capped_at_one(
    small, teachers, recurrent, grant, protects, share
):
    manager = SimpleNamespace(protects=lambda: protects)
    model = small(
        service={"recurrent_funding": recurrent, "one_off_funds": grant},
        teachers_total=teachers,
        middle_manager=manager,
    )
    model.p.update(courses_per_teacher_year=4.0, course_cost=1200.0, recurrent_funding_amount=12000.0)
    model.p["manager_protected_share"] = 0.3
    month = Month(0)
    delivery.protect_time(model, month)
    assert month.protected == pytest.approx(share)
