"""The README's screenshot script (tools/screenshot.py) keeps working: it drives the real app in Chromium."""

from __future__ import annotations

from pathlib import Path
from types import ModuleType

import pytest


@pytest.mark.browser
def test_screenshot_script_plays_the_demo_and_saves_a_png(
    tmp_path: Path, screenshot_tool: ModuleType, chromium: str
) -> None:
    out = screenshot_tool.take(tmp_path / "docs" / "dashboard.png", width=1280, height=900)
    data = out.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 50_000
