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
value is shown as its :class:`ScenarioError` message, with the lever's plain
label), then starts the population in the background
(:class:`~journeysim.dashboard.jobs.Job`, its own worker process):
the page polls its progress, *Cancel* stops it, and the session stays
responsive meanwhile. When it finishes the view draws level shares,
nobody-trained shares and reach by nation, the concentration curve, every
service's level, the headline numbers, and the new run beside the previous
one (or a kept baseline) with the differences
(:mod:`journeysim.dashboard.nation_compare`). The yearly table and the run
summaries are kept in the tab's ``dcc.Store``, so choosing another nation or
baseline redraws without running again; the server keeps only the running
job, under a random token held by the tab.
"""

from __future__ import annotations

from io import StringIO
from typing import Any

import pandas as pd
from dash import dcc, html, no_update

from journeysim.dashboard.nation_compare import (
    BASELINES,
    comparison,
    headline_items,
    headline_values,
    lever_text,
    next_store,
    run_summary,
)
from journeysim.dashboard.nation_compare import (
    HEADLINES as HEADLINES,  # re-exported: the view's headline numbers
)
from journeysim.dashboard.nation_controls import (
    RUN_PARAMETERS,
    control_names,
    default_scenario,
    lever_names,
    parameter_control,
    scenario_values,
)
from journeysim.dashboard.widgets import GRAPH_CONFIG, choices, field, panel, population_scenarios, radio_group, status
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
from journeysim.runs import NationResult
from journeysim.scenario import Scenario

FIGURES = ("levels", "no_teacher", "reach", "lorenz", "services")


# ------------------------------------------------------------------ layout
def _graph(name: str) -> dcc.Graph:
    return dcc.Graph(id=f"nation-{name}-graph", className="graph", config=GRAPH_CONFIG)


def nation_layout() -> html.Div:
    """The nation view (hidden until its button is pressed)."""
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
        html.Button("Run", id="nation-run", n_clicks=0, type="button", className="btn primary run-btn"),
        html.Button("Cancel", id="nation-cancel", n_clicks=0, type="button", className="btn", hidden=True),
        html.Button("Back to the scenario's values", id="nation-reset", n_clicks=0, type="button", className="btn"),
        html.Progress(id="nation-progress", value="0", max="1", hidden=True, **{"aria-label": "Months computed"}),
        html.Span("", id="nation-running", className="status", role="status"),
    )
    keep = html.Button("Keep this run as the baseline", id="nation-keep", n_clicks=0, type="button", className="btn")
    compare_with = radio_group(
        "Compare with",
        "nation-compare-with",
        [(lab, v) for v, lab in BASELINES],
        "previous",
        None,
        inline=True,
        className="nation-choice",
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
            html.Div([nation_choice, _graph("levels")]),
            html.Div([_graph("no_teacher"), _graph("reach")], className="nation-grid"),
            html.Div([_graph("lorenz"), _graph("services")], className="nation-grid lorenz-services"),
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


# ------------------------------------------------------------------ running
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


RESULT_KEYS = ("summary", "headlines", "store", "choice_options", "choice", "compare")


def _unchanged(error: Any, status: Any = "") -> dict[str, Any]:
    out: dict[str, Any] = dict.fromkeys(RESULT_KEYS, no_update)
    out |= {f"fig_{k}": no_update for k in FIGURES}
    return out | {"error": error, "status": status}


REFUSED = "Nothing was run: correct the value and press Run again."


def finished_view(
    result: NationResult,
    scenario: Scenario,
    seed: int,
    took: float,
    nation: str = ALL,
    store: dict[str, Any] | None = None,
    baseline: str = "previous",
) -> dict[str, Any]:
    """Every output of the view for a finished run, with the comparison against the tab's earlier runs."""
    yearly = result.yearly
    years = sorted(int(y) for y in yearly["year"].unique())
    nations = list(dict.fromkeys(yearly["nation"]))
    nation = nation if nation in nations else ALL
    headlines = headline_values(result)
    base = load_scenario(scenario.name)
    number = int(((store or {}).get("current") or {}).get("number", 0)) + 1
    summary = run_summary(yearly, scenario, base, seed, number)
    new_store = next_store(
        store,
        summary,
        {
            "scenario": scenario.name,
            "seed": seed,
            "headlines": headlines,
            "yearly": yearly.to_json(orient="split", index=False),
        },
    )
    text = (
        f"Run {number}: {scenario.name}, seed {seed}, {result.outcomes['services']} services, "
        f"{years[0]}–{years[-1]}; levers: {lever_text(scenario, base)}."
    )
    return {
        "error": "",
        "status": f"Ran {result.outcomes['services']} services for {len(years)} years in {took:.1f} s.",
        "summary": text,
        "headlines": headline_items(headlines),
        "store": new_store,
        "choice_options": [{"label": nation_name(n), "value": n} for n in nations],
        "choice": nation,
        "compare": comparison(new_store, baseline),
        **{f"fig_{k}": fig for k, fig in figures_of(result, nation).items()},
    }


def stored_yearly(store: dict[str, Any] | None) -> pd.DataFrame | None:
    """The yearly table kept in the tab's store by the last run (None before any run)."""
    if not store or "yearly" not in store:
        return None
    return pd.read_json(StringIO(store["yearly"]), orient="split")


def progress_text(done: int, total: int) -> str:
    """What the page says while a run goes on."""
    return f"Running every service through the years: {done // 12} of {max(1, total // 12)} years done…"
