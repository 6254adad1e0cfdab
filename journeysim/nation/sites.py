"""Turning a population scenario into its services: one ordinary single-service scenario each.

Each service gets its nation's parameters, its own context drawn around the
nation's means, a starting state drawn from the population's archetype
shares, a share of the nation's people, a region, perhaps a buddy service
and a link to a university training centre. All draws come from one
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
        scenario: The single-service scenario it runs.

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


def _context(rng: np.random.Generator, nation: NationSpec, spread: float) -> dict[str, float]:
    """A service's context: each of :data:`CONTEXT_KEYS` drawn around the nation's mean, within its range."""
    out = {}
    for key in CONTEXT_KEYS:
        p = PARAMETERS[key]
        out[key] = float(np.clip(rng.normal(nation.context[key], spread), p.low, p.high))
    return out


def _people(
    rng: np.random.Generator, nation: NationSpec, urban: np.ndarray, spread: float, rural_size: float
) -> np.ndarray:
    """People each service serves: a log-normal share of the nation, smaller for a rural service (assumption)."""
    weights = rng.lognormal(0.0, spread, size=nation.services) * np.where(urban, 1.0, rural_size)
    exact = weights / weights.sum() * nation.population
    people = np.floor(exact).astype(int)
    # Largest remainders get the people rounding left over, so the services add up to the nation exactly.
    short = nation.population - int(people.sum())
    people[np.argsort(people - exact, kind="stable")[:short]] += 1
    return np.maximum(people, 1)


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
        people = _people(rng, nation, urban, pop.size_spread, p["rural_size_factor"])
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
        base = len(sites)
        for i in range(n):
            context = _context(rng, nation, pop.context_spread)
            archetype = ARCHETYPES[names[archetypes[i]]]
            implementers = tuple(_starting_implementer(rng, role, p) for role in archetype.roles)
            params = {**scenario.parameters, **nation.parameters, **context, "nation": nation.nation}
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
                )
            )
        region_base += nation.regions
    return sites
