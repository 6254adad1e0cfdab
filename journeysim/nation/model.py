"""NationModel: a population of services living through one national history.

Each service is an ordinary :class:`~journeysim.model.JourneyModel`,
run with its own seed, so every mechanism of a single service applies
unchanged; a single service is a population of one without links. What the
population adds lives here and acts on services only through their public
interface (``intervene``, ``peer_exchange``, the ``departures`` record):

* **national policy levers** (:mod:`journeysim.nation.policy`; declared
  parameters in the ``national policy`` group): nationally funded training
  places, service funding (recurrent or one-off), protected time for
  champions, a supervision network, a cut;
* **links between services** (:mod:`journeysim.nation.links`): regional
  networks, buddy pairs and university training-centre catchments carry
  know-how and legitimacy (:meth:`JourneyModel.peer_exchange`), shared
  training and shared supervision;
* **new champions and movers** (:mod:`journeysim.nation.arrivals`): a service
  with nobody may gain a self-designated champion, more often where national
  guidance is strong, linked services run MBCT, a training centre is near, and
  the service is urban; an implementer who moves on may take the work to a
  linked service.

This module builds the population, schedules national actions, keeps the
month's order and records year-end snapshots; the coefficients of every
mechanism are declared in :mod:`journeysim.parameters.nation`.

The dated national history (:mod:`journeysim.nation.history`) reaches every
service through its own schedule, each responding in its own way;
nation-specific policy is set per nation in the scenario's
``[population.nations.NAME.parameters]``.

The model knows nothing of files, processes, plots or web pages.
"""

from __future__ import annotations

import gc
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import mesa
import numpy as np

from journeysim.model import JourneyModel
from journeysim.model.events import EventLog, month_of
from journeysim.model.model import EVENT_OFFSET
from journeysim.model.streams import monthly
from journeysim.nation import arrivals, links, policy
from journeysim.nation.history import schedule_history
from journeysim.nation.links import Links
from journeysim.nation.sites import Site, build_sites
from journeysim.vocabulary import LEVELS, NATIONS

if TYPE_CHECKING:
    from journeysim.scenario import Scenario

SEED_CHILDREN = ("national", "per_service")
NATION_STREAMS = ("mesa", "population", "arrivals", "movers", "allocation", "supervision", "training")
SNAPSHOT_FIELDS = (
    "level_code",
    "teachers",
    "implementers",
    "running",
    "supervision",
    "sustained_resources",
    "courses_total",
    "participants_total",
    "cost_total",
    "eligible_total",
    "places_total",
    "cancelled_total",
)


class Action:
    """A national action held by the model until it fires (Mesa's event list keeps only weak references)."""

    def __init__(self, function: Callable[..., None], model: NationModel, *args: Any) -> None:
        self.function = function
        self.model = model
        self.args = args

    def fire(self) -> None:
        """Call ``function(model, *args)`` now."""
        self.function(self.model, *self.args)


