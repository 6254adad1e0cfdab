"""Posterior folders: read and checked once; one particle per replication, shared by every scenario."""

import numpy as np
import pandas as pd
import pytest

from journeysim.batch import replicate
from journeysim.batch.executors import make_executor
from journeysim.batch.experiment import Experiment
from journeysim.batch.posterior import load_posterior, posterior_record, posterior_warning
from journeysim.batch.runs import RunSpec
from journeysim.errors import InputError
from journeysim.runs import purpose_seeds
from journeysim.uncertainty import Posterior

TWO = {"staff_turnover_annual": [0.09, 0.17], "burnout_threshold": [0.15, 0.35], "lead_vacancy_months": [3.4, 10.6]}
SCENARIOS = ["lone_champion", "lone_champion+succession_planning"]


def test_a_folder_is_read_with_its_identity(write_posterior):
    folder = write_posterior(TWO, [0.25, 0.75])
    p = load_posterior(folder)
    assert p.parameters == tuple(TWO)
    assert p.values.shape == (2, 3)
    assert p.weights.tolist() == [0.25, 0.75]
    record = posterior_record(p)
    assert record["path"] == str(folder.resolve())
    assert len(record["posterior_sha256"]) == 64 and len(record["manifest_sha256"]) == 64
    assert record["particles"] == 2 and record["parameters"] == list(TWO)
    assert posterior_warning(p) is None


def test_integer_parameters_are_rounded_and_population_ones_skipped_for_one_service():
    p = Posterior(("lead_vacancy_months", "champion_arrival_annual"), np.array([[3.6, 0.5]]), np.array([1.0]))
    assert p.values_of(0) == {"lead_vacancy_months": 4}
    assert p.values_of(0, population=True) == {"lead_vacancy_months": 4, "champion_arrival_annual": 0.5}
    assert p.values_of(0, fixed={"lead_vacancy_months": 6}, population=True) == {"champion_arrival_annual": 0.5}


def test_a_weight_of_one_always_gives_that_particle_in_every_replication_and_scenario(write_posterior):
    runs = replicate(SCENARIOS, 12, seed=3, posterior=write_posterior(TWO, [1.0, 0.0]))
    assert (runs["status"] == "ok").all()
    assert (runs["particle"] == 0).all()
    assert (runs["param.staff_turnover_annual"] == 0.09).all()
    assert (runs["param.burnout_threshold"] == 0.15).all()
    assert (runs["param.lead_vacancy_months"] == 3).all()


def test_the_last_particle_is_reachable_and_a_zero_weight_never_drawn():
    p = Posterior(("burnout_threshold",), np.array([[0.1], [0.2], [0.3]]), np.array([0.0, 0.0, 1.0]))
    assert {p.particle(purpose_seeds(0, i)["uncertainty"]) for i in range(200)} == {2}


def test_equal_weights_draw_both_and_each_replication_shares_its_particle_across_scenarios(write_posterior):
    runs = replicate(SCENARIOS, 200, seed=0, posterior=write_posterior(TWO, [0.5, 0.5]))
    per_scenario = runs.pivot(index="replication", columns="scenario", values="particle")
    assert (per_scenario.nunique(axis=1) == 1).all()  # common random numbers extend to the particle
    counts = per_scenario.iloc[:, 0].value_counts()
    assert 70 <= counts[0] <= 130 and 70 <= counts[1] <= 130
    expected = np.where(runs["particle"] == 0, 0.09, 0.17)
    assert np.allclose(runs["param.staff_turnover_annual"], expected)


def test_a_posterior_draws_from_the_uncertainty_stream_not_the_model_stream(write_posterior):
    p = load_posterior(write_posterior(TWO, [0.5, 0.5]))
    runs = replicate("lone_champion", 20, seed=5, posterior=p)
    expected = [p.particle(purpose_seeds(5, i)["uncertainty"]) for i in range(20)]
    assert runs["particle"].tolist() == expected
    assert all(rid.endswith(f"-p{p.digest[:12]}") for rid in runs["run_id"])


def test_what_the_scenario_sets_on_purpose_is_not_overridden(write_posterior, scenario):
    fixed = scenario("lone_champion", staff_turnover_annual=0.1)
    runs = replicate(fixed, 5, posterior=write_posterior(TWO, [1.0, 0.0]))
    assert "param.staff_turnover_annual" not in runs.columns  # kept at the scenario's 0.1, not drawn
    assert (runs["param.burnout_threshold"] == 0.15).all()


