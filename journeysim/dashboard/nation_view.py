"""The nation view: a population of services under national policy levers, for policy analysts.

The page has two views, switched by two buttons at the top: one service's
journey (:mod:`journeysim.dashboard.layout`) and this one. Here an analyst picks a
shipped population scenario, a seed and the run length, and sets the
national policy levers. The lever controls are generated from the
declarations in :mod:`journeysim.parameters` (every parameter of group
``"national policy"``): numbers become number boxes within the declared
range, booleans checkboxes, choices dropdowns, labelled with the
description and unit.

"Run" validates the values through :meth:`Scenario.with_parameters` (a bad
value is shown as its :class:`ScenarioError` message), runs the whole
population in the callback (a few seconds, under a spinner) and draws level
shares, nobody-trained shares and reach by nation, the concentration
curve, every service's level, and the headline numbers. The yearly table is
kept in the tab's ``dcc.Store``, so choosing another nation redraws without
running again; nothing is kept on the server, and no lock is held, so other
sessions are never held up by a run.
"""

from __future__ import annotations

import logging
import time
from io import StringIO
from typing import Any

import pandas as pd
from dash import Dash, Input, Output, State, dcc, html, no_update

from journeysim.dashboard.nation_controls import (
    RUN_PARAMETERS,
    build_scenario,
    check_seed,
    control_id,
    control_names,
    default_scenario,
    lever_names,
    parameter_control,
    scenario_controls,
    scenario_values,
)
from journeysim.dashboard.widgets import GRAPH_CONFIG, population_scenarios
from journeysim.library import load_scenario
from journeysim.nation.outputs import ALL
from journeysim.parameters import PARAMETERS
from journeysim.presentation.nation_figures import (
    level_shares_figure,
    lorenz_figure,
    nation_name,
    nations_figure,
    services_figure,
)
from journeysim.runs import NationResult, run_nation
from journeysim.scenario import Scenario, ScenarioError

log = logging.getLogger(__name__)

FIGURES = ("levels", "no_teacher", "reach", "lorenz", "services")
HEADLINES: tuple[tuple[str, str], ...] = (
    ("participants", "people reached"),
    ("relapses_prevented", "depressive relapses prevented"),
    ("cost_per_participant", "spent per participant"),
    ("policy_money", "national policy money"),
    ("teachers", "trained teachers at the end"),
    ("share_embedded", "services embedded at the end"),
)


# ------------------------------------------------------------------ layout
def _graph(name: str) -> dcc.Graph:
    return dcc.Graph(id=f"nation-{name}-graph", className="graph", config=GRAPH_CONFIG)


def nation_layout() -> html.Div:
    """The nation view (hidden until its button is pressed)."""
    name = default_scenario()
    scenario = load_scenario(name) if name else None
    values = scenario_values(scenario) if scenario else {n: PARAMETERS[n].default for n in control_names()}
    options = [{"label": n.replace("_", " "), "value": n} for n in population_scenarios()]
    run_controls = [parameter_control(n, values[n]) for n in RUN_PARAMETERS]
    setup = html.Section(
        className="panel nation-setup",
        **{"aria-label": "Choose a population"},
        children=[
            html.Div(
                [
                    html.Label("Population", htmlFor="nation-scenario", className="field-label"),
                    dcc.Dropdown(id="nation-scenario", options=options, value=name, clearable=False),
                ],
                className="field grow",
            ),
            html.Div(
                [
                    html.Label("Seed", htmlFor="nation-seed", className="field-label"),
                    dcc.Input(id="nation-seed", type="number", min=0, step=1, value=0, className="lever-input"),
                ],
                className="field",
            ),
            *run_controls,
            html.P(scenario.description if scenario else "", id="nation-description", className="description"),
        ],
    )
    levers = html.Section(
        className="panel",
        **{"aria-label": "National policy levers"},
        children=[
            html.H2("National policy levers", className="section-title"),
            html.P(
                "Each lever acts on the services of the chosen nations from its start year; at their first values "
                "there is no national MBCT policy beyond the dated history.",
                className="hint",
            ),
            html.Div([parameter_control(n, values[n]) for n in lever_names()], className="levers"),
        ],
    )
    toolbar = html.Section(
        className="panel toolbar",
        **{"aria-label": "Run"},
        children=[
            html.Button("Run", id="nation-run", n_clicks=0, type="button", className="btn primary run-btn"),
            html.Button("Back to the scenario's values", id="nation-reset", n_clicks=0, type="button", className="btn"),
            html.Span("", id="nation-running", className="status", role="status"),
        ],
    )
    nation_choice = html.Fieldset(
        [
            html.Legend("Level shares of"),
            dcc.RadioItems(
                id="nation-choice",
                options=[{"label": nation_name(ALL), "value": ALL}],
                value=ALL,
                inline=True,
                className="nation-choice",
            ),
        ],
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
            html.Div([nation_choice, _graph("levels")]),
            html.Div([_graph("no_teacher"), _graph("reach")], className="nation-grid"),
            html.Div([_graph("lorenz"), _graph("services")], className="nation-grid lorenz-services"),
        ],
        className="nation-results",
    )
    # While a run goes on, the last results stay visible but dimmed, under a spinner.
    loading = {"type": "circle", "delay_show": 200, "overlay_style": {"visibility": "visible", "opacity": 0.35}}
    return html.Div(
        id="nation-view",
        hidden=True,
        children=[
            dcc.Store(id="nation-store", storage_type="memory"),
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
            html.Div(id="nation-status", className="message", role="status", **{"aria-live": "polite"}),
            html.Div(id="nation-error", className="error", role="alert"),
            dcc.Loading(headlines, **loading),
            dcc.Loading(figures, **loading),
        ],
    )


