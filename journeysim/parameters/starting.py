"""Declarations of the starting state each checklist stage implies.

A practitioner describes their service by the seed-004 checklist: for each domain,
a stage (starting out, developmental, sustainable). Each stage stands for a value
inside its band (:func:`journeysim.model.embeddedness.domain_stages` gives the bands);
the values below are where in the band a service starts. The criteria that define
the embeddedness levels and the stages are declared with them, in
:mod:`journeysim.model.embeddedness`.
"""

from __future__ import annotations

from journeysim.declare import Parameter

S = "004 checklist stages; value assumption inside the stage's band"
G = "starting state"

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
]
# fmt: on
