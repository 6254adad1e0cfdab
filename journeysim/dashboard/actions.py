"""What each control of the single-service page does to a session, without Dash.

:func:`act` carries out one control's action; :func:`fired_triggers` and
:func:`act_on_all` handle every control Dash sends in one request. Uploads are
decoded and checked here too. :mod:`journeysim.dashboard.callbacks` wires these
to the page.
"""

from __future__ import annotations

import base64
import binascii
import os
import time
from collections.abc import Mapping
from typing import Any

from dash import no_update

from journeysim.dashboard.checklist import checklist_scenario, fact_problems
from journeysim.dashboard.layout import FAN_WORLDS
from journeysim.dashboard.rewind import NobodyInPost, scripted_departures
from journeysim.dashboard.sessions import ScenarioSource, Session, scenario_title, strategy_label
from journeysim.dashboard.views import BUTTON_LABELS, month_name
from journeysim.dashboard.widgets import CUSTOM
from journeysim.library import MAX_FILE_BYTES, shipped_scenarios
from journeysim.scenario import ScenarioError
from journeysim.vocabulary import DOMAINS

STEP_BUTTONS = {"step": 1, "step-year": 12}
PASSIVE = (None, "tick", "fan-metric", "timeline-numbers")
MAX_WORLD = 9999
# Where a message appears: beside the controls that caused it.
SETUP_TRIGGERS = ("scenario", "world", "another-world", "upload-payload", "checklist-apply")


def area_of(trigger: str | None) -> str:
    """The part of the page whose controls ``trigger`` belongs to: setup, act or main."""
    if trigger in SETUP_TRIGGERS:
        return "setup"
    if trigger and (trigger == "press" or trigger.startswith("intervene-")):
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
def checklist_text(c: dict[str, Any]) -> str:
    """The checklist's answers as a scenario's TOML text.

    Raises:
        ScenarioError: a box that cannot be used as typed (each named, with what it allows).

    """
    if problems := fact_problems(c):
        raise ScenarioError(" ".join(problems.values()) + " Nothing was loaded.")
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
    if trigger in PASSIVE and trigger != "tick":
        return no_update
    if trigger == "tick":
        if session.playing:
            page_ms = (values.get("tick") or {}).get("t") or time.monotonic() * 1000.0
            session.play_to(float(page_ms), float(values.get("speed") or 1))
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
    if trigger == "press":  # a button pressed, with the month the page showed (assets/journeysim.js)
        press = values.get("press") or {}
        if press.get("kind") not in BUTTON_LABELS:
            return no_update
        return intervene(session, press["kind"], press.get("month"), values["options"])
    if trigger.startswith("intervene-"):
        return intervene(session, trigger.removeprefix("intervene-"), None, values["options"])
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
        text = checklist_text(values["checklist"])
        scenario = session.load(ScenarioSource("text", "your service (checklist)", text))
        return f"Loaded your service '{scenario_title(scenario.name)}' from the checklist."
    if trigger == "upload-payload":
        payload = values.get("upload")
        if not payload:
            return no_update
        scenario = session.load(single_service(decode_upload(payload)))
        return f"Loaded {scenario_title(scenario.name)} from {os.path.basename(str(payload.get('name')))[:80]}."
    return no_update


def intervene(session: Session, kind: str, at: Any, options: dict[str, Any]) -> str:
    """Apply one intervention at month ``at`` (the month on screen; None: now) and say what it did.

    Raises:
        ValueError: nobody in post to leave (the session is unchanged), or a bad option.

    """
    details = {
        "champion_leaves": {"who": options.get("who") or "lead"},
        "funding_cut": {"fraction": float(options.get("cut") or 0.5)},
        "new_senior_leader": {"priority": float(options.get("leader") or 0.5)},
        "funding_boost": {"recurrent": options.get("money") == "recurrent"},
    }.get(kind, {})
    start, moved = session.model.start_year, session.moved_from
    at = at if isinstance(at, int) and not isinstance(at, bool) else None
    try:
        month = session.intervene(kind, at=at, **details)
    except NobodyInPost as exc:
        when = month_name(start, exc.month)
        raise ValueError(f"Champion leaves: nobody was in post in {when}, so nothing was changed.") from None
    when = month_name(start, month)
    if kind != "champion_leaves":
        return f"{BUTTON_LABELS[kind]}: applied in {when}."
    before, after = session.in_post_change
    gone = before - after
    who = "the lead" if gone == 1 and details["who"] == "lead" else f"{gone} implementer{'s' * (gone != 1)}"
    text = f"Champion leaves: {who} left in {when}; {after} still in post."
    if moved is None and session.moved_from is not None:
        scripted = ", ".join(month_name(start, m) for m in scripted_departures(session.scenario) if m >= month)
        text += f" It replaces the departure scripted for {scripted}."
    return text


def fired_triggers(prop_ids: Mapping[str, Any]) -> list[str | None]:
    """The controls behind one call of the page's callback, in the order to act on them.

    Dash sends inputs that change together (a click landing with a play tick)
    in one call, so every one of them is acted on, not just the first: clicks
    and choices in the order they came, the play tick last (a pause that
    arrives with a tick stops the run before the tick could step it).
    ``[None]`` on the page's first load.
    """
    ids = list(dict.fromkeys(i for i in prop_ids.values() if isinstance(i, str)))
    ids.sort(key=lambda i: i == "tick")
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
