"""The built wheel installs one package, ``journeysim``, with its dashboard assets, scenarios and entry point."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

pytestmark = pytest.mark.install

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


@pytest.fixture(scope="module")
def installed(wheel: zipfile.ZipFile, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The wheel unpacked as pip would install it, and a working folder elsewhere with a decoy ``dashboards``."""
    site = tmp_path_factory.mktemp("site")
    wheel.extractall(site)
    work = tmp_path_factory.mktemp("elsewhere")
    # A user's own folders named like ours must not shadow the package (they did, with two top-level packages).
    (work / "dashboards").mkdir()
    (work / "dashboards" / "__init__.py").write_text("raise ImportError('the decoy dashboards package was imported')\n")
    (work / "docs").mkdir()
    return {"site": site, "work": work}


def _journeysim(installed: dict[str, Path], *args: str) -> subprocess.CompletedProcess[str]:
    code = "import sys; from journeysim.cli import main; sys.exit(main(sys.argv[1:]))"
    env = {"PYTHONPATH": str(installed["site"]), "PATH": "/usr/bin:/bin", "HOME": str(installed["work"])}
    return subprocess.run(
        [sys.executable, "-c", code, *args],
        cwd=installed["work"],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )


def test_the_installed_package_is_the_one_imported(installed: dict[str, Path]) -> None:
    out = subprocess.run(
        [
            sys.executable,
            "-c",
            "import journeysim, journeysim.reports.compare, journeysim.dashboard.app as a; print(journeysim.__file__, a.__file__)",
        ],
        cwd=installed["work"],
        env={"PYTHONPATH": str(installed["site"])},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert out.returncode == 0, out.stderr
    assert all(path.startswith(str(installed["site"])) for path in out.stdout.split())


def test_commands_and_reports_work_from_the_installed_wheel(installed: dict[str, Path]) -> None:
    work = installed["work"]
    run = _journeysim(installed, "run", "lone_champion", "--seed", "3")
    assert run.returncode == 0, run.stderr
    assert "lone_champion" in run.stdout
    compare = _journeysim(
        installed,
        "compare",
        "lone_champion",
        "several_implementers",
        "-n",
        "3",
        "--bootstrap",
        "100",
        "--report",
        "compare.html",
        "--out",
        "cmp",
        "--no-progress",
    )
    assert compare.returncode == 0, compare.stderr
    assert (work / "compare.html").stat().st_size > 10_000 and (work / "cmp" / "runs.parquet").exists()
    nation = _journeysim(installed, "nation", "uk_services", "--years", "10", "--report", "nation.html")
    assert nation.returncode == 0, nation.stderr
    assert (work / "nation.html").stat().st_size > 10_000
    docs = _journeysim(installed, "docs", "--out", "params.md")
    assert docs.returncode == 0, docs.stderr
    assert (work / "params.md").read_text().startswith("# Parameters")
    # Nothing was written into the user's own docs/ folder.
    assert list((work / "docs").iterdir()) == []


def test_the_dashboard_serves_from_the_installed_wheel(installed: dict[str, Path]) -> None:
    import socket
    import time
    import urllib.request

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    code = "import sys; from journeysim.cli import main; sys.exit(main(sys.argv[1:]))"
    proc = subprocess.Popen(
        [sys.executable, "-c", code, "dashboard", "--port", str(port)],
        cwd=installed["work"],
        env={"PYTHONPATH": str(installed["site"]), "HOME": str(installed["work"])},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        body, deadline = "", time.monotonic() + 90
        while time.monotonic() < deadline and proc.poll() is None:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5) as response:
                    body = response.read().decode()
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/assets/journeysim.css", timeout=5) as response:
                    css = response.read().decode()
                break
            except OSError:
                time.sleep(0.3)
        assert "_dash-config" in body and "journeysim" in body
        assert len(css) > 100
    finally:
        proc.terminate()
        proc.wait(timeout=30)
