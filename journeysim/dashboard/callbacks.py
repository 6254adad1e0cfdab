"""What the page's controls do.

One server callback, :func:`register`'s ``update``, handles every action that
changes a session (play ticks, steps, interventions, replay, choosing or
loading a service) and then redraws the view from a snapshot of that session.
The fan chart's many worlds run in their own callback (so a long run does not
hold up the ticks), as does the HTML export. Two small browser-side callbacks
check an upload's size before it is sent, and save the view as PNG.
"""

from __future__ import annotations

import base64
import binascii
import logging
import os
from collections.abc import Mapping
from typing import Any

from dash import Dash, Input, Output, State, ctx, dcc, no_update, set_props

from journeysim.dashboard import draws as drawsmod
from journeysim.dashboard import fan as fanmod
from journeysim.dashboard.checklist import checklist_scenario
from journeysim.dashboard.draws_callbacks import register_draws
from journeysim.dashboard.layout import DEFAULT_SPEED, FAN_WORLDS, INTERVENTION_BUTTONS, SPEEDS
from journeysim.dashboard.sessions import ScenarioSource, Session, SessionRegistry, scenario_title, strategy_label
from journeysim.dashboard.views import BUTTON_LABELS, fan_view, month_name, render, view_report
from journeysim.dashboard.widgets import CUSTOM
from journeysim.library import MAX_FILE_BYTES, shipped_scenarios
from journeysim.presentation.fans import FAN_METRICS
from journeysim.scenario import ScenarioError
from journeysim.vocabulary import DOMAINS

log = logging.getLogger(__name__)

STEP_BUTTONS = {"step": 1, "step-year": 12}
PASSIVE = (None, "ticker", "session", "fan-version", "fan-metric", "timeline-numbers", "fan-poll")
MAX_WORLD = 9999
# Where a message appears: beside the controls that caused it.
SETUP_TRIGGERS = ("scenario", "world", "another-world", "upload-payload", "checklist-apply")


def area_of(trigger: str | None) -> str:
    """The part of the page whose controls ``trigger`` belongs to: setup, act or main."""
    if trigger in SETUP_TRIGGERS:
        return "setup"
    if trigger and trigger.startswith("intervene-"):
        return "act"
    return "main"


def parse_world(value: Any) -> int:
    """A World box entry as a world number.

    Raises:
        ValueError: unless it is a whole number from 0 to :data:`MAX_WORLD` (the message says so).

    """
    text = str(value if value is not None else "").strip()
    if text.isdigit() and int(text) <= MAX_WORLD:
        return int(text)
    shown = text[:20] or "an empty box"
    raise ValueError(f"World: type a whole number from 0 to {MAX_WORLD:,} ({shown!r} is not one). Nothing was changed.")


def fan_worlds(value: Any) -> int:
    """The fan chart's Worlds choice as a count.

    Raises:
        ValueError: unless it is one of :data:`FAN_WORLDS` (the message lists them).

    """
    if isinstance(value, bool) or value not in FAN_WORLDS:
        raise ValueError(f"Worlds = {value!r}: choose {', '.join(map(str, FAN_WORLDS))}.")
    return int(value)


# ------------------------------------------------------------------ uploads
def decode_upload(payload: dict[str, Any]) -> ScenarioSource:
    """Turn an upload (checked in the browser, checked again here) into a scenario source, in memory.

    Raises:
        ScenarioError: too large, not base64, not UTF-8 text (and, on building, any scenario error).

    """
    name = os.path.basename(str(payload.get("name") or "upload.toml"))[:80] or "upload.toml"
    if payload.get("error"):
        raise ScenarioError(str(payload["error"])[:300])
    contents = str(payload.get("contents") or "")
    _, _, data = contents.partition(",")
    if len(data) * 3 // 4 > MAX_FILE_BYTES + 2:
        raise ScenarioError(f"{name}: the file is larger than {MAX_FILE_BYTES:,} bytes, the most a scenario may be")
    try:
        raw = base64.b64decode(data, validate=True)
    except (binascii.Error, ValueError):
        raise ScenarioError(f"{name}: the upload could not be read") from None
    if len(raw) > MAX_FILE_BYTES:
        raise ScenarioError(f"{name}: the file is {len(raw):,} bytes; a scenario may be at most {MAX_FILE_BYTES:,}")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise ScenarioError(f"{name}: not a UTF-8 text file (a scenario is a TOML text file)") from None
    return ScenarioSource("text", name, text)


# ------------------------------------------------------------------ actions
def _checklist_text(c: dict[str, Any]) -> str:
    return checklist_scenario(
        {d: c.get(d) for d in DOMAINS},
        name=c.get("name"),
        nation=c.get("nation"),
        start_year=c.get("start"),
        years=c.get("years"),
        roles=c.get("roles"),
        pressure=c.get("pressure"),
        protected_time=bool(c.get("protected")),
    )


def single_service(source: ScenarioSource) -> ScenarioSource:
    """``source`` if it describes one service; a population scenario belongs in the nation view.

    Raises:
        ScenarioError: for a population scenario (and any error building the scenario).

    """
    if source.build().is_population:
        raise ScenarioError(
            f"{source.name}: describes a population of services, not one service. Open 'A nation of services' "
            "at the top of the page to run it."
        )
    return source


