"""Scenarios: a validated description of one service, its context and its strategy.

A scenario is plain data. :func:`validate` turns a raw mapping (as read from
TOML, after strategy overlays are applied) into a :class:`Scenario`, checking
every key against the declarations in :mod:`journeysim.parameters`,
:mod:`journeysim.model.interventions` and the seed-004 domains. Errors name
the file, the key, the value and what is allowed, and suggest the nearest
valid key.
"""

from __future__ import annotations

import copy
import difflib
import functools
import hashlib
import json
from dataclasses import dataclass, field, replace
from typing import Any

from journeysim.errors import InputError
from journeysim.model.interventions import INTERVENTIONS
from journeysim.nation.population import Population, PopulationError, validate_population
from journeysim.parameters import IMPLEMENTER_FIELDS, PARAMETERS
from journeysim.vocabulary import DOMAINS, STAGES

TOP_LEVEL_KEYS = (
    "name",
    "description",
    "extends",
    "strategies",
    "parameters",
    "start",
    "implementers",
    "interventions",
    "replace_implementers",
    "population",
)
INTERVENTION_TIME_KEYS = ("month", "at", "year")
POLICY_LEVERS = tuple(name for name, p in PARAMETERS.items() if p.group == "national policy")


class ScenarioError(InputError):
    """A scenario (or override) that cannot be used, with a message for people."""


def _suggest(key: str, allowed: list[str] | tuple[str, ...]) -> str:
    close = difflib.get_close_matches(key, list(allowed), n=1, cutoff=0.5)
    return f" Did you mean '{close[0]}'?" if close else ""


MAX_SHOWN = 120
"""Longest ``repr`` of a value quoted in a message (longer ones are cut, with ``...``)."""


def shown(value: Any) -> str:
    """``repr(value)`` for a message: control characters escaped (``repr`` does), cut to :data:`MAX_SHOWN`."""
    try:
        text = repr(value)
    except (ValueError, RecursionError):  # an integer too long to print, or nesting too deep
        text = f"<{type(value).__name__} too large to show>"
    return text if len(text) <= MAX_SHOWN else text[: MAX_SHOWN - 3] + "..."


def _fail(source: str, key: str, value: Any, problem: str) -> ScenarioError:
    return ScenarioError(f"{source}: {key} = {shown(value)} {problem}")


def check_spec(spec: Any, value: Any) -> Any:
    """``spec.check(value)`` after checking type and finiteness first (a ``ValueError`` saying what is allowed).

    :meth:`journeysim.values.ValueSpec.check` is the rule (it refuses NaN, infinities and out-of-range
    numbers before converting anything); this guard only keeps unhashable values away from a choice and
    turns any other error into that rule's ``ValueError``.
    """
    if spec.kind == "choice" and not isinstance(value, str | int | float | bool):
        raise ValueError(f"must be {spec.allowed()}")
    try:
        return spec.check(value)
    except (TypeError, OverflowError, ValueError) as exc:
        message = str(exc) if isinstance(exc, ValueError) and str(exc).startswith(("must", "is")) else ""
        raise ValueError(message or f"must be {spec.allowed()}") from None


def plain_text(source: str, key: str, value: Any, *, lines: bool = False) -> str:
    """``value`` if it is a string without control characters (newlines and tabs allowed when ``lines``)."""
    if not isinstance(value, str):
        raise _fail(source, key, value, "must be a string")
    allowed = "\n\t" if lines else ""
    if any((ord(c) < 32 or 127 <= ord(c) < 160) and c not in allowed for c in value):
        raise _fail(source, key, value, "must not contain control characters (such as terminal escape codes)")
    return value


