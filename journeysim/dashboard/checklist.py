"""A trainer's own service, described through the stage-by-domain checklist.

The checklist of seed 004 places a service, domain by domain, at one of three
stages: starting out, developmental, sustainable. The page asks for that
stage in each of the seven domains (plus a few facts: nation, start year,
length, who the implementers are) and this module turns the answers into
scenario TOML text, which is validated like any uploaded file.

The hints are our own short paraphrases of what each stage looks like
(seed 004, "Maintaining and sustaining an MBCT service").
"""

from __future__ import annotations

import re
from typing import Any

from journeysim.parameters import PARAMETERS
from journeysim.presentation.narrative import DOMAIN_WORDS, STAGE_WORDS
from journeysim.scenario import ScenarioError
from journeysim.vocabulary import DOMAINS, NATIONS, STAGES

# The same words as the timeline's (one vocabulary on the page).
DOMAIN_TITLES: dict[str, str] = dict(DOMAIN_WORDS)

# Paraphrased from seed 004: what each stage of each domain tends to look like.
STAGE_HINTS: dict[str, dict[str, str]] = {
    "fit": {
        "starting_out": "grounded in the evidence and a local gap",
        "developmental": "watching where it fits local pathways, seizing openings",
        "sustainable": "helping shift the service's model of care",
    },
    "evaluation": {
        "starting_out": "an evaluation plan",
        "developmental": "feedback shapes delivery; yearly reports",
        "sustainable": "published reports; learning shared widely",
    },
    "networks": {
        "starting_out": "a buddy and national networks",
        "developmental": "local networks and interest groups",
        "sustainable": "visible networks that share provision and training",
    },
    "team": {
        "starting_out": "training the first teachers",
        "developmental": "supervision, CPD, a training pathway",
        "sustainable": "mixed workforce; second and third generation implementers",
    },
    "top_down": {
        "starting_out": "key messages; knowing the gatekeepers",
        "developmental": "wider messaging; gatekeepers engaged",
        "sustainable": "gatekeepers, staff and patients act as champions",
    },
    "governance": {
        "starting_out": "accountable through records and good practice",
        "developmental": "clear lines of accountability; governance set up",
        "sustainable": "documentation linked to stakeholders' expectations",
    },
    "nourishing": {
        "starting_out": "personal practice within the service",
        "developmental": "successes celebrated; supervision and reflection",
        "sustainable": "successes celebrated widely",
    },
}

STAGE_LABELS = {stage: words.capitalize() for stage, words in STAGE_WORDS.items()}
ROLE_LABELS = {"teacher": "A teacher champion", "manager": "A manager", "service_user": "A service user"}
PRESSURE_LEVELS = {"low": 0.3, "medium": 0.5, "high": 0.7}


# The checklist's number boxes: (label, the declared parameter whose range they take).
FACT_BOXES = {"start": ("Start year", "start_year"), "years": ("Years to simulate", "years")}
NO_ROLES = "Implementers: tick at least one (the first ticked leads)."


def allowed_words(parameter: str) -> str:
    """A whole-number parameter's declared range in words: ``"a whole number from 10 to 30"``."""
    p = PARAMETERS[parameter]
    return f"a whole number from {int(p.low)} to {int(p.high)}"


def fact_problems(values: dict[str, Any]) -> dict[str, str]:
    """What is wrong with each checklist box as typed (empty, not whole, out of range; no implementer), by box.

    Nothing is ever replaced by a default: a box with a problem gets a message saying what it allows.
    """
    out = {}
    for key, (label, parameter) in FACT_BOXES.items():
        p, raw = PARAMETERS[parameter], values.get(key)
        text = "" if raw is None else str(raw).strip()
        try:
            number = float(text)
        except ValueError:
            problem = "the box is empty" if not text else f"{text[:20]!r} is not a number"
        else:
            if not number.is_integer():
                problem = f"{text[:20]} is not a whole number"
            elif not p.low <= number <= p.high:
                problem = f"{text[:20]} is outside that range"
            else:
                continue
        out[key] = f"{label}: type {allowed_words(parameter)} ({problem})."
    if not [r for r in values.get("roles") or [] if r in ROLE_LABELS]:
        out["roles"] = NO_ROLES
    return out


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    text = str(value).replace("\\", "\\\\").replace('"', '\\"')
    return f'"{text}"'


def to_toml(raw: dict[str, Any]) -> str:
    """Serialise a scenario mapping (strings, numbers, bools, tables, arrays of tables) as TOML."""
    lines: list[str] = []
    tables = {k: v for k, v in raw.items() if isinstance(v, dict)}
    arrays = {k: v for k, v in raw.items() if isinstance(v, list) and v and all(isinstance(i, dict) for i in v)}
    for key, value in raw.items():
        if key not in tables and key not in arrays:
            lines.append(f"{key} = {_toml_value(value)}")
    for key, table in tables.items():
        lines += ["", f"[{key}]", *(f"{k} = {_toml_value(v)}" for k, v in table.items())]
    for key, items in arrays.items():
        for item in items:
            lines += ["", f"[[{key}]]", *(f"{k} = {_toml_value(v)}" for k, v in item.items())]
    return "\n".join(lines) + "\n"


def checklist_scenario(
    stages: dict[str, str | None],
    name: str | None = None,
    nation: str | None = "england",
    start_year: int | float | str = 2012,
    years: int | float | str = 10,
    roles: list[str] | None = None,
    pressure: str | None = "medium",
    protected_time: bool = False,
) -> str:
    """Scenario TOML for a service described stage by domain.

    A domain left unanswered starts out; the numbers (years, start year) are checked by the scenario
    validator, so an out-of-range answer comes back as a clear :class:`ScenarioError` (the page checks
    each box first, :func:`fact_problems`).

    Raises:
        ScenarioError: no implementer ticked.

    """
    start = {d: (stages.get(d) if stages.get(d) in STAGES else "starting_out") for d in DOMAINS}
    roles = [r for r in roles or [] if r in ROLE_LABELS]
    if not roles:
        raise ScenarioError(NO_ROLES)
    clean = re.sub(r"[^A-Za-z0-9-]+", "_", name or "").strip("_")[:40]
    raw: dict[str, Any] = {
        "name": clean or "my_service",
        "description": "A service described through the stage-by-domain checklist (seed 004).",
        "parameters": {
            "nation": nation if nation in NATIONS else "england",
            "start_year": int(float(start_year)),
            "years": int(float(years)),
            "pressure": PRESSURE_LEVELS.get(pressure or "medium", 0.5),
        },
        "start": start,
        "implementers": [
            {"role": role, "lead": i == 0, "protected_time": bool(protected_time)} for i, role in enumerate(roles)
        ],
    }
    return to_toml(raw)
