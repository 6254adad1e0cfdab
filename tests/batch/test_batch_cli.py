"""The compare, sweep, query and sensitivity commands: outputs, JSON, and exit status 2 for bad input."""

import json

import pandas as pd
import pytest
from sweep_helpers import grid_toml

from journeysim.cli import main

FRAGILE = ["lone_champion+champion_leaves_year5", "several_implementers+champion_leaves_year5"]
SWEEP = grid_toml("cli_grid", 2)
SOBOL = """
name = "cli_sobol"
scenario = "lone_champion"
replications = 2
[set]
years = 10
[design]
method = "sobol"
samples = 4
[vary.culture]
[vary.pressure]
"""


def run(capsys, *argv):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def snapshot(folder):
    return {
        p.relative_to(folder): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file() and p.name != ".lock"
    }


def test_compare_json_carries_the_promised_numbers(capsys):
    code, out, _ = run(
        capsys, "compare", *FRAGILE, "-n", "12", "--years", "10", "--workers", "1", "--json", "--bootstrap", "200"
    )
    assert code == 0
    data = json.loads(out)
    a, b = FRAGILE
    assert data["order"] == FRAGILE and data["replications"] == 12 and data["seed"] == 0
    for name in FRAGILE:
        s = data["scenarios"][name]
        assert set(s["p_embedded_at"]) == {"5", "10", "15"}
        assert s["p_embedded_at"]["15"] is None  # beyond a 10-year horizon
        assert 0 <= s["p_embedded_at"]["5"] <= 1 and 0 <= s["p_running_at_end"] <= 1
        assert s["runs"] == 12 and s["failed"] == 0
        assert s["departure_to_collapse"]["n"] == 12  # the lead leaves in year 5 in every run
        assert {"median_years", "ci_low", "ci_high", "curve"} <= set(s["time_to_embedded"])
    diffs = {d["metric"]: d for d in data["differences"]}
    assert {"p_embedded_at_5", "p_embedded_at_10", "p_running_at_end", "people_reached", "cost_per_participant"} <= set(
        diffs
    )
    d = diffs["p_running_at_end"]
    assert (d["a"], d["b"]) == (a, b)
    expected = data["scenarios"][b]["p_running_at_end"] - data["scenarios"][a]["p_running_at_end"]
    assert d["diff"] == pytest.approx(expected)
    assert d["ci_low"] <= d["diff"] <= d["ci_high"]
    assert {t["endpoint"] for t in data["logrank"]} == {
        "time_to_embedded",
        "departure_to_collapse",
        "departure_to_last_course",
    }
    assert data["manifest"]["scenarios"][a]["hash"]


def test_compare_table_is_readable_at_a_glance(capsys):
    code, out, _ = run(capsys, "compare", *FRAGILE, "-n", "8", "--years", "10", "--workers", "1", "--bootstrap", "200")
    assert code == 0
    assert f"  A  {FRAGILE[0]}" in out and f"  B  {FRAGILE[1]}" in out
    for label in (
        "embedded at year 5",
        "running at the horizon",
        "median years leaving→collapse",
        "people reached (mean)",
        "cost per participant (GBP)",
        "Paired differences",
        "B - A",
        "log-rank",
    ):
        assert label in out


def test_compare_out_writes_tidy_runs_and_never_overwrites(capsys, tmp_path):
    out = tmp_path / "cmp"
    code, _, _ = run(
        capsys, "compare", *FRAGILE, "-n", "4", "--years", "10", "--workers", "1", "--out", out, "--bootstrap", "200"
    )
    assert code == 0
    runs = pd.read_parquet(out / "runs.parquet")
    assert len(runs) == 8 and set(runs["scenario"]) == set(FRAGILE)
    assert json.loads((out / "comparison.json").read_text())["order"] == FRAGILE
    before = snapshot(out)
    code, _, err = run(capsys, "compare", *FRAGILE, "-n", "4", "--workers", "1", "--out", out)
    assert code == 2 and "already holds a comparison" in err
    assert snapshot(out) == before


def test_compare_report_gets_runs_monthly_series_and_the_json(capsys, tmp_path, monkeypatch):
    import journeysim.reports

    seen = {}

    def fake(path, comparison, runs, monthly, manifest):
        seen.update(path=path, comparison=comparison, runs=runs, monthly=monthly, manifest=manifest)
        return path

    monkeypatch.setattr(journeysim.reports, "write_compare_report", fake)
    code, _, _ = run(
        capsys,
        "compare",
        *FRAGILE,
        "-n",
        "3",
        "--years",
        "10",
        "--workers",
        "1",
        "--report",
        tmp_path / "r.html",
        "--bootstrap",
        "200",
    )
    assert code == 0
    assert {
        "scenario",
        "replication",
        "month",
        "date",
        "level_code",
        "running",
        "participants",
        "teachers",
        "courses_last_12",
    } <= set(seen["monthly"].columns)  # the whole monthly frame: the report reads the columns it draws
    assert len(seen["monthly"]) == 2 * 3 * 120 and len(seen["runs"]) == 6
    assert set(seen["comparison"]["scenarios"]) == set(FRAGILE)
    assert seen["manifest"]["seed"] == 0 and seen["manifest"]["command"] == "compare"


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["compare", "no_such_scenario", "-n", "3", "--workers", "1"], "no_such_scenario"),
        (["compare", "lone_champion", "-n", "0", "--workers", "1"], "--replications 0"),
        (["compare", "lone_champion", "-n", "3", "--workers", "0"], "--workers 0"),
        (["compare", "lone_champion", "-n", "3", "--report", "out.txt"], "ending in .html"),
        (["compare", "lone_champion", "-n", "3", "--set", "pressure=9", "--workers", "1"], "pressure = 9"),
        (
            ["compare", "lone_champion", "-n", "3", "--scheduler", "tcp://127.0.0.1:9", "--connect-timeout", "1"],
            "cannot reach a Dask scheduler",
        ),
        (["sweep", "missing.toml"], "no such experiment file"),
        (["query", "no_such_dir", "SELECT 1"], "no such results folder"),
        (["sensitivity", "no_such_dir"], "no such results folder"),
    ],
)
def test_bad_input_is_one_line_and_exit_status_2(capsys, args, needle):
    code, _, err = run(capsys, *args)
    assert code == 2
    assert needle in err and err.startswith("journeysim: error:") and err.count("\n") == 1
    assert "Traceback" not in err


