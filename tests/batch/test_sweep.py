"""Sweeps: streamed to Parquet, resumable, refusing to touch other results."""

import json

import pytest
from sweep_helpers import grid_toml

from journeysim.batch.errors import BatchInputError
from journeysim.batch.experiment import load_experiment
from journeysim.batch.parts import committed_chunks
from journeysim.batch.runs import RunSpec, run_spec
from journeysim.batch.store import query, read_runs
from journeysim.batch.sweep import run_sweep

GRID = grid_toml("tiny_grid", 3, seed=4, more="[vary.succession_planning]", runs_per_file=5)


@pytest.fixture
def grid(write_experiment):
    return load_experiment(write_experiment(GRID))


def snapshot(folder):
    return {
        p.relative_to(folder): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file() and p.name != ".lock"
    }


def test_sweep_writes_one_row_per_run_with_identity_parameters_and_outcomes(grid, tmp_path):
    out = tmp_path / "res"
    summary = run_sweep(grid, out, progress=False)
    assert summary.complete and summary.runs_total == 12 and summary.runs_ran == 12 and summary.runs_failed == 0
    runs = read_runs(out)
    assert runs["run_index"].tolist() == list(range(12))
    assert runs["run_id"].is_unique
    assert set(runs["param.culture"]) == {0.2, 0.8} and set(runs["param.succession_planning"]) == {False, True}
    assert committed_chunks(out) == {0, 1, 2}
    # each row equals the run computed on its own from its identity
    row = runs.iloc[7]
    point = {"culture": row["param.culture"], "succession_planning": bool(row["param.succession_planning"])}
    alone = run_spec(RunSpec(grid.base, int(row["replication"]), 4, point=point))
    assert alone["run_id"] == row["run_id"] and alone["participants_total"] == row["participants_total"]
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["experiment_hash"] == grid.hash and manifest["runs_per_file"] == 5
    assert json.loads((out / "status.json").read_text())["complete"] is True
    design = query(out, "SELECT * FROM design ORDER BY point_index")
    assert len(design) == 4 and design["point_id"].tolist() == [0, 1, 2, 3]


def test_running_again_runs_nothing_and_changes_nothing(grid, tmp_path):
    out = tmp_path / "res"
    run_sweep(grid, out, progress=False)
    parts = {p.name: p.read_bytes() for p in (out / "parts").iterdir()}
    again = run_sweep(grid, out, progress=False)
    assert again.runs_ran == 0 and again.runs_before == 12 and again.complete
    assert {p.name: p.read_bytes() for p in (out / "parts").iterdir()} == parts


def test_resume_runs_only_the_missing_chunks(grid, tmp_path):
    out = tmp_path / "res"
    run_sweep(grid, out, progress=False)
    before = read_runs(out)
    (out / "parts" / "part-000001.parquet").unlink()  # as if the sweep had stopped before chunk 1 was committed
    summary = run_sweep(grid, out, progress=False)
    assert summary.runs_before == 7 and summary.runs_ran == 5 and summary.complete
    after = read_runs(out)
    assert after.equals(before)


def test_a_run_that_raises_is_recorded_and_the_sweep_goes_on(grid, tmp_path, monkeypatch):
    from journeysim.model.model import JourneyModel

    real = JourneyModel.run

    def sometimes(model, months=None):
        p = model.scenario_spec.parameters
        if p["culture"] == 0.8 and not p["succession_planning"]:
            raise ValueError("this corner of the world is broken")
        return real(model, months)

    monkeypatch.setattr(JourneyModel, "run", sometimes)
    summary = run_sweep(grid, tmp_path / "res", progress=False)
    assert summary.complete and summary.runs_failed == 3
    runs = read_runs(tmp_path / "res")
    failed = runs[runs["status"] == "failed"]
    assert len(failed) == 3 and set(failed["error"]) == {"ValueError: this corner of the world is broken"}
    assert runs[runs["status"] == "ok"]["participants_total"].notna().all()


def test_keep_series_stores_monthly_series_queryable_by_run(write_experiment, tmp_path):
    e = load_experiment(write_experiment(GRID.replace("runs_per_file = 5", "runs_per_file = 5\nkeep_series = true")))
    run_sweep(e, tmp_path / "res", progress=False)
    n = query(tmp_path / "res", "SELECT count(*) AS n, count(DISTINCT run_id) AS runs FROM series")
    assert n["n"].iloc[0] == 12 * 120 and n["runs"].iloc[0] == 12
    joined = query(
        tmp_path / "res",
        "SELECT r.run_id, max(s.participants) AS peak FROM runs r JOIN series s USING (run_id) GROUP BY r.run_id",
    )
    assert len(joined) == 12


def test_a_folder_of_another_experiment_is_refused_and_left_untouched(grid, write_experiment, tmp_path):
    out = tmp_path / "res"
    run_sweep(grid, out, progress=False)
    before = snapshot(out)
    other = load_experiment(write_experiment(GRID.replace("replications = 3", "replications = 4"), "other.toml"))
    with pytest.raises(BatchInputError, match="holds results of experiment 'tiny_grid'"):
        run_sweep(other, out, progress=False)
    assert snapshot(out) == before


def test_a_non_empty_folder_that_is_not_a_sweep_is_refused(grid, tmp_path):
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "precious.csv").write_text("keep me")
    with pytest.raises(BatchInputError, match="not empty and holds no sweep manifest"):
        run_sweep(grid, folder, progress=False)
    assert [p.name for p in folder.iterdir()] == ["precious.csv"]


def test_results_from_another_version_are_not_mixed(grid, tmp_path):
    out = tmp_path / "res"
    run_sweep(grid, out, progress=False)
    manifest = json.loads((out / "manifest.json").read_text())
    manifest["journeysim"] = "0.0.1"
    (out / "manifest.json").write_text(json.dumps(manifest))
    with pytest.raises(BatchInputError, match=r"made with journeysim 0\.0\.1"):
        run_sweep(grid, out, progress=False)


def test_results_from_other_model_code_are_not_mixed(grid, tmp_path):
    """Editing the model without a version bump still changes the fingerprint, and resume refuses."""
    out = tmp_path / "res"
    run_sweep(grid, out, progress=False)
    manifest = json.loads((out / "manifest.json").read_text())
    assert len(manifest["code"]) == 12
    manifest["code"] = "000000000000"
    (out / "manifest.json").write_text(json.dumps(manifest))
    before = sorted(p.name for p in (out / "parts").iterdir())
    with pytest.raises(BatchInputError, match="different model code"):
        run_sweep(grid, out, progress=False)
    assert sorted(p.name for p in (out / "parts").iterdir()) == before
