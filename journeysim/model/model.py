"""JourneyModel: one service's MBCT implementation journey, month by month.

The world: a service (resources, context, fit, case, structures), its people
(implementers, a middle manager, a senior leader, a commissioner), a dated
national history and stochastic local shocks, all scheduled with Mesa's event
API. This class builds the service and its people, schedules dated events,
runs the month's steps in a fixed order (:data:`~journeysim.model.mechanisms.STEPS`)
and records the month. What happens in each step lives in a module named after
it, which declares the parameters it reads next to its code:

================================  ===========================================
step                              module
================================  ===========================================
teaching time protected           :mod:`~journeysim.model.delivery`
champions work, tire, recover     :mod:`~journeysim.model.champions`
context drifts; local shocks      :mod:`~journeysim.model.context`
managers respond; investment      :mod:`~journeysim.model.leadership`
the commissioner's yearly review  :mod:`~journeysim.model.funding` (its agent: ``commissioner``)
supervision and referrals         :mod:`~journeysim.model.arrangements`
teachers trained and lost         :mod:`~journeysim.model.workforce`
courses delivered                 :mod:`~journeysim.model.delivery`
money spent and cut               :mod:`~journeysim.model.funding`
people come and go                :mod:`~journeysim.model.workforce`
features, level, pivot points     :mod:`~journeysim.model.assessment`
national history and programme    :mod:`~journeysim.model.national`
interventions (a registry)        :mod:`~journeysim.model.interventions`
================================  ===========================================

The model knows nothing of files, processes, plots or web pages.
"""

from __future__ import annotations

from collections.abc import Callable
from heapq import heappop, heappush
from typing import TYPE_CHECKING, Any

import mesa
import numpy as np

from journeysim.model import assessment, champions, context, delivery, funding, national, workforce
from journeysim.model.commissioner import Commissioner
from journeysim.model.draws import Draws
from journeysim.model.embeddedness import level_of, start_energy, start_structure, start_value
from journeysim.model.events import AUSTERITY_START, NEUTRAL, EventLog, calendar_months, month_of
from journeysim.model.implementer import Implementer, role_weights
from journeysim.model.interventions import INTERVENTIONS
from journeysim.model.leaders import MiddleManager, SeniorLeader
from journeysim.model.mechanisms import STEPS
from journeysim.model.params import Params
from journeysim.model.record import SERIES_COLUMNS, Month, MonthRecord, record_month
from journeysim.model.service import Service
from journeysim.model.streams import Scheduled, draw_view, make_streams, monthly

if TYPE_CHECKING:
    from journeysim.scenario import Scenario

__all__ = ["SERIES_COLUMNS", "JourneyModel"]

# Annual rates converted to monthly probabilities once per run.
MONTHLY_RATES = (
    "staff_turnover_annual",
    "manager_turnover_annual",
    "evidence_decay_annual",
    "networks_decay_annual",
    "fit_erosion_annual",
    "lapse_without_supervision",
    "emergence_annual",
    "waiting_dropout_annual",
    "idle_teacher_lapse_annual",
)
# Implementers' seeds are drawn below this bound (every non-negative 64-bit integer).
SEED_BOUND = int(np.iinfo(np.int64).max) + 1
# Scheduled events fire half-way into their month, after the step that ends the month before.
EVENT_OFFSET = 0.5
# The seed-004 starting stage that means a service has not yet run any courses.
NOT_STARTED = "starting_out"


