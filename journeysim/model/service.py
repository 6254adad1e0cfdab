"""A service's resources, context, fit, case and structures.

Plain state; the mechanisms that change it live in modules named after what they
do in the service (see the table in :mod:`journeysim.model.model`).
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field


@dataclass(slots=True)
class Service:
    """One health service (a trust, board or team) delivering MBCT.

    Resources (001 §Context, §Training and supervision): recurrent funding,
    one-off money, trained teachers and trainees, supervision, a training
    pathway. Context: pressure, culture, stability, budget health. Fit and
    the strength of the case (guidance plus local evidence, 001 §Facilitators),
    networks, and structures: referral pathway, governance, a lead role.
    """

    name: str
    pressure: float
    culture: float
    stability: float
    budget_health: float
    budget_baseline: float
    pressure_baseline: float
    culture_baseline: float
    recurrent_funding: float
    one_off_funds: float
    pool_teachers: int
    supervision: bool
    training_pathway: str
    fidelity_stance: str
    succession_planning: bool
    fit: float
    evidence: float
    networks: float
    guidance: float
    referral_pathway: bool
    governance: bool
    lead_role: bool
    recovery_factor: float
    trainees: list[int] = field(default_factory=list)  # graduation months
    courses_window: deque = field(default_factory=lambda: deque([0] * 12, maxlen=12))
    course_progress: float = 0.0
    staff_course_progress: float = 0.0
    course_held_months: int = 0  # months a due course has waited for enough referrals
    training_frozen: bool = False
    national_training: bool = False
    programme_supervision: bool = False
    external_supervision: bool = False  # supervision offered by a linked service or a national network
    network_supervision: bool = False  # peer supervision through a national practitioners' network
    protected_champions: bool = False  # a policy puts champions' MBCT work in their job plans
    lead_vacant_until: int | None = None
    funding_since: int = 0  # month the current funding line opened
    courses_total: int = 0
    participants_total: int = 0
    cost_total: float = 0.0
    # Demand (model/delivery.py): people at risk served, referrals waiting, what courses met.
    service_type: str = "secondary_care"
    catchment_adults: float = 0.0
    waiting: float = 0.0
    course_due: float = 1.0  # course capacity needed before the next course starts (stochastic timing)
    referrals_total: float = 0.0
    eligible_total: float = 0.0
    places_total: int = 0
    cancelled_total: int = 0
    last_course_month: int | None = None
    # Commissioning memory and time-limited money (model/commissioner.py, model/funding.py).
    decommissioned_case: float | None = None  # the case when the line was closed; a new case must beat it
    grants: list = field(default_factory=list)  # time-limited, non-recurrent money (funding.Grant)
    # National history (model/national.py): the pandemic's suspension of groups and the move online.
    delivery_suspended_until: int | None = None
    online_groups: bool = False
    staff_courses_total: int = 0

    courses_last_12: int = -1  # running total of courses_window, kept by add_courses

    def __post_init__(self) -> None:
        self.courses_last_12 = sum(self.courses_window)

    def add_courses(self, n: int) -> None:
        """Record this month's courses, dropping the month that leaves the 12-month window."""
        self.courses_last_12 += n - self.courses_window[0]
        self.courses_window.append(n)

    def recount_courses(self) -> None:
        """Recompute the running total after the window was edited directly."""
        self.courses_last_12 = sum(self.courses_window)
