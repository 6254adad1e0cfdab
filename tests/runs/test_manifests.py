"""Every manifest in the package comes from one builder and carries the same provenance keys."""

import json
import platform

import pytest

import journeysim
import journeysim.runs.manifest as manifest_module
from journeysim.batch.experiment import load_experiment
from journeysim.batch.sweep import run_sweep
from journeysim.cli import main
from journeysim.fingerprint import code_fingerprint
from journeysim.runs import run_journey, run_nation
from journeysim.runs.manifest import DEPENDENCIES, PROVENANCE_KEYS, build_manifest, provenance

SWEEP = """
name = "manifest_grid"
scenario = "lone_champion"
replications = 1
[set]
years = 10
[design]
method = "grid"
[vary.culture]
values = [0.2, 0.8]
"""


def single(scenario, tmp_path):
    return run_journey(scenario("lone_champion", years=10), 0).manifest


def population(scenario, tmp_path):
    return run_nation(scenario("uk_services", years=10), 0, months=12).manifest


def sweep(scenario, tmp_path):
    path = tmp_path / "exp.toml"
    path.write_text(SWEEP)
    run_sweep(load_experiment(path), tmp_path / "sweep", progress=False)
    return json.loads((tmp_path / "sweep" / "manifest.json").read_text())


def compare(scenario, tmp_path):
    out = tmp_path / "cmp"
    argv = ["compare", "lone_champion", "several_implementers", "-n", "2", "--years", "10", "--workers", "1"]
    assert main([*argv, "--out", str(out), "--bootstrap", "100"]) == 0
    return json.loads((out / "manifest.json").read_text())


MANIFESTS = {"single": single, "population": population, "sweep": sweep, "compare": compare}


def test_provenance_is_the_package_the_code_python_and_one_dependency_list():
    p = provenance()
    assert tuple(p) == PROVENANCE_KEYS
    assert p["journeysim"] == journeysim.__version__ and p["code"] == code_fingerprint() and len(p["code"]) == 12
    assert p["python"] == platform.python_version()
    assert tuple(p["dependencies"]) == DEPENDENCIES and p["dependencies"]["mesa"].startswith("3.")


def test_build_manifest_orders_identity_provenance_details_and_time():
    m = build_manifest({"scenario": "x", "seed": 1}, {"scenario_definition": {}}, created=True)
    assert list(m) == ["scenario", "seed", *PROVENANCE_KEYS, "scenario_definition", "created"]
    assert "created" not in build_manifest({"seed": 1})


@pytest.mark.parametrize("kind", list(MANIFESTS))
def test_every_manifest_carries_the_same_provenance(kind, scenario, capsys, tmp_path):
    m = json.loads(json.dumps(MANIFESTS[kind](scenario, tmp_path), default=str))
    capsys.readouterr()
    assert {k: m[k] for k in PROVENANCE_KEYS} == provenance()


@pytest.mark.parametrize(
    "kind",
    [
        "single",
        "population",
        "sweep",
        "compare",
    ],
)
def test_every_manifest_is_built_by_the_one_builder(kind, scenario, capsys, tmp_path, monkeypatch):
    marker = {"journeysim": "marker", "code": "marker", "python": "marker", "dependencies": {"marker": "1"}}
    monkeypatch.setattr(manifest_module, "provenance", lambda: dict(marker))
    m = json.loads(json.dumps(MANIFESTS[kind](scenario, tmp_path), default=str))
    capsys.readouterr()
    assert {k: m[k] for k in PROVENANCE_KEYS} == marker
