"""The nation view: lever controls generated from the declarations, the Run callback, and the view in Chromium."""

from __future__ import annotations

import base64
import time
from collections.abc import Iterator
from typing import Any

import pytest
from dash import dcc, html, no_update

from journeysim.dashboard import jobs
from journeysim.dashboard import nation_callbacks as ncb
from journeysim.dashboard import nation_controls as nc
from journeysim.dashboard import nation_view as nv
from journeysim.dashboard.actions import act
from journeysim.dashboard.layout import serve_layout
from journeysim.dashboard.nation_compare import HEADLINES
from journeysim.dashboard.sessions import ScenarioSource, Session, new_session_id
from journeysim.dashboard.widgets import population_scenarios, scenario_options
from journeysim.library import load_scenario, shipped_scenarios
from journeysim.model.embeddedness import LEVELS
from journeysim.parameters import PARAMETERS
from journeysim.scenario import ScenarioError

LEVERS = [name for name, p in PARAMETERS.items() if p.group == "national policy"]
# Ten years from 2004: the levers must start early enough to act within the run.
QUICK = {"years": 10, "policy_start_year": 2006}


def walk(component: Any) -> Iterator[Any]:
    """Every component in a Dash layout tree."""
    yield component
    children = getattr(component, "children", None)
    if isinstance(children, list | tuple):
        for child in children:
            yield from walk(child)
    elif children is not None and not isinstance(children, str | int | float):
        yield from walk(children)


def by_id(layout: Any) -> dict[str, Any]:
    return {c.id: c for c in walk(layout) if isinstance(getattr(c, "id", None), str)}


def text_of(component: Any) -> str:
    """All the text in a component, in order."""
    if isinstance(component, str):
        return component
    children = getattr(component, "children", None)
    parts = children if isinstance(children, list | tuple) else [children]
    return " ".join(text_of(c) for c in parts if c is not None).strip()


def run_view(name: Any, seed: Any, values: dict[str, Any], nation: str = "uk") -> dict[str, Any]:
    """What the page shows after pressing Run and waiting: the refusal, or the finished run's outputs."""
    out = ncb.start(1, name, seed, values, None)
    if out["job"] is no_update:
        return out
    jobs.get(out["job"]).wait(300)
    return ncb.poll("nation-poll", out["job"], None, nation, "previous")


@pytest.fixture(scope="module")
def runs() -> dict[int, dict[str, Any]]:
    """The Run callback's outputs at seed 0, ten years, without and with 300 training places a year."""
    return {places: run_view("uk_services", 0, {**QUICK, "policy_training_places": places}) for places in (0, 300)}


# ---------------------------------------------------------------- which scenarios go where
def test_population_scenarios_are_kept_out_of_the_single_service_dropdown() -> None:
    population = population_scenarios()
    assert "uk_services" in population
    assert population == [n for n in shipped_scenarios() if load_scenario(n).is_population]
    single = [o["value"] for o in scenario_options()]
    assert "uk_services" not in single and "trainer_demo" in single and "lone_champion" in single
    assert set(single) | set(population) == set(shipped_scenarios())
    page = by_id(serve_layout())
    assert [o["value"] for o in page["scenario"].options] == single
    assert [o["value"] for o in page["nation-scenario"].options] == population
    assert page["nation-scenario"].value == "uk_services"
    assert page["nation-view"].hidden is True and not getattr(page["journey-view"], "hidden", False)


def test_the_single_service_view_refuses_a_population_scenario_and_keeps_its_session() -> None:
    session = Session(new_session_id())
    session.step(3)
    with pytest.raises(ScenarioError, match=r"uk_services: describes a population of services.*A nation of services"):
        act(session, "scenario", {"scenario": "uk_services"})
    own = base64.b64encode(b'name = "my_nation"\nextends = "uk_services"\n').decode()
    payload = {"name": "nation.toml", "contents": f"data:text/plain;base64,{own}"}
    with pytest.raises(ScenarioError, match=r"nation\.toml: describes a population of services"):
        act(session, "upload-payload", {"upload": payload})
    snap = session.snapshot()
    assert snap.scenario_name == "trainer_demo" and snap.original.month == 3 and snap.horizon == 120
    assert ScenarioSource("shipped", "uk_services").build().is_population


