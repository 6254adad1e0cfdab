"""The README's screenshot script keeps working (it drives the real app in Chromium)."""

from __future__ import annotations

from pathlib import Path

import pytest

from dashboards.screenshot import CHROMIUM, take


@pytest.mark.browser
def test_screenshot_script_plays_the_demo_and_saves_a_png(tmp_path: Path) -> None:
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium); browser tests need it")
    out = take(tmp_path / "docs" / "dashboard.png", width=1280, height=900)
    data = out.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 50_000
