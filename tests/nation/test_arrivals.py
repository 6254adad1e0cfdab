"""New champions and movers: the chance of an arrival, who arrives, and where a mover goes."""

import numpy as np
import pytest

from journeysim.nation import arrivals
from journeysim.parameters import PARAMETERS

P = {p.name: p.default for p in PARAMETERS.values()}


def test_the_base_chance_rises_near_a_training_centre_and_falls_in_rural_services():
    base = arrivals.arrival_base(P, np.array([False, True, False]), np.array([True, True, False]))
    a = P["champion_arrival_annual"]
    np.testing.assert_allclose(base, [a, a * P["university_link_factor"], a * P["rural_arrival_factor"]])


def test_guidance_and_links_multiply_the_yearly_chance_and_the_cap_holds():
    base = np.full(4, 0.02)
    guidance = np.array([0.5, 1.0, 0.5, 0.5])
    peer = np.array([0.0, 0.0, 1.0, 0.0])
    chance = arrivals.arrival_chance(P, base, guidance, peer)
    annual = 1.0 - (1.0 - chance) ** 12
    np.testing.assert_allclose(annual[:3], [0.02, 0.02 * 1.5, 0.02 * (1.0 + P["peer_arrival_factor"])])
    capped = arrivals.arrival_chance(P, np.array([50.0]), np.array([1.0]), np.array([1.0]))
    assert 1.0 - (1.0 - capped[0]) ** 12 == pytest.approx(P["arrival_annual_cap"])


def test_a_new_champion_has_skill_and_commitment_within_their_declared_ranges():
    assert arrivals.champion_traits(P, 0.0, 0.0) == (P["champion_skill_low"], P["champion_commitment_low"])
    skill, commitment = arrivals.champion_traits(P, 1.0, 1.0)
    assert skill == pytest.approx(P["champion_skill_high"]) and commitment == pytest.approx(
        P["champion_commitment_high"]
    )


def test_only_services_with_nobody_gain_a_champion(two_services):
    model = two_services(start="nobody = 1.0")
    model.p["arrival_annual_cap"] = 1.0  # certain arrival, to see who arrives
    model.arrival_base[:] = 10.0
    has_imp = np.array([True, False])
    arrivals.new_champions(model, has_imp, np.zeros(2))
    np.testing.assert_array_equal(model.arrivals_in, [0, 1])
    assert [svc.implementer_count for svc in model.services] == [0, 1]
    champion = model.services[1].implementers[0]
    assert champion.role == "teacher"
    assert P["champion_skill_low"] <= champion.skill <= P["champion_skill_high"]
    assert P["champion_commitment_low"] <= champion.commitment <= P["champion_commitment_high"]


def test_the_arrivals_stream_moves_the_same_whoever_is_a_candidate(two_services):
    a, b = two_services(start="nobody = 1.0"), two_services(start="nobody = 1.0")
    arrivals.new_champions(a, np.array([True, True]), np.zeros(2))
    arrivals.new_champions(b, np.array([False, False]), np.zeros(2))
    assert a.streams["arrivals"].random() == b.streams["arrivals"].random()


@pytest.mark.parametrize(("reason", "moved"), [("turnover", 1), ("burnout", 0)])
def test_an_implementer_who_leaves_for_turnover_carries_the_work_to_a_region_mate(two_services, reason, moved):
    model = two_services(start="nobody = 1.0")
    model.p["mover_carry_share"] = 1.0
    model.services[0].departures.append((0, reason, "manager", 0.7, 0.9))
    arrivals.move_people(model)
    np.testing.assert_array_equal(model.moves_in, [0, moved])
    assert model.services[1].implementer_count == moved
    assert model.departures_seen == [1, 0]
    if moved:
        joined = [e for e in model.services[1].log.events if e.kind == "champion_joins"]
        assert joined[-1].causes == (f"moved from {model.sites[0].scenario.name}",)
        assert model.services[1].implementers[0].role == "manager"
    arrivals.move_people(model)  # a departure is seen once
    assert model.moves_in.sum() == moved