# ------------------------------------------------------------------ running
def headline_values(result: NationResult) -> dict[str, float | None]:
    """The headline numbers of a run (see :data:`HEADLINES`)."""
    o = result.outcomes
    uk = result.yearly[result.yearly["nation"] == ALL].sort_values("year")
    last = uk.iloc[-1] if len(uk) else None
    return {
        "participants": o.get("participants_total"),
        "relapses_prevented": o.get("relapses_prevented_total"),
        "cost_per_participant": o.get("cost_per_participant"),
        "policy_money": o.get("policy_money_total"),
        "teachers": None if last is None else int(last["teachers"]),
        "share_embedded": o.get("share_embedded_final"),
    }


def _money(value: float) -> str:
    if abs(value) >= 1e6:
        return f"£{value / 1e6:,.1f}m"
    return f"£{value:,.0f}"


def format_headline(key: str, value: float | None) -> str:
    """A headline number in words and digits (``"—"`` when there is none)."""
    if value is None or pd.isna(value):
        return "—"
    if key in ("cost_per_participant", "policy_money"):
        return _money(float(value))
    if key == "share_embedded":
        return f"{100 * value:.0f}%"
    return f"{value:,.0f}"


def headline_items(values: dict[str, float | None]) -> list[html.Li]:
    """The headline numbers as list items: the number large, its meaning below."""
    return [
        html.Li(
            [html.Span(format_headline(key, values.get(key)), className="headline-value"), html.Span(label)],
            id=f"nation-headline-{key}",
            className="headline",
        )
        for key, label in HEADLINES
    ]


def _changed(scenario: Scenario, base: Scenario) -> str:
    names = [n for n in lever_names() if scenario.parameters[n] != base.parameters[n]]
    if not names:
        return "No policy levers changed from the scenario."
    return "Levers: " + "; ".join(f"{n} = {scenario.parameters[n]}" for n in names) + "."


def level_shares(yearly: pd.DataFrame, nation: str) -> Any:
    """The level-shares figure for ``nation`` (``"uk"`` for all services)."""
    return level_shares_figure(yearly, nation, title=f"Services at each level: {nation_name(nation)}")


def figures_of(result: NationResult, nation: str = ALL) -> dict[str, Any]:
    """Every figure of the view for one run (see :data:`FIGURES`)."""
    yearly = result.yearly
    last = int(yearly["year"].max())
    return {
        "levels": level_shares(yearly, nation),
        "no_teacher": nations_figure(
            yearly, "share_no_teacher", "services with nobody trained", title="Services with nobody trained"
        ),
        "reach": nations_figure(
            yearly, "participants_per_100k", "people reached per 100,000", title="People reached a year per 100,000"
        ),
        "lorenz": lorenz_figure(result.lorenz, title=f"Who is reached: concentration of access in {last}"),
        "services": services_figure(result.service_years, title="Every service's level at the end of each year"),
    }


def _unchanged(error: str, status: str = "") -> dict[str, Any]:
    out: dict[str, Any] = dict.fromkeys(("summary", "headlines", "store", "choice_options", "choice"), no_update)
    out |= {f"fig_{k}": no_update for k in FIGURES}
    return out | {"error": error, "status": status}


