"""The trainers' app end to end, in headless Chromium (Debian's), against a live local server."""

from __future__ import annotations

import re
import time
from pathlib import Path
from typing import Any

import pytest
from browser_pages import WIDE, open_page

from journeysim.library import MAX_FILE_BYTES


def open_app(browser: Any, server: Any) -> tuple[Any, Any, list[str]]:
    return open_page(browser, server, WIDE, downloads=True)


pytestmark = pytest.mark.browser

LEVEL_TRACES = "Array.from(document.querySelector('#level-graph .js-plotly-plot').data, t => t.name)"


def trace(page: Any, name: str, index: int = 0) -> dict[str, Any]:
    return page.evaluate(
        """([name, index]) => {
            const gd = document.querySelector('#level-graph .js-plotly-plot');
            const t = gd.data.filter(d => d.name === name)[index];
            return t ? {x: Array.from(t.x || []), y: Array.from(t.y || []), meta: t.meta || null} : null;
        }""",
        [name, index],
    )


def wait_for_level(page: Any, condition: str) -> None:
    """Wait until plotly has drawn a level figure meeting ``condition`` (JS over ``data``, the traces).

    The page's text can update a moment before plotly redraws a figure, so checks on the
    figure wait for it rather than read it at once.
    """
    page.wait_for_function(
        "cond => { const gd = document.querySelector('#level-graph .js-plotly-plot');"
        " return !!gd && !!gd.data && new Function('data', 'return ' + cond)(gd.data); }",
        arg=condition,
        timeout=20_000,
    )


def choose(page: Any, dropdown: str, option: str) -> None:
    page.click(dropdown)
    page.get_by_role("option", name=option, exact=True).click()


def upload(page: Any, name: str, data: bytes) -> None:
    page.set_input_files("#upload input[type=file]", files=[{"name": name, "mimeType": "text/plain", "buffer": data}])


def test_choosing_a_scenario_and_pressing_play_advances_the_clock(browser: Any, server: Any) -> None:
    from playwright.sync_api import expect

    context, page, errors = open_app(browser, server)
    choose(page, "#scenario", "lone champion")
    expect(page.locator("#scenario-description")).to_contain_text("One self-designated teacher champion")
    expect(page.locator("#clock")).to_have_text("January 2005")
    page.click("#play")
    expect(page.locator("#play")).to_have_attribute("aria-pressed", "true")
    expect(page.locator("#clock")).not_to_have_text("January 2005", timeout=10_000)
    page.click("#play")
    expect(page.locator("#play")).to_have_attribute("aria-pressed", "false")
    clock = page.inner_text("#clock")
    year = int(clock.split()[-1])
    assert 2005 <= year <= 2007
    wait_for_level(page, "data.some(t => t.name === 'Level' && t.x.length >= 1)")
    level = trace(page, "Level")
    assert level is not None and len(level["x"]) >= 1 and set(level["y"]) <= {0, 1, 2, 3}
    assert page.locator("#level-badge").inner_text().lower() in ("absent", "patchy", "fragile", "embedded")
    assert errors == []
    context.close()


def test_champion_leaves_goes_into_the_timeline_and_onto_the_chart(browser: Any, server: Any) -> None:
    from playwright.sync_api import expect

    context, page, errors = open_app(browser, server)
    page.click("#step-year")
    expect(page.locator("#clock")).to_have_text("January 2015")
    page.click("#intervene-champion_leaves")
    expect(page.locator("#act-feedback")).to_contain_text("Champion leaves: the lead left in January 2015")
    expect(page.locator("#timeline")).to_contain_text("Intervention: champion leaves (applied by the user)")
    expect(page.locator("#timeline li.cat-intervention").first).to_contain_text("January 2015")
    page.click("#step")
    expect(page.locator("#clock")).to_have_text("February 2015")
    wait_for_level(page, "data.some(t => t.name === 'Interventions' && t.x.length > 0)")
    marks = trace(page, "Interventions")
    assert marks is not None and "champion_leaves" in marks["meta"]["kinds"] and 12 in marks["meta"]["months"]
    assert "2015-01-01" in marks["x"]
    departures = trace(page, "Implementer leaves")
    assert departures is not None and 12 in departures["meta"]["months"]
    assert errors == []
    context.close()


