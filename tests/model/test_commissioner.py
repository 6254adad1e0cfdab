"""The commissioner's yearly review and its memory of closed lines (journeysim.model.commissioner)."""

import dataclasses

import pytest

import journeysim
from journeysim.model import funding
from journeysim.model.events import DOWN, UP, month_of
from journeysim.model.model import JourneyModel


@pytest.fixture
def commissioned(build):
    """A model whose commissioner judges without noise, and a way to set the score's inputs.

    ``delivered`` fixes the delivery record (its own tests below build it from the service's state).
    """

    def make(name="lone_champion", case=0.5, priority=0.5, budget=0.5, delivered=0.5):
        model = build(name)
        model.p["commissioner_noise"] = 0.0
        model.commissioner.delivery_record = lambda: delivered
        svc = model.service
        svc.guidance = svc.evidence = case  # the case: a weighted mean of the two
        model.senior_leader.priority = priority
        svc.budget_health = budget
        assert model.case == pytest.approx(case)
        return model

    return make


def score(model):
    return model.commissioner.score(model.case, model.senior_leader.priority, model.service.budget_health)


def test_the_score_is_the_declared_weighted_mean_of_case_priority_budget_and_delivery(commissioned):
    model = commissioned(case=0.4, priority=0.7, budget=0.2, delivered=0.9)
    p = model.p
    weights = [p[f"commissioner_weight_{k}"] for k in ("case", "senior", "budget", "delivery")]
    expected = sum(w * x for w, x in zip(weights, (0.4, 0.7, 0.2, 0.9), strict=True)) / sum(weights)
    assert score(model) == pytest.approx(expected)
    model.commissioner.requested = True
    assert score(model) == pytest.approx(expected + p["commissioner_request_bonus"])


def test_the_score_is_noisy_by_the_declared_amount(build):
    model = build()
    model.p["commissioner_noise"] = 0.1
    scores = [model.commissioner.score(0.5, 0.5, 0.5) for _ in range(2000)]
    assert len(set(scores)) == 2000
    mean = sum(scores) / len(scores)
    sd = (sum((s - mean) ** 2 for s in scores) / len(scores)) ** 0.5
    assert sd == pytest.approx(0.1, rel=0.1)


def test_reviews_come_once_a_year_in_the_financial_year_month(build):
    model = build()
    month = model.p["financial_year_month"] - 1
    assert [m for m in range(36) if model.commissioner.reviews_in(m)] == [month, month + 12, month + 24]


def test_a_passing_score_opens_a_funding_line(commissioned):
    model = commissioned(case=1.0, priority=1.0, budget=1.0)
    assert score(model) >= model.p["commissioning_threshold"]
    model.commissioner.review(15)
    svc = model.service
    assert svc.recurrent_funding == model.p["recurrent_funding_amount"]
    assert svc.funding_since == 15
    event = model.log.events[-1]
    assert (event.kind, event.direction, event.category, event.month) == ("funding_secured", UP, "pivot", 15)


def test_a_failing_score_in_a_healthy_budget_opens_nothing(commissioned):
    model = commissioned(case=0.0, priority=0.0, budget=0.9)
    assert model.service.budget_health >= model.p["diluted_offer_budget"]
    n = len(model.log)
    model.commissioner.review(3)
    assert model.service.recurrent_funding == 0.0
    assert len(model.log) == n


def near_miss(model):
    p = model.p
    s = score(model)
    return p["commissioning_threshold"] - p["diluted_offer_margin"] <= s < p["commissioning_threshold"]


def test_a_near_miss_in_a_tight_budget_brings_a_diluted_offer_a_good_enough_stance_accepts(commissioned):
    model = commissioned(case=0.5, priority=0.6, budget=0.3)
    p = model.p
    assert near_miss(model) and model.service.budget_health < p["diluted_offer_budget"]
    model.commissioner.review(3)
    assert model.service.recurrent_funding == p["diluted_funding_share"] * p["recurrent_funding_amount"]
    assert model.service.funding_since == 3
    assert model.log.events[-1].kind == "funding_secured"
    assert "lighter offer" in model.log.events[-1].causes[-1]


def test_a_gold_standard_stance_declines_a_diluted_offer(commissioned):
    model = commissioned(case=0.5, priority=0.6, budget=0.3)
    model.service.fidelity_stance = "gold_standard"
    assert near_miss(model)
    model.commissioner.review(3)
    assert model.service.recurrent_funding == 0.0
    event = model.log.events[-1]
    assert (event.kind, event.direction) == ("diluted_offer_declined", DOWN)


def test_no_diluted_offer_without_a_teacher(commissioned):
    model = commissioned(case=0.5, priority=0.6, budget=0.3)
    model.roster[0].role = "manager"
    model._teaching_implementers = 0
    assert model.teachers_total == 0 and near_miss(model)
    n = len(model.log)
    model.commissioner.review(3)
    assert model.service.recurrent_funding == 0.0 and len(model.log) == n