class NationModel(mesa.Model):
    """The services of one or more nations, month by month.

    Args:
        scenario: A validated scenario with a ``[population]`` table.
        seed: An integer or a ``numpy.random.SeedSequence``. One child seeds the
            national processes (the population itself, arrivals, movers,
            allocations), another is split into one seed per service.

    Attributes:
        sites: Where each service sits (:class:`~journeysim.nation.sites.Site`).
        services: One :class:`JourneyModel` per site, in the same order.
        links: Who is linked to whom (:class:`~journeysim.nation.links.Links`).
        policy: What the national policy is doing (:class:`~journeysim.nation.policy.PolicyState`).
        log: National events and policy actions.
        snapshots: Year-end state of every service (see :meth:`snapshot`).

    """

    def __init__(self, scenario: Scenario, seed: int | np.random.SeedSequence = 0) -> None:
        if scenario.population is None:
            raise ValueError(f"{scenario.name}: not a population scenario (it has no [population] table)")
        root = seed if isinstance(seed, np.random.SeedSequence) else np.random.SeedSequence(seed)
        national, per_service = root.spawn(len(SEED_CHILDREN))
        self.streams = {
            name: np.random.default_rng(child)
            for name, child in zip(NATION_STREAMS, national.spawn(len(NATION_STREAMS)), strict=True)
        }
        super().__init__(rng=self.streams["mesa"])
        self.scenario_spec = scenario
        self.p = dict(scenario.parameters)
        self.start_year = int(self.p["start_year"])
        self.horizon = scenario.months
        self.log = EventLog(self.start_year)
        self.sites: list[Site] = build_sites(scenario, self.streams["population"])
        seeds = per_service.spawn(len(self.sites))
        self.services = [JourneyModel(site.scenario, s) for site, s in zip(self.sites, seeds, strict=True)]

        n = len(self.sites)
        self.people = np.array([s.people for s in self.sites], dtype=float)
        self.links = Links.of(self.sites)
        self.urban = np.array([s.urban for s in self.sites])
        self.nation_code = np.array([NATIONS.index(s.nation) for s in self.sites])
        target = self.p["policy_nations"]
        self.covered = np.array([target in ("all", s.nation) for s in self.sites])
        self.arrival_base = arrivals.arrival_base(self.p, self.links.centre, self.urban)
        self.departures_seen = [0] * n  # departures of each service that movers have already seen
        self.peer_supervised = np.zeros(n, dtype=bool)  # teachers supervised along a link
        self.policy = policy.PolicyState(lines=np.zeros(n))
        self.arrivals_in = np.zeros(n, dtype=int)  # self-designated champions who arrived, per service
        self.moves_in = np.zeros(n, dtype=int)  # implementers who moved in from a linked service, per service
        self.snapshots: list[dict[str, Any]] = []
        self._held: list[Action] = []
        self.supervision_chance = monthly(self.p["shared_supervision_annual"])
        schedule_history(self)
        policy.schedule_policy(self)

    # ------------------------------------------------------------------ schedule
    def schedule(self, month: int, function: Callable[..., None], *args: Any) -> None:
        """Schedule ``function(self, *args)`` at the start of ``month`` with Mesa's event API."""
        action = Action(function, self, *args)
        self._held.append(action)
        self.schedule_event(action.fire, at=month + EVENT_OFFSET)  # between two months' steps, as in a service

    def month_index(self, year: int, month: int | None = None) -> int:
        """Month of the run (0-based) of calendar ``year`` and ``month`` (default: the policy month)."""
        return month_of(self.start_year, year, self.p["financial_year_month"] if month is None else month)

    # ------------------------------------------------------------------ step
    @property
    def arrivals(self) -> int:
        """Self-designated champions who arrived in a service with nobody, in all."""
        return int(self.arrivals_in.sum())

    @property
    def moves(self) -> int:
        """Implementers who carried the work to a linked service, in all."""
        return int(self.moves_in.sum())

    @property
    def month(self) -> int:
        """The month about to be simulated (0-based)."""
        return self.steps

    @property
    def policy_money(self) -> float:
        """National money the policy levers have spent so far (GBP)."""
        return self.policy.money

    def step(self) -> None:
        """One month: every service lives its month, then the links between them act, then policy costs."""
        m = self.steps - 1
        for service in self.services:
            service.step()
        self._links()
        self.policy.money += policy.monthly_cost(self)
        if (m + 1) % 12 == 0 or m == self.horizon - 1:
            self.snapshots.append(self.snapshot(m))

    def run(self, months: int | None = None) -> None:
        """Run ``months`` more months (default: to the horizon).

        Python's cyclic garbage collector is paused meanwhile and restored after: with
        hundreds of models alive, its full collections traverse them all again and again,
        which made the cost per service grow with the number of services (about 1.4 times
        at 400 services against 50; ``benchmarks/bench_nation.py``). The few cycles a run
        leaves are collected once it is over.
        """
        remaining = self.horizon - self.steps
        n = remaining if months is None else min(months, remaining)
        if n <= 0:
            return
        paused = gc.isenabled()
        gc.disable()
        try:
            self.run_for(n)
        finally:
            if paused:
                gc.enable()

    # ------------------------------------------------------------------ links
    def _links(self) -> None:
        """What the links do each month, after every service has lived it.

        In this order: know-how along links, movers, new champions, then shared
        training and supervision (each draws from its own random stream).
        """
        services = self.services
        running = np.fromiter((s.features.running for s in services), dtype=bool, count=len(services))
        has_imp = np.fromiter((s.implementer_count > 0 for s in services), dtype=bool, count=len(services))
        peer = self.links.peer_activity(running, self.p["peer_buddy_weight"])
        links.exchange_know_how(self, has_imp, peer)
        arrivals.move_people(self)
        arrivals.new_champions(self, has_imp, peer)
        # Read after movers and new champions have joined (teacher-champions are trained teachers).
        teachers = np.fromiter((s.teachers_total for s in services), dtype=int, count=len(services))
        links.share_training(self, has_imp, teachers)
        links.share_supervision(self, teachers)

    # ------------------------------------------------------------------ state
    def snapshot(self, m: int) -> dict[str, Any]:
        """Every service's state at the end of month ``m``, as arrays in site order."""
        services = self.services
        n = len(services)
        out: dict[str, Any] = {"month": m, "year": self.start_year + m // 12, "policy_money": self.policy_money}
        out["level_code"] = np.fromiter((LEVELS.index(s.level) for s in services), int, n)
        out["teachers"] = np.fromiter((s.teachers_total for s in services), int, n)
        out["implementers"] = np.fromiter((s.implementer_count for s in services), int, n)
        out["running"] = np.fromiter((s.features.running for s in services), bool, n)
        out["supervision"] = np.fromiter((s.service.supervision for s in services), bool, n)
        out["sustained_resources"] = np.fromiter((s.service.recurrent_funding > 0 for s in services), bool, n)
        out["courses_total"] = np.fromiter((s.service.courses_total for s in services), int, n)
        out["participants_total"] = np.fromiter((s.service.participants_total for s in services), int, n)
        out["cost_total"] = np.fromiter((s.service.cost_total for s in services), float, n)
        # Demand (nation/outputs.py turns the running totals into each year's need met and fill).
        out["eligible_total"] = np.fromiter((s.service.eligible_total for s in services), float, n)
        out["places_total"] = np.fromiter((s.service.places_total for s in services), int, n)
        out["cancelled_total"] = np.fromiter((s.service.cancelled_total for s in services), int, n)
        return out

    def __repr__(self) -> str:
        return f"NationModel({self.scenario_spec.name!r}, {len(self.services)} services, month {self.steps})"
