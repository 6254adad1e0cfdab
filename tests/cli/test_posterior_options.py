"""``--posterior DIR`` on run, compare, sweep and nation: draws recorded, bad folders exit 2 in one line."""

import json

import pandas as pd
import pytest

from journeysim.cli import main

TWO = {
    "staff_turnover_annual": [0.09, 0.17],
    "burnout_threshold": [0.15, 0.35],
    "champion_arrival_annual": [0.02, 0.05],  # population-level: only a population of services uses it
}
SMALL_POPULATION = (
    "name = 'small'\n[parameters]\nstart_year = 2004\nyears = 10\n"
    "[population.start]\nnobody = 0.5\nlone_champion = 0.5\n"
    "[population.nations.wales]\nservices = 6\npopulation = 3000000\nregions = 2\ntraining_centres = 1\n"
)


def run_cli(capsys, *argv):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_compare_draws_one_particle_per_replication_for_every_scenario(capsys, tmp_path, write_posterior):
    folder = write_posterior(TWO, [0.5, 0.5])
    out = tmp_path / "cmp"
    code, stdout, err = run_cli(
        capsys, "compare", "lone_champion", "lone_champion+succession_planning", "-n", "12",
        "--posterior", folder, "--out", out, "--json", "--workers", "1", "--bootstrap", "100",
    )  # fmt: skip
    assert code == 0, err
    comparison = json.loads(stdout)
    assert comparison["posterior"]["path"] == str(folder.resolve())
    assert len(comparison["posterior"]["posterior_sha256"]) == 64
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["posterior"]["code_fingerprint"] == comparison["posterior"]["code_fingerprint"]
    runs = pd.read_parquet(out / "runs.parquet")
    assert runs.pivot(index="replication", columns="scenario", values="particle").nunique(axis=1).eq(1).all()
    assert set(runs["particle"]) == {0, 1}
    assert "param.champion_arrival_annual" not in runs.columns  # one service: population parameters not drawn


def test_run_takes_the_particle_and_keeps_what_set_sets(capsys, write_posterior):
    folder = write_posterior(TWO, [0.0, 1.0])
    code, stdout, err = run_cli(
        capsys, "run", "lone_champion", "--posterior", folder, "--set", "burnout_threshold=0.3", "--json"
    )
    assert code == 0, err
    drawn = json.loads(stdout)["manifest"]["posterior"]
    assert drawn["particle"] == 1
    assert drawn["values"] == {"staff_turnover_annual": 0.17}  # burnout_threshold stays as --set sets it
    code, stdout, _ = run_cli(capsys, "run", "lone_champion", "--posterior", folder)
    assert code == 0 and "particle 1 of the posterior" in stdout


def test_nation_applies_population_and_service_parameters_once_for_the_whole_population(
    capsys, tmp_path, write_posterior
):
    scenario = tmp_path / "small.toml"
    scenario.write_text(SMALL_POPULATION)
    folder = write_posterior(TWO, [1.0, 0.0])
    code, stdout, err = run_cli(capsys, "nation", scenario, "--single", "--posterior", folder, "--json")
    assert code == 0, err
    drawn = json.loads(stdout)["manifest"]["posterior"]
    assert drawn["values"] == {
        "staff_turnover_annual": 0.09,
        "burnout_threshold": 0.15,
        "champion_arrival_annual": 0.02,
    }


def test_sweep_records_the_posterior_and_draws_it(capsys, tmp_path, write_posterior):
    folder = write_posterior(TWO, [1.0, 0.0])
    experiment = tmp_path / "exp.toml"
    experiment.write_text(
        'scenario = "lone_champion"\nreplications = 3\n[design]\nmethod = "grid"\n'
        "[vary.staff_turnover_annual]\nvalues = [0.1, 0.12]\n"
    )
    out = tmp_path / "sweep"
    code, _, err = run_cli(capsys, "sweep", experiment, "--posterior", folder, "--out", out, "--workers", "1")
    assert code == 0, err
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["experiment"]["posterior"]["path"] == str(folder.resolve())
    from journeysim.batch.store import read_runs

    runs = read_runs(out)
    assert (runs["param.burnout_threshold"] == 0.15).all()
    assert sorted(set(runs["param.staff_turnover_annual"])) == [0.1, 0.12]  # the swept factor wins
    uncertain = tmp_path / "unc.toml"
    uncertain.write_text(experiment.read_text().replace("replications = 3", "replications = 3\nuncertain = true"))
    code, _, err = run_cli(capsys, "sweep", uncertain, "--posterior", folder, "--out", tmp_path / "s2")
    assert code == 2 and "uncertain = true" in err and len(err.strip().splitlines()) == 1


def test_posterior_with_uncertain_exits_2_in_one_line(capsys, write_posterior):
    folder = write_posterior(TWO, [0.5, 0.5])
    code, _, err = run_cli(capsys, "compare", "lone_champion", "-n", "2", "--uncertain", "--posterior", folder)
    assert code == 2
    assert err.strip().splitlines() == [
        "journeysim: error: --posterior cannot be used with --uncertain: draw from a calibrated posterior "
        "or from the declared ranges, not both"
    ]


