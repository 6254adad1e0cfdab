"""Take the dashboard pictures of docs/dashboard.md and the trainer's tutorial with headless Chromium.

``python tools/workshop_screenshots.py [docs]`` starts the app on a free local port and plays the
workshop demo at projector sizes (1280x720 and 1920x1080): the first screen; Champion leaves pressed
in December 2014, before the scripted April 2015 departure it replaces; the same world replayed with
succession planning; 100 worlds with and without succession planning. A development script, not part
of the installed package; it drives Debian's Chromium through Playwright (see tools/screenshot.py).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from screenshot import CHROMIUM, CHROMIUM_ARGS  # tools/screenshot.py

SIZES = ((1280, 720), (1920, 1080))


def _play_demo(page: Any, folder: Path, size: tuple[int, int]) -> None:
    from playwright.sync_api import expect

    width, height = size
    first = width == SIZES[0][0]
    expect(page.locator("#clock")).to_have_text("January 2014", timeout=30_000)
    page.wait_for_timeout(800)
    if first:
        page.screenshot(path=str(folder / "dashboard-trainer-1-start.png"))
    for _ in range(11):
        page.click("#step")
    expect(page.locator("#clock")).to_have_text("December 2014")
    page.click("#intervene-champion_leaves")
    expect(page.locator("#act-feedback")).to_contain_text("the lead left in December 2014")
    page.click("#step-year")
    page.click("#step-year")
    expect(page.locator("#clock")).to_have_text("December 2016")
    page.wait_for_timeout(1200)
    if first:
        page.screenshot(path=str(folder / "dashboard-trainer-2-pressed.png"))
    page.click("#replay")
    page.click("#to-end")
    expect(page.locator("#clock-detail")).to_contain_text("the end", timeout=60_000)
    expect(page.locator(".timeline-panel")).to_contain_text("Replay: +", timeout=60_000)
    page.mouse.move(0, 0)
    page.wait_for_timeout(1500)
    page.screenshot(path=str(folder / f"dashboard-{width}x{height}.png"))
    if first:
        page.click("#fan-strategy")
        page.get_by_role("option", name="with and without succession planning", exact=True).click()
        page.click("#fan-btn")
        expect(page.locator("#fan-status")).to_contain_text("100 worlds, the same with and without", timeout=300_000)
        page.wait_for_timeout(1500)
        page.locator(".panel.fan").screenshot(path=str(folder / "dashboard-trainer-3-worlds.png"))


def take(folder: str | Path = "docs", executable: str = CHROMIUM) -> list[Path]:
    """Play the demo at each size and save the pictures in ``folder``; returns their paths."""
    from playwright.sync_api import sync_playwright

    from journeysim.dashboard.app import ServerThread, create_app

    target = Path(folder)
    target.mkdir(parents=True, exist_ok=True)
    with ServerThread(create_app()) as server, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        try:
            for width, height in SIZES:
                page = browser.new_page(viewport={"width": width, "height": height})
                page.goto(server.url)
                _play_demo(page, target, (width, height))
                page.close()
        finally:
            browser.close()
    return sorted(target.glob("dashboard-*.png"))


if __name__ == "__main__":
    print(*take(sys.argv[1] if len(sys.argv) > 1 else "docs"), sep="\n")