def run_view(name: Any, seed: Any, values: dict[str, Any], nation: str = ALL) -> dict[str, Any]:
    """What pressing Run shows: every output of the view, or the error with the last results kept.

    Args:
        name: A shipped population scenario.
        seed: The run's seed.
        values: Control values by parameter name (as the controls hold them; see :func:`from_control`).
        nation: The nation whose level shares to draw (``"uk"`` for all services).

    Returns:
        Outputs by name: ``error``, ``status``, ``summary``, ``headlines``, ``store``,
        ``choice_options``, ``choice`` and ``fig_<name>`` for each of :data:`FIGURES`.

    """
    try:
        scenario = build_scenario(name, values)
        seed = check_seed(seed)
    except ScenarioError as exc:
        return _unchanged(str(exc), "Nothing was run: correct the value and press Run again.")
    started = time.monotonic()
    result = run_nation(scenario, seed)
    took = time.monotonic() - started
    yearly = result.yearly
    years = sorted(int(y) for y in yearly["year"].unique())
    nations = list(dict.fromkeys(yearly["nation"]))
    nation = nation if nation in nations else ALL
    headlines = headline_values(result)
    summary = (
        f"{scenario.name}, seed {seed}: {result.outcomes['services']} services, {years[0]}–{years[-1]}. "
        + _changed(scenario, load_scenario(scenario.name))
    )
    figures = figures_of(result, nation)
    return {
        "error": "",
        "status": f"Ran {result.outcomes['services']} services for {len(years)} years in {took:.1f} s.",
        "summary": summary,
        "headlines": headline_items(headlines),
        "store": {
            "scenario": scenario.name,
            "seed": seed,
            "headlines": headlines,
            "yearly": yearly.to_json(orient="split", index=False),
        },
        "choice_options": [{"label": nation_name(n), "value": n} for n in nations],
        "choice": nation,
        **{f"fig_{k}": fig for k, fig in figures.items()},
    }


def stored_yearly(store: dict[str, Any] | None) -> pd.DataFrame | None:
    """The yearly table kept in the tab's store by the last run (None before any run)."""
    if not store or "yearly" not in store:
        return None
    return pd.read_json(StringIO(store["yearly"]), orient="split")


# ------------------------------------------------------------------ callbacks
SWITCH_JS = "function(a, b) { return window.journeysim.showView(a, b); }"  # assets/nation_view.js


def register(app: Dash) -> None:
    """Attach the nation view's callbacks (and the view switch) to ``app``."""
    names = control_names()
    controls = {name: State(control_id(name), "value") for name in names}
    outputs = {
        "error": Output("nation-error", "children"),
        "status": Output("nation-status", "children"),
        "summary": Output("nation-summary", "children"),
        "headlines": Output("nation-headlines", "children"),
        "store": Output("nation-store", "data"),
        "choice_options": Output("nation-choice", "options"),
        "choice": Output("nation-choice", "value"),
        **{f"fig_{k}": Output(f"nation-{k}-graph", "figure") for k in FIGURES},
    }

    app.clientside_callback(
        SWITCH_JS,
        Output("journey-view", "hidden"),
        Output("nation-view", "hidden"),
        Output("view-journey", "aria-pressed"),
        Output("view-nation", "aria-pressed"),
        Output("view-journey", "className"),
        Output("view-nation", "className"),
        Input("view-journey", "n_clicks"),
        Input("view-nation", "n_clicks"),
    )

    @app.callback(
        output=outputs,
        inputs={"clicks": Input("nation-run", "n_clicks")},
        state={
            "name": State("nation-scenario", "value"),
            "seed": State("nation-seed", "value"),
            "nation": State("nation-choice", "value"),
            "values": controls,
        },
        running=[
            (Output("nation-run", "disabled"), True, False),
            (Output("nation-run", "children"), "Running…", "Run"),
            (Output("nation-running", "children"), "Running every service through the years: a few seconds…", ""),
        ],
        prevent_initial_call=True,
    )
    def run(clicks: int, name: str, seed: Any, nation: str, values: dict[str, Any]) -> dict[str, Any]:
        try:
            return run_view(name, seed, values, nation or ALL)
        except Exception as exc:  # the page must stay usable whatever happens in a run
            log.exception("nation run failed", exc_info=exc)
            return _unchanged(f"Something went wrong in the run ({type(exc).__name__}); nothing was changed.")

    @app.callback(
        Output("nation-levels-graph", "figure", allow_duplicate=True),
        Input("nation-choice", "value"),
        State("nation-store", "data"),
        prevent_initial_call=True,
    )
    def choose_nation(nation: str, store: dict[str, Any] | None) -> Any:
        yearly = stored_yearly(store)
        if yearly is None:
            return no_update
        return level_shares(yearly, nation if nation in set(yearly["nation"]) else ALL)

    @app.callback(
        output={
            "values": {name: Output(control_id(name), "value") for name in names},
            "description": Output("nation-description", "children"),
            "error": Output("nation-error", "children", allow_duplicate=True),
        },
        inputs={"name": Input("nation-scenario", "value"), "reset": Input("nation-reset", "n_clicks")},
        prevent_initial_call=True,
    )
    def load_values(name: str, reset: int) -> dict[str, Any]:
        return scenario_controls(name)
