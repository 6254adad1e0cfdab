"""Figures of a population run and of comparisons of population scenarios (journeysim.presentation.nation_figures)."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pytest

from journeysim.analysis.nation import NATION_METRICS, summarize_nations
from journeysim.library import load_scenario
from journeysim.model.embeddedness import LEVELS
from journeysim.nation.outputs import gini
from journeysim.presentation.nation_figures import (
    comparison_bars,
    curve_gini,
    level_shares_figure,
    lorenz_figure,
    nations_figure,
    services_figure,
)
from journeysim.presentation.style import LEVEL_COLOURS
from journeysim.runs import NationResult, run_nation


@pytest.fixture(scope="module")
def result() -> NationResult:
    return run_nation(load_scenario("uk_services", sets={"years": 10}), 0)


def _notes(fig: go.Figure) -> str:
    return " ".join(a.text for a in fig.layout.annotations)


# --------------------------------------------------------------- level shares
@pytest.mark.parametrize("nation", ["uk", "england", "scotland", "wales", "northern_ireland"])
def test_level_shares_stack_to_100_percent_every_year(result: NationResult, nation: str) -> None:
    fig = level_shares_figure(result.yearly, nation)
    own = result.yearly[result.yearly["nation"] == nation].sort_values("year")
    assert [t.name for t in fig.data] == list(LEVELS)
    assert {t.stackgroup for t in fig.data} == {"levels"}
    assert [t.line.color for t in fig.data] == [LEVEL_COLOURS[lv] for lv in LEVELS]
    for trace in fig.data:
        assert list(trace.x) == own["year"].tolist()
    totals = np.sum([np.array(t.y, dtype=float) for t in fig.data], axis=0)
    np.testing.assert_allclose(totals, 100.0, atol=1e-9)
    embedded = np.array(fig.data[LEVELS.index("embedded")].y, dtype=float)
    np.testing.assert_allclose(embedded, 100 * own["share_embedded"].to_numpy())
    assert fig.layout.yaxis.ticksuffix == "%" and tuple(fig.layout.yaxis.range) == (0, 100)


def test_level_shares_final_year_matches_the_outcomes(result: NationResult) -> None:
    fig = level_shares_figure(result.yearly)
    final = {t.name: t.y[-1] for t in fig.data}
    assert final["embedded"] == pytest.approx(100 * result.outcomes["share_embedded_final"])
    assert final["fragile"] + final["embedded"] == pytest.approx(100 * result.outcomes["share_fragile_or_better_final"])
    assert fig.data[0].customdata[-1] == round(result.yearly.query("nation == 'uk'")["share_absent"].iloc[-1] * 196)


def test_level_shares_of_a_missing_nation_or_empty_table_is_a_note(result: NationResult) -> None:
    fig = level_shares_figure(result.yearly, "atlantis", "Nowhere")
    assert len(fig.data) == 0 and "No yearly results" in _notes(fig)
    empty = level_shares_figure(result.yearly.iloc[0:0])
    assert len(empty.data) == 0


# --------------------------------------------------------------- nations side by side
def test_nations_figure_draws_every_nation_and_all_services_thicker(result: NationResult) -> None:
    fig = nations_figure(result.yearly, "share_no_teacher", "nobody trained")
    names = [t.name for t in fig.data]
    assert names == ["All services", "England", "Scotland", "Wales", "Northern Ireland"]
    widths = [t.line.width for t in fig.data]
    assert widths[0] > max(widths[1:])
    for trace, nation in zip(fig.data, ["uk", "england", "scotland", "wales", "northern_ireland"], strict=True):
        own = result.yearly[result.yearly["nation"] == nation].sort_values("year")
        np.testing.assert_allclose(np.array(trace.y, dtype=float), 100 * own["share_no_teacher"].to_numpy())
    assert fig.layout.yaxis.ticksuffix == "%"


def test_nations_figure_plain_numbers_and_gaps_for_missing_values(result: NationResult) -> None:
    yearly = result.yearly.copy()
    wales = yearly["nation"] == "wales"
    yearly.loc[wales, ["courses", "participants", "participants_per_100k"]] = 0
    yearly.loc[wales, "gini"] = float("nan")  # nobody reached in Wales: no Gini
    fig = nations_figure(yearly, "gini", "Gini")
    assert fig.layout.yaxis.ticksuffix == ""
    traces = {t.name: t for t in fig.data}
    assert all(v is None for v in traces["Wales"].y)
    uk = yearly[yearly["nation"] == "uk"]["gini"].tolist()
    assert list(traces["All services"].y) == pytest.approx(uk)
    reach = nations_figure(yearly, "participants_per_100k", "reached per 100,000")
    assert list({t.name: t for t in reach.data}["Wales"].y) == [0.0] * len(uk)


def test_nations_figure_of_an_empty_table_is_a_note_and_an_unknown_column_an_error(result: NationResult) -> None:
    assert len(nations_figure(pd.DataFrame(), "gini", "Gini").data) == 0
    with pytest.raises(KeyError):
        nations_figure(result.yearly, "no_such_column", "nothing")


# --------------------------------------------------------------- Lorenz curve
def test_lorenz_curve_is_the_results_curve_with_its_gini(result: NationResult) -> None:
    fig = lorenz_figure(result.lorenz)
    diagonal, curve = fig.data
    assert list(diagonal.x) == [0.0, 1.0] and list(diagonal.y) == [0.0, 1.0]
    assert list(curve.x) == result.lorenz["x"] and list(curve.y) == result.lorenz["y"]
    # 1 - 2 * (area under the curve) is the Gini the run computed from the final year
    assert curve_gini(result.lorenz["x"], result.lorenz["y"]) == pytest.approx(result.outcomes["gini_final"])
    assert f"Gini {result.outcomes['gini_final']:.2f}" in _notes(fig)
    assert fig.layout.yaxis.scaleanchor == "x"


def test_curve_gini_agrees_with_the_model_on_known_values() -> None:
    values, people = np.array([0.0, 10.0, 30.0, 60.0]), np.array([100.0, 100.0, 100.0, 100.0])
    x = np.concatenate([[0.0], np.cumsum(people) / people.sum()])
    y = np.concatenate([[0.0], np.cumsum(values) / values.sum()])
    assert curve_gini(x.tolist(), y.tolist()) == pytest.approx(gini(values, people))
    assert curve_gini([0.0, 1.0], [0.0, 1.0]) == pytest.approx(0.0)


def test_lorenz_with_nobody_reached_draws_only_the_diagonal() -> None:
    fig = lorenz_figure({"x": [0.0, 0.4, 1.0], "y": [None, None, None]}, "Nobody")
    assert len(fig.data) == 1 and "nobody was reached" in _notes(fig)
    given = lorenz_figure({"x": [0.0, 1.0], "y": [0.0, 1.0]}, gini=float("nan"))
    assert "Gini not defined" in _notes(given)
    assert "Gini 0.42" in _notes(lorenz_figure({"x": [0.0, 1.0], "y": [0.0, 1.0]}, gini=0.42))
    assert math.isnan(curve_gini([], []))


# --------------------------------------------------------------- every service
def test_services_heatmap_has_one_row_per_service_and_the_levels(result: NationResult) -> None:
    fig = services_figure(result.service_years)
    heat = fig.data[0]
    years = sorted(result.service_years["year"].unique().tolist())
    assert len(heat.y) == len(result.services) == len(set(heat.y))
    assert set(heat.y) == set(result.services["service"])
    assert list(heat.x) == years
    assert len(heat.z) == len(heat.y) and all(len(row) == len(years) for row in heat.z)
    codes = result.service_years.set_index(["service", "year"])["level_code"]
    teachers = result.service_years.set_index(["service", "year"])["teachers"]
    for i, service in enumerate(heat.y):
        assert list(heat.z[i]) == [codes[(service, y)] for y in years]
        assert list(heat.customdata[i]) == [teachers[(service, y)] for y in years]
        assert list(heat.text[i]) == [LEVELS[codes[(service, y)]] for y in years]
    # the last column is each service's final level
    final = result.services.set_index("service")["final_level"]
    assert [LEVELS[row[-1]] for row in heat.z] == [final[s] for s in heat.y]
    assert "%{y}" in heat.hovertemplate and "teachers" in heat.hovertemplate


def test_services_heatmap_groups_by_nation_and_sorts_by_final_level(result: NationResult) -> None:
    heat = services_figure(result.service_years).data[0]
    nation = result.services.set_index("service")["nation"]
    order = [nation[s] for s in heat.y]
    runs = [n for i, n in enumerate(order) if i == 0 or n != order[i - 1]]
    assert runs == ["england", "scotland", "wales", "northern_ireland"]  # each nation in one block
    for n in runs:
        finals = [row[-1] for row, s in zip(heat.z, heat.y, strict=True) if nation[s] == n]
        assert finals == sorted(finals, reverse=True)
    assert tuple(heat.colorbar.ticktext) == LEVELS


def test_services_heatmap_of_nothing_is_a_note() -> None:
    fig = services_figure(pd.DataFrame())
    assert len(fig.data) == 0 and "No services" in _notes(fig)


# --------------------------------------------------------------- comparison bars
@pytest.fixture(scope="module")
def comparison() -> dict:
    rng = np.random.default_rng(4)
    rows = []
    for scenario, shift in (("base", 0.0), ("base+<b>policy</b>", 0.2)):
        for rep in range(6):
            row = {"run_id": f"{scenario}-{rep}", "scenario": scenario, "replication": rep, "status": "ok"}
            row |= {
                "months": 120,
                "services": 196,
                "spend_total": 1e6 + 1e5 * rep,
                "participants_total": 3000 + 500 * rep,
            }
            for column, _, kind in NATION_METRICS:
                if column != "participants_total":
                    row[column] = (0.1 + shift + 0.05 * rng.random()) if kind in ("share", "index") else 100 * rep
            row["gini_final"] = None if scenario == "base" else row["gini_final"]  # nobody reached: no Gini
            rows.append(row)
    return summarize_nations(pd.DataFrame(rows), n_resamples=200, seed=1)


def test_comparison_bars_show_each_scenarios_mean_and_interval(comparison: dict) -> None:
    fig = comparison_bars(comparison, "share_running_final")
    assert [t.y[0] for t in fig.data] == ["base", "base+&lt;b&gt;policy&lt;/b&gt;"]  # names are text, not markup
    for trace, name in zip(fig.data, comparison["order"], strict=True):
        stats = comparison["scenarios"][name]["share_running_final"]
        assert trace.x[0] == pytest.approx(100 * stats["value"])
        assert trace.error_x.array[0] == pytest.approx(100 * (stats["ci_high"] - stats["value"]))
        assert trace.error_x.arrayminus[0] == pytest.approx(100 * (stats["value"] - stats["ci_low"]))
        assert f"{100 * stats['value']:.1f}%" in fig.layout.annotations[fig.data.index(trace)].text
    assert fig.layout.xaxis.ticksuffix == "%"
    assert "Services running courses at the end" in fig.layout.title.text


def test_comparison_bars_money_and_missing_values(comparison: dict) -> None:
    cost = comparison_bars(comparison, "cost_per_participant")
    value = comparison["scenarios"]["base"]["cost_per_participant"]["value"]
    assert cost.data[0].x[0] == pytest.approx(value) and cost.layout.xaxis.tickprefix == "£"
    gini_bars = comparison_bars(comparison, "gini_final")  # no Gini at all for "base"
    assert gini_bars.data[0].x[0] is None and gini_bars.data[0].error_x.array[0] == 0.0
    assert gini_bars.layout.annotations[0].text == "—"
    empty = comparison_bars({"scenarios": {}, "order": []}, "share_embedded_final")
    assert len(empty.data) == 0 and "No scenarios" in _notes(empty)