def act(session: Session, trigger: str | None, values: dict[str, Any]) -> Any:
    """Carry out the action behind ``trigger``.

    Returns:
        A status message for the page, or ``no_update`` when there is nothing to say.

    Raises:
        ScenarioError, ValueError: bad input (shown on the page; the session is unchanged).

    """
    if trigger in PASSIVE and trigger != "ticker":
        return no_update
    if trigger == "ticker":
        if session.playing:
            session.step(session.tick_months(float(values.get("speed") or 1)))
        return no_update
    if trigger == "play":
        session.set_playing(not session.playing)
        return no_update if session.playing or not session.finished else "The run has reached its end."
    if trigger in STEP_BUTTONS:
        session.set_playing(False)
        session.step(STEP_BUTTONS[trigger])
        return no_update
    if trigger == "to-end":
        session.set_playing(False)
        session.run_to_end()
        return "Ran to the end."
    if trigger == "reset":
        session.reset()
        return "Started again from the first month, in the same world."
    if trigger.startswith("intervene-"):
        kind = trigger.removeprefix("intervene-")
        before = session.in_post()
        if kind == "champion_leaves" and before == 0:
            raise ValueError("Champion leaves: nobody is in post to leave now, so nothing was changed.")
        o = values["options"]
        details = {
            "champion_leaves": {"who": o.get("who") or "lead"},
            "funding_cut": {"fraction": float(o.get("cut") or 0.5)},
            "new_senior_leader": {"priority": float(o.get("leader") or 0.5)},
            "funding_boost": {"recurrent": o.get("money") == "recurrent"},
        }.get(kind, {})
        month = session.intervene(kind, **details)
        when = month_name(session.model.start_year, month)
        if kind == "champion_leaves":
            gone = before - session.in_post()
            who = "the lead" if gone == 1 and details["who"] == "lead" else f"{gone} implementer{'s' * (gone != 1)}"
            return f"Champion leaves: {who} left in {when}; {before - gone} still in post."
        return f"{BUTTON_LABELS[kind]}: applied in {when}."
    if trigger == "replay":
        strategy = values.get("strategy") or "succession_planning"
        session.start_replay(strategy)
        session.set_playing(True)
        return (
            f"Replaying the same world with {strategy_label(strategy)}, from the first month: same luck, same "
            "interventions at the same months."
        )
    if trigger == "replay-clear":
        session.clear_replay()
        return "Replay cleared."
    if trigger in ("world", "another-world"):
        world = (session.world + 1) % (MAX_WORLD + 1) if trigger == "another-world" else parse_world(values["world"])
        if trigger == "world" and world == session.world:
            return no_update
        session.set_world(world)
        return f"World {session.world}: the same service, different luck."
    if trigger == "scenario":
        value = values.get("scenario")
        if value == CUSTOM or value is None:
            return no_update
        if value not in shipped_scenarios():
            raise ScenarioError(f"{value!r} is not a shipped scenario")
        scenario = session.load(single_service(ScenarioSource("shipped", value)))
        return f"Loaded {scenario_title(scenario.name)}."
    if trigger == "checklist-apply":
        text = _checklist_text(values["checklist"])
        scenario = session.load(ScenarioSource("text", "your service (checklist)", text))
        return f"Loaded your service '{scenario_title(scenario.name)}' from the checklist."
    if trigger == "upload-payload":
        payload = values.get("upload")
        if not payload:
            return no_update
        scenario = session.load(single_service(decode_upload(payload)))
        return f"Loaded {scenario_title(scenario.name)} from {os.path.basename(str(payload.get('name')))[:80]}."
    return no_update


def fired_triggers(prop_ids: Mapping[str, Any]) -> list[str | None]:
    """The controls behind one call of the page's callback, in the order to act on them.

    Dash sends inputs that change together (a click landing with a play tick)
    in one call, so every one of them is acted on, not just the first: clicks
    and choices in the order they came, the play tick last (a pause that
    arrives with a tick stops the run before the tick could step it).
    ``[None]`` on the page's first load.
    """
    ids = list(dict.fromkeys(i for i in prop_ids.values() if isinstance(i, str)))
    ids.sort(key=lambda i: i == "ticker")
    return ids or [None]


def act_on_all(session: Session, fired: list[str | None], values: dict[str, Any]) -> None:
    """Carry out every action in ``fired`` and tell the page once: the last thing said, every error."""
    notice: Any = no_update
    errors: list[str] = []
    area: str | None = None
    for trigger in fired:
        try:
            message = act(session, trigger, values)
        except (ScenarioError, ValueError) as exc:
            errors.append(str(exc))
            area = area_of(trigger)
            continue
        if trigger not in PASSIVE:
            notice = message if message is not no_update else notice
            area = area if errors else area_of(trigger)
    if errors or area is not None:
        session.tell(None if notice is no_update else notice, error=" ".join(errors), area=area)


