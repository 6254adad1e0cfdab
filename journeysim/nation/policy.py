"""National policy levers: what a government can do to every covered service at once.

The levers are declared parameters in the ``national policy`` group: nationally
funded teacher-training places, service funding (a recurrent line or a one-off
sum), protected time for champions, a national supervision network, and a cut.
Each acts on services only through :meth:`JourneyModel.intervene`, from the
policy month of its year, on the services of the nations it covers.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from journeysim.model.events import DOWN, UP
from journeysim.model.interventions import INTERVENTIONS

if TYPE_CHECKING:
    from journeysim.nation.model import NationModel

# Most trainees one ``training_places`` intervention may bring: the declared range of its detail.
MAX_PLACES_AT_ONCE = next(d for d in INTERVENTIONS["training_places"].details if d.name == "teachers").high


@dataclass
class PolicyState:
    """What the national policy is doing now.

    Attributes:
        lines: Recurrent national funding line of each service (GBP a year; 0 = none).
        protection_on: Whether champions' time is protected.
        network_on: Whether the national supervision network runs.
        money: National money spent so far (GBP).

    """

    lines: np.ndarray
    protection_on: bool = False
    network_on: bool = False
    money: float = 0.0


def schedule_policy(model: NationModel) -> None:
    """Put every lever that is switched on on the calendar, from the policy month of ``policy_start_year``.

    Training places and service funding act once a year for their term; a recurrent funding
    line ends with it (001 §Pivot points: resources that end can stall a journey); protected
    time and the supervision network switch on and, after ``policy_support_years``, off; a cut
    lands once.
    """
    p = model.p
    start = model.month_index(int(p["policy_start_year"]))

    def within(m: int) -> bool:
        return 0 <= m < model.horizon

    if p["policy_training_places"] > 0:
        for y in range(int(p["policy_training_years"])):
            if within(start + 12 * y):
                model.schedule(start + 12 * y, fund_training_places)
    if p["policy_service_funding"] > 0:
        for y in range(int(p["policy_funding_years"])):
            if within(start + 12 * y):
                model.schedule(start + 12 * y, fund_services)
        end = start + 12 * int(p["policy_funding_years"])
        if p["policy_funding_recurrent"] and within(end) and p["policy_funding_years"] > 0:
            model.schedule(end, end_funding_lines)
    support_end = start + 12 * int(p["policy_support_years"])
    if p["policy_support_years"] > 0:
        for lever, action in (
            ("policy_protected_time", protected_time),
            ("policy_supervision_network", supervision_network),
        ):
            if p[lever]:
                if within(start) or (start < 0 < support_end):
                    model.schedule(max(0, start), action, True)
                if within(support_end):
                    model.schedule(support_end, action, False)
    cut = model.month_index(int(p["policy_cut_year"]))
    if p["policy_cut_fraction"] > 0 and within(cut):
        model.schedule(cut, national_cut)


def covered_indices(model: NationModel) -> np.ndarray:
    """Indices of the services in the nations the policy covers (``policy_nations``)."""
    return np.flatnonzero(model.covered)


def monthly_cost(model: NationModel) -> float:
    """National money spent this month: funding lines, the supervision network, protected time.

    Costs are yearly declared amounts (``supervision_cost`` per supervised teacher,
    ``protected_time_cost`` per champion) spread over the months.
    """
    policy = model.policy
    cost = policy.lines.sum() / 12
    if policy.network_on or policy.protection_on:
        p = model.p
        for i in covered_indices(model):
            service = model.services[i]
            if policy.network_on and service.service.external_supervision:
                cost += service.teachers_total * p["supervision_cost"] / 12
            if policy.protection_on:
                cost += service.implementer_count * p["protected_time_cost"] / 12
    return cost


def training_weights(people: np.ndarray, active: np.ndarray, bid_weight: float) -> np.ndarray:
    """Each service's claim on national training places: people served, times ``bid_weight`` where someone asks.

    Assumption: places go where a champion or a lead bids for them (001 §Top-down and
    bottom-up: champions secure training).
    """
    return people * np.where(active, bid_weight, 1.0)


def fund_training_places(model: NationModel) -> None:
    """Share the year's national training places between covered services (a multinomial draw by claim)."""
    idx = covered_indices(model)
    if not len(idx):
        return
    places = int(model.p["policy_training_places"])
    services = model.services
    active = np.array([services[i].implementer_count > 0 or services[i].service.lead_role for i in idx])
    weights = training_weights(model.people[idx], active, model.p["policy_training_bid_weight"])
    counts = model.streams["allocation"].multinomial(places, weights / weights.sum())
    for i, k in zip(idx, counts, strict=True):
        while k > 0:
            batch = int(min(k, MAX_PLACES_AT_ONCE))
            services[i].intervene("training_places", cause="national training places", teachers=batch)
            k -= batch
    model.policy.money += places * model.p["training_cost"]
    model.log.add(
        model.steps,
        "national_training_places",
        UP,
        "policy",
        ["national policy lever"],
        f"{places} teacher-training places across {int((counts > 0).sum())} services",
    )


