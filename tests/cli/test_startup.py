"""A command that answers at once: help, version and the scenario list import no heavy library."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from journeysim.cli import build_parser, calibrate, validation

HEAVY = ("mesa", "pandas", "numpy", "scipy", "plotly", "pyabc", "matplotlib", "dask", "sklearn", "pyarrow")


@pytest.mark.parametrize(
    "argv",
    [
        ["--help"],
        ["--version"],
        ["scenarios"],
        ["scenarios", "--json"],
        ["run", "--help"],
        ["calibrate", "-h"],
        ["discover", "-h"],
    ],
)
def test_quick_commands_import_no_heavy_library(argv: list[str]) -> None:
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "journeysim", *argv], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr[-2000:]
    imported = {m.split(".")[0] for m in re.findall(r"\|\s+([\w.]+)\s*$", done.stderr, flags=re.MULTILINE)}
    assert "journeysim" in imported  # the report is there, so an empty set would not pass by accident
    assert not imported & set(HEAVY), sorted(imported & set(HEAVY))


def test_the_defaults_shown_in_help_are_the_settings_defaults() -> None:
    from journeysim.calibration.abc import Settings
    from journeysim.calibration.screen import ScreenSettings
    from journeysim.validation.sensitivity_study import StudySettings

    for light, real in (
        (calibrate.DEFAULTS, Settings()),
        (calibrate.SCREEN_DEFAULTS, ScreenSettings()),
        (validation.STUDY_DEFAULTS, StudySettings()),
    ):
        for name, value in vars(light).items():
            assert getattr(real, name) == value, name
    parse = build_parser().parse_args
    for argv, real in (
        (["calibrate", "uk"], Settings()),
        (["screen", "uk"], ScreenSettings()),
        (["sensitivity-report"], StudySettings()),
    ):
        assert parse(argv).seed == real.seed, argv  # the studies' --seed (one parent parser)
