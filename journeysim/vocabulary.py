"""The words the whole package shares: nations, roles, levels, stages, domains, pathways.

Declared once here; every layer (model, nation, inputs, analysis, presentation)
imports them from this module and nowhere else.
"""

from __future__ import annotations

NATIONS = ("england", "scotland", "wales", "northern_ireland")
NATION_NAMES = {
    "uk": "All services",
    "england": "England",
    "scotland": "Scotland",
    "wales": "Wales",
    "northern_ireland": "Northern Ireland",
}
ROLES = ("teacher", "manager", "service_user")
TRAINING_PATHWAYS = ("none", "ad_hoc", "commissioned", "internal")
FUNDED_PATHWAYS = ("commissioned", "internal")
UNFUNDED_PATHWAYS = ("none", "ad_hoc")
FIDELITY_STANCES = ("good_enough", "gold_standard")
SERVICE_TYPES = ("primary_care", "secondary_care", "island_board")

# Years at which outcomes are read: single services to their horizon of 20 years, populations to 25.
OUTCOME_YEARS = (5, 10, 15, 20, 25)

# Embeddedness (001 §Results; 002): the level of a service, read off its features.
LEVELS = ("absent", "patchy", "fragile", "embedded")
FEATURES = (
    "running",
    "regular_courses",
    "trained_teachers",
    "supervision",
    "sustained_resources",
    "referral_pathway",
    "accountability",
    "succession",
)
STRUCTURAL = ("supervision", "sustained_resources", "referral_pathway", "accountability", "succession")

# The seed-004 checklist: seven domains, each at one of three stages.
STAGES = ("starting_out", "developmental", "sustainable")
DOMAINS = ("fit", "evaluation", "networks", "team", "top_down", "governance", "nourishing")
