"""Issue 25: at projector size the room sees the service, the chart and why; plain words; a form that never guesses."""

from __future__ import annotations

import re
from typing import Any

import pytest
from browser_pages import in_viewport
from browser_pages import open_page as open_at

from journeysim.outcomes import OUTCOMES
from journeysim.parameters import PARAMETERS

pytestmark = pytest.mark.browser
SIZES = ({"width": 1280, "height": 720}, {"width": 1920, "height": 1080})
# Names no trainer or analyst should read: declared parameter and outcome names (not those that are plain
# English words, such as "pressure"), true/false, any snake_case.
CODE_NAMES = {n for n in (*PARAMETERS, *(o.name for o in OUTCOMES)) if "_" in n} | {"true", "false", "True", "False"}
WORDS = re.compile(r"[A-Za-z_]+")
SNAKE = re.compile(r"\b[a-z]+_[a-z_]+\b")
FIRST_SCREEN = ("#service-name", "#clock", "#level-badge", "#play", "#why", "#intervene-champion_leaves")


def code_names(text: str) -> list[str]:
    return sorted({w for w in WORDS.findall(text) if w in CODE_NAMES} | set(SNAKE.findall(text)))


def first_screen_problems(page: Any) -> list[str]:
    off = [s for s in FIRST_SCREEN if not in_viewport(page, s)]
    return off + ([] if in_viewport(page, "#level-graph .main-svg", 0.85) else ["#level-graph"])


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s['width']}x{s['height']}")
def test_the_service_the_chart_and_the_latest_turning_point_are_on_the_first_screen(
    browser: Any, server: Any, size: dict[str, int]
) -> None:
    from playwright.sync_api import expect

    context, page, errors = open_at(browser, server, size)
    expect(page.locator("#service-name")).to_have_text("trainer demo · world 0")
    expect(page.locator("#why")).to_contain_text("No turning point yet: service starts fragile")
    assert first_screen_problems(page) == []
    domains = page.locator("#stages .chip-domain").all_inner_texts()  # as the journey's first line, at month 0
    stages = page.locator("#stages .chip-stage").all_inner_texts()
    start = page.locator("#timeline li").last.inner_text()
    assert len(domains) == len(stages) == 7
    for domain, stage in zip(domains, stages, strict=True):
        assert f"{domain}: {stage.lower()}" in start, (domain, stage, start)
    page.click("#step-year")
    expect(page.locator("#clock")).to_have_text("January 2015")  # a press lands on the month on screen
    page.click("#intervene-champion_leaves")
    expect(page.locator("#act-feedback")).to_contain_text("the lead left in January 2015")
    page.click("#step-year")
    expect(page.locator("#why")).to_contain_text("Latest turning point:")
    assert first_screen_problems(page) == []
    page.click("#replay")
    page.click("#to-end")
    expect(page.locator("#clock-detail")).to_contain_text("the end", timeout=60_000)
    page.wait_for_timeout(500)
    assert first_screen_problems(page) == []
    clipped = page.evaluate(  # every year label of both panels clear of the legend
        """() => { const gd = document.querySelector('#level-graph .js-plotly-plot');
            const legend = gd.querySelector('.legend').getBoundingClientRect();
            return Array.from(gd.querySelectorAll('.xtick text')).filter(t => {
                const r = t.getBoundingClientRect(); return r.bottom > legend.top && r.top < legend.bottom
                    && r.right > legend.left && r.left < legend.right; }).map(t => t.textContent); }"""
    )
    assert clipped == []
    assert errors == []
    context.close()


def test_no_code_names_on_any_page_state(browser: Any, server: Any) -> None:
    from playwright.sync_api import expect

    context, page, errors = open_at(browser, server, SIZES[0])
    seen = {"journey at the start": page.locator("#journey-view").inner_text()}
    page.click("#step-year")
    expect(page.locator("#clock")).to_have_text("January 2015")
    page.click("#intervene-champion_leaves")
    page.click("#replay")
    page.click("#to-end")
    expect(page.locator("#clock-detail")).to_contain_text("the end", timeout=60_000)
    expect(page.locator(".timeline-panel")).to_contain_text("Replay: +", timeout=60_000)
    seen["journey at the end, with a replay"] = page.locator("#journey-view").inner_text()
    page.click("details.own > summary")
    page.fill("#check-years", "")
    page.keyboard.press("Enter")
    expect(page.locator("#check-years-msg")).to_contain_text("empty")
    seen["the checklist with an error"] = page.locator("#journey-view").inner_text()
    page.click("#view-nation")
    expect(page.locator("#nation-view")).to_be_visible()
    seen["the nation view"] = page.locator("#nation-view").inner_text()
    found = {state: code_names(text) for state, text in seen.items()}
    assert found == {state: [] for state in seen}, found
    assert page.locator("#nation-view .xtick").count() == 0, "no empty axes before the first run"
    assert errors == []
    context.close()


def test_the_service_form_says_beside_each_box_what_it_allows_and_changes_nothing(browser: Any, server: Any) -> None:
    from playwright.sync_api import expect

    context, page, errors = open_at(browser, server, SIZES[0])
    page.click("details.own > summary")
    expect(page.locator("label[for=check-start]")).to_contain_text("from 1995 to 2030")
    expect(page.locator("label[for=check-years]")).to_contain_text("from 10 to 30")
    cases = [
        ("#check-years", "2.5", "not a whole number"),
        ("#check-years", "", "the box is empty"),
        ("#check-years", "40", "outside that range"),
        ("#check-start", "", "the box is empty"),
        ("#check-start", "-2012", "outside that range"),
    ]
    for box, typed, problem in cases:
        page.fill(box, typed)
        page.keyboard.press("Enter")
        message = page.locator(f"{box}-msg")
        expect(message).to_contain_text(problem)
        expect(message).to_contain_text("type a whole number from")
        assert abs(message.bounding_box()["y"] - page.locator(box).bounding_box()["y"]) < 80, "beside its box"
        page.click("#checklist-apply")
        expect(page.locator("#setup-feedback .error")).to_contain_text("Nothing was loaded")
        expect(page.locator("#service-name")).to_have_text("trainer demo · world 0")
        page.fill(box, "2012" if box == "#check-start" else "10")
        page.keyboard.press("Enter")
        expect(message).to_be_empty()
    page.get_by_label("A teacher champion").uncheck()
    expect(page.locator("#check-roles-msg")).to_contain_text("tick at least one")
    page.click("#checklist-apply")
    expect(page.locator("#setup-feedback .error")).to_contain_text("tick at least one")
    expect(page.locator("#service-name")).to_have_text("trainer demo · world 0")
    page.get_by_label("A manager").check()
    page.click("#checklist-apply")
    expect(page.locator("#service-name")).to_have_text("my service · world 0")
    assert errors == []
    context.close()
