"""Declarations of demand, the start-up phase and delivery that fades.

Who a service exists for (adults at risk of depressive relapse), how many are
referred and wait, when a group is viable, how teachers reach competence and
keep teaching, and how the kind of service changes these. Rates are sourced
where a source gives one; the rest are assumptions with plausible ranges.
"""

from __future__ import annotations

from journeysim.parameters.spec import A, Parameter
from journeysim.vocabulary import SERVICE_TYPES

# fmt: off
DECLARATIONS: list[Parameter] = [
    # --- who the service is for ---------------------------------------------------------------------
    Parameter("service_type", "secondary_care", "", None, None, "001 §Setting (primary and secondary care services); Scotland's island boards",
              "Kind of service: a primary-care talking-therapy service, a secondary-care mental-health service, or an island board.",
              "demand", choices=SERVICE_TYPES, uncertain=False),
    Parameter("catchment_adults", 250000, "adults", 5000, 2000000, "assumption: a mental-health trust or talking-therapy service area; a population model sets it from each provider's population",
              "Adults living in the area the service serves.", "demand", uncertain=False),
    Parameter("adult_share", 0.79, "fraction", 0.75, 0.82, "ONS/NRS/NISRA mid-2015 estimates: about four in five of the UK population are 18 or over",
              "Share of a provider's population who are adults (a population model turns people into adults with it).", "population", uncertain=False),
    Parameter("relapse_risk_share_annual", 0.0135, "per adult per year", 0.005, 0.025,
              "MAPPG 2015 (Mindful Nation UK): about 580,000 adults a year in England at risk of recurrent depression who could benefit, over about 43 million adults; range wide because eligibility criteria vary",
              "Share of adults a year in remission from recurrent depression and so eligible for MBCT.", "demand"),
    Parameter("referral_share_pathway", 0.05, "fraction", 0.02, 0.10, "001 §Fit (MBCT integrated into care pathways); value assumption",
              "Share of newly eligible adults referred where MBCT is in the care pathway and fits it fully.", "demand"),
    Parameter("referral_share_no_pathway", 0.008, "fraction", 0.003, 0.02, "001 §Facilitators (referrers need to experience and trust it); value assumption",
              "Share of newly eligible adults referred by word of mouth and interested clinicians, without a pathway.", "demand"),
    Parameter("referral_fit_floor", 0.3, "fraction", 0.1, 0.6, "001 §Fit; 003 theme 2 (inclusion criteria widened to fit local need); value assumption",
              "Share of referrals that come however poorly MBCT fits local pathways (fit 0); the rest grow with fit.", "demand"),
    Parameter("waiting_dropout_annual", 0.3, "per year", 0.1, 0.6, A,
              "Rate at which people waiting for a group stop waiting (relapse, other treatment, move away).", "demand"),
    # --- courses that run, fill or are cancelled ---------------------------------------------------
    Parameter("course_min_viable", 6, "participants", 4, 8, "001 §Background (groups of about 8 to 15); value assumption",
              "Fewest people waiting for which a due course goes ahead; with fewer it is cancelled.", "delivery"),
    Parameter("course_hold_months", 3, "months", 1, 6, A,
              "Months a due course waits for enough referrals before it is cancelled.", "delivery"),
    Parameter("course_timing_jitter", 0.5, "fraction", 0.0, 0.9, A,
              "Spread of the teaching capacity that builds up between one course and the next (0: clockwork).", "delivery"),
    Parameter("cancelled_course_alignment_loss", 0.05, "index 0-1", 0.0, 0.15, "001 §Pivot points (pilots that build or lose a platform); value assumption",
              "Loss of the middle manager's support when a due course is cancelled for want of referrals.", "delivery"),
    Parameter("cancelled_course_energy_loss", 0.05, "index 0-1", 0.0, 0.15, "001 §Discussion (over-extended champions); value assumption",
              "Energy an implementer loses when a course they prepared is cancelled.", "delivery"),
    # --- teachers who reach competence and keep teaching -----------------------------------------------
    Parameter("trainee_completion_share", 0.8, "fraction", 0.6, 0.95, "001 §Training and supervision (training pathways to competence); value assumption",
              "Share of trainees who complete training and reach competence to teach.", "workforce"),
    Parameter("idle_teacher_lapse_annual", 0.3, "per year", 0.1, 0.6, "001 §Training and supervision (good practice: teach regularly, with supervision); value assumption",
              "Rate at which trained teachers who get no course to teach (fewer courses a year than teachers) stop teaching.", "workforce"),
    # --- the kind of service ----------------------------------------------------------------------------
    Parameter("primary_care_referral_factor", 1.5, "ratio", 1.0, 2.5, "001 §Context (primary-care talking-therapy services: high volume, targets); value assumption",
              "Referrals in a primary-care talking-therapy service relative to secondary care, for the same eligible population.", "demand"),
    Parameter("primary_care_pressure", 0.1, "index 0-1", 0.0, 0.2, "001 §Context (throughput targets make a slow group programme hard to fit)",
              "Extra pressure on MBCT in a primary-care talking-therapy service.", "demand"),
    Parameter("remote_uptake_factor", 0.6, "ratio", 0.3, 0.9, "assumption: island boards serve scattered populations who must travel to a group",
              "Share of referred people in an island board who can attend an in-person group.", "demand"),
    Parameter("online_uptake_factor", 0.9, "ratio", 0.6, 1.2, "assumption: online groups remove travel but lose some who will not join online",
              "Share of referred people who join a group when groups run online (any service type).", "demand"),
]
# fmt: on
