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

from journeysim.declare import A, Mechanism, Parameter
from journeysim.model.arrangements import referrals_hold
from journeysim.model.events import DOWN, NEUTRAL, UP
from journeysim.model.streams import draw_view
from journeysim.vocabulary import FUNDED_PATHWAYS, UNFUNDED_PATHWAYS

if TYPE_CHECKING:
    from journeysim.model.model import JourneyModel
    from journeysim.model.record import Month

# The parameters this mechanism reads, here or in the agents it drives (docs/parameters.md lists them under its name).
# fmt: off
DECLARATIONS: tuple[Parameter, ...] = (
    Parameter("manager_adjust_rate", 0.05, "per month", 0.02, 0.1, A,
              "Monthly rate at which a middle manager's alignment follows the case.", "leadership"),
    Parameter("manager_pressure_weight", 0.6, "weight", 0.3, 1.0, "001 §Context (staff diverted to waiting lists)",
              "How strongly pressure turns a middle manager against the work.", "leadership"),
    Parameter("position_influence", 0.3, "weight", 0.1, 0.5, "001 §Facilitation (position held makes it easier)",
              "Extra pull on managers from an implementer who is a manager.", "leadership"),
    Parameter("freeze_pressure", 0.65, "index 0-1", 0.5, 0.85, "001 §Context (training frozen under redesign)",
              "Pressure above which an unaligned middle manager freezes training.", "leadership"),
    Parameter("freeze_alignment", 0.4, "index 0-1", 0.25, 0.55, "001 §Context (misaligned middle managers)",
              "Middle-manager alignment below which they freeze training under pressure.", "leadership"),
    Parameter("protect_alignment", 0.65, "index 0-1", 0.5, 0.8, "001 §Top-down and bottom-up (middle management as hinge)",
              "Middle-manager alignment at which they protect staff time for MBCT.", "leadership"),
    Parameter("middle_view_mean", 0.5, "index 0-1", 0.1, 0.9, "001 §Context (misalignment between middle and senior managers); value assumption",
              "Average own view of MBCT among the service's middle managers (each new one is drawn around it).", "leadership", uncertain=False),
    Parameter("senior_adjust_rate", 0.03, "per month", 0.01, 0.06, A,
              "Monthly rate at which a senior leader's priority follows the case.", "leadership"),
    Parameter("senior_priority_threshold", 0.6, "index 0-1", 0.45, 0.75, "001 §Top-down and bottom-up (strategic priority)",
              "Senior priority at which top-down investment begins.", "leadership"),
    Parameter("middle_weight_view", 0.3, "weight", 0.15, 0.45, "001 §Context (managers' own views differ); value assumption",
              "Weight of a middle manager's own view in the alignment they move toward.", "leadership"),
    Parameter("middle_weight_case", 0.25, "weight", 0.1, 0.4, "001 §Facilitators (evidence persuades); value assumption",
              "Weight of the strength of the case.", "leadership"),
    Parameter("middle_weight_fit", 0.15, "weight", 0.05, 0.3, "001 §Fit; value assumption",
              "Weight of fit with the service.", "leadership"),
    Parameter("middle_weight_advocacy", 0.3, "weight", 0.15, 0.45, "001 §Facilitation (champions persuade managers); value assumption",
              "Weight of implementers' advocacy.", "leadership"),
    Parameter("middle_weight_senior", 0.2, "weight", 0.1, 0.3, "001 §Top-down and bottom-up; value assumption",
              "Weight of the senior leader's priority.", "leadership"),
    Parameter("middle_governance_bonus", 0.1, "index 0-1", 0.0, 0.2, "001 §Pivot points (governance structures); value assumption",
              "Extra pull when MBCT sits in the service's governance.", "leadership"),
    Parameter("middle_pressure_reference", 0.3, "index 0-1", 0.1, 0.5, A,
              "Pressure at which it neither turns a middle manager against the work nor for it (below it, calm raises alignment).", "leadership"),
    Parameter("freeze_hysteresis", 0.05, "index 0-1", 0.0, 0.1, A,
              "How far pressure must fall (and alignment rise) below the freezing thresholds to lift a freeze.", "leadership"),
    Parameter("new_manager_view_weight", 0.5, "weight", 0.3, 0.7, A,
              "Weight of a new middle manager's own view in their starting alignment.", "leadership"),
    Parameter("new_manager_case_weight", 0.5, "weight", 0.3, 0.7, A,
              "Weight of the case in a new middle manager's starting alignment.", "leadership"),
    Parameter("new_manager_case_cap", 0.6, "index 0-1", 0.4, 0.8, A,
              "Most that the case counts for a newcomer who has not yet seen the service work.", "leadership"),
    Parameter("senior_weight_view", 0.25, "weight", 0.1, 0.4, "001 §Context (a chief executive open to it); value assumption",
              "Weight of a senior leader's own view in the priority they move toward.", "leadership"),
    Parameter("senior_weight_case", 0.3, "weight", 0.15, 0.45, "001 §Facilitators; value assumption",
              "Weight of the strength of the case.", "leadership"),
    Parameter("senior_weight_middle", 0.35, "weight", 0.2, 0.5, "001 §Top-down and bottom-up (middle managers carry the message up); value assumption",
              "Weight of middle managers' alignment.", "leadership"),
    Parameter("senior_weight_networks", 0.15, "weight", 0.05, 0.3, "001 §MBCT implementers (networks); value assumption",
              "Weight of the service's networks.", "leadership"),
    Parameter("senior_governance_bonus", 0.1, "index 0-1", 0.0, 0.2, A,
              "Extra pull when MBCT sits in the service's governance.", "leadership"),
    Parameter("senior_position_share", 0.5, "ratio", 0.2, 1.0, "001 §Facilitation (position held); value assumption",
              "Share of a manager-implementer's influence that reaches the senior leader.", "leadership"),
    Parameter("senior_pressure_weight", 0.3, "weight", 0.1, 0.5, "001 §Context (pressure and disinvestment); value assumption",
              "How much pressure in a service short of money lowers senior priority.", "leadership"),
    Parameter("new_senior_view_weight", 0.6, "weight", 0.4, 0.8, A,
              "Weight of a new senior leader's own view in their starting priority.", "leadership"),
    Parameter("new_senior_case_weight", 0.4, "weight", 0.2, 0.6, A,
              "Weight of the case in a new senior leader's starting priority.", "leadership"),
    Parameter("new_senior_case_discount", 0.8, "ratio", 0.5, 1.0, A,
              "How much a newcomer discounts the case they inherit.", "leadership"),
    Parameter("view_concentration", 4.0, "Beta concentration", 2.0, 10.0, A,
              "Concentration of the Beta distribution of leaders' own views around their tier's mean.", "leadership"),
    Parameter("withdraw_priority_margin", 0.3, "index 0-1", 0.15, 0.45, "001 §Pivot points (resources withdrawn); value assumption",
              "How far senior priority must fall below the investment threshold before investment is withdrawn.", "leadership"),
    Parameter("withdraw_budget", 0.45, "index 0-1", 0.3, 0.6, "001 §Context (historic disinvestment); value assumption",
              "Budget health below which a leader who has lost interest withdraws investment.", "leadership"),
    Parameter("internal_training_extra_teachers", 2, "teachers", 1, 4, "001 §Training and supervision (internal apprenticeships need experienced teachers); value assumption",
              "Teachers beyond a critical mass needed before leaders set up internal training.", "leadership"),
    Parameter("internal_training_priority_margin", 0.1, "index 0-1", 0.0, 0.2, A,
              "Senior priority above the investment threshold needed to set up internal training.", "leadership"),
)
DECLARED = Mechanism(
    "leadership",
    "Managers and leaders respond to the case; top-down decisions on governance, a lead, training and freezes.",
    parameters=DECLARATIONS,
    state=("governance", "lead_role", "training_pathway", "training_frozen", "lead_vacant_until"),
    columns=("middle_alignment", "senior_priority", "training_pathway", "training_frozen", "lead_present"),
    modules=("leaders",),
)
# fmt: on


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