def test_a_swept_factor_is_not_overridden(write_posterior, tmp_path):
    folder = write_posterior(TWO, [1.0, 0.0])
    experiment = Experiment.from_dict(
        {
            "scenario": "lone_champion",
            "replications": 2,
            "posterior": str(folder),
            "design": {"method": "grid"},
            "vary": {"staff_turnover_annual": {"values": [0.1, 0.16]}},
        }
    )
    assert experiment.to_dict()["posterior"]["posterior_sha256"]
    rows = [RunSpec(s.scenario, s.replication, s.seed, s.point, posterior=s.posterior) for s in experiment.run_specs()]
    runs = replicate_rows(rows)
    assert sorted(set(runs["param.staff_turnover_annual"])) == [0.1, 0.16]
    assert (runs["param.burnout_threshold"] == 0.15).all()


def replicate_rows(specs):
    from journeysim.batch import run_many

    return run_many(specs)


def test_an_experiment_file_names_its_posterior_relative_to_itself(write_posterior, write_experiment):
    write_posterior(TWO, [0.5, 0.5], name="post")
    path = write_experiment(
        'scenario = "lone_champion"\nreplications = 2\nposterior = "post"\n'
        '[design]\nmethod = "grid"\n[vary.burnout_threshold]\nvalues = [0.2, 0.3]\n'
    )
    from journeysim.batch.experiment import load_experiment

    experiment = load_experiment(path)
    assert experiment.posterior is not None and experiment.posterior.particles == 2
    assert all(s.posterior is experiment.posterior for s in experiment.run_specs())


def test_uncertain_and_posterior_together_are_refused(write_posterior):
    folder = write_posterior(TWO, [0.5, 0.5])
    with pytest.raises(InputError, match="not both"):
        replicate("lone_champion", 2, uncertain=True, posterior=folder)
    with pytest.raises(InputError, match="uncertain"):
        Experiment.from_dict(
            {
                "scenario": "lone_champion",
                "replications": 1,
                "uncertain": True,
                "posterior": str(folder),
                "design": {"method": "grid"},
            }
        )


def test_a_posterior_from_other_code_gives_a_warning(write_posterior):
    p = load_posterior(write_posterior(TWO, [0.5, 0.5], manifest={"code_fingerprint": "000000000000"}))
    assert "other model code" in posterior_warning(p)


def test_the_same_seed_gives_the_same_draws_serially_and_on_a_local_pool(write_posterior):
    p = load_posterior(write_posterior(TWO, [0.3, 0.7]))
    serial = replicate(SCENARIOS, 8, seed=11, posterior=p)
    with make_executor(workers=2) as pool:
        pooled = replicate(SCENARIOS, 8, seed=11, posterior=p, executor=pool)
    pd.testing.assert_frame_equal(serial, pooled)


# --------------------------------------------------------------------------------------- bad folders
GOOD = {"burnout_threshold": [0.2, 0.3]}