class JourneyModel(mesa.Model):
    """One service's implementation journey.

    Args:
        scenario: A validated :class:`~journeysim.scenario.Scenario`.
        seed: An integer or a ``numpy.random.SeedSequence`` (the batch runner
            passes one child per replication).

    Attributes:
        service: The :class:`Service` state.
        roster: Implementers in post, in order of arrival.
        middle_manager, senior_leader, commissioner: The service's other people.
        log: The :class:`EventLog`.
        level: Current embeddedness level (it moves on sustained change); ``features`` this
            month's :class:`Features`.
        departures: Implementers who left, in order: (month, reason, role, skill, commitment).
            A population model reads it to let people who move on carry the work elsewhere.

    """

    def __init__(self, scenario: Scenario, seed: int | np.random.SeedSequence = 0) -> None:
        if scenario.population is not None:
            raise ValueError(f"{scenario.name}: describes a population of services; run it with a NationModel")
        self.streams = make_streams(seed)
        self.draws = {name: Draws(rng) for name, rng in self.streams.items() if name != "mesa"}
        super().__init__(rng=self.streams["mesa"])
        # Months are stepped by a plain loop (:meth:`_month`); Mesa's event list holds the dated events only.
        self._default_schedule.stop()
        self.step = self._month
        self._due: list[float] = []  # times of the dated events not yet fired (a heap)
        self.scenario_spec = scenario
        self.p = Params.of(scenario.parameters)  # read as attributes every month (p.course_cost)
        self.role_weights = role_weights(self.p)
        self.start_year = int(self.p.start_year)
        self.horizon = scenario.months
        self.log = EventLog(self.start_year)
        self.streams_seed = seed
        self.rows: list[MonthRecord] = []
        self._held: list[Scheduled] = []
        self.people_seed = np.random.SeedSequence(int(self.streams["people"].integers(SEED_BOUND)))
        self.austerity_month = month_of(self.start_year, *AUSTERITY_START)
        self.conditions_aligned = False
        self.programme_year = 0
        self.roster: list[Implementer] = []  # kept by hand as well as by Mesa: read every month
        self._teaching_implementers = 0
        self._service_users = 0
        self.second_generation = 0  # implementers in post who took up the work after the start (kept with the roster)
        self.dates = calendar_months(self.start_year, self.horizon)
        self.departures: list[tuple[int, str, str, float, float]] = []
        self.monthly_rates = Params.of({name: monthly(self.p[name]) for name in MONTHLY_RATES})

        self.service = self._build_service(scenario)
        funding.add_grant(self, self.p.initial_one_off_funds, 0, "pilot grant")  # a time-limited grant
        self._build_people(scenario)
        national.apply_history_before_start(self)
        national.schedule_national_history(self)
        context.schedule_local_shocks(self)
        for item in scenario.interventions:
            if item["month"] < self.horizon:
                self.schedule(item["month"], "_scheduled_intervention", item["kind"], dict(item["details"]))

        # Conditions that already hold at the start are the service's history, not a pivot point now.
        self.conditions_aligned = all(assessment.conditions(self).values())
        self.features = assessment.observe_service(self, -1)  # the state the service starts in
        self.level = level_of(self.features)
        self.settled_features = self.features  # the features when the level last changed
        self.level_streak = 0  # months the features have pointed above (+) or below (-) the level
        self.ever_running = self.features.running
        self.log.add(
            0,
            "journey_starts",
            NEUTRAL,
            "start",
            [f"{d}: {s.replace('_', ' ')}" for d, s in scenario.start.items()],
            f"service starts {self.level} with {len(self.roster)} implementer(s) "
            f"and {self.teachers_total} trained teacher(s)",
        )

    # ------------------------------------------------------------------ setup
    def _build_service(self, scenario: Scenario) -> Service:
        p, start = self.p, scenario.start
        team = start_structure("team", start["team"])
        gov = start_structure("governance", start["governance"])
        pathway = team["pathway"] if p.training_pathway == "auto" else p.training_pathway
        # A primary-care talking-therapy service's throughput targets press harder on a slow group programme.
        extra = p.primary_care_pressure if p.service_type == "primary_care" else 0.0
        pressure = min(1.0, p.pressure + extra)
        return Service(
            name=scenario.name,
            pressure=pressure,
            culture=p.culture,
            stability=p.stability,
            budget_health=p.budget_health,
            budget_baseline=p.budget_health,
            pressure_baseline=pressure,
            culture_baseline=p.culture,
            recurrent_funding=p.initial_recurrent_funding,
            one_off_funds=0.0,  # the starting one-off money is a grant (funding.add_grant in __init__)
            pool_teachers=int(start_value(p, "teachers", start["team"])),
            supervision=bool(team["supervision"]),
            training_pathway=str(pathway),
            fidelity_stance=p.fidelity_stance,
            succession_planning=bool(p.succession_planning),
            fit=float(start_value(p, "fit", start["fit"])),
            evidence=float(start_value(p, "evidence", start["evaluation"])),
            networks=float(start_value(p, "networks", start["networks"])),
            guidance=0.0,
            referral_pathway=bool(gov["referral"]),
            governance=bool(gov["governance"]),
            lead_role=bool(gov["lead_role"]),
            recovery_factor=float(start_value(p, "recovery", start["nourishing"])),
            service_type=str(p.service_type),
            catchment_adults=float(p.catchment_adults),
        )

    def _build_people(self, scenario: Scenario) -> None:
        p, start = self.p, scenario.start
        energy = start_energy(p, start["nourishing"])
        has_lead = any(i["lead"] for i in scenario.implementers)
        for n, spec in enumerate(scenario.implementers):
            lead = spec["lead"] or (not has_lead and n == 0)
            workforce.add_implementer(
                self,
                role=spec["role"],
                skill=spec["skill"],
                commitment=spec["commitment"],
                energy=spec.get("energy", energy),
                protected_time=spec["protected_time"] or (self.service.lead_role and lead),
                lead=lead,
                origin="start",
            )
        mgr, concentration = self.streams["managers"], p.view_concentration
        self.middle_manager = MiddleManager(
            self,
            view=draw_view(mgr, p.middle_view_mean, concentration),
            alignment=float(start_value(p, "middle_alignment", start["top_down"])),
        )
        self.senior_leader = SeniorLeader(
            self,
            view=draw_view(mgr, p.senior_view_mean, concentration),
            priority=float(start_value(p, "senior_priority", start["top_down"])),
        )
        self.commissioner = Commissioner(self, rng=self.streams["decisions"])
        if self.teachers_total >= p.trained_teachers_min and start["team"] != NOT_STARTED:
            delivery.seed_course_history(self)

    def schedule(self, at_month: int, method: str | Callable[..., Any], *args: Any) -> None:
        """Schedule ``method`` (a method name, or a mechanism function taking the model) at ``at_month``."""
        action = Scheduled(self, method, *args)
        self._held.append(action)
        # The object itself is the callback: Mesa holds a plain weak reference to it (a bound method
        # needs a WeakMethod, several times dearer to make, and a run schedules thousands).
        self.schedule_event(action, at=at_month + EVENT_OFFSET)
        heappush(self._due, at_month + EVENT_OFFSET)

    def _month(self) -> None:
        """Advance one month: fire the dated events due before it (Mesa's event list), then step it.

        The same order as Mesa's default schedule (events half-way into the month before the step),
        without an event per month for the step itself.
        """
        until = self.time + 1
        due = self._due
        if due and due[0] < until:
            while due and due[0] < until:
                heappop(due)
            self._advance_time(until)
        else:
            self.time = until
        self.steps += 1
        self._user_step()

    def run_for(self, duration: float | int) -> None:
        """Run ``duration`` whole months (Mesa's ``run_for``, one :meth:`_month` each)."""
        for _ in range(int(duration)):
            self._month()

    def run_until(self, end_time: float | int) -> None:
        """Run whole months until ``end_time`` (Mesa's ``run_until``)."""
        self.run_for(end_time - self.time)

    # ----------------------------------------------------------- the roster
    def add_to_roster(self, imp: Implementer) -> None:
        """Put a new implementer in post (called by :func:`~journeysim.model.workforce.add_implementer`)."""
        self.roster.append(imp)
        self._teaching_implementers += imp.role == "teacher"
        self._service_users += imp.role == "service_user"
        self.second_generation += imp.origin != "start"

    def remove_from_roster(self, imp: Implementer) -> None:
        """Take an implementer out of post and out of the model (called by :meth:`Implementer.leave`)."""
        imp.remove()
        self.roster.remove(imp)
        self._teaching_implementers -= imp.role == "teacher"
        self._service_users -= imp.role == "service_user"
        self.second_generation -= imp.origin != "start"

    def lead(self) -> Implementer | None:
        """The implementer who holds the lead, if any."""
        for imp in self.roster:
            if imp.lead:
                return imp
        return None

    # ----------------------------------------------------------- properties
    def monthly_rate(self, name: str) -> float:
        """Monthly probability for an annual-rate parameter (precomputed once per run)."""
        return self.monthly_rates[name]

    @property
    def month(self) -> int:
        """The month about to be simulated (0-based)."""
        return self.steps

    @property
    def implementers(self) -> list[Implementer]:
        """Implementers currently in post, in order of arrival (a copy)."""
        return list(self.roster)

    @property
    def implementer_count(self) -> int:
        """Implementers currently in post."""
        return len(self.roster)

    @property
    def teachers_total(self) -> int:
        """Trained teachers: the pool plus teacher-implementers."""
        return self.service.pool_teachers + self._teaching_implementers

    @property
    def case(self) -> float:
        """Strength of the local case: national guidance plus local evidence (001 §Facilitators)."""
        w = self.p.guidance_weight
        boost = self.p.service_user_case_boost if self._service_users else 0.0
        svc = self.service
        # Conditional expressions, not min(): the same values (min(a, b) is b if b < a else a), read ~4 times a month.
        guidance = svc.guidance if svc.guidance < 1.0 else 1.0
        value = w * guidance + (1.0 - w) * svc.evidence + boost
        return value if value < 1.0 else 1.0

    # ----------------------------------------------------------------- step
    def step(self) -> None:
        """Simulate one month: the mechanisms of :data:`~journeysim.model.mechanisms.STEPS` in order, then the record.

        The month's values pass from mechanism to mechanism in a :class:`~journeysim.model.record.Month`.
        """
        month = Month(self.steps - 1)
        for step in STEPS:
            step(self, month)
        self.rows.append(record_month(self, month))

    def run(self, months: int | None = None) -> None:
        """Run ``months`` more months (default: to the horizon)."""
        remaining = self.horizon - self.steps
        n = remaining if months is None else min(months, remaining)
        if n > 0:
            self.run_for(n)

    # ---------------------------------------------------------- interventions
    def _scheduled_intervention(self, kind: str, details: dict[str, Any]) -> None:
        self.intervene(kind, scheduled=True, **details)

    def intervene(self, kind: str, scheduled: bool = False, cause: str | None = None, **details: Any) -> None:
        """Apply an intervention now, at the start of the coming month.

        The single public way to act on a running journey: used by scenario
        schedules, the dashboard's buttons and the tests. Every intervention
        is written to the event log.

        Args:
            kind: One of :data:`journeysim.model.interventions.INTERVENTIONS`.
            scheduled: Whether it came from the scenario's schedule (for the log).
            cause: Who or what applied it, for the log (a national policy, a move between services);
                by default the schedule or the user.
            **details: The intervention's details (see its declaration).

        Raises:
            ValueError: for an unknown kind or a bad detail.

        """
        if kind not in INTERVENTIONS:
            raise ValueError(f"unknown intervention {kind!r}; allowed: {', '.join(INTERVENTIONS)}")
        spec = INTERVENTIONS[kind]
        try:
            d = spec.resolve(details)
        except KeyError as exc:
            raise ValueError(f"intervention {kind!r} has no detail {exc.args[0]!r}") from None
        m = min(self.steps, self.horizon - 1)
        source = [cause] if cause else ["scheduled in the scenario" if scheduled else "applied by the user"]
        spec.handler(self, m, d, source)

    def peer_exchange(self, strength: float) -> None:
        """Know-how and legitimacy arriving along links to other services, this month.

        See :func:`journeysim.model.champions.receive_peer_exchange`.
        """
        champions.receive_peer_exchange(self, strength)

    # --------------------------------------------------------------- output
    def series_rows(self) -> list[MonthRecord]:
        """Monthly records so far (:class:`MonthRecord` named rows, :data:`SERIES_COLUMNS` order)."""
        return self.rows

    def stages(self) -> dict[str, str]:
        """The seed-004 stage of each domain now (criteria in :func:`domain_stages`)."""
        return assessment.stages(self)
