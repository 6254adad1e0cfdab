"""JourneyModel: one service's MBCT implementation journey, month by month.

The world: a service (resources, context, fit, case, structures), its
people (implementers, a middle manager, a senior leader, a commissioner), a
dated national history and stochastic local shocks, all scheduled with
Mesa's event API. Each month the people act, the service changes, courses
run, people come and go, and the service's features are read off into an
embeddedness level. Every pivot point, shock, intervention and change of
level is written to the event log.

The model knows nothing of files, processes, plots or web pages.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import mesa
import numpy as np

from journeysim.model.agents import (
    ROLE_WEIGHTS,
    Commissioner,
    Implementer,
    MiddleManager,
    SeniorLeader,
    draw_view,
    exponential_months,
    monthly,
)
from journeysim.model.draws import Draws
from journeysim.model.embeddedness import (
    FEATURES,
    LEVELS,
    START_VALUES,
    Features,
    domain_stages,
    level_of,
    observe,
)
from journeysim.model.events import (
    AUSTERITY_START,
    DOWN,
    NATIONAL_TIMELINE,
    NEUTRAL,
    UP,
    EventLog,
    NationalEvent,
    calendar,
    month_of,
)
from journeysim.model.interventions import INTERVENTIONS
from journeysim.model.service import Service

if TYPE_CHECKING:
    from journeysim.scenario import Scenario

STREAMS = ("mesa", "shocks", "people", "managers", "teachers", "courses", "decisions", "emergence")
MAX_IMPLEMENTERS = 6
REFERENCE_EFFORT = 0.4

SERIES_COLUMNS = (
    "month",
    "date",
    "level",
    "level_code",
    "courses",
    "participants",
    "courses_last_12",
    "teachers",
    "trainees",
    "implementers",
    "mean_energy",
    "recurrent_funding",
    "one_off_funds",
    "fit",
    "case",
    "evidence",
    "guidance",
    "networks",
    "middle_alignment",
    "senior_priority",
    "pressure",
    "budget_health",
    "training_pathway",
    "training_frozen",
    "lead_present",
    *FEATURES,
)


def make_streams(seed: int | np.random.SeedSequence) -> dict[str, np.random.Generator]:
    """One generator per purpose, spawned from one ``SeedSequence``.

    Separate streams mean that a strategy which changes one process (say,
    training) does not shift the random numbers of another (say, shocks), so
    two worlds that differ only in strategy share their luck.
    """
    root = seed if isinstance(seed, np.random.SeedSequence) else np.random.SeedSequence(seed)
    children = root.spawn(len(STREAMS))
    return {name: np.random.default_rng(child) for name, child in zip(STREAMS, children, strict=True)}


class Scheduled:
    """A callback held by the model for Mesa's weakly-referencing event list."""

    def __init__(self, model: mesa.Model, method: str, *args: Any) -> None:
        self.model = model
        self.method = method
        self.args = args

    def fire(self) -> None:
        """Call the method now."""
        getattr(self.model, self.method)(*self.args)