@dataclass(frozen=True)
class Scenario:
    """A validated scenario.

    Attributes:
        name: Short identifier.
        description: One line for people.
        parameters: Every declared parameter, defaults filled in.
        start: Stage of each seed-004 domain at the start.
        implementers: The implementers present at the start.
        interventions: Scheduled interventions, each ``{"month", "kind", "details"}``.
        strategies: Names of the strategy overlays applied, in order.
        population: For a population of services, the validated ``[population]`` table;
            ``None`` for a single service.
        source: Where it came from (a file path, or ``"<dict>"``).

    """

    name: str
    description: str
    parameters: dict[str, Any]
    start: dict[str, str]
    implementers: tuple[dict[str, Any], ...]
    interventions: tuple[dict[str, Any], ...]
    strategies: tuple[str, ...] = ()
    population: Population | None = None
    source: str = field(default="<dict>", compare=False)

    def to_dict(self) -> dict[str, Any]:
        """Canonical plain-data form (what the hash covers)."""
        out = {
            "name": self.name,
            "description": self.description,
            "strategies": list(self.strategies),
            "parameters": dict(sorted(self.parameters.items())),
            "start": dict(self.start),
            "implementers": [dict(i) for i in self.implementers],
            "interventions": [copy.deepcopy(i) for i in self.interventions],
        }
        if self.population is not None:
            out["population"] = self.population.to_dict()
        return out

    @property
    def is_population(self) -> bool:
        """Whether this describes a population of services rather than one service."""
        return self.population is not None

    @functools.cached_property
    def hash(self) -> str:
        """SHA-256 (first 16 hex digits) of the canonical form; identifies the scenario in results."""
        blob = json.dumps(self.to_dict(), sort_keys=True, separators=(",", ":"), default=str)
        return hashlib.sha256(blob.encode()).hexdigest()[:16]

    @property
    def months(self) -> int:
        """Length of the run in months."""
        return int(self.parameters["years"]) * 12

    def with_parameters(self, values: dict[str, Any], source: str = "--set") -> Scenario:
        """A copy with some parameters changed, validated against their declarations."""
        params = dict(self.parameters)
        for key, value in values.items():
            params[key] = check_parameter(key, value, source)
        check_levers(params, self.population is not None, source)
        return replace(self, parameters=params)


SHAPES: dict[str, tuple[type, type | None, str]] = {
    "extends": (str, None, "must be the name of a shipped scenario"),
    "strategies": (list, str, "must be a list of strategy names"),
    "parameters": (dict, None, "must be a table of parameter = value ([parameters])"),
    "start": (dict, None, "must be a table of domain = stage ([start])"),
    "implementers": (list, dict, "must be an array of tables ([[implementers]])"),
    "interventions": (list, dict, "must be an array of tables ([[interventions]])"),
    "replace_implementers": (bool, None, "must be true or false"),
    "population": (dict, None, "must be a table of population settings ([population])"),
}
"""The shape of each top-level table or array: (type, type of each item, what is allowed)."""


def check_shapes(raw: dict[str, Any], source: str) -> None:
    """Refuse a top-level key whose value has the wrong shape (before anything merges or reads it)."""
    for key, (kind, item, allowed) in SHAPES.items():
        if key not in raw:
            continue
        value = raw[key]
        if not isinstance(value, kind) or (item and not all(isinstance(v, item) for v in value)):
            raise _fail(source, key, value, allowed)


def check_levers(params: dict[str, Any], population: bool, source: str) -> None:
    """National policy levers act on a population of services; refuse them for a single service.

    For a population, refuse levers that are switched on but would start after the run ends.
    """
    if population:
        first, last = int(params["start_year"]), int(params["start_year"]) + int(params["years"]) - 1
        active = (
            params["policy_training_places"] > 0
            or params["policy_service_funding"] > 0
            or params["policy_protected_time"]
            or params["policy_supervision_network"]
        )
        for key, on in (("policy_start_year", active), ("policy_cut_year", params["policy_cut_fraction"] > 0)):
            if on and params[key] > last:
                raise _fail(
                    source,
                    key,
                    params[key],
                    f"is after the run ends ({first}-{last}): the national policy would never act; "
                    "start it within the run or lengthen it with 'years'",
                )
        return
    for name in POLICY_LEVERS:
        if params[name] != PARAMETERS[name].default:
            raise _fail(
                source,
                name,
                params[name],
                "is a national policy lever: it acts on a population of services, and this scenario is a "
                "single service (use a scenario with a [population] table, such as uk_services)",
            )


def check_parameter(key: str, value: Any, source: str) -> Any:
    """Validate one parameter value against its declaration."""
    if key not in PARAMETERS:
        raise _fail(source, key, value, "is not a parameter." + _suggest(key, tuple(PARAMETERS)))
    try:
        return check_spec(PARAMETERS[key], value)
    except ValueError as exc:
        raise _fail(source, key, value, str(exc)) from None


