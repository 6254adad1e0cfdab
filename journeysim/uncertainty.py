"""Parameter uncertainty: draw uncertain parameters from their declared ranges.

A comparison run with uncertainty draws, for each replication, one value of
every parameter declared ``uncertain`` (uniformly over its plausible range),
so that a confidence interval covers what we do not know about the world as
well as chance. Draws come from their own ``SeedSequence`` child, so
replication *i* of every scenario in a comparison shares the same world
(common random numbers extend to parameters).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from journeysim.parameters import PARAMETERS, Parameter


def uncertain_parameters(population: bool = False) -> list[Parameter]:
    """Numeric parameters declared uncertain, in declaration order.

    Parameters that only a population of services uses (links between services,
    what courses achieve) are included only when ``population`` is true: for a
    single service they change nothing, so drawing them would add noise to a
    sensitivity screen and nothing to an interval.
    """
    return [
        p
        for p in PARAMETERS.values()
        if p.uncertain and p.kind in ("int", "float") and (population or not p.population_only)
    ]


def draw_parameters(
    seed: np.random.SeedSequence, fixed: dict[str, Any] | None = None, population: bool = False
) -> dict[str, Any]:
    """One draw of every uncertain parameter, skipping those in ``fixed``.

    Args:
        seed: The replication's uncertainty stream.
        fixed: Parameters a scenario or sweep sets on purpose; they are not drawn.
        population: Whether the run is a population of services (see :func:`uncertain_parameters`).

    """
    rng = np.random.default_rng(seed)
    fixed = fixed or {}
    out: dict[str, Any] = {}
    for p in uncertain_parameters(population):
        u = float(rng.random())  # always drawn, so one parameter's being fixed does not shift the others
        if p.name in fixed:
            continue
        value = p.low + u * (p.high - p.low)
        out[p.name] = round(value) if p.kind == "int" else value
    return out
