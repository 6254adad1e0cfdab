"""The built wheel installs one package, ``journeysim``, with its dashboard assets, scenarios and entry point."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Iterator[zipfile.ZipFile]:
    pytest.importorskip("hatchling", reason="building the wheel offline needs hatchling in this environment")
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "--no-index",
            "-q",
            "-w",
            out,
            ROOT,
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    (path,) = out.glob("journeysim-*.whl")
    with zipfile.ZipFile(path) as archive:
        yield archive


def test_the_only_top_level_package_is_journeysim(wheel: zipfile.ZipFile) -> None:
    top = {name.split("/", 1)[0] for name in wheel.namelist()}
    dist_info = {t for t in top if t.endswith(".dist-info")}
    assert top - dist_info == {"journeysim"}
    assert len(dist_info) == 1 and dist_info.pop().startswith("journeysim-")


def test_dashboard_assets_and_shipped_scenarios_are_inside(wheel: zipfile.ZipFile) -> None:
    names = set(wheel.namelist())
    for asset in (ROOT / "journeysim" / "dashboard" / "assets").iterdir():
        assert f"journeysim/dashboard/assets/{asset.name}" in names
    for scenario in (ROOT / "scenarios").rglob("*.toml"):
        assert f"journeysim/_scenarios/{scenario.relative_to(ROOT / 'scenarios').as_posix()}" in names
    assert "journeysim/dashboard/app.py" in names and "journeysim/presentation/style.py" in names


def test_no_development_script_or_second_package_ships(wheel: zipfile.ZipFile) -> None:
    names = wheel.namelist()
    assert not [n for n in names if n.endswith("screenshot.py")]
    assert not [n for n in names if n.startswith(("dashboards/", "tools/", "tests/"))]
    assert not [n for n in names if "__pycache__" in n]


def test_the_console_script_is_the_cli_package(wheel: zipfile.ZipFile) -> None:
    (entry_points,) = [n for n in wheel.namelist() if n.endswith(".dist-info/entry_points.txt")]
    text = wheel.read(entry_points).decode()
    assert "journeysim = journeysim.cli:main" in text