class JourneyModel(mesa.Model):
    """One service's implementation journey.

    Args:
        scenario: A validated :class:`~journeysim.scenario.Scenario`.
        seed: An integer or a ``numpy.random.SeedSequence`` (the batch runner
            passes one child per replication).

    Attributes:
        service: The :class:`Service` state.
        log: The :class:`EventLog`.
        level: Current embeddedness level.
        features: Current :class:`Features`.

    """

    def __init__(self, scenario: Scenario, seed: int | np.random.SeedSequence = 0) -> None:
        if scenario.population is not None:
            raise ValueError(f"{scenario.name}: describes a population of services; run it with a NationModel")
        self.streams = make_streams(seed)
        self.draws = {name: Draws(rng) for name, rng in self.streams.items() if name != "mesa"}
        super().__init__(rng=self.streams["mesa"])
        self.scenario_spec = scenario
        self.p = dict(scenario.parameters)
        self.start_year = int(self.p["start_year"])
        self.horizon = scenario.months
        self.log = EventLog(self.start_year)
        self.streams_seed = seed
        self._rows: list[tuple] = []
        self._held: list[Scheduled] = []
        self._people_seq = np.random.SeedSequence(int(self.streams["people"].integers(2**63)))
        self._austerity_month = month_of(self.start_year, *AUSTERITY_START)
        self._conditions_aligned = False
        self._courses_now = self._participants_now = 0
        self._advocacy = self._position = self._training_spend = 0.0
        self._programme_year = 0
        self._imps: list[Implementer] = []  # in post, in arrival order (kept by hand: read every month)
        self._teaching_imps = 0  # how many of them are teachers
        self._dates = [calendar(self.start_year, m) for m in range(self.horizon)]
        self._service_users = 0  # how many of them are service users
        # Implementers who left, in order: (month, reason, role, skill, commitment). A population
        # model reads this to let people who move on carry the work to another service.
        self.departures: list[tuple[int, str, str, float, float]] = []
        self._monthly = {
            name: monthly(self.p[name])
            for name in (
                "staff_turnover_annual",
                "manager_turnover_annual",
                "evidence_decay_annual",
                "networks_decay_annual",
                "fit_erosion_annual",
                "lapse_without_supervision",
                "emergence_annual",
            )
        }

        self.service = self._build_service(scenario)
        self._build_people(scenario)
        self._apply_history_before_start()
        self._schedule_national_events()
        self._schedule_local_shocks()
        self._schedule_interventions(scenario)

        self.features = self._observe()
        self.level = level_of(self.features)
        self.ever_running = self.features.running
        self.log.add(
            0,
            "journey_starts",
            NEUTRAL,
            "start",
            [f"{d}: {s.replace('_', ' ')}" for d, s in scenario.start.items()],
            f"service starts {self.level} with {len(self._imps)} implementer(s) "
            f"and {self.teachers_total} trained teacher(s)",
        )

    # ------------------------------------------------------------------ setup
    def _build_service(self, scenario: Scenario) -> Service:
        p, start = self.p, scenario.start
        team = START_VALUES["team"][start["team"]]
        gov = START_VALUES["governance"][start["governance"]]
        pathway = team["pathway"] if p["training_pathway"] == "auto" else p["training_pathway"]
        return Service(
            name=scenario.name,
            pressure=p["pressure"],
            culture=p["culture"],
            stability=p["stability"],
            budget_health=p["budget_health"],
            budget_baseline=p["budget_health"],
            pressure_baseline=p["pressure"],
            culture_baseline=p["culture"],
            recurrent_funding=p["initial_recurrent_funding"],
            one_off_funds=p["initial_one_off_funds"],
            pool_teachers=int(team["pool_teachers"]),
            supervision=bool(team["supervision"]),
            training_pathway=str(pathway),
            fidelity_stance=p["fidelity_stance"],
            succession_planning=bool(p["succession_planning"]),
            fit=float(START_VALUES["fit"][start["fit"]]["fit"]),
            evidence=float(START_VALUES["evaluation"][start["evaluation"]]["evidence"]),
            networks=float(START_VALUES["networks"][start["networks"]]["networks"]),
            guidance=0.0,
            referral_pathway=bool(gov["referral"]),
            governance=bool(gov["governance"]),
            lead_role=bool(gov["lead_role"]),
            recovery_factor=float(START_VALUES["nourishing"][start["nourishing"]]["recovery"]),
        )

    def _build_people(self, scenario: Scenario) -> None:
        start = scenario.start
        energy = float(START_VALUES["nourishing"][start["nourishing"]]["energy"])
        has_lead = any(i["lead"] for i in scenario.implementers)
        for n, spec in enumerate(scenario.implementers):
            lead = spec["lead"] or (not has_lead and n == 0)
            self._add_implementer(
                role=spec["role"],
                skill=spec["skill"],
                commitment=spec["commitment"],
                energy=spec.get("energy", energy),
                protected_time=spec["protected_time"] or (self.service.lead_role and lead),
                lead=lead,
                origin="start",
            )
        td = START_VALUES["top_down"][start["top_down"]]
        mgr = self.streams["managers"]
        self.middle_manager = MiddleManager(
            self, view=draw_view(mgr, self.p["middle_view_mean"]), alignment=float(td["middle"])
        )
        self.senior_leader = SeniorLeader(
            self, view=draw_view(mgr, self.p["senior_view_mean"]), priority=float(td["senior"])
        )
        self.commissioner = Commissioner(self, rng=self.streams["decisions"])
        # A service that starts beyond 'starting out' has been running courses already.
        if self.teachers_total >= 2 and start["team"] != "starting_out":
            rate = self._delivery_rate(self._protected_share())
            per_month = max(1, round(rate * 12)) if rate > 0 else 0
            for k in range(min(12, per_month)):
                self.service.courses_window[(k * 12) // max(1, per_month)] += 1
            self.service.recount_courses()

    def _add_implementer(
        self, role: str, skill: float, commitment: float, energy: float, protected_time: bool, lead: bool, origin: str
    ) -> Implementer:
        rng = np.random.default_rng(self._people_seq.spawn(1)[0])
        career = int(12 * self.p["career_years_mean"] * rng.uniform(0.5, 1.5))
        imp = Implementer(
            self,
            role=role,
            skill=skill,
            commitment=commitment,
            energy=energy,
            protected_time=protected_time or self.service.protected_champions,
            lead=lead,
            rng=rng,
            career_months=career,
            origin=origin,
        )
        self._imps.append(imp)
        self._teaching_imps += role == "teacher"
        self._service_users += role == "service_user"
        return imp

    def _national_events(self) -> list[NationalEvent]:
        return [e for e in NATIONAL_TIMELINE if self.p["nation"] in e.nations]

    def _apply_history_before_start(self) -> None:
        """Events before the start year shape the starting context silently."""
        for event in self._national_events():
            if month_of(self.start_year, event.year, event.month) < 0:
                self._national_effect(event.kind, log=False)

    def _schedule(self, at_month: int, method: str, *args: Any) -> None:
        """Schedule ``method(*args)`` at the start of ``at_month`` with Mesa's event API."""
        action = Scheduled(self, method, *args)
        self._held.append(action)
        self.schedule_event(action.fire, at=at_month + 0.5)

    def _schedule_national_events(self) -> None:
        for event in self._national_events():
            m = month_of(self.start_year, event.year, event.month)
            if 0 <= m < self.horizon:
                self._schedule(m, "_national_event", event)
        p = self.p
        if p["national_programme_teachers"] > 0:
            m0 = month_of(self.start_year, int(p["national_programme_start_year"]), 4)
            if m0 < self.horizon:
                self._schedule(max(0, m0), "_national_programme_starts")

    def _schedule_local_shocks(self) -> None:
        """Draw the whole run's local shocks up front from the shocks stream (001 §Pivot points)."""
        p, rng = self.p, self.streams["shocks"]
        reorg = monthly(p["reorganisation_annual"] * (1.5 - p["stability"]))
        cut = monthly(p["budget_cut_annual"])
        cut_austerity = monthly(min(0.9, 2.0 * p["budget_cut_annual"]))
        priority = monthly(p["priority_change_annual"])
        months = np.arange(1, self.horizon)
        u = rng.random((len(months), 4))
        mean = p["senior_view_mean"]
        views = rng.beta(4.0 * mean, 4.0 * (1.0 - mean), size=len(months))
        after = months >= self._austerity_month
        signs = np.where(u[:, 3] < np.where(after, 0.65, 0.5), 1.0, -1.0)
        cut_p = np.where(after, cut_austerity, cut)
        for kind, hits in (
            ("reorganisation", u[:, 0] < reorg),
            ("budget_cut", u[:, 1] < cut_p),
            ("priority_change", u[:, 2] < priority),
        ):
            for i in np.flatnonzero(hits):
                self._schedule(int(months[i]), "_shock", kind, float(views[i]), float(signs[i]))
        m = exponential_months(rng, p["senior_tenure_years"])
        while m < self.horizon:
            self._schedule(m, "_shock", "leadership_change", draw_view(rng, p["senior_view_mean"]), 1.0)
            m += exponential_months(rng, p["senior_tenure_years"])

    def _schedule_interventions(self, scenario: Scenario) -> None:
        for item in scenario.interventions:
            if item["month"] < self.horizon:
                self._schedule(item["month"], "_scheduled_intervention", item["kind"], dict(item["details"]))

    # ----------------------------------------------------------- properties
    def monthly_rate(self, name: str) -> float:
        """Monthly probability for an annual-rate parameter (precomputed once per run)."""
        return self._monthly[name]

    @property
    def month(self) -> int:
        """The month about to be simulated (0-based)."""
        return self.steps

    @property
    def implementers(self) -> list[Implementer]:
        """Implementers currently in post, in order of arrival (a copy)."""
        return list(self._imps)

    @property
    def implementer_count(self) -> int:
        """Implementers currently in post."""
        return len(self._imps)

    @property
    def teachers_total(self) -> int:
        """Trained teachers: the pool plus teacher-implementers."""
        return self.service.pool_teachers + self._teaching_imps

    @property
    def case(self) -> float:
        """Strength of the local case: national guidance plus local evidence (001 §Facilitators)."""
        w = self.p["guidance_weight"]
        boost = self.p["service_user_case_boost"] if self._service_users else 0.0
        return min(1.0, w * min(1.0, self.service.guidance) + (1.0 - w) * self.service.evidence + boost)

    # ----------------------------------------------------------------- step
    def step(self) -> None:
        """Simulate one month."""
        m = self.steps - 1
        svc = self.service
        imps = self._imps
        protected = self._protected_share()
        self._implementers_work(imps, protected)
        self._context_drifts()
        self._managers_respond(imps)
        self._top_down_decisions(m)
        if m % 12 == 3:
            self._commissioning_review(m)
        self._bottom_up_arrangements(m)
        self._train_teachers(m)
        self._deliver_courses(protected)
        self._spend_money()
        self._people_come_and_go(m)
        self._assess(m)
        self._record(m, svc)

    def run(self, months: int | None = None) -> None:
        """Run ``months`` more months (default: to the horizon)."""
        remaining = self.horizon - self.steps
        n = remaining if months is None else min(months, remaining)
        if n > 0:
            self.run_for(n)

    # -------------------------------------------------------- mechanisms
    def _protected_share(self) -> float:
        """Share of teaching time that is protected: paid for, or shielded by the middle manager."""
        svc = self.service
        demand = max(1, self.teachers_total) * self.p["courses_per_teacher_year"] * self.p["course_cost"] / 12.0
        money = svc.recurrent_funding / 12.0 + min(svc.one_off_funds, self.p["recurrent_funding_amount"] / 12.0)
        share = money / demand
        if self.middle_manager.protects():
            share += 0.3
        return min(1.0, share)

    def _implementers_work(self, imps: list[Implementer], protected: float) -> None:
        """Champions evaluate, network, adapt and advocate; their energy follows the load.

        Several implementers at different levels combine with a bonus for each
        extra level (001 §MBCT implementers: complementary skills, one agenda).
        """
        svc, p = self.service, self.p
        n = len(imps)
        roles = {i.role for i in imps}
        bonus = 1.0 + p["complementarity_bonus"] * max(0, len(roles) - 1)
        gold = p["gold_standard_evidence_factor"] if svc.fidelity_stance == "gold_standard" else 1.0
        # Contributions are measured against a reference champion (effort x skill of about 0.4).
        evaluate = network = adapt = advocate = 0.0
        for imp in imps:
            c = imp.effort() * imp.skill
            w = ROLE_WEIGHTS[imp.role]
            evaluate += c * w["evaluate"]
            network += c * w["network"]
            adapt += c * w["adapt"]
            advocate += c * w["advocate"]
        scale = bonus / REFERENCE_EFFORT
        evaluate, network, adapt = evaluate * scale, network * scale, adapt * scale
        if svc.governance and svc.lead_role:
            adapt += 1.0  # a lead with a remit integrates MBCT into pathways (001 §Fit: integrated later)
        self._advocacy = min(1.0, advocate * scale / 3.0)
        self._position = 1.0 if "manager" in roles else 0.0
        svc.evidence += p["evaluation_rate"] * gold * min(1.5, evaluate) * (1.0 - svc.evidence)
        svc.evidence -= svc.evidence * self._monthly["evidence_decay_annual"]
        svc.networks += p["networking_rate"] * min(1.5, network) * (1.0 - svc.networks)
        svc.networks -= svc.networks * self._monthly["networks_decay_annual"]
        ceiling = min(1.0, max(0.1, 0.5 + 0.5 * svc.culture - p["fit_pressure_penalty"] * svc.pressure))
        if svc.fit < ceiling:
            svc.fit += p["fit_adaptation_rate"] * min(1.5, adapt) * (ceiling - svc.fit)
        svc.fit -= svc.fit * self._monthly["fit_erosion_annual"]
        support = 0.3 * svc.supervision + 0.3 * self.middle_manager.alignment + (0.3 if n > 1 else 0.0)
        extra = p["succession_effort"] if svc.succession_planning else 0.0
        for imp in imps:
            imp.tire_and_recover(protected, n, support, svc.pressure, svc.recovery_factor, extra)

    def _context_drifts(self) -> None:
        """Budget, pressure and culture drift back toward their baselines after local shocks.

        National events move the baselines themselves (assumption: local
        shocks fade over a few years, about 11% of the gap closed a year).
        """
        svc = self.service
        svc.budget_health += 0.01 * (svc.budget_baseline - svc.budget_health)
        svc.pressure += 0.01 * (svc.pressure_baseline - svc.pressure)
        svc.culture += 0.01 * (svc.culture_baseline - svc.culture)
        if self.level == "embedded" and svc.networks >= 0.6:
            # A sustained, visible service nudges the culture toward wellbeing (004 'fit', sustainable stage).
            svc.culture_baseline = min(1.0, svc.culture_baseline + self.p["culture_shift_annual"] / 12.0)

    def _managers_respond(self, imps: list[Implementer]) -> None:
        """Middle manager and senior leader update their stance (middle management is the hinge)."""
        svc = self.service
        case = self.case
        self.middle_manager.update(
            case, svc.fit, self._advocacy, self._position, svc.pressure, self.senior_leader.priority, svc.governance
        )
        self.senior_leader.update(
            case,
            self.middle_manager.alignment,
            svc.networks,
            self._position,
            svc.pressure,
            svc.budget_health,
            svc.governance,
        )
        frozen = self.middle_manager.freezes(svc.pressure, svc.training_frozen)
        if frozen != svc.training_frozen:
            svc.training_frozen = frozen
            m = self.steps - 1
            if frozen:
                self.log.add(
                    m,
                    "training_frozen",
                    DOWN,
                    "pivot",
                    [
                        f"pressure {svc.pressure:.2f}",
                        f"middle manager alignment {self.middle_manager.alignment:.2f}",
                        f"senior priority {self.senior_leader.priority:.2f}",
                    ],
                    "training stopped and teachers diverted to waiting lists",
                )
            else:
                self.log.add(
                    m,
                    "training_unfrozen",
                    UP,
                    "pivot",
                    [f"pressure {svc.pressure:.2f}", f"middle manager alignment {self.middle_manager.alignment:.2f}"],
                    "training and teaching resume",
                )

    def _top_down_decisions(self, m: int) -> None:
        """A senior leader who prioritises MBCT invests, one step a month (001 §Top-down and bottom-up)."""
        svc, leader = self.service, self.senior_leader
        invests = leader.invests()
        withdraws = leader.priority < self.p["senior_priority_threshold"] - 0.3 and svc.budget_health < 0.45
        if not (invests or withdraws):
            return
        why = [
            f"senior priority {leader.priority:.2f}",
            f"case {self.case:.2f}",
            f"middle manager alignment {self.middle_manager.alignment:.2f}",
        ]
        if invests:
            if not svc.lead_role:
                svc.lead_role = True
                lead = self._lead()
                if lead is not None:
                    lead.protected_time = True
                else:
                    svc.lead_vacant_until = m + int(self.p["lead_vacancy_months"])
                self.log.add(m, "lead_role_created", UP, "pivot", why, "a formal MBCT lead post with protected time")
            elif not svc.governance:
                svc.governance = True
                self.log.add(
                    m,
                    "governance_established",
                    UP,
                    "pivot",
                    why,
                    "MBCT gets lines of accountability, finance, quality and risk governance",
                )
            elif svc.training_pathway in ("none", "ad_hoc"):
                svc.training_pathway = "commissioned"
                svc.supervision = True
                self.log.add(
                    m,
                    "training_pathway_established",
                    UP,
                    "pivot",
                    why,
                    "teacher training commissioned and supervision funded",
                )
            elif (
                svc.training_pathway == "commissioned"
                and self.teachers_total >= self.p["critical_mass_teachers"] + 2
                and leader.priority >= self.p["senior_priority_threshold"] + 0.1
            ):
                svc.training_pathway = "internal"
                self.log.add(
                    m,
                    "internal_training_established",
                    UP,
                    "pivot",
                    [*why, f"{self.teachers_total} teachers"],
                    "an internal apprenticeship trains the next generation of teachers",
                )
            elif not self.commissioner.requested:
                self.commissioner.requested = True
        elif withdraws:
            if svc.training_pathway in ("commissioned", "internal") and not svc.national_training:
                svc.training_pathway = "ad_hoc"
                self.commissioner.requested = False
                self.log.add(
                    m,
                    "investment_withdrawn",
                    DOWN,
                    "pivot",
                    [*why, f"budget health {svc.budget_health:.2f}"],
                    "training pathway reduced to ad hoc arrangements",
                )
            elif svc.governance and svc.recurrent_funding <= 0:
                svc.governance = False
                self.log.add(m, "governance_dissolved", DOWN, "pivot", why, "MBCT drops out of service governance")

    def _commissioning_review(self, m: int) -> None:
        """The commissioner's annual review: open, keep or withdraw a funding line."""
        svc, p = self.service, self.p
        score = self.commissioner.score(self.case, self.senior_leader.priority, svc.budget_health)
        why = [
            f"case {self.case:.2f}",
            f"senior priority {self.senior_leader.priority:.2f}",
            f"budget health {svc.budget_health:.2f}",
        ]
        threshold = p["commissioning_threshold"]
        if svc.recurrent_funding <= 0:
            if score >= threshold:
                svc.recurrent_funding = p["recurrent_funding_amount"]
                svc.funding_since = m
                self.log.add(
                    m,
                    "funding_secured",
                    UP,
                    "pivot",
                    why,
                    f"recurrent funding line of £{svc.recurrent_funding:,.0f} a year",
                )
            elif score >= threshold - 0.1 and svc.budget_health < 0.5 and self.teachers_total >= 1:
                # A cheaper, diluted offer (001 §Training and supervision: refusing a 'light' version can cost).
                if svc.fidelity_stance == "gold_standard":
                    self.log.add(
                        m,
                        "diluted_offer_declined",
                        DOWN,
                        "pivot",
                        [*why, "gold-standard stance"],
                        "a funding offer for a shortened programme is refused",
                    )
                else:
                    svc.recurrent_funding = 0.5 * p["recurrent_funding_amount"]
                    svc.funding_since = m
                    self.log.add(
                        m,
                        "funding_secured",
                        UP,
                        "pivot",
                        [*why, "good-enough stance accepts a lighter offer"],
                        f"reduced funding line of £{svc.recurrent_funding:,.0f} a year",
                    )
        elif score < threshold - p["decommission_margin"] and m - svc.funding_since >= 12:
            # A line is a contract of at least a year: it is only withdrawn at a review after a full year.
            svc.recurrent_funding = 0.0
            self.log.add(m, "funding_withdrawn", DOWN, "pivot", why, "the recurrent funding line is decommissioned")

    def _bottom_up_arrangements(self, m: int) -> None:
        """Supervision and a referral pathway arranged from below, and lost when conditions go."""
        svc = self.service
        teachers = self.teachers_total
        if not svc.supervision and teachers >= 1 and svc.external_supervision:
            svc.supervision = True
            self.log.add(
                m,
                "supervision_arranged",
                UP,
                "pivot",
                [f"{teachers} teacher(s)", "supervision offered from outside the service"],
                "teachers supervised through an outside link",
            )
        elif not svc.supervision and teachers >= 2 and svc.networks >= 0.3 and self._imps:
            svc.supervision = True
            self.log.add(
                m,
                "supervision_arranged",
                UP,
                "pivot",
                [f"{teachers} teachers", f"networks {svc.networks:.2f}"],
                "peer supervision in place",
            )
        elif (
            svc.supervision
            and not (svc.external_supervision and teachers >= 1)
            and (teachers < 2 or (svc.training_pathway in ("none", "ad_hoc") and svc.networks < 0.15))
        ):
            svc.supervision = False
            self.log.add(
                m,
                "supervision_lost",
                DOWN,
                "pivot",
                [f"{teachers} teachers", f"networks {svc.networks:.2f}"],
                "no supervision for teachers",
            )
        mm = self.middle_manager.alignment
        if not svc.referral_pathway and mm >= 0.55 and svc.fit >= self.p["referral_fit"] and svc.courses_last_12 >= 1:
            svc.referral_pathway = True
            self.log.add(
                m,
                "referral_pathway_established",
                UP,
                "pivot",
                [f"fit {svc.fit:.2f}", f"middle manager alignment {mm:.2f}"],
                "MBCT integrated into the care pathway",
            )
        elif svc.referral_pathway and (svc.fit < 0.3 or mm < 0.25):
            svc.referral_pathway = False
            self.log.add(
                m,
                "referral_pathway_lost",
                DOWN,
                "pivot",
                [f"fit {svc.fit:.2f}", f"middle manager alignment {mm:.2f}"],
                "referrals dry up",
            )

    def _train_teachers(self, m: int) -> None:
        """The teacher pipeline: new trainees by pathway; graduates, leavers and lapses."""
        svc, p = self.service, self.p
        pathway = svc.training_pathway
        if pathway == "internal" and self.teachers_total < p["critical_mass_teachers"]:
            pathway = "commissioned"  # an apprenticeship needs experienced teachers to train others
        if pathway in ("none", "ad_hoc"):
            # Without a funded pathway, training is secured bottom-up: champions sponsor and
            # arrange places, more so with several implementers (001 §Top-down and bottom-up).
            drive = self._advocacy * 3.0
            rate = p[f"trainees_{pathway}"] * max(drive, 0.5 if pathway == "ad_hoc" else 0.0)
            if svc.succession_planning and self._imps:
                # Implementers who plan succession sponsor and mentor trainees (004 'Building a team').
                rate = max(rate, 1.5 * p["trainees_ad_hoc"])
            # Money left over after paying for delivery and supervision buys training places,
            # up to what a commissioned pathway would train (001 §Training and supervision).
            rate = max(rate, min(self._funded_places(), p["trainees_commissioned"]))
        else:
            rate = p[f"trainees_{pathway}"]
        if svc.national_training:
            rate = max(rate, 0.5 * p["trainees_commissioned"])
        if svc.fidelity_stance == "gold_standard":
            rate *= p["gold_standard_training_factor"]
        if (
            pathway == "commissioned"
            and svc.recurrent_funding <= 0
            and svc.one_off_funds <= 0
            and not svc.national_training
        ):
            rate = p["trainees_ad_hoc"]
        if svc.training_frozen or (not self._imps and not svc.lead_role):
            rate = 0.0 if svc.training_frozen else rate * 0.2
        n_new = self.draws["teachers"].poisson(rate / 12.0)
        for _ in range(n_new):
            svc.trainees.append(m + int(p["training_months"]))
        if n_new:
            cost = p["training_cost"] * (p["internal_cost_factor"] if pathway == "internal" else 1.0)
            svc.cost_total += n_new * cost
            self._training_spend = n_new * cost
        graduates = sum(1 for g in svc.trainees if g <= m)
        if graduates:
            svc.trainees = [g for g in svc.trainees if g > m]
            svc.pool_teachers += graduates
        leave = self._monthly["staff_turnover_annual"]
        if not svc.supervision:
            leave = 1.0 - (1.0 - leave) * (1.0 - self._monthly["lapse_without_supervision"])
        if svc.pool_teachers:
            svc.pool_teachers -= self.draws["teachers"].binomial(svc.pool_teachers, leave)

    def _funded_places(self) -> float:
        """Training places a year that MBCT money can pay for once delivery and supervision are paid."""
        svc, p = self.service, self.p
        money = svc.recurrent_funding + min(svc.one_off_funds, p["recurrent_funding_amount"])
        if money <= 0.0:
            return 0.0
        teachers = self.teachers_total
        need = teachers * p["courses_per_teacher_year"] * p["course_cost"]
        if svc.supervision:
            need += teachers * p["supervision_cost"]
        return max(0.0, money - need) / p["training_cost"]

    def _delivery_rate(self, protected: float) -> float:
        """Expected courses started per month."""
        svc, p = self.service, self.p
        teachers = self.teachers_total
        if teachers == 0:
            return 0.0
        coordinated = bool(self._imps) or (svc.lead_role and svc.lead_vacant_until is None)
        coordination = 1.0 if coordinated else p["orphan_delivery_factor"]
        time = protected + (1.0 - protected) * p["goodwill_delivery_factor"]
        frozen = 0.4 if svc.training_frozen else 1.0
        return teachers * p["courses_per_teacher_year"] / 12.0 * coordination * time * frozen

    def _deliver_courses(self, protected: float) -> None:
        """Courses start; places fill according to the referral pathway (001 §Background: 8-15 per class)."""
        svc, p, draws = self.service, self.p, self.draws["courses"]
        # Courses run in cycles: capacity accumulates and a course starts when a whole one is due.
        svc.course_progress += self._delivery_rate(protected)
        n = int(svc.course_progress)
        svc.course_progress -= n
        fill = 1.0 if svc.referral_pathway else p["referral_fill_without_pathway"]
        people = 0
        for _ in range(n):
            size = draws.integer(int(p["course_size_min"]), int(p["course_size_max"]))
            people += max(1, round(size * fill))
        svc.add_courses(n)
        svc.courses_total += n
        svc.participants_total += people
        svc.cost_total += n * p["course_cost"]
        svc.evidence = min(1.0, svc.evidence + n * p["evidence_per_course"])
        self._courses_now, self._participants_now = n, people

    def _spend_money(self) -> None:
        """Supervision costs; one-off money is drawn down where the funding line does not cover spending."""
        svc, p = self.service, self.p
        supervision = self.teachers_total * p["supervision_cost"] / 12.0 if svc.supervision else 0.0
        svc.cost_total += supervision
        spend = self._courses_now * p["course_cost"] + supervision + getattr(self, "_training_spend", 0.0)
        self._training_spend = 0.0
        uncovered = max(0.0, spend - svc.recurrent_funding / 12.0)
        svc.one_off_funds = max(0.0, svc.one_off_funds - uncovered)

    def _people_come_and_go(self, m: int) -> None:
        """Departures (turnover, burnout, retirement), new managers, emerging implementers, lead appointments."""
        svc = self.service
        for imp in self.implementers:
            reason = imp.leaving_reason()
            if reason is not None:
                self._implementer_leaves(imp, m, reason)
        if self.draws["managers"].uniform() < self._monthly["manager_turnover_annual"]:
            self._new_middle_manager(m, "manager moved on")
        self._implementers_emerge(m)
        if svc.lead_role and svc.lead_vacant_until is not None and m >= svc.lead_vacant_until:
            svc.lead_vacant_until = None
            rng = self.streams["emergence"]
            if svc.pool_teachers > 0:
                svc.pool_teachers -= 1
            imp = self._add_implementer(
                "teacher", float(rng.uniform(0.4, 0.8)), float(rng.uniform(0.5, 0.9)), 0.8, True, True, "appointed"
            )
            self.log.add(
                m,
                "lead_appointed",
                UP,
                "people",
                ["a formal lead post was vacant"],
                f"new MBCT lead appointed (skill {imp.skill:.2f})",
            )

    def _implementer_leaves(self, imp: Implementer, m: int, reason: str) -> None:
        """An implementer goes; what they carried goes with them unless others remain."""
        svc, p = self.service, self.p
        was_lead = imp.lead
        imp.remove()
        self._imps.remove(imp)
        self._teaching_imps -= imp.role == "teacher"
        self._service_users -= imp.role == "service_user"
        self.departures.append((m, reason, imp.role, imp.skill, imp.commitment))
        rest = self._imps
        loss = p["handover_loss_shared"] if rest else p["handover_loss_alone"]
        svc.networks *= 1.0 - loss
        svc.evidence *= 1.0 - 0.5 * loss
        effect = f"{len(rest)} implementer(s) remain; networks and local evidence lose {loss:.0%}"
        if was_lead and rest:
            successor = max(rest, key=lambda i: (i.skill * i.commitment, -i.unique_id))
            successor.lead = True
            if svc.lead_role:
                successor.protected_time = True
            effect += f"; a {successor.role} takes the lead"
        elif was_lead and svc.lead_role:
            svc.lead_vacant_until = m + int(p["lead_vacancy_months"])
            effect += "; the lead post is vacant"
        self.log.add(
            m,
            "champion_left",
            DOWN,
            "people",
            [reason, f"energy {imp.energy:.2f}", f"role {imp.role}", "lead" if was_lead else "co-implementer"],
            effect,
        )

    def _new_middle_manager(self, m: int, why: str) -> None:
        """A new middle manager arrives with their own view of MBCT."""
        old = self.middle_manager.alignment
        view = draw_view(self.streams["managers"], self.p["middle_view_mean"])
        self.middle_manager.remove()
        self.middle_manager = MiddleManager(self, view=view, alignment=0.5 * view + 0.5 * min(0.6, self.case))
        self.log.add(
            m,
            "new_middle_manager",
            NEUTRAL,
            "people",
            [why],
            f"middle manager alignment {old:.2f} -> {self.middle_manager.alignment:.2f}",
        )

    def _implementers_emerge(self, m: int) -> None:
        """A trained teacher steps up as an implementer (004: second-generation implementers)."""
        svc, p = self.service, self.p
        draws = self.draws["emergence"]
        # Three numbers every month, used or not, so the stream stays aligned across strategies.
        u, a, b = draws.uniform(), draws.uniform(), draws.uniform()
        skill, commitment = 0.35 + 0.5 * a, 0.5 + 0.45 * b
        if svc.pool_teachers <= 0 or len(self._imps) >= MAX_IMPLEMENTERS:
            return
        per_teacher = self._monthly["emergence_annual"] * (0.5 + svc.networks)
        if svc.succession_planning:
            per_teacher *= p["succession_emergence_factor"]
        chance = 1.0 - (1.0 - min(1.0, per_teacher)) ** svc.pool_teachers
        if u < chance:
            svc.pool_teachers -= 1
            lead = not self._imps
            imp = self._add_implementer("teacher", skill, commitment, 0.85, lead and svc.lead_role, lead, "emerged")
            if lead and svc.lead_vacant_until is not None:
                svc.lead_vacant_until = None
            causes = [f"networks {svc.networks:.2f}", f"{svc.pool_teachers + 1} trained teachers"]
            if svc.succession_planning:
                causes.append("succession planning")
            self.log.add(
                m,
                "implementer_emerged",
                UP,
                "people",
                causes,
                f"a trained teacher becomes an implementer{' and takes the lead' if lead else ''} "
                f"(skill {imp.skill:.2f})",
            )

    def _observe(self) -> Features:
        svc = self.service
        return observe(
            svc.courses_last_12,
            self.teachers_total,
            len(self._imps),
            svc.supervision,
            svc.recurrent_funding,
            svc.referral_pathway,
            svc.governance,
            svc.lead_role,
            svc.training_pathway,
            int(self.p["critical_mass_teachers"]),
        )

    def _assess(self, m: int) -> None:
        """Read features off the service; log pivot points and every change of level."""
        svc, p = self.service, self.p
        features = self._observe()
        conditions = {
            "resources": svc.recurrent_funding > 0 or svc.one_off_funds > 0,
            "structure": svc.governance or svc.lead_role,
            "critical mass of teachers": self.teachers_total >= p["critical_mass_teachers"],
            "compelling case": self.case >= p["compelling_case"],
        }
        met = [k for k, v in conditions.items() if v]
        if len(met) == 4 and not self._conditions_aligned:
            self._conditions_aligned = True
            self.senior_leader.priority = min(1.0, self.senior_leader.priority + 0.1)
            self.middle_manager.alignment = min(1.0, self.middle_manager.alignment + 0.1)
            self.log.add(
                m,
                "conditions_aligned",
                UP,
                "pivot",
                met,
                "resources, structure, a critical mass and a compelling case come together; leaders' commitment rises",
            )
        elif self._conditions_aligned and len(met) <= 2:
            self._conditions_aligned = False
            lost = [k for k, v in conditions.items() if not v]
            self.log.add(
                m,
                "conditions_fell_apart",
                DOWN,
                "pivot",
                [f"lost: {k}" for k in lost],
                "the conditions that carried the service no longer hold",
            )
        level = level_of(features)
        if level != self.level:
            old = self.level
            gained = [
                f
                for f, a, b in zip(FEATURES, self.features.as_tuple(), features.as_tuple(), strict=True)
                if b and not a
            ]
            lost = [
                f
                for f, a, b in zip(FEATURES, self.features.as_tuple(), features.as_tuple(), strict=True)
                if a and not b
            ]
            recent = sorted({e.kind for e in self.log.since(m - 12) if e.category != "level"})
            up = LEVELS.index(level) > LEVELS.index(old)
            kind = "service_stopped" if level == "absent" else ("level_up" if up else "level_down")
            self.log.add(
                m,
                kind,
                UP if up else DOWN,
                "level",
                [*(f"gained {g}" for g in gained), *(f"lost {x}" for x in lost), *(f"after {r}" for r in recent)],
                f"{old} -> {level}",
            )
            self.level = level
        self.features = features
        self.ever_running = self.ever_running or features.running

    def stages(self) -> dict[str, str]:
        """The seed-004 stage of each domain now (criteria in :func:`domain_stages`)."""
        svc, p, imps = self.service, self.p, self._imps
        return domain_stages(
            fit=svc.fit,
            evidence=svc.evidence,
            networks=svc.networks,
            f=self.features,
            teachers=self.teachers_total,
            critical_mass=int(p["critical_mass_teachers"]),
            senior_priority=self.senior_leader.priority,
            priority_threshold=float(p["senior_priority_threshold"]),
            governance=svc.governance,
            lead_role=svc.lead_role,
            mean_energy=sum(i.energy for i in imps) / len(imps) if imps else None,
        )

    def _lead(self) -> Implementer | None:
        for imp in self._imps:
            if imp.lead:
                return imp
        return None

    def _record(self, m: int, svc: Service) -> None:
        imps = self._imps
        energy = sum(i.energy for i in imps) / len(imps) if imps else None
        self._rows.append(
            (
                m,
                self._dates[m],
                self.level,
                LEVELS.index(self.level),
                self._courses_now,
                self._participants_now,
                svc.courses_last_12,
                self.teachers_total,
                len(svc.trainees),
                len(imps),
                energy,
                svc.recurrent_funding,
                svc.one_off_funds,
                svc.fit,
                self.case,
                svc.evidence,
                svc.guidance,
                svc.networks,
                self.middle_manager.alignment,
                self.senior_leader.priority,
                svc.pressure,
                svc.budget_health,
                svc.training_pathway,
                svc.training_frozen,
                self._lead() is not None,
                *self.features.as_tuple(),
            )
        )

    # ------------------------------------------------- events and shocks
    def _national_event(self, event: NationalEvent) -> None:
        m = self.steps
        effect = self._national_effect(event.kind, log=True)
        self.log.add(m, event.kind, event.direction, "national", [event.description], effect)

    def _national_effect(self, kind: str, log: bool) -> str:
        """Apply a national event's effect on this service; return it in words."""
        svc, p = self.service, self.p
        if kind == "national_guideline":
            svc.guidance += p["guidance_nice"]
            return f"national guidance strength {svc.guidance:.2f}"
        if kind == "iapt_launch":
            svc.guidance += 0.05
            svc.pressure = min(1.0, svc.pressure + 0.05)
            svc.pressure_baseline = min(1.0, svc.pressure_baseline + 0.05)
            return f"pressure {svc.pressure:.2f}; guidance {svc.guidance:.2f}"
        if kind == "financial_crisis":
            svc.budget_health = max(0.0, svc.budget_health - 0.1)
            svc.budget_baseline = max(0.0, svc.budget_baseline - 0.1)
            return f"budget health {svc.budget_health:.2f}"
        if kind == "austerity":
            drop = p["austerity_budget_drop"]
            svc.budget_health = max(0.0, svc.budget_health - drop)
            svc.budget_baseline = max(0.0, svc.budget_baseline - drop)
            svc.pressure = min(1.0, svc.pressure + 0.05)
            svc.pressure_baseline = min(1.0, svc.pressure_baseline + 0.05)
            return f"budget health {svc.budget_health:.2f}; local cuts twice as likely"
        if kind == "parliamentary_report":
            svc.guidance += p["guidance_report"]
            return f"national guidance strength {svc.guidance:.2f}"
        if kind == "national_training_commissioning":
            svc.national_training = True
            return "teacher training places funded nationally"
        return "no direct effect"

    def _national_programme_starts(self) -> None:
        """A national top-down training programme (Scotland-like, 001 §Top-down and bottom-up)."""
        svc, p = self.service, self.p
        svc.one_off_funds += p["national_programme_funding"]
        self.log.add(
            self.steps,
            "national_programme",
            UP,
            "national",
            ["national top-down training programme"],
            f"{p['national_programme_teachers']:.1f} teachers a year trained for the service, "
            f"£{p['national_programme_funding']:,.0f} a year, shrinking",
        )
        self._programme_year = 0
        self._national_programme_year()

    def _national_programme_year(self) -> None:
        """Each programme year trains teachers and brings money, both shrinking over time."""
        svc, p = self.service, self.p
        scale = (1.0 - p["national_programme_decay_annual"]) ** self._programme_year
        rng = self.streams["teachers"]
        n = int(rng.poisson(p["national_programme_teachers"] * scale))
        for _ in range(n):
            svc.trainees.append(self.steps + int(p["training_months"]))
        if self._programme_year > 0:
            svc.one_off_funds += p["national_programme_funding"] * scale
        if scale > 0.5 and not svc.supervision:
            svc.supervision = svc.programme_supervision = True
        elif scale <= 0.5 and svc.programme_supervision:
            # The programme's supervision ends with its money unless local implementers arrange their own.
            svc.programme_supervision = False
            if not (self._imps and svc.networks >= 0.3 and self.teachers_total >= 2):
                svc.supervision = False
                self.log.add(
                    self.steps,
                    "supervision_lost",
                    DOWN,
                    "pivot",
                    ["national programme funding shrinks"],
                    "the programme's supervision ends and no local arrangement replaces it",
                )
        self._programme_year += 1
        if scale < 0.05:
            self.log.add(
                self.steps,
                "national_programme_ended",
                DOWN,
                "national",
                ["funding reduced over time"],
                "the national programme no longer trains teachers for the service",
            )
            return
        if self.steps + 12 < self.horizon:
            self._schedule(self.steps + 12, "_national_programme_year")

    def _shock(self, kind: str, view: float, sign: float) -> None:
        """A local shock (001 §Pivot points: reorganisations, cuts, changed priorities, new leaders)."""
        svc, p, m = self.service, self.p, self.steps
        if kind == "reorganisation":
            self._reorganise(m, ["local reorganisation"])
        elif kind == "budget_cut":
            self._cut_funding(m, p["budget_cut_fraction"], ["local budget cut"], "shock", "budget_cut")
        elif kind == "priority_change":
            svc.pressure = min(1.0, max(0.0, svc.pressure + 0.12 * sign))
            svc.culture = min(1.0, max(0.0, svc.culture - 0.08 * sign))
            self.log.add(
                m,
                "priority_change",
                DOWN if sign > 0 else UP,
                "shock",
                ["service priorities change"],
                f"pressure {svc.pressure:.2f}, culture {svc.culture:.2f}",
            )
        elif kind == "leadership_change":
            self._new_senior_leader(m, view, ["senior leader moves on"], "shock")

    def _reorganise(self, m: int, causes: list[str], category: str = "shock") -> None:
        svc = self.service
        svc.fit = max(0.0, svc.fit - self.p["reorganisation_fit_loss"])
        for imp in self._imps:
            imp.energy = max(0.0, imp.energy - 0.1)
        lost_pathway = svc.referral_pathway and not svc.governance
        if lost_pathway:
            svc.referral_pathway = False
        self.log.add(
            m,
            "reorganisation",
            DOWN,
            category,
            causes,
            f"fit falls to {svc.fit:.2f}" + ("; referral pathway lost" if lost_pathway else ""),
        )
        self._new_middle_manager(m, "reorganisation")

    def _cut_funding(self, m: int, fraction: float, causes: list[str], category: str, kind: str) -> None:
        svc = self.service
        before = svc.recurrent_funding
        svc.recurrent_funding *= 1.0 - fraction
        if 0 < svc.recurrent_funding < 0.25 * self.p["recurrent_funding_amount"]:
            svc.recurrent_funding = 0.0
        svc.one_off_funds *= 1.0 - fraction
        # A cut signals tighter money all round, in proportion to its size (0.09 and 0.03 at the default 30%).
        svc.budget_health = max(0.0, svc.budget_health - 0.3 * fraction)
        svc.pressure = min(1.0, svc.pressure + 0.1 * fraction)
        self.log.add(
            m,
            kind,
            DOWN,
            category,
            causes,
            f"recurrent funding £{before:,.0f} -> £{svc.recurrent_funding:,.0f}; budget health {svc.budget_health:.2f}",
        )

    def _new_senior_leader(self, m: int, view: float, causes: list[str], category: str) -> None:
        old = self.senior_leader.priority
        self.senior_leader.remove()
        self.senior_leader = SeniorLeader(self, view=view, priority=0.6 * view + 0.4 * self.case * 0.8)
        self.log.add(
            m,
            "leadership_change" if category == "shock" else "new_senior_leader",
            UP if self.senior_leader.priority > old else DOWN,
            category,
            causes,
            f"senior priority {old:.2f} -> {self.senior_leader.priority:.2f}",
        )

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
        try:
            d = INTERVENTIONS[kind].resolve(details)
        except KeyError as exc:
            raise ValueError(f"intervention {kind!r} has no detail {exc.args[0]!r}") from None
        m = min(self.steps, self.horizon - 1)
        svc, p = self.service, self.p
        source = [cause] if cause else ["scheduled in the scenario" if scheduled else "applied by the user"]
        if kind == "champion_leaves":
            imps = self.implementers
            if not imps:
                self.log.add(m, kind, NEUTRAL, "intervention", source, "no implementer in post to leave")
                return
            if d["who"] == "all":
                targets = imps
            elif d["who"] == "newest":
                targets = [max(imps, key=lambda i: i.unique_id)]
            else:
                targets = [self._lead() or imps[0]]
            self.log.add(m, kind, DOWN, "intervention", source, f"{len(targets)} implementer(s) leave")
            for imp in targets:
                self._implementer_leaves(imp, m, "intervention")
        elif kind == "funding_cut":
            self._cut_funding(m, d["fraction"], source, "intervention", kind)
        elif kind == "funding_boost":
            if d["recurrent"]:
                if svc.recurrent_funding <= 0.0:
                    svc.funding_since = m
                svc.recurrent_funding += d["amount"]
            else:
                svc.one_off_funds += d["amount"]
            self.log.add(
                m,
                kind,
                UP,
                "intervention",
                source,
                f"£{d['amount']:,.0f} {'a year, recurrent' if d['recurrent'] else 'one-off'}",
            )
        elif kind == "reorganisation":
            self._reorganise(m, source, "intervention")
        elif kind == "new_senior_leader":
            self._new_senior_leader(m, d["priority"], source, "intervention")
        elif kind == "start_succession_planning":
            svc.succession_planning = True
            self.log.add(
                m, kind, UP, "intervention", source, "implementers start growing second-generation implementers"
            )
        elif kind == "invest_in_training":
            svc.training_pathway = d["pathway"]
            svc.supervision = True
            for _ in range(d["teachers"]):
                svc.trainees.append(m + int(p["training_months"]))
            svc.cost_total += d["teachers"] * p["training_cost"]
            self.log.add(
                m,
                kind,
                UP,
                "intervention",
                source,
                f"{d['pathway']} training pathway, supervision, {d['teachers']} trainee(s) funded",
            )
        elif kind == "champion_joins":
            if len(self._imps) >= MAX_IMPLEMENTERS:
                self.log.add(m, kind, NEUTRAL, "intervention", source, "no room: the service has enough implementers")
                return
            lead = self._lead() is None
            imp = self._add_implementer(
                d["role"], d["skill"], d["commitment"], 0.85, lead and svc.lead_role, lead, "joined"
            )
            if lead and svc.lead_vacant_until is not None:
                svc.lead_vacant_until = None
            self.log.add(
                m,
                kind,
                UP,
                "intervention",
                source,
                f"a {imp.role} champion joins{' and takes the lead' if lead else ''} (skill {imp.skill:.2f})",
            )
        elif kind == "training_places":
            for _ in range(d["teachers"]):
                svc.trainees.append(m + int(p["training_months"]))
            svc.cost_total += d["teachers"] * p["training_cost"]
            self.log.add(m, kind, UP, "intervention", source, f"{d['teachers']} trainee(s) start, paid from outside")
        elif kind == "supervision_link":
            svc.external_supervision = d["on"]
            self.log.add(
                m,
                kind,
                UP if d["on"] else DOWN,
                "intervention",
                source,
                "supervision available from outside" if d["on"] else "outside supervision ends",
            )
        elif kind == "protect_champion_time":
            svc.protected_champions = d["on"]
            for imp in self._imps:
                imp.protected_time = d["on"] or (imp.lead and svc.lead_role)
            self.log.add(
                m,
                kind,
                UP if d["on"] else DOWN,
                "intervention",
                source,
                f"{len(self._imps)} champion(s) {'get' if d['on'] else 'lose'} protected time",
            )
        elif kind == "funding_line_ends":
            before = svc.recurrent_funding
            svc.recurrent_funding = max(0.0, svc.recurrent_funding - d["amount"])
            self.log.add(
                m,
                kind,
                DOWN,
                "intervention",
                source,
                f"recurrent funding £{before:,.0f} -> £{svc.recurrent_funding:,.0f}",
            )

    def peer_exchange(self, strength: float) -> None:
        """Know-how and legitimacy arriving along links to other services, this month.

        ``strength`` (0 to about 1) is how much MBCT activity the service's links
        carry (linked services running courses, a training centre). Implementers
        who take part in regional networks grow their own networks and borrow
        others' results to make the local case (001 §MBCT implementers: networks;
        001 §Facilitators: evidence from elsewhere). Without an implementer,
        nobody carries it home. A single service on its own never receives any.
        """
        if strength <= 0.0 or not self._imps:
            return
        svc, rate = self.service, self.p["peer_spread_rate"] * strength
        svc.networks += rate * (1.0 - svc.networks)
        svc.evidence += 0.5 * rate * (1.0 - svc.evidence)

    # --------------------------------------------------------------- output
    def series_rows(self) -> list[tuple]:
        """Monthly records so far (plain tuples in :data:`SERIES_COLUMNS` order)."""
        return self._rows