def test_replay_shows_the_same_world_with_another_strategy_beside_the_original(browser: Any, server: Any) -> None:
    from playwright.sync_api import expect

    context, page, errors = open_app(browser, server)
    page.click("#step-year")
    expect(page.locator("#clock")).to_have_text("January 2015")
    page.click("#intervene-champion_leaves")
    expect(page.locator("#timeline")).to_contain_text("Intervention: champion leaves")
    page.click("#replay-strategy")
    page.get_by_role("option", name=re.compile(r"^succession planning:")).click()
    page.click("#replay")
    expect(page.locator("#message")).to_contain_text("Replaying the same world with succession planning")
    expect(page.locator(".timeline-run")).to_have_count(2)
    expect(page.locator("#timeline")).to_contain_text("Replay: + succession planning")
    wait_for_level(page, "data.filter(t => t.name === 'Interventions').length === 2")
    names = page.evaluate(LEVEL_TRACES)
    assert names.count("Interventions") == 2
    assert [n for n in names if n.startswith("Level")] == ["Level", "Level (Replay: + succession planning)"]
    page.click("#to-end")
    expect(page.locator("#clock-detail")).to_contain_text("the end", timeout=20_000)
    wait_for_level(page, "data.filter(t => t.name.startsWith('Level')).every(t => t.x.length === 120)")
    original, replay = trace(page, "Level", 0), trace(page, "Level (Replay: + succession planning)", 0)
    assert len(original["x"]) == len(replay["x"]) == 120
    # Same world: the same shocks and national events at the same months in both panels.
    for group in ("Shocks", "National events"):
        assert trace(page, group, 0)["meta"]["months"] == trace(page, group, 1)["meta"]["months"]
    replayed = trace(page, "Interventions", 1)
    assert 12 in replayed["meta"]["months"]
    titles = page.evaluate("Array.from(document.querySelectorAll('#level-graph .annotation-text'), e => e.textContent)")
    assert "This run: trainer demo" in titles and "Replay: + succession planning" in titles
    assert errors == []
    context.close()


def test_two_browser_contexts_keep_separate_simulations(browser: Any, server: Any) -> None:
    from playwright.sync_api import expect

    ctx_a, a, errors_a = open_app(browser, server)
    ctx_b, b, errors_b = open_app(browser, server)
    choose(a, "#scenario", "lone champion")
    expect(a.locator("#clock")).to_have_text("January 2005")
    a.click("#step-year")
    expect(a.locator("#clock")).to_have_text("January 2006")
    a.click("#intervene-funding_cut")
    expect(a.locator("#timeline")).to_contain_text("Intervention: funding cut")
    b.click("#step")
    expect(b.locator("#clock")).to_have_text("February 2014")
    expect(b.locator("#timeline")).not_to_contain_text("Intervention: funding cut")
    expect(a.locator("#clock")).to_have_text("January 2006")
    assert "trainer demo" in b.locator("#scenario").inner_text()
    months = sorted(s.model.month for s in server.app.registry._sessions.values())  # type: ignore[attr-defined]
    assert 1 in months and 12 in months

    # A long computation in one session does not hold up another session.
    choose(a, "#scenario", "trainer demo")
    expect(a.locator("#clock")).to_have_text("January 2014")
    choose(a, "#fan-n", "500")
    a.click("#fan-btn")
    expect(a.locator("#fan-btn")).to_be_disabled(timeout=5_000)
    started = time.monotonic()
    b.click("#step-year")
    expect(b.locator("#clock")).to_have_text("February 2015", timeout=15_000)
    waited = time.monotonic() - started
    assert a.locator("#fan-btn").is_disabled(), "the other session's long run should still be going"
    assert waited < 10
    expect(a.locator("#fan-btn")).to_be_enabled(timeout=90_000)
    expect(a.locator("#fan-status")).to_contain_text("500 worlds of trainer demo")
    a.wait_for_function("document.querySelector('#fan-graph .js-plotly-plot').data.length > 3", timeout=15_000)
    fan_names = a.evaluate("Array.from(document.querySelector('#fan-graph .js-plotly-plot').data, t => t.name)")
    assert "median" in fan_names and "This run: trainer demo" in fan_names
    assert errors_a == [] and errors_b == []
    ctx_a.close()
    ctx_b.close()


BAD_UPLOADS = [
    ("broken.toml", b'name = "broken\n[parameters\n', "malformed TOML"),
    ("typo.toml", b'name = "typo"\nparamaters = {}\n', "is not a scenario key. Did you mean 'parameters'?"),
    ("range.toml", b"[parameters]\nyears = 99\n", "years = 99 is outside the declared range"),
    ("huge.toml", b"#" * (MAX_FILE_BYTES + 1), "a scenario file may be at most 262,144 bytes"),
    ("binary.toml", b"\x89PNG\r\n\x1a\n\x00\xff\xfe", "not a UTF-8 text file"),
]


