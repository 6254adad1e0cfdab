"""Errors on the command line: any journeysim error is one line on stderr and exit status 2."""

from __future__ import annotations

import subprocess
import sys

import pytest

from journeysim import library as run_commands  # every command loads its scenarios through it
from journeysim.batch.errors import BatchInputError
from journeysim.cli import UsageError, main
from journeysim.errors import InputError, JourneysimError


def test_the_cli_usage_error_is_an_input_error() -> None:
    assert issubclass(UsageError, InputError) and issubclass(UsageError, ValueError)


def test_a_library_input_error_exits_2_with_one_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise InputError("somewhere.toml: years = 99 is outside 10-30")

    monkeypatch.setattr(run_commands, "load_scenario", refuse)
    assert main(["run", "lone_champion"]) == 2
    out, err = capsys.readouterr()
    assert out == "" and err == "journeysim: error: somewhere.toml: years = 99 is outside 10-30\n"


def test_any_journeysim_error_is_reported_not_raised(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    class Other(JourneysimError):
        pass

    def refuse(*args: object, **kwargs: object) -> None:
        raise Other("not a ValueError, still the user's to fix")

    monkeypatch.setattr(run_commands, "load_scenario", refuse)
    assert main(["explain", "lone_champion"]) == 2
    assert capsys.readouterr().err == "journeysim: error: not a ValueError, still the user's to fix\n"


def test_batch_input_errors_and_usage_errors_exit_2(tmp_path, capsys: pytest.CaptureFixture[str]) -> None:
    assert issubclass(BatchInputError, JourneysimError)
    assert main(["query", str(tmp_path / "missing"), "SELECT 1"]) == 2
    assert "no such results folder" in capsys.readouterr().err
    assert main(["compare", "lone_champion", "-n", "2", "--report", str(tmp_path / "r.txt")]) == 2
    assert "ending in .html" in capsys.readouterr().err


def test_argument_errors_exit_2_with_usage(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["run"])
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith("usage: journeysim run") and "error:" in err


def test_python_dash_m_runs_the_same_command_line() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "journeysim.cli", "run", "uk_services"], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 2
    assert done.stderr.strip().splitlines() == [
        "journeysim: error: uk_services: describes a population of services; run it with `journeysim nation uk_services`"
    ]
