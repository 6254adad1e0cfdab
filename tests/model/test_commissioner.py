"""The commissioner's yearly review (journeysim.model.commissioner)."""

import pytest

from journeysim.model.events import DOWN, UP


@pytest.fixture
def commissioned(build):
    """A model whose commissioner judges without noise, and a way to set the score's inputs."""

    def make(name="lone_champion", case=0.5, priority=0.5, budget=0.5):
        model = build(name)
        model.p["commissioner_noise"] = 0.0
        svc = model.service
        svc.guidance = svc.evidence = case  # the case: a weighted mean of the two
        model.senior_leader.priority = priority
        svc.budget_health = budget
        assert model.case == pytest.approx(case)
        return model

    return make


def score(model):
    return model.commissioner.score(model.case, model.senior_leader.priority, model.service.budget_health)


def test_the_score_weighs_case_priority_and_budget_as_declared(commissioned):
    model = commissioned(case=0.4, priority=0.7, budget=0.2)
    p = model.p
    expected = (
        p["commissioner_weight_case"] * 0.4
        + p["commissioner_weight_senior"] * 0.7
        + p["commissioner_weight_budget"] * 0.2
    )
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
