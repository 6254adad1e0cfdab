"""Every shipped scenario and every strategy overlay builds and runs."""

import pytest

from journeysim.library import load_scenario, shipped_scenarios, shipped_strategies
from journeysim.model.model import JourneyModel


@pytest.mark.parametrize("name", sorted(shipped_scenarios()))
def test_shipped_scenario_runs(name):
    model = JourneyModel(load_scenario(name), 0)
    model.run(24)
    assert model.steps == 24 and len(model.series_rows()) == 24


@pytest.mark.parametrize("strategy", sorted(shipped_strategies()))
def test_strategy_overlay_runs(strategy):
    model = JourneyModel(load_scenario(f"lone_champion+{strategy}"), 0)
    model.run(24)
    assert len(model.series_rows()) == 24
