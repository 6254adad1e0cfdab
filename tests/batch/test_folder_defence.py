"""Results folders defend themselves: read-only queries that stay in their folder, no writing into a folder of
another kind, and folder names with glob characters that mean only themselves."""

import json

import pytest
from sweep_helpers import grid_toml

from journeysim.batch.experiment import load_experiment
from journeysim.batch.store import query
from journeysim.batch.sweep import run_sweep
from journeysim.cli import main

EXPERIMENT = grid_toml("defence", 2, runs_per_file=2)


def run(capsys, *argv):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def snapshot(folder):
    return {p.relative_to(folder): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def sweep_dir(write_experiment, tmp_path):
    out = tmp_path / "res"
    run_sweep(load_experiment(write_experiment(EXPERIMENT)), out, progress=False)
    return out


def test_query_reads_and_never_writes_attaches_installs_or_leaves_its_folder(sweep_dir, tmp_path, capsys):
    outside = tmp_path / "outside.csv"
    outside.write_text("secret\n42\n")
    part = sweep_dir / "parts" / "part-000000.parquet"
    before = snapshot(sweep_dir)
    refused = {
        f"COPY (SELECT 1 AS x) TO '{part}' (FORMAT parquet)": "COPY statements are refused",
        f"ATTACH '{tmp_path / 'x.db'}' AS x": "ATTACH statements are refused",
        f"EXPORT DATABASE '{tmp_path / 'exported'}'": "EXPORT statements are refused",
        "INSTALL httpfs": "LOAD statements are refused",
        "LOAD httpfs": "LOAD statements are refused",
        "SET enable_external_access = true": "statements are refused",
        "PRAGMA enable_profiling": "PRAGMA statements are refused",
        "SELECT 1; SELECT 2": "one statement at a time",
        f"SELECT * FROM read_csv('{outside}')": "refused: query reads only the views",
        f"SELECT * FROM '{outside}'": "refused: query reads only the views",
        f"SELECT * FROM read_parquet('{part}')": "refused: query reads only the views",
        "SELECT * FROM glob('/etc/*')": "refused: query reads only the views",
        "": "the SQL is empty",
        "   -- only a comment": "the SQL is empty",
        "/* nothing */ ;": "the SQL is empty",
    }
    for sql, needle in refused.items():
        code, _, err = run(capsys, "query", sweep_dir, sql)
        assert code == 2 and needle in err and err.count("\n") == 1, (sql, err)
        assert str(sweep_dir) in err
    assert snapshot(sweep_dir) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["exp.toml", "outside.csv", "res"]
    code, out, _ = run(capsys, "query", sweep_dir, "SELECT count(*) AS n FROM runs", "--json")
    assert code == 0 and json.loads(out) == [{"n": 4}]
    code, out, _ = run(capsys, "query", sweep_dir, "DESCRIBE runs")
    assert code == 0 and "run_id" in out
    code, out, _ = run(capsys, "query", sweep_dir, "EXPLAIN SELECT * FROM design")
    assert code == 0


@pytest.mark.parametrize("command", ["compare", "run", "nation"])
def test_out_into_a_sweep_folder_is_refused_and_the_folder_untouched(command, sweep_dir, capsys):
    before = snapshot(sweep_dir)
    argv = {
        "compare": ["compare", "lone_champion", "several_implementers", "-n", "2", "--workers", "1"],
        "run": ["run", "lone_champion", "--years", "10"],
        "nation": ["nation", "uk_services", "--years", "10"],
    }[command]
    code, _, err = run(capsys, *argv, "--out", sweep_dir)
    assert code == 2 and err.count("\n") == 1
    assert str(sweep_dir) in err and "holds results of experiment 'defence'" in err
    assert snapshot(sweep_dir) == before


def test_each_kind_refuses_the_others_and_a_run_may_replace_a_run(tmp_path, capsys, write_experiment):
    run_dir, cmp_dir = tmp_path / "one", tmp_path / "cmp"
    assert run(capsys, "run", "lone_champion", "--years", "10", "--out", run_dir)[0] == 0
    assert json.loads((run_dir / "manifest.json").read_text())["kind"] == "run"
    argv = ["compare", "lone_champion", "several_implementers", "-n", "2", "--years", "10", "--workers", "1"]
    assert run(capsys, *argv, "--bootstrap", "100", "--out", cmp_dir)[0] == 0
    assert json.loads((cmp_dir / "manifest.json").read_text())["kind"] == "compare"
    kept = {d: snapshot(d) for d in (run_dir, cmp_dir)}
    code, _, err = run(capsys, *argv, "--out", run_dir)
    assert code == 2 and "holds one run; compare would write a comparison" in err
    code, _, err = run(capsys, "run", "lone_champion", "--out", cmp_dir)
    assert code == 2 and "holds a comparison; run would write one run" in err
    code, _, err = run(capsys, "sweep", write_experiment(EXPERIMENT), "--out", cmp_dir, "--workers", "1")
    assert code == 2 and "holds a comparison; sweep would write results of experiment 'defence'" in err
    code, _, err = run(capsys, "sensitivity", cmp_dir)
    assert code == 2 and "holds a comparison, not sweep results" in err
    code, out, _ = run(capsys, "query", cmp_dir, "SELECT count(*) AS n FROM runs", "--json")
    assert code == 0 and json.loads(out)[0]["n"] > 0  # every results folder is read by query (read-only)
    assert {d: snapshot(d) for d in (run_dir, cmp_dir)} == kept
    assert run(capsys, "run", "lone_champion", "--years", "10", "--seed", "4", "--out", run_dir)[0] == 0
    assert json.loads((run_dir / "manifest.json").read_text())["seed"] == 4
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no building folders left behind


def test_folder_names_with_glob_characters_mean_only_themselves(write_experiment, tmp_path, capsys, monkeypatch):
    path = write_experiment(EXPERIMENT)
    other = write_experiment(EXPERIMENT.replace("replications = 2", "replications = 3"), "other.toml")
    monkeypatch.chdir(tmp_path)
    assert run(capsys, "sweep", other, "--out", "r1", "--workers", "1")[0] == 0
    for name in ("r?", "b[1]", "c*", "d'e"):
        code, out, err = run(capsys, "sweep", path, "--out", name, "--workers", "1")
        assert code == 0, err
        assert json.loads((tmp_path / name / "status.json").read_text())["complete"]
        assert query(name, "SELECT count(*) AS n FROM runs")["n"].iloc[0] == 4  # not r1's 6 as well
    code, out, _ = run(capsys, "query", "r?", "SELECT count(*) AS n FROM runs", "--json")
    assert code == 0 and json.loads(out) == [{"n": 4}]
