"""The comparison and sweep reports: one self-contained HTML file each, with every section."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

from journeysim.reports import write_compare_report, write_sweep_report
from journeysim.reports.appendix import parameters_table, scenario_definitions
from journeysim.reports.summaries import (
    OUTCOMES,
    departure_to_collapse,
    fan_bands,
    km_curve,
    level_shares,
    param_bins,
    time_to_embedded,
)

EXTERNAL = re.compile(r"<(?:script|link|img|iframe)[^>]*(?:src|href)\s*=\s*[\"']?(?:https?:)?//", re.I)


def _figures(html: str) -> int:
    return len(re.findall(r"<div id=\"figure-\d+\" class=\"plotly-graph-div\"", html))


def test_compare_report_is_one_self_contained_file_with_every_section(compare_data: dict, tmp_path: Path) -> None:
    d = compare_data
    path = write_compare_report(
        tmp_path / "out" / "compare.html", d["comparison"], d["runs"], d["monthly"], d["manifest"]
    )
    html = path.read_text()
    assert path == tmp_path / "out" / "compare.html" and not list(path.parent.glob(".*.tmp"))
    assert "Plotly.newPlot" in html and len(html) > 3_000_000  # plotly.js is inlined
    assert not EXTERNAL.search(html)
    for heading in (
        "Headline outcomes",
        "Paired differences",
        "Fan charts per strategy",
        "Level distributions over calendar time",
        "Kaplan–Meier curves",
        "Appendix A: scenarios",
        "Appendix B: parameters",
        "Appendix C: run manifest",
    ):
        assert f">{heading}</h2>" in html
    # bars + forest + 3 fans + level shares + KM embedded (+ KM departure when someone left)
    assert _figures(html) >= 7
    a, b = d["names"]
    assert f"journeysim comparison: {a} vs {b}" in html
    assert "succession_planning" in html and "running_at_end" in html
    assert "class='differs'" in html  # the strategy's parameter is marked as differing


def test_compare_report_without_differences_monthly_rows_or_definitions(compare_data: dict, tmp_path: Path) -> None:
    d = compare_data
    comparison = {**d["comparison"], "differences": []}
    path = write_compare_report(tmp_path / "c.html", comparison, d["runs"], d["monthly"].iloc[0:0], {})
    html = path.read_text()
    assert "The comparison holds no paired differences." in html
    assert "The manifest does not record the scenario definitions." in html
    assert "Fan charts per strategy" not in html
    shares = [s["p_embedded_at"]["5"] for s in comparison["scenarios"].values()]
    assert all(f"<td>{v:.0%}</td>" in html for v in shares)


def test_sweep_report_draws_heatmaps_over_two_parameters(sweep_data: dict, tmp_path: Path) -> None:
    d = sweep_data
    path = write_sweep_report(tmp_path / "sweep.html", d["runs"], d["experiment"], d["manifest"])
    html = path.read_text()
    assert "journeysim sweep: pressure_by_budget" in html
    assert "pressure × budget_health" in html
    assert html.count('"type":"heatmap"') == len(OUTCOMES)  # one per outcome
    assert "Level at the end, by pressure" in html and "Level at the end, by budget_health" in html
    assert "Kaplan–Meier: time to embedded" in html and "Two context parameters on a grid." in html
    assert not EXTERNAL.search(html)


def test_sweep_report_bins_continuous_parameters(sweep_data: dict, tmp_path: Path) -> None:
    runs = sweep_data["runs"].copy()
    rng = np.random.default_rng(0)
    runs["param.pressure"] = rng.uniform(0.2, 0.8, len(runs))
    runs["param.culture"] = rng.uniform(0.2, 0.8, len(runs))
    runs.loc[0, "status"] = "failed"
    html = write_sweep_report(tmp_path / "lhs.html", runs, {"name": "lhs"}, {}).read_text()
    assert "pressure × culture" in html and "1 failed run(s)" in html
    assert re.search(r"0\.\d+(–|\\u2013)0\.\d+", html)


# ------------------------------------------------------------------ summaries
def test_km_curve_matches_the_product_limit_estimate() -> None:
    c = km_curve(pd.Series([5, 10, 20, 20]), pd.Series([True, True, False, False]))
    s = dict(zip(c["t"], c["s"], strict=True))
    assert s[5.0] == pytest.approx(0.75) and s[10.0] == pytest.approx(0.5) and s[20.0] == pytest.approx(0.5)
    assert c["events"] == 2 and c["median"] == 10.0
    done = km_curve(pd.Series([5, 10]), pd.Series([True, False]), complement=True)
    assert dict(zip(done["t"], done["s"], strict=True))[5.0] == pytest.approx(0.5)
    assert all(lo <= s <= hi for lo, s, hi in zip(done["lo"], done["s"], done["hi"], strict=True))


def test_km_inputs_are_read_from_the_runs_table(compare_data: dict) -> None:
    runs = compare_data["runs"]
    curves = time_to_embedded(runs)
    assert set(curves) == set(compare_data["names"])
    for name, curve in curves.items():
        assert curve["n"] == (runs.scenario == name).sum()
        assert curve["events"] == runs.loc[runs.scenario == name, "months_to_embedded"].notna().sum()
    leaving = departure_to_collapse(runs)
    for name, curve in leaving.items():
        assert curve["n"] == runs.loc[runs.scenario == name, "first_departure_month"].notna().sum()


def test_fan_bands_and_level_shares_summarise_the_monthly_table(compare_data: dict) -> None:
    monthly = compare_data["monthly"]
    name = compare_data["names"][0]
    dates, bands = fan_bands(monthly, "teachers")[name]
    mine = monthly[monthly.scenario == name]
    assert len(dates) == 120 and dates[0] == "2014-01-01"
    assert bands[0.5][60] == pytest.approx(mine[mine.month == 60]["teachers"].median())
    _, cum = fan_bands(monthly, "participants_cum")[name]
    assert cum[0.5] == sorted(cum[0.5])
    _, shares = level_shares(monthly)[name]
    assert all(abs(sum(shares[lv][m] for lv in shares) - 1) < 1e-6 for m in range(120))


def test_param_bins_keep_grid_values_and_cut_continuous_ones() -> None:
    grid = param_bins(pd.Series([0.3, 0.7, 0.3, 0.7]))
    assert list(grid.cat.categories) == ["0.3", "0.7"]
    cont = param_bins(pd.Series(np.linspace(0, 1, 50)))
    assert len(cont.cat.categories) == 5 and cont.notna().all()


def test_appendix_finds_definitions_and_marks_differing_parameters(compare_data: dict) -> None:
    defs = scenario_definitions(compare_data["manifest"], names=list(compare_data["names"]))
    assert list(defs) == list(compare_data["names"])
    table, differs = parameters_table(defs)
    assert table.loc[0, "parameter"] == "succession_planning" and differs[0] and not differs[-1]
    nested = {"scenarios": {"x": {"definition": defs[compare_data["names"][0]]}}}
    assert list(scenario_definitions(nested)) == ["x"]
    single = {"scenario_definition": defs[compare_data["names"][1]]}
    assert list(scenario_definitions(single)) == [compare_data["names"][1]]


# ------------------------------------------------------------------ in the browser
@pytest.mark.browser
def test_reports_open_offline_and_every_chart_renders(
    browser: Any, compare_data: dict, sweep_data: dict, tmp_path: Path
) -> None:
    d, s = compare_data, sweep_data
    files = [
        write_compare_report(tmp_path / "compare.html", d["comparison"], d["runs"], d["monthly"], d["manifest"]),
        write_sweep_report(tmp_path / "sweep.html", s["runs"], s["experiment"], s["manifest"]),
    ]
    context = browser.new_context(viewport={"width": 1300, "height": 900})
    blocked: list[str] = []
    errors: list[str] = []

    def only_files(route: Any) -> None:
        if route.request.url.startswith("file://"):
            route.continue_()
        else:
            blocked.append(route.request.url)
            route.abort()

    context.route("**/*", only_files)
    for path in files:
        page = context.new_page()
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.goto(path.as_uri())
        divs = page.locator(".plotly-graph-div")
        n = divs.count()
        assert n == _figures(path.read_text()) and n >= 4
        page.wait_for_function(
            "n => document.querySelectorAll('.plotly-graph-div .main-svg').length >= 2 * n", arg=n, timeout=30_000
        )
        rendered = page.evaluate(
            "Array.from(document.querySelectorAll('.plotly-graph-div'), d => d.querySelectorAll('.main-svg').length"
            " > 0 && d.getBoundingClientRect().height > 100)"
        )
        assert all(rendered)
        marks = page.evaluate(
            "document.querySelectorAll('.plotly-graph-div .scatterlayer .trace, "
            ".plotly-graph-div .barlayer .trace, .plotly-graph-div .heatmaplayer image, "
            ".plotly-graph-div .hm').length"
        )
        assert marks > n
        page.close()
    assert blocked == [] and errors == []
    context.close()


# ------------------------------------------------- months from a departure to the last course
def test_the_last_course_curve_censors_runs_still_starting_courses():
    from journeysim.reports.summaries import departure_to_last_course

    runs = pd.DataFrame(
        {
            "scenario": ["x"] * 5,
            "status": ["ok"] * 5,
            "first_departure_month": [10, 10, 10, 10, None],
            "months_departure_to_last_course": [0, 6, 12, 30, None],
            "last_course_censored": [False, False, False, True, False],
        }
    )
    curve = departure_to_last_course(runs)["x"]
    assert (curve["n"], curve["events"]) == (4, 3)  # the run without a departure is left out
    assert curve["median"] == 6  # S: 0.75 after 0, 0.5 after 6 months
    assert departure_to_last_course(runs.drop(columns="months_departure_to_last_course")) == {}


def test_the_fade_out_sentence_puts_the_last_course_beside_the_12_month_window():
    from journeysim.reports.compare import fade_out_sentence

    text = fade_out_sentence({"a": {"median": 12.0}}, {"a": {"median": 3.0}, "b": {"median": None}})
    assert "a: 3 months to the last course, 12 to the window's stop" in text
    assert "b: not reached months to the last course, no runs to the window's stop" in text
    assert "censored" in text


def test_compare_and_sweep_reports_draw_the_months_to_the_last_course(
    compare_data: dict, sweep_data: dict, tmp_path: Path
) -> None:
    d = compare_data
    html = write_compare_report(
        tmp_path / "c.html", d["comparison"], d["runs"], d["monthly"], d["manifest"]
    ).read_text()
    assert "From the first departure to the last course" in html and "12-month window" in html
    assert "share of need met" in html and "share of places filled" in html
    s = sweep_data
    html = write_sweep_report(tmp_path / "s.html", s["runs"], s["experiment"], s["manifest"]).read_text()
    assert "Kaplan–Meier: months from a departure to the last course" in html
    assert "mean share of need met" in html