def parse_cli_value(text: str) -> Any:
    """Turn a ``--set key=value`` value into a bool, number or string."""
    low = text.strip().lower()
    if low in ("true", "false"):
        return low == "true"
    try:
        return int(text)
    except ValueError:
        if low.lstrip("+-").isdigit():  # longer than Python converts: kept as typed, refused by the check
            return text.strip()
    try:
        return float(text)
    except ValueError:
        return text.strip().strip('"').strip("'")


def compose(base: dict[str, Any], overlay: dict[str, Any]) -> dict[str, Any]:
    """Apply a strategy overlay to a raw scenario mapping.

    Parameters and start stages are overridden key by key; implementers and
    interventions are appended (or replaced, if the overlay says
    ``replace_implementers = true``).
    """
    out = copy.deepcopy(base)
    for table in ("parameters", "start"):
        if table in overlay:
            out.setdefault(table, {}).update(copy.deepcopy(overlay[table]))
    if "population" in overlay:
        out["population"] = _merge(out.get("population", {}), overlay["population"])
    if overlay.get("replace_implementers"):
        out["implementers"] = copy.deepcopy(overlay.get("implementers", []))
    elif "implementers" in overlay:
        out["implementers"] = out.get("implementers", []) + copy.deepcopy(overlay["implementers"])
    if "interventions" in overlay:
        out["interventions"] = out.get("interventions", []) + copy.deepcopy(overlay["interventions"])
    return out


def _merge(base: Any, overlay: Any) -> Any:
    """Tables merged key by key, recursively; anything else in the overlay wins."""
    if not (isinstance(base, dict) and isinstance(overlay, dict)):
        return copy.deepcopy(overlay)
    out = copy.deepcopy(base)
    for key, value in overlay.items():
        out[key] = _merge(out.get(key), value) if key in out else copy.deepcopy(value)
    return out


def _resolve_month(entry: dict[str, Any], where: str, start_year: int, months: int, source: str) -> int:
    given = [k for k in INTERVENTION_TIME_KEYS if k in entry]
    if len(given) != 1:
        raise _fail(
            source,
            where,
            {k: entry[k] for k in given} or None,
            "needs exactly one of 'month' (months from the start), 'at' (\"YYYY-MM\") or 'year'",
        )
    key = given[0]
    value = entry[key]
    if key == "month":
        if isinstance(value, bool) or not isinstance(value, int):
            raise _fail(source, f"{where}.month", value, "must be a whole number of months from the start")
        month = value
    elif key == "year":
        if isinstance(value, bool) or not isinstance(value, int | float) or not abs(value) < 1e6:
            raise _fail(source, f"{where}.year", value, "must be a calendar year such as 2012 or 2012.5")
        month = round((value - start_year) * 12)
    else:
        try:
            if not isinstance(value, str) or len(value) > 12:
                raise ValueError
            year_s, month_s = value.split("-")
            month = (int(year_s) - start_year) * 12 + int(month_s) - 1
            if not 1 <= int(month_s) <= 12:
                raise ValueError
        except ValueError:
            raise _fail(source, f"{where}.at", value, 'must be a calendar month written "YYYY-MM"') from None
    if not 0 <= month < months:
        raise _fail(
            source,
            f"{where}.{key}",
            value,
            f"falls outside the run (months 0 to {months - 1}, starting January {start_year})",
        )
    return month