# ---------------------------------------------------------------- controls from declarations
def test_every_lever_has_a_control_generated_from_its_declaration() -> None:
    layout = nv.nation_layout()
    controls = {i.removeprefix(nc.ID_PREFIX): c for i, c in by_id(layout).items() if i.startswith(nc.ID_PREFIX)}
    assert nc.lever_names() == tuple(LEVERS) and len(LEVERS) >= 7
    assert set(controls) == {"years", *LEVERS}
    uk = load_scenario("uk_services")
    blocks = [c for c in walk(layout) if isinstance(c, html.Div) and "lever " in f"{getattr(c, 'className', '')} "]
    for name, control in controls.items():
        p = PARAMETERS[name]
        block = next(b for b in blocks if any(getattr(x, "id", None) == control.id for x in walk(b)))
        words = text_of(block)
        if p.kind == "bool":
            assert isinstance(control, dcc.Checklist)
            assert control.options == [{"label": nc.checkbox_words(p.description), "value": nc.CHECKED}]
            assert "true" not in control.options[0]["label"] and "Whether" not in control.options[0]["label"]
            assert control.value == ([nc.CHECKED] if uk.parameters[name] else [])
        elif p.kind == "choice":
            assert isinstance(control, dcc.Dropdown)
            assert [o["value"] for o in control.options] == list(p.choices)
            assert control.value == uk.parameters[name] and p.description in words
        else:
            assert isinstance(control, dcc.Input) and control.type == "number"
            assert (control.min, control.max) == (p.low, p.high)
            assert control.step == (1 if p.kind == "int" else "any")
            assert control.value == uk.parameters[name]
            assert p.description in words and p.allowed() in words
        if p.unit and p.unit != name:
            assert p.unit.replace("GBP", "£") in words
        assert name not in words  # plain words only: never the internal name
    # The run length comes from the scenario (25 years), within its declared 10..30.
    assert (controls["years"].value, controls["years"].min, controls["years"].max) == (25, 10, 30)
    assert controls["policy_training_places"].max == 2000
    assert [o["label"] for o in controls["policy_nations"].options][:2] == ["All nations", "England"]


def test_control_values_become_parameter_values() -> None:
    assert nc.to_control("policy_protected_time", True) == [nc.CHECKED]
    assert nc.from_control("policy_protected_time", [nc.CHECKED]) is True
    assert nc.from_control("policy_protected_time", []) is False
    assert nc.from_control("policy_nations", "wales") == "wales"
    assert nc.from_control("policy_training_places", 300) == 300
    with pytest.raises(
        ScenarioError, match=r"MBCT money cut that year \(0 = no cut\)” is empty .* must be a number from 0 to 1"
    ):
        nc.from_control("policy_cut_fraction", None)
    values = nc.scenario_controls("uk_services")
    assert values["values"]["years"] == 25 and values["values"]["policy_funding_recurrent"] == []
    assert values["description"].startswith("About 200 MBCT providers") and values["error"] == ""
    assert "is not a shipped population scenario" in nc.scenario_controls("trainer_demo")["error"]


# ---------------------------------------------------------------- the Run callback
def test_training_places_train_more_teachers_and_reach_more_people(runs: dict[int, dict[str, Any]]) -> None:
    without, with_places = runs[0], runs[300]
    for out in runs.values():
        assert out["error"] == "" and out["status"].startswith("Ran 196 services for 10 years")
    a, b = without["store"]["headlines"], with_places["store"]["headlines"]
    # 1,500 places over five years; trainees who do not reach competence and teachers with too few
    # referrals to keep teaching are lost again, but the nation ends with more than twice the teachers.
    assert b["teachers"] > 2 * a["teachers"]
    assert b["participants"] > 1.5 * a["participants"]
    assert b["relapses_prevented"] > a["relapses_prevented"]
    # 300 places a year for the declared default of 5 years, paid for nationally.
    assert a["policy_money"] == 0 and b["policy_money"] > 0
    yearly = ncb.stored_yearly(with_places["store"])
    uk = yearly[yearly["nation"] == "uk"].sort_values("year")
    assert uk["year"].tolist() == list(range(2004, 2014))
    assert int(uk["teachers"].iloc[-1]) == b["teachers"]
    assert (
        "levers: Year (from April) that the policy levers start: 2006; "
        "Teacher-training places funded nationally each year: 300." in with_places["summary"]
    )
    assert "2004–2013" in with_places["summary"]
    cards = {li.id: text_of(li) for li in with_places["headlines"]}
    assert cards["nation-headline-teachers"] == f"{b['teachers']:,} trained teachers at the end"
    assert cards["nation-headline-participants"] == f"{b['participants']:,} people reached"
    assert (
        cards["nation-headline-policy_money"].startswith("£")
        and "national policy money" in cards["nation-headline-policy_money"]
    )
    assert cards["nation-headline-cost_per_participant"] == f"£{b['cost_per_participant']:,.0f} spent per participant"


