"""ABC-SMC calibration: it recovers a known parameter, is reproducible and resumes an interrupted run."""

import json

import numpy as np
import pandas as pd
import pytest

from journeysim.calibration.abc import (
    DISTANCES,
    MANIFEST,
    POSTERIOR,
    STATISTICS,
    Settings,
    StandardisedDistance,
    _check_folder,
    _identity,
    calibrate,
)
from journeysim.calibration.simulator import Simulator, calibration_scenario
from journeysim.calibration.targets import load_targets
from journeysim.cli.main import main
from journeysim.errors import InputError
from journeysim.parameters import PARAMETERS

TRUE = {"champion_arrival_annual": 0.05}
SERVICES = 30
TEMPLATE = """
[no_teacher_2015]
figure = {no_teacher}
uncertainty = {{ kind = "sd", value = 0.05, why = "synthetic" }}
year = 2015
population = "synthetic"
source = "the model at champion_arrival_annual = 0.05"
output = "share_no_teacher"
mapping = "itself"

[not_running_2012]
figure = {not_running}
uncertainty = {{ kind = "sd", value = 0.05, why = "synthetic" }}
year = 2012
population = "synthetic"
source = "the model at champion_arrival_annual = 0.05"
output = "share_not_running"
mapping = "itself"
"""


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory):
    """Targets made by the model itself at a known parameter value (mean of a few runs)."""
    folder = tmp_path_factory.mktemp("synthetic")
    placeholder = folder / "placeholder.toml"
    placeholder.write_text(TEMPLATE.format(no_teacher=0.5, not_running=0.5), encoding="utf-8")
    targets = load_targets(placeholder)
    sim = Simulator(calibration_scenario(targets, services=SERVICES), targets, tuple(TRUE))
    runs = [sim.run(TRUE, seed) for seed in range(6)]
    means = {k: float(np.mean([r[k] for r in runs])) for k in targets.names}
    path = folder / "synthetic.toml"
    path.write_text(TEMPLATE.format(no_teacher=means["no_teacher_2015"], not_running=means["not_running_2012"]))
    return load_targets(path)


@pytest.fixture(scope="module")
def reference(synthetic, tmp_path_factory):
    """A two-generation calibration, run once: the others are compared with it."""
    return calibrate(synthetic, tmp_path_factory.mktemp("reference") / "cal", settings(2))


def settings(generations, **kw):
    return Settings(
        population_size=20, generations=generations, services=SERVICES, seed=11, parameters=tuple(TRUE), **kw
    )


def weighted_interval(values, weights, level=0.95):
    order = np.argsort(values)
    cum = np.cumsum(weights[order])
    lo = values[order][np.searchsorted(cum, (1 - level) / 2)]
    hi = values[order][min(np.searchsorted(cum, 1 - (1 - level) / 2), len(values) - 1)]
    return lo, hi


@pytest.mark.statistical
def test_the_posterior_covers_the_known_value_and_is_narrower_than_the_prior(synthetic, tmp_path):
    result = calibrate(synthetic, tmp_path / "cal", settings(3))
    post = result.posterior
    values, weights = post["champion_arrival_annual"].to_numpy(), post["weight"].to_numpy()
    lo, hi = weighted_interval(values, weights)
    assert lo <= TRUE["champion_arrival_annual"] <= hi
    p = PARAMETERS["champion_arrival_annual"]
    mean = np.sum(values * weights)
    sd = np.sqrt(np.sum(weights * (values - mean) ** 2))
    assert sd < 0.95 * (p.high - p.low) / np.sqrt(12)  # narrower than the uniform prior (tiny settings: a little)
    # thresholds fall; the first accepts every draw from the prior
    eps = result.manifest["epsilons"]
    assert eps[0] == np.inf and eps[2] < eps[1] < eps[0]  # each from the latest generation, not a stale one


@pytest.mark.statistical
def test_the_posterior_folder_follows_the_format(synthetic, reference):
    out = reference.out
    post = pd.read_parquet(out / POSTERIOR)
    manifest = json.loads((out / MANIFEST).read_text())
    assert list(post.columns) == [*TRUE, "weight"]
    assert all(post.dtypes == "float64")
    assert len(post) == 20 and abs(post["weight"].sum() - 1) < 1e-9 and (post["weight"] >= 0).all()
    p = PARAMETERS["champion_arrival_annual"]
    assert post["champion_arrival_annual"].between(p.low, p.high).all()
    assert manifest["kind"] == "journeysim-posterior" and manifest["format"] == 1
    assert manifest["parameters"] == list(TRUE)
    assert manifest["targets_sha256"] == synthetic.sha256
    assert (manifest["generations"], manifest["particles"], manifest["seed"]) == (2, 20, 11)
    for key in ("code_fingerprint", "journeysim_version", "settings", "targets"):
        assert manifest[key]
    distances = pd.read_parquet(out / DISTANCES)
    assert list(distances.columns) == ["generation", "particle", "distance", "weight", *TRUE]
    assert sorted(distances["generation"].unique()) == [0, 1]
    assert len(distances) == 40


@pytest.mark.statistical
def test_same_seed_same_posterior_and_another_seed_differs(synthetic, reference, tmp_path):
    again = calibrate(synthetic, tmp_path / "again", settings(1))
    pd.testing.assert_frame_equal(again.distances, reference.distances[reference.distances["generation"] == 0])
    other = calibrate(synthetic, tmp_path / "other", Settings(**{**settings(1).__dict__, "seed": 12}))
    assert not other.distances.equals(again.distances)


