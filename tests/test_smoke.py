"""Every shipped scenario and every strategy overlay builds and runs."""

import pytest

from journeysim.library import load_scenario, read_toml, shipped_scenarios, shipped_strategies
from journeysim.model.model import JourneyModel
from journeysim.nation.model import NationModel
from journeysim.parameters import PARAMETERS


def _two_years(scenario) -> list[tuple]:
    """Run two years of a service or a population; return the (first) service's monthly rows."""
    model = NationModel(scenario, 0) if scenario.is_population else JourneyModel(scenario, 0)
    model.run(24)
    assert model.steps == 24
    return model.services[0].series_rows() if scenario.is_population else model.series_rows()


@pytest.mark.parametrize("name", sorted(shipped_scenarios()))
def test_shipped_scenario_runs(name):
    assert len(_two_years(load_scenario(name))) == 24


def _national(strategy: str) -> bool:
    """Whether a strategy sets national policy levers (so it applies to a population only)."""
    params = read_toml(shipped_strategies()[strategy]).get("parameters", {})
    return any(PARAMETERS[key].group == "national policy" for key in params)


@pytest.mark.parametrize("strategy", sorted(shipped_strategies()))
def test_strategy_overlay_runs(strategy):
    base = "uk_services" if _national(strategy) else "lone_champion"
    assert len(_two_years(load_scenario(f"{base}+{strategy}"))) == 24
