"""NationModel: a population of services living through one national history.

Each service is an ordinary :class:`~journeysim.model.model.JourneyModel`,
run with its own seed, so every mechanism of a single service applies
unchanged; a single service is a population of one without links. What the
population adds lives here and acts on services only through their public
interface (``intervene``, ``peer_exchange``, the ``departures`` record):

* **national policy levers** (declared parameters in the ``national policy``
  group): nationally funded training places, service funding (recurrent or
  one-off), protected time for champions, a supervision network, a cut;
* **links between services**: regional networks, buddy pairs and
  university training-centre catchments carry know-how and legitimacy
  (:meth:`JourneyModel.peer_exchange`), shared supervision, and people:
  an implementer who moves on may take the work to a linked service;
* **new champions**: a service with nobody may gain a self-designated
  champion, more often where national guidance is strong, linked services
  run MBCT, a training centre is near, and the service is urban.

The dated national history (:data:`~journeysim.model.events.NATIONAL_TIMELINE`)
reaches every service through its own schedule, each responding in its own
way; nation-specific policy is set per nation in the scenario's
``[population.nations.NAME.parameters]``.

The model knows nothing of files, processes, plots or web pages.
"""

from __future__ import annotations

import gc
from typing import TYPE_CHECKING, Any

import mesa
import numpy as np

from journeysim.model.agents import monthly
from journeysim.model.embeddedness import LEVELS
from journeysim.model.events import DOWN, NATIONAL_TIMELINE, UP, EventLog, month_of
from journeysim.model.model import MAX_IMPLEMENTERS, JourneyModel, Scheduled
from journeysim.nation.sites import Site, build_sites
from journeysim.vocabulary import NATIONS

if TYPE_CHECKING:
    from journeysim.scenario import Scenario

