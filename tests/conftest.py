"""Fixtures shared by every test folder: shipped scenarios, posterior folders, Debian's Chromium; the test tiers.

Tiers: the README's test command runs every test that carries none of the :data:`TIERS` markers
(pyproject's ``addopts`` deselects them); ``.ci/run`` then runs each tier with ``-m <tier>``. A test
carries at most one tier marker, so each test runs in exactly one place (checked at collection).
"""

from __future__ import annotations

import importlib.util
import tomllib
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from journeysim.library import load_scenario


def _load_screenshot_tool() -> ModuleType:
    """The development script ``tools/screenshot.py`` (not part of the package): Chromium's path and options."""
    path = Path(__file__).resolve().parents[1] / "tools" / "screenshot.py"
    spec = importlib.util.spec_from_file_location("journeysim_screenshot_tool", path)
    assert spec is not None and spec.loader is not None, path
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# The marked tiers: every marker pyproject.toml declares, in the order .ci/run runs them after the default run.
PYTEST_OPTIONS = tomllib.loads((Path(__file__).resolve().parents[1] / "pyproject.toml").read_text(encoding="utf-8"))[
    "tool"
]["pytest"]["ini_options"]
TIERS = tuple(line.split(":", 1)[0].strip() for line in PYTEST_OPTIONS["markers"])
# Fixtures that put a test in a tier: a test using one, directly or through another fixture, carries its marker.
TIER_OF_FIXTURE = {
    "browser": "browser",
    "chromium": "browser",
    "validation": "statistical",  # tests/validation/conftest.py: 150 runs of every pattern's scenarios
    "uncertain_runs": "statistical",
}


def tier_problems(items: list[pytest.Item]) -> list[str]:
    """Tests in more than one tier, or using a tier's fixture without its marker."""
    problems = []
    for item in items:
        tiers = sorted({m.name for m in item.iter_markers() if m.name in TIERS})
        if len(tiers) > 1:
            problems.append(f"{item.nodeid}: in tiers {', '.join(tiers)} (a test belongs to at most one)")
        for fixture in sorted(set(getattr(item, "fixturenames", ())) & TIER_OF_FIXTURE.keys()):
            if TIER_OF_FIXTURE[fixture] not in tiers:
                problems.append(f"{item.nodeid}: uses {fixture!r} but is not marked {TIER_OF_FIXTURE[fixture]}")
    return problems


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Before ``-m`` deselects anything: every collected test is in the default run or exactly one tier."""
    problems = tier_problems(items)
    if problems:
        raise pytest.UsageError("test tiers:\n" + "\n".join(problems))


SCREENSHOT_TOOL = _load_screenshot_tool()
CHROMIUM, CHROMIUM_ARGS = SCREENSHOT_TOOL.CHROMIUM, SCREENSHOT_TOOL.CHROMIUM_ARGS


@pytest.fixture(scope="session")
def screenshot_tool() -> ModuleType:
    """The screenshot script, loaded from its file."""
    return SCREENSHOT_TOOL


def require_chromium() -> None:
    """Skip (with the reason) when Debian's Chromium is not installed."""
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium); browser tests need it")


@pytest.fixture(scope="session")
def chromium() -> str:
    """Path of Debian's Chromium; the test is skipped (with the reason) when it is not installed."""
    require_chromium()
    return CHROMIUM


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Debian's Chromium, headless, driven by Playwright (never a browser Playwright downloads)."""
    require_chromium()
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=15_000)  # generous: CI machines may be busy

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture(scope="session")
def scenario():
    """Load a shipped scenario by name (cached per session)."""
    cache = {}

    def get(name: str, **sets):
        key = (name, tuple(sorted(sets.items())))
        if key not in cache:
            cache[key] = load_scenario(name, sets=sets or None)
        return cache[key]

    return get


# ---------------------------------------------------------------- posterior folders (for --posterior tests)
@pytest.fixture
def write_posterior(tmp_path):
    """Write a posterior folder (``posterior.parquet`` + ``manifest.json``) and return its path.

    ``columns`` maps parameter names to per-particle values; ``weights`` is the weight column.
    ``manifest`` entries replace the defaults (``None`` removes a key); ``frame`` replaces the table.
    """
    import json

    import pandas as pd

    from journeysim.fingerprint import code_fingerprint

    def write(columns, weights, name="posterior", manifest=None, frame=None):
        folder = tmp_path / name
        folder.mkdir()
        table = frame if frame is not None else pd.DataFrame({**columns, "weight": weights})
        table.to_parquet(folder / "posterior.parquet", index=False)
        data = {
            "kind": "journeysim-posterior",
            "format": 1,
            "parameters": list(columns),
            "targets": "targets.toml",
            "targets_sha256": "0" * 64,
            "code_fingerprint": code_fingerprint(),
            "journeysim_version": "test",
            "seed": 0,
            "settings": {},
            "generations": 1,
            "particles": len(weights),
        }
        for key, value in (manifest or {}).items():
            if value is None:
                data.pop(key, None)
            else:
                data[key] = value
        (folder / "manifest.json").write_text(json.dumps(data))
        return folder

    return write