def eligible(model: NationModel) -> np.ndarray:
    """Covered services with someone to use money: a trained teacher or an implementer."""
    return np.array(
        [
            bool(model.covered[i]) and (s.teachers_total > 0 or s.implementer_count > 0)
            for i, s in enumerate(model.services)
        ]
    )


def fund_services(model: NationModel) -> None:
    """Give the year's service funding: a recurrent line for newly eligible services, or a one-off sum for each.

    001 §Pivot points: recurrent resources sustain a service where one-off money does not.
    """
    amount = model.p["policy_service_funding"]
    recurrent = bool(model.p["policy_funding_recurrent"])
    given = 0
    for i in np.flatnonzero(eligible(model)):
        if recurrent:
            if model.policy.lines[i] > 0:
                continue
            model.policy.lines[i] = amount
        else:
            model.policy.money += amount
        model.services[i].intervene(  # one-off money is an in-year allocation: unspent, it lapses in March
            "funding_boost",
            cause="national service funding",
            amount=amount,
            recurrent=recurrent,
            year_end_lapse=not recurrent,
        )
        given += 1
    model.log.add(
        model.steps,
        "national_service_funding",
        UP,
        "policy",
        ["national policy lever"],
        f"£{amount:,.0f} {'a year, recurrent,' if recurrent else 'one-off, to be spent within the year,'} "
        f"to {given} services",
    )


def end_funding_lines(model: NationModel) -> None:
    """End every national funding line with the funding term (001 §Pivot points: resources withdrawn)."""
    lines = model.policy.lines
    ended = np.flatnonzero(lines > 0)
    for i in ended:
        model.services[i].intervene("funding_line_ends", cause="the national funding term ends", amount=float(lines[i]))
    lines[:] = 0.0
    model.log.add(
        model.steps,
        "national_funding_ends",
        DOWN,
        "policy",
        ["end of the funding term"],
        f"{len(ended)} funding lines end",
    )


def protected_time(model: NationModel, on: bool) -> None:
    """Put champions' MBCT work into (or take it out of) their job plans in every covered service.

    001 §Context: without protected time, MBCT is squeezed into an ordinary job.
    """
    model.policy.protection_on = on
    for i in covered_indices(model):
        model.services[i].intervene("protect_champion_time", cause="national protected-time policy", on=on)
    model.log.add(
        model.steps,
        "national_protected_time",
        UP if on else DOWN,
        "policy",
        ["national policy lever"],
        "champions' MBCT work goes into job plans" if on else "the protected-time policy ends",
    )


def supervision_network(model: NationModel, on: bool) -> None:
    """Open (or close) a national network that supervises teachers in covered services.

    001 §Training and supervision: good practice expects supervision. The network
    reaches services through the links' monthly supervision check
    (:func:`journeysim.nation.links.share_supervision`).
    """
    model.policy.network_on = on
    model.log.add(
        model.steps,
        "national_supervision_network",
        UP if on else DOWN,
        "policy",
        ["national policy lever"],
        "a national network supervises teachers in every covered service"
        if on
        else "the national supervision network closes",
    )


def national_cut(model: NationModel) -> None:
    """Cut every covered service's MBCT money by ``policy_cut_fraction`` (001 §Pivot points)."""
    fraction = model.p["policy_cut_fraction"]
    for i in covered_indices(model):
        model.services[i].intervene("funding_cut", cause="national cut", fraction=fraction)
    model.log.add(
        model.steps, "national_cut", DOWN, "policy", ["national policy lever"], f"MBCT money cut by {fraction:.0%}"
    )
