"""Take the README's screenshot of the app with headless Chromium.

``python tools/screenshot.py [docs/dashboard.png]`` starts the app on a free
local port, plays the workshop demo (the lead champion leaves; the same world
is replayed with succession planning) and saves the page as PNG. It drives
Debian's Chromium through Playwright and never downloads a browser. A
development script: it is not part of the installed package.
"""

from __future__ import annotations

import sys
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def take(
    path: str | Path = "docs/dashboard.png", width: int = 1600, height: int = 1250, executable: str = CHROMIUM
) -> Path:
    """Play the demo in the app and save a screenshot to ``path``."""
    from playwright.sync_api import sync_playwright

    from journeysim.dashboard.app import ServerThread, create_app

    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    with ServerThread(create_app()) as server, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": width, "height": height})
            page.goto(server.url)
            page.wait_for_selector("#level-graph .main-svg", timeout=30_000)
            for _ in range(1):  # a year in: the champion is still in post (they are scripted to leave in month 15)
                page.click("#step-year")
                page.wait_for_function("document.getElementById('clock').innerText.includes('20')")
                page.wait_for_timeout(400)
            page.click("#step")
            page.wait_for_timeout(400)
            page.click("#intervene-champion_leaves")
            page.wait_for_selector("#timeline li.cat-intervention")
            page.click("#replay")
            page.wait_for_timeout(600)
            page.click("#to-end")
            page.wait_for_function(
                "document.getElementById('clock-detail').innerText.startsWith('the end')", timeout=30_000
            )
            page.wait_for_timeout(1200)
            page.screenshot(path=str(target))
        finally:
            browser.close()
    return target


if __name__ == "__main__":
    print(take(sys.argv[1] if len(sys.argv) > 1 else "docs/dashboard.png"))