def test_workers_and_scheduler_together_is_a_usage_error(capsys):
    with pytest.raises(SystemExit) as info:
        main(["compare", "lone_champion", "-n", "2", "--workers", "2", "--scheduler", "tcp://127.0.0.1:8786"])
    assert info.value.code == 2
    assert "not allowed with argument" in capsys.readouterr().err


def test_sweep_query_and_resume_from_the_command_line(capsys, write_experiment, tmp_path):
    path, out = write_experiment(SWEEP), tmp_path / "res"
    code, text, _ = run(capsys, "sweep", path, "--out", out, "--workers", "1")
    assert code == 0 and "4 of 4 runs committed" in text
    code, text, _ = run(capsys, "sweep", path, "--out", out, "--workers", "1", "--json")
    assert code == 0 and json.loads(text)["runs_ran"] == 0
    code, text, _ = run(
        capsys, "query", out, 'SELECT "param.culture" AS c, count(*) AS n FROM runs GROUP BY c ORDER BY c', "--json"
    )
    assert code == 0 and json.loads(text) == [{"c": 0.2, "n": 2}, {"c": 0.8, "n": 2}]
    code, text, _ = run(capsys, "query", out, "SELECT run_index, final_level FROM runs ORDER BY run_index", "--csv")
    assert code == 0 and text.splitlines()[0] == "run_index,final_level" and len(text.splitlines()) == 5
    code, _, err = run(capsys, "query", out, "SELECT nope FROM runs")
    assert code == 2 and "nope" in err


def test_bad_experiments_and_unreachable_schedulers_leave_existing_results_alone(capsys, write_experiment, tmp_path):
    path, out = write_experiment(SWEEP), tmp_path / "res"
    assert run(capsys, "sweep", path, "--out", out, "--workers", "1")[0] == 0
    before = snapshot(out)
    for text, needle in (
        (SWEEP.replace("[vary.culture]", "[vary.cultur]"), "vary.cultur"),
        (SWEEP.replace("values = [0.2, 0.8]", "values = [0.2, 1.8]"), "outside the declared range"),
        (SWEEP.replace("replications = 2", "replications = 0"), "replications = 0"),
    ):
        code, _, err = run(capsys, "sweep", write_experiment(text, "bad.toml"), "--out", out, "--workers", "1")
        assert code == 2 and needle in err and "bad.toml" in err
        assert snapshot(out) == before
    code, _, err = run(
        capsys, "sweep", path, "--out", out, "--scheduler", "tcp://127.0.0.1:9", "--connect-timeout", "1"
    )
    assert code == 2 and "cannot reach" in err
    code, _, err = run(
        capsys,
        "sweep",
        write_experiment(SWEEP.replace("replications = 2", "replications = 3"), "o.toml"),
        "--out",
        out,
        "--workers",
        "1",
    )
    assert code == 2 and "holds results of experiment 'cli_grid'" in err
    assert snapshot(out) == before


def test_sensitivity_from_the_command_line(capsys, write_experiment, tmp_path):
    out = tmp_path / "sob"
    assert run(capsys, "sweep", write_experiment(SOBOL), "--out", out, "--workers", "1")[0] == 0
    code, text, _ = run(capsys, "sensitivity", out, "--outcome", "participants_total", "--json", "--resamples", "100")
    assert code == 0
    data = json.loads(text)
    assert data["method"] == "sobol" and set(data["outcomes"]["participants_total"]) == {"culture", "pressure"}
    assert set(data["outcomes"]["participants_total"]["culture"]) == {"S1", "S1_conf", "ST", "ST_conf"}
    code, text, _ = run(capsys, "sensitivity", out, "--outcome", "participants_total")
    assert code == 0 and "ST_conf" in text and "culture" in text
    grid_out = tmp_path / "grid"
    assert run(capsys, "sweep", write_experiment(SWEEP, "g.toml"), "--out", grid_out, "--workers", "1")[0] == 0
    code, _, err = run(capsys, "sensitivity", grid_out)
    assert code == 2 and "grid sweep" in err
    code, _, err = run(capsys, "sensitivity", out, "--outcome", "bogus")
    assert code == 2 and "'bogus' is not a run column" in err


@pytest.mark.parametrize("command", ["compare", "sweep", "query", "sensitivity"])
def test_every_command_has_help(capsys, command):
    with pytest.raises(SystemExit) as info:
        main([command, "--help"])
    assert info.value.code == 0
    assert "usage: journeysim " + command in capsys.readouterr().out