def test_a_funding_line_is_withdrawn_only_after_a_full_year(commissioned):
    model = commissioned("mature_embedded", case=0.0, priority=0.0, budget=0.0)
    svc, p = model.service, model.p
    svc.funding_since = 3
    assert score(model) < p["commissioning_threshold"] - p["decommission_margin"]
    model.commissioner.review(3 + 11)
    assert svc.recurrent_funding == 40000.0
    model.commissioner.review(3 + 12)
    assert svc.recurrent_funding == 0.0
    event = model.log.events[-1]
    assert (event.kind, event.direction) == ("funding_withdrawn", DOWN)


def test_a_funding_line_survives_a_score_just_below_the_threshold(commissioned):
    model = commissioned("mature_embedded", case=0.5, priority=0.5, budget=0.3)
    p = model.p
    assert p["commissioning_threshold"] - p["decommission_margin"] <= score(model) < p["commissioning_threshold"]
    model.commissioner.review(36)
    assert model.service.recurrent_funding == 40000.0


# --- the delivery record: courses run, a named lead, a waiting list -------------------------------


def test_a_lone_champion_with_no_courses_lead_or_waiting_list_has_no_delivery_record(build):
    model = build()
    svc = model.service
    assert (svc.courses_last_12, svc.lead_role, svc.waiting) == (0, False, 0)
    assert model.commissioner.delivery_record() == 0.0


def test_the_delivery_record_counts_courses_against_the_reference_a_lead_and_a_full_group_waiting(build):
    model = build()
    svc, p = model.service, model.p
    svc.courses_window[-1] = 1
    svc.recount_courses()
    assert model.commissioner.delivery_record() == pytest.approx(1 / p["commissioner_courses_reference"] / 3)
    svc.lead_role, svc.lead_vacant_until = True, None
    svc.waiting = p["course_size_max"] / 2
    expected = (1 / p["commissioner_courses_reference"] + 1.0 + 0.5) / 3
    assert model.commissioner.delivery_record() == pytest.approx(expected)
    svc.lead_vacant_until = 40  # the post falls vacant: no named lead
    assert model.commissioner.delivery_record() == pytest.approx(expected - 1 / 3)
    svc.courses_window[-1] = 99
    svc.recount_courses()
    svc.waiting = 1000
    assert model.commissioner.delivery_record() == pytest.approx(2 / 3)  # each part saturates at 1


def test_the_same_case_wins_a_line_for_a_service_that_delivers_and_not_for_one_that_does_not(commissioned):
    """The commissioner weighs delivery beside the case: a strong case alone may not be enough."""
    results = []
    for delivered in (0.0, 1.0):
        model = commissioned(case=0.6, priority=0.5, budget=0.5, delivered=delivered)
        model.commissioner.review(3)
        results.append(model.service.recurrent_funding)
    assert results == [0.0, model.p["recurrent_funding_amount"]]


def test_the_review_logs_the_delivery_record_among_its_reasons(commissioned):
    model = commissioned(case=1.0, priority=1.0, budget=1.0, delivered=0.25)
    model.commissioner.review(3)
    assert "delivery record 0.25" in model.log.events[-1].causes


# --- commissioning with memory --------------------------------------------------------------------


def cut_to_nothing(model, m=2):
    funding.cut_funding(model, m, 1.0, ["test"], "intervention", "funding_cut")


def set_case(model, case):
    model.service.guidance = model.service.evidence = case
    assert model.case == pytest.approx(case)


def test_a_line_cut_to_nothing_is_remembered_with_its_case(commissioned):
    model = commissioned("mature_embedded", case=0.6, priority=1.0, budget=1.0)
    cut_to_nothing(model)
    assert model.service.recurrent_funding == 0.0
    assert model.service.decommissioned_case == pytest.approx(0.6)
    assert "decommissioned" in model.log.events[-1].effect


def test_a_line_cut_below_the_floor_is_remembered_too(commissioned):
    model = commissioned("mature_embedded", case=0.6)
    p = model.p
    model.service.recurrent_funding = 1.5 * p["funding_floor_share"] * p["recurrent_funding_amount"]
    funding.cut_funding(model, 2, 0.5, ["test"], "shock", "budget_cut")
    assert model.service.recurrent_funding == 0.0 and model.service.decommissioned_case == pytest.approx(0.6)


def test_a_cut_of_a_service_without_a_line_decommissions_nothing(commissioned):
    model = commissioned(case=0.6)
    cut_to_nothing(model)
    assert model.service.decommissioned_case is None