def validate(raw: dict[str, Any], source: str = "<dict>", default_name: str = "scenario") -> Scenario:
    """Check a raw scenario mapping and build a :class:`Scenario`.

    Raises:
        ScenarioError: naming the source, the key, the value and what is allowed.

    """
    if not isinstance(raw, dict):
        raise ScenarioError(f"{source}: a scenario must be a TOML table, not {type(raw).__name__}")
    for key in raw:
        if key not in TOP_LEVEL_KEYS:
            raise _fail(
                source,
                key,
                raw[key],
                "is not a scenario key." + _suggest(key, TOP_LEVEL_KEYS) + " Allowed: " + ", ".join(TOP_LEVEL_KEYS),
            )
    name = raw.get("name", default_name)
    if not isinstance(name, str) or not name:
        raise _fail(source, "name", name, "must be a non-empty string")
    plain_text(source, "name", name)
    description = plain_text(source, "description", raw.get("description", ""), lines=True)
    check_shapes(raw, source)

    params_raw = raw.get("parameters", {})
    params = {p.name: p.default for p in PARAMETERS.values()}
    for key, value in params_raw.items():
        params[key] = check_parameter(key, value, source)
    if params["course_size_min"] > params["course_size_max"]:
        raise _fail(source, "course_size_min", params["course_size_min"], "must not exceed course_size_max")

    start_raw = raw.get("start", {})
    start = {d: "starting_out" for d in DOMAINS}
    for key, value in start_raw.items():
        if key not in DOMAINS:
            problem = f"is not a seed-004 domain.{_suggest(key, DOMAINS)} Allowed: {', '.join(DOMAINS)}"
            raise _fail(source, f"start.{key}", value, problem)
        if not isinstance(value, str) or value not in STAGES:
            raise _fail(
                source, f"start.{key}", value, "must be one of " + ", ".join(STAGES) + _suggest(str(value), STAGES)
            )
        start[key] = value

    implementers = []
    imps_raw = raw.get("implementers", [])
    for i, entry in enumerate(imps_raw):
        where = f"implementers[{i}]"
        imp = {f.name: f.default for f in IMPLEMENTER_FIELDS.values() if f.default is not None}
        for key, value in entry.items():
            if key not in IMPLEMENTER_FIELDS:
                allowed = tuple(IMPLEMENTER_FIELDS)
                problem = f"is not an implementer field.{_suggest(key, allowed)} Allowed: {', '.join(allowed)}"
                raise _fail(source, f"{where}.{key}", value, problem)
            try:
                imp[key] = check_spec(IMPLEMENTER_FIELDS[key], value)
            except ValueError as exc:
                raise _fail(source, f"{where}.{key}", value, str(exc)) from None
        implementers.append(imp)

    months = int(params["years"]) * 12
    interventions = []
    ints_raw = raw.get("interventions", [])
    for i, entry in enumerate(ints_raw):
        where = f"interventions[{i}]"
        kind = entry.get("kind")
        if not isinstance(kind, str) or kind not in INTERVENTIONS:
            allowed = tuple(INTERVENTIONS)
            problem = f"is not an intervention.{_suggest(str(kind), allowed)} Allowed: {', '.join(allowed)}"
            raise _fail(source, f"{where}.kind", kind, problem)
        month = _resolve_month(entry, where, int(params["start_year"]), months, source)
        details_raw = {k: v for k, v in entry.items() if k not in ("kind", *INTERVENTION_TIME_KEYS)}
        spec = INTERVENTIONS[kind]
        known = {d.name: d for d in spec.details}
        for key, value in details_raw.items():  # each detail checked, and blamed, on its own
            if key not in known:
                raise _fail(
                    source,
                    f"{where}.{key}",
                    value,
                    f"is not a detail of '{kind}'." + _suggest(key, tuple(known)) + " Allowed: "
                    f"{', '.join(known) or 'none'}",
                )
            try:
                details_raw[key] = check_spec(known[key], value)
            except ValueError as exc:
                raise _fail(source, f"{where}.{key}", value, str(exc)) from None
        try:
            details = spec.resolve(details_raw)
        except (KeyError, ValueError) as exc:  # a rule across details
            raise _fail(source, where, details_raw, f"has details that do not fit together: {exc}") from None
        interventions.append({"month": month, "kind": kind, "details": details})
    interventions.sort(key=lambda d: d["month"])

    population = None
    if "population" in raw:
        for key in ("implementers", "start"):
            if raw.get(key):
                raise _fail(
                    source,
                    key,
                    raw[key],
                    "cannot be given with [population]: each service's starting state comes from [population.start]",
                )
        try:
            population = validate_population(raw["population"], params, source)
        except PopulationError as exc:
            raise ScenarioError(str(exc)) from None

    check_levers(params, population is not None, source)
    strategies = raw.get("strategies", [])
    return Scenario(
        name=name,
        description=description,
        parameters=params,
        start=start,
        implementers=tuple(implementers),
        interventions=tuple(interventions),
        strategies=tuple(strategies),
        population=population,
        source=source,
    )
