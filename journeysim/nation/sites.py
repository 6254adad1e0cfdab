"""Turning a population scenario into its services: one ordinary single-service scenario each.

Each service gets its nation's parameters, its own context drawn around the
nation's means, a starting state drawn from the population's archetype
shares, a share of the nation's people (its ``catchment_adults`` are those
people times ``adult_share``), a kind of service (island boards, a share of
primary-care talking-therapy services, the rest the scenario's
``service_type``), a region, perhaps a buddy service and a link to a
university training centre. All draws come from one
generator, in a fixed order, so the same seed gives the same population.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

import numpy as np

from journeysim.nation.population import ARCHETYPES, CONTEXT_KEYS, NationSpec, Population
from journeysim.parameters import PARAMETERS
from journeysim.vocabulary import DOMAINS

if TYPE_CHECKING:
    from journeysim.scenario import Scenario


@dataclass(frozen=True)
class Site:
    """One service in the population and where it sits.

    Attributes:
        index: Position in the population (fixed order: nation, then draw order).
        nation: Its nation.
        region: Index of its regional network (unique across nations).
        people: People it serves.
        urban: Urban (true) or rural.
        centre: Whether it is linked to a university training centre.
        buddy: Index of its buddy service, or -1.
        archetype: Its starting state (a key of :data:`ARCHETYPES`).
        scenario: The single-service scenario it runs (with its ``catchment_adults`` and ``service_type``).
        service_type: Its kind of service (``primary_care``, ``secondary_care`` or ``island_board``).

    """

    index: int
    nation: str
    region: int
    people: int
    urban: bool
    centre: bool
    buddy: int
    archetype: str
    scenario: Scenario
    service_type: str = "secondary_care"


def _context(rng: np.random.Generator, nation: NationSpec, spread: float) -> dict[str, float]:
    """A service's context: each of :data:`CONTEXT_KEYS` drawn around the nation's mean, within its range."""
    out = {}
    for key in CONTEXT_KEYS:
        p = PARAMETERS[key]
        out[key] = clip(float(rng.normal(nation.context[key], spread)), p.low, p.high)
    return out


def clip(x: float, low: float, high: float) -> float:
    """``x`` within ``[low, high]``, exactly as ``numpy.clip`` gives it.

    The larger of ``x`` and ``low``, then the smaller of that and ``high``, without NumPy's call on
    one number (a few microseconds, six times a service).
    """
    x = x if x >= low else low
    return x if x <= high else high


def _people(
    rng: np.random.Generator, nation: NationSpec, urban: np.ndarray, spread: float, rural_size: float
) -> tuple[np.ndarray, np.ndarray]:
    """People each service serves, and which services are island boards.

    Each service draws a log-normal weight, smaller for a rural service (assumption). The
    nation's ``island_boards`` services with the smallest weights are its island boards and
    serve ``island_board_people`` each; the others share the rest of the nation by weight.
    """
    weights = rng.lognormal(0.0, spread, size=nation.services) * np.where(urban, 1.0, rural_size)
    island = np.zeros(nation.services, dtype=bool)
    island[np.argsort(weights, kind="stable")[: nation.island_boards]] = True
    people = np.zeros(nation.services, dtype=int)
    people[island] = nation.island_board_people
    rest = nation.population - int(people.sum())
    mainland = ~island
    exact = weights[mainland] / weights[mainland].sum() * rest if mainland.any() else np.zeros(0)
    shares = np.floor(exact).astype(int)
    # Largest remainders get the people rounding left over, so the services add up to the nation exactly.
    short = rest - int(shares.sum())
    shares[np.argsort(shares - exact, kind="stable")[:short]] += 1
    people[mainland] = shares
    return np.maximum(people, 1), island


def service_types(rng: np.random.Generator, nation: NationSpec, island: np.ndarray, default: str) -> list[str]:
    """Each service's kind: island boards, then ``primary_care_share`` of the rest (drawn), else ``default``.

    No number is drawn when the share picks none or all of the other services, so a
    population without primary-care services draws exactly what it drew before.
    """
    types = np.where(island, "island_board", default).astype(object)
    others = np.flatnonzero(~island)
    k = int(np.rint(nation.primary_care_share * others.size))
    if k == others.size:
        types[others] = "primary_care"
    elif k:
        types[rng.choice(others, size=k, replace=False)] = "primary_care"
    return [str(t) for t in types]


def _starting_implementer(rng: np.random.Generator, role: str, p: dict[str, Any]) -> dict[str, Any]:
    """An implementer a service starts with: skill and commitment drawn within their declared ranges.

    001 §MBCT implementers: champions differ in skills and commitment; the ranges are assumptions.
    """
    return {
        "role": role,
        "skill": float(rng.uniform(p["champion_skill_low"], p["champion_skill_high"])),
        "commitment": float(rng.uniform(p["champion_commitment_low"], p["champion_commitment_high"])),
        "protected_time": False,
        "lead": False,
    }


def build_sites(scenario: Scenario, rng: np.random.Generator) -> list[Site]:
    """The services of a population scenario, with their links and their own scenarios."""
    pop: Population = scenario.population  # type: ignore[assignment]
    if pop is None:
        raise ValueError(f"{scenario.name}: not a population scenario (no [population] table)")
    p = scenario.parameters
    names = list(ARCHETYPES)
    shares = np.array([pop.start[a] for a in names])
    sites: list[Site] = []
    region_base = 0
    for nation in pop.nations:
        n = nation.services
        if n == 0:
            continue
        urban = rng.random(n) < nation.urban_share
        people, island = _people(rng, nation, urban, pop.size_spread, p["rural_size_factor"])
        urban = urban & ~island  # an island board serves a scattered, rural population
        regions = rng.permutation(np.arange(n) % nation.regions)
        archetypes = rng.choice(len(names), size=n, p=shares)
        centre_regions = set(
            rng.choice(nation.regions, size=min(nation.training_centres, nation.regions), replace=False)
        )
        buddies = np.full(n, -1)
        for r in range(nation.regions):
            members = rng.permutation(np.flatnonzero(regions == r))
            pairs = iter(members)  # consecutive members pair up; an odd one out has no buddy
            for a, b in zip(pairs, pairs, strict=False):
                buddies[a], buddies[b] = b, a
        shared = {**scenario.parameters, **nation.parameters}
        kinds = service_types(rng, nation, island, shared["service_type"])
        base = len(sites)
        for i in range(n):
            context = _context(rng, nation, pop.context_spread)
            archetype = ARCHETYPES[names[archetypes[i]]]
            implementers = tuple(_starting_implementer(rng, role, p) for role in archetype.roles)
            params = {
                **shared,
                **context,
                "nation": nation.nation,
                # Who the service is for: its adults (demand.py) and its kind.
                "catchment_adults": round(int(people[i]) * shared["adult_share"]),
                "service_type": kinds[i],
            }
            start = {d: archetype.start.get(d, "starting_out") for d in DOMAINS}
            service = replace(
                scenario,
                name=f"{nation.nation}-{i + 1:03d}",
                parameters=params,
                start=start,
                implementers=implementers,
                population=None,
            )
            sites.append(
                Site(
                    index=base + i,
                    nation=nation.nation,
                    region=region_base + int(regions[i]),
                    people=int(people[i]),
                    urban=bool(urban[i]),
                    centre=int(regions[i]) in centre_regions,
                    buddy=base + int(buddies[i]) if buddies[i] >= 0 else -1,
                    archetype=archetype.name,
                    scenario=service,
                    service_type=kinds[i],
                )
            )
        region_base += nation.regions
    return sites