def test_the_run_draws_every_figure(runs: dict[int, dict[str, Any]]) -> None:
    out = runs[300]
    assert [t.name for t in out["fig_levels"].data] == list(LEVELS)
    assert "All services" in out["fig_levels"].layout.title.text
    nations = ["All services", "England", "Scotland", "Wales", "Northern Ireland"]
    assert [t.name for t in out["fig_no_teacher"].data] == nations
    assert [t.name for t in out["fig_reach"].data] == nations
    assert [o["value"] for o in out["choice_options"]] == ["uk", "england", "scotland", "wales", "northern_ireland"]
    assert out["choice"] == "uk"
    assert "concentration curve" in [t.name for t in out["fig_lorenz"].data]
    heat = out["fig_services"].data[0]
    assert heat.type == "heatmap" and len(heat.y) == 196 and list(heat.x) == list(range(2004, 2014))
    # Choosing a nation redraws the level shares from the store, without running again.
    yearly = ncb.stored_yearly(out["store"])
    scotland = ncb.level_shares(yearly, "scotland")
    assert "Scotland" in scotland.layout.title.text
    shares = yearly[yearly["nation"] == "scotland"].sort_values("year")["share_absent"].tolist()
    assert list(scotland.data[0].y) == pytest.approx([100 * s for s in shares])


def test_a_run_in_a_nation_keeps_the_chosen_nation() -> None:
    out = run_view(
        "uk_services", 1, {**QUICK, "policy_nations": "wales", "policy_protected_time": [nc.CHECKED]}, "wales"
    )
    assert out["error"] == "" and out["choice"] == "wales"
    assert "Wales" in out["fig_levels"].layout.title.text
    assert (
        "levers: Which nations the national policy levers below apply to: Wales; "
        "Year (from April) that the policy levers start: 2006; "
        "Champions' MBCT work is put in their job plans while the policy lasts: yes." in out["summary"]
    )


@pytest.mark.parametrize(
    ("values", "seed", "expected"),
    [
        (
            {"policy_training_places": 5000},
            0,
            "Nation view: \u201cTeacher-training places funded nationally each year\u201d = 5000 is outside the "
            "declared range: must be a whole number from 0 to 2000",
        ),
        (
            {"policy_training_places": 2.5},
            0,
            "\u201cTeacher-training places funded nationally each year\u201d = 2.5 must be a whole number from 0 to 2000",
        ),
        (
            {"years": 40},
            0,
            "Nation view: \u201cLength of the simulated journey\u201d = 40 is outside the declared range",
        ),
        (
            {"policy_nations": "france"},
            0,
            "\u201cWhich nations the national policy levers below apply to\u201d = 'france' must be one of 'all'",
        ),
        ({"policy_cut_fraction": None}, 0, "is empty or not a number in range"),
        ({}, -1, "Nation view: seed = -1 must be a whole number of at least 0"),
    ],
)
def test_a_bad_value_shows_its_message_and_runs_nothing(values: dict[str, Any], seed: int, expected: str) -> None:
    started = time.monotonic()
    out = run_view("uk_services", seed, {**QUICK, **values})
    assert time.monotonic() - started < 1.0  # refused before running
    assert expected in out["error"] and "Traceback" not in out["error"]
    assert not any(name in out["error"] for name in (*LEVERS, "years =")), out["error"]  # plain labels only
    assert out["status"] == "Nothing was run: correct the value and press Run again."
    assert out["job"] is no_update and out["run_disabled"] is False


def test_the_message_is_the_scenario_error_of_the_declarations() -> None:
    with pytest.raises(ScenarioError) as caught:
        load_scenario("uk_services").with_parameters({"policy_cut_fraction": 1.5}, source=nc.SOURCE)
    shown = run_view("uk_services", 0, {"policy_cut_fraction": 1.5})["error"]
    assert shown == nc.plain_message(str(caught.value)) and "policy_cut_fraction" not in shown
    assert shown.startswith("Nation view: \u201cShare of every covered service's MBCT money cut that year")
    assert "not a shipped population scenario" in run_view("lone_champion", 0, {})["error"]


