"""Sobol and Morris indices through SALib, on a function whose indices are known."""

import tomllib

import numpy as np
import pandas as pd
import pytest

from journeysim.analysis.sensitivity import analyze
from journeysim.batch.errors import BatchInputError
from journeysim.batch.experiment import Experiment
from journeysim.batch.runs import point_hash


def experiment(method, samples, extra=""):
    text = f"""
scenario = "lone_champion"
replications = 2
[design]
method = "{method}"
samples = {samples}
{extra}
[vary.pressure]
[vary.culture]
[vary.stability]
"""
    return Experiment.from_dict(tomllib.loads(text), "known.toml")


def runs_of(e, f):
    """Runs whose outcome is a known function of the point (same for every replication)."""
    rows = []
    for p in e.design().unique_points():
        for rep in range(e.replications):
            rows.append(
                {
                    "point_hash": point_hash(p),
                    "status": "ok",
                    "replication": rep,
                    "y": f(p["pressure"], p["culture"], p["stability"]),
                }
            )
    return pd.DataFrame(rows)


def test_sobol_indices_of_a_linear_function():
    # y = 4 x1 + 2 x2 + 0 x3 with x uniform on [0, 1]: S1 = (16, 4, 0) / 20, ST = S1 (no interactions)
    e = experiment("sobol", 1024)
    out = analyze(runs_of(e, lambda a, b, c: 4 * a + 2 * b), e, outcome="y")
    assert list(out.index) == ["pressure", "culture", "stability"]
    np.testing.assert_allclose(out["S1"], [0.8, 0.2, 0.0], atol=0.04)
    np.testing.assert_allclose(out["ST"], [0.8, 0.2, 0.0], atol=0.04)
    assert (
        (out.loc[["pressure", "culture"], "S1_conf"] > 0).all()
        and out.attrs["method"] == "sobol"
        and out.attrs["points"] == 1024 * 5
    )


def test_sobol_total_index_sees_an_interaction():
    # y = x1 * x2: each has S1 = 0.43 and ST = 0.57 (Saltelli et al. 2008, product of two uniforms on [0, 1])
    e = experiment("sobol", 2048)
    out = analyze(runs_of(e, lambda a, b, c: a * b), e, outcome="y")
    np.testing.assert_allclose(out.loc[["pressure", "culture"], "S1"], [3 / 7, 3 / 7], atol=0.04)
    np.testing.assert_allclose(out.loc[["pressure", "culture"], "ST"], [4 / 7, 4 / 7], atol=0.04)
    assert abs(out.loc["stability", "ST"]) < 0.02


def test_morris_elementary_effects_of_a_linear_function():
    # for y = 4 x1 - 2 x2 on [0, 1] every elementary effect is the slope: mu* = |slope|, sigma = 0
    e = experiment("morris", 20, "levels = 4")
    out = analyze(runs_of(e, lambda a, b, c: 4 * a - 2 * b), e, outcome="y")
    np.testing.assert_allclose(out["mu_star"], [4, 2, 0], atol=1e-9)
    np.testing.assert_allclose(out["mu"], [4, -2, 0], atol=1e-9)
    np.testing.assert_allclose(out["sigma"], [0, 0, 0], atol=1e-9)


def test_grid_designs_and_missing_points_are_refused():
    grid = Experiment.from_dict(
        tomllib.loads('scenario = "lone_champion"\nreplications = 1\n[design]\nmethod = "grid"\n[vary.pressure]\n'),
        "g.toml",
    )
    with pytest.raises(BatchInputError, match="grid design"):
        analyze(pd.DataFrame({"point_hash": [], "status": [], "y": []}), grid, outcome="y")
    e = experiment("sobol", 8)
    runs = runs_of(e, lambda a, b, c: a)
    with pytest.raises(BatchInputError, match="have no value"):
        analyze(runs.iloc[4:], e, outcome="y")
    with pytest.raises(BatchInputError, match="not a run column"):
        analyze(runs, e, outcome="nothing")


def test_a_results_folder_gives_the_same_indices_as_its_runs(tmp_path):
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
    from_folder = analyze(tmp_path / "m", e, outcome="participants_total")
    from_runs = analyze(read_runs(tmp_path / "m"), e, outcome="participants_total")
    pd.testing.assert_frame_equal(from_folder, from_runs)
    assert list(from_folder.columns) == ["mu", "mu_star", "sigma", "mu_star_conf"]
    assert (from_folder["mu_star"] >= from_folder["mu"].abs() - 1e-9).all()  # mean |EE| >= |mean EE|
    other = Experiment.from_dict(tomllib.loads(text.replace("samples = 3", "samples = 4")), "m.toml")
    with pytest.raises(BatchInputError, match="holds experiment"):
        analyze(tmp_path / "m", other, outcome="participants_total")
