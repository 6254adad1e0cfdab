"""National policy levers, each applied to a two-service population for a few months."""

import numpy as np
import pytest

from journeysim.nation import policy


def _given(model, cause):
    """(service index, month, teachers) of each training-places intervention with ``cause``."""
    return [
        (i, e.month, int(e.effect.split()[0]))
        for i, svc in enumerate(model.services)
        for e in svc.log.events
        if e.kind == "training_places" and e.causes == (cause,)
    ]


def test_training_claims_weigh_people_served_and_double_where_someone_bids():
    weights = policy.training_weights(np.array([100.0, 300.0, 50.0]), np.array([True, False, True]), 2.0)
    np.testing.assert_array_equal(weights, [200.0, 300.0, 100.0])
    np.testing.assert_array_equal(policy.training_weights(np.array([7.0]), np.array([True]), 1.0), [7.0])


def test_training_places_arrive_in_the_financial_year_month_and_are_paid_for(two_services):
    model = two_services("policy_start_year = 2004\npolicy_training_places = 120\npolicy_training_years = 1")
    model.run(3)
    assert _given(model, "national training places") == []  # April 2004 is month 3
    model.run(1)
    given = _given(model, "national training places")
    assert {month for _, month, _ in given} == {3}
    assert sum(k for *_, k in given) == 120
    # More than one intervention's worth for a service comes in batches of at most the declared maximum.
    assert max(k for *_, k in given) <= policy.MAX_PLACES_AT_ONCE == 50
    assert model.policy_money == 120 * model.p["training_cost"]
    assert [e.kind for e in model.log.events if e.category == "policy"] == ["national_training_places"]


def test_the_financial_year_month_moves_every_lever_to_its_calendar_month(two_services):
    model = two_services("policy_start_year = 2004\npolicy_training_places = 10\nfinancial_year_month = 1")
    model.run(1)
    assert {month for _, month, _ in _given(model, "national training places")} == {0}
    assert model.month_index(2005) == 12
    assert model.month_index(2005, 4) == 15


def test_protected_time_lasts_its_term_and_costs_each_champion_a_year(two_services):
    model = two_services("policy_start_year = 2004\npolicy_protected_time = true\npolicy_support_years = 1")
    model.run(4)
    assert model.policy.protection_on
    imps = [imp for svc in model.services for imp in svc.implementers]
    assert imps and all(imp.protected_time for imp in imps)
    champions = sum(svc.implementer_count for svc in model.services)
    assert policy.monthly_cost(model) == pytest.approx(champions * model.p["protected_time_cost"] / 12)
    model.run(12)  # the term ended in April 2005
    assert not model.policy.protection_on
    assert not any(svc.service.protected_champions for svc in model.services)
    assert policy.monthly_cost(model) == 0.0


def test_recurrent_funding_opens_one_line_per_eligible_service_and_ends_them(two_services):
    levers = "policy_start_year = 2004\npolicy_service_funding = 12000.0\npolicy_funding_recurrent = true\n"
    model = two_services(levers + "policy_funding_years = 2")
    model.run(4)
    assert policy.eligible(model).all()  # both start with a champion
    np.testing.assert_array_equal(model.policy.lines, [12000.0, 12000.0])
    assert policy.monthly_cost(model) == pytest.approx(2000.0)
    model.run(12)  # a second year gives no second line
    assert sum(e.kind == "funding_boost" for svc in model.services for e in svc.log.events) == 2
    model.run(12)  # April 2006: the term ends
    assert (model.policy.lines == 0).all()
    assert sum(e.kind == "funding_line_ends" for svc in model.services for e in svc.log.events) == 2


def test_a_national_cut_reaches_only_the_covered_nation(two_services):
    model = two_services("policy_cut_year = 2004\npolicy_cut_fraction = 0.4\npolicy_nations = 'scotland'")
    model.run(6)
    assert not model.covered.any()
    assert not any(e.kind == "funding_cut" for svc in model.services for e in svc.log.events)
    covered = two_services("policy_cut_year = 2004\npolicy_cut_fraction = 0.4\npolicy_nations = 'wales'")
    covered.run(6)
    cuts = [e for svc in covered.services for e in svc.log.events if e.kind == "funding_cut"]
    assert [e.month for e in cuts] == [3, 3]
    assert covered.log.events[-1].effect == "MBCT money cut by 40%"


def test_levers_that_are_off_schedule_nothing(two_services):
    model = two_services()
    assert not any(a.function.__module__ == policy.__name__ for a in model._held)
