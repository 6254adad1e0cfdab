"""The calibration's simulator: a reduced population that keeps the targets' meaning."""

import numpy as np
import pytest

from journeysim.calibration.simulator import (
    CALIBRATED,
    CALIBRATED_WITH_PATTERNS,
    Simulator,
    calibration_scenario,
    check_parameters,
    default_parameters,
    reduced_population,
)
from journeysim.calibration.targets import load_targets, shipped_targets
from journeysim.errors import InputError
from journeysim.library import load_scenario
from journeysim.parameters import PARAMETERS


def test_the_reduced_population_scales_every_nation_and_keeps_its_people():
    base = load_scenario("uk_services")
    small = reduced_population(base, 100).population
    assert small.services == 100
    counts = {n.nation: n.services for n in small.nations}
    assert counts == {"england": 86, "scotland": 7, "wales": 4, "northern_ireland": 3}
    assert {n.nation: n.island_boards for n in small.nations}["scotland"] == 2  # 3 of 14, in proportion
    assert [n.population for n in small.nations] == [n.population for n in base.population.nations]
    assert all(n.regions <= n.services and n.island_boards <= n.services for n in small.nations)
    assert reduced_population(base, 500) is base


def test_the_calibration_runs_up_to_the_last_target_year():
    scenario = calibration_scenario(load_targets(shipped_targets()), services=40)
    assert scenario.parameters["start_year"] + scenario.parameters["years"] - 1 == 2015


def test_calibrated_parameters_are_declared_uncertain_numbers():
    assert check_parameters(CALIBRATED) == CALIBRATED
    assert all(PARAMETERS[n].uncertain for n in CALIBRATED)
    for bad in (("nonsense",), (), ("champion_arrival_annual", "champion_arrival_annual")):
        with pytest.raises(InputError):
            check_parameters(bad)


def test_with_the_study_s_patterns_as_evidence_the_parameters_that_decide_survival_are_calibrated_too():
    assert default_parameters(load_targets(shipped_targets("uk"))) == CALIBRATED
    both = default_parameters(load_targets(shipped_targets("uk+patterns")))
    assert both == CALIBRATED_WITH_PATTERNS == (*CALIBRATED, "staff_turnover_annual")
    assert {"new_senior_view_weight", "senior_priority_threshold"} <= set(both)
    assert check_parameters(both) == both


@pytest.mark.statistical
def test_the_reduced_population_does_not_bias_the_targets_much():
    """At the default parameters, the target outputs of 100 services agree with the full 196 (a few seeds)."""
    targets = load_targets(shipped_targets())
    defaults = {n: PARAMETERS[n].default for n in CALIBRATED}
    means = {}
    for services in (196, 100):
        sim = Simulator(calibration_scenario(targets, services=services), targets, CALIBRATED)
        runs = np.array([[sim.run(defaults, seed)[k] for k in targets.names] for seed in range(4)])
        means[services] = runs.mean(axis=0)
    # within 0.05 (a share) on every target: well inside the targets' own uncertainty (0.04-0.10)
    assert np.abs(means[196] - means[100]).max() < 0.05
