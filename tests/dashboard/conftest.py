"""Fixtures for the dashboard tests: a live app on a free local port, and Debian's Chromium."""

from __future__ import annotations

import importlib.util
import os
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest


def _load_screenshot_tool() -> ModuleType:
    """The development script ``tools/screenshot.py`` (not part of the package): Chromium's path and options."""
    path = Path(__file__).resolve().parents[2] / "tools" / "screenshot.py"
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


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    require_chromium()
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=15_000)  # generous: CI machines may be busy

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[object]:
    """The app served from a background thread on 127.0.0.1, with an empty working folder."""
    require_chromium()
    from journeysim.dashboard import fan
    from journeysim.dashboard.app import ServerThread, create_app

    workdir = tmp_path_factory.mktemp("server-cwd")
    old = os.getcwd()
    os.chdir(workdir)
    srv = ServerThread(create_app(), "127.0.0.1", 0).start()
    srv.workdir = workdir  # type: ignore[attr-defined]
    fan.warm_up()
    try:
        yield srv
    finally:
        srv.stop()
        fan.shutdown()
        os.chdir(old)
