"""Fixtures shared by every test folder: shipped scenarios, posterior folders, Debian's Chromium."""

from __future__ import annotations

import importlib.util
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
