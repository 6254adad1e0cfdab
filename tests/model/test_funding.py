"""Money: training places it buys, spending, cuts, and time-limited grants (journeysim.model.funding)."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from journeysim.model import champions, funding
from journeysim.model.events import DOWN, NEUTRAL
from journeysim.model.record import Month
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


def test_a_cut_of_nothing_tightens_budgets_but_is_a_neutral_event_not_a_fall_in_funding(build):
    model = build()
    svc, p = model.service, model.p
    assert svc.recurrent_funding == 0.0 and svc.one_off_funds == 0.0
    budget = svc.budget_health
    funding.cut_funding(model, 7, 0.3, ["local budget cut"], "shock", "budget_cut")
    assert svc.budget_health == pytest.approx(budget - p["cut_budget_signal"] * 0.3)
    assert svc.decommissioned_case is None
    event = model.log.events[-1]
    assert (event.month, event.kind, event.direction, event.category) == (7, "budget_cut", NEUTRAL, "shock")
    assert "£" not in event.effect and "no MBCT money to cut" in event.effect


def test_a_cut_of_one_off_money_alone_names_that_money_not_a_line(build):
    model = build()
    model.service.one_off_funds = 8000.0
    funding.cut_funding(model, 2, 0.5, ["test"], "shock", "budget_cut")
    event = model.log.events[-1]
    assert event.direction == DOWN
    assert "one-off money £8,000 -> £4,000" in event.effect and "recurrent" not in event.effect


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
    month = Month(0, courses=1, training_spend=p["training_cost"])
    cost = svc.cost_total
    supervision = model.teachers_total * p["supervision_cost"] / MONTHS_PER_YEAR
    funding.spend_money(model, month)
    assert svc.one_off_funds == pytest.approx(10000.0 - p["course_cost"] - supervision - p["training_cost"])
    assert svc.cost_total == pytest.approx(cost + supervision)  # courses and trainees are costed where they happen


def test_spend_money_leaves_one_off_money_when_the_line_covers_spending(build):
    model = build("mature_embedded")
    svc = model.service
    svc.recurrent_funding, svc.one_off_funds = 120000.0, 10000.0
    funding.spend_money(model, Month(0, courses=1))
    assert svc.one_off_funds == 10000.0


def test_spend_money_never_overdraws_one_off_money(build):
    model = build("mature_embedded")
    model.service.recurrent_funding, model.service.one_off_funds = 0.0, 100.0
    funding.spend_money(model, Month(0, courses=3))
    assert model.service.one_off_funds == 0.0


def test_running_courses_that_no_money_pays_for_adds_the_declared_load(build):
    model = build()
    svc, p = model.service, model.p
    assert funding.self_resourcing_load(model) == 0.0  # no course run yet: nothing to resource
    svc.courses_window[-1] = 1
    svc.recount_courses()
    assert funding.self_resourcing_load(model) == p["self_resourcing_load"]
    svc.one_off_funds = 100.0  # any money pays for venues and materials
    assert funding.self_resourcing_load(model) == 0.0
    svc.one_off_funds, svc.recurrent_funding = 0.0, 5000.0
    assert funding.self_resourcing_load(model) == 0.0


def test_self_resourcing_drains_a_champion_faster(build):
    """The same champion, month for month, tires more when the courses are self-resourced."""
    energies = []
    for load in (0.0, 0.3):
        model = build(self_resourcing_load=load)
        svc = model.service
        svc.courses_window[-1] = 1
        svc.recount_courses()
        champion = model.roster[0]
        champion.energy = 0.8
        month = Month(0, protected=0.0)
        champions.implementers_work(model, month)
        energies.append(champion.energy)
    assert energies[1] < energies[0]


def test_unsupervised_teachers_cost_no_supervision(build):
    model = build("mature_embedded")
    model.service.supervision = False
    cost = model.service.cost_total
    funding.spend_money(model, Month(0))
    assert model.service.cost_total == cost


# --- time-limited, non-recurrent money -----------------------------------------------------------


def no_commissioning(build, name="lone_champion", **params):
    """A model whose commissioner never opens a line (so grants are the only money)."""
    return build(name, commissioning_threshold=10.0, **params)


def test_a_grant_without_a_term_runs_for_the_declared_pilot_length(build):
    model = build()
    grant = funding.add_grant(model, 5000.0, 0, "pilot grant")
    assert grant.ends_month == model.p["pilot_grant_months"] == 24
    assert model.service.grants == [grant] and model.service.one_off_funds == 5000.0
    assert funding.add_grant(model, 0.0, 12, "nothing") is None
    assert len(model.service.grants) == 1


def test_initial_one_off_funds_arrive_as_a_pilot_grant(build):
    model = build(initial_one_off_funds=60000.0)
    (grant,) = model.service.grants
    assert (grant.amount_left, grant.ends_month, grant.source) == (60000.0, 24, "pilot grant")
    assert model.service.one_off_funds == 60000.0


def test_a_24_month_grant_ends_in_month_24_its_remainder_gone_and_logged(build):
    model = no_commissioning(build)
    funding.add_grant(model, 1e6, 24, "pilot grant")
    model.run(24)  # months 0-23 simulated: the grant is still there
    svc = model.service
    left = svc.one_off_funds
    assert 0.0 < left < 1e6
    assert not [e for e in model.log.events if e.kind == "grant_ended"]
    model.run(1)  # month 24
    assert svc.grants == [] and svc.one_off_funds == 0.0
    (event,) = [e for e in model.log.events if e.kind == "grant_ended"]
    assert (event.month, event.direction, event.category) == (24, DOWN, "pivot")
    assert event.causes == ("pilot grant: its term ends",)
    assert f"£{left:,.0f} unspent is gone" in event.effect


def test_a_grant_that_ends_while_a_recurrent_line_runs_is_not_a_pivot(build):
    model = build("mature_embedded", commissioning_threshold=-10.0)
    funding.add_grant(model, 1000.0, 6, "pilot grant")
    model.run(8)
    assert model.service.grants == [] and model.service.recurrent_funding > 0
    assert not [e for e in model.log.events if e.kind == "grant_ended"]


def test_the_financial_year_ends_at_the_next_declared_month(build):
    model = build()
    april = model.p["financial_year_month"] - 1
    assert april == 3
    assert funding.year_end_after(model, 5) == 15  # June -> the next April
    assert funding.year_end_after(model, 3) == 15  # given in April -> a whole year
    assert funding.year_end_after(model, 2) == 3  # given in March -> gone in April


def test_an_in_year_allocation_given_in_june_is_gone_at_the_next_april_if_unspent(build):
    model = no_commissioning(build)
    model.run(5)  # the coming month is June
    grant = funding.add_grant(model, 1e6, 24, "one-off pot", year_end_lapse=True)
    assert grant.ends_month == 15
    model.run(10)  # to the end of March
    assert model.service.one_off_funds > 0.0
    model.run(1)  # April
    assert model.service.one_off_funds == 0.0 and model.service.grants == []
    (event,) = [e for e in model.log.events if e.kind == "grant_ended"]
    assert event.month == 15 and "within the financial year" in event.causes[0]


def test_a_declared_share_of_in_year_money_is_carried_over_for_one_more_year(build):
    model = no_commissioning(build, grant_carryover_share=0.5)
    model.run(5)
    funding.add_grant(model, 1e6, 12, "one-off pot", year_end_lapse=True)
    model.run(10)  # the coming month is April
    left = model.service.one_off_funds
    funding.grants_end(model)  # what the scheduled year end does
    (carried,) = model.service.grants
    assert carried.amount_left == 0.5 * left == model.service.one_off_funds
    assert (carried.ends_month, carried.year_end_lapse, carried.source) == (27, False, "one-off pot (carried over)")
    model.run(1)
    assert not [e for e in model.log.events if e.kind == "grant_ended"]  # money remains


def test_money_replaced_the_moment_it_lapses_is_no_pivot(build):
    model = no_commissioning(build)
    model.run(5)
    funding.add_grant(model, 1e6, 12, "national programme", year_end_lapse=True)
    # The next year's allocation arrives at the same moment, scheduled after the lapse (as a programme does).
    model.schedule(15, funding.add_grant, 1e6, 12, "national programme", True)
    model.run(11)
    assert [g.ends_month for g in model.service.grants] == [27]
    assert not [e for e in model.log.events if e.kind == "grant_ended"]


def test_money_is_drawn_from_the_grant_ending_soonest(build):
    model = build()
    svc = model.service
    svc.supervision = False
    for amount, months in ((100.0, 30), (100.0, 6), (100.0, 18)):
        funding.add_grant(model, amount, months, f"{months}-month grant")
    funding.spend_money(model, Month(0, training_spend=150.0))
    assert [(g.ends_month, g.amount_left) for g in svc.grants] == [(30, 100.0), (6, 0.0), (18, 50.0)]
    assert svc.one_off_funds == 150.0


def test_a_cut_takes_its_fraction_of_every_grant(build):
    model = build()
    funding.add_grant(model, 1000.0, 12, "a")
    funding.add_grant(model, 3000.0, 24, "b")
    funding.cut_funding(model, 0, 0.25, ["test"], "shock", "budget_cut")
    assert [g.amount_left for g in model.service.grants] == [750.0, 2250.0]
    assert model.service.one_off_funds == 3000.0


def test_money_written_straight_into_one_off_funds_is_adopted_as_a_grant(build):
    model = build()
    funding.add_grant(model, 1000.0, 12, "a")
    model.service.one_off_funds = 1500.0
    funding.add_grant(model, 100.0, 12, "b")
    assert [(g.source, g.ends_month) for g in model.service.grants] == [
        ("a", 12),
        (funding.ADOPTED_SOURCE, None),
        ("b", 12),
    ]
    model.service.one_off_funds = 50.0  # spent elsewhere: the soonest-ending grants pay
    funding.spend_money(model, Month(0))
    assert model.service.one_off_funds == sum(g.amount_left for g in model.service.grants)


def test_a_one_off_funding_boost_is_a_grant_with_its_term(build):
    model = build()
    model.intervene("funding_boost", amount=8000.0)
    model.intervene("funding_boost", amount=2000.0, months=6)
    model.intervene("funding_boost", amount=1000.0, year_end_lapse=True)
    assert [(g.amount_left, g.ends_month, g.year_end_lapse) for g in model.service.grants] == [
        (8000.0, 24, False),
        (2000.0, 6, False),
        (1000.0, 3, True),  # given in January: must be spent by the end of March
    ]
    assert model.service.one_off_funds == 11000.0
    assert model.log.events[-1].effect == "£1,000 one-off, to be spent by 2005-03 (within its financial year)"


OPERATIONS = st.lists(
    st.one_of(
        st.tuples(st.just("grant"), st.floats(0.0, 1e5), st.integers(0, 40), st.booleans()),
        st.tuples(st.just("spend"), st.floats(0.0, 5e4)),
        st.tuples(st.just("cut"), st.floats(0.0, 1.0)),
        st.tuples(st.just("month"), st.integers(1, 14)),
    ),
    max_size=12,
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ops=OPERATIONS)
def test_one_off_funds_is_always_the_money_left_in_the_grants(build, ops):
    model = no_commissioning(build)
    svc = model.service
    for op in ops:
        if op[0] == "grant":
            funding.add_grant(model, op[1], op[2], "g", op[3])
        elif op[0] == "spend":
            funding.spend_money(model, Month(model.month, training_spend=op[1]))
        elif op[0] == "cut":
            funding.cut_funding(model, model.month, op[1], ["test"], "shock", "budget_cut")
        else:
            model.run(op[1])
        assert svc.one_off_funds == sum(g.amount_left for g in svc.grants)
        assert all(g.amount_left >= 0.0 for g in svc.grants)
        assert all(g.ends_month is None or g.ends_month >= model.month for g in svc.grants)  # ends before it


def test_spend_money_pays_what_the_line_leaves_uncovered_from_the_grant_ending_soonest(small):
    grants = [funding.Grant(5000.0, 30, "late"), funding.Grant(500.0, 6, "soon")]
    model = small(
        service={"recurrent_funding": 12000.0, "one_off_funds": 5500.0, "grants": grants, "supervision": True},
        teachers_total=2,
    )
    model.p.update(course_cost=1500.0, supervision_cost=600.0)
    funding.spend_money(model, Month(0, courses=1, training_spend=300.0))
    # A course, two teachers' monthly supervision and a trainee cost 1,500 + 100 + 300; the line pays 1,000 a month.
    svc = model.service
    assert svc.cost_total == pytest.approx(100.0)  # supervision is costed here; courses and trainees where they happen
    assert [g.amount_left for g in svc.grants] == pytest.approx([5000.0 - 400.0, 0.0])
    assert svc.one_off_funds == pytest.approx(4600.0)
