"""Declarations used only by a population of services.

Links between services, national policy levers, and what courses achieve (outputs).
"""

from __future__ import annotations

from journeysim.declare import A, Parameter
from journeysim.vocabulary import NATIONS

# fmt: off
DECLARATIONS: list[Parameter] = [
    # --- a population of services (used only by scenarios with a [population]) -------------
    Parameter("champion_arrival_annual", 0.02, "per service per year", 0.005, 0.08, "001 §The implementation journey (journeys start with a self-designated champion); value assumption, set so that most English services still have nobody trained in 2015 (the 2015 MBCT workforce census: most NHS trusts in England had nobody trained to deliver MBCT)",
              "Yearly chance that a service with no implementer gains a self-designated champion (before the modifiers below).", "population"),
    Parameter("peer_arrival_factor", 2.0, "ratio", 0.0, 5.0, "001 §MBCT implementers (networks, seeing it elsewhere); value assumption",
              "Extra arrivals where linked services run MBCT: the chance is multiplied by 1 + this x the share of links that do.", "population"),
    Parameter("university_link_factor", 2.0, "ratio", 1.0, 4.0, "001 §Training and supervision (university training centres); value assumption",
              "Multiplier on arrivals for a service linked to a university training centre.", "population"),
    Parameter("rural_arrival_factor", 0.6, "ratio", 0.3, 1.0, A,
              "Multiplier on arrivals in a rural service (fewer staff, further from training).", "population"),
    Parameter("mover_carry_share", 0.3, "fraction", 0.0, 0.6, "assumption (a champion who leaves may carry the work to a linked service)",
              "Share of implementers leaving for ordinary turnover who take up the work in a linked service.", "population"),
    Parameter("shared_training_annual", 0.5, "trainees per year", 0.0, 2.0, "001 §Training and supervision (internal apprenticeships training others); value assumption",
              "Trainees a year that a service with a champion but no pathway of its own gets from a linked internal apprenticeship or training centre.", "population"),
    Parameter("shared_supervision_annual", 0.5, "per year", 0.1, 1.0, "001 §Training and supervision (shared supervision); value assumption",
              "Yearly chance that a service with a teacher but no supervision joins a linked service's supervision.", "population"),
    # --- national policy levers (population scenarios) --------------------------
    Parameter("policy_nations", "all", "", None, None, "design choice: policy questions are asked per nation",
              "Which nations the national policy levers below apply to.", "national policy", choices=("all", *NATIONS), uncertain=False),
    Parameter("policy_start_year", 2016, "calendar year", 1995, 2040, "Mindfulness All-Party Parliamentary Group (2015), Mindful Nation UK",
              "Year (from April) that the policy levers start.", "national policy", uncertain=False),
    Parameter("policy_training_places", 0, "teachers per year", 0, 2000, "Mindful Nation UK (MAPPG 2015): about 1,200 new NHS MBCT teachers by 2020, about 300 a year",
              "Teacher-training places funded nationally each year, shared between services by population served.", "national policy", uncertain=False),
    Parameter("policy_training_years", 5, "years", 0, 30, "Mindful Nation UK (MAPPG 2015): its target year, 2020",
              "Years that the training places are funded for.", "national policy", uncertain=False),
    Parameter("policy_service_funding", 0.0, "GBP per service per year", 0.0, 100000.0, "001 §Context (resources rarely available)",
              "Money given each year to every covered service that has a trained teacher or an implementer.", "national policy", uncertain=False),
    Parameter("policy_funding_recurrent", False, "", None, None, "001 §Pivot points (recurrent vs one-off resources)",
              "Whether that money is a recurrent funding line (true) or a one-off sum each year (false).", "national policy", uncertain=False),
    Parameter("policy_funding_years", 5, "years", 0, 30, A,
              "Years that the service funding lasts.", "national policy", uncertain=False),
    Parameter("policy_protected_time", False, "", None, None, "001 §Context (protected time)",
              "Whether champions' MBCT work is put in their job plans while the policy lasts.", "national policy", uncertain=False),
    Parameter("policy_supervision_network", False, "", None, None, "001 §Training and supervision (supervision expected by good practice)",
              "Whether a national supervision network supervises any covered service's teachers while the policy lasts.", "national policy", uncertain=False),
    Parameter("policy_support_years", 10, "years", 0, 30, A,
              "Years that protected time and the supervision network last.", "national policy", uncertain=False),
    Parameter("policy_cut_year", 2020, "calendar year", 1995, 2040, "001 §Pivot points (resources withdrawn)",
              "Year (April) of a national cut to MBCT money in covered services.", "national policy", uncertain=False),
    Parameter("policy_cut_fraction", 0.0, "fraction", 0.0, 1.0, "001 §Pivot points (resources withdrawn)",
              "Share of every covered service's MBCT money cut that year (0 = no cut).", "national policy", uncertain=False),
    Parameter("protected_time_cost", 5000.0, "GBP per champion per year", 2500.0, 10000.0, "assumption (about half a day a week of a clinical psychologist's time)",
              "What protected time for one champion costs the national policy.", "outcomes"),
    # --- what courses achieve (outputs only) ------------------------------------
    Parameter("relapse_baseline_risk", 0.49, "probability", 0.35, 0.65, "Kuyken et al. 2016, JAMA Psychiatry 73:565 (relapse within 60 weeks without MBCT, about half)",
              "Chance that a participant would relapse into depression within 60 weeks without MBCT.", "outcomes"),
    Parameter("relapse_hazard_ratio", 0.69, "hazard ratio", 0.58, 0.82, "Kuyken et al. 2016, JAMA Psychiatry 73:565 (HR 0.69, 95% CI 0.58-0.82)",
              "Hazard of relapse with MBCT relative to without.", "outcomes"),
    Parameter("relapse_group_share", 0.8, "fraction", 0.5, 1.0, A,
              "Share of participants who are in MBCT's target group (recurrent depression, currently well).", "outcomes"),
]
# fmt: on