def managers_respond(model: JourneyModel, month: Month) -> None:
    """Middle manager and senior leader update their stance; training freezes or resumes."""
    svc, mm, sl = model.service, model.middle_manager, model.senior_leader
    case = model.case
    position = month.manager_position
    mm.update(case, svc.fit, month.advocacy, position, svc.pressure, sl.priority, svc.governance)
    sl.update(case, mm.alignment, svc.networks, position, svc.pressure, svc.budget_health, svc.governance)
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


def top_down_decisions(model: JourneyModel, month: Month) -> None:
    """A senior leader who prioritises MBCT invests, one step a month; one who has lost interest withdraws."""
    leader = model.senior_leader
    if leader.invests():
        _invest(model, month.m)
    elif leader.withdraws(model.service.budget_health):
        _withdraw(model, month.m)


def _why(model: JourneyModel) -> list[str]:
    """Why a top-down decision was taken, for the log (made only when one is logged)."""
    return [
        f"senior priority {model.senior_leader.priority:.2f}",
        f"case {model.case:.2f}",
        f"middle manager alignment {model.middle_manager.alignment:.2f}",
    ]


def _invest(model: JourneyModel, m: int) -> None:
    svc, p, leader = model.service, model.p, model.senior_leader
    if not svc.lead_role:
        svc.lead_role = True
        lead = model.lead()
        if lead is not None:
            lead.protected_time = True
        else:
            svc.lead_vacant_until = m + int(p.lead_vacancy_months)
        model.log.add(m, "lead_role_created", UP, "pivot", _why(model), "a formal MBCT lead post with protected time")
    elif not svc.governance:
        svc.governance = True
        model.log.add(
            m,
            "governance_established",
            UP,
            "pivot",
            _why(model),
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
            [*_why(model), "service strategy"],
            "senior leaders write MBCT into the service's care pathways",
        )
    elif svc.training_pathway in UNFUNDED_PATHWAYS:
        svc.training_pathway = "commissioned"
        svc.supervision = True
        model.log.add(
            m,
            "training_pathway_established",
            UP,
            "pivot",
            _why(model),
            "teacher training commissioned and supervision funded",
        )
    elif (
        svc.training_pathway == "commissioned"
        and model.teachers_total >= p.critical_mass_teachers + p.internal_training_extra_teachers
        and leader.priority >= p.senior_priority_threshold + p.internal_training_priority_margin
    ):
        svc.training_pathway = "internal"
        model.log.add(
            m,
            "internal_training_established",
            UP,
            "pivot",
            [*_why(model), f"{model.teachers_total} teachers"],
            "an internal apprenticeship trains the next generation of teachers",
        )
    elif not model.commissioner.requested:
        model.commissioner.requested = True


