"""Managers' response, training freezes, top-down investment and new leaders (journeysim.model.leadership)."""

import pytest

from journeysim.model import leadership
from journeysim.model.events import DOWN, UP
from journeysim.model.record import Month
from journeysim.model.streams import draw_view


def invested(model, calls):
    for _ in range(calls):
        leadership.top_down_decisions(model, Month(10))
    return [e.kind for e in model.log.events[1:]]


def test_managers_respond_updates_both_leaders_from_the_service(build):
    model, twin = build(), build()
    svc = model.service
    leadership.managers_respond(model, Month(0, advocacy=0.4))
    mm, sl = twin.middle_manager, twin.senior_leader
    mm.update(twin.case, svc.fit, 0.4, 0.0, svc.pressure, sl.priority, svc.governance)
    sl.update(twin.case, mm.alignment, svc.networks, 0.0, svc.pressure, svc.budget_health, svc.governance)
    assert model.middle_manager.alignment == twin.middle_manager.alignment
    assert model.senior_leader.priority == twin.senior_leader.priority


def test_an_unaligned_manager_under_pressure_freezes_training_then_lifts_it(build):
    model = build()
    svc = model.service
    svc.pressure = svc.pressure_baseline = 0.95
    leadership.managers_respond(model, Month(0))
    assert svc.training_frozen
    event = model.log.events[-1]
    assert (event.kind, event.direction, event.category) == ("training_frozen", DOWN, "pivot")
    leadership.managers_respond(model, Month(0))
    assert [e.kind for e in model.log.events].count("training_frozen") == 1
    svc.pressure = 0.1
    model.middle_manager.alignment = 0.9
    leadership.managers_respond(model, Month(0))
    assert not svc.training_frozen
    assert (model.log.events[-1].kind, model.log.events[-1].direction) == ("training_unfrozen", UP)


def test_no_freeze_in_a_calm_service(build):
    model = build()
    n = len(model.log)
    leadership.managers_respond(model, Month(0))
    assert not model.service.training_frozen and len(model.log) == n


def test_an_investing_leader_builds_one_step_a_call_lead_then_governance_then_pathway(build):
    model = build()
    svc = model.service
    model.senior_leader.priority = 1.0
    assert invested(model, 1) == ["lead_role_created"]
    assert svc.lead_role and not svc.governance and svc.training_pathway == "none"
    assert model.roster[0].protected_time and svc.lead_vacant_until is None
    assert invested(model, 1)[-1] == "governance_established"
    assert svc.governance and svc.training_pathway == "none"
    assert invested(model, 1)[-1] == "training_pathway_established"
    assert svc.training_pathway == "commissioned" and svc.supervision


def test_an_investing_leader_writes_a_running_service_into_the_care_pathways_after_governance(build):
    model = build()
    svc = model.service
    svc.add_courses(1)
    svc.fit = model.p["referral_lost_fit"]  # just good enough for referrals to keep coming
    model.middle_manager.alignment = model.p["referral_lost_alignment"]
    assert svc.courses_last_12 >= 1 and not svc.referral_pathway
    model.senior_leader.priority = 1.0
    assert invested(model, 3)[-1] == "referral_pathway_established"
    assert svc.referral_pathway and svc.governance
    assert invested(model, 1)[-1] == "training_pathway_established"


def test_a_leader_cannot_mandate_referrals_to_groups_that_do_not_fit_and_moves_on(build):
    # Below the fit at which referrals dry up, writing MBCT into the pathway would be undone the same month by
    # the bottom-up rule, every month; the leader commissions training instead.
    model = build()
    svc = model.service
    svc.add_courses(1)
    svc.fit = model.p["referral_lost_fit"] - 0.01
    model.senior_leader.priority = 1.0
    kinds = invested(model, 3)
    assert "referral_pathway_established" not in kinds and not svc.referral_pathway
    assert kinds[-1] == "training_pathway_established" and svc.training_pathway == "commissioned"


def test_an_investing_leader_then_asks_the_commissioner_for_funding(build):
    model = build()
    model.senior_leader.priority = 1.0
    kinds = invested(model, 3)
    assert not model.commissioner.requested
    assert invested(model, 1) == kinds  # a request is not logged
    assert model.commissioner.requested


def test_a_lead_post_created_without_implementers_falls_vacant(build):
    model = build(implementers=())
    model.senior_leader.priority = 1.0
    leadership.top_down_decisions(model, Month(4))
    assert model.service.lead_vacant_until == 4 + model.p["lead_vacancy_months"]


def test_with_enough_teachers_and_priority_an_internal_apprenticeship_follows(build):
    model = build("mature_embedded")
    svc, p = model.service, model.p
    svc.training_pathway = "commissioned"
    svc.pool_teachers = int(p["critical_mass_teachers"] + p["internal_training_extra_teachers"])
    model.senior_leader.priority = p["senior_priority_threshold"] + p["internal_training_priority_margin"]
    leadership.top_down_decisions(model, Month(0))
    assert svc.training_pathway == "internal"
    assert model.log.events[-1].kind == "internal_training_established"


