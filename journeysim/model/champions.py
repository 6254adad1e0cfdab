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

from journeysim.model import funding

if TYPE_CHECKING:
    from journeysim.model.model import JourneyModel


def implementers_work(model: JourneyModel, protected: float) -> None:
    """Champions evaluate, network, adapt and advocate; their energy follows the load."""
    svc, p, imps = model.service, model.p, model.roster
    n = len(imps)
    roles = {i.role for i in imps}
    bonus = 1.0 + p["complementarity_bonus"] * max(0, len(roles) - 1)
    gold = p["gold_standard_evidence_factor"] if svc.fidelity_stance == "gold_standard" else 1.0
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
    scale = bonus / p["reference_effort"]
    evaluate, network, adapt = evaluate * scale, network * scale, adapt * scale
    if svc.governance and svc.lead_role:
        adapt += p["lead_adapt_boost"]  # a lead with a remit integrates MBCT into pathways (001 §Fit)
    cap = p["effort_saturation"]
    model.advocacy = min(1.0, advocate * scale / p["advocacy_scale"])
    model.manager_position = 1.0 if "manager" in roles else 0.0
    monthly = model.monthly_rates
    svc.evidence += p["evaluation_rate"] * gold * min(cap, evaluate) * (1.0 - svc.evidence)
    svc.evidence -= svc.evidence * monthly["evidence_decay_annual"]
    svc.networks += p["networking_rate"] * min(cap, network) * (1.0 - svc.networks)
    svc.networks -= svc.networks * monthly["networks_decay_annual"]
    ceiling = min(
        1.0,
        max(
            p["fit_ceiling_floor"],
            p["fit_ceiling_base"] + p["fit_culture_weight"] * svc.culture - p["fit_pressure_penalty"] * svc.pressure,
        ),
    )
    if svc.fit < ceiling:
        svc.fit += p["fit_adaptation_rate"] * min(cap, adapt) * (ceiling - svc.fit)
    svc.fit -= svc.fit * monthly["fit_erosion_annual"]
    if n:
        support = (
            p["support_supervision"] * svc.supervision
            + p["support_manager"] * model.middle_manager.alignment
            + (p["support_colleagues"] if n > 1 else 0.0)
        )
        extra = (p["succession_effort"] if svc.succession_planning else 0.0) + funding.self_resourcing_load(model)
        # Each implementer tires and recovers (a loop over the roster: Mesa's AgentSet.do costs
        # about seven microseconds a call, a few per cent of a whole run).
        for imp in imps:
            imp.tire_and_recover(protected, n, support, svc.pressure, svc.recovery_factor, extra)


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
    svc, rate = model.service, model.p["peer_spread_rate"] * strength
    svc.networks += rate * (1.0 - svc.networks)
    svc.evidence += model.p["peer_evidence_share"] * rate * (1.0 - svc.evidence)
