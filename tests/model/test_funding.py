"""Money: training places it buys, spending, and cuts (journeysim.model.funding)."""

import pytest

from journeysim.model import funding
from journeysim.model.events import DOWN
from journeysim.model.streams import MONTHS_PER_YEAR


def test_cut_funding_halves_both_kinds_of_money_and_signals_tighter_budgets(build):
    model = build()
    svc, p = model.service, model.p
    svc.recurrent_funding, svc.one_off_funds = 30000.0, 10000.0
    budget, pressure = svc.budget_health, svc.pressure
    funding.cut_funding(model, 4, 0.5, ["test"], "intervention", "funding_cut")
    assert svc.recurrent_funding == 15000.0
    assert svc.one_off_funds == 5000.0
    assert svc.budget_health == pytest.approx(budget - p["cut_budget_signal"] * 0.5)
    assert svc.pressure == pytest.approx(pressure + p["cut_pressure_signal"] * 0.5)
    event = model.log.events[-1]
    assert (event.month, event.kind, event.direction, event.category) == (4, "funding_cut", DOWN, "intervention")
    assert "£30,000 -> £15,000" in event.effect


def test_cut_funding_closes_a_line_cut_below_the_floor(build):
    model = build()
    p = model.p
    full = p["recurrent_funding_amount"]
    model.service.recurrent_funding = full * p["funding_floor_share"] * 1.5
    funding.cut_funding(model, 0, 0.5, ["test"], "shock", "budget_cut")
    assert model.service.recurrent_funding == 0.0
    assert model.log.events[-1].kind == "budget_cut"


def test_cut_funding_keeps_a_line_at_the_floor(build):
    model = build()
    p = model.p
    floor = p["funding_floor_share"] * p["recurrent_funding_amount"]
    model.service.recurrent_funding = 2 * floor
    funding.cut_funding(model, 0, 0.5, ["test"], "shock", "budget_cut")
    assert model.service.recurrent_funding == floor


def test_cut_funding_keeps_budget_health_and_pressure_within_bounds(build):
    model = build()
    model.service.budget_health, model.service.pressure = 0.01, 0.99
    funding.cut_funding(model, 0, 1.0, ["test"], "shock", "budget_cut")
    assert (model.service.budget_health, model.service.pressure) == (0.0, 1.0)


def test_no_money_buys_no_training_places(build):
    model = build("mature_embedded")
    model.service.recurrent_funding = model.service.one_off_funds = 0.0
    assert funding.funded_places(model) == 0.0


def test_funded_places_are_what_is_left_after_delivery_and_supervision(build):
    model = build("mature_embedded")
    svc, p = model.service, model.p
    svc.recurrent_funding, svc.one_off_funds = 40000.0, 0.0
    teachers = model.teachers_total
    need = teachers * p["courses_per_teacher_year"] * p["course_cost"] + teachers * p["supervision_cost"]
    assert svc.supervision
    assert funding.funded_places(model) == pytest.approx((40000.0 - need) / p["training_cost"])
    svc.supervision = False
    assert funding.funded_places(model) == pytest.approx(
        (40000.0 - need + teachers * p["supervision_cost"]) / p["training_cost"]
    )


def test_funded_places_count_one_off_money_only_up_to_a_years_line(build):
    model = build("mature_embedded")
    svc = model.service
    svc.recurrent_funding, svc.one_off_funds = 0.0, model.p["recurrent_funding_amount"]
    capped = funding.funded_places(model)
    svc.one_off_funds *= 10
    assert funding.funded_places(model) == capped > 0.0


def test_funded_places_are_never_negative(build):
    model = build("mature_embedded")
    model.service.recurrent_funding, model.service.one_off_funds = 100.0, 0.0
    assert funding.funded_places(model) == 0.0


def test_spend_money_draws_one_off_money_for_what_the_line_does_not_cover(build):
    model = build("mature_embedded")
    svc, p = model.service, model.p
    svc.recurrent_funding, svc.one_off_funds = 0.0, 10000.0
    model.courses_now, model.training_spend = 1, p["training_cost"]
    cost = svc.cost_total
    supervision = model.teachers_total * p["supervision_cost"] / MONTHS_PER_YEAR
    funding.spend_money(model)
    assert svc.one_off_funds == pytest.approx(10000.0 - p["course_cost"] - supervision - p["training_cost"])
    assert svc.cost_total == pytest.approx(cost + supervision)
    assert model.training_spend == 0.0


def test_spend_money_leaves_one_off_money_when_the_line_covers_spending(build):
    model = build("mature_embedded")
    svc = model.service
    svc.recurrent_funding, svc.one_off_funds = 120000.0, 10000.0
    model.courses_now = 1
    funding.spend_money(model)
    assert svc.one_off_funds == 10000.0


def test_spend_money_never_overdraws_one_off_money(build):
    model = build("mature_embedded")
    model.service.recurrent_funding, model.service.one_off_funds = 0.0, 100.0
    model.courses_now = 3
    funding.spend_money(model)
    assert model.service.one_off_funds == 0.0


def test_unsupervised_teachers_cost_no_supervision(build):
    model = build("mature_embedded")
    model.service.supervision = False
    cost = model.service.cost_total
    funding.spend_money(model)
    assert model.service.cost_total == cost
