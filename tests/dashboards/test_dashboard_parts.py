"""The app's parts without a browser: checklist, figures, fan data, uploads, HTML export, CLI."""

from __future__ import annotations

import argparse
import base64
import re
import socket
import subprocess
import sys
import time
import tomllib
import urllib.request

import pytest

from dashboards import fan
from dashboards.callbacks import decode_upload, render, view_report
from dashboards.checklist import checklist_scenario, to_toml
from dashboards.cli import add_commands
from dashboards.figures import (
    EVENT_GROUPS,
    LEVEL_COLOURS,
    RunView,
    fan_figure,
    features_figure,
    heatmap_figure,
    level_figure,
)
from dashboards.sessions import Session, new_session_id
from journeysim.batch.runs import purpose_seeds
from journeysim.library import MAX_FILE_BYTES, load_scenario, scenario_from_text
from journeysim.model.model import JourneyModel
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
        scenario_from_text(checklist_scenario({}, years=50), "checklist")


def test_to_toml_round_trips_and_escapes() -> None:
    raw = {
        "name": 'a "quoted" \\ name',
        "parameters": {"years": 10, "pressure": 0.5, "x": True},
        "implementers": [{"role": "teacher"}, {"role": "manager"}],
    }
    assert tomllib.loads(to_toml(raw)) == raw


# ---------------------------------------------------------------- figures
def _view(months: int = 40, interventions: tuple[tuple[int, str], ...] = ((20, "champion_leaves"),)) -> RunView:
    model = JourneyModel(load_scenario("trainer_demo"), purpose_seeds(0, 0)["model"])
    done = 0
    for month, kind in interventions:
        model.run(month - done)
        model.intervene(kind)
        done = month
    model.run(months - done)
    return RunView("This run", list(model.series_rows()), [e.to_dict() for e in model.log.events])


def test_level_figure_draws_the_four_bands_and_marks_the_intervention() -> None:
    fig = level_figure([_view()], 2014, 120)
    assert len([s for s in fig.layout.shapes if s.type == "rect"]) == 4
    assert list(fig.layout.yaxis.ticktext) == ["absent", "patchy", "fragile", "embedded"]
    marks = next(t for t in fig.data if t.name == "Interventions")
    assert "champion_leaves" in marks.meta["kinds"] and 20 in marks.meta["months"]
    assert "2015-09-01" in list(marks.x)
    assert {t.name for t in fig.data} >= {g.name for g in EVENT_GROUPS}
    assert any(a.text == "champion leaves" for a in fig.layout.annotations)


def test_level_figure_puts_a_replay_beside_the_original() -> None:
    a, b = _view(), _view()
    b = RunView("Replay: + succession planning", b.rows, b.events, dash="dash")
    fig = level_figure([a, b], 2014, 120)
    titles = [ann.text for ann in fig.layout.annotations]
    assert "This run" in titles and "Replay: + succession planning" in titles
    assert len([t for t in fig.data if t.name and t.name.startswith("Level")]) == 2
    assert len([s for s in fig.layout.shapes if s.type == "rect"]) == 8


def test_features_figure_has_each_panel_and_dashes_the_replay() -> None:
    a = _view()
    fig = features_figure([a, RunView("Replay", a.rows, a.events, dash="dash")], 2014, 120)
    names = {t.name for t in fig.data}
    assert {"Trained teachers", "Courses", "Participants", "Recurrent a year", "Middle manager"} <= names
    assert {t.line.dash for t in fig.data} == {"solid", "dash"}
    assert len({t.legend or "legend" for t in fig.data}) == 5


def test_palette_is_okabe_ito_and_fan_and_heatmap_build() -> None:
    assert LEVEL_COLOURS["embedded"] == "#009E73"
    dates = ["2014-01-01", "2014-02-01"]
    bands = {q: [1.0, 2.0] for q in (0.05, 0.25, 0.5, 0.75, 0.95)}
    fig = fan_figure(dates, bands, "teachers", [("this run", dates, [1, 3], "#000000", "solid")], n_runs=10)
    assert fig.data[-1].name == "this run"
    heat = heatmap_figure(
        [[0.1, None], [0.5, 0.9]], ["a", "b"], ["c", "d"], "x", "y", "z", percent=True, counts=[[1, 0], [2, 3]]
    )
    assert heat.data[0].text[1][1] == "90%<br>n=3"


# ---------------------------------------------------------------- fan data
def test_fan_worlds_are_the_batch_replications() -> None:
    scenario = load_scenario("trainer_demo")
    arrays = fan.run_worlds(scenario, 5, [0, 3])
    model = JourneyModel(scenario, purpose_seeds(5, 3)["model"])
    model.run()
    assert arrays["teachers"][1].tolist() == fan.metric_values(list(model.series_rows()), "teachers")
    data = fan.summarise(scenario, 5, arrays)
    assert data.n == 2 and len(data.dates) == 120 and data.dates[0] == "2014-01-01"
    assert all(abs(sum(s[m] for s in data.level_shares.values()) - 1) < 1e-6 for m in range(120))


def test_fan_for_runs_in_worker_processes_and_caches() -> None:
    scenario = load_scenario("trainer_demo")
    data = fan.fan_for(scenario, 1, 6)
    direct = fan.summarise(scenario, 1, fan.run_worlds(scenario, 1, list(range(6))))
    assert data.bands == direct.bands
    assert fan.fan_for(scenario, 1, 6) is data
    assert fan.cached((scenario.hash, 1, 6)) is data


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


# ---------------------------------------------------------------- command line
def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_dashboard_command_has_help_with_local_defaults(capsys: pytest.CaptureFixture[str]) -> None:
    parser = argparse.ArgumentParser(prog="journeysim")
    add_commands(parser.add_subparsers(dest="command"))
    args = parser.parse_args(["dashboard"])
    assert (args.host, args.port) == ("127.0.0.1", 8050)
    with pytest.raises(SystemExit) as exit_info:
        parser.parse_args(["dashboard", "--help"])
    assert exit_info.value.code == 0
    text = capsys.readouterr().out
    assert "--host" in text and "127.0.0.1" in text and "--port" in text and "8050" in text
    with pytest.raises(SystemExit):
        parser.parse_args(["dashboard", "--port", "70000"])


def test_dashboard_command_serves_the_app_and_reports_a_busy_port() -> None:
    port = _free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "dashboards.cli", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        body = ""
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5) as response:
                    body = response.read().decode()
                break
            except OSError:
                if proc.poll() is not None:
                    break
                time.sleep(0.3)
        assert "journeysim" in body and "_dash-config" in body
        busy = subprocess.run(
            [sys.executable, "-m", "dashboards.cli", "--port", str(port)],
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert busy.returncode == 2 and "cannot serve" in busy.stderr
    finally:
        proc.terminate()
        assert proc.wait(timeout=30) in (0, 130, -15)


def test_server_refuses_oversized_requests_and_keeps_serving() -> None:
    from dashboards.app import MAX_REQUEST_BYTES, create_app

    client = create_app().server.test_client()
    big = client.post("/_dash-update-component", data=b"x" * (MAX_REQUEST_BYTES + 1), content_type="application/json")
    assert big.status_code == 413
    page = client.get("/")
    assert page.status_code == 200 and b"journeysim" in page.data
    assert client.get("/_dash-layout").status_code == 200
