"""Global sensitivity of the study's conclusions: Morris screening where each parameter acts, then Sobol indices.

What the study measures and where (outcomes, scenarios, each parameter's effects
and the inertness check) is :mod:`journeysim.validation.sensitivity_measures`; the
study itself (settings, sweeps, indices) is
:mod:`journeysim.validation.sensitivity_study`; ``docs/sensitivity.md`` and its
figures are :mod:`journeysim.validation.sensitivity_report`. This module gathers
the names the command line calls.
"""

from __future__ import annotations

from journeysim.validation.sensitivity_report import write_study
from journeysim.validation.sensitivity_study import StudySettings, run_study, sweep_indices

__all__ = ["StudySettings", "run_study", "sweep_indices", "write_study"]
