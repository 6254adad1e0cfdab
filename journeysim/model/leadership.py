"""Leadership: managers' stance, training freezes, top-down investment, and new leaders.

Each month the middle manager and the senior leader update their stance
(:mod:`journeysim.model.leaders`). Under pressure an unaligned middle manager
freezes training and diverts teachers to waiting lists (001 §Context). A
senior leader who prioritises MBCT invests one step a month — a formal lead
post, then governance, then MBCT written into the care pathways, then a
commissioned training pathway with supervision,
then an internal apprenticeship, then a request for recurrent funding — and
one who has lost interest in a service short of money withdraws it again
(001 §Top-down and bottom-up; §Pivot points).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from journeysim.model.arrangements import referrals_hold
from journeysim.model.events import DOWN, NEUTRAL, UP
from journeysim.model.leaders import MiddleManager, SeniorLeader
from journeysim.model.streams import draw_view
from journeysim.vocabulary import FUNDED_PATHWAYS, UNFUNDED_PATHWAYS

if TYPE_CHECKING:
    from journeysim.model.model import JourneyModel


# What a senior leader or a national programme invests in the service (the event kinds): top-down investment.
TOP_DOWN_KINDS = frozenset(
    {
        "lead_role_created",
        "governance_established",
        "referral_pathway_established",
        "training_pathway_established",
        "internal_training_established",
        "national_programme",
    }
)


def managers_respond(model: JourneyModel) -> None:
    """Middle manager and senior leader update their stance; training freezes or resumes."""
    svc, mm, sl = model.service, model.middle_manager, model.senior_leader
    case = model.case
    mm.update(case, svc.fit, model.advocacy, model.manager_position, svc.pressure, sl.priority, svc.governance)
    sl.update(case, mm.alignment, svc.networks, model.manager_position, svc.pressure, svc.budget_health, svc.governance)
    frozen = mm.freezes(svc.pressure, svc.training_frozen)
    if frozen == svc.training_frozen:
        return
    svc.training_frozen = frozen
    m = model.steps - 1
    if frozen:
        model.log.add(
            m,
            "training_frozen",
            DOWN,
            "pivot",
            [
                f"pressure {svc.pressure:.2f}",
                f"middle manager alignment {mm.alignment:.2f}",
                f"senior priority {sl.priority:.2f}",
            ],
            "training stopped and teachers diverted to waiting lists",
        )
    else:
        model.log.add(
            m,
            "training_unfrozen",
            UP,
            "pivot",
            [f"pressure {svc.pressure:.2f}", f"middle manager alignment {mm.alignment:.2f}"],
            "training and teaching resume",
        )


def top_down_decisions(model: JourneyModel, m: int) -> None:
    """A senior leader who prioritises MBCT invests, one step a month; one who has lost interest withdraws."""
    svc, leader = model.service, model.senior_leader
    invests = leader.invests()
    withdraws = leader.withdraws(svc.budget_health)
    if not (invests or withdraws):
        return
    why = [
        f"senior priority {leader.priority:.2f}",
        f"case {model.case:.2f}",
        f"middle manager alignment {model.middle_manager.alignment:.2f}",
    ]
    if invests:
        _invest(model, m, why)
    else:
        _withdraw(model, m, why)


def _invest(model: JourneyModel, m: int, why: list[str]) -> None:
    svc, p, leader = model.service, model.p, model.senior_leader
    if not svc.lead_role:
        svc.lead_role = True
        lead = model.lead()
        if lead is not None:
            lead.protected_time = True
        else:
            svc.lead_vacant_until = m + int(p["lead_vacancy_months"])
        model.log.add(m, "lead_role_created", UP, "pivot", why, "a formal MBCT lead post with protected time")
    elif not svc.governance:
        svc.governance = True
        model.log.add(
            m,
            "governance_established",
            UP,
            "pivot",
            why,
            "MBCT gets lines of accountability, finance, quality and risk governance",
        )
    elif not svc.referral_pathway and svc.courses_last_12 >= 1 and referrals_hold(model):
        # Top-down support writes MBCT into the service's care pathways (001 §Top-down and bottom-up), but a
        # mandate cannot make clinicians refer to groups that do not fit their pathways: where fit or the middle
        # manager's support is below the point at which referrals dry up, the leader moves on to the next step.
        svc.referral_pathway = True
        model.log.add(
            m,
            "referral_pathway_established",
            UP,
            "pivot",
            [*why, "service strategy"],
            "senior leaders write MBCT into the service's care pathways",
        )
    elif svc.training_pathway in UNFUNDED_PATHWAYS:
        svc.training_pathway = "commissioned"
        svc.supervision = True
        model.log.add(
            m, "training_pathway_established", UP, "pivot", why, "teacher training commissioned and supervision funded"
        )
    elif (
        svc.training_pathway == "commissioned"
        and model.teachers_total >= p["critical_mass_teachers"] + p["internal_training_extra_teachers"]
        and leader.priority >= p["senior_priority_threshold"] + p["internal_training_priority_margin"]
    ):
        svc.training_pathway = "internal"
        model.log.add(
            m,
            "internal_training_established",
            UP,
            "pivot",
            [*why, f"{model.teachers_total} teachers"],
            "an internal apprenticeship trains the next generation of teachers",
        )
    elif not model.commissioner.requested:
        model.commissioner.requested = True


def _withdraw(model: JourneyModel, m: int, why: list[str]) -> None:
    svc = model.service
    if svc.training_pathway in FUNDED_PATHWAYS and not svc.national_training:
        svc.training_pathway = "ad_hoc"
        model.commissioner.requested = False
        model.log.add(
            m,
            "investment_withdrawn",
            DOWN,
            "pivot",
            [*why, f"budget health {svc.budget_health:.2f}"],
            "training pathway reduced to ad hoc arrangements",
        )
    elif svc.governance and svc.recurrent_funding <= 0:
        svc.governance = False
        model.log.add(m, "governance_dissolved", DOWN, "pivot", why, "MBCT drops out of service governance")


def new_middle_manager(model: JourneyModel, m: int, why: str) -> None:
    """A new middle manager arrives with their own view of MBCT and a first impression of the case."""
    p = model.p
    old = model.middle_manager.alignment
    view = draw_view(model.streams["views"], p["middle_view_mean"], p["view_concentration"])  # its own stream: CRN
    model.middle_manager.remove()
    alignment = min(
        1.0,
        p["new_manager_view_weight"] * view + p["new_manager_case_weight"] * min(p["new_manager_case_cap"], model.case),
    )
    model.middle_manager = MiddleManager(model, view=view, alignment=alignment)
    model.log.add(
        m,
        "new_middle_manager",
        NEUTRAL,
        "people",
        [why],
        f"middle manager alignment {old:.2f} -> {model.middle_manager.alignment:.2f}",
    )


def new_senior_leader(model: JourneyModel, m: int, view: float, causes: list[str], category: str) -> None:
    """A new senior leader with their own view, who discounts the case they inherit (001 §Context)."""
    p = model.p
    old = model.senior_leader.priority
    model.senior_leader.remove()
    inherited = p["new_senior_case_weight"] * model.case * p["new_senior_case_discount"]
    priority = min(1.0, p["new_senior_view_weight"] * view + inherited)  # weights drawn high may sum past 1
    model.senior_leader = SeniorLeader(model, view=view, priority=priority)
    model.log.add(
        m,
        "leadership_change" if category == "shock" else "new_senior_leader",
        UP if model.senior_leader.priority > old else DOWN,
        category,
        causes,
        f"senior priority {old:.2f} -> {model.senior_leader.priority:.2f}",
    )
