"""Turning a population into sites: people served, starting implementers, links."""

import numpy as np
import pytest

from journeysim.library import scenario_from_text
from journeysim.nation.sites import build_sites, clip

TEXT = (
    "name = 's'\n[parameters]\nstart_year = 2004\nyears = 10\n{extra}\n[population]\nsize_spread = 0.0\n"
    "[population.start]\nlone_champion = 1.0\n"
    "[population.nations.wales]\nservices = 40\npopulation = 4000000\nurban_share = 0.5\nregions = 4\n"
)


def _sites(extra=""):
    return build_sites(scenario_from_text(TEXT.format(extra=extra)), np.random.default_rng(3))


def test_without_spread_a_rural_service_serves_the_rural_size_factor_of_an_urban_one():
    for factor in (0.5, 1.0):
        sites = _sites(f"rural_size_factor = {factor}")
        urban = [s.people for s in sites if s.urban]
        rural = [s.people for s in sites if not s.urban]
        assert urban and rural
        assert np.mean(rural) / np.mean(urban) == pytest.approx(factor, abs=1e-4)  # up to rounding to people
        assert sum(s.people for s in sites) == 4_000_000


def test_starting_champions_draw_skill_and_commitment_within_the_declared_ranges():
    extra = "champion_skill_low = 0.5\nchampion_skill_high = 0.6\nchampion_commitment_high = 0.8"
    imps = [imp for s in _sites(extra) for imp in s.scenario.implementers]
    assert len(imps) == 40
    assert all(0.5 <= i["skill"] <= 0.6 and 0.6 <= i["commitment"] <= 0.8 for i in imps)


def test_buddies_are_pairs_within_a_region():
    sites = _sites()
    for s in sites:
        if s.buddy >= 0:
            assert sites[s.buddy].buddy == s.index and sites[s.buddy].region == s.region
    assert sum(s.buddy >= 0 for s in sites) == 40  # ten services a region pair up exactly


# --------------------------------------------------------------- who each service is for, and its kind
def test_each_service_serves_its_people_times_the_adult_share():
    sites = _sites("adult_share = 0.8")
    for s in sites:
        assert s.scenario.parameters["catchment_adults"] == round(s.people * 0.8)
        assert s.scenario.parameters["service_type"] == s.service_type == "secondary_care"


def test_island_boards_are_the_smallest_services_serve_the_declared_people_and_are_rural():
    plain = _sites()
    text = TEXT.format(extra="") + "island_boards = 3\nisland_board_people = 20000\n"
    sites = build_sites(scenario_from_text(text), np.random.default_rng(3))
    islands = [s for s in sites if s.service_type == "island_board"]
    assert len(islands) == 3
    assert all(s.people == 20_000 and not s.urban for s in islands)
    assert all(s.scenario.parameters["catchment_adults"] == round(20_000 * 0.79) for s in islands)
    assert sum(s.people for s in sites) == 4_000_000  # the other services share the rest
    # Islands replace the three smallest services; the others keep their order of size.
    smallest = sorted(range(40), key=lambda i: plain[i].people)[:3]
    assert sorted(s.index for s in islands) == sorted(smallest)


def test_a_share_of_the_other_services_are_primary_care_and_none_draws_nothing_extra():
    def build(share):
        text = TEXT.format(extra="") + f"primary_care_share = {share}\n"
        return build_sites(scenario_from_text(text), np.random.default_rng(3))

    none, half, every = build(0.0), build(0.5), build(1.0)
    assert [s.service_type for s in none] == ["secondary_care"] * 40
    assert sum(s.service_type == "primary_care" for s in half) == 20
    assert all(s.service_type == "primary_care" for s in every)
    # Share 0 and share 1 draw no extra number: the people served are the same.
    assert [s.people for s in none] == [s.people for s in every] == [s.people for s in _sites()]


def test_the_shipped_uk_population_has_scotlands_three_island_boards():
    from journeysim.library import load_scenario

    sites = build_sites(load_scenario("uk_services"), np.random.default_rng(0))
    kinds = {(s.nation, s.service_type) for s in sites}
    islands = [s for s in sites if s.service_type == "island_board"]
    assert len(islands) == 3 and {s.nation for s in islands} == {"scotland"}
    assert ("england", "primary_care") not in kinds  # trusts and boards run both kinds: secondary care
    assert sum(s.people for s in sites if s.nation == "scotland") == 5_370_000


def test_clip_is_numpy_s_clip_to_the_bit():
    xs = [*np.random.default_rng(1).normal(0.5, 0.4, 20000).tolist(), 0.0, -0.0, 0.2, 0.9, 1.0]
    for low, high in [(0.0, 1.0), (0.2, 0.9)]:
        assert [repr(clip(x, low, high)) for x in xs] == [repr(float(np.clip(x, low, high))) for x in xs]