def test_bad_uploads_show_a_clear_message_and_leave_the_session_usable(browser: Any, server: Any) -> None:
    from playwright.sync_api import expect

    context, page, errors = open_app(browser, server)
    page.click("details.own > summary")
    for month, (name, data, expected) in enumerate(BAD_UPLOADS, start=1):
        upload(page, name, data)
        expect(page.locator("#setup-feedback .error")).to_contain_text(expected, timeout=15_000)
        assert page.locator("#setup-feedback .error").get_attribute("role") == "alert"
        # Still the same service, and still usable: a step clears the message and advances the clock.
        assert "trainer demo" in page.locator("#scenario").inner_text()
        page.click("#step")
        expect(page.locator("#clock-detail")).to_contain_text(f"month {month} of 120")
        expect(page.locator("#setup-feedback")).to_be_empty()
    assert errors == []
    assert list(Path(server.workdir).iterdir()) == []
    context.close()


def test_a_good_upload_and_the_checklist_each_load_the_trainers_own_service(browser: Any, server: Any) -> None:
    from playwright.sync_api import expect

    context, page, errors = open_app(browser, server)
    page.click("details.own > summary")
    upload(page, "our_service.toml", b'name = "our_service"\nextends = "lone_champion"\n[parameters]\nyears = 12\n')
    expect(page.locator("#setup-feedback")).to_contain_text("Loaded our service from our_service.toml")
    expect(page.locator("#scenario")).to_contain_text("your service: our service")
    expect(page.locator("#clock-detail")).to_contain_text("of 144")
    page.click("#step-year")
    expect(page.locator("#clock")).to_have_text("January 2006")

    page.get_by_role("radio", name=re.compile(r"^Sustainable: mixed workforce")).check()
    page.fill("#check-name", "Riverside trust")
    page.fill("#check-years", "15")
    page.click("#checklist-apply")
    expect(page.locator("#setup-feedback")).to_contain_text("Loaded your service 'Riverside trust' from the checklist")
    expect(page.locator("#clock-detail")).to_contain_text("of 180")
    expect(page.locator("#stages")).to_contain_text("A team to deliver")
    with page.expect_download() as download:
        page.click("#checklist-save")
    saved = Path(download.value.path()).read_text()
    assert 'team = "sustainable"' in saved and "years = 15" in saved
    assert errors == []
    assert list(Path(server.workdir).iterdir()) == []
    context.close()


def test_exports_give_a_png_and_an_html_page_that_opens_offline(browser: Any, server: Any, tmp_path: Path) -> None:
    from playwright.sync_api import expect

    context, page, errors = open_app(browser, server)
    page.click("#step-year")
    page.click("#intervene-champion_leaves")
    expect(page.locator("#timeline")).to_contain_text("Intervention: champion leaves")
    with page.expect_download() as png:
        page.click("#export-png")
    data = Path(png.value.path()).read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 20_000
    assert png.value.suggested_filename == "journeysim-view-January-2015.png"
    with page.expect_download() as page_html:
        page.click("#export-html")
    assert page_html.value.suggested_filename == "journeysim-trainer_demo-world0.html"
    html_path = tmp_path / page_html.value.suggested_filename
    page_html.value.save_as(html_path)
    offline = context.new_page()
    requested: list[str] = []

    def only_files(route: Any) -> None:
        if route.request.url.startswith("file://"):
            route.continue_()
        else:
            requested.append(route.request.url)
            route.abort()

    offline.route("**/*", only_files)
    offline.goto(html_path.as_uri())
    offline.wait_for_selector(".js-plotly-plot .main-svg")
    assert offline.locator(".plotly-graph-div").count() == 2
    assert offline.locator(".js-plotly-plot .main-svg").count() >= 2
    assert "Intervention: champion leaves" in offline.inner_text("body")
    assert requested == []
    assert errors == []
    context.close()


def test_controls_are_reachable_by_keyboard_and_shortcuts_work(browser: Any, server: Any) -> None:
    from playwright.sync_api import expect

    context, page, errors = open_app(browser, server)
    focused: set[str] = set()
    page.focus(".skip")
    for _ in range(12):
        page.keyboard.press("Tab")
        focused.add(page.evaluate("document.activeElement.id"))
    assert {"play", "step", "step-year", "to-end", "reset"} <= focused
    page.focus("#step")
    page.keyboard.press("Enter")
    expect(page.locator("#clock")).to_have_text("February 2014")
    page.locator("h1").click()
    page.keyboard.press("y")
    expect(page.locator("#clock")).to_have_text("February 2015")
    page.keyboard.press("c")
    expect(page.locator("#timeline")).to_contain_text("Intervention: champion leaves")
    assert page.locator("#play").get_attribute("aria-keyshortcuts") == "p"
    outline = page.evaluate(
        "(() => { const b = document.getElementById('play'); b.focus(); return getComputedStyle(b).outlineWidth; })()"
    )
    assert outline == "4px"
    assert errors == []
    context.close()