@pytest.mark.statistical
def test_an_interrupted_calibration_resumes_and_ends_as_an_uninterrupted_one(synthetic, reference, tmp_path):
    whole = reference
    first = calibrate(synthetic, tmp_path / "split", settings(1))
    assert first.manifest["generations"] == 1
    evaluations = first.manifest["evaluations"]
    second = calibrate(synthetic, tmp_path / "split", settings(2))
    assert second.resumed_from == 1
    assert [g.t for g in second.generations] == [1]  # only the missing generation ran
    assert second.manifest["evaluations"] > evaluations
    pd.testing.assert_frame_equal(whole.posterior, second.posterior)
    pd.testing.assert_frame_equal(whole.distances, second.distances)
    again = calibrate(synthetic, tmp_path / "split", settings(2))  # nothing left to do
    assert again.generations == [] and again.posterior.equals(whole.posterior)


@pytest.mark.statistical
def test_a_folder_holding_another_calibration_is_refused(synthetic, tmp_path):
    calibrate(synthetic, tmp_path / "cal", settings(1))
    with pytest.raises(InputError, match="seed = 11, not 12"):
        calibrate(synthetic, tmp_path / "cal", Settings(**{**settings(1).__dict__, "seed": 12}))


def test_a_folder_made_by_other_model_code_is_refused_not_resumed(synthetic, tmp_path):
    (tmp_path / "abc.db").write_bytes(b"")
    stored = _identity(synthetic, settings(1))
    (tmp_path / "calibration.json").write_text(json.dumps(stored), encoding="utf-8")
    assert _check_folder(tmp_path, synthetic, settings(1))  # same code: resumed
    (tmp_path / "calibration.json").write_text(json.dumps({**stored, "code_fingerprint": "0123456789ab"}))
    with pytest.raises(InputError, match=f"code_fingerprint = '0123456789ab', not '{stored['code_fingerprint']}'"):
        _check_folder(tmp_path, synthetic, settings(1))


@pytest.mark.statistical
def test_same_posterior_on_a_dask_cluster(synthetic, reference, tmp_path):
    from distributed import Client, LocalCluster

    serial = reference
    # Two threads in one process: they share numpy's global generator, which the sampler must guard.
    # In-process (inproc://, no network port), with the dashboard on any free local port.
    with LocalCluster(n_workers=1, threads_per_worker=2, processes=False, dashboard_address="127.0.0.1:0") as cluster:
        with Client(cluster) as client:
            executor = client.get_executor()
            on_dask = calibrate(synthetic, tmp_path / "dask", settings(2, batch=2), executor=executor)
    pd.testing.assert_frame_equal(serial.posterior, on_dask.posterior)


def test_the_command_calibrates_and_resumes(synthetic, tmp_path, capsys):
    out = tmp_path / "cli"
    common = [synthetic.path, "--out", str(out), "--parameter", "champion_arrival_annual", "--services", str(SERVICES)]
    common += ["--populations", "10", "--seed", "3", "--workers", "1"]
    assert main(["calibrate", *common, "--generations", "1"]) == 0
    first = capsys.readouterr()
    assert "generation 1/1" in first.err and "champion_arrival_annual" in first.out
    assert main(["calibrate", *common, "--generations", "2", "--json"]) == 0
    manifest = json.loads(capsys.readouterr().out)
    assert manifest["generations"] == 2 and manifest["particles"] == 10


def test_the_distance_counts_no_error_on_the_side_a_bound_allows():
    distance = StandardisedDistance({"a": 0.1, "b": 0.05}, {"a": "lower"})
    observed = {"a": 0.6, "b": 0.2}
    assert distance({"a": 0.9, "b": 0.2}, observed) == 0.0
    assert distance({"a": 0.4, "b": 0.2}, observed) == pytest.approx(4.0)
    assert distance({"a": 0.6, "b": 0.3}, observed) == pytest.approx(4.0)
    assert StandardisedDistance({"a": 0.1})({"a": 0.8}, {"a": 0.6}) == pytest.approx(4.0)


def test_a_left_out_target_is_run_and_recorded_but_not_fitted(synthetic, tmp_path):
    """A leave-one-out calibration: the distance ignores the target, the particles' own runs predict it."""
    result = calibrate(synthetic, tmp_path / "loo", settings(1, leave_out=("not_running_2012",)))
    stats = pd.read_parquet(tmp_path / "loo" / STATISTICS)
    assert list(stats["particle"]) == list(range(20)) and stats["weight"].sum() == pytest.approx(1.0)
    assert stats["not_running_2012"].between(0, 1).all()  # run and recorded, though left out
    distance = StandardisedDistance.of(synthetic, ("not_running_2012",))
    assert set(distance.sds) == {"no_teacher_2015"}
    assert result.manifest["settings"]["leave_out"] == ["not_running_2012"]
    assert "leave_out" not in settings(1).identity()  # folders written before leave-out still resume
    with pytest.raises(InputError, match="--leave-out nothing_here: not a target or pattern"):
        calibrate(synthetic, tmp_path / "bad", settings(1, leave_out=("nothing_here",)))
    with pytest.raises(InputError, match="leaves nothing"):
        calibrate(synthetic, tmp_path / "bad", settings(1, leave_out=tuple(synthetic.names)))
