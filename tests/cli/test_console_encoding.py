"""Output on a narrow console encoding (Windows' cp1252 when redirected) never crashes, and input errors read well."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _cli(*args: str, cwd: Path, encoding: str = "cp1252") -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "PYTHONIOENCODING": encoding, "PYTHONPATH": str(ROOT)}
    code = "import sys; from journeysim.cli import main; sys.exit(main(sys.argv[1:]))"
    return subprocess.run([sys.executable, "-c", code, *args], cwd=cwd, env=env, capture_output=True, timeout=600)


@pytest.mark.parametrize(
    "args",
    [
        ("run", "lone_champion", "--seed", "1"),
        (
            "compare",
            "lone_champion",
            "several_implementers",
            "-n",
            "3",
            "--bootstrap",
            "100",
            "--workers",
            "1",
            "--no-progress",
        ),
        ("explain", "lone_champion", "--all"),
        ("nation", "uk_services", "--years", "10"),
    ],
    ids=["run", "compare", "explain", "nation"],
)
@pytest.mark.slow
def test_cp1252_output_has_no_traceback(args: tuple[str, ...], tmp_path: Path) -> None:
    done = _cli(*args, cwd=tmp_path)
    assert done.returncode == 0, done.stderr.decode("cp1252", "replace")
    assert b"Traceback" not in done.stderr and b"UnicodeEncodeError" not in done.stderr
    text = done.stdout.decode("cp1252")  # every byte is valid cp1252
    assert text.strip()


def test_symbols_cp1252_lacks_get_ascii_spellings(tmp_path: Path) -> None:
    explained = _cli("explain", "lone_champion", cwd=tmp_path).stdout.decode("cp1252")
    assert "▲" not in explained and ("^ " in explained or "v " in explained)
    compared = _cli(
        "compare",
        "lone_champion",
        "several_implementers",
        "-n",
        "3",
        "--bootstrap",
        "100",
        "--workers",
        "1",
        "--no-progress",
        cwd=tmp_path,
    ).stdout.decode("cp1252")
    assert "∞" not in compared and "inf]" in compared


@pytest.mark.slow
def test_utf8_output_keeps_the_symbols(tmp_path: Path) -> None:
    out = _cli("explain", "lone_champion", cwd=tmp_path, encoding="utf-8").stdout.decode("utf-8")
    assert "▲" in out or "▼" in out


def test_a_tiny_comparison_warns_and_marks_nothing_significant(tmp_path: Path) -> None:
    done = _cli(
        "compare",
        "lone_champion",
        "several_implementers",
        "-n",
        "2",
        "--bootstrap",
        "100",
        "--workers",
        "1",
        "--no-progress",
        cwd=tmp_path,
    )
    assert done.returncode == 0
    err, out = done.stderr.decode("cp1252"), done.stdout.decode("cp1252")
    assert "warning" in err and "too few" in err and "20" in err
    differences = out.split("Paired differences", 1)[1]
    assert not any(line.rstrip().endswith("*") for line in differences.splitlines())


@pytest.mark.slow
@pytest.mark.parametrize("command", ["nation uk_services", "run lone_champion", "explain lone_champion"])
def test_years_out_of_range_names_the_option_and_its_range(command: str, tmp_path: Path) -> None:
    done = _cli(*command.split(), "--years", "5", cwd=tmp_path)
    err = done.stderr.decode("cp1252")
    assert done.returncode == 2 and "Traceback" not in err
    assert "--years 5" in err and "10 to 30" in err
    assert "--set" not in err and "site-packages" not in err and str(ROOT) not in err


@pytest.mark.slow
def test_a_bad_set_names_the_scenario_not_its_installed_path(tmp_path: Path) -> None:
    done = _cli("nation", "uk_services", "--set", "years=5", cwd=tmp_path)
    err = done.stderr.decode("cp1252")
    assert done.returncode == 2 and "uk_services (--set): years = 5" in err and str(ROOT) not in err


def test_the_fallback_handler_spells_symbols_in_ascii() -> None:
    from journeysim.cli.console import ERRORS, register

    register()
    assert "▲ ∞ → £ x".encode("ascii", ERRORS) == b"^ inf -> GBP  x"
    assert "▲ ∞ £ ✓".encode("cp1252", ERRORS) == "^ inf £ ?".encode("cp1252")
