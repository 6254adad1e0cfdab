"""Implementers: the champions who drive MBCT in a service (001 §MBCT implementers).

An implementer works (evaluates, networks, adapts and advocates), tires and
recovers, and in the end leaves: for ordinary turnover, from burnout, or at
retirement. What the team's work does to the service is in
:mod:`journeysim.model.champions`; who steps up, who takes the lead and who is
appointed is in :mod:`journeysim.model.workforce`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import mesa
import numpy as np

from journeysim.model.draws import Draws
from journeysim.model.events import DOWN
from journeysim.vocabulary import ROLES

if TYPE_CHECKING:
    from journeysim.model.model import JourneyModel

ACTIVITIES = ("evaluate", "network", "adapt", "advocate")


def role_weights(p: dict) -> dict[str, dict[str, float]]:
    """How much each organisational level contributes to each activity, from the declared weights.

    Teachers deliver and evaluate; managers hold position and persuade; service
    users bring first-person accounts (001 §MBCT implementers; §Facilitation).
    """
    return {role: {a: p[f"role_weight_{role}_{a}"] for a in ACTIVITIES} for role in ROLES}


class Implementer(mesa.Agent):
    """A champion who drives implementation: a teacher, a manager or a service user.

    State (001 §MBCT implementers): skill, commitment, energy (burnout when
    low), protected time or not, tenure, and whether they hold the lead.
    Each implementer has its own random stream so that its fate is the same
    in two worlds that differ only in strategy (common random numbers).
    """

    def __init__(
        self,
        model: JourneyModel,
        role: str,
        skill: float,
        commitment: float,
        energy: float,
        protected_time: bool,
        lead: bool,
        rng: np.random.Generator,
        career_months: int,
        origin: str,
    ) -> None:
        super().__init__(model)
        self.p = model.p  # the run's parameters (read every month)
        self.role = role
        self.skill = skill
        self.commitment = commitment
        self.energy = energy
        self.protected_time = protected_time
        self.lead = lead
        self.stream = rng
        self.draws = Draws(rng)
        self.tenure = 0
        self.career_months = career_months
        self.origin = origin
        self.stays = False  # a counterfactual where they never leave (the champion_stays intervention)

    @property
    def teaches(self) -> bool:
        """Teacher-implementers are trained MBCT teachers themselves."""
        return self.role == "teacher"

    @property
    def burnt_out(self) -> bool:
        """Energy below the burnout threshold."""
        return self.energy < self.p.burnout_threshold

    def effort(self) -> float:
        """Effort this month: commitment, damped when tired (001 §Discussion: over-extension)."""
        p = self.p
        return self.commitment * (p.effort_floor + p.effort_energy_share * self.energy)

    def contribution(self, activity: str) -> float:
        """Effective effort on one activity (evaluate, network, adapt, advocate)."""
        return self.effort() * self.skill * self.model.role_weights[self.role][activity]

    def tire_and_recover(
        self,
        protected_share: float,
        n_implementers: int,
        support: float,
        pressure: float,
        recovery_factor: float,
        extra_load: float = 0.0,
    ) -> None:
        """Spend energy on the work and recover some (001 §Context: unpaid extra work; §Discussion: burnout).

        Drain is highest for a lone implementer working unprotected in a
        pressured service; protected time, co-implementers and support
        (supervision, an aligned manager) ease it. Equilibrium energy is
        ``1 - drain / recovery``.
        """
        p = self.p
        protected = 1.0 if self.protected_time else protected_share
        share_of_load = p.load_floor + p.load_shared / (n_implementers if n_implementers > 1 else 1)
        drain = (
            p.unpaid_effort_drain
            * self.commitment
            * share_of_load
            * (1.0 + extra_load)
            * (1.0 - protected * (1.0 - p.protected_drain_factor))
            * (1.0 + p.pressure_drain_weight * pressure)
        )
        recovery = p.energy_recovery * recovery_factor * (1.0 + support)
        energy = self.energy + recovery * (1.0 - self.energy) - drain
        energy = energy if energy > 0.0 else 0.0  # min(1, max(0, energy)) as expressions: the same values
        self.energy = energy if energy < 1.0 else 1.0
        self.tenure += 1

    def leaving_reason(self) -> str | None:
        """Draw whether this implementer leaves this month, and why.

        Ordinary turnover (DHSC 2018 about 12% a year) scaled for champions,
        multiplied while burnt out; retirement at the end of their career.
        """
        p = self.p
        u = self.draws.uniform()
        if self.stays:
            return None
        if self.tenure >= self.career_months:
            return "retirement"
        hazard = self.model.monthly_rates.staff_turnover_annual * p.champion_turnover_factor
        if self.burnt_out:
            hazard = min(1.0, hazard * p.burnout_hazard_factor)
            if u < hazard:
                return "burnout"
            return None
        if u < hazard:
            return "turnover"
        return None

    def take_lead(self) -> None:
        """Hold the lead; a formal lead post brings protected time with it."""
        self.lead = True
        if self.model.service.lead_role:
            self.protected_time = True

    def leave(self, m: int, reason: str) -> None:
        """Leave the service; what they carried goes with them unless others remain (001 §Context).

        Networks and local evidence lose a declared share (more when nobody is
        left to carry them). If they held the lead, the most effective remaining
        implementer takes it over; with nobody left, a formal lead post falls vacant.
        """
        model = self.model
        svc, p = model.service, model.p
        was_lead = self.lead
        model.remove_from_roster(self)
        model.departures.append((m, reason, self.role, self.skill, self.commitment))
        rest = model.roster
        loss = p.handover_loss_shared if rest else p.handover_loss_alone
        svc.networks *= 1.0 - loss
        svc.evidence *= 1.0 - p.evidence_handover_share * loss
        effect = f"{len(rest)} implementer(s) remain; networks and local evidence lose {loss:.0%}"
        if was_lead and rest:
            successor = max(rest, key=lambda i: (i.skill * i.commitment, -i.unique_id))
            successor.take_lead()
            effect += f"; a {successor.role} takes the lead"
        elif was_lead and svc.lead_role:
            svc.lead_vacant_until = m + int(p.lead_vacancy_months)
            effect += "; the lead post is vacant"
        model.log.add(
            m,
            "champion_left",
            DOWN,
            "people",
            [reason, f"energy {self.energy:.2f}", f"role {self.role}", "lead" if was_lead else "co-implementer"],
            effect,
        )
