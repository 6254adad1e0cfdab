"""Issue 25: many worlds answer the workshop's question, with and without a strategy, in the same worlds."""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = pytest.mark.browser
FAN = "document.querySelector('#fan-graph .js-plotly-plot')"


def test_many_worlds_compare_a_strategy_in_the_same_worlds_with_the_trainers_departure(
    browser: Any, server: Any
) -> None:
    from playwright.sync_api import expect

    context = browser.new_context(viewport={"width": 1280, "height": 720})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(server.url)
    expect(page.locator("#clock")).to_have_text("January 2014", timeout=30_000)
    page.click("#step")
    expect(page.locator("#clock")).to_have_text("February 2014")
    page.click("#intervene-champion_leaves")
    expect(page.locator("#act-feedback")).to_contain_text("the lead left in February 2014")
    page.click("#fan-n")
    option = page.get_by_role("option", name="500", exact=True)
    box, menu = option.bounding_box(), page.locator("#fan-n").bounding_box()
    assert box is not None and box["width"] > 0 and box["x"] >= menu["x"] - 1, "the 500 entry fully visible"
    assert page.evaluate(
        "() => { const o = [...document.querySelectorAll('[role=option]')].find(e => e.innerText"
        ".trim() === '500'); return o.scrollWidth <= o.clientWidth + 1; }"
    )
    page.get_by_role("option", name="50", exact=True).click()
    page.click("#fan-strategy")
    page.get_by_role("option", name="with and without succession planning", exact=True).click()
    page.click("#fan-btn")
    expect(page.locator("#fan-status")).to_contain_text(
        "50 worlds, the same with and without succession planning", timeout=180_000
    )
    page.wait_for_function(f"() => {FAN}.data.some(t => t.name === 'Difference')")
    title = page.evaluate(f"() => {FAN}.layout.title.text")
    assert "(each with your 1 intervention)" in title and "with and without succession planning" in title
    last = page.evaluate(
        f"() => {{ const d = {FAN}.data.find(t => t.name === 'Difference').y; return d[d.length - 1]; }}"
    )
    assert last > 0, "succession planning keeps more worlds running after the champion leaves"
    page.click("#fan-strategy")
    page.get_by_role("option", name="no strategy: the spread of this service", exact=True).click()
    page.click("#fan-btn")
    expect(page.locator("#fan-status")).to_contain_text("50 worlds of trainer demo", timeout=180_000)
    median = page.evaluate(f"() => {FAN}.data.find(t => t.name === 'median').line")
    assert median["color"] == "#000000" and median["width"] >= 4, "a median line that reads on a projector"
    assert errors == []
    context.close()
