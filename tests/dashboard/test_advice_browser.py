"""The advice panel in headless Chromium: pressing the button shows the forecast, the ranking and what to watch for."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser


def test_the_advice_panel_ranks_the_strategies_for_the_service_on_screen(server, browser, tmp_path):
    from playwright.sync_api import expect

    page = browser.new_page(viewport={"width": 1280, "height": 720})
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(server.url)
    page.wait_for_selector("#level-graph .main-svg", timeout=30_000)
    page.click("#advice-btn")
    expect(page.locator("#advice-status")).to_contain_text("worlds per option", timeout=180_000)
    options = page.locator("#advice-out table.advice-options tbody tr")
    expect(options).to_have_count(5)
    expect(page.locator("#advice-out")).to_contain_text("running at year 10")
    expect(page.locator("#advice-out")).to_contain_text("What to watch for")
    assert page.locator("#advice-out").get_by_text("Something went wrong").count() == 0 and not errors
    page.locator(".panel.advice").scroll_into_view_if_needed()
    shot = tmp_path / "advice-1280x720.png"
    page.screenshot(path=str(shot))
    assert shot.stat().st_size > 20_000  # docs/advice-panel-1280x720.png is this picture
    page.close()