def test_a_line_cut_to_nothing_stays_closed_with_the_same_case_and_reopens_on_a_new_one(commissioned):
    model = commissioned("mature_embedded", case=0.6, priority=1.0, budget=1.0)
    p, svc = model.p, model.service
    cut_to_nothing(model)
    budget = svc.budget_health = 1.0  # the cut's signal on the budget aside, the score clears the threshold
    assert score(model) >= p["commissioning_threshold"]
    model.commissioner.review(3)
    assert svc.recurrent_funding == 0.0
    event = model.log.events[-1]
    assert (event.kind, event.direction, event.category) == ("recommissioning_refused", DOWN, "pivot")
    assert "line decommissioned on a case of 0.60, no new case" in event.causes
    set_case(model, 0.6 + p["recommission_case_margin"] - 0.01)  # a little stronger is not a new case
    svc.budget_health = budget
    model.commissioner.review(15)
    assert svc.recurrent_funding == 0.0
    assert [e.kind for e in model.log.events].count("recommissioning_refused") == 1  # once per closure
    set_case(model, 0.6 + p["recommission_case_margin"])
    model.commissioner.review(27)
    assert svc.recurrent_funding == p["recurrent_funding_amount"] and svc.funding_since == 27
    assert svc.decommissioned_case is None
    assert model.log.events[-1].kind == "funding_secured"


def test_a_new_case_alone_does_not_reopen_a_line_the_score_would_not_fund(commissioned):
    model = commissioned("mature_embedded", case=0.3, priority=0.0, budget=0.9)
    cut_to_nothing(model)
    set_case(model, 0.3 + model.p["recommission_case_margin"])
    model.service.budget_health = 0.9
    assert score(model) < model.p["commissioning_threshold"]
    model.commissioner.review(3)
    assert model.service.recurrent_funding == 0.0


def test_a_line_withdrawn_at_review_is_remembered(commissioned):
    model = commissioned("mature_embedded", case=0.0, priority=0.0, budget=0.0, delivered=1.0)
    model.commissioner.review(12)
    assert model.service.recurrent_funding == 0.0 and model.service.decommissioned_case == 0.0
    model.senior_leader.priority = model.service.budget_health = 1.0
    assert score(model) >= model.p["commissioning_threshold"]
    model.commissioner.review(24)
    assert model.service.recurrent_funding == 0.0
    assert model.log.events[-1].kind == "recommissioning_refused"


def test_memory_blocks_a_diluted_offer_too(commissioned):
    model = commissioned(case=0.5, priority=0.6, budget=0.3)
    assert near_miss(model)
    model.service.decommissioned_case = 0.5
    model.commissioner.review(3)
    assert model.service.recurrent_funding == 0.0
    assert model.log.events[-1].kind == "recommissioning_refused"


def test_forgetting_a_decommissioning_lets_new_commissioners_fund_the_same_case(commissioned):
    model = commissioned("mature_embedded", case=0.6, priority=1.0, budget=1.0)
    cut_to_nothing(model)
    model.service.budget_health = 1.0
    funding.forget_decommissioning(model)
    assert model.service.decommissioned_case is None
    model.commissioner.review(3)
    assert model.service.recurrent_funding == model.p["recurrent_funding_amount"]


def test_a_large_negative_margin_switches_memory_off(commissioned):
    model = commissioned("mature_embedded", case=0.6, priority=1.0, budget=1.0)
    model.p["recommission_case_margin"] = -10.0
    cut_to_nothing(model)
    model.service.budget_health = 1.0
    model.commissioner.review(3)
    assert model.service.recurrent_funding == model.p["recurrent_funding_amount"]


CUT_LINE = """
name = "mature_cut"
description = "A mature service whose recurrent funding line is cut to nothing in June 2014."
extends = "mature_embedded"

[[interventions]]
at = "2014-06"
kind = "funding_cut"
fraction = 1.0
"""


def test_a_scheduled_cut_to_nothing_keeps_the_line_closed_at_the_next_review_in_most_worlds(tmp_path):
    path = tmp_path / "mature_cut.toml"
    path.write_text(CUT_LINE, encoding="utf-8")
    scenario = journeysim.load_scenario(str(path))
    review = month_of(scenario.parameters["start_year"], 2015, scenario.parameters["financial_year_month"])
    forgetful = dataclasses.replace(scenario, parameters={**scenario.parameters, "recommission_case_margin": -10.0})

    def closed_share(s):
        closed = 0
        for seed in range(20):
            model = JourneyModel(s, seed)
            model.run(review + 1)  # through the April 2015 review
            closed += model.service.recurrent_funding == 0.0
        return closed / 20

    with_memory, without = closed_share(scenario), closed_share(forgetful)
    assert with_memory >= 0.8
    assert with_memory - without >= 0.5  # without memory the line mostly comes back at once