NATION_STREAMS = ("mesa", "population", "arrivals", "movers", "allocation", "supervision", "training")
POLICY_MONTH = 4  # policy years start in April, with the NHS financial year
SNAPSHOT_FIELDS = (
    "level_code",
    "teachers",
    "implementers",
    "running",
    "supervision",
    "funding_line",
    "courses_total",
    "participants_total",
    "cost_total",
)


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
        log: National events and policy actions.
        snapshots: Year-end state of every service (see :meth:`snapshot`).

    """

    def __init__(self, scenario: Scenario, seed: int | np.random.SeedSequence = 0) -> None:
        if scenario.population is None:
            raise ValueError(f"{scenario.name}: not a population scenario (it has no [population] table)")
        root = seed if isinstance(seed, np.random.SeedSequence) else np.random.SeedSequence(seed)
        national, per_service = root.spawn(2)
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
        self.region = np.array([s.region for s in self.sites])
        self.buddy = np.array([s.buddy for s in self.sites])
        self.centre = np.array([s.centre for s in self.sites])
        self.urban = np.array([s.urban for s in self.sites])
        self.nation_code = np.array([NATIONS.index(s.nation) for s in self.sites])
        target = self.p["policy_nations"]
        self.covered = np.array([target in ("all", s.nation) for s in self.sites])
        self._region_size = np.bincount(self.region)
        self._region_members = [np.flatnonzero(self.region == r) for r in range(len(self._region_size))]
        self._has_buddy = self.buddy >= 0
        self._buddy_index = np.where(self._has_buddy, self.buddy, 0)
        self._arrival_base = (
            self.p["champion_arrival_annual"]
            * np.where(self.centre, self.p["university_link_factor"], 1.0)
            * np.where(self.urban, 1.0, self.p["rural_arrival_factor"])
        )
        self._departures_seen = [0] * n
        self._peer_supervised = np.zeros(n, dtype=bool)
        self._network_supervision = False
        self._protection_on = False
        self._policy_lines = np.zeros(n)
        self.policy_money = 0.0
        self.arrivals_in = np.zeros(n, dtype=int)  # self-designated champions who arrived, per service
        self.moves_in = np.zeros(n, dtype=int)  # implementers who moved in from a linked service, per service
        self.snapshots: list[dict[str, Any]] = []
        self._held: list[Scheduled] = []
        self._supervision_chance = monthly(self.p["shared_supervision_annual"])
        self._schedule_history()
        self._schedule_policy()

    # ------------------------------------------------------------------ schedule
    def _schedule(self, month: int, method: str, *args: Any) -> None:
        """Schedule ``method(*args)`` at the start of ``month`` with Mesa's event API."""
        action = Scheduled(self, method, *args)
        self._held.append(action)
        self.schedule_event(action.fire, at=month + 0.5)

    def _month(self, year: int, month: int = POLICY_MONTH) -> int:
        return month_of(self.start_year, year, month)

    def _schedule_history(self) -> None:
        """Record the national timeline in the national log (each service applies it itself)."""
        present = {s.nation for s in self.sites}
        for event in NATIONAL_TIMELINE:
            nations = [n for n in event.nations if n in present]
            m = self._month(event.year, event.month)
            if nations and 0 <= m < self.horizon:
                self._schedule(m, "_national_event", event.kind, event.direction, event.description, nations)
        for spec in self.scenario_spec.population.nations:  # type: ignore[union-attr]
            params = {**self.p, **spec.parameters}
            m = self._month(int(params["national_programme_start_year"]))
            if spec.services and params["national_programme_teachers"] > 0 and m < self.horizon:
                description = (
                    f"national top-down training programme: {params['national_programme_teachers']:g} teachers "
                    f"a year per service, funding shrinking {params['national_programme_decay_annual']:.0%} a year"
                )
                self._schedule(max(0, m), "_national_event", "national_programme", UP, description, [spec.nation])

    def _schedule_policy(self) -> None:
        """Put the national policy levers on the calendar (each from April of its year)."""
        p = self.p
        start = self._month(int(p["policy_start_year"]))

        def within(m: int) -> bool:
            return 0 <= m < self.horizon

        if p["policy_training_places"] > 0:
            for y in range(int(p["policy_training_years"])):
                if within(start + 12 * y):
                    self._schedule(start + 12 * y, "_fund_training_places")
        if p["policy_service_funding"] > 0:
            for y in range(int(p["policy_funding_years"])):
                if within(start + 12 * y):
                    self._schedule(start + 12 * y, "_fund_services")
            end = start + 12 * int(p["policy_funding_years"])
            if p["policy_funding_recurrent"] and within(end) and p["policy_funding_years"] > 0:
                self._schedule(end, "_end_funding_lines")
        support_end = start + 12 * int(p["policy_support_years"])
        if p["policy_support_years"] > 0:
            for lever, method in (
                ("policy_protected_time", "_protected_time"),
                ("policy_supervision_network", "_supervision_network"),
            ):
                if p[lever]:
                    if within(start) or (start < 0 < support_end):
                        self._schedule(max(0, start), method, True)
                    if within(support_end):
                        self._schedule(support_end, method, False)
        cut = self._month(int(p["policy_cut_year"]))
        if p["policy_cut_fraction"] > 0 and within(cut):
            self._schedule(cut, "_national_cut")

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

    def step(self) -> None:
        """One month: every service lives its month, then the links between them act."""
        m = self.steps - 1
        for service in self.services:
            service.step()
        self._links(m)
        self.policy_money += self._policy_costs()
        if m % 12 == 11 or m == self.horizon - 1:
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
    def _peer_activity(self, running: np.ndarray) -> np.ndarray:
        """For each service, how much MBCT its links carry: region-mates and buddy running courses (0-1)."""
        counts = np.bincount(self.region, weights=running.astype(float), minlength=len(self._region_size))
        others = np.maximum(self._region_size[self.region] - 1, 1)
        region_share = (counts[self.region] - running) / others
        buddy_running = running[self._buddy_index]
        return np.where(self._has_buddy, 0.5 * region_share + 0.5 * buddy_running, region_share)

    def _links(self, m: int) -> None:
        services = self.services
        running = np.fromiter((s.features.running for s in services), dtype=bool, count=len(services))
        has_imp = np.fromiter((s.implementer_count > 0 for s in services), dtype=bool, count=len(services))
        peer = self._peer_activity(running)
        # Know-how and legitimacy along links (a training centre counts as half a running link).
        strength = peer + 0.5 * self.centre
        for i in np.flatnonzero(has_imp & (strength > 0)):
            services[i].peer_exchange(float(strength[i]))
        self._move_people(m)
        self._new_champions(has_imp, peer)
        # Read after movers and new champions have joined (teacher-champions are trained teachers).
        teachers = np.fromiter((s.teachers_total for s in services), dtype=int, count=len(services))
        self._share_training(has_imp, teachers)
        self._share_supervision(teachers)

    def _move_people(self, m: int) -> None:
        """Implementers who moved on may take the work up in a linked service (same region)."""
        rng, share = self.streams["movers"], self.p["mover_carry_share"]
        for i, service in enumerate(self.services):
            seen = self._departures_seen[i]
            if len(service.departures) == seen:
                continue
            self._departures_seen[i] = len(service.departures)
            for _, reason, role, skill, commitment in service.departures[seen:]:
                u, pick = rng.random(2)
                members = self._region_members[self.region[i]]
                if reason != "turnover" or u >= share or len(members) < 2:
                    continue
                others = members[members != i]
                j = int(others[int(pick * len(others))])
                target = self.services[j]
                if target.implementer_count >= MAX_IMPLEMENTERS:
                    continue
                target.intervene(
                    "champion_joins",
                    cause=f"moved from {self.sites[i].scenario.name}",
                    role=role,
                    skill=skill,
                    commitment=commitment,
                )
                self.moves_in[j] += 1

    def _new_champions(self, has_imp: np.ndarray, peer: np.ndarray) -> None:
        """A service with nobody may gain a self-designated champion (the usual bottom-up start)."""
        u = self.streams["arrivals"].random((len(self.services), 3))  # drawn every month: streams stay aligned
        candidates = np.flatnonzero(~has_imp)
        if not len(candidates):
            return
        guidance = np.array([min(1.0, self.services[i].service.guidance) for i in candidates])
        annual = (
            self._arrival_base[candidates] * (0.5 + guidance) * (1.0 + self.p["peer_arrival_factor"] * peer[candidates])
        )
        chance = 1.0 - (1.0 - np.minimum(annual, 0.99)) ** (1.0 / 12.0)
        for k in np.flatnonzero(u[candidates, 0] < chance):
            i = candidates[k]
            self.services[i].intervene(
                "champion_joins",
                cause="a member of staff trains in MBCT and takes it up",
                role="teacher",
                skill=0.4 + 0.4 * float(u[i, 1]),
                commitment=0.6 + 0.35 * float(u[i, 2]),
            )
            self.arrivals_in[i] += 1

    def _linked(self, provider: np.ndarray) -> np.ndarray:
        """Services with a provider among their links: a region-mate, their buddy, or a training centre."""
        in_region = np.bincount(self.region, weights=provider.astype(float), minlength=len(self._region_size))
        return ((in_region[self.region] - provider) > 0) | (self._has_buddy & provider[self._buddy_index]) | self.centre

    def _share_training(self, has_imp: np.ndarray, teachers: np.ndarray) -> None:
        """A champion without a training pathway sends trainees to a linked apprenticeship or training centre."""
        services = self.services
        n = len(services)
        pathway = [s.service.training_pathway for s in services]
        provider = np.array([p == "internal" for p in pathway]) & (teachers >= self.p["critical_mass_teachers"])
        wanting = has_imp & np.array([p in ("none", "ad_hoc") for p in pathway])
        frozen = np.fromiter((s.service.training_frozen for s in services), dtype=bool, count=n)
        trainees = self.streams["training"].poisson(self.p["shared_training_annual"] / 12.0, size=n)
        for i in np.flatnonzero(wanting & ~frozen & self._linked(provider) & (trainees > 0)):
            services[i].intervene(
                "training_places", cause="trained with a linked service's apprenticeship", teachers=int(trainees[i])
            )

    def _share_supervision(self, teachers: np.ndarray) -> None:
        """Teachers in a service without its own supervision join a linked service's (or the national network)."""
        services = self.services
        n = len(services)
        own = np.fromiter(
            (s.service.supervision and not s.service.external_supervision for s in services), dtype=bool, count=n
        )
        linked = self._linked(own & (teachers >= self.p["critical_mass_teachers"]))
        u = self.streams["supervision"].random(n)
        keep = self._peer_supervised & linked & (teachers >= 1)
        join = ~self._peer_supervised & ~own & linked & (teachers >= 1) & (u < self._supervision_chance)
        self._peer_supervised = keep | join
        network = self._network_supervision & self.covered
        wanted = self._peer_supervised | network
        for i in np.flatnonzero(wanted != np.fromiter((s.service.external_supervision for s in services), bool, n)):
            cause = "national supervision network" if network[i] else "supervision shared with a linked service"
            if not wanted[i]:
                cause = "the link that supervised its teachers is gone"
            services[i].intervene("supervision_link", cause=cause, on=bool(wanted[i]))

    # ------------------------------------------------------------------ national events and policy
    def _policy_costs(self) -> float:
        """National money spent this month: funding lines, the supervision network, protected time."""
        cost = self._policy_lines.sum() / 12.0
        if self._network_supervision or self._protection_on:
            p = self.p
            for i in self._covered_indices():
                service = self.services[i]
                if self._network_supervision and service.service.external_supervision:
                    cost += service.teachers_total * p["supervision_cost"] / 12.0
                if self._protection_on:
                    cost += service.implementer_count * p["protected_time_cost"] / 12.0
        return cost

    def _national_event(self, kind: str, direction: str, description: str, nations: list[str]) -> None:
        self.log.add(self.steps, kind, direction, "national", [description], "every service in " + ", ".join(nations))

    def _covered_indices(self) -> np.ndarray:
        return np.flatnonzero(self.covered)

    def _fund_training_places(self) -> None:
        """Share the year's national training places between covered services, by people served.

        Services that already have a champion or a lead bid for twice their share
        (assumption: places go where someone asks for them).
        """
        idx = self._covered_indices()
        if not len(idx):
            return
        places = int(self.p["policy_training_places"])
        active = np.array([self.services[i].implementer_count > 0 or self.services[i].service.lead_role for i in idx])
        weights = self.people[idx] * np.where(active, 2.0, 1.0)
        counts = self.streams["allocation"].multinomial(places, weights / weights.sum())
        for i, k in zip(idx, counts, strict=True):
            while k > 0:
                batch = int(min(k, 50))
                self.services[i].intervene("training_places", cause="national training places", teachers=batch)
                k -= batch
        self.policy_money += places * self.p["training_cost"]
        self.log.add(
            self.steps,
            "national_training_places",
            UP,
            "policy",
            ["national policy lever"],
            f"{places} teacher-training places across {int((counts > 0).sum())} services",
        )

    def _eligible(self) -> np.ndarray:
        """Covered services with someone to use money: a trained teacher or an implementer."""
        return np.array(
            [
                bool(self.covered[i]) and (s.teachers_total > 0 or s.implementer_count > 0)
                for i, s in enumerate(self.services)
            ]
        )

    def _fund_services(self) -> None:
        """Give the year's service funding: a recurrent line for newly eligible services, or a one-off sum for each."""
        amount = self.p["policy_service_funding"]
        recurrent = bool(self.p["policy_funding_recurrent"])
        eligible = self._eligible()
        given = 0
        for i in np.flatnonzero(eligible):
            if recurrent:
                if self._policy_lines[i] > 0:
                    continue
                self._policy_lines[i] = amount
            else:
                self.policy_money += amount
            self.services[i].intervene(
                "funding_boost", cause="national service funding", amount=amount, recurrent=recurrent
            )
            given += 1
        self.log.add(
            self.steps,
            "national_service_funding",
            UP,
            "policy",
            ["national policy lever"],
            f"£{amount:,.0f} {'a year, recurrent,' if recurrent else 'one-off'} to {given} services",
        )

    def _end_funding_lines(self) -> None:
        ended = np.flatnonzero(self._policy_lines > 0)
        for i in ended:
            self.services[i].intervene(
                "funding_line_ends", cause="the national funding term ends", amount=float(self._policy_lines[i])
            )
        self._policy_lines[:] = 0.0
        self.log.add(
            self.steps,
            "national_funding_ends",
            DOWN,
            "policy",
            ["end of the funding term"],
            f"{len(ended)} funding lines end",
        )

    def _protected_time(self, on: bool) -> None:
        self._protection_on = on
        for i in self._covered_indices():
            self.services[i].intervene("protect_champion_time", cause="national protected-time policy", on=on)
        self.log.add(
            self.steps,
            "national_protected_time",
            UP if on else DOWN,
            "policy",
            ["national policy lever"],
            "champions' MBCT work goes into job plans" if on else "the protected-time policy ends",
        )

    def _supervision_network(self, on: bool) -> None:
        self._network_supervision = on
        self.log.add(
            self.steps,
            "national_supervision_network",
            UP if on else DOWN,
            "policy",
            ["national policy lever"],
            "a national network supervises teachers in every covered service"
            if on
            else "the national supervision network closes",
        )

    def _national_cut(self) -> None:
        fraction = self.p["policy_cut_fraction"]
        for i in self._covered_indices():
            self.services[i].intervene("funding_cut", cause="national cut", fraction=fraction)
        self.log.add(
            self.steps, "national_cut", DOWN, "policy", ["national policy lever"], f"MBCT money cut by {fraction:.0%}"
        )

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
        out["funding_line"] = np.fromiter((s.service.recurrent_funding > 0 for s in services), bool, n)
        out["courses_total"] = np.fromiter((s.service.courses_total for s in services), int, n)
        out["participants_total"] = np.fromiter((s.service.participants_total for s in services), int, n)
        out["cost_total"] = np.fromiter((s.service.cost_total for s in services), float, n)
        return out

    def __repr__(self) -> str:
        return f"NationModel({self.scenario_spec.name!r}, {len(self.services)} services, month {self.steps})"
