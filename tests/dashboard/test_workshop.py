"""The dashboard as a trainer uses it in a workshop (issue 14): projector size, the demo moment, plain words."""

from __future__ import annotations

import re
import statistics
import time
from typing import Any

import pytest
from browser_pages import PROJECTOR, in_viewport, open_page

pytestmark = pytest.mark.browser
SNAKE = re.compile(r"\b[a-z]+_[a-z_]+\b")
FLOAT = re.compile(r"(?<![\d£,])\d+\.\d+")


def open_at(browser: Any, server: Any, viewport: dict[str, int] = PROJECTOR) -> tuple[Any, Any, list[str]]:
    return open_page(browser, server, viewport, downloads=True, console=True)


def choose(page: Any, dropdown: str, option: str) -> None:
    page.click(dropdown)
    page.get_by_role("option", name=option, exact=True).click()


def upload(page: Any, name: str, data: bytes) -> None:
    page.set_input_files("#upload input[type=file]", files=[{"name": name, "mimeType": "text/plain", "buffer": data}])


def month_of(page: Any) -> int:
    return int(re.search(r"month (\d+)", page.locator("#clock-detail").inner_text())[1])


def test_at_1280x720_the_clock_level_and_chart_are_on_screen_together(browser: Any, server: Any) -> None:
    context, page, errors = open_at(browser, server)
    assert in_viewport(page, "#clock") and in_viewport(page, "#level-badge") and in_viewport(page, "#play")
    assert in_viewport(page, "#level-graph", share=0.85)
    page.click("#step-year")
    page.click("#replay")
    page.wait_for_selector("#timeline .timeline-title")
    page.wait_for_timeout(300)
    assert in_viewport(page, "#clock") and in_viewport(page, "#level-graph", share=0.85), "replay keeps the chart"
    assert errors == []
    context.close()


def test_champion_leaves_is_off_when_nobody_is_in_post(browser: Any, server: Any) -> None:
    from playwright.sync_api import expect

    context, page, errors = open_at(browser, server)
    button = page.locator("#intervene-champion_leaves")
    expect(button).to_be_enabled()
    page.click("details:has(#opt-who) > summary")
    page.get_by_role("radio", name="all implementers").check()
    button.click()
    expect(page.locator("#act-feedback")).to_contain_text("1 implementer left in January 2014; 0 still in post")
    assert in_viewport(page, "#act-feedback")
    expect(button).to_be_disabled()
    expect(page.locator("#leave-note")).to_contain_text("nobody is in post to leave")
    page.locator("h1").click()
    page.keyboard.press("c")  # the shortcut does nothing either
    page.click("#step")
    expect(page.locator("#clock")).to_have_text("February 2014")
    assert page.locator("#timeline li.cat-intervention").count() == 1
    assert "applied" not in page.locator("#act-feedback").inner_text()
    assert errors == []
    context.close()


def test_world_box_takes_whole_numbers_in_range_and_resets_nothing_otherwise(browser: Any, server: Any) -> None:
    from playwright.sync_api import expect

    context, page, errors = open_at(browser, server)
    page.click("#step")
    page.click("#intervene-funding_cut")
    expect(page.locator("#timeline li.cat-intervention")).to_have_count(1)
    for bad in ("-3", "2.5", "123456789", "two"):
        page.fill("#world", bad)
        page.keyboard.press("Enter")
        expect(page.locator("#setup-feedback .error")).to_contain_text("whole number from 0 to 9,999")
        assert in_viewport(page, "#setup-feedback")
        expect(page.locator("#world")).to_have_value("0")
        expect(page.locator("#clock-detail")).to_contain_text("month 1 of 120 · world 0")
        expect(page.locator("#timeline li.cat-intervention")).to_have_count(1)
    page.fill("#world", "7")
    page.keyboard.press("Enter")
    expect(page.locator("#clock-detail")).to_contain_text("month 0 of 120 · world 7")
    expect(page.locator("#setup-feedback .error")).to_have_count(0)
    assert errors == []
    context.close()


def test_a_bad_upload_is_reported_on_screen_beside_the_upload(browser: Any, server: Any) -> None:
    from playwright.sync_api import expect

    context, page, errors = open_at(browser, server)
    page.click("details.own > summary")
    upload(page, "good.toml", b'name = "good"\nextends = "lone_champion"\n')
    expect(page.locator("#setup-feedback")).to_contain_text("Loaded good from good.toml")
    page.locator("#upload").scroll_into_view_if_needed()
    upload(page, "broken.toml", b'name = "broken\n[parameters\n')
    expect(page.locator("#setup-feedback .error")).to_contain_text("malformed TOML")
    assert "Loaded good" not in page.locator("#setup-feedback").inner_text(), "no stale success line"
    page.wait_for_timeout(300)
    assert in_viewport(page, "#setup-feedback")
    assert errors == []
    context.close()


