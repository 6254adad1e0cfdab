"""The page's callbacks: Dash wiring from the controls to the actions of :mod:`journeysim.dashboard.actions`.

One server callback, :func:`register`'s ``update``, handles every action that
changes a session (play ticks, steps, interventions, replay, choosing or
loading a service) and then redraws the view from a snapshot of that session.
The fan chart's many worlds run in their own callback (so a long run does not
hold up the ticks), as does the HTML export; another shows or hides the list of
posteriors the worlds may draw from, and names the chosen one. Two small browser-side callbacks
check an upload's size before it is sent, and save the view as PNG.
"""

from __future__ import annotations

import logging
from typing import Any

from dash import Dash, Input, Output, State, ctx, dcc, html, no_update, set_props

from journeysim.dashboard import draws as drawsmod
from journeysim.dashboard import fan as fanmod
from journeysim.dashboard import jobs
from journeysim.dashboard.actions import act_on_all, checklist_text, fan_worlds, fired_triggers
from journeysim.dashboard.checklist import fact_problems
from journeysim.dashboard.layout import DEFAULT_SPEED, PLAY_BUTTONS, SPEEDS
from journeysim.dashboard.paired import paired_job
from journeysim.dashboard.presses import press_counts
from journeysim.dashboard.sessions import SessionRegistry, scenario_title, strategy_label
from journeysim.dashboard.views import fan_view, render, view_report
from journeysim.dashboard.widgets import posterior_box_style, posterior_line
from journeysim.presentation.fans import FAN_METRICS
from journeysim.scenario import ScenarioError
from journeysim.vocabulary import DOMAINS

log = logging.getLogger(__name__)


