"""Middle managers and senior leaders: the top-down side of the journey (001 §Top-down and bottom-up).

A middle manager is the hinge between bottom-up effort and top-down support:
they respond to the case, fit and champions' advocacy, freeze training under
pressure when unaligned, and protect staff time when aligned. A senior leader
sets strategic priority; what their investment does to the service is in
:mod:`journeysim.model.leadership`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import mesa

if TYPE_CHECKING:
    from journeysim.model.model import JourneyModel


class MiddleManager(mesa.Agent):
    """The hinge between bottom-up effort and top-down support (001 §Top-down and bottom-up).

    Alignment follows the case, fit and implementers' advocacy, and falls with
    pressure. An unaligned manager under pressure freezes training and diverts
    staff (001 §Context); a well-aligned one protects staff time.
    """

    def __init__(self, model: JourneyModel, view: float, alignment: float) -> None:
        super().__init__(model)
        self.p = model.p  # the run's parameters (read every month)
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
        other way (001 §Context, §Top-down and bottom-up; weights declared).
        """
        p = self.p
        target = (
            p.middle_weight_view * self.view
            + p.middle_weight_case * case
            + p.middle_weight_fit * fit
            + p.middle_weight_advocacy * advocacy
            + p.middle_weight_senior * senior_priority
            + (p.middle_governance_bonus if governance else 0.0)
            + p.position_influence * position
            - p.manager_pressure_weight * (pressure - p.middle_pressure_reference)
        )
        target = target if target > 0.0 else 0.0  # max(0, min(1, target)) as expressions: the same values, cheaper
        target = target if target < 1.0 else 1.0
        self.alignment += p.manager_adjust_rate * (target - self.alignment)
        self.months_in_post += 1

    def freezes(self, pressure: float, frozen_now: bool) -> bool:
        """Whether training is frozen this month (with a small hysteresis; 001 §Context)."""
        p = self.p
        slack = p.freeze_hysteresis if frozen_now else 0.0
        return pressure >= p.freeze_pressure - slack and self.alignment < p.freeze_alignment + slack

    def protects(self) -> bool:
        """Whether the manager protects staff time for MBCT."""
        return self.alignment >= self.p.protect_alignment


class SeniorLeader(mesa.Agent):
    """Sets strategic priority and makes top-down investment (001 §Top-down and bottom-up).

    Priority follows the case and, above all, middle managers' alignment:
    senior leaders hear about MBCT through the organisation unless an
    implementer holds a senior position.
    """

    def __init__(self, model: JourneyModel, view: float, priority: float) -> None:
        super().__init__(model)
        self.p = model.p  # the run's parameters (read every month)
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
        """Move priority one month toward what the situation warrants (weights declared)."""
        p = self.p
        target = (
            p.senior_weight_view * self.view
            + p.senior_weight_case * case
            + p.senior_weight_middle * middle_alignment
            + p.senior_weight_networks * networks
            + (p.senior_governance_bonus if governance else 0.0)
            + p.senior_position_share * p.position_influence * position
            - p.senior_pressure_weight * pressure * (1.0 - budget_health)
        )
        target = target if target > 0.0 else 0.0  # max(0, min(1, target)) as expressions: the same values, cheaper
        target = target if target < 1.0 else 1.0
        self.priority += p.senior_adjust_rate * (target - self.priority)

    def invests(self) -> bool:
        """Whether MBCT is a strategic priority that attracts investment."""
        return self.priority >= self.p.senior_priority_threshold

    def withdraws(self, budget_health: float) -> bool:
        """Whether a leader who has lost interest, in a service short of money, withdraws investment."""
        p = self.p
        return (
            self.priority < p.senior_priority_threshold - p.withdraw_priority_margin
            and budget_health < p.withdraw_budget
        )
