"""The nation view's controls, generated from the parameter declarations, and the checks on their values.

Every parameter of group ``"national policy"`` in :mod:`journeysim.parameters`
gets a control: numbers become number boxes within the declared range,
booleans checkboxes, choices dropdowns, labelled with the description and
unit. The values go back through :meth:`Scenario.with_parameters`, so a bad
value is reported as its :class:`ScenarioError` message, with the parameter's
internal name replaced by its plain label (:func:`plain_label`).
"""

from __future__ import annotations

import re
from typing import Any

from dash import dcc, html, no_update

from journeysim.dashboard.widgets import choices, population_scenarios
from journeysim.library import load_scenario
from journeysim.parameters import PARAMETERS, Parameter
from journeysim.presentation.nation_figures import nation_name
from journeysim.scenario import Scenario, ScenarioError

LEVER_GROUP = "national policy"
RUN_PARAMETERS = ("years",)  # declared run parameters an analyst may set beside the levers
SOURCE = "Nation view"  # names the origin of a value in error messages
CHECKED = "on"
ID_PREFIX = "nation-param-"


def lever_names() -> tuple[str, ...]:
    """The national policy levers, in declaration order."""
    return tuple(name for name, p in PARAMETERS.items() if p.group == LEVER_GROUP)


def control_names() -> tuple[str, ...]:
    """Every parameter the view has a control for: the run length, then the levers."""
    return (*RUN_PARAMETERS, *lever_names())


def control_id(name: str) -> str:
    """The element id of a parameter's control."""
    return f"{ID_PREFIX}{name}"


def default_scenario() -> str | None:
    """The population scenario selected when the page opens (``uk_services`` if shipped)."""
    names = population_scenarios()
    return "uk_services" if "uk_services" in names else (names[0] if names else None)


def checkbox_words(description: str) -> str:
    """A yes/no parameter's description as a checkbox reads it: no "Whether", no "(true)"/"(false)"."""
    text = description.rstrip(".").removeprefix("Whether ")
    text = text[:1].upper() + text[1:]
    if m := re.fullmatch(r"(.*) \(true\) or (.*) \(false\)", text):
        return f"{m[1]} (unticked: {m[2]})"
    return text


def plain_label(name: str) -> str:
    """A parameter's plain label: the start of its description (what its control shows), not its internal name."""
    p = PARAMETERS[name]
    if p.kind == "bool":
        return checkbox_words(p.description)
    text = p.description.rstrip(".")
    first = text.split(", ")[0]
    return first if len(first) >= 20 else text.split(". ")[0]


def plain_message(message: str) -> str:
    """A scenario error with every controlled parameter's internal name replaced by its plain label, quoted."""
    for name in sorted(control_names(), key=len, reverse=True):
        message = re.sub(rf"\b{re.escape(name)}\b", f"\u201c{plain_label(name)}\u201d", message)
    return message


def _hint(name: str, p: Parameter) -> str:
    """The unit and the allowed range in words (never the internal name)."""
    parts = [p.unit.replace("GBP", "£")] if p.unit and p.unit != name else []
    if p.kind in ("int", "float"):
        parts.append(p.allowed())
    return " · ".join(parts)


def to_control(name: str, value: Any) -> Any:
    """A parameter value as its control holds it (a checkbox list for a boolean)."""
    if PARAMETERS[name].kind == "bool":
        return [CHECKED] if value else []
    return value


def from_control(name: str, raw: Any) -> Any:
    """A control's value as a parameter value, for :meth:`Scenario.with_parameters` to check.

    Raises:
        ScenarioError: for an empty number box (the browser also empties it for a value out of range).

    """
    p = PARAMETERS[name]
    if p.kind == "bool":
        return bool(raw)
    if p.kind in ("int", "float") and (raw is None or raw == ""):
        raise ScenarioError(
            f"{SOURCE}: \u201c{plain_label(name)}\u201d is empty or not a number in range: it must be {p.allowed()}"
        )
    return raw


def parameter_control(name: str, value: Any) -> html.Div:
    """The control for one declared parameter, labelled from its declaration."""
    p = PARAMETERS[name]
    cid = control_id(name)
    hint = html.Span(_hint(name, p), className="lever-hint")
    if p.kind == "bool":
        label = checkbox_words(p.description)
        box = dcc.Checklist(id=cid, options=[{"label": label, "value": CHECKED}], value=to_control(name, value))
        return html.Div([box, hint], className=f"lever lever-{p.kind}")
    label = html.Label(p.description, htmlFor=cid, className="field-label")
    if p.kind == "choice":
        control: Any = dcc.Dropdown(
            id=cid,
            options=choices((nation_name(c) if c != "all" else "All nations", c) for c in p.choices),
            value=value,
            clearable=False,
            className="lever-dropdown",
        )
    else:
        control = dcc.Input(
            id=cid,
            type="number",
            min=p.low,
            max=p.high,
            step=1 if p.kind == "int" else "any",
            value=value,
            className="lever-input",
        )
    return html.Div([label, control, hint], className=f"lever lever-{p.kind}")


def scenario_values(scenario: Scenario) -> dict[str, Any]:
    """The scenario's own values of every parameter the view controls."""
    return {name: scenario.parameters[name] for name in control_names()}


def build_scenario(name: Any, values: dict[str, Any]) -> Scenario:
    """The chosen population scenario with the controls' values, validated against their declarations.

    Raises:
        ScenarioError: for a name that is not a shipped population scenario, or a bad value.

    """
    if name not in population_scenarios():
        raise ScenarioError(f"{SOURCE}: {name!r} is not a shipped population scenario")
    scenario = load_scenario(name)
    wanted = {key: from_control(key, values.get(key)) for key in control_names() if key in values}
    try:
        return scenario.with_parameters(wanted, source=SOURCE)
    except ScenarioError as exc:  # the analyst sees the control's label, not the parameter's internal name
        raise ScenarioError(plain_message(str(exc))) from exc


def check_seed(seed: Any) -> int:
    """The seed as a whole number of at least 0 (raises ``ScenarioError`` otherwise)."""
    if isinstance(seed, bool) or not isinstance(seed, int | float) or seed < 0 or int(seed) != seed:
        raise ScenarioError(f"{SOURCE}: seed = {seed!r} must be a whole number of at least 0")
    return int(seed)


def scenario_controls(name: Any) -> dict[str, Any]:
    """What choosing a population (or going back to its values) sets: every control, and the description."""
    names = control_names()
    if name not in population_scenarios():
        return {
            "values": dict.fromkeys(names, no_update),
            "description": no_update,
            "error": f"{SOURCE}: {name!r} is not a shipped population scenario",
        }
    scenario = load_scenario(name)
    values = scenario_values(scenario)
    return {"values": {n: to_control(n, values[n]) for n in names}, "description": scenario.description, "error": ""}
