"""Declarations of the starting state each checklist stage implies, and of the level criteria.

A practitioner describes their service by the seed-004 checklist: for each domain,
a stage (starting out, developmental, sustainable). Each stage stands for a value
inside its band (:func:`journeysim.model.embeddedness.domain_stages` gives the bands);
the values below are where in the band a service starts. The criteria that define
the embeddedness levels and the stages (001 §Phase II case studies; 004) are declared
here too; they define what is measured, so they are not drawn as uncertain.
"""

from __future__ import annotations

from journeysim.parameters.spec import Parameter

S = "004 checklist stages; value assumption inside the stage's band"
G = "starting state"
C = "level criteria"

# fmt: off
DECLARATIONS: list[Parameter] = [
    Parameter("start_fit_starting_out", 0.25, "index 0-1", 0.1, 0.35, S, "Fit of a service starting out on fit.", G),
    Parameter("start_fit_developmental", 0.5, "index 0-1", 0.42, 0.65, S, "Fit of a developmental service.", G),
    Parameter("start_fit_sustainable", 0.75, "index 0-1", 0.72, 0.9, S, "Fit of a sustainable service.", G),
    Parameter("start_evidence_starting_out", 0.1, "index 0-1", 0.0, 0.3, S, "Local evidence of a service starting out on evaluation.", G),
    Parameter("start_evidence_developmental", 0.45, "index 0-1", 0.42, 0.65, S, "Local evidence of a developmental service.", G),
    Parameter("start_evidence_sustainable", 0.75, "index 0-1", 0.72, 0.9, S, "Local evidence of a sustainable service.", G),
    Parameter("start_networks_starting_out", 0.1, "index 0-1", 0.0, 0.3, S, "Networks of a service starting out on networks.", G),
    Parameter("start_networks_developmental", 0.45, "index 0-1", 0.42, 0.65, S, "Networks of a developmental service.", G),
    Parameter("start_networks_sustainable", 0.75, "index 0-1", 0.72, 0.9, S, "Networks of a sustainable service.", G),
    Parameter("start_teachers_starting_out", 0, "teachers", 0, 1, S, "Trained teachers (besides implementers) of a team starting out.", G, uncertain=False),
    Parameter("start_teachers_developmental", 2, "teachers", 1, 3, S, "Trained teachers of a developmental team.", G),
    Parameter("start_teachers_sustainable", 5, "teachers", 4, 8, S, "Trained teachers of a sustainable team.", G),
    Parameter("start_senior_priority_starting_out", 0.2, "index 0-1", 0.05, 0.35, S, "Senior priority when top-down support is starting out.", G),
    Parameter("start_senior_priority_developmental", 0.45, "index 0-1", 0.4, 0.55, S, "Senior priority when top-down support is developmental.", G),
    Parameter("start_senior_priority_sustainable", 0.7, "index 0-1", 0.62, 0.85, S, "Senior priority when top-down support is sustainable.", G),
    Parameter("start_middle_alignment_starting_out", 0.35, "index 0-1", 0.2, 0.45, S, "Middle-manager alignment when top-down support is starting out.", G),
    Parameter("start_middle_alignment_developmental", 0.5, "index 0-1", 0.4, 0.6, S, "Middle-manager alignment when top-down support is developmental.", G),
    Parameter("start_middle_alignment_sustainable", 0.7, "index 0-1", 0.6, 0.85, S, "Middle-manager alignment when top-down support is sustainable.", G),
    Parameter("start_energy_starting_out", 0.65, "energy 0-1", 0.5, 0.75, S, "Implementers' energy when nourishing is starting out.", G),
    Parameter("start_energy_developmental", 0.8, "energy 0-1", 0.7, 0.9, S, "Implementers' energy when nourishing is developmental.", G),
    Parameter("start_recovery_starting_out", 0.85, "ratio", 0.7, 0.95, S, "Energy recovery (relative) when nourishing is starting out.", G),
    Parameter("start_recovery_developmental", 1.0, "ratio", 0.9, 1.1, S, "Energy recovery (relative) when nourishing is developmental.", G),
    Parameter("start_recovery_sustainable", 1.15, "ratio", 1.05, 1.3, S, "Energy recovery (relative) when nourishing is sustainable.", G),
    # --- what the levels and stages mean (001 §Phase II case studies; 004) ------------------
    Parameter("regular_courses_min", 2, "courses in 12 months", 2, 4, "001 §Phase II case studies (regular provision); value assumption",
              "Courses in the last 12 months that count as regular provision.", C, uncertain=False),
    Parameter("stop_gap_months", 24, "months", 18, 36, "001 §Phase II case studies (regular provision); value assumption: twice the longest usual interval between a lone champion's courses",
              "Months without a course after which a service has stopped (dated at its last course); a later course is a restart.", C, uncertain=False),
    Parameter("level_persistence_months", 6, "months", 3, 12, "001 §Pivot points (pivots change a service's course for good); value assumption",
              "Consecutive months the features must point to a new level (above or below) before the level changes; stops and restarts are immediate.", C, uncertain=False),
    Parameter("trained_teachers_min", 2, "teachers", 2, 3, "001 §Phase II case studies (more than one teacher)",
              "Trained teachers a service needs to count as having a teaching team.", C, uncertain=False),
    Parameter("resources_protected_share", 0.3, "fraction", 0.2, 0.6, "004 'Getting top-down buy in' (time in job plans); 001 §Context; value assumption",
              "Share of teaching time protected (paid for, or shielded by a manager) that counts as sustained resources without a funding line.", "level criteria"),
    Parameter("succession_implementers", 2, "implementers", 2, 3, "004 'Building a team to deliver' (more than one person carries the work)",
              "Implementers sharing the work that count as succession.", C, uncertain=False),
    Parameter("stage_developmental", 0.4, "index 0-1", 0.3, 0.5, "004 checklist; band edge assumption",
              "Fit, evidence, networks or senior priority at which a domain is developmental.", C, uncertain=False),
    Parameter("stage_sustainable", 0.7, "index 0-1", 0.6, 0.8, "004 checklist; band edge assumption",
              "Fit, evidence or networks at which a domain is sustainable.", C, uncertain=False),
    Parameter("nourishing_sustainable_energy", 0.6, "energy 0-1", 0.5, 0.7, "004 'Nourishing the people'; band edge assumption",
              "Implementers' mean energy that, with supervision, makes nourishing sustainable.", C, uncertain=False),
    Parameter("nourishing_developmental_energy", 0.4, "energy 0-1", 0.3, 0.5, "004 'Nourishing the people'; band edge assumption",
              "Implementers' mean energy that makes nourishing developmental.", C, uncertain=False),
]
# fmt: on