def test_the_timeline_speaks_plain_words_with_numbers_one_click_away(browser: Any, server: Any) -> None:
    from playwright.sync_api import expect

    context, page, errors = open_at(browser, server)
    choose(page, "#scenario", "lone champion")
    expect(page.locator("#clock")).to_have_text("January 2005")
    for kind in ("champion_leaves", "funding_cut", "new_senior_leader", "funding_boost"):
        page.click(f"#intervene-{kind}")
        expect(page.locator("#act-feedback")).to_contain_text(kind.split("_")[-1].replace("boost", "money"))
        page.click("#step-year")
    expect(page.locator("#clock")).to_have_text("January 2009")  # the last step is in before the next click
    page.click("#replay")
    # Dash may send two quick clicks as one request, which acts on one of them: wait for the replay to exist
    expect(page.locator("#timeline")).to_contain_text("Replay: +", timeout=60_000)
    page.click("#to-end")
    expect(page.locator("#clock-detail")).to_contain_text("the end", timeout=120_000)
    # the panel is redrawn after the clock: wait for it rather than read it half-drawn on a loaded machine
    expect(page.locator(".timeline-panel")).to_contain_text("This run: lone champion", timeout=60_000)
    text = page.locator(".timeline-panel").inner_text() + page.locator("#stages").inner_text()
    assert SNAKE.findall(text) == [] and FLOAT.findall(text) == [], (SNAKE.findall(text), FLOAT.findall(text))
    assert "This run: lone champion" in text
    page.get_by_label("Show the model's numbers (for modellers)").check()
    expect(page.locator("#timeline")).to_contain_text(re.compile(r"\d\.\d\d"))
    with page.expect_download() as dl:
        page.click("#export-html")
    html_text = open(dl.value.path(), encoding="utf-8").read()
    body = re.sub(r"<script.*?</script>|<style.*?</style>|<[^>]+>", " ", html_text, flags=re.S)
    assert "{'who'" not in body and "(the lead)" in body
    assert errors == []
    context.close()


def test_playback_keeps_the_speed_on_its_label(browser: Any, server: Any) -> None:
    from playwright.sync_api import expect

    context, page, errors = open_at(browser, server)
    page.get_by_label("Fast (12)").check()
    page.click("#play")
    expect(page.locator("#play")).to_have_attribute("aria-pressed", "true")
    page.wait_for_timeout(500)
    m0, t0 = month_of(page), time.monotonic()
    page.wait_for_timeout(3000)
    m1, t1 = month_of(page), time.monotonic()
    page.click("#play")
    rate = (m1 - m0) / (t1 - t0)
    assert 12 * 0.7 <= rate <= 12 * 1.3, rate
    assert errors == []
    context.close()


def _step_latency(page: Any) -> float:
    before = month_of(page)
    t0 = time.monotonic()
    page.click("#step")
    page.wait_for_function(
        "m => { const t = document.getElementById('clock-detail').innerText.match(/month (\\d+)/);"
        " return t && +t[1] > m; }",
        arg=before,
        timeout=60_000,
    )
    return time.monotonic() - t0


def test_stepping_stays_responsive_while_many_worlds_compute(browser: Any, server: Any) -> None:
    from playwright.sync_api import expect

    from journeysim.dashboard import fan

    with fan._cache_lock:  # the server runs in this process: make sure the worlds are computed, not cached
        fan._cache.clear()
    context, page, errors = open_at(browser, server)
    idle = statistics.median(_step_latency(page) for _ in range(5))
    choose(page, "#fan-n", "500")
    page.click("#fan-btn")
    expect(page.locator("#fan-cancel")).to_be_visible()
    busy = [_step_latency(page) for _ in range(3)]
    assert page.locator("#fan-btn").is_disabled(), "the worlds should still be computing"
    ratio = statistics.median(busy) / idle
    print(f"step latency: idle {idle * 1000:.0f} ms, while computing {statistics.median(busy) * 1000:.0f} ms")
    assert ratio < 8, (idle, busy)
    expect(page.locator("#fan-status")).to_contain_text(re.compile(r"\d+ of 500 worlds"))
    page.click("#fan-cancel")
    expect(page.locator("#fan-status")).to_contain_text("Cancelled")
    expect(page.locator("#fan-btn")).to_be_enabled()
    choose(page, "#fan-n", "50")
    page.click("#fan-btn")  # a fresh run after a cancel completes (a small one: CI machines are slow)
    expect(page.locator("#fan-status")).to_contain_text("50 worlds of trainer demo", timeout=180_000)
    assert errors == []
    context.close()


def test_another_session_keeps_its_speed_while_one_computes_many_worlds(browser: Any, server: Any) -> None:
    from playwright.sync_api import expect

    from journeysim.dashboard import fan

    with fan._cache_lock:  # computed, not cached
        fan._cache.clear()
    busy_ctx, busy_page, busy_errors = open_at(browser, server)
    other_ctx, other_page, other_errors = open_at(browser, server)
    idle = statistics.median(_step_latency(other_page) for _ in range(5))
    choose(busy_page, "#fan-n", "500")
    busy_page.click("#fan-btn")
    expect(busy_page.locator("#fan-cancel")).to_be_visible()
    during = statistics.median(_step_latency(other_page) for _ in range(5))
    still_computing = busy_page.locator("#fan-btn").is_disabled()
    print(f"other session's step: idle {idle * 1000:.0f} ms, while 500 worlds compute {during * 1000:.0f} ms")
    busy_page.click("#fan-cancel")
    assert still_computing, "the worlds should still have been computing while the other session stepped"
    # A generous bound, relative to the same session idle: the browser shares this machine's cores too.
    assert during / idle < 3, (idle, during)
    assert busy_errors == [] and other_errors == []
    busy_ctx.close()
    other_ctx.close()
