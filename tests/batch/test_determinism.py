"""The same comparison or sweep gives identical per-run outcomes on every executor."""

import pandas as pd
import pytest

from journeysim.batch import replicate
from journeysim.batch.executors import make_executor
from journeysim.batch.experiment import load_experiment
from journeysim.batch.store import read_runs
from journeysim.batch.sweep import run_sweep

LHS = """
name = "lhs_determinism"
scenario = "lone_champion+champion_leaves_year5"
replications = 3
seed = 8
uncertain = true
[set]
years = 10
[design]
method = "lhs"
samples = 6
[vary.culture]
[vary.staff_turnover_annual]
[output]
runs_per_file = 4
"""

OUTCOMES = [
    "run_id",
    "status",
    "participants_total",
    "final_level",
    "months_to_embedded",
    "collapse_month",
    "cost_total",
    "running_at_end",
    "param.burnout_threshold",
]


@pytest.fixture(scope="module")
def scenarios():
    from journeysim.library import load_scenario

    return [
        load_scenario("lone_champion+champion_leaves_year5", sets={"years": 10}),
        load_scenario("several_implementers+champion_leaves_year5", sets={"years": 10}),
    ]


def test_compare_runs_are_identical_serially_on_a_pool_and_on_dask(scenarios, dask_cluster):
    serial = replicate(scenarios, 6, seed=5, uncertain=True)
    with make_executor(workers=2) as pool:
        pooled = replicate(scenarios, 6, seed=5, executor=pool, uncertain=True)
    with make_executor(scheduler=dask_cluster.scheduler_address) as dask:
        distributed = replicate(scenarios, 6, seed=5, executor=dask, uncertain=True)
    pd.testing.assert_frame_equal(serial, pooled)
    pd.testing.assert_frame_equal(serial, distributed)
    assert serial["participants_total"].nunique() > 1


def test_sweep_runs_are_identical_serially_on_a_pool_and_on_dask(write_experiment, tmp_path, dask_cluster):
    experiment = load_experiment(write_experiment(LHS))
    run_sweep(experiment, tmp_path / "serial", progress=False)
    with make_executor(workers=2) as pool:
        run_sweep(experiment, tmp_path / "pool", executor=pool, progress=False)
    with make_executor(scheduler=dask_cluster.scheduler_address) as dask:
        summary = run_sweep(experiment, tmp_path / "dask", executor=dask, progress=False)
    assert summary.complete and summary.runs_total == 18
    serial, pooled, distributed = (read_runs(tmp_path / k)[OUTCOMES] for k in ("serial", "pool", "dask"))
    pd.testing.assert_frame_equal(serial, pooled)
    pd.testing.assert_frame_equal(serial, distributed)
    assert serial["run_id"].is_unique and len(serial) == 18
