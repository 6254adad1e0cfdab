"""The people in a service: implementers, middle managers, senior leaders, commissioners.

Each class holds one kind of person's state and the small behaviours the
study attributes to them. The model orchestrates the month; agents never
touch files, plots or each other's internals beyond what is passed in.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import mesa
import numpy as np

from journeysim.model.draws import Draws

if TYPE_CHECKING:
    from journeysim.model.model import JourneyModel

# How much each organisational level contributes to each activity
# (001 §MBCT implementers: teachers deliver and evaluate; managers hold position;
# service users bring first-person accounts and networks). Assumption in magnitude.
ROLE_WEIGHTS: dict[str, dict[str, float]] = {
    "teacher": {"evaluate": 1.0, "network": 1.0, "adapt": 1.0, "advocate": 0.7},
    "manager": {"evaluate": 0.5, "network": 1.0, "adapt": 0.8, "advocate": 1.5},
    "service_user": {"evaluate": 0.6, "network": 0.8, "adapt": 0.4, "advocate": 0.8},
}


def monthly(annual_probability: float) -> float:
    """Monthly probability equivalent to an annual probability."""
    return 1.0 - (1.0 - min(annual_probability, 0.999999)) ** (1.0 / 12.0)


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

    @property
    def teaches(self) -> bool:
        """Teacher-implementers are trained MBCT teachers themselves."""
        return self.role == "teacher"

    @property
    def burnt_out(self) -> bool:
        """Energy below the burnout threshold."""
        return self.energy < self.model.p["burnout_threshold"]

    def effort(self) -> float:
        """Effort this month: commitment, damped when tired."""
        return self.commitment * (0.4 + 0.6 * self.energy)

    def contribution(self, activity: str) -> float:
        """Effective effort on one activity (evaluate, network, adapt, advocate)."""
        return self.effort() * self.skill * ROLE_WEIGHTS[self.role][activity]

    def tire_and_recover(
        self,
        protected_share: float,
        n_implementers: int,
        support: float,
        pressure: float,
        recovery_factor: float,
        extra_load: float = 0.0,
    ) -> None:
        """Spend energy on the work and recover some (001 §Discussion: over-extension, burnout).

        Drain is highest for a lone implementer working unprotected in a
        pressured service; protected time, co-implementers and support
        (supervision, an aligned manager) ease it. Equilibrium energy is
        ``1 - drain / recovery``.
        """
        p = self.model.p
        protected = 1.0 if self.protected_time else protected_share
        share_of_load = 0.6 + 0.4 / max(1, n_implementers)
        drain = (
            p["unpaid_effort_drain"]
            * self.commitment
            * share_of_load
            * (1.0 + extra_load)
            * (1.0 - protected * (1.0 - p["protected_drain_factor"]))
            * (1.0 + 0.5 * pressure)
        )
        recovery = p["energy_recovery"] * recovery_factor * (1.0 + support)
        self.energy = min(1.0, max(0.0, self.energy + recovery * (1.0 - self.energy) - drain))
        self.tenure += 1

    def leaving_reason(self) -> str | None:
        """Draw whether this implementer leaves this month, and why.

        Ordinary turnover (DHSC 2018 ~12%/yr) scaled for champions, multiplied
        while burnt out; retirement at the end of their career.
        """
        p = self.model.p
        u = self.draws.uniform()
        if self.tenure >= self.career_months:
            return "retirement"
        hazard = self.model.monthly_rate("staff_turnover_annual") * p["champion_turnover_factor"]
        if self.burnt_out:
            hazard = min(1.0, hazard * p["burnout_hazard_factor"])
            if u < hazard:
                return "burnout"
            return None
        if u < hazard:
            return "turnover"
        return None


class MiddleManager(mesa.Agent):
    """The hinge between bottom-up effort and top-down support (001 §Top-down and bottom-up).

    Alignment follows the case, fit and implementers' advocacy, and falls with
    pressure. An unaligned manager under pressure freezes training and diverts
    staff (001 §Context); a well-aligned one protects staff time.
    """

    def __init__(self, model: JourneyModel, view: float, alignment: float) -> None:
        super().__init__(model)
        self.view = view
        self.alignment = alignment
        self.months_in_post = 0

    def update(
        self,
        case: float,
        fit: float,
        advocacy: float,
        position: float,
        pressure: float,
        senior_priority: float,
        governance: bool,
    ) -> None:
        """Move alignment one month toward what the situation warrants.

        The pull comes from the manager's own view, the case, fit,
        implementers' advocacy (stronger from a fellow manager), the senior
        leader's priority and MBCT's place in governance; pressure pushes the
        other way (weights are assumptions; 001 §Context, §Top-down and bottom-up).
        """
        p = self.model.p
        target = (
            0.3 * self.view
            + 0.25 * case
            + 0.15 * fit
            + 0.3 * advocacy
            + 0.2 * senior_priority
            + (0.1 if governance else 0.0)
            + p["position_influence"] * position
            - p["manager_pressure_weight"] * (pressure - 0.3)
        )
        target = min(1.0, max(0.0, target))
        self.alignment += p["manager_adjust_rate"] * (target - self.alignment)
        self.months_in_post += 1

    def freezes(self, pressure: float, frozen_now: bool) -> bool:
        """Whether training is frozen this month (with a small hysteresis)."""
        p = self.model.p
        slack = 0.05 if frozen_now else 0.0
        return pressure >= p["freeze_pressure"] - slack and self.alignment < p["freeze_alignment"] + slack

    def protects(self) -> bool:
        """Whether the manager protects staff time for MBCT."""
        return self.alignment >= self.model.p["protect_alignment"]


class SeniorLeader(mesa.Agent):
    """Sets strategic priority and makes top-down investment (001 §Top-down and bottom-up).

    Priority follows the case and, above all, middle managers' alignment:
    senior leaders hear about MBCT through the organisation unless an
    implementer holds a senior position.
    """

    def __init__(self, model: JourneyModel, view: float, priority: float) -> None:
        super().__init__(model)
        self.view = view
        self.priority = priority

    def update(
        self,
        case: float,
        middle_alignment: float,
        networks: float,
        position: float,
        pressure: float,
        budget_health: float,
        governance: bool,
    ) -> None:
        """Move priority one month toward what the situation warrants."""
        p = self.model.p
        target = (
            0.25 * self.view
            + 0.3 * case
            + 0.35 * middle_alignment
            + 0.15 * networks
            + (0.1 if governance else 0.0)
            + 0.5 * p["position_influence"] * position
            - 0.3 * pressure * (1.0 - budget_health)
        )
        target = min(1.0, max(0.0, target))
        self.priority += p["senior_adjust_rate"] * (target - self.priority)

    def invests(self) -> bool:
        """Whether MBCT is a strategic priority that attracts investment."""
        return self.priority >= self.model.p["senior_priority_threshold"]


class Commissioner(mesa.Agent):
    """Funds services on evidence, guidance and budget (001 §Facilitators; brief §2 Evidence).

    Reviews the service once a year. A funding line opens when the
    commissioning score passes the threshold, and is withdrawn only when the
    score falls well below it.
    """

    def __init__(self, model: JourneyModel, rng: np.random.Generator) -> None:
        super().__init__(model)
        self.stream = rng
        self.requested = False

    def score(self, case: float, senior_priority: float, budget_health: float) -> float:
        """Commissioning score with a little judgement noise."""
        noise = float(self.stream.normal(0.0, 0.05))
        return 0.45 * case + 0.35 * senior_priority + 0.2 * budget_health + (0.05 if self.requested else 0.0) + noise


def draw_view(rng: np.random.Generator, mean: float) -> float:
    """A person's own view of MBCT: Beta-distributed around the tier's mean (concentration 4)."""
    return float(rng.beta(4.0 * mean, 4.0 * (1.0 - mean)))


def exponential_months(rng: np.random.Generator, mean_years: float) -> int:
    """A duration in whole months drawn from an exponential with the given mean."""
    return max(1, math.ceil(rng.exponential(mean_years * 12.0)))
