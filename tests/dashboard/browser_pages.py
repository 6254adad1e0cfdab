"""Opening the dashboard in Chromium for a browser test, and where things sit on the first screen."""

from __future__ import annotations

from typing import Any

PROJECTOR = {"width": 1280, "height": 720}
WIDE = {"width": 1500, "height": 1000}


def open_page(
    browser: Any, server: Any, viewport: dict[str, int] = PROJECTOR, downloads: bool = False, console: bool = False
) -> tuple[Any, Any, list[str]]:
    """A new page on the app, once its level chart is drawn and its clock reads the start month.

    Returns the context, the page and a list that collects the page's errors (and, with ``console``, the
    errors it logs to the console).
    """
    from playwright.sync_api import expect

    context = browser.new_context(viewport=viewport, accept_downloads=downloads)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    if console:
        page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.goto(server.url)
    page.wait_for_selector("#level-graph .main-svg", timeout=30_000)
    expect(page.locator("#clock")).to_have_text("January 2014", timeout=15_000)
    return context, page, errors


def in_viewport(page: Any, selector: str, share: float = 1.0) -> bool:
    """At least ``share`` of the element's height, and all its width, inside the window with no scrolling."""
    return page.evaluate(
        """([sel, share]) => { const r = document.querySelector(sel).getBoundingClientRect();
            const seen = Math.min(r.bottom, innerHeight) - Math.max(r.top, 0);
            return r.height > 0 && seen >= share * r.height - 1 && r.left >= 0 && r.right <= innerWidth + 1; }""",
        [selector, share],
    )
