"""The public Python API: names, paths, objects and name+strategy accepted; tidy frames; Python-speaking errors;
the same numbers as the command line."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

import journeysim
from journeysim.errors import InputError
from journeysim.library import shipped_scenarios
from journeysim.model.model import SERIES_COLUMNS

ROOT = Path(__file__).resolve().parents[1]
PAIR = ["lone_champion", "lone_champion_succession"]
TINY = {"name": "tiny", "scenario": "lone_champion", "replications": 3, "set": {"years": 10},
        "design": {"method": "grid"}, "vary": {"pressure": {"values": [0.3, 0.7]}}}  # fmt: skip


def test_the_api_is_at_the_top_of_the_package() -> None:
    for name in ("run", "compare", "sweep", "run_nation", "load_scenario", "scenarios", "strategies"):
        assert callable(getattr(journeysim, name)), name
        assert getattr(journeysim, name) is getattr(journeysim.api, name)
    assert journeysim.InputError is InputError
    assert set(journeysim.__all__) <= set(dir(journeysim))
    # The lazy list at the top (kept there so importing the package stays cheap) is the API's own list.
    assert set(journeysim.API) - {"InputError"} == set(journeysim.api.__all__)
    with pytest.raises(AttributeError):
        journeysim.no_such_name  # noqa: B018


def test_import_journeysim_is_light() -> None:
    code = "import sys, journeysim; print(sorted(m for m in ('pandas', 'mesa', 'numpy') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_python_dash_m_journeysim_runs_the_cli() -> None:
    done = subprocess.run([sys.executable, "-m", "journeysim", "--help"], capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 0 and "usage: journeysim" in done.stdout


def test_scenarios_and_strategies_list_shipped_names() -> None:
    assert journeysim.scenarios() == list(shipped_scenarios())
    assert "lone_champion" in journeysim.scenarios() and "succession_planning" in journeysim.strategies()


def test_names_paths_objects_and_strategies_are_accepted() -> None:
    by_name = journeysim.run("lone_champion", seed=2, years=10)
    path = shipped_scenarios()["lone_champion"]
    for ref in (path, str(path), journeysim.load_scenario("lone_champion")):
        other = journeysim.run(ref, seed=2, years=10)
        assert other.outcomes == by_name.outcomes
        pd.testing.assert_frame_equal(other.series, by_name.series)
    plus = journeysim.load_scenario("lone_champion+succession_planning")
    assert plus.name == "lone_champion+succession_planning" and plus.strategies == ("succession_planning",)
    assert journeysim.run(plus, seed=2, years=10).scenario.hash == plus.with_parameters({"years": 10}).hash


def test_a_journey_has_tidy_frames_and_causes_as_lists() -> None:
    journey = journeysim.run("lone_champion+champion_leaves_year5", seed=1)
    assert list(journey.series.columns) == list(SERIES_COLUMNS)
    assert len(journey.series) == journey.outcomes["months"] == 240
    assert list(journey.events.columns) == ["month", "date", "kind", "direction", "category", "causes", "effect"]
    assert all(isinstance(c, list) and all(isinstance(x, str) for x in c) for c in journey.events["causes"])
    assert "champion_left" in set(journey.events["kind"])
    assert journey.manifest["scenario_hash"] == journey.scenario.hash and "Journey(" in repr(journey)


def test_parameters_and_years_are_applied() -> None:
    s = journeysim.load_scenario("lone_champion", parameters={"pressure": 0.8}, years=12)
    assert s.parameters["pressure"] == 0.8 and s.months == 144
    assert journeysim.load_scenario(s) == s


@pytest.fixture(scope="module")
def comparison() -> journeysim.Comparison:
    return journeysim.compare(
        ["lone_champion+champion_leaves_year5", shipped_scenarios()["lone_champion_succession"]],
        replications=4,
        seed=5,
        years=12,
        bootstrap=200,
    )


def test_a_comparison_has_tidy_frames(comparison: journeysim.Comparison) -> None:
    assert comparison.labels == ("lone_champion+champion_leaves_year5", "lone_champion_succession")
    runs = comparison.runs
    assert len(runs) == 8 and set(runs["replication"]) == {0, 1, 2, 3} and (runs["status"] == "ok").all()
    assert {"scenario", "replication", "final_level", "running_at_end", "participants_total"} <= set(runs.columns)
    assert list(comparison.monthly.columns[:3]) == ["run_id", "scenario", "replication"]
    assert len(comparison.monthly) == 8 * 144
    est = comparison.estimates
    assert list(est.columns) == ["scenario", "metric", "label", "value", "ci_low", "ci_high", "n"]
    assert {"p_running_at_end", "p_collapse_after_departure", "people_reached"} <= set(est["metric"])
    demand = "eligible_total referrals_total need_met_share fill_rate courses_cancelled waiting_at_end".split()
    assert {"median_departure_to_last_course", *demand} <= set(est["metric"])
    assert {"months_departure_to_last_course", "last_course_censored", "need_met_share"} <= set(runs.columns)
    assert not est.duplicated(["scenario", "metric"]).any()
    diff = comparison.differences
    assert list(diff.columns) == [
        "metric", "label", "a", "b", "diff", "ci_low", "ci_high", "n_pairs", "ci_excludes_zero"
    ]  # fmt: skip
    assert (diff["a"] == comparison.labels[0]).all() and (diff["n_pairs"] <= 4).all()
    endpoints = ["time_to_embedded", "departure_to_collapse", "departure_to_last_course"]
    assert list(comparison.logrank["endpoint"]) == endpoints
    assert list(comparison.table().index) == list(comparison.labels)


def test_compare_gives_the_same_numbers_as_the_cli() -> None:
    args = ["--replications", "6", "--seed", "3", "--years", "15", "--bootstrap", "300", "--set", "pressure=0.7"]
    done = subprocess.run(
        [sys.executable, "-m", "journeysim", "compare", *PAIR, *args, "--workers", "1", "--json", "--compact"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=True,
    )
    cli = json.loads(done.stdout)
    api = journeysim.compare(PAIR, replications=6, seed=3, years=15, bootstrap=300, parameters={"pressure": 0.7})
    ours = api.to_dict()
    for key in ("order", "horizon_years", "seed", "replications", "scenarios", "differences", "logrank"):
        assert ours[key] == cli[key], key


def test_compare_populations_and_run_nation() -> None:
    uk = journeysim.run_nation("uk_services", years=10, seed=1)
    assert {"year", "nation", "share_embedded", "participants_per_100k", "gini"} <= set(uk.yearly.columns)
    assert "uk" in set(uk.yearly["nation"]) and len(uk.services) == uk.outcomes["services"]
    assert all(isinstance(c, list) for c in uk.events["causes"])


def test_a_small_sweep_from_a_mapping(tmp_path: Path) -> None:
    sweep = journeysim.sweep(TINY, replications=2)
    assert sweep.out is None and sweep.factors == ("pressure",) and len(sweep.runs) == 4
    means = sweep.by_point("running_at_end")
    assert list(means.columns) == ["pressure", "mean", "n"] and list(means["n"]) == [2, 2]
    kept = journeysim.sweep(TINY, replications=2, out=tmp_path / "tiny")
    assert kept.out == tmp_path / "tiny" and (kept.out / "manifest.json").is_file()
    pd.testing.assert_frame_equal(kept.by_point("running_at_end"), means)
    with pytest.raises(InputError, match=r"^outcome='nope'"):
        sweep.by_point("nope")


@pytest.mark.parametrize(
    ("call", "argument"),
    [
        (lambda: journeysim.compare(PAIR, replications=0), "replications=0"),
        (lambda: journeysim.compare(PAIR, replications=True), "replications=True"),
        (lambda: journeysim.compare(PAIR, replications=2, seed=-1), "seed=-1"),
        (lambda: journeysim.compare(PAIR, replications=2, bootstrap=10), "bootstrap=10"),
        (lambda: journeysim.compare(PAIR, replications=2, workers=0), "workers=0"),
        (lambda: journeysim.compare(PAIR, replications=2, confidence=95), "confidence=95"),
        (lambda: journeysim.compare("lone_champion", replications=2), "scenarios='lone_champion'"),
        (lambda: journeysim.compare([], replications=2), "scenarios=[]"),
        (lambda: journeysim.compare(["lone_champion", "nope"], replications=2), "scenarios[1]='nope'"),
        (lambda: journeysim.compare(["lone_champion", "uk_services"], replications=2), "scenarios:"),
        (lambda: journeysim.run("no_such_service"), "scenario='no_such_service'"),
        (lambda: journeysim.run("lone_champion+no_such_strategy"), "scenario='lone_champion+no_such_strategy'"),
        (lambda: journeysim.run(42), "scenario=42"),
        (lambda: journeysim.run("uk_services"), "scenario='uk_services'"),
        (lambda: journeysim.run("lone_champion", seed=1.5), "seed=1.5"),
        (lambda: journeysim.run("lone_champion", parameters={"presure": 0.5}), "parameters: presure"),
        (lambda: journeysim.run("lone_champion", parameters={"pressure": 5}), "parameters: pressure"),
        (lambda: journeysim.run("lone_champion", parameters=[("pressure", 1)]), "parameters=["),
        (lambda: journeysim.run("lone_champion", years=0), "years=0"),
        (lambda: journeysim.run_nation("lone_champion"), "scenario='lone_champion'"),
        (lambda: journeysim.sweep("no/such/experiment.toml"), "experiment='no/such/experiment.toml'"),
        (lambda: journeysim.sweep(3), "experiment=3"),
        (lambda: journeysim.sweep({"scenario": "lone_champion"}, replications=0), "replications=0"),
    ],
)
def test_bad_arguments_raise_input_error_naming_the_argument(call, argument: str) -> None:
    with pytest.raises(InputError) as caught:
        call()
    message = str(caught.value)
    assert message.startswith(argument), message
    assert "--" not in message, message  # Python callers are not told about command-line flags


# ----------------------------------------------------------------------------- posterior=
POSTERIOR = {"staff_turnover_annual": [0.09, 0.17], "champion_arrival_annual": [0.02, 0.05]}


def test_posterior_is_accepted_as_a_path_or_a_posterior_everywhere(write_posterior, tmp_path: Path) -> None:
    from journeysim.batch.posterior import load_posterior

    folder = write_posterior(POSTERIOR, [1.0, 0.0])
    journey = journeysim.run("lone_champion", seed=2, posterior=folder)
    assert journey.manifest["posterior"]["values"] == {"staff_turnover_annual": 0.09}
    assert journey.scenario.parameters["staff_turnover_annual"] == 0.09
    loaded = load_posterior(folder)
    c = journeysim.compare(PAIR, replications=4, bootstrap=100, posterior=loaded)
    assert c.summary["posterior"]["posterior_sha256"] == c.manifest["posterior"]["posterior_sha256"]
    assert (c.runs["param.staff_turnover_annual"] == 0.09).all() and (c.runs["particle"] == 0).all()
    experiment = {k: v for k, v in TINY.items() if k not in ("name", "set")} | {"replications": 2}
    s = journeysim.sweep(experiment, posterior=folder, out=tmp_path / "sw")
    assert (s.runs["param.staff_turnover_annual"] == 0.09).all()
    assert json.loads((tmp_path / "sw" / "manifest.json").read_text())["experiment"]["posterior"]["particles"] == 2


def test_run_nation_takes_one_particle_for_the_whole_population(write_posterior) -> None:
    folder = write_posterior(POSTERIOR, [0.0, 1.0])
    uk = journeysim.run_nation("uk_services", years=10, seed=1, posterior=folder)
    assert uk.manifest["posterior"]["particle"] == 1
    assert uk.manifest["posterior"]["values"] == {"staff_turnover_annual": 0.17, "champion_arrival_annual": 0.05}
    assert uk.scenario.parameters["champion_arrival_annual"] == 0.05


def test_a_bad_posterior_names_the_argument_and_another_codes_warns(write_posterior, tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"^posterior=.*no such folder"):
        journeysim.run("lone_champion", posterior=tmp_path / "none")
    with pytest.raises(InputError, match=r"^posterior=.*column 'weight' sums to 1\.5"):
        journeysim.run("lone_champion", posterior=write_posterior(POSTERIOR, [1.0, 0.5]))
    folder = write_posterior(POSTERIOR, [0.5, 0.5], name="other", manifest={"code_fingerprint": "000000000000"})
    with pytest.warns(UserWarning, match="other model code"):
        journeysim.run("lone_champion", posterior=folder)
    with pytest.raises(InputError, match="not both"):
        journeysim.compare(PAIR, replications=2, uncertain=True, posterior=folder)


# ----------------------------------------------------------------------------- .write()
def _query(capsys: pytest.CaptureFixture[str], folder: Path, sql: str) -> list[dict]:
    from journeysim.cli import main

    assert main(["query", str(folder), sql, "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_results_written_from_python_are_read_back_by_read_runs_and_query(
    comparison: journeysim.Comparison, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from journeysim.batch.store import read_runs

    journey = journeysim.run("lone_champion", seed=3, years=10)
    journey.write(tmp_path / "run")
    back = read_runs(tmp_path / "run")
    assert len(back) == 1 and back.loc[0, "participants_total"] == journey.outcomes["participants_total"]
    manifest = json.loads((tmp_path / "run" / "manifest.json").read_text())
    assert manifest["outcomes"]["final_level"] == journey.outcomes["final_level"] and manifest["seed"] == 3
    assert _query(capsys, tmp_path / "run", "SELECT seed, final_level FROM runs") == [
        {"seed": 3, "final_level": journey.outcomes["final_level"]}
    ]

    comparison.write(tmp_path / "compare", format="csv")
    assert sorted(p.name for p in (tmp_path / "compare").iterdir()) == [
        "comparison.json", "manifest.json", "runs.csv", "series.csv"
    ]  # fmt: skip
    assert _query(capsys, tmp_path / "compare", "SELECT count(*) AS n FROM runs") == [{"n": 8}]
    assert _query(capsys, tmp_path / "compare", "SELECT count(*) AS n FROM series") == [{"n": 8 * 144}]
    written = json.loads((tmp_path / "compare" / "comparison.json").read_text())
    assert written["differences"] == comparison.to_dict()["differences"]
    with pytest.raises(InputError, match="already holds a comparison"):
        comparison.write(tmp_path / "compare")
    with pytest.raises(InputError):
        journey.write(tmp_path / "compare")  # a folder of another kind is refused

    uk = journeysim.run_nation("uk_services", years=10, seed=1)
    uk.write(tmp_path / "nation")
    assert read_runs(tmp_path / "nation").loc[0, "services"] == uk.outcomes["services"]
    assert _query(capsys, tmp_path / "nation", "SELECT count(*) AS n FROM services") == [{"n": len(uk.services)}]


def test_a_journey_writes_the_folder_the_command_line_writes(tmp_path: Path) -> None:
    from journeysim.cli import main

    assert main(["run", "lone_champion", "--seed", "2", "--years", "10", "--out", str(tmp_path / "cli")]) == 0
    journeysim.run("lone_champion", seed=2, years=10).write(tmp_path / "api")
    for table in ("runs", "series", "events"):
        cli, api = (pd.read_parquet(tmp_path / side / f"{table}.parquet") for side in ("cli", "api"))
        pd.testing.assert_frame_equal(cli, api)
    cli, api = (json.loads((tmp_path / side / "manifest.json").read_text()) for side in ("cli", "api"))
    assert {k: v for k, v in cli.items() if k != "created"} == {k: v for k, v in api.items() if k != "created"}


def test_a_kept_sweep_is_copied_by_write(tmp_path: Path) -> None:
    from journeysim.batch.store import read_runs

    experiment = TINY | {"replications": 1}
    kept = journeysim.sweep(experiment, out=tmp_path / "tiny")
    kept.write(tmp_path / "copy")
    pd.testing.assert_frame_equal(read_runs(tmp_path / "copy"), kept.runs)
    with pytest.raises(InputError, match="temporary folder"):
        journeysim.sweep(experiment).write(tmp_path / "other")
