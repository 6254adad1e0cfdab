"""Runs: one run of a scenario as a pure function, its outcomes and its manifest.

* :mod:`~journeysim.runs.replication` - :func:`replicate`: one replication built and run (seeds,
  parameter values and intervention fields applied); every runner goes through it.
* :mod:`~journeysim.runs.single` - :func:`run_journey`: one service, :class:`RunResult`.
* :mod:`~journeysim.runs.population` - :func:`run_nation`: a population of services, :class:`NationResult`.
* :mod:`~journeysim.runs.manifest` - :func:`build_manifest`, the one manifest builder.
* :mod:`~journeysim.runs.outcomes` - the milestone years outcomes are reported at.

Layering: this package sits above the model, the population layer and scenario
handling, and below the batch layer, which runs many of these.
"""

from journeysim.runs.manifest import (
    DEPENDENCIES,
    PROVENANCE_KEYS,
    build_manifest,
    dependency_versions,
    manifest_for,
    provenance,
    seed_identity,
)
from journeysim.runs.outcomes import OUTCOME_YEARS, POPULATION_OUTCOME_YEARS, SERVICE_OUTCOME_YEARS
from journeysim.runs.population import SERVICE_COLUMNS, NationResult, nation_result_of, run_nation
from journeysim.runs.replication import (
    Replication,
    apply_point,
    assemble,
    drawn_values,
    intervention_field,
    is_intervention_key,
    purpose_seeds,
    replicate,
    replication_seed,
)
from journeysim.runs.single import (
    RunResult,
    demand_outcomes,
    last_course_outcomes,
    outcomes_of,
    result_of,
    run_journey,
)

__all__ = [
    "DEPENDENCIES",
    "OUTCOME_YEARS",
    "POPULATION_OUTCOME_YEARS",
    "PROVENANCE_KEYS",
    "SERVICE_COLUMNS",
    "SERVICE_OUTCOME_YEARS",
    "NationResult",
    "Replication",
    "RunResult",
    "apply_point",
    "assemble",
    "build_manifest",
    "demand_outcomes",
    "dependency_versions",
    "drawn_values",
    "intervention_field",
    "is_intervention_key",
    "last_course_outcomes",
    "manifest_for",
    "nation_result_of",
    "outcomes_of",
    "provenance",
    "purpose_seeds",
    "replicate",
    "replication_seed",
    "result_of",
    "run_journey",
    "run_nation",
    "seed_identity",
]