@pytest.mark.parametrize(
    ("columns", "weights", "manifest", "frame", "expected"),
    [
        (GOOD, [0.5, 0.5], {"kind": "something"}, None, r"manifest\.json: kind = 'something'.*journeysim-posterior"),
        (GOOD, [0.5, 0.5], {"format": 2}, None, r"manifest\.json: format = 2"),
        (GOOD, [0.5, 0.5], {"parameters": []}, None, r"manifest\.json: parameters = \[\]"),
        ({"no_such": [0.2, 0.3]}, [0.5, 0.5], None, None, r"column 'no_such' is not a declared parameter"),
        (
            GOOD,
            [0.5, 0.5],
            {"parameters": ["burnout_threshold", "staff_turnover_annual"]},
            None,
            r"posterior\.parquet: column 'staff_turnover_annual' is missing",
        ),
        (
            {"burnout_threshold": [0.2, 0.9]},
            [0.5, 0.5],
            None,
            None,
            r"posterior\.parquet: column 'burnout_threshold' row 1: 0\.9 is outside.*allowed: 0\.1 to 0\.4",
        ),
        (GOOD, [1.5, -0.5], None, None, r"column 'weight' row 1: -0\.5; allowed: weights of 0 or more"),
        (GOOD, [0.5, 0.4], None, None, r"column 'weight' sums to 0\.9; allowed: weights summing to 1"),
        (
            GOOD,
            [0.5, 0.5],
            {"parameters": ["burnout_threshold"]},
            pd.DataFrame({"burnout_threshold": ["a", "b"], "weight": [0.5, 0.5]}),
            r"column 'burnout_threshold' has type object; allowed: float64",
        ),
        (
            GOOD,
            [0.5, 0.5],
            None,
            pd.DataFrame({"burnout_threshold": [0.2, np.nan], "weight": [0.5, 0.5]}),
            r"column 'burnout_threshold' row 1: nan: allowed: finite numbers",
        ),
        (
            GOOD,
            [0.5, 0.5],
            None,
            pd.DataFrame({"burnout_threshold": [0.2, 0.3], "energy_recovery": [0.05, 0.05], "weight": [0.5, 0.5]}),
            r"column 'energy_recovery' is not listed in manifest\.json parameters",
        ),
        (GOOD, [0.5, 0.5], None, pd.DataFrame({"burnout_threshold": [0.2, 0.3]}), r"column 'weight' is missing"),
        (GOOD, [0.5, 0.5], None, pd.DataFrame({"burnout_threshold": [], "weight": []}), r"holds no particles"),
        ({"succession_planning": [1.0, 1.0]}, [0.5, 0.5], None, None, r"'succession_planning' is a bool parameter"),
    ],
)
def test_a_bad_folder_is_an_input_error_naming_file_column_value_and_allowed(
    write_posterior, columns, weights, manifest, frame, expected
):
    folder = write_posterior(columns, weights, manifest=manifest, frame=frame)
    with pytest.raises(InputError, match=expected):
        load_posterior(folder)


def test_missing_files_and_folders_are_named(write_posterior, tmp_path):
    with pytest.raises(InputError, match="no such folder"):
        load_posterior(tmp_path / "nowhere")
    folder = write_posterior(GOOD, [0.5, 0.5])
    (folder / "posterior.parquet").unlink()
    with pytest.raises(InputError, match=r"posterior\.parquet: missing"):
        load_posterior(folder)
    (folder / "manifest.json").unlink()
    with pytest.raises(InputError, match=r"manifest\.json: missing"):
        load_posterior(folder)
    damaged = write_posterior(GOOD, [0.5, 0.5], name="damaged")
    (damaged / "posterior.parquet").write_bytes(b"not parquet")
    with pytest.raises(InputError, match="cannot be read as Parquet"):
        load_posterior(damaged)
    (damaged / "manifest.json").write_text("{")
    with pytest.raises(InputError, match="cannot be read as JSON"):
        load_posterior(damaged)


def test_a_sweep_draws_the_same_particles_serially_and_on_a_local_pool(write_posterior, tmp_path):
    from journeysim.batch.store import read_runs
    from journeysim.batch.sweep import run_sweep

    experiment = Experiment.from_dict(
        {
            "scenario": "lone_champion",
            "replications": 4,
            "posterior": str(write_posterior(TWO, [0.5, 0.5])),
            "design": {"method": "grid"},
            "vary": {"pressure": {"values": [0.3, 0.7]}},
            "output": {"runs_per_file": 2},
        }
    )
    run_sweep(experiment, tmp_path / "serial", progress=False)
    with make_executor(workers=2) as pool:
        run_sweep(experiment, tmp_path / "pool", executor=pool, progress=False)
    columns = ["run_index", "run_id", "particle", "param.staff_turnover_annual", "final_level"]
    serial = read_runs(tmp_path / "serial").sort_values("run_index")[columns].reset_index(drop=True)
    pooled = read_runs(tmp_path / "pool").sort_values("run_index")[columns].reset_index(drop=True)
    pd.testing.assert_frame_equal(serial, pooled)
    assert set(serial["particle"]) == {0, 1}


def test_an_experiment_hash_follows_the_posterior_content_not_its_folder(tmp_path, write_posterior):
    import shutil

    from journeysim.batch.experiment import Experiment

    first = write_posterior({"evaluation_rate": [0.02, 0.04]}, [0.5, 0.5], name="a")
    moved = tmp_path / "moved"
    shutil.copytree(first, moved)
    make = lambda folder: Experiment.from_dict(  # noqa: E731
        {
            "scenario": "lone_champion",
            "replications": 2,
            "posterior": str(folder),
            "design": {"method": "grid"},
            "vary": {"staff_turnover_annual": {"values": [0.1, 0.16]}},
        }
    )
    assert make(first).hash == make(moved).hash