@pytest.mark.parametrize("command", [["run", "lone_champion"], ["compare", "lone_champion", "-n", "2"]])
@pytest.mark.parametrize(
    ("weights", "expected"),
    [([0.5, 0.6], "column 'weight' sums to 1.1"), ([1.5, -0.5], "column 'weight' row 1: -0.5")],
)
def test_a_bad_folder_exits_2_naming_file_and_column(capsys, write_posterior, command, weights, expected):
    folder = write_posterior(TWO, weights)
    code, _, err = run_cli(capsys, *command, "--posterior", folder)
    assert code == 2
    lines = err.strip().splitlines()
    assert len(lines) == 1 and "posterior.parquet" in lines[0] and expected in lines[0]


def test_a_missing_folder_exits_2(capsys, tmp_path):
    code, _, err = run_cli(capsys, "nation", "uk_services", "--posterior", tmp_path / "none")
    assert code == 2 and "no such folder" in err and len(err.strip().splitlines()) == 1


def test_a_posterior_from_other_code_warns_in_one_line_and_runs(capsys, write_posterior):
    folder = write_posterior(TWO, [0.5, 0.5], manifest={"code_fingerprint": "000000000000"})
    code, _, err = run_cli(capsys, "run", "lone_champion", "--posterior", folder)
    assert code == 0
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("journeysim: warning:") and "other model code" in lines[0]


def test_the_shipped_default_posterior_needs_no_calibration(capsys, tmp_path, monkeypatch):
    """``--posterior default`` reads the calibration shipped in the package, from any working folder."""
    monkeypatch.chdir(tmp_path)
    code, stdout, err = run_cli(capsys, "run", "lone_champion", "--seed", "3", "--posterior", "default", "--json")
    assert code == 0, err
    drawn = json.loads(stdout)["manifest"]["posterior"]
    assert drawn["particles"] == 200 and 0 <= drawn["particle"] < 200
    # champion_arrival_annual is calibrated too, but only a population of services uses it
    assert set(drawn["values"]) == {
        "referral_share_no_pathway",
        "new_senior_view_weight",
        "senior_priority_threshold",
        "staff_turnover_annual",
    }
    assert "fingerprint" not in err  # calibrated with the code that ships beside it


def test_a_local_folder_named_default_wins_over_the_shipped_one(capsys, tmp_path, monkeypatch, write_posterior):
    monkeypatch.chdir(tmp_path)
    folder = write_posterior(TWO, [0.5, 0.5])
    folder.rename(tmp_path / "default")
    code, stdout, err = run_cli(capsys, "run", "lone_champion", "--seed", "3", "--posterior", "default", "--json")
    assert code == 0, err
    assert json.loads(stdout)["manifest"]["posterior"]["particles"] == 2


def test_compare_at_fixed_values_adds_the_headline_differences_under_the_shipped_posterior(capsys):
    from journeysim.api import compare

    argv = ["compare", "lone_champion", "several_implementers", "-n", "16", "--workers", "1", "--no-progress"]
    code, out, _ = run_cli(capsys, *argv)
    assert code == 0 and "Under the calibrated posterior (the shipped calibration" in out
    code, data, _ = run_cli(capsys, *argv, "--json")
    under = json.loads(data)["under_posterior"]
    assert under["posterior"]["path"].endswith("default") and under["order"] == [
        "lone_champion",
        "several_implementers",
    ]
    expected = compare(["lone_champion", "several_implementers"], replications=16, posterior="default").to_dict()
    running = {d["metric"]: d for d in expected["differences"]}["p_running_at_end"]
    shown = {d["metric"]: d for d in under["differences"]}
    assert set(shown) == {"p_embedded_at_10", "p_running_at_end", "p_collapse_after_departure", "people_reached"}
    assert shown["p_running_at_end"]["diff"] == running["diff"]  # exactly compare's under the posterior
    code, out, _ = run_cli(capsys, *argv, "--fixed-only")
    assert code == 0 and "calibrated posterior" not in out
    code, data, _ = run_cli(capsys, *argv, "--json", "--posterior", "default")
    assert code == 0 and "under_posterior" not in json.loads(data)  # already drawn from it: nothing to add


def test_a_missing_folder_for_one_world_says_nothing_before_the_error(capsys, tmp_path):
    code, _, err = run_cli(capsys, "nation", "uk_services", "--single", "--posterior", tmp_path / "none")
    assert code == 2 and err.strip().splitlines() == [
        f"journeysim: error: '{tmp_path / 'none'}': no such folder; give a calibration's posterior folder"
    ]


def test_a_posterior_from_other_code_warns_once_for_a_nation(capsys, tmp_path, write_posterior):
    (tmp_path / "small.toml").write_text(SMALL_POPULATION)
    folder = write_posterior(TWO, [0.5, 0.5], manifest={"code_fingerprint": "000000000000"})
    argv = ["nation", tmp_path / "small.toml", "--single", "--no-progress", "--posterior", folder]
    code, _, err = run_cli(capsys, *argv, "--out", tmp_path / "n")
    assert code == 0 and sum("other model code" in line for line in err.splitlines()) == 1
