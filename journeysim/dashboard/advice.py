"""The advice panel: which shipped strategies would help the service on screen most (as ``journeysim advise``).

The session's service (a shipped scenario, an upload or the checklist) is run as it is, with every strategy a
service can choose and every pair of them, over the same worlds (common random numbers; parameters from the
posterior given at startup, else the calibration that ships with journeysim); the panel shows the forecast, the
best options with their paired effect on running at year 10 and their cost, and what to watch for.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from dash import Dash, Input, Output, State, dcc, html

from journeysim.dashboard import draws
from journeysim.dashboard.sessions import SessionRegistry
from journeysim.dashboard.widgets import button, panel, status
from journeysim.presentation.advice import (
    UNTOLD,
    cost_words,
    effect_cell,
    forecast_rows,
    method_line,
    option_name,
    watch_lines,
)

WORLDS = 40
"""Worlds per option in the panel: every option of a service in about a quarter of a minute."""
YEARS = 10
SHOWN = 5
BOOTSTRAP = 1000
LEFT = {"textAlign": "left", "paddingRight": "1rem", "verticalAlign": "top"}
SHIPPED_POSTERIOR = Path(__file__).resolve().parent.parent / "posteriors" / "default"


def section() -> html.Section:
    """The panel: a button, then (once run) the forecast, the best options and what to watch for."""
    return panel(
        "panel advice",
        "Advice for this service",
        html.Div(
            [button("Advise on this service", "advice-btn", cls="btn primary"), status("advice-status", "status")],
            className="row",
        ),
        dcc.Loading(html.Div(id="advice-out", className="advice"), type="default"),
        title="Which strategies would help this service most?",
        hint=f"Runs this service as it is, each shipped strategy it can choose and each pair of them, in the same "
        f"{WORLDS} worlds, and ranks them by how much they raise the share of worlds still running courses at year "
        f"{YEARS}, with 90% intervals and cost. The same as journeysim advise on the command line (with more worlds).",
    )


def advise_session(source: Any, seed: int = 0, worlds: int = WORLDS) -> dict[str, Any]:
    """Advice for a session's service (its ``source`` builds it with strategies): the ``advise --json`` summary."""
    from journeysim.analysis.advice import summarize_advice
    from journeysim.batch.advice import option_scenarios, run_options, strategy_choices
    from journeysim.batch.posterior import as_posterior

    def build(combo: tuple[str, ...]) -> Any:
        return source.build(combo).with_parameters({"years": YEARS}, source="advice")

    posterior = draws.posterior() or as_posterior(SHIPPED_POSTERIOR)
    base = build(())
    options = option_scenarios(base, build, list(strategy_choices()))
    ran = run_options(base, options, worlds, seed, posterior)
    labels = {spec.name: list(combo) for combo, spec in options.items()}
    found = summarize_advice(ran.runs, ran.series, ran.events, base.name, labels, 0.9, BOOTSTRAP, seed)
    drawn_from = "default" if draws.posterior() is None else "posterior"
    return {
        "service": base.name,
        "start_year": int(base.parameters["start_year"]),
        "years": YEARS,
        "worlds": worlds,
        "seed": seed,
        "confidence": 0.9,
        "bootstrap_resamples": BOOTSTRAP,
        "drawn_from": drawn_from,
        **found,
    }


def content(summary: dict[str, Any]) -> list[Any]:
    """The panel's body for an advice summary: forecast, the best options, what to watch for, the method."""
    forecast = html.Table(
        html.Tbody(
            [
                html.Tr([html.Th(name, scope="row", style=LEFT), html.Td(value)])
                for name, value in forecast_rows(summary)
            ]
        ),
        className="advice-forecast",
    )
    head = ["", "strategies", f"effect on {summary['ranked_by']}", "cost"]
    rows = [
        html.Tr(
            [
                html.Td(str(i)),
                html.Td(option_name(o)),
                html.Td(effect_cell(o["effect"]) + ("" if o["effect"]["ci_excludes_zero"] else f" ({UNTOLD})")),
                html.Td(cost_words(o)),
            ]
        )
        for i, o in enumerate(summary["options"][:SHOWN], start=1)
    ]
    options = html.Table(
        [html.Thead(html.Tr([html.Th(h, scope="col", style=LEFT) for h in head])), html.Tbody(rows)],
        className="advice-options",
    )
    watch, *signs = watch_lines(summary)
    return [
        html.H3("Forecast for the service as it is"),
        forecast,
        html.H3(f"The {min(SHOWN, len(summary['options']))} best of {len(summary['options'])} options"),
        options,
        html.H3("What to watch for"),
        html.P(watch),
        html.Ul([html.Li(s.strip().removeprefix("- ")) for s in signs]),
        html.P(method_line(summary), className="hint"),
    ]


def register(app: Dash, registry: SessionRegistry) -> None:
    """Attach the panel's callback: advise on the session's service when the button is pressed."""

    @app.callback(
        Output("advice-out", "children"),
        Output("advice-status", "children"),
        Input("advice-btn", "n_clicks"),
        State("session", "data"),
        prevent_initial_call=True,
    )
    def advise_on(clicks: int, sid: str) -> tuple[list[Any], str]:
        session, _ = registry.get(sid)
        summary = advise_session(session.source, registry.seed)
        return content(summary), f"Advice for {summary['service']}: {summary['worlds']} worlds per option."