def _withdraw(model: JourneyModel, m: int) -> None:
    svc = model.service
    if svc.training_pathway in FUNDED_PATHWAYS and not svc.national_training:
        svc.training_pathway = "ad_hoc"
        model.commissioner.requested = False
        model.log.add(
            m,
            "investment_withdrawn",
            DOWN,
            "pivot",
            [*_why(model), f"budget health {svc.budget_health:.2f}"],
            "training pathway reduced to ad hoc arrangements",
        )
    elif svc.governance and svc.recurrent_funding <= 0:
        svc.governance = False
        model.log.add(m, "governance_dissolved", DOWN, "pivot", _why(model), "MBCT drops out of service governance")


def new_middle_manager(model: JourneyModel, m: int, why: str) -> None:
    """A new middle manager arrives with their own view of MBCT and a first impression of the case."""
    p = model.p
    old = model.middle_manager.alignment
    view = draw_view(model.streams["views"], p.middle_view_mean, p.view_concentration)  # its own stream: CRN
    model.middle_manager.remove()
    alignment = min(
        1.0,
        p.new_manager_view_weight * view + p.new_manager_case_weight * min(p.new_manager_case_cap, model.case),
    )
    from journeysim.model.leaders import MiddleManager  # a Mesa agent: imported where one is made

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
    inherited = p.new_senior_case_weight * model.case * p.new_senior_case_discount
    priority = min(1.0, p.new_senior_view_weight * view + inherited)  # weights drawn high may sum past 1
    from journeysim.model.leaders import SeniorLeader

    model.senior_leader = SeniorLeader(model, view=view, priority=priority)
    model.log.add(
        m,
        "leadership_change" if category == "shock" else "new_senior_leader",
        UP if model.senior_leader.priority > old else DOWN,
        category,
        causes,
        f"senior priority {old:.2f} -> {model.senior_leader.priority:.2f}",
    )
