"""What the nation view's controls do: start a run in the background, poll it, cancel it, compare runs.

*Run* checks the values (a bad one is refused with its message, in the
lever's plain words) and starts :func:`run_years` as a background
:class:`~journeysim.dashboard.jobs.Job` (a nation is one model, so it runs
in one process, a year at a time); the request returns at once with the
job's token, and an interval polls the job's progress until it finishes,
fails or is cancelled, as the many-worlds job of the single-service view does. When it finishes the view
draws level shares, nobody-trained shares and reach by nation, the concentration curve, every service's
level, the headline numbers, and the new run beside the previous one (or a kept baseline) with the
differences (:mod:`journeysim.dashboard.nation_compare`). The yearly table and the run summaries are
kept in the tab's ``dcc.Store``, so choosing another nation or baseline redraws without running again;
the server keeps only the running job, under a random token held by the tab.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from io import StringIO
from typing import Any

import pandas as pd
from dash import Dash, Input, Output, State, ctx, no_update

from journeysim.dashboard import jobs
from journeysim.dashboard.nation_compare import (
    comparison,
    headline_items,
    headline_values,
    lever_text,
    next_store,
    run_summary,
)
from journeysim.dashboard.nation_controls import (
    build_scenario,
    check_seed,
    control_id,
    control_names,
    scenario_controls,
)
from journeysim.dashboard.sessions import scenario_title
from journeysim.library import load_scenario
from journeysim.nation.model import NationModel
from journeysim.nation.outputs import ALL
from journeysim.presentation.nation_figures import (
    level_shares_figure,
    lorenz_figure,
    nation_name,
    nations_figure,
    services_figure,
)
from journeysim.runs.population import NationResult, nation_result_of
from journeysim.scenario import Scenario, ScenarioError

log = logging.getLogger(__name__)

SWITCH_JS = "function(a, b) { return window.journeysim.showView(a, b); }"  # assets/nation_view.js
FIGURES = ("levels", "no_teacher", "reach", "lorenz", "services")


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
        "lorenz": lorenz_figure(result.lorenz, title=f"Who is reached: concentration of access in {last}")
        .update_xaxes(title_text="share of people, services from<br>least to most reached per head", automargin=True)
        .update_yaxes(automargin=True),  # the long axis title on two lines: nothing cut off in a half-width panel
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
        f"Run {number}: {scenario_title(scenario.name)}, seed {seed}, {result.outcomes['services']} services, "
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


def _busy(running: bool, done: int = 0, total: int = 1) -> dict[str, Any]:
    """The toolbar while a run goes on (``running``: ``done`` of ``total`` months) or after it."""
    years = f"{done // 12} of {max(1, total // 12)}"
    return {
        "poll": not running,
        "run_disabled": running,
        "run_label": "Running…" if running else "Run",
        "cancel": not running,
        "progress": str(done),
        "progress_max": str(max(1, total)),
        "progress_hidden": not running,
        "running": f"Running every service through the years: {years} years done…" if running else "",
    }


def run_years(report: Callable[[int, int], None], scenario: Scenario, seed: int) -> NationResult:
    """A nation run's work (in its job's process): the population a year at a time, reporting the months done."""
    model = NationModel(scenario, seed)
    while model.steps < model.horizon:
        model.run(12)
        report(model.steps, model.horizon)
    return nation_result_of(model, seed)


def start(clicks: int, name: Any, seed: Any, values: dict[str, Any], token: str | None) -> dict[str, Any]:
    """Pressing Run: refuse a bad value, or start the run in the background."""
    try:
        scenario, seed = build_scenario(name, values), check_seed(seed)
    except ScenarioError as exc:
        return {"error": str(exc), "status": REFUSED, "job": no_update, **_busy(False)}
    months = scenario.months
    job = jobs.submit(jobs.Job(run_years, scenario, seed, total=months, about=(scenario, seed)), token)
    return {"error": "", "status": "", "job": job, **_busy(True, 0, months)}


def poll(
    trigger: str | None, token: str | None, store: dict[str, Any] | None, nation: str | None, baseline: str | None
) -> dict[str, Any]:
    """Each tick of the poll (or Cancel): progress, or the finished run's outputs."""
    job = jobs.get(token)
    if job is None:
        return _unchanged(no_update, no_update) | _busy(False)
    if trigger == "nation-cancel" and job.running:
        job.cancel()
    if job.running and not job.cancelled:
        return _unchanged(no_update, no_update) | _busy(True, job.done, job.total)
    # A finished job stays registered (the next run's submit drops it, and the registry is bounded): a second
    # tick already in flight must get the same outputs, because the page keeps only the newest response of a
    # callback, and a tick that found no job would otherwise overwrite the finished run with nothing.
    if job.cancelled:
        return _unchanged("", "Cancelled: the results below are from the last finished run.") | _busy(False)
    if job.result is None:
        return _unchanged(f"Something went wrong: {job.error or 'no result'}; nothing was changed.") | _busy(False)
    scenario, seed = job.about
    out = finished_view(job.result, scenario, seed, job.seconds, nation or ALL, store, baseline or "previous")
    return out | _busy(False)


