"""People who bring MBCT to a service: new self-designated champions, and implementers who move.

Journeys usually start bottom-up, with one member of staff who trains in MBCT
and takes it up (001 §The implementation journey; 001 §MBCT implementers).
A service with nobody gains such a champion now and then, more often where
national guidance is strong, linked services run MBCT, a training centre is
near and the service is urban. An implementer who leaves for ordinary turnover
may take the work up in a service of the same region (an assumption).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    from journeysim.nation.model import NationModel

# Uniform numbers drawn each month for every service, and for every departure, in this order.
ARRIVAL_DRAWS = ("arrives", "skill", "commitment")
MOVER_DRAWS = ("carries", "target")


def arrival_base(p: dict[str, Any], centre: np.ndarray, urban: np.ndarray) -> np.ndarray:
    """Yearly chance of a new champion in each service before guidance and links act.

    ``champion_arrival_annual``, times ``university_link_factor`` near a training centre
    (001 §Training and supervision), times ``rural_arrival_factor`` in a rural service (assumption).
    """
    return (
        p["champion_arrival_annual"]
        * np.where(centre, p["university_link_factor"], 1.0)
        * np.where(urban, 1.0, p["rural_arrival_factor"])
    )


def arrival_chance(p: dict[str, Any], base: np.ndarray, guidance: np.ndarray, peer: np.ndarray) -> np.ndarray:
    """Monthly chance of a new champion, from the base chance, national guidance and link activity.

    The yearly chance is the base times ``arrival_guidance_offset`` + guidance (001 §Top-down and
    bottom-up) times 1 + ``peer_arrival_factor`` x link activity (001 §MBCT implementers: networks),
    capped at ``arrival_annual_cap`` and turned into a monthly chance.
    """
    annual = base * (p["arrival_guidance_offset"] + guidance) * (1.0 + p["peer_arrival_factor"] * peer)
    return 1.0 - (1.0 - np.minimum(annual, p["arrival_annual_cap"])) ** (1.0 / 12)


def champion_traits(p: dict[str, Any], u_skill: float, u_commitment: float) -> tuple[float, float]:
    """Skill and commitment of a new champion from two uniform numbers, within their declared ranges.

    001 §MBCT implementers: champions are committed enthusiasts whose skills differ.
    """
    skill = p["champion_skill_low"] + (p["champion_skill_high"] - p["champion_skill_low"]) * u_skill
    commitment = (
        p["champion_commitment_low"] + (p["champion_commitment_high"] - p["champion_commitment_low"]) * u_commitment
    )
    return skill, commitment


def new_champions(model: NationModel, has_imp: np.ndarray, peer: np.ndarray) -> None:
    """A service with nobody may gain a self-designated teacher champion (the usual bottom-up start).

    The numbers are drawn every month for every service, so the arrivals stream stays aligned
    whichever services are candidates.
    """
    draws = model.streams["arrivals"].random((len(model.services), len(ARRIVAL_DRAWS)))
    candidates = np.flatnonzero(~has_imp)
    if not len(candidates):
        return
    arrives, skill, commitment = range(len(ARRIVAL_DRAWS))
    guidance = np.array([min(1.0, model.services[i].service.guidance) for i in candidates])
    chance = arrival_chance(model.p, model.arrival_base[candidates], guidance, peer[candidates])
    for k in np.flatnonzero(draws[candidates, arrives] < chance):
        i = candidates[k]
        traits = champion_traits(model.p, float(draws[i, skill]), float(draws[i, commitment]))
        model.services[i].intervene(
            "champion_joins",
            cause="a member of staff trains in MBCT and takes it up",
            role="teacher",
            skill=traits[0],
            commitment=traits[1],
        )
        model.arrivals_in[i] += 1


def move_people(model: NationModel) -> None:
    """Implementers who left for ordinary turnover may take the work up in a service of their region.

    Each departure draws whether it carries (``mover_carry_share``) and where to; the target
    must have room for another implementer.
    """
    rng, share = model.streams["movers"], model.p["mover_carry_share"]
    for i, service in enumerate(model.services):
        seen = model.departures_seen[i]
        if len(service.departures) == seen:
            continue
        model.departures_seen[i] = len(service.departures)
        for _, reason, role, skill, commitment in service.departures[seen:]:
            carries, pick = rng.random(len(MOVER_DRAWS))
            others = model.links.region_mates(i)
            if reason != "turnover" or carries >= share or not len(others):
                continue
            j = int(others[int(pick * len(others))])
            target = model.services[j]
            if target.implementer_count >= target.p["max_implementers"]:
                continue
            target.intervene(
                "champion_joins",
                cause=f"moved from {model.sites[i].scenario.name}",
                role=role,
                skill=skill,
                commitment=commitment,
            )
            model.moves_in[j] += 1
