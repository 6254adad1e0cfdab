"""Figures of one journey and of many runs (journeysim.presentation): bands, markers, panels, fans, heatmaps."""

from __future__ import annotations

from journeysim.library import load_scenario
from journeysim.model.model import JourneyModel
from journeysim.presentation.comparison import heatmap_figure
from journeysim.presentation.fans import FAN_METRICS, QUANTILES, REPORT_FAN_METRICS, fan_figure
from journeysim.presentation.journey import EVENT_GROUPS, RunView, features_figure, level_figure
from journeysim.presentation.style import LEVEL_COLOURS, rgba
from journeysim.runs import purpose_seeds


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
    assert LEVEL_COLOURS["embedded"] == "#00573F"
    dates = ["2014-01-01", "2014-02-01"]
    bands = {q: [1.0, 2.0] for q in (0.05, 0.25, 0.5, 0.75, 0.95)}
    fig = fan_figure(dates, bands, "teachers", [("this run", dates, [1, 3], "#000000", "solid")], n_runs=10)
    assert fig.data[-1].name == "this run"
    heat = heatmap_figure(
        [[0.1, None], [0.5, 0.9]], ["a", "b"], ["c", "d"], "x", "y", "z", percent=True, counts=[[1, 0], [2, 3]]
    )
    assert heat.data[0].text[1][1] == "90%<br>n=3"


def test_fan_choices_are_one_set_of_quantiles_and_labelled_metrics() -> None:
    assert QUANTILES == (0.05, 0.25, 0.5, 0.75, 0.95)
    assert set(REPORT_FAN_METRICS) < set(FAN_METRICS)
    assert list(REPORT_FAN_METRICS) == ["courses_last_12", "teachers", "participants_cum"]
    assert FAN_METRICS["level_code"] == "Embeddedness level"


def test_rgba_reads_a_hex_colour() -> None:
    assert rgba("#0072B2", 0.2) == "rgba(0,114,178,0.2)"