def register(app: Dash) -> None:
    """Attach the nation view's callbacks (and the view switch) to ``app``."""
    names = control_names()
    controls = {name: State(control_id(name), "value") for name in names}
    busy = {
        "poll": Output("nation-poll", "disabled"),
        "run_disabled": Output("nation-run", "disabled"),
        "run_label": Output("nation-run", "children"),
        "cancel": Output("nation-cancel", "hidden"),
        "progress": Output("nation-progress", "value"),
        "progress_max": Output("nation-progress", "max"),
        "progress_hidden": Output("nation-progress", "hidden"),
        "running": Output("nation-running", "children"),
    }

    def again(outputs: dict[str, Output]) -> dict[str, Output]:
        return {k: Output(o.component_id, o.component_property, allow_duplicate=True) for k, o in outputs.items()}

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
        output={
            "error": Output("nation-error", "children"),
            "status": Output("nation-status", "children"),
            "job": Output("nation-job", "data"),
            **busy,
        },
        inputs={"clicks": Input("nation-run", "n_clicks")},
        state={
            "name": State("nation-scenario", "value"),
            "seed": State("nation-seed", "value"),
            "values": controls,
            "token": State("nation-job", "data"),
        },
        prevent_initial_call=True,
    )
    def run(clicks: int, name: str, seed: Any, values: dict[str, Any], token: str | None) -> dict[str, Any]:
        try:
            return start(clicks, name, seed, values, token)
        except Exception as exc:  # the page must stay usable whatever happens
            log.exception("nation run could not start", exc_info=exc)
            failed = f"The run could not start ({type(exc).__name__})."
            return {"error": failed, "status": "", "job": None, **_busy(False)}

    results = {
        "error": Output("nation-error", "children"),
        "status": Output("nation-status", "children"),
        "summary": Output("nation-summary", "children"),
        "headlines": Output("nation-headlines", "children"),
        "store": Output("nation-store", "data"),
        "choice_options": Output("nation-choice", "options"),
        "choice": Output("nation-choice", "value"),
        "compare": Output("nation-compare", "children"),
        **{f"fig_{k}": Output(f"nation-{k}-graph", "figure") for k in FIGURES},
    }

    @app.callback(
        output=again({**results, **busy}),
        inputs={"ticks": Input("nation-poll", "n_intervals"), "stop": Input("nation-cancel", "n_clicks")},
        state={
            "token": State("nation-job", "data"),
            "store": State("nation-store", "data"),
            "nation": State("nation-choice", "value"),
            "baseline": State("nation-compare-with", "value"),
        },
        prevent_initial_call=True,
    )
    def tick(ticks: int, stop: int, token: str | None, store: Any, nation: str, baseline: str) -> dict[str, Any]:
        try:
            return poll(ctx.triggered_id, token, store, nation, baseline)
        except Exception as exc:  # the page must stay usable whatever happens in a run
            log.exception("nation run failed", exc_info=exc)
            failed = f"Something went wrong in the run ({type(exc).__name__}); nothing was changed."
            return _unchanged(failed) | _busy(False)

    @app.callback(
        Output("nation-compare", "children", allow_duplicate=True),
        Output("nation-store", "data", allow_duplicate=True),
        Input("nation-compare-with", "value"),
        Input("nation-keep", "n_clicks"),
        State("nation-store", "data"),
        prevent_initial_call=True,
    )
    def compare(baseline: str, keep: int, store: dict[str, Any] | None) -> Any:
        if ctx.triggered_id == "nation-keep":
            if not store or not store.get("current"):
                return no_update, no_update
            store = {**store, "kept": store["current"]}
            return comparison(store, baseline), store
        return comparison(store, baseline), no_update

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
