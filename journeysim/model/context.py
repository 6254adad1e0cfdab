"""The service's changing context: drift back after shocks, and the local shocks themselves.

Local shocks (001 §Pivot points) — reorganisations, budget cuts, changed
priorities and new senior leaders — are drawn for the whole run up front from
their own random stream, so a strategy never changes which shocks a service
meets. Reorganisations come more often in unstable services, cuts more often
after austerity begins (the hazard of a cut is multiplied), and changed priorities then turn against MBCT more
often than not. Budget, pressure and culture drift back toward baselines that
only national events move; a sustained, visible service shifts the culture.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from journeysim.model.events import DOWN, UP
from journeysim.model.funding import cut_funding
from journeysim.model.leadership import new_middle_manager, new_senior_leader
from journeysim.model.streams import MONTHS_PER_YEAR, draw_view, exponential_months, monthly

if TYPE_CHECKING:
    from journeysim.model.model import JourneyModel

SHOCK_KINDS = ("reorganisation", "budget_cut", "priority_change")


def context_drifts(model: JourneyModel) -> None:
    """Budget, pressure and culture drift back toward their baselines after local shocks."""
    svc, p = model.service, model.p
    rate = p["context_recovery_rate"]
    svc.budget_health += rate * (svc.budget_baseline - svc.budget_health)
    svc.pressure += rate * (svc.pressure_baseline - svc.pressure)
    svc.culture += rate * (svc.culture_baseline - svc.culture)
    if model.level == "embedded" and svc.networks >= p["culture_shift_networks"]:
        # A sustained, visible service nudges the culture toward wellbeing (004 'Making it fit').
        svc.culture_baseline = min(1.0, svc.culture_baseline + p["culture_shift_annual"] / float(MONTHS_PER_YEAR))


def schedule_local_shocks(model: JourneyModel) -> None:
    """Draw the whole run's local shocks up front from the shocks stream and schedule them."""
    p, rng = model.p, model.streams["shocks"]
    reorg = monthly(p["reorganisation_annual"] * (p["reorganisation_instability_base"] - p["stability"]))
    cut = monthly(p["budget_cut_annual"])
    cut_austerity = 1.0 - (1.0 - cut) ** p["austerity_cut_multiplier"]  # austerity multiplies the hazard of a cut
    priority = monthly(p["priority_change_annual"])
    months = np.arange(1, model.horizon)
    u = rng.random((len(months), len(SHOCK_KINDS) + 1))  # one column per kind, and the direction of a change
    mean, concentration = p["senior_view_mean"], p["view_concentration"]
    views = rng.beta(concentration * mean, concentration * (1.0 - mean), size=len(months))
    after = months >= model.austerity_month
    worse = np.where(after, p["priority_worse_share_austerity"], p["priority_worse_share"])
    signs = np.where(u[:, len(SHOCK_KINDS)] < worse, 1.0, -1.0)
    cut_p = np.where(after, cut_austerity, cut)
    for col, (kind, chance) in enumerate(zip(SHOCK_KINDS, (reorg, cut_p, priority), strict=True)):
        for i in np.flatnonzero(u[:, col] < chance):
            model.schedule(int(months[i]), shock, kind, float(views[i]), float(signs[i]))
    m = exponential_months(rng, p["senior_tenure_years"])
    while m < model.horizon:
        model.schedule(m, shock, "leadership_change", draw_view(rng, mean, concentration), 1.0)
        m += exponential_months(rng, p["senior_tenure_years"])


def shock(model: JourneyModel, kind: str, view: float, sign: float) -> None:
    """A local shock happens now (001 §Pivot points: reorganisations, cuts, changed priorities, new leaders)."""
    svc, p, m = model.service, model.p, model.steps
    if kind == "reorganisation":
        reorganise(model, m, ["local reorganisation"])
    elif kind == "budget_cut":
        cut_funding(model, m, p["budget_cut_fraction"], ["local budget cut"], "shock", "budget_cut")
    elif kind == "priority_change":
        svc.pressure = min(1.0, max(0.0, svc.pressure + p["priority_shock_pressure"] * sign))
        svc.culture = min(1.0, max(0.0, svc.culture - p["priority_shock_culture"] * sign))
        model.log.add(
            m,
            "priority_change",
            DOWN if sign > 0 else UP,
            "shock",
            ["service priorities change"],
            f"pressure {svc.pressure:.2f}, culture {svc.culture:.2f}",
        )
    elif kind == "leadership_change":
        new_senior_leader(model, m, view, ["senior leader moves on"], "shock")


def reorganise(model: JourneyModel, m: int, causes: list[str], category: str = "shock") -> None:
    """A reorganisation (001 §Fit; §Context; §Pivot points).

    Fit is lost, implementers are unsettled, posts go (an implementer or trained
    teacher is moved to other work), implementers who stay may lose their
    protected time, a referral pathway that no governance holds in place is
    lost, and a new middle manager arrives. Posts and time are drawn from the
    reorganisation stream.
    """
    svc, p = model.service, model.p
    svc.fit = max(0.0, svc.fit - p["reorganisation_fit_loss"])
    lost = lost_posts(model, m)
    for imp in model.roster:
        imp.energy = max(0.0, imp.energy - p["reorganisation_energy_loss"])
    lost_pathway = svc.referral_pathway and not svc.governance
    if lost_pathway:
        svc.referral_pathway = False
    model.log.add(
        m,
        "reorganisation",
        DOWN,
        category,
        causes,
        f"fit falls to {svc.fit:.2f}" + ("; referral pathway lost" if lost_pathway else "") + lost,
    )
    new_middle_manager(model, m, "reorganisation")


def lost_posts(model: JourneyModel, m: int) -> str:
    """Posts and protected time a reorganisation takes away; returns them in words (empty if none).

    Each implementer's post goes with ``reorganisation_post_loss`` (they leave the
    service, logged as a departure); each who stays loses their protected time with
    ``reorganisation_time_loss`` (001 §Context: a redesign diverted an implementer
    to a waiting list); trained teachers lose their posts at the same rate as
    implementers. A formal lead post keeps its time.
    """
    svc, p, draws = model.service, model.p, model.draws["reorganisation"]
    words = []
    for imp in list(model.roster):
        if draws.uniform() < p["reorganisation_post_loss"]:
            if not imp.stays:  # a counterfactual implementer who never leaves keeps the post (same draws)
                imp.leave(m, "post lost in a reorganisation")
                words.append(f"a {imp.role}'s post goes")
        elif imp.protected_time and not (imp.lead and svc.lead_role):
            if draws.uniform() < p["reorganisation_time_loss"]:
                imp.protected_time = False
                words.append(f"a {imp.role} loses protected time")
    if svc.pool_teachers:
        gone = draws.binomial(svc.pool_teachers, p["reorganisation_post_loss"])
        svc.pool_teachers -= gone
        if gone:
            words.append(f"{gone} trained teacher(s) moved to other work")
    return "".join(f"; {w}" for w in words)
