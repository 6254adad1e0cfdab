"""Declarations of a single service's description: run, context, resources, evidence, national programme, kind.

What a scenario says about the service itself (its calendar, its context and
money at the start, the weight of national guidance in its case, a national
programme, the kind of service and its catchment). The coefficients of the monthly
mechanisms are declared next to their code (``journeysim/model/<mechanism>.py``).

Sources are cited by seed file and section (``001 §Context`` is the BMJ Open paper in
``shared/seeds/001_*``, section "Context") or by published paper. "Assumption" marks a
number the study does not give; its range is what we consider plausible.
"""

from __future__ import annotations

from journeysim.declare import Parameter
from journeysim.vocabulary import FIDELITY_STANCES, NATIONS, SERVICE_TYPES, TRAINING_PATHWAYS

# One declaration per entry reads best as a table, so the formatter leaves it alone.
# fmt: off
DECLARATIONS: list[Parameter] = [
    # --- run and calendar ------------------------------------------------------
    Parameter("start_year", 2005, "calendar year", 1995, 2030, "001 §Background (guideline recommendation since 2004)",
              "Calendar year of the first simulated month.", "run", uncertain=False),
    Parameter("years", 20, "years", 10, 30, "design choice: journeys of 10-30 simulated years",
              "Length of the simulated journey.", "run", uncertain=False),
    Parameter("nation", "england", "", None, None, "001 §Methods (four UK nations)",
              "UK nation; selects which national events apply.", "run", choices=NATIONS, uncertain=False),
    # --- context ---------------------------------------------------------------
    Parameter("pressure", 0.5, "index 0-1", 0.0, 1.0, "001 §Context (workload, targets, disinvestment)",
              "Service pressure: workload, waiting lists and target culture.", "context", uncertain=False),
    Parameter("culture", 0.4, "index 0-1", 0.0, 1.0, "001 §Fit; 003 theme 3",
              "Service culture, from medical model (0) to wellbeing and recovery (1).", "context", uncertain=False),
    Parameter("stability", 0.6, "index 0-1", 0.0, 1.0, "001 §Context (ever-changing context)",
              "Organisational stability; low stability means more reorganisations.", "context", uncertain=False),
    Parameter("budget_health", 0.6, "index 0-1", 0.0, 1.0, "001 §Context (historic disinvestment)",
              "Financial room in the local health economy.", "context", uncertain=False),
    # --- resources at the start ------------------------------------------------
    Parameter("initial_recurrent_funding", 0.0, "GBP per year", 0.0, 200000.0, "001 §Context (resources rarely available)",
              "Recurrent funding line for MBCT at the start.", "resources", uncertain=False),
    Parameter("initial_one_off_funds", 0.0, "GBP", 0.0, 200000.0, "001 §Pivot points (securing resources)",
              "A pilot grant at the start: time-limited money that ends after `pilot_grant_months`.", "resources", uncertain=False),
    Parameter("training_pathway", "auto", "", None, None, "001 §Training and supervision",
              "Training pathway at the start; 'auto' derives it from the team stage.", "resources", choices=("auto", *TRAINING_PATHWAYS), uncertain=False),
    Parameter("fidelity_stance", "good_enough", "", None, None, "001 §Training and supervision (gold standard vs good enough)",
              "Whether the service insists on gold-standard training and delivery.", "resources", choices=FIDELITY_STANCES, uncertain=False),
    Parameter("succession_planning", False, "", None, None, "004 'Building a team to deliver' (second and third generation)",
              "Whether implementers actively plan succession from the start.", "resources", uncertain=False),
    # --- evidence and case -----------------------------------------------------
    Parameter("guidance_weight", 0.4, "weight", 0.2, 0.6, "001 §Facilitators (guidelines open the door; local evidence particularises)",
              "Weight of national guidance, against local evidence, in the strength of the case.", "evidence"),
    Parameter("guidance_nice", 0.45, "index 0-1", 0.25, 0.6, "001 §Background (guideline recommendation since 2004)",
              "Strength of national guidance added by the guideline.", "evidence"),
    Parameter("guidance_report", 0.2, "index 0-1", 0.05, 0.3, "001 §Pivot points (2015 parliamentary report)",
              "Guidance strength added by the 2015 parliamentary report.", "evidence"),
    Parameter("service_user_case_boost", 0.1, "index 0-1", 0.0, 0.2, "001 §Facilitators (first-person accounts)",
              "Strength added to the case by an engaged service-user implementer.", "evidence"),
    # --- commissioning and money -----------------------------------------------
    Parameter("austerity_budget_drop", 0.2, "index 0-1", 0.1, 0.3, "001 §Implementation journey (2008 crisis; resources scarcer after)",
              "Fall in budget health from austerity.", "funding"),
    # --- national top-down programme (Scotland-like) ---------------------------
    Parameter("national_programme_teachers", 0.0, "teachers per year", 0.0, 4.0, "001 §Top-down and bottom-up (Scotland's national training)",
              "Teachers per year trained for this service by a national programme (0 = none).", "national", uncertain=False),
    Parameter("national_programme_start_year", 2012, "calendar year", 2000, 2030, "assumption (date not given in the study)",
              "First year of the national programme.", "national", uncertain=False),
    Parameter("national_programme_decay_annual", 0.2, "per year", 0.0, 0.5, "001 §Top-down and bottom-up (funding reduced over time); value assumption",
              "Annual shrinkage of the national programme's funding and places.", "national"),
    Parameter("national_programme_funding", 0.0, "GBP per year", 0.0, 100000.0, "001 §Top-down and bottom-up (limited funding)",
              "Money per year the national programme gives the service at its start.", "national", uncertain=False),
    # --- who the service is for ---------------------------------------------------------------------
    Parameter("service_type", "secondary_care", "", None, None, "001 §Setting (primary and secondary care services); Scotland's island boards",
              "Kind of service: a primary-care talking-therapy service, a secondary-care mental-health service, or an island board.",
              "demand", choices=SERVICE_TYPES, uncertain=False),
    Parameter("catchment_adults", 250000, "adults", 5000, 2000000, "assumption: a mental-health trust or talking-therapy service area; a population model sets it from each provider's population",
              "Adults living in the area the service serves.", "demand", uncertain=False),
    Parameter("adult_share", 0.79, "fraction", 0.75, 0.82, "ONS/NRS/NISRA mid-2015 estimates: about four in five of the UK population are 18 or over",
              "Share of a provider's population who are adults (a population model turns people into adults with it).", "population", uncertain=False),
    Parameter("primary_care_pressure", 0.1, "index 0-1", 0.0, 0.2, "001 §Context (throughput targets make a slow group programme hard to fit)",
              "Extra pressure on MBCT in a primary-care talking-therapy service.", "demand"),]
# fmt: on
