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

from journeysim.declare import A, Mechanism, Parameter
from journeysim.model.events import DOWN, UP
from journeysim.model.funding import cut_funding
from journeysim.model.leadership import new_middle_manager, new_senior_leader
from journeysim.model.streams import MONTHS_PER_YEAR, draw_view, exponential_months, monthly

if TYPE_CHECKING:
    from journeysim.model.model import JourneyModel
    from journeysim.model.record import Month

# The parameters this mechanism reads, here or in the agents it drives (docs/parameters.md lists them under its name).
# fmt: off
DECLARATIONS: tuple[Parameter, ...] = (
    Parameter("senior_tenure_years", 4.0, "years", 2.5, 7.0, "assumption (short NHS chief-executive tenures)",
              "Mean tenure of a senior leader before a leadership change.", "people"),
    Parameter("culture_shift_annual", 0.02, "per year", 0.0, 0.05, "004 'Making it fit' (sustainable: a shift in service culture)",
              "Yearly shift of the culture toward wellbeing while a well-networked service is embedded.", "fit"),
    Parameter("senior_view_mean", 0.5, "index 0-1", 0.1, 0.9, "001 §Context (a chief executive open to it); value assumption",
              "Average own view of MBCT among the service's senior leaders (each new one is drawn around it).", "leadership", uncertain=False),
    Parameter("reorganisation_annual", 0.12, "per year", 0.05, 0.25, "001 §Pivot points (service reorganisations)",
              "Yearly rate of reorganisations in a service of middling stability.", "shocks"),
    Parameter("budget_cut_annual", 0.08, "per year", 0.03, 0.2, "001 §Pivot points (resources withdrawn)",
              "Yearly rate of local budget cuts.", "shocks"),
    Parameter("priority_change_annual", 0.08, "per year", 0.03, 0.15, "001 §Pivot points (changed priorities)",
              "Yearly rate of changes in service priorities.", "shocks"),
    Parameter("reorganisation_fit_loss", 0.25, "index 0-1", 0.1, 0.4, "001 §Fit (reorganisation focused on core services)",
              "Fit lost in a reorganisation.", "shocks"),
    Parameter("budget_cut_fraction", 0.3, "fraction", 0.1, 0.5, A,
              "Share of MBCT money lost in a budget cut.", "shocks"),
    Parameter("context_recovery_rate", 0.01, "per month", 0.005, 0.03, A,
              "Share of the gap between budget, pressure and culture and their baselines that closes each month.", "context"),
    Parameter("culture_shift_networks", 0.6, "index 0-1", 0.4, 0.8, "004 'Making it fit' (a visible service shifts culture); value assumption",
              "Networks above which an embedded service shifts the culture.", "context"),
    Parameter("reorganisation_instability_base", 1.5, "ratio", 1.2, 2.0, A,
              "Reorganisations scale with this minus stability (so a middling service has the declared rate).", "shocks"),
    Parameter("austerity_cut_multiplier", 2.0, "ratio", 1.2, 3.0, "001 §Implementation journey (resources scarcer after 2010); value assumption",
              "How many times the hazard of a local budget cut rises after austerity begins.", "shocks"),
    Parameter("priority_worse_share", 0.5, "probability", 0.3, 0.7, A,
              "Chance that a change in service priorities goes against MBCT before austerity.", "shocks"),
    Parameter("priority_worse_share_austerity", 0.65, "probability", 0.5, 0.8, "001 §Implementation journey (austerity); value assumption",
              "Chance that a change in service priorities goes against MBCT under austerity.", "shocks"),
    Parameter("priority_shock_pressure", 0.12, "index 0-1", 0.05, 0.2, A,
              "Change in pressure when service priorities change.", "shocks"),
    Parameter("priority_shock_culture", 0.08, "index 0-1", 0.03, 0.15, A,
              "Change in culture when service priorities change.", "shocks"),
    Parameter("reorganisation_energy_loss", 0.1, "energy 0-1", 0.0, 0.2, "001 §Pivot points (reorganisations unsettle staff); value assumption",
              "Energy every implementer loses in a reorganisation.", "shocks"),
    Parameter("reorganisation_post_loss", 0.1, "probability", 0.0, 0.3,
              "001 §Pivot points (service reorganisations and implementers leaving are downward pivots); value assumption",
              "Chance that a reorganisation takes away each implementer's and each trained teacher's MBCT post (moved to other work, or the post goes).", "shocks"),
    Parameter("reorganisation_time_loss", 0.3, "probability", 0.0, 0.6,
              "001 §Context (a service redesign put an implementer's training on hold and diverted them to a waiting list); value assumption",
              "Chance that a reorganisation takes away the protected time of each implementer who keeps their post.", "shocks"),
)
DECLARED = Mechanism(
    "context",
    "The context drifts back towards its baseline; local shocks (reorganisations, cuts, new priorities) strike.",
    parameters=DECLARATIONS,
    state=("pressure", "culture", "budget_health"),
    columns=("pressure", "budget_health"),
    modules=(),
)
# fmt: on

