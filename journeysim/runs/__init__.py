"""Runs: one run of a scenario as a pure function, its outcomes and its manifest.

* :mod:`~journeysim.runs.replication` - :func:`replicate`: one replication built and run (seeds,
  parameter values and intervention fields applied); every runner goes through it.
* :mod:`~journeysim.runs.single` - :func:`run_journey`: one service, :class:`RunResult`.
* :mod:`~journeysim.runs.population` - :func:`run_nation`: a population of services, :class:`NationResult`.
* :mod:`~journeysim.runs.manifest` - :func:`~journeysim.runs.manifest.build_manifest`, the one manifest builder.
* :mod:`~journeysim.runs.outcomes` - the milestone years outcomes are reported at.

Layering: this package sits above the model, the population layer and scenario
handling, and below the batch layer, which runs many of these.
"""

from journeysim.runs.population import SERVICE_COLUMNS, NationResult, nation_result_of, run_nation
from journeysim.runs.replication import Replication, apply_point, purpose_seeds, replicate
from journeysim.runs.single import RunResult, demand_outcomes, last_course_outcomes, outcomes_of, result_of, run_journey

__all__ = [
    "SERVICE_COLUMNS",
    "NationResult",
    "Replication",
    "RunResult",
    "apply_point",
    "demand_outcomes",
    "last_course_outcomes",
    "nation_result_of",
    "outcomes_of",
    "purpose_seeds",
    "replicate",
    "result_of",
    "run_journey",
    "run_nation",
]
