"""A population scenario over many worlds (``journeysim nation``'s default): medians and 90% bands, not one seed.

One random world of a population is one draw of its luck; :func:`nation_ensemble` runs replications 0..N-1
(the worlds ``journeysim compare`` runs for the same scenario and seed) and gives each national outcome's median
and the central band of the worlds' values.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from journeysim.api import inputs
from journeysim.outcomes import scope
from journeysim.scenario import Scenario

DEFAULT_WORLDS = 10
BAND = 0.9
# Every numeric national outcome a population run's row holds (milestone years and nations included).
OUTCOMES = tuple(name for s in scope("population") if s.dtype in ("int", "float") for name in s.names())


@dataclass(frozen=True)
class NationEnsemble:
    """A population scenario's outcomes across its worlds, from :func:`nation_ensemble`.

    Attributes:
        scenario: The population scenario.
        seed: The root seed (world *i* is replication *i* of it).
        summary: ``{"worlds", "failed", "band", "outcomes": {column: {"median", "low", "high", "n"}}}``.
        runs: One row per world: the national outcomes.

    """

    scenario: Scenario
    seed: int
    summary: dict[str, Any] = field(repr=False)
    runs: pd.DataFrame = field(repr=False)

    def to_dict(self) -> dict[str, Any]:
        """The ``--json`` form."""
        return {"scenario": self.scenario.name, "seed": self.seed, "ensemble": self.summary}


def nation_ensemble(
    scenario: Any = "uk_services",
    *,
    replications: int = DEFAULT_WORLDS,
    seed: int = 0,
    years: int | None = None,
    parameters: Mapping[str, Any] | None = None,
    posterior: Any = None,
    workers: int | None = None,
    progress: bool = False,
) -> NationEnsemble:
    """Run a population scenario in ``replications`` worlds; each national outcome's median and 90% band.

    Args:
        scenario: A population scenario (a shipped name, ``"name+strategy"``, a path or a Scenario).
        replications: Worlds (at least 1).
        seed: Root seed; world *i* uses ``SeedSequence(seed, spawn_key=(i,))``, as ``compare`` does.
        years: The run's length in years.
        parameters: Declared parameters to override.
        posterior: Draw calibrated parameters from this posterior (one particle per world).
        workers: Local worker processes (``None``: one per CPU); the numbers do not depend on it.
        progress: Show progress on stderr.

    Raises:
        InputError: naming the argument, for a bad argument or a single service.

    """
    from journeysim.analysis.nation import ensemble_bands
    from journeysim.api.functions import executor_for
    from journeysim.batch.replicate import replicate

    replications, seed = inputs.number("replications", replications), inputs.number("seed", seed)
    spec = inputs.population(inputs.scenario_of(scenario, parameters=parameters, years=years), scenario)
    drawn_from = inputs.posterior_of(posterior)
    with executor_for(min(workers or os.cpu_count() or 1, replications)) as executor:
        runs = replicate([spec], replications, seed=seed, executor=executor, progress=progress, posterior=drawn_from)
    return NationEnsemble(spec, seed, ensemble_bands(runs, list(OUTCOMES), BAND), runs)
