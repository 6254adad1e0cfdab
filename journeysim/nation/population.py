"""A population of services: what a ``[population]`` table in a scenario may say, and its checks.

A population scenario describes the services of one or more UK nations:
how many there are, the people they serve, how urban they are, how they
group into regions and training-centre catchments, the mean and spread of
their context, and the share that start in each archetypal state. Everything
else about each service comes from the scenario's ``[parameters]``, with
per-nation overrides, so a service in a nation is an ordinary single-service
scenario (:func:`journeysim.nation.sites.build_sites`).

Errors name the source, the key, the value and what is allowed.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import Any

from journeysim.errors import InputError
from journeysim.parameters import PARAMETERS
from journeysim.parameters.nation import POPULATION_FIELDS, START_SHARE_TOLERANCE, SUGGEST_CUTOFF
from journeysim.values import ValueSpec
from journeysim.vocabulary import NATIONS

# Context means a nation may set; each service draws its own value around the mean.
CONTEXT_KEYS = ("pressure", "culture", "stability", "budget_health", "middle_view_mean", "senior_view_mean")

POPULATION_KEYS = ("nations", "start", "context_spread", "size_spread")
# The values a [population] table may hold per nation (kinds, defaults, allowed ranges declared once, in
# ``journeysim.parameters.nation``), and the tables beside them.
NATION_FIELDS = (
    "services",
    "population",
    "urban_share",
    "regions",
    "training_centres",
    "island_boards",
    "island_board_people",
    "primary_care_share",
)
NATION_KEYS = (*NATION_FIELDS, "context", "parameters")


@dataclass(frozen=True)
class Archetype:
    """A starting state that a share of the services begin in.

    Attributes:
        name: Key in ``[population.start]``.
        description: One line for people.
        start: Stage of each seed-004 domain that differs from ``starting_out``.
        roles: Roles of the implementers present at the start (skill and commitment are drawn).
        source: Evidence for the archetype.

    """

    name: str
    description: str
    start: dict[str, str]
    roles: tuple[str, ...]
    source: str


ARCHETYPES: dict[str, Archetype] = {
    a.name: a
    for a in (
        Archetype(
            "nobody",
            "No one trained and no champion: MBCT is not offered.",
            {},
            (),
            "the 2015 MBCT workforce census (most NHS trusts in England had nobody trained)",
        ),
        Archetype(
            "lone_champion",
            "One self-designated teacher champion working from the grass roots.",
            {"nourishing": "developmental"},
            ("teacher",),
            "001 §The implementation journey (journeys start bottom-up with one champion)",
        ),
        Archetype(
            "several_implementers",
            "A teacher and a manager champion on one agenda, with a couple of trained teachers.",
            {"nourishing": "developmental", "networks": "developmental", "team": "developmental"},
            ("teacher", "manager"),
            "001 §MBCT implementers (several implementers at different levels)",
        ),
    )
}

# Kinds of service a nation's services may be (fields above): the rest take the scenario's ``service_type``.
SERVICE_KIND_FIELDS = ("island_boards", "island_board_people", "primary_care_share")


class PopulationError(InputError):
    """A population table that cannot be used (a ``ScenarioError`` is raised from it by the loader)."""


@dataclass(frozen=True)
class NationSpec:
    """The services of one nation.

    Attributes:
        nation: One of :data:`journeysim.parameters.NATIONS`.
        services: Number of service providers (trusts, boards, talking-therapy services).
        population: People living in the nation (all services together serve them).
        urban_share: Share of its services that are urban.
        regions: Regional networks the services are grouped into.
        training_centres: University MBCT training centres, each linked to the services of one region.
        context: Mean of each :data:`CONTEXT_KEYS` value for the nation's services.
        parameters: Parameter overrides for the nation's services (nation-specific policy).
        island_boards: How many of its services are island boards.
        island_board_people: People each island board serves.
        primary_care_share: Share of its other services that are primary-care talking-therapy services.

    """

    nation: str
    services: int
    population: int
    urban_share: float
    regions: int
    training_centres: int
    context: dict[str, float]
    parameters: dict[str, Any]
    island_boards: int = 0
    island_board_people: int = POPULATION_FIELDS["island_board_people"].default
    primary_care_share: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        """Plain data (what the scenario hash covers).

        The kinds of service appear only when they differ from their defaults, so a scenario
        that does not use them keeps the hash it had before they existed.
        """
        kinds = {k: getattr(self, k) for k in SERVICE_KIND_FIELDS if getattr(self, k) != POPULATION_FIELDS[k].default}
        return {
            "services": self.services,
            "population": self.population,
            "urban_share": self.urban_share,
            "regions": self.regions,
            "training_centres": self.training_centres,
            **kinds,
            "context": dict(sorted(self.context.items())),
            "parameters": dict(sorted(self.parameters.items())),
        }


@dataclass(frozen=True)
class Population:
    """A validated ``[population]`` table.

    Attributes:
        nations: The nations with their services, in :data:`NATIONS` order.
        start: Share of services starting in each :data:`ARCHETYPES` state (sums to 1).
        context_spread: Standard deviation of each service's context around its nation's mean.
        size_spread: Log-normal spread of the population each service serves.

    """

    nations: tuple[NationSpec, ...]
    start: dict[str, float]
    context_spread: float
    size_spread: float

    @property
    def services(self) -> int:
        """Services in all nations."""
        return sum(n.services for n in self.nations)

    @property
    def people(self) -> int:
        """People living in all nations."""
        return sum(n.population for n in self.nations)

    def to_dict(self) -> dict[str, Any]:
        """Plain data (what the scenario hash covers)."""
        return {
            "nations": {n.nation: n.to_dict() for n in self.nations},
            "start": dict(self.start),
            "context_spread": self.context_spread,
            "size_spread": self.size_spread,
        }


def _suggest(key: str, allowed: tuple[str, ...]) -> str:
    close = difflib.get_close_matches(key, list(allowed), n=1, cutoff=SUGGEST_CUTOFF)
    return f" Did you mean '{close[0]}'?" if close else ""


def _fail(source: str, key: str, value: Any, problem: str) -> PopulationError:
    return PopulationError(f"{source}: {key} = {value!r} {problem}")


def _checked(source: str, key: str, value: Any, spec: ValueSpec) -> Any:
    """``value`` checked against its declaration, or a :class:`PopulationError` naming the key."""
    try:
        return spec.check(value)
    except ValueError as exc:
        raise _fail(source, key, value, str(exc)) from None


def _field(source: str, key: str, table: dict[str, Any], name: str) -> Any:
    """The population field ``name`` from ``table`` (its declared default if absent), checked."""
    spec = POPULATION_FIELDS[name]
    return _checked(source, key, table.get(name, spec.default), spec)


def _table(source: str, key: str, value: Any, allowed: tuple[str, ...] | None, what: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise _fail(source, key, value, f"must be a table of {what}")
    if allowed is not None:
        for k in value:
            if k not in allowed:
                raise _fail(
                    source,
                    f"{key}.{k}",
                    value[k],
                    f"is not a key of [{key}].{_suggest(k, allowed)} Allowed: {', '.join(allowed)}",
                )
    return value


def validate_population(raw: Any, params: dict[str, Any], source: str) -> Population:
    """Check a raw ``[population]`` table against its declarations and build a :class:`Population`.

    Args:
        raw: The table as read from TOML.
        params: The scenario's validated parameters (defaults for the nations' context means).
        source: Where it came from, for messages.

    Raises:
        PopulationError: naming the source, the key, the value and what is allowed.

    """
    raw = _table(source, "population", raw, POPULATION_KEYS, "population settings")
    nations_raw = _table(source, "population.nations", raw.get("nations", {}), None, "nation = { services = ... }")
    if not nations_raw:
        raise _fail(source, "population.nations", nations_raw, "must name at least one nation: " + ", ".join(NATIONS))
    nations = []
    for name, entry in nations_raw.items():
        where = f"population.nations.{name}"
        if name not in NATIONS:
            raise _fail(
                source, where, entry, f"is not a UK nation.{_suggest(name, NATIONS)} Allowed: {', '.join(NATIONS)}"
            )
        entry = _table(source, where, entry, NATION_KEYS, "nation settings")
        if "services" not in entry or "population" not in entry:
            missing = [k for k in ("services", "population") if k not in entry]
            raise _fail(source, where, entry, "must give " + " and ".join(missing))
        values = {k: _field(source, f"{where}.{k}", entry, k) for k in NATION_FIELDS}
        context_raw = _table(source, f"{where}.context", entry.get("context", {}), CONTEXT_KEYS, "context = mean")
        context = {k: float(params[k]) for k in CONTEXT_KEYS}
        for k, v in context_raw.items():
            context[k] = _checked(source, f"{where}.context.{k}", v, PARAMETERS[k])
        overrides_raw = _table(source, f"{where}.parameters", entry.get("parameters", {}), None, "parameter = value")
        overrides = {}
        for k, v in overrides_raw.items():
            if k == "nation" or k not in PARAMETERS:
                problem = (
                    "is set by the nation itself"
                    if k == "nation"
                    else "is not a parameter." + _suggest(k, tuple(PARAMETERS))
                )
                raise _fail(source, f"{where}.parameters.{k}", v, problem)
            if PARAMETERS[k].group in ("run", "national policy"):
                raise _fail(
                    source,
                    f"{where}.parameters.{k}",
                    v,
                    "is the same for the whole population; set it in [parameters] (use policy_nations to target one)",
                )
            overrides[k] = _checked(source, f"{where}.parameters.{k}", v, PARAMETERS[k])
        nations.append(
            NationSpec(
                nation=name,
                services=values["services"],
                population=values["population"],
                urban_share=values["urban_share"],
                regions=values["regions"],
                training_centres=values["training_centres"],
                context=context,
                parameters=overrides,
                island_boards=values["island_boards"],
                island_board_people=values["island_board_people"],
                primary_care_share=values["primary_care_share"],
            )
        )
    nations.sort(key=lambda n: NATIONS.index(n.nation))
    total = sum(n.services for n in nations)
    try:
        POPULATION_FIELDS["total_services"].check(total)
    except ValueError:
        limit = POPULATION_FIELDS["total_services"]
        raise _fail(
            source,
            "population.nations",
            {n.nation: n.services for n in nations},
            f"has {total} services in all; a population needs {limit.low:g} to {limit.high:g}",
        ) from None
    for n in nations:
        if n.island_boards > n.services:
            raise _fail(
                source,
                f"population.nations.{n.nation}.island_boards",
                n.island_boards,
                f"is more than its {n.services} services",
            )
        mainland = n.services - n.island_boards
        if n.island_boards and n.population - n.island_boards * n.island_board_people < mainland:
            raise _fail(
                source,
                f"population.nations.{n.nation}.island_board_people",
                n.island_board_people,
                f"leaves too few of its {n.population:,} people for its other {mainland} services",
            )
        if n.services and n.regions > n.services:
            raise _fail(
                source,
                f"population.nations.{n.nation}.regions",
                n.regions,
                f"is more than its {n.services} services; give at most one region per service",
            )

    start_raw = _table(source, "population.start", raw.get("start", {"nobody": 1.0}), tuple(ARCHETYPES), "shares")
    start = {}
    for k, v in start_raw.items():
        start[k] = _checked(source, f"population.start.{k}", v, POPULATION_FIELDS["start_share"])
    total_share = sum(start.values())
    if abs(total_share - 1.0) > START_SHARE_TOLERANCE:
        raise _fail(
            source,
            "population.start",
            start_raw,
            f"shares sum to {total_share:g}; they must sum to 1 ({' + '.join(start)})",
        )
    return Population(
        nations=tuple(nations),
        start={k: start.get(k, POPULATION_FIELDS["start_share"].default) for k in ARCHETYPES},
        context_spread=_field(source, "population.context_spread", raw, "context_spread"),
        size_spread=_field(source, "population.size_spread", raw, "size_spread"),
    )
