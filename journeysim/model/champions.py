"""What champions' work does to a service: evidence, networks, fit, advocacy and their own energy.

Each month the implementers in post evaluate, network, adapt MBCT to the
service and advocate for it (001 §MBCT implementers; §Facilitators; §Fit).
Several implementers at different organisational levels combine with a bonus
for each extra level (complementary skills, one agenda). Local evidence and
networks fade unless renewed; fit erodes as the context moves on. Then each
implementer tires and recovers (:meth:`Implementer.tire_and_recover`): this is
where champions burn out.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from journeysim.declare import A, Mechanism, Parameter
from journeysim.model import funding

if TYPE_CHECKING:
    from journeysim.model.model import JourneyModel
    from journeysim.model.record import Month

# The parameters this mechanism reads, here or in the agents it drives (docs/parameters.md lists them under its name).
# fmt: off
DECLARATIONS: tuple[Parameter, ...] = (
    Parameter("champion_turnover_factor", 0.8, "ratio", 0.5, 1.2, A,
              "Committed champions leave at this multiple of the ordinary rate.", "people"),
    Parameter("burnout_hazard_factor", 4.0, "ratio", 2.0, 8.0, "001 §Discussion (over-extended champions burn out and leave); value assumption",
              "Multiplier on an implementer's leaving hazard while burnt out.", "people"),
    Parameter("burnout_threshold", 0.25, "energy 0-1", 0.1, 0.4, A,
              "Energy below which an implementer counts as burnt out.", "people"),
    Parameter("energy_recovery", 0.06, "per month", 0.03, 0.1, A,
              "Monthly recovery of an implementer's energy toward full.", "people"),
    Parameter("unpaid_effort_drain", 0.035, "energy per month", 0.02, 0.07, "001 §Context (extra unpaid work, running on enthusiasm); value assumption",
              "Energy an implementer spends each month working without protected time.", "people"),
    Parameter("protected_drain_factor", 0.35, "ratio", 0.2, 0.6, A,
              "Fraction of that drain that remains when time is protected.", "people"),
    Parameter("succession_effort", 0.1, "ratio", 0.0, 0.3, A,
              "Extra load on implementers while they mentor successors (the cost of succession planning).", "people"),
    Parameter("handover_loss_alone", 0.6, "fraction", 0.3, 0.9, "001 §Context ('the service would die with me'); value assumption",
              "Share of networks and local evidence lost when the last implementer leaves.", "people"),
    Parameter("handover_loss_shared", 0.1, "fraction", 0.0, 0.3, A,
              "Share lost when an implementer leaves but others remain.", "people"),
    Parameter("complementarity_bonus", 0.25, "per extra role", 0.0, 0.5, "001 §MBCT implementers (several implementers, complementary skills)",
              "Extra effectiveness for each additional organisational level among implementers.", "people"),
    Parameter("lead_vacancy_months", 6, "months", 2, 12, A,
              "Months to fill a formal lead role after its holder leaves.", "people"),
    Parameter("gold_standard_evidence_factor", 1.3, "ratio", 1.0, 1.6, "001 §Training and supervision; value assumption",
              "Strength of local evidence under a gold-standard stance.", "training"),
    Parameter("evaluation_rate", 0.025, "per month", 0.01, 0.05, "001 §Facilitators (audits, evaluations, pilots)",
              "Local evidence a skilled, fully engaged implementer builds per month.", "evidence"),
    Parameter("evidence_decay_annual", 0.15, "per year", 0.05, 0.3, A,
              "Annual fading of local evidence that is not renewed.", "evidence"),
    Parameter("fit_adaptation_rate", 0.03, "per month", 0.01, 0.06, "001 §Fit (adapting to make it fit)",
              "Progress toward the attainable fit per month of skilled effort.", "fit"),
    Parameter("fit_erosion_annual", 0.08, "per year", 0.0, 0.3, "001 §Fit (fit must be continually re-evaluated)",
              "Annual erosion of fit as the context moves on.", "fit"),
    Parameter("fit_pressure_penalty", 0.3, "index 0-1", 0.1, 0.5, "001 §Fit (focus on acute and urgent targets)",
              "How much pressure lowers the attainable fit.", "fit"),
    Parameter("networking_rate", 0.03, "per month", 0.01, 0.06, "001 §MBCT implementers (networks)",
              "Network growth per month of engaged effort.", "fit"),
    Parameter("networks_decay_annual", 0.2, "per year", 0.1, 0.4, A,
              "Annual fading of networks that are not tended.", "fit"),
    Parameter("role_weight_teacher_evaluate", 1.0, "weight", 0.6, 1.4, "001 §MBCT implementers (teachers deliver and evaluate); value assumption",
              "How much a teacher-implementer's effort builds local evidence (the reference role).", "implementers"),
    Parameter("role_weight_teacher_network", 1.0, "weight", 0.6, 1.4, "001 §MBCT implementers (networks); value assumption",
              "How much a teacher-implementer's effort grows networks.", "implementers"),
    Parameter("role_weight_teacher_adapt", 1.0, "weight", 0.6, 1.4, "001 §Fit (teachers adapt the programme); value assumption",
              "How much a teacher-implementer's effort improves fit.", "implementers"),
    Parameter("role_weight_teacher_advocate", 0.7, "weight", 0.4, 1.0, "001 §Facilitation (position held); value assumption",
              "How much a teacher-implementer's effort persuades managers.", "implementers"),
    Parameter("role_weight_manager_evaluate", 0.5, "weight", 0.2, 0.8, A,
              "How much a manager-implementer's effort builds local evidence.", "implementers"),
    Parameter("role_weight_manager_network", 1.0, "weight", 0.6, 1.4, "001 §MBCT implementers (networks); value assumption",
              "How much a manager-implementer's effort grows networks.", "implementers"),
    Parameter("role_weight_manager_adapt", 0.8, "weight", 0.5, 1.1, A,
              "How much a manager-implementer's effort improves fit.", "implementers"),
    Parameter("role_weight_manager_advocate", 1.5, "weight", 1.0, 2.0, "001 §Facilitation (a manager's position makes it easier)",
              "How much a manager-implementer's effort persuades managers.", "implementers"),
    Parameter("role_weight_service_user_evaluate", 0.6, "weight", 0.3, 0.9, "001 §Facilitators (first-person accounts); value assumption",
              "How much a service-user implementer's effort builds local evidence.", "implementers"),
    Parameter("role_weight_service_user_network", 0.8, "weight", 0.5, 1.1, A,
              "How much a service-user implementer's effort grows networks.", "implementers"),
    Parameter("role_weight_service_user_adapt", 0.4, "weight", 0.2, 0.7, A,
              "How much a service-user implementer's effort improves fit.", "implementers"),
    Parameter("role_weight_service_user_advocate", 0.8, "weight", 0.5, 1.1, A,
              "How much a service-user implementer's effort persuades managers.", "implementers"),
    Parameter("reference_effort", 0.4, "effort x skill", 0.3, 0.5, A,
              "Effort times skill of a reference champion; the team's contributions are measured against it.", "implementers"),
    Parameter("effort_floor", 0.4, "fraction", 0.2, 0.6, "001 §Discussion (tired champions keep going on commitment); value assumption",
              "Share of an implementer's commitment still put in at zero energy.", "implementers"),
    Parameter("effort_energy_share", 0.6, "fraction", 0.4, 0.8, A,
              "Share of an implementer's effort that depends on their energy.", "implementers"),
    Parameter("effort_saturation", 1.5, "reference champions", 1.0, 2.5, A,
              "Most reference champions' worth of effort that one activity can absorb in a month.", "implementers"),
    Parameter("advocacy_scale", 3.0, "reference champions", 2.0, 4.0, A,
              "Reference champions' worth of advocacy that fully persuades managers (and drives bottom-up training).", "implementers"),
    Parameter("lead_adapt_boost", 1.0, "reference champions", 0.5, 1.5, "001 §Fit (MBCT integrated into pathways once a lead has a remit); value assumption",
              "Extra adaptation work done by a lead with a formal role inside service governance.", "implementers"),
    Parameter("load_floor", 0.6, "fraction", 0.4, 0.8, "001 §MBCT implementers (several implementers share the work); value assumption",
              "Share of the load each implementer carries however many share it.", "implementers"),
    Parameter("load_shared", 0.4, "fraction", 0.2, 0.6, A,
              "Share of the load that is divided between implementers.", "implementers"),
    Parameter("pressure_drain_weight", 0.5, "ratio", 0.2, 1.0, "001 §Context (pressure, waiting lists); value assumption",
              "How much service pressure adds to an implementer's drain (at full pressure).", "implementers"),
    Parameter("support_supervision", 0.3, "ratio", 0.1, 0.5, "001 §Training and supervision (supervision nourishes teachers); value assumption",
              "Extra recovery of energy when teachers are supervised.", "implementers"),
    Parameter("support_manager", 0.3, "ratio", 0.1, 0.5, "001 §Top-down and bottom-up (middle managers' support); value assumption",
              "Extra recovery of energy from a fully aligned middle manager.", "implementers"),
    Parameter("support_colleagues", 0.3, "ratio", 0.1, 0.5, "001 §MBCT implementers (not working alone); value assumption",
              "Extra recovery of energy when more than one implementer shares the work.", "implementers"),
    Parameter("evidence_handover_share", 0.5, "ratio", 0.2, 0.8, "001 §Context (know-how leaves with people); value assumption",
              "Local evidence lost when an implementer leaves, relative to the networks lost.", "implementers"),
    Parameter("fit_ceiling_floor", 0.1, "index 0-1", 0.0, 0.2, A,
              "Lowest fit attainable however hostile the service.", "fit"),
    Parameter("fit_ceiling_base", 0.5, "index 0-1", 0.3, 0.7, "001 §Fit; value assumption",
              "Fit attainable in a service with a medical-model culture and no pressure.", "fit"),
    Parameter("fit_culture_weight", 0.5, "index 0-1", 0.3, 0.7, "003 theme 3 (a culture of wellbeing helps MBCT fit)",
              "Extra attainable fit in a wellbeing culture.", "fit"),
    Parameter("peer_evidence_share", 0.5, "ratio", 0.2, 0.8, "001 §Facilitators (evidence from elsewhere); value assumption",
              "Local evidence borrowed along links, relative to the networks grown.", "population"),
    Parameter("peer_spread_rate", 0.02, "per month", 0.0, 0.05, "001 §MBCT implementers (regional networks, special interest groups); value assumption",
              "Monthly growth of networks (and half that of local evidence) per unit of MBCT activity along a service's links.", "population"),
)
DECLARED = Mechanism(
    "champions",
    "Implementers evaluate, network, adapt and advocate; they tire, recover and may burn out.",
    parameters=DECLARATIONS,
    state=("evidence", "networks", "fit"),
    columns=("evidence", "networks", "fit", "mean_energy"),
    modules=("implementer",),
)
# fmt: on


def implementers_work(model: JourneyModel, month: Month) -> None:
    """Champions evaluate, network, adapt and advocate; their energy follows the load."""
    svc, p, imps = model.service, model.p, model.roster
    if not imps and not (svc.governance and svc.lead_role):
        # Nobody to build anything (advocacy and a manager's position stay 0): evidence, networks and fit fade.
        monthly = model.monthly_rates
        svc.evidence -= svc.evidence * monthly.evidence_decay_annual
        svc.networks -= svc.networks * monthly.networks_decay_annual
        svc.fit -= svc.fit * monthly.fit_erosion_annual
        return
    n = len(imps)
    roles = {i.role for i in imps}
    bonus = 1.0 + p.complementarity_bonus * (len(roles) - 1 if roles else 0)  # max(0, len - 1): the same value
    gold = p.gold_standard_evidence_factor if svc.fidelity_stance == "gold_standard" else 1.0
    weights = model.role_weights
    # Contributions are measured against a reference champion's effort x skill.
    evaluate = network = adapt = advocate = 0.0
    for imp in imps:
        c = imp.effort() * imp.skill
        w = weights[imp.role]
        evaluate += c * w["evaluate"]
        network += c * w["network"]
        adapt += c * w["adapt"]
        advocate += c * w["advocate"]
    scale = bonus / p.reference_effort
    evaluate, network, adapt = evaluate * scale, network * scale, adapt * scale
    if svc.governance and svc.lead_role:
        adapt += p.lead_adapt_boost  # a lead with a remit integrates MBCT into pathways (001 §Fit)
    # Conditional expressions, not min()/max(): the same values (min(a, b) is b if b < a else a), every month.
    cap = p.effort_saturation
    advocacy = advocate * scale / p.advocacy_scale
    month.advocacy = advocacy if advocacy < 1.0 else 1.0
    month.manager_position = 1.0 if "manager" in roles else 0.0
    monthly = model.monthly_rates
    evidence = svc.evidence
    evidence += p.evaluation_rate * gold * (evaluate if evaluate < cap else cap) * (1.0 - evidence)
    svc.evidence = evidence - evidence * monthly.evidence_decay_annual
    networks = svc.networks
    networks += p.networking_rate * (network if network < cap else cap) * (1.0 - networks)
    svc.networks = networks - networks * monthly.networks_decay_annual
    attainable = p.fit_ceiling_base + p.fit_culture_weight * svc.culture - p.fit_pressure_penalty * svc.pressure
    floor = p.fit_ceiling_floor
    ceiling = attainable if floor < attainable else floor  # max(floor, attainable)
    ceiling = ceiling if ceiling < 1.0 else 1.0
    fit = svc.fit
    if fit < ceiling:
        fit += p.fit_adaptation_rate * (adapt if adapt < cap else cap) * (ceiling - fit)
    svc.fit = fit - fit * monthly.fit_erosion_annual
    if n:
        support = (
            p.support_supervision * svc.supervision
            + p.support_manager * model.middle_manager.alignment
            + (p.support_colleagues if n > 1 else 0.0)
        )
        extra = (p.succession_effort if svc.succession_planning else 0.0) + funding.self_resourcing_load(model)
        # Each implementer tires and recovers (a loop over the roster: Mesa's AgentSet.do costs
        # about seven microseconds a call, a few per cent of a whole run).
        protected, pressure, recovery = month.protected, svc.pressure, svc.recovery_factor
        for imp in imps:
            imp.tire_and_recover(protected, n, support, pressure, recovery, extra)


def receive_peer_exchange(model: JourneyModel, strength: float) -> None:
    """Know-how and legitimacy arriving along links to other services, this month.

    ``strength`` (0 to about 1) is how much MBCT activity the service's links
    carry (linked services running courses, a training centre). Implementers
    who take part in regional networks grow their own networks and borrow
    others' results to make the local case (001 §MBCT implementers: networks;
    001 §Facilitators: evidence from elsewhere). Without an implementer,
    nobody carries it home. A single service on its own never receives any.
    """
    if strength <= 0.0 or not model.roster:
        return
    svc, rate = model.service, model.p.peer_spread_rate * strength
    svc.networks += rate * (1.0 - svc.networks)
    svc.evidence += model.p.peer_evidence_share * rate * (1.0 - svc.evidence)
