"""Knock-outs: one mechanism switched off, to show which of the study's patterns rest on it.

A :class:`Knockout` sets parameters outside their declared ranges (the model does
not re-validate them) and names the patterns expected to weaken or vanish.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from journeysim.validation.published import KNOCKOUT_REPLICATIONS


@dataclass(frozen=True)
class Knockout:
    """A mechanism switched off, and the patterns expected to weaken or vanish without it.

    Attributes:
        id: Short identifier.
        mechanism: The mechanism removed, in words.
        parameters: Values that remove it (may lie outside the declared ranges).
        patterns: Ids of the patterns it should affect.
        expectation: What should happen to them.
        reading: What the model's code says about the result, for the report (optional).
        replications: Runs per scenario for the published figure.

    """

    id: str
    mechanism: str
    parameters: dict[str, Any]
    patterns: tuple[str, ...]
    expectation: str
    reading: str = ""
    replications: int = KNOCKOUT_REPLICATIONS


DEPARTURES_OFF = {
    "staff_turnover_annual": 0.0,
    "burnout_hazard_factor": 1.0,
    "career_years_mean": 1000.0,
    "reorganisation_post_loss": 0.0,
}
LOCAL_SHOCKS_OFF = {
    "reorganisation_annual": 0.0,
    "budget_cut_annual": 0.0,
    "priority_change_annual": 0.0,
    "senior_tenure_years": 1000.0,
}

KNOCKOUTS: tuple[Knockout, ...] = (
    Knockout(
        "K1",
        "implementers never leave (no turnover, burnout, retirement or post lost in a reorganisation)",
        DEPARTURES_OFF,
        ("P1b", "P2a"),
        "no natural departures to observe, so no contrast with the worlds where the champion stays (P1b); several"
        " implementers no longer outlast one (P2a)",
    ),
    Knockout(
        "K2",
        "the champion leaves a team that carries on (colleagues trained from below at three a year; nothing lost"
        " with the last implementer; teachers without a coordinator, supervision or full groups keep teaching fully)",
        {
            "trainees_none": 3.0,
            "trainees_ad_hoc": 3.0,
            "ad_hoc_drive_floor": 1.0,
            "handover_loss_alone": 0.0,
            "orphan_delivery_factor": 1.0,
            "lapse_without_supervision": 0.0,
            "idle_teacher_lapse_annual": 0.0,
        },
        ("P1a", "P1b", "P2c"),
        "a departure barely raises the chance of stopping against the worlds where the champion stays (P1a, P1b);"
        " one champion's disadvantage shrinks (P2c)",
        "a lone champion is usually the only or nearly the only trained teacher when they leave, because colleagues"
        " are trained slowly from below; handing over alone does little when nobody is left to teach",
    ),
    Knockout(
        "K3",
        "middle managers never freeze training",
        {"freeze_pressure": 2.0},
        ("P4a", "P4b"),
        "no freezes (P4a); misalignment costs fewer people reached (P4b)",
    ),
    Knockout(
        "K4",
        "no top-down investment and no commissioning (thresholds out of reach)",
        {"senior_priority_threshold": 2.0, "commissioning_threshold": 2.0},
        ("P3b", "P2b"),
        "nothing embeds, so neither top-down support nor several implementers can make the difference",
    ),
    Knockout(
        "K5",
        "no bonus for implementers at complementary levels",
        {"complementarity_bonus": 0.0},
        ("P2a", "P2b"),
        "shows how much of the several-implementers advantage is complementarity rather than numbers",
        "the bonus scales evidence, networks and fit; staying power comes from a shared load (less burnout) and"
        " from others remaining when one leaves",
    ),
    Knockout(
        "K6",
        "the national programme's funding does not shrink",
        {"national_programme_decay_annual": 0.0},
        ("P8b",),
        "provision no longer erodes between 2015 and 2019 (P8b is a prediction; this reads what drives it)",
    ),
    Knockout(
        "K7",
        "champions never tire (no energy spent on unpaid work)",
        {"unpaid_effort_drain": 0.0},
        ("P1b", "P3a"),
        "no burnout departures, but the departures that remain still stop services (P1b stays: it measures what a"
        " departure does, not how many there are); lone champions keep building and embed more often (P3a weakens)",
    ),
    Knockout(
        "K8",
        "trained teachers never step up as implementers",
        {"emergence_annual": 0.0},
        ("P5b", "P8c"),
        "investment no longer brings new implementers (P5b); no local uptake under the national programme (P8c)",
        "P8c survives: under the programme, local implementers also come as appointed leads once a senior leader"
        " creates a lead post, and those services last",
    ),
    Knockout(
        "K9",
        "a funded training pathway trains nobody",
        {"trainees_commissioned": 0.0, "trainees_internal": 0.0},
        ("P5a", "P9a"),
        "investment in training no longer keeps the service running after the champion leaves (P5a); money buys no"
        " training places, so the year-10 gap between a pilot that ends and one that continues closes (P9a)",
    ),
    Knockout(
        "K10",
        "succession planning does nothing (no sponsored trainees, no mentored step-ups, no extra effort)",
        {"succession_trainee_factor": 0.0, "succession_emergence_factor": 1.0, "succession_effort": 0.0},
        ("P5c",),
        "planning succession no longer protects the service from its champion's departure",
    ),
    Knockout(
        "K11",
        "no local shocks (no reorganisations, cuts, changed priorities or new senior leaders)",
        LOCAL_SHOCKS_OFF,
        ("P6b", "P6c", "P4a"),
        "fewer downward pivot points (P6b) and troughs (P6c); pressure no longer rises past the freeze point (P4a,"
        " a consistency check)",
        "pivot points both ways and troughs remain without shocks: cancelled courses, lost supervision and referrals,"
        " departures and lapsed grants push services down as well, so P6b and P6c do not rest on shocks alone (K20,"
        " with every downward force off, removes them)",
    ),
    Knockout(
        "K12",
        "context does not act (pressure and culture change neither fit, burnout nor managers' support)",
        {
            "fit_pressure_penalty": 0.0,
            "fit_culture_weight": 0.0,
            "pressure_drain_weight": 0.0,
            "manager_pressure_weight": 0.0,
            "senior_pressure_weight": 0.0,
        },
        ("P7a", "P7b"),
        "a hostile and a favourable context give nearly the same journeys (shocks and budgets still differ)",
    ),
    Knockout(
        "K13",
        "several implementers do not share the load (each carries a lone champion's)",
        {"load_floor": 1.0, "load_shared": 0.0},
        ("P2a", "P7c"),
        "several implementers burn out like one; their advantage shrinks to others remaining after a departure",
        "the advantage survives: it comes from others remaining when one leaves (K1 removes P2a) and from what"
        " implementers add to one another's work (K19 removes P7c), not from a lighter load",
    ),
    Knockout(
        "K14",
        "the national programme trains nobody and brings no money",
        {"national_programme_teachers": 0.0, "national_programme_funding": 0.0},
        ("P8a",),
        "the programme's services run no more often than without it (the contrast vanishes)",
    ),
    Knockout(
        "K15",
        "commissioners forget: a decommissioned line reopens whenever the score clears the threshold",
        {"recommission_case_margin": -10.0},
        ("P9b",),
        "lines cut to nothing reopen at a later yearly review",
    ),
    Knockout(
        "K16",
        "referrals always fill groups (every eligible adult is referred, pathway or not)",
        {"referral_share_no_pathway": 1.0, "referral_share_pathway": 1.0},
        ("P10b", "P10a"),
        "no course is held or cancelled for want of referrals (P10b); starts stall little less (P10a)",
    ),
    Knockout(
        "K17",
        "teaching on goodwill costs no time (courses run as if every hour were protected)",
        {"goodwill_delivery_factor": 1.0},
        ("P10a",),
        "a lone champion runs courses regularly, so starts no longer stall",
    ),
    Knockout(
        "K18",
        "MBCT enters the care pathway as soon as courses run, and stays there",
        {"referral_fit": 0.0, "referral_alignment": 0.0, "referral_lost_fit": -1.0, "referral_lost_alignment": -1.0},
        ("P3a", "P2b"),
        "bottom-up services embed far more often (P3a weakens): the care pathway is what a lone champion rarely wins",
    ),
    Knockout(
        "K19",
        "implementers add nothing to one another (effort beyond a fifth of a reference champion's is wasted, loads"
        " are not shared, no complementarity, no extra pull from a manager's position)",
        {
            "effort_saturation": 0.2,
            "load_floor": 1.0,
            "load_shared": 0.0,
            "complementarity_bonus": 0.0,
            "position_influence": 0.0,
            "senior_position_share": 0.0,
        },
        ("P7c",),
        "several implementers in a hostile context achieve no more than one",
    ),
    Knockout(
        "K20",
        "nothing pushes a service down (no local shocks, departures or manager changes; referrals always fill groups"
        " and never dry up; no freezes; supervision, funding lines and investment never lapse)",
        {
            **LOCAL_SHOCKS_OFF,
            **DEPARTURES_OFF,
            "manager_turnover_annual": 0.0,
            "referral_share_no_pathway": 1.0,
            "referral_share_pathway": 1.0,
            "referral_lost_fit": -1.0,
            "referral_lost_alignment": -1.0,
            "freeze_pressure": 2.0,
            "lapse_without_supervision": 0.0,
            "supervision_lost_networks": -1.0,
            "decommission_margin": 10.0,
            "withdraw_priority_margin": 10.0,
        },
        ("P6b", "P6c"),
        "few journeys have downward pivot points (P6b) or fall back a level (P6c); what remains comes from national"
        " history (the crisis, austerity, the pandemic)",
    ),
    Knockout(
        "K21",
        "everything builds at once (evidence, networks, fit and leaders' views move a hundred times faster than"
        " declared, and teacher training takes a month)",
        {
            "evaluation_rate": 1.0,
            "networking_rate": 1.0,
            "fit_adaptation_rate": 1.0,
            "manager_adjust_rate": 1.0,
            "senior_adjust_rate": 1.0,
            "training_months": 1,
        },
        ("P6a",),
        "journeys reach embedded within two years",
    ),
    Knockout(
        "K22",
        "local implementers do nothing for the service (their effort builds no evidence, networks, fit or"
        " persuasion; teachers deliver as fully without a coordinator)",
        {
            "evaluation_rate": 0.0,
            "networking_rate": 0.0,
            "fit_adaptation_rate": 0.0,
            "lead_adapt_boost": 0.0,
            "advocacy_scale": 1e9,
            "orphan_delivery_factor": 1.0,
        },
        ("P8c",),
        "services where someone took the programme up last no longer than those where nobody did",
        "the difference halves but stays: a trained teacher steps up where there are teachers and networks already,"
        " which also keep delivery going, so part of P8c is which services get an implementer, not what the"
        " implementer does",
    ),
    Knockout(
        "K23",
        "commissioners fund every service that asks (no threshold, no memory of a closed line)",
        {"commissioning_threshold": -1.0, "recommission_case_margin": -10.0},
        ("P9b", "P11"),
        "every line cut to nothing is back at the next yearly review (P9b); grass-roots services hold lines (P11)",
        "memory (K15) is part of it: without it about half the lines are back by year 10; the other half stay"
        " closed because a service whose money was cut no longer makes a case that clears the commissioner's"
        " threshold",
    ),
    Knockout(
        "K24",
        "middle managers' support gates nothing (no freezes; time protected and MBCT in the care pathway whatever"
        " the manager thinks)",
        {"freeze_pressure": 2.0, "protect_alignment": 0.0, "referral_alignment": 0.0, "referral_lost_alignment": -1.0},
        ("P4b",),
        "aligned and misaligned managers' services reach about as many people",
    ),
    Knockout(
        "K25",
        "a funding line is never withdrawn at a yearly review (its first contract never ends)",
        {"contract_months_min": 1000},
        ("P9a",),
        "a commissioned line, once won, stays, so services whose pilot ends keep up better (P9a weakens)",
        "P9a's two-year contrast is small with or without it: money acts mostly by buying training places, whose"
        " teachers graduate and stop teaching later than two years after the money ends; the year-10 finding beside"
        " it rests on those places (K9)",
    ),
)
