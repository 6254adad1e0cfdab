"""The nation view: a population of services under national policy levers, for policy analysts.

The page has two views, switched by two buttons at the top: one service's
journey (:mod:`journeysim.dashboard.layout`) and this one. Here an analyst picks a
shipped population scenario, a seed and the run length, and sets the
national policy levers. The lever controls are generated from the
declarations in :mod:`journeysim.parameters` (every parameter of group
``"national policy"``): numbers become number boxes within the declared
range, booleans checkboxes, choices dropdowns, labelled with the
description and unit. What the controls do is in :mod:`journeysim.dashboard.nation_callbacks`.
"""

from __future__ import annotations

from typing import Any

from dash import dcc, html

from journeysim.dashboard.nation_compare import BASELINES
from journeysim.dashboard.nation_controls import (
    RUN_PARAMETERS,
    control_names,
    default_scenario,
    lever_names,
    parameter_control,
    scenario_values,
)
from journeysim.dashboard.widgets import (
    button,
    choices,
    field,
    graph,
    panel,
    placeholder,
    population_scenarios,
    radio_group,
    status,
)
from journeysim.library import load_scenario
from journeysim.nation.outputs import ALL
from journeysim.parameters import PARAMETERS
from journeysim.presentation.nation_figures import nation_name


def nation_layout() -> html.Div:
    """The nation view (hidden until its button is pressed)."""
    empty = placeholder("Press Run to see the services' journeys.")  # no empty axes before the first run

    def chart(key: str) -> Any:
        return graph(f"nation-{key}-graph", empty)

    name = default_scenario()
    scenario = load_scenario(name) if name else None
    values = scenario_values(scenario) if scenario else {n: PARAMETERS[n].default for n in control_names()}
    options = choices((n.replace("_", " "), n) for n in population_scenarios())
    seed = dcc.Input(id="nation-seed", type="number", min=0, step=1, value=0, className="lever-input")
    setup = panel(
        "panel nation-setup",
        "Choose a population",
        field(
            "Population", dcc.Dropdown(id="nation-scenario", options=options, value=name, clearable=False), "field grow"
        ),
        field("Seed", seed),
        *(parameter_control(n, values[n]) for n in RUN_PARAMETERS),
        html.P(scenario.description if scenario else "", id="nation-description", className="description"),
    )
    levers = panel(
        "panel",
        "National policy levers",
        html.Div([parameter_control(n, values[n]) for n in lever_names()], className="levers"),
        title="National policy levers",
        hint="Each lever acts on the services of the chosen nations from its start year; at their first values "
        "there is no national MBCT policy beyond the dated history.",
    )
    toolbar = panel(
        "panel toolbar",
        "Run",
        button("Run", "nation-run", cls="btn primary run-btn"),
        button("Cancel", "nation-cancel", hidden=True),
        button("Back to the scenario's values", "nation-reset"),
        html.Progress(id="nation-progress", value="0", max="1", hidden=True, **{"aria-label": "Months computed"}),
        html.Span("", id="nation-running", className="status", role="status"),
    )
    keep = button("Keep this run as the baseline", "nation-keep")
    compare_with = radio_group(
        "Compare with", "nation-compare-with", BASELINES, "previous", cls=None, inline=True, className="nation-choice"
    )
    compare = panel(
        "panel nation-compare",
        "Compare runs",
        html.Div([compare_with, keep], className="compare-controls"),
        html.Div(id="nation-compare", className="compare"),
        title="What changed",
    )
    nation_choice = radio_group(
        "Level shares of", "nation-choice", [(nation_name(ALL), ALL)], ALL, None, inline=True, className="nation-choice"
    )
    headlines = html.Div(
        [
            html.P("", id="nation-summary", className="description"),
            html.Ul([], id="nation-headlines", className="headlines", **{"aria-label": "Headline numbers"}),
        ],
        className="nation-headlines",
    )
    figures = html.Div(
        [
            html.Div([nation_choice, chart("levels")]),
            html.Div([chart("no_teacher"), chart("reach")], className="nation-grid"),
            html.Div([chart("lorenz"), chart("services")], className="nation-grid lorenz-services"),
        ],
        className="nation-results",
    )
    return html.Div(
        id="nation-view",
        hidden=True,
        children=[
            dcc.Store(id="nation-store", storage_type="memory"),
            dcc.Store(id="nation-job", storage_type="memory"),
            dcc.Interval(id="nation-poll", interval=400, disabled=True),
            # The page's one h1 is the journey's; this view's title is the next level down.
            html.Header(
                [
                    html.H2("journeysim: a nation of services", className="view-title"),
                    html.P("How national policy spreads, embeds or loses MBCT across many services", className="tag"),
                ],
                className="topbar brand",
            ),
            setup,
            levers,
            toolbar,
            status("nation-status", "message"),
            html.Div(id="nation-error", className="error", role="alert"),
            html.Div([headlines, compare, figures], id="nation-output"),
        ],
    )
