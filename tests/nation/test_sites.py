"""Turning a population into sites: people served, starting implementers, links."""

import numpy as np
import pytest

from journeysim.library import scenario_from_text
from journeysim.nation.sites import build_sites

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