SHOCK_KINDS = ("reorganisation", "budget_cut", "priority_change")


def context_drifts(model: JourneyModel, month: Month) -> None:
    """Budget, pressure and culture drift back toward their baselines after local shocks."""
    svc, p = model.service, model.p
    rate = p.context_recovery_rate
    svc.budget_health += rate * (svc.budget_baseline - svc.budget_health)
    svc.pressure += rate * (svc.pressure_baseline - svc.pressure)
    svc.culture += rate * (svc.culture_baseline - svc.culture)
    if model.level == "embedded" and svc.networks >= p.culture_shift_networks:
        # A sustained, visible service nudges the culture toward wellbeing (004 'Making it fit').
        svc.culture_baseline = min(1.0, svc.culture_baseline + p.culture_shift_annual / float(MONTHS_PER_YEAR))


def schedule_local_shocks(model: JourneyModel) -> None:
    """Draw the whole run's local shocks up front from the shocks stream and schedule them."""
    p, rng = model.p, model.streams["shocks"]
    reorg = monthly(p.reorganisation_annual * (p.reorganisation_instability_base - p.stability))
    cut = monthly(p.budget_cut_annual)
    cut_austerity = 1.0 - (1.0 - cut) ** p.austerity_cut_multiplier  # austerity multiplies the hazard of a cut
    priority = monthly(p.priority_change_annual)
    import numpy as np  # here, so the mechanisms' declarations load without NumPy

    months = max(0, model.horizon - 1)  # months 1 to the horizon's last, one row each (row i is month i + 1)
    u = rng.random((months, len(SHOCK_KINDS) + 1))  # one column per kind, and the direction of a change
    mean, concentration = p.senior_view_mean, p.view_concentration
    views = rng.beta(concentration * mean, concentration * (1.0 - mean), size=months)
    chances = np.empty((len(SHOCK_KINDS), months))  # each kind's chance in each month, a row per kind
    chances[:] = [[reorg], [cut], [priority]]
    chances[SHOCK_KINDS.index("budget_cut"), max(0, model.austerity_month - 1) :] = cut_austerity  # from austerity
    # Every kind's months at once, kind by kind and month by month (the order they are scheduled in).
    kinds, rows = np.nonzero(u[:, : len(SHOCK_KINDS)].T < chances)
    for k, i in zip(kinds.tolist(), rows.tolist(), strict=True):
        m = i + 1
        worse = p.priority_worse_share_austerity if m >= model.austerity_month else p.priority_worse_share
        model.schedule(m, shock, SHOCK_KINDS[k], float(views[i]), 1.0 if u[i, len(SHOCK_KINDS)] < worse else -1.0)
    m = exponential_months(rng, p.senior_tenure_years)
    while m < model.horizon:
        model.schedule(m, shock, "leadership_change", draw_view(rng, mean, concentration), 1.0)
        m += exponential_months(rng, p.senior_tenure_years)


def shock(model: JourneyModel, kind: str, view: float, sign: float) -> None:
    """A local shock happens now (001 §Pivot points: reorganisations, cuts, changed priorities, new leaders)."""
    svc, p, m = model.service, model.p, model.steps
    if kind == "reorganisation":
        reorganise(model, m, ["local reorganisation"])
    elif kind == "budget_cut":
        cut_funding(model, m, p.budget_cut_fraction, ["local budget cut"], "shock", "budget_cut")
    elif kind == "priority_change":
        svc.pressure = min(1.0, max(0.0, svc.pressure + p.priority_shock_pressure * sign))
        svc.culture = min(1.0, max(0.0, svc.culture - p.priority_shock_culture * sign))
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
    svc.fit = max(0.0, svc.fit - p.reorganisation_fit_loss)
    lost = lost_posts(model, m)
    for imp in model.roster:
        imp.energy = max(0.0, imp.energy - p.reorganisation_energy_loss)
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
        if draws.uniform() < p.reorganisation_post_loss:
            if not imp.stays:  # a counterfactual implementer who never leaves keeps the post (same draws)
                imp.leave(m, "post lost in a reorganisation")
                words.append(f"a {imp.role}'s post goes")
        elif imp.protected_time and not (imp.lead and svc.lead_role):
            if draws.uniform() < p.reorganisation_time_loss:
                imp.protected_time = False
                words.append(f"a {imp.role} loses protected time")
    if svc.pool_teachers:
        gone = draws.binomial(svc.pool_teachers, p.reorganisation_post_loss)
        svc.pool_teachers -= gone
        if gone:
            words.append(f"{gone} trained teacher(s) moved to other work")
    return "".join(f"; {w}" for w in words)
