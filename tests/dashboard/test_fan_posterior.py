"""The fan chart with a calibrated posterior (``journeysim dashboard --posterior DIR``)."""

from __future__ import annotations

import time

import numpy as np
import pytest

from journeysim.batch.posterior import load_posterior
from journeysim.batch.runs import apply_point, purpose_seeds
from journeysim.cli import main
from journeysim.dashboard import fan
from journeysim.dashboard.app import create_app
from journeysim.library import load_scenario
from journeysim.model.model import JourneyModel

VALUES = {"staff_turnover_annual": [0.09, 0.17], "burnout_threshold": [0.15, 0.35]}


def test_world_i_runs_with_the_particle_replication_i_draws(write_posterior) -> None:
    posterior = load_posterior(write_posterior(VALUES, [0.5, 0.5]))
    scenario = load_scenario("trainer_demo")
    arrays = fan.run_worlds(scenario, 5, [0, 1, 2, 3], posterior)
    for row, r in enumerate([0, 1, 2, 3]):
        seeds = purpose_seeds(5, r)
        world = apply_point(scenario, posterior.draw(seeds["uncertainty"]))
        model = JourneyModel(world, seeds["model"])
        model.run()
        assert arrays["teachers"][row].tolist() == fan.metric_values(list(model.series_rows()), "teachers")


def test_a_weight_of_one_gives_the_worlds_of_that_particle(write_posterior) -> None:
    scenario = load_scenario("trainer_demo")
    fixed = scenario.with_parameters({"staff_turnover_annual": 0.17, "burnout_threshold": 0.35})
    posterior = load_posterior(write_posterior(VALUES, [0.0, 1.0]))
    drawn = fan.run_worlds(scenario, 2, [0, 1, 2], posterior)
    direct = fan.run_worlds(fixed, 2, [0, 1, 2])
    assert all(np.array_equal(drawn[m], direct[m]) for m in drawn)


def test_the_app_sets_the_fan_posterior_and_jobs_use_it(write_posterior) -> None:
    posterior = load_posterior(write_posterior(VALUES, [1.0, 0.0]))
    try:
        create_app(posterior=posterior)
        assert fan.posterior() is posterior
        scenario = load_scenario("trainer_demo", sets={"years": 10})
        job = fan.FanJob(scenario, 7, 5).start()
        deadline = time.monotonic() + 120
        while job.running and time.monotonic() < deadline:
            time.sleep(0.05)
        assert job.result is not None, job.error
        fixed = scenario.with_parameters({"staff_turnover_annual": 0.09, "burnout_threshold": 0.15})
        expected = fan.summarise(scenario, 7, fan.run_worlds(fixed, 7, list(range(5))))
        assert job.result.bands == expected.bands
    finally:
        fan.use_posterior(None)


def test_dashboard_with_a_bad_posterior_exits_2_before_serving(capsys, tmp_path) -> None:
    assert main(["dashboard", "--posterior", str(tmp_path / "none"), "--port", "1"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "no such folder" in err[0]


@pytest.fixture(autouse=True)
def _no_posterior_left_behind():
    yield
    fan.use_posterior(None)
