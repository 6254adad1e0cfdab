"""The app's parts without a browser: checklist, fan data, uploads, HTML export, request limits."""

from __future__ import annotations

import base64
import re
import tomllib

import pytest

from journeysim.dashboard import fan
from journeysim.dashboard.actions import checklist_text, decode_upload
from journeysim.dashboard.checklist import NO_ROLES, checklist_scenario, fact_problems, to_toml
from journeysim.dashboard.sessions import Session, new_session_id
from journeysim.dashboard.views import render, view_report
from journeysim.library import MAX_FILE_BYTES, load_scenario, scenario_from_text
from journeysim.model.model import JourneyModel
from journeysim.runs import purpose_seeds
from journeysim.scenario import ScenarioError

EXTERNAL = re.compile(r"<(?:script|link|img|iframe)[^>]*(?:src|href)\s*=\s*[\"']?(?:https?:)?//", re.I)


# ---------------------------------------------------------------- checklist
def test_checklist_answers_become_a_valid_scenario_with_those_stages() -> None:
    text = checklist_scenario(
        {"team": "sustainable", "fit": "developmental", "governance": "bogus"},
        name='Our "Trust" MBCT',
        nation="wales",
        start_year=2016,
        years=12,
        roles=["teacher", "manager"],
        pressure="high",
        protected_time=True,
    )
    scenario = scenario_from_text(text, "checklist")
    assert scenario.start["team"] == "sustainable" and scenario.start["fit"] == "developmental"
    assert scenario.start["governance"] == "starting_out"
    assert scenario.parameters["nation"] == "wales" and scenario.months == 144
    assert [i["role"] for i in scenario.implementers] == ["teacher", "manager"]
    assert scenario.implementers[0]["lead"] and scenario.implementers[0]["protected_time"]
    assert scenario.name == "Our_Trust_MBCT"


def test_checklist_out_of_range_answers_give_a_clear_error() -> None:
    with pytest.raises(ScenarioError, match="years = 50 is outside"):
        scenario_from_text(checklist_scenario({}, years=50, roles=["teacher"]), "checklist")


@pytest.mark.parametrize(
    ("box", "typed", "problem"),
    [
        ("years", "", "the box is empty"),
        ("years", "2.5", "2.5 is not a whole number"),
        ("years", "31", "31 is outside that range"),
        ("start", "", "the box is empty"),
        ("start", "-2012", "-2012 is outside that range"),
        ("start", "twenty", "'twenty' is not a number"),
    ],
)
def test_a_checklist_box_is_never_changed_silently(box: str, typed: str, problem: str) -> None:
    values = {"start": "2012", "years": "10", "roles": ["teacher"], box: typed}
    allowed = {
        "years": "Years to simulate: type a whole number from 10 to 30",
        "start": "Start year: type a whole number from 1995 to 2030",
    }[box]
    assert fact_problems(values) == {box: f"{allowed} ({problem})."}
    with pytest.raises(ScenarioError, match="Nothing was loaded"):
        checklist_text(values)


def test_no_implementer_ticked_is_an_error_not_a_teacher_champion() -> None:
    assert fact_problems({"start": "2012", "years": "10", "roles": []}) == {"roles": NO_ROLES}
    with pytest.raises(ScenarioError, match="tick at least one"):
        checklist_scenario({}, roles=[])
    text = checklist_text({"start": "2016", "years": "12", "roles": ["manager"]})
    scenario = scenario_from_text(text, "checklist")
    assert scenario.months == 144 and scenario.parameters["start_year"] == 2016
    assert [i["role"] for i in scenario.implementers] == ["manager"]


def test_to_toml_round_trips_and_escapes() -> None:
    raw = {
        "name": 'a "quoted" \\ name',
        "parameters": {"years": 10, "pressure": 0.5, "x": True},
        "implementers": [{"role": "teacher"}, {"role": "manager"}],
    }
    assert tomllib.loads(to_toml(raw)) == raw


# ---------------------------------------------------------------- fan data
def test_fan_worlds_are_the_batch_replications() -> None:
    scenario = load_scenario("trainer_demo")
    arrays = fan.run_worlds(scenario, 5, [0, 3])
    model = JourneyModel(scenario, purpose_seeds(5, 3)["model"])
    model.run()
    assert arrays["teachers"][1].tolist() == fan.metric_values(list(model.series_rows()), "teachers")
    data = fan.summarise(scenario, 5, arrays)
    assert data.n == 2 and len(data.dates) == 120 and data.dates[0] == "2014-01-01"
    low, mid, high = (data.bands["level_code"][q] for q in (0.05, 0.5, 0.95))
    assert all(lo <= m <= hi for lo, m, hi in zip(low, mid, high, strict=True)) and len(mid) == 120


def test_a_remembered_fan_is_found_by_its_key_with_or_without_the_default_draws() -> None:
    scenario = load_scenario("trainer_demo")
    data = fan.summarise(scenario, 1, fan.run_worlds(scenario, 1, list(range(6))))
    assert fan.remember((scenario.hash, 1, 6, "fixed"), data) is data
    assert fan.cached((scenario.hash, 1, 6)) is data and fan.cached((scenario.hash, 1, 7)) is None


# ---------------------------------------------------------------- uploads and export
def _payload(data: bytes, name: str = "mine.toml") -> dict:
    return {"name": name, "contents": "data:application/octet-stream;base64," + base64.b64encode(data).decode()}


def test_uploads_are_decoded_in_memory_and_checked() -> None:
    source = decode_upload(_payload(b'name = "mine"\nextends = "lone_champion"\n', "../../evil/mine.toml"))
    assert source.kind == "text" and source.name == "mine.toml"
    assert source.build().name == "mine"
    with pytest.raises(ScenarioError, match=r"at most|larger than"):
        decode_upload(_payload(b"#" * (MAX_FILE_BYTES + 1)))
    with pytest.raises(ScenarioError, match="UTF-8"):
        decode_upload(_payload(b"\xff\xfe\x00bad"))
    with pytest.raises(ScenarioError, match="could not be read"):
        decode_upload({"name": "x.toml", "contents": "data:,@@@not base64@@@"})
    with pytest.raises(ScenarioError, match="may be at most"):
        decode_upload({"name": "x.toml", "error": "x.toml: the file is 9 bytes; a scenario file may be at most 1"})


def test_render_and_html_export_describe_the_current_view() -> None:
    session = Session(new_session_id())
    session.step(13)
    session.intervene("champion_leaves")
    session.step(3)
    session.start_replay("succession_planning")
    out = render(session, "teachers")
    assert out["clock"] == "January 2014" and out["clock_detail"].startswith("replaying")
    assert out["ticker_disabled"] is True
    page = view_report(session, "teachers")
    assert page.startswith("<!DOCTYPE html>") and "Plotly" in page
    assert "Intervention: champion leaves" in page and "Replay: + succession planning" in page
    assert not EXTERNAL.search(page)


def test_server_refuses_oversized_requests_and_keeps_serving() -> None:
    from journeysim.dashboard.app import MAX_REQUEST_BYTES, create_app

    client = create_app().server.test_client()
    big = client.post("/_dash-update-component", data=b"x" * (MAX_REQUEST_BYTES + 1), content_type="application/json")
    assert big.status_code == 413
    page = client.get("/")
    assert page.status_code == 200 and b"journeysim" in page.data
    assert client.get("/_dash-layout").status_code == 200
