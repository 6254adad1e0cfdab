"""Issue 25: a press lands on the month on screen at every speed, and the demo tells one departure story."""

from __future__ import annotations

import random
import time
from typing import Any

import pytest
from browser_pages import open_page as open_at

from journeysim.dashboard.layout import SPEEDS
from journeysim.dashboard.views import BUTTON_LABELS

pytestmark = pytest.mark.browser
KINDS = ("funding_cut", "new_senior_leader")  # alternated, so each press's message differs from the last
PRESS = """kind => { const clock = document.getElementById('clock');
    const shown = [clock.innerText.trim(), clock.getAttribute('data-month')];
    document.getElementById('intervene-' + kind).click();  // in the same turn: the month on screen at the press
    return shown; }"""


def month_of(page: Any) -> int:
    return int(page.locator("#clock").get_attribute("data-month"))


@pytest.mark.parametrize("speed", list(SPEEDS))
def test_ten_presses_while_playing_land_on_the_month_on_screen(browser: Any, server: Any, speed: str) -> None:
    from playwright.sync_api import expect

    context, page, errors = open_at(browser, server)
    page.click("#scenario")
    page.get_by_role("option", name="lone champion", exact=True).click()  # 20 years: room for 10 presses
    expect(page.locator("#clock")).to_have_text("January 2005")
    page.get_by_label(SPEEDS[speed]).check()
    page.click("#play")
    expect(page.locator("#play")).to_have_attribute("aria-pressed", "true")
    page.wait_for_timeout(400)
    k, reached = 3 * max(1, int(speed)), "m => +document.getElementById('clock').getAttribute('data-month') >= m"
    page.wait_for_function(reached, arg=month_of(page) + 1, polling=10)  # from the moment a month turns
    m0, t0 = month_of(page), time.monotonic()
    page.wait_for_function(reached, arg=m0 + k, polling=10, timeout=30_000)
    rate = (month_of(page) - m0) / (time.monotonic() - t0)
    rng = random.Random(int(speed))
    shown = []
    for n in range(10):  # presses at random moments, without waiting for the page between them
        page.wait_for_timeout(rng.uniform(100, 900) / max(1.0, float(speed) / 4))
        shown.append(page.evaluate(PRESS, KINDS[n % 2]))
    last = f"{BUTTON_LABELS[KINDS[1]]}: applied in {shown[-1][0]}."
    expect(page.locator("#act-feedback")).to_have_text(last, timeout=30_000)
    page.click("#play")
    session = max(server.app.registry._sessions.values(), key=lambda s: s.last_used)  # this page's
    applied = [(i.kind, i.month) for i in session.interventions]
    pressed = [(KINDS[n % 2], int(month)) for n, (_, month) in enumerate(shown)]
    landed = sum(a == p for a, p in zip(applied, pressed, strict=False))
    print(f"speed {speed}: {rate:.1f} months a second; {landed} of 10 presses on the month shown")
    assert applied == pressed, (applied, pressed, shown)
    assert float(speed) * 0.7 <= rate <= float(speed) * 1.3, rate
    assert errors == []
    context.close()


def test_a_press_in_the_demo_replaces_its_scripted_departure(browser: Any, server: Any) -> None:
    from playwright.sync_api import expect

    context, page, errors = open_at(browser, server)
    page.get_by_label(SPEEDS["4"]).check()
    page.click("#play")
    page.wait_for_function("() => +document.getElementById('clock').getAttribute('data-month') >= 3")
    text, month = page.evaluate(PRESS, "champion_leaves")
    expect(page.locator("#act-feedback")).to_contain_text(f"the lead left in {text}; 0 still in post")
    expect(page.locator("#act-feedback")).to_contain_text("It replaces the departure scripted for April 2015")
    page.click("#play")
    page.click("#to-end")
    expect(page.locator("#clock-detail")).to_contain_text("the end", timeout=60_000)
    page.wait_for_function(
        "() => { const gd = document.querySelector('#level-graph .js-plotly-plot');"
        " return gd && gd.data.some(t => t.name === 'Interventions'); }"
    )
    stars = page.evaluate(
        "() => document.querySelector('#level-graph .js-plotly-plot').data"
        ".filter(t => t.name === 'Interventions').map(t => t.meta)"
    )
    kinds = [k for meta in stars for k in meta["kinds"]]
    assert kinds == ["champion_leaves"], stars  # one star, for the one press: no scripted second, no empty one
    assert stars[0]["months"] == [int(month)]
    assert page.locator("#timeline li.champion, #timeline li.cat-intervention").count() >= 1
    assert "April 2015" not in page.locator("#timeline li.cat-intervention").all_inner_texts()[0]
    assert errors == []
    context.close()


def test_after_the_scripted_departure_the_page_says_nobody_is_in_post_before_a_press(browser: Any, server: Any) -> None:
    from playwright.sync_api import expect

    context, page, errors = open_at(browser, server)
    page.click("#step-year")
    page.click("#step-year")
    expect(page.locator("#clock")).to_have_text("January 2016")
    expect(page.locator("#intervene-champion_leaves")).to_be_disabled()
    expect(page.locator("#leave-note")).to_contain_text("nobody is in post")
    expect(page.locator("#leave-note")).to_contain_text("April 2015")
    stars = page.evaluate(
        "() => document.querySelector('#level-graph .js-plotly-plot').data"
        ".filter(t => t.name === 'Interventions').map(t => t.meta.kinds)"
    )
    assert stars == [["champion_leaves"]], stars  # the scripted departure; the held-in-post note draws no star
    assert errors == []
    context.close()
