"""Global sensitivity of the fragility conclusions: Morris screening, then Sobol indices.

The study itself (settings, outcomes, sweeps, indices) is
:mod:`journeysim.validation.sensitivity_study`; ``docs/sensitivity.md`` and its
figures are :mod:`journeysim.validation.sensitivity_report`. This module gathers
their public names.
"""

from __future__ import annotations

from journeysim.validation.sensitivity_report import (
    hinge_lines,
    morris_figure,
    morris_table,
    render,
    robustness_lines,
    sobol_figure,
    sobol_table,
    write_study,
    zero_effect_lines,
)
from journeysim.validation.sensitivity_study import (
    AFTER_DEPARTURE,
    RUN_COLUMNS,
    RUNNING,
    SCENARIOS,
    STOPPED_SOON,
    WINDOW,
    OutcomeResult,
    Study,
    StudySettings,
    analyse,
    experiment_dict,
    months_after_departure,
    per_run_outcome,
    point_frame,
    run_stage,
    run_study,
    screened_parameters,
    stopped_soon_by_point,
    sweep_indices,
    top_factors,
)

__all__ = [
    "AFTER_DEPARTURE",
    "RUNNING",
    "RUN_COLUMNS",
    "SCENARIOS",
    "STOPPED_SOON",
    "WINDOW",
    "OutcomeResult",
    "Study",
    "StudySettings",
    "analyse",
    "experiment_dict",
    "hinge_lines",
    "months_after_departure",
    "morris_figure",
    "morris_table",
    "per_run_outcome",
    "point_frame",
    "render",
    "robustness_lines",
    "run_stage",
    "run_study",
    "screened_parameters",
    "sobol_figure",
    "sobol_table",
    "stopped_soon_by_point",
    "sweep_indices",
    "top_factors",
    "write_study",
    "zero_effect_lines",
]
