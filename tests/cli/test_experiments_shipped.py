"""Experiments ship in the wheel and are found by name from any folder; a --replications trial is its own experiment."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import pytest

from journeysim.batch.experiment import load_experiment
from journeysim.batch.shipped import find_experiment, shipped_experiments
from journeysim.cli import main

ROOT = Path(__file__).resolve().parents[2]


def test_every_experiment_file_is_in_the_wheel_table() -> None:
    table = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["hatch"]["build"]["targets"]["wheel"]
    shipped = table["force-include"]
    for path in sorted((ROOT / "experiments").glob("*.toml")):
        rel = path.relative_to(ROOT).as_posix()
        assert shipped.get(rel) == f"journeysim/_experiments/{path.name}", f"{rel} is not shipped"
    assert not [k for k in shipped if k.startswith("experiments") and not k.endswith(".toml")]


def test_in_a_checkout_the_experiments_folder_is_used() -> None:
    assert set(shipped_experiments()) >= {"funding_sweep", "national_policy_sweep"}
    assert shipped_experiments()["funding_sweep"] == (ROOT / "experiments" / "funding_sweep.toml").resolve()


def test_names_and_readme_paths_resolve_from_another_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    for ref in ("funding_sweep", "experiments/funding_sweep.toml", "funding_sweep.toml"):
        assert find_experiment(ref).name == "funding_sweep.toml"
    assert load_experiment("funding_sweep").name == "funding_sweep"
    own = tmp_path / "funding_sweep.toml"  # a user's own file of that name wins
    own.write_text(
        (ROOT / "experiments" / "funding_sweep.toml").read_text().replace("replications = 30", "replications = 2")
    )
    assert load_experiment("funding_sweep.toml").replications == 2


def test_experiments_lists_names_and_descriptions(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["experiments"]) == 0
    out = capsys.readouterr().out
    assert "funding_sweep" in out and "national_policy_sweep" in out and "grassroots" in out
    assert main(["experiments", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert "funding_sweep" in data["experiments"] and data["experiments"]["funding_sweep"]


def test_an_unknown_experiment_is_refused_with_the_list(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["sweep", "fundng_sweep"]) == 2
    err = capsys.readouterr().err
    assert "no such experiment file" in err and "Did you mean 'funding_sweep'" in err and "national_policy_sweep" in err


def test_sweep_by_name_from_another_folder_with_a_replications_override(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    full = load_experiment("funding_sweep")
    assert main(["sweep", "funding_sweep", "--replications", "1", "--workers", "1", "--no-progress", "--json"]) == 0
    summary = json.loads(capsys.readouterr().out)
    out = tmp_path / "results" / "funding_sweep-n1"
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["experiment"]["replications"] == 1 and "--replications 1 overrides 30" in manifest["source"]
    assert manifest["experiment_hash"] == summary["experiment_hash"] != full.hash
    assert summary["runs_total"] == full.size_of_design()
    # The same folder cannot be resumed with other settings: refused, nothing changed.
    before = sorted(p.name for p in out.rglob("*"))
    code = main(["sweep", "funding_sweep", "--replications", "2", "--out", str(out), "--workers", "1"])
    assert code == 2 and "hash" in capsys.readouterr().err
    assert sorted(p.name for p in out.rglob("*")) == before


def test_a_bad_replications_override_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["sweep", "funding_sweep", "--replications", "0"]) == 2
    assert "--replications 0" in capsys.readouterr().err