def register(app: Dash, registry: SessionRegistry) -> None:
    """Attach the page's callbacks to ``app``, using ``registry`` for the sessions."""
    buttons = {f"intervene-{kind}": Input(f"intervene-{kind}", "n_clicks") for kind, _, _ in INTERVENTION_BUTTONS}
    triggers = {
        "ticker": Input("ticker", "n_intervals"),
        **{
            k: Input(k, "n_clicks")
            for k in (
                "play",
                "step",
                "step-year",
                "to-end",
                "reset",
                "replay",
                "replay-clear",
                "another-world",
                "checklist-apply",
            )
        },
        **buttons,
        "scenario": Input("scenario", "value"),
        "world": Input("world", "value"),
        "upload-payload": Input("upload-payload", "data"),
        "fan-version": Input("fan-version", "data"),
        "fan-metric": Input("fan-metric", "value"),
        "timeline-numbers": Input("timeline-numbers", "value"),
    }
    checklist_state = {d: State(f"check-{d}", "value") for d in DOMAINS} | {
        "name": State("check-name", "value"),
        "nation": State("check-nation", "value"),
        "start": State("check-start", "value"),
        "years": State("check-years", "value"),
        "roles": State("check-roles", "value"),
        "pressure": State("check-pressure", "value"),
        "protected": State("check-protected", "value"),
    }
    outputs = {
        "clock": Output("clock", "children"),
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
            "options": {
                "who": State("opt-who", "value"),
                "cut": State("opt-cut", "value"),
                "leader": State("opt-leader", "value"),
                "money": State("opt-money", "value"),
            },
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
        }
        act_on_all(session, fired, values)
        if created and fired != [None]:
            session.tell("A fresh session was started (the old one had expired).")
        out = render(session, metric if metric in FAN_METRICS else "courses_last_12", bool(numbers))
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
        },
        prevent_initial_call=True,
    )
    def run_fan(clicks: int, sid: str, n: Any, params: str | None, path: str | None) -> dict[str, Any]:
        """Start the many worlds in the background and return at once (the page polls for progress)."""
        session, _ = registry.get(sid)
        try:
            worlds = fan_worlds(n)
            draws = drawsmod.draws_for(params, path)
        except ValueError as exc:  # a bad count, or a posterior folder that cannot be used (InputError is one)
            return {"poll": True, "status": f"Cannot run: {exc}", "busy": False, "cancel": True}
        with session.lock:
            scenario, seed, old = session.scenario, session.seed, session.fan_job
        if old is not None and old.running:
            old.cancel()
        job = fanmod.FanJob(scenario, seed, worlds, draws).start()
        with session.lock:
            session.fan_job = job
        return {"poll": False, "status": f"Running {job.n} worlds…", "busy": True, "cancel": False}

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
        job = session.fan_job
        out = {"value": no_update, "max": no_update, "figure": no_update}
        if job is None:
            return {**out, "poll": True, "status": "", "busy": False, "cancel": True}
        if ctx.triggered_id == "fan-cancel" and job.running:
            job.cancel()
        out.update(value=job.done, max=job.total)
        if job.running and not job.cancelled:
            return {**out, "poll": False, "status": f"{job.done} of {job.n} worlds…", "busy": True, "cancel": False}
        if job.result is not None and not job.cancelled:
            with session.lock:
                session.fan_key = job.key
            status = f"{job.n} worlds of {scenario_title(job.scenario.name)}, {job.draws.describe()}."
            figure = fan_view(session.snapshot(), metric if metric in FAN_METRICS else "courses_last_12", session)
            return {**out, "poll": True, "status": status, "busy": False, "cancel": True, "figure": figure}
        status = "Cancelled: the chart shows what it showed before." if job.cancelled else f"Stopped: {job.error}."
        return {**out, "poll": True, "status": status, "busy": False, "cancel": True}

    register_draws(app)

    @app.callback(
        Output("download-html", "data"),
        Input("export-html", "n_clicks"),
        State("session", "data"),
        State("fan-metric", "value"),
        prevent_initial_call=True,
    )
    def export_html(clicks: int, sid: str, metric: str) -> dict[str, Any]:
        session, _ = registry.get(sid)
        html_text = view_report(session, metric if metric in FAN_METRICS else "courses_last_12")
        snap_name = session.scenario.name.replace("+", "-")
        return dcc.send_string(html_text, f"journeysim-{snap_name}-world{session.world}.html", type="text/html")

    @app.callback(
        output=Output("download-toml", "data"),
        inputs={"clicks": Input("checklist-save", "n_clicks")},
        state={"checklist": checklist_state},
        prevent_initial_call=True,
    )
    def save_checklist(clicks: int, checklist: dict[str, Any]) -> dict[str, Any]:
        return dcc.send_string(_checklist_text(checklist), "my_service.toml", type="application/toml")

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


def on_error(exc: Exception) -> None:
    """Last resort for an unexpected error in a callback: log it, tell the user, keep the page usable."""
    log.exception("callback failed", exc_info=exc)
    set_props("error", {"children": f"Something went wrong ({type(exc).__name__}); the session is still usable."})
