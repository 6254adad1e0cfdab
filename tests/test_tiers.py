"""The test tiers: the README's command runs the default tier, .ci/run then every marked tier once.

pyproject.toml declares the tier markers; its ``addopts`` deselects exactly those; tests/conftest.py
refuses a test in two tiers (so no test runs twice and none is lost).
"""

from __future__ import annotations

import importlib.util
import re
import shlex
import tomllib
from pathlib import Path
from types import ModuleType, SimpleNamespace

import pytest

ROOT = Path(__file__).resolve().parents[1]
OPTIONS = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["pytest"]["ini_options"]
TIERS = [line.split(":", 1)[0].strip() for line in OPTIONS["markers"]]
README_TESTS = "./setup.sh && .venv/bin/python -m pytest"


def test_the_default_options_deselect_exactly_the_tiers_and_report_durations() -> None:
    assert TIERS == ["statistical", "slow", "install", "notebooks", "docs", "browser"]
    args = shlex.split(OPTIONS["addopts"])
    assert args[args.index("-m") + 1] == f"not ({' or '.join(TIERS)})"
    assert any(a.startswith("--durations=") for a in args)


def test_ci_runs_the_readme_command_then_each_tier_once_then_the_linters() -> None:
    lines = [line.strip() for line in (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()]
    commands = [line for line in lines if line and not line.startswith(("#", "set ", "cd "))]
    assert commands[0] == README_TESTS
    assert README_TESTS in (ROOT / "README.md").read_text(encoding="utf-8").splitlines()
    tiers = [m.group(1) for c in commands if (m := re.fullmatch(r"\.venv/bin/python -m pytest -m (\w+)", c))]
    assert tiers == TIERS
    assert commands[-2:] == [".venv/bin/lint-imports", ".venv/bin/ruff check ."]


def load_conftest() -> ModuleType:
    """tests/conftest.py, loaded from its file under a name of its own."""
    spec = importlib.util.spec_from_file_location("journeysim_tests_conftest", ROOT / "tests" / "conftest.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def item(name: str, marks: tuple[str, ...] = (), fixtures: tuple[str, ...] = ()) -> SimpleNamespace:
    """What the collection check reads of a test: its id, markers and fixtures."""
    return SimpleNamespace(
        nodeid=name, iter_markers=lambda: [getattr(pytest.mark, m).mark for m in marks], fixturenames=fixtures
    )


def test_a_test_in_two_tiers_or_using_a_tiers_fixture_unmarked_is_named() -> None:
    conftest = load_conftest()
    assert list(conftest.TIERS) == TIERS
    problems = conftest.tier_problems(
        [
            item("t::fine"),
            item("t::slow_one", ("slow", "parametrize")),
            item("t::both", ("statistical", "browser")),
            item("t::unmarked", fixtures=("tmp_path", "validation")),
            item("t::marked", ("statistical",), ("validation",)),
            item("t::page", ("slow",), ("server", "chromium")),
        ]
    )
    assert problems == [
        "t::both: in tiers browser, statistical (a test belongs to at most one)",
        "t::unmarked: uses 'validation' but is not marked statistical",
        "t::page: uses 'chromium' but is not marked browser",
    ]