def test_too_few_teachers_for_an_apprenticeship_leads_to_a_funding_request_instead(build):
    model = build("mature_embedded")
    svc, p = model.service, model.p
    svc.training_pathway = "commissioned"
    svc.pool_teachers = int(p["critical_mass_teachers"] + p["internal_training_extra_teachers"]) - 2
    model.senior_leader.priority = 1.0
    leadership.top_down_decisions(model, Month(0))
    assert svc.training_pathway == "commissioned" and model.commissioner.requested


def test_a_disengaged_leader_in_a_poor_service_withdraws_a_funded_pathway(build):
    model = build("mature_embedded")
    svc = model.service
    model.senior_leader.priority = 0.0
    svc.budget_health = 0.1
    model.commissioner.requested = True
    leadership.top_down_decisions(model, Month(5))
    assert svc.training_pathway == "ad_hoc"
    assert not model.commissioner.requested
    assert svc.governance  # one step at a time
    event = model.log.events[-1]
    assert (event.kind, event.direction) == ("investment_withdrawn", DOWN)


def test_a_nationally_commissioned_pathway_is_not_withdrawn_but_unfunded_governance_is(build):
    model = build("mature_embedded")
    svc = model.service
    model.senior_leader.priority, svc.budget_health = 0.0, 0.1
    svc.national_training = True
    svc.recurrent_funding = 0.0
    leadership.top_down_decisions(model, Month(5))
    assert svc.training_pathway == "internal"
    assert not svc.governance
    assert model.log.events[-1].kind == "governance_dissolved"


def test_funded_governance_is_not_dissolved(build):
    model = build("mature_embedded")
    svc = model.service
    model.senior_leader.priority, svc.budget_health = 0.0, 0.1
    svc.training_pathway = "ad_hoc"
    n = len(model.log)
    leadership.top_down_decisions(model, Month(5))
    assert svc.governance and len(model.log) == n


def test_a_leader_neither_investing_nor_withdrawing_does_nothing(build):
    model = build("mature_embedded")
    p = model.p
    model.senior_leader.priority = p["senior_priority_threshold"] - p["withdraw_priority_margin"] / 2
    model.service.budget_health = 0.0
    n = len(model.log)
    leadership.top_down_decisions(model, Month(5))
    assert len(model.log) == n and model.service.training_pathway == "internal"


def test_a_new_middle_manager_brings_their_own_view_and_a_first_impression_of_the_case(build):
    model, twin = build(), build()
    p = model.p
    old = model.middle_manager
    view = draw_view(twin.streams["views"], p["middle_view_mean"], p["view_concentration"])
    leadership.new_middle_manager(model, 2, "test")
    mm = model.middle_manager
    assert mm is not old and mm.view == view
    expected = p["new_manager_view_weight"] * view + p["new_manager_case_weight"] * min(
        p["new_manager_case_cap"], model.case
    )
    assert mm.alignment == pytest.approx(expected)
    assert model.log.events[-1].kind == "new_middle_manager"
    assert old not in model.agents and mm in model.agents


def test_a_new_manager_caps_the_case_they_hear(build):
    model = build()
    p = model.p
    model.service.guidance = model.service.evidence = 1.0
    leadership.new_middle_manager(model, 2, "test")
    mm = model.middle_manager
    assert mm.alignment == pytest.approx(
        p["new_manager_view_weight"] * mm.view + p["new_manager_case_weight"] * p["new_manager_case_cap"]
    )


def test_a_new_senior_leader_discounts_the_case_they_inherit(build):
    model = build()
    p = model.p
    old = model.senior_leader
    leadership.new_senior_leader(model, 2, 0.8, ["test"], "intervention")
    expected = (
        p["new_senior_view_weight"] * 0.8 + p["new_senior_case_weight"] * model.case * p["new_senior_case_discount"]
    )
    assert model.senior_leader.priority == pytest.approx(expected)
    assert old not in model.agents
    event = model.log.events[-1]
    assert (event.kind, event.direction, event.category) == ("new_senior_leader", UP, "intervention")


def test_a_new_senior_leader_after_a_shock_is_a_leadership_change(build):
    model = build("mature_embedded")
    leadership.new_senior_leader(model, 2, 0.0, ["test"], "shock")
    event = model.log.events[-1]
    assert (event.kind, event.direction, event.category) == ("leadership_change", DOWN, "shock")


def test_new_leaders_never_start_above_full_priority_or_alignment(build):
    # Weights drawn at the top of their ranges can sum past 1 (found by the property-based invariants).
    model = build(
        "several_implementers",
        new_senior_view_weight=0.8,
        new_senior_case_weight=0.6,
        new_senior_case_discount=1.0,
        new_manager_view_weight=0.7,
        new_manager_case_weight=0.7,
        new_manager_case_cap=0.8,
    )
    model.service.evidence = model.service.guidance = 1.0
    leadership.new_senior_leader(model, 0, 1.0, ["test"], "intervention")
    assert model.senior_leader.priority == 1.0
    model.p["middle_view_mean"] = 0.9
    for _ in range(20):
        leadership.new_middle_manager(model, 0, "test")
        assert 0.0 <= model.middle_manager.alignment <= 1.0