# ---------------------------------------------------------------- in the browser
@pytest.mark.browser
def test_the_nation_view_runs_a_population_with_a_lever_set(browser: Any, server: Any) -> None:
    from playwright.sync_api import expect

    started = time.monotonic()
    context = browser.new_context(viewport={"width": 1500, "height": 1000})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(server.url)
    page.wait_for_selector("#level-graph .main-svg", timeout=30_000)
    expect(page.locator("#nation-view")).to_be_hidden()
    page.click("#view-nation")
    expect(page.locator("#nation-view")).to_be_visible()
    expect(page.locator("#journey-view")).to_be_hidden()
    expect(page.locator("#view-nation")).to_have_attribute("aria-pressed", "true")
    assert page.url.endswith("#nation")
    # The journey's single-key shortcuts are off here: "p" does not start the hidden journey playing.
    page.locator("#nation-view .view-title").click()
    page.keyboard.press("p")

    # A value the declaration does not allow: a clear message, and nothing is run.
    page.get_by_label("Years that the training places are funded for.").fill("31")
    page.click("#nation-run")
    expect(page.locator("#nation-error")).to_contain_text(
        "\u201cYears that the training places are funded for\u201d is empty or not a number in range: it must be a "
        "whole number from 0 to 30"
    )
    assert page.locator("#nation-error").get_attribute("role") == "alert"
    expect(page.locator("#nation-headlines li")).to_have_count(0)

    page.get_by_label("Years that the training places are funded for.").fill("5")
    page.fill("#nation-param-years", "10")
    page.fill("#nation-param-policy_start_year", "2006")
    page.get_by_label("Teacher-training places funded nationally each year", exact=False).fill("300")
    page.get_by_label("A national supervision network", exact=False).check()
    page.click("#nation-run")
    expect(page.locator("#nation-run")).to_be_disabled(timeout=5_000)
    expect(page.locator("#nation-running")).to_contain_text("Running every service")
    expect(page.locator("#nation-run")).to_be_enabled(timeout=60_000)
    expect(page.locator("#nation-error")).to_be_empty()
    expect(page.locator("#nation-running")).to_be_empty()
    expect(page.locator("#nation-status")).to_contain_text("Ran 196 services for 10 years")
    expect(page.locator("#nation-summary")).to_contain_text(
        "Year (from April) that the policy levers start: 2006; Teacher-training places funded nationally each year: 300"
    )
    headlines = page.locator("#nation-headlines li")
    expect(headlines).to_have_count(len(HEADLINES))
    for key, label in HEADLINES:
        expect(page.locator(f"#nation-headline-{key}")).to_contain_text(label)
    assert int(page.inner_text("#nation-headline-teachers .headline-value").replace(",", "")) > 300
    assert int(page.inner_text("#nation-headline-participants .headline-value").replace(",", "")) > 10_000
    expect(page.locator("#nation-headline-policy_money .headline-value")).to_contain_text("£")

    graph = "document.querySelector('#nation-levels-graph .js-plotly-plot')"
    page.wait_for_function(f"!!{graph} && !!{graph}.data && {graph}.data.length === 4", timeout=20_000)
    assert page.evaluate(f"Array.from({graph}.data, t => t.name)") == list(LEVELS)
    assert page.evaluate(f"{graph}.data[0].x.length") == 10
    for name in ("no_teacher", "reach", "lorenz", "services"):
        page.wait_for_selector(f"#nation-{name}-graph .main-svg", timeout=20_000)
    reach = page.evaluate("Array.from(document.querySelector('#nation-reach-graph .js-plotly-plot').data, t => t.name)")
    assert reach == ["All services", "England", "Scotland", "Wales", "Northern Ireland"]

    page.get_by_role("radio", name="Scotland").check()
    page.wait_for_function(f"{graph}.layout.title.text.includes('Scotland')", timeout=15_000)

    page.click("#view-journey")
    expect(page.locator("#journey-view")).to_be_visible()
    expect(page.locator("#play")).to_have_attribute("aria-pressed", "false")
    expect(page.locator("#clock")).to_have_text("January 2014")
    assert errors == []
    context.close()
    assert time.monotonic() - started < 60


def test_every_tick_that_finds_a_finished_run_returns_its_results() -> None:
    """Two poll ticks can be in flight when a run finishes, and the page keeps only the newest response.

    Both must carry the finished run: a tick that found the job already forgotten used to answer with
    nothing but an enabled Run button, and the results of the other tick were dropped (a flaky browser test).
    """
    scenario = load_scenario("uk_services", sets={"years": 10})
    token = jobs.submit(jobs.Job(ncb.run_years, scenario, 3, total=scenario.months, about=(scenario, 3)))
    try:
        job = jobs.get(token)
        assert job is not None
        job.wait(timeout=120)
        first = ncb.poll("nation-poll", token, None, None, "previous")
        second = ncb.poll("nation-poll", token, None, None, "previous")
    finally:
        jobs.shutdown()
    for out in (first, second):
        assert out["run_disabled"] is False and out["poll"] is True
        assert out["store"] is not no_update and out["store"]["current"]
    assert first["store"] == second["store"]