def register(app: Dash, registry: SessionRegistry) -> None:
    """Attach the page's callbacks to ``app``, using ``registry`` for the sessions."""
    buttons = [
        "play",
        *(id_ for _, id_, _ in PLAY_BUTTONS),
        *("replay", "replay-clear", "another-world", "checklist-apply"),
    ]
    triggers = {
        "tick": Input("tick", "data"),  # the ticker, stamped with the page's clock
        "press": Input("press", "data"),  # an intervention button, with the month on screen
        **{k: Input(k, "n_clicks") for k in buttons},
        "scenario": Input("scenario", "value"),
        "world": Input("world", "value"),
        "upload-payload": Input("upload-payload", "data"),
        "fan-metric": Input("fan-metric", "value"),
        "timeline-numbers": Input("timeline-numbers", "value"),
    }
    facts = ("name", "nation", "start", "years", "roles", "pressure", "protected")
    checklist_state = {k: State(f"check-{k}", "value") for k in (*DOMAINS, *facts)}
    outputs = {
        "clock": Output("clock", "children"),
        "clock_month": Output("clock", "data-month"),
        "service_name": Output("service-name", "children"),
        "why": Output("why", "children"),
        "clock_detail": Output("clock-detail", "children"),
        "clock_bar": Output("clock-bar", "style"),
        "badge": Output("level-badge", "children"),
        "badge_class": Output("level-badge", "className"),
        "level_fig": Output("level-graph", "figure"),
        "features_fig": Output("features-graph", "figure"),
        "fan_fig": Output("fan-graph", "figure"),
        "timeline": Output("timeline", "children"),
        "stages": Output("stages", "children"),
        "ticker_disabled": Output("ticker", "disabled"),
        "ticker_max": Output("ticker", "max_intervals"),
        "play_label": Output("play", "children"),
        "play_pressed": Output("play", "aria-pressed"),
        "description": Output("scenario-description", "children"),
        "scenario_options": Output("scenario", "options"),
        "scenario_value": Output("scenario", "value"),
        "world": Output("world", "value"),
        "message": Output("message", "children"),
        "error": Output("error", "children"),
        "setup_feedback": Output("setup-feedback", "children"),
        "act_feedback": Output("act-feedback", "children"),
        "leave_disabled": Output("intervene-champion_leaves", "disabled"),
        "leave_title": Output("intervene-champion_leaves", "title"),
        "leave_note": Output("leave-note", "children"),
        "session": Output("session", "data"),
    }

    @app.callback(
        output=outputs,
        inputs={"triggers": triggers},
        state={
            "sid": State("session", "data"),
            "ticks": State("ticker", "n_intervals"),
            "speed": State("speed", "value"),
            "strategy": State("replay-strategy", "value"),
            "metric": State("fan-metric", "value"),
            "options": {k: State(f"opt-{k}", "value") for k in ("who", "cut", "leader", "money")},
            "checklist": checklist_state,
        },
    )
    def update(
        triggers: dict[str, Any],
        sid: str,
        ticks: int | None,
        speed: str,
        strategy: str,
        metric: str,
        options: dict[str, Any],
        checklist: dict[str, Any],
    ) -> dict[str, Any]:
        numbers = triggers.get("timeline-numbers")
        session, created = registry.get(sid)
        fired = fired_triggers(ctx.triggered_prop_ids)
        values = {
            "speed": speed if speed in SPEEDS else DEFAULT_SPEED,
            "strategy": strategy,
            "options": options,
            "checklist": checklist,
            "world": triggers.get("world"),
            "scenario": triggers.get("scenario"),
            "upload": triggers.get("upload-payload"),
            "tick": triggers.get("tick"),
            "press": triggers.get("press"),
        }
        counts = press_counts(triggers, buttons)
        # A quick second press may be answered first; it waits for the earlier one (presses.py).
        with session.presses.in_page_order(counts, counts if created else fired):
            act_on_all(session, fired, values)
        if created and fired != [None]:
            session.tell("A fresh session was started (the old one had expired).")
        out = render(session, _metric(metric), bool(numbers))
        out["session"] = session.sid
        # Self-paced play: the ticker fires once more only after this response has arrived,
        # so a slow machine never piles up (and then discards) overlapping ticks.
        out["ticker_max"] = (ticks or 0) + 1
        return out

    @app.callback(
        output={
            "poll": Output("fan-poll", "disabled"),
            "status": Output("fan-status", "children"),
            "busy": Output("fan-btn", "disabled"),
            "cancel": Output("fan-cancel", "hidden"),
        },
        inputs={"clicks": Input("fan-btn", "n_clicks")},
        state={
            "sid": State("session", "data"),
            "n": State("fan-n", "value"),
            "params": State("fan-params", "value"),
            "path": State("fan-posterior", "value"),
            "strategy": State("fan-strategy", "value"),
        },
        prevent_initial_call=True,
    )
    def run_fan(clicks: int, sid: str, n: Any, params: str | None, path: str | None, strategy: Any) -> dict[str, Any]:
        """Start the many worlds in the background and return at once (the page polls for progress)."""
        session, _ = registry.get(sid)
        try:
            worlds = fan_worlds(n)
            if strategy:
                job = paired_job(session, strategy, worlds)
                token = jobs.submit(job, previous=session.fan_job)
                with session.lock:
                    session.fan_job = token
                what = f"{worlds} worlds with and without {strategy_label(strategy)}"
                return {"poll": False, "status": f"Running {what}…", "busy": True, "cancel": False}
            draws = drawsmod.draws_for(params, path)
        except ValueError as exc:  # a bad count, or a posterior folder that cannot be used (InputError is one)
            return {"poll": True, "status": f"Cannot run: {exc}", "busy": False, "cancel": True}
        with session.lock:
            scenario, seed, old = session.scenario, session.seed, session.fan_job
        token = jobs.submit(fanmod.fan_job(scenario, seed, worlds, draws), previous=old)
        with session.lock:
            session.fan_job = token
        return {"poll": False, "status": f"Running {worlds} worlds…", "busy": True, "cancel": False}

    @app.callback(
        output={
            "poll": Output("fan-poll", "disabled", allow_duplicate=True),
            "status": Output("fan-status", "children", allow_duplicate=True),
            "value": Output("fan-progress", "value"),
            "max": Output("fan-progress", "max"),
            "busy": Output("fan-btn", "disabled", allow_duplicate=True),
            "cancel": Output("fan-cancel", "hidden", allow_duplicate=True),
            "figure": Output("fan-graph", "figure", allow_duplicate=True),
        },
        inputs={"ticks": Input("fan-poll", "n_intervals"), "stop": Input("fan-cancel", "n_clicks")},
        state={"sid": State("session", "data"), "metric": State("fan-metric", "value")},
        prevent_initial_call=True,
    )
    def poll_fan(ticks: int, stop: int, sid: str, metric: str) -> dict[str, Any]:
        """Progress of the session's many worlds; the chart once they are done; a cancel."""
        session, _ = registry.get(sid)
        job = jobs.get(session.fan_job)
        out = {"value": no_update, "max": no_update, "figure": no_update}
        if job is None:
            return {**out, "poll": True, "status": "", "busy": False, "cancel": True}
        if ctx.triggered_id == "fan-cancel" and job.running:
            job.cancel()
        out.update(value=job.done, max=job.total)
        if job.running and not job.cancelled:
            return {**out, "poll": False, "status": f"{job.done} of {job.total} worlds…", "busy": True, "cancel": False}
        if job.result is not None and not job.cancelled and job.about[0] == "paired":
            with session.lock:
                session.paired = job.result
            status = f"{job.total} worlds, the same with and without {strategy_label(job.result.strategy)}."
            figure = fan_view(session.snapshot(), _metric(metric), session)
            return {**out, "poll": True, "status": status, "busy": False, "cancel": True, "figure": figure}
        if job.result is not None and not job.cancelled:
            key, name, draws = job.about
            session.paired = None
            with session.lock:
                session.fan_key = key
            fanmod.remember(key, job.result)
            status = f"{job.total} worlds of {scenario_title(name)}, {draws.describe()}."
            figure = fan_view(session.snapshot(), _metric(metric), session)
            return {**out, "poll": True, "status": status, "busy": False, "cancel": True, "figure": figure}
        status = "Cancelled: the chart shows what it showed before." if job.cancelled else f"Stopped: {job.error}."
        return {**out, "poll": True, "status": status, "busy": False, "cancel": True}

    @app.callback(
        output={
            "hidden": Output("fan-posterior-box", "hidden"),
            "style": Output("fan-posterior-box", "style"),
            "info": Output("fan-posterior-info", "children"),
            "cls": Output("fan-posterior-info", "className"),
        },
        inputs={"params": Input("fan-params", "value"), "path": Input("fan-posterior", "value")},
    )
    def describe_posterior(params: str | None, path: str | None) -> dict[str, Any]:
        """With the posterior chosen: the list of posteriors, and one line naming the chosen one (or what is wrong)."""
        chosen = params == drawsmod.POSTERIOR
        shown = {"hidden": not chosen, "style": posterior_box_style(chosen)}
        if not chosen:
            return {**shown, "info": "", "cls": "hint"}
        try:
            posterior = drawsmod.open_posterior(path)
        except ValueError as exc:
            return {**shown, "info": f"This posterior cannot be used: {exc}", "cls": "error"}
        line, warning = posterior_line(posterior)
        return {**shown, "info": [line, html.Strong(warning)] if warning else line, "cls": "hint"}

    @app.callback(
        Output("download-html", "data"),
        Input("export-html", "n_clicks"),
        State("session", "data"),
        State("fan-metric", "value"),
        prevent_initial_call=True,
    )
    def export_html(clicks: int, sid: str, metric: str) -> dict[str, Any]:
        session, _ = registry.get(sid)
        html_text = view_report(session, _metric(metric))
        snap_name = session.scenario.name.replace("+", "-")
        return dcc.send_string(html_text, f"journeysim-{snap_name}-world{session.world}.html", type="text/html")

    @app.callback(
        output=Output("download-toml", "data"),
        inputs={"clicks": Input("checklist-save", "n_clicks")},
        state={"checklist": checklist_state},
        prevent_initial_call=True,
    )
    def save_checklist(clicks: int, checklist: dict[str, Any]) -> Any:
        try:
            text = checklist_text(checklist)
        except ScenarioError as exc:  # the boxes say what is wrong; nothing is saved
            set_props("setup-feedback", {"children": html.Div(str(exc), className="error", role="alert")})
            return no_update
        return dcc.send_string(text, "my_service.toml", type="application/toml")

    boxes = ("start", "years", "roles")

    @app.callback(
        output={k: Output(f"check-{k}-msg", "children") for k in boxes},
        inputs={k: Input(f"check-{k}", "value") for k in boxes},
    )
    def check_boxes(**values: Any) -> dict[str, str]:
        """A message beside each checklist box whose entry cannot be used as typed, saying what it allows."""
        problems = fact_problems(values)
        return {k: problems.get(k, "") for k in boxes}

    app.clientside_callback(  # each play tick carries the page's clock: playback is paced by it
        "function(n) { return {n: n, t: Date.now()}; }",
        Output("tick", "data"),
        Input("ticker", "n_intervals"),
        prevent_initial_call=True,
    )
    app.clientside_callback(
        "function(contents, filename, limit) { return window.journeysim.checkUpload(contents, filename, limit); }",
        Output("upload-payload", "data"),
        Output("upload", "contents"),
        Input("upload", "contents"),
        State("upload", "filename"),
        State("upload-limit", "data"),
        prevent_initial_call=True,
    )
    app.clientside_callback(
        "function(n, clock, name) { return window.journeysim.exportPng(n, clock, name); }",
        Output("png-done", "data"),
        Input("export-png", "n_clicks"),
        State("clock", "children"),
        State("scenario-description", "children"),
        prevent_initial_call=True,
    )


def _metric(metric: str | None) -> str:
    """The fan chart's metric, or the default for one the page should not have sent."""
    return metric if metric in FAN_METRICS else "courses_last_12"


def on_error(exc: Exception) -> None:
    """Last resort for an unexpected error in a callback: log it, tell the user, keep the page usable."""
    log.exception("callback failed", exc_info=exc)
    set_props("error", {"children": f"Something went wrong ({type(exc).__name__}); the session is still usable."})
