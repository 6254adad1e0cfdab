"""The scripts in experiments/ refuse bad input in one line with exit status 2, before any run and without a traceback."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

EXPERIMENTS = Path(__file__).resolve().parents[1] / "experiments"


def script(name: str, *args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(EXPERIMENTS / name), *map(str, args)],
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize(
    ("name", "args", "says"),
    [
        # the ranges of the shared options are the command line's (journeysim.cli.options.OPTIONS)
        ("fragility.py", ("--replications", "0"), "--replications 0: must be a whole number from 1 to 1,000,000"),
        ("national_policy.py", ("-n", "many"), "argument --replications/-n: invalid int value: 'many'"),
        ("funding_sweep.py", ("--seed", "-1"), "--seed -1: must be a whole number from 0 to"),
        ("fragility.py", ("--workers", "0"), "--workers 0: must be a whole number from 1 to 1,024"),
        (
            "cluster_trial.py",
            ("--adherence", "1", "1.5"),
            "--adherence 1.5: must be a number from 0 to 1 (uptake of each component)",
        ),
        ("cluster_trial.py", ("--services", "1"), "--services=1: must be a whole number of at least 2"),
        # one run per simulated service: the trial has no replications to set
        ("cluster_trial.py", ("--replications", "3"), "unrecognized arguments: --replications 3"),
    ],
)
def test_a_bad_option_is_one_line_naming_the_option_the_value_and_what_is_allowed(name, args, says):
    done = script(name, *args)
    assert done.returncode == 2
    assert says in done.stderr
    assert "Traceback" not in done.stderr
    assert done.stdout == ""


def test_a_results_folder_that_holds_something_else_is_refused_and_left_as_it_was(tmp_path):
    (tmp_path / "notes.txt").write_text("mine\n")
    done = script("funding_sweep.py", "--out", tmp_path, "--replications", "1", "--figures", tmp_path / "figures")
    assert done.returncode == 2
    assert done.stderr.startswith(f"funding_sweep.py: --out {tmp_path}: folder is not empty")
    assert "nothing was changed" in done.stderr and "Traceback" not in done.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]
