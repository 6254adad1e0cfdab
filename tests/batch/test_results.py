"""Reading a sweep's results folder for analysis (journeysim.batch.results)."""

import tomllib

import pandas as pd
import pytest

from journeysim.analysis.sensitivity import analyze
from journeysim.batch.errors import BatchInputError
from journeysim.batch.experiment import Experiment


def test_a_results_folder_gives_the_same_indices_as_its_runs(tmp_path):
    from journeysim.batch.results import SweepDesign, read_design, read_outcome_runs
    from journeysim.batch.store import read_runs
    from journeysim.batch.sweep import run_sweep

    text = """
scenario = "lone_champion"
replications = 2
[set]
years = 10
[design]
method = "morris"
samples = 3
[vary.culture]
[vary.pressure]
"""
    e = Experiment.from_dict(tomllib.loads(text), "m.toml")
    run_sweep(e, tmp_path / "m", progress=False)
    stored = read_design(tmp_path / "m", e)
    computed = SweepDesign.of_experiment(e)
    assert stored.problem == computed.problem and stored.method == "morris" and stored.levels is None
    pd.testing.assert_series_equal(stored.points["point_hash"], computed.points["point_hash"])
    runs = read_outcome_runs(tmp_path / "m", "participants_total")
    assert list(runs.columns) == ["point_hash", "status", "participants_total"] and len(runs) == 3 * 3 * 2
    from_folder = analyze(runs, stored, outcome="participants_total")
    from_runs = analyze(read_runs(tmp_path / "m"), e, outcome="participants_total")
    pd.testing.assert_frame_equal(from_folder, from_runs)
    assert list(from_folder.columns) == ["mu", "mu_star", "sigma", "mu_star_conf"]
    assert (from_folder["mu_star"] >= from_folder["mu"].abs() - 1e-9).all()  # mean |EE| >= |mean EE|
    other = Experiment.from_dict(tomllib.loads(text.replace("samples = 3", "samples = 4")), "m.toml")
    with pytest.raises(BatchInputError, match="holds experiment"):
        read_design(tmp_path / "m", other)
    with pytest.raises(BatchInputError, match="'bogus' is not a run column"):
        read_outcome_runs(tmp_path / "m", "bogus")
