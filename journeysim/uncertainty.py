"""Parameter uncertainty: draw uncertain parameters from their declared ranges.

A comparison run with uncertainty draws, for each replication, one value of
every parameter declared ``uncertain`` (uniformly over its plausible range),
so that a confidence interval covers what we do not know about the world as
well as chance. Draws come from their own ``SeedSequence`` child, so
replication *i* of every scenario in a comparison shares the same world
(common random numbers extend to parameters).

A calibrated :class:`Posterior` replaces the ranges: each replication draws one
of its weighted particles from the same stream, and the particle's values
replace the scenario's defaults, except those the scenario or a sweep sets
on purpose.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
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


@dataclass(frozen=True, eq=False)
class Posterior:
    """Weighted parameter sets (particles) from a calibration, to draw from instead of the declared ranges.

    Build it with :func:`journeysim.batch.posterior.load_posterior` (which reads and checks a posterior
    folder) or directly from arrays. Replication *i* draws one particle with probability equal to its
    weight from the replication's uncertainty stream, so every scenario in a comparison gets the same
    particle in replication *i* (common random numbers extend to the posterior).

    Attributes:
        parameters: Names of the calibrated parameters, one per column of ``values``.
        values: Particles x parameters, as floats (integer parameters are rounded when used).
        weights: One non-negative weight per particle, summing to 1.
        digest: Identity of the posterior (a hash of its particles and weights), recorded in run ids.
        source: Where it came from (its folder, or ``"<arrays>"``).
        manifest: The calibration's manifest (what it was calibrated to, with which code).

    """

    parameters: tuple[str, ...]
    values: np.ndarray
    weights: np.ndarray
    digest: str = ""
    source: str = "<arrays>"
    manifest: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        values = np.array(self.values, dtype=float)
        weights = np.array(self.weights, dtype=float)
        if values.ndim != 2 or values.shape != (len(weights), len(self.parameters)) or len(weights) == 0:
            raise ValueError("a posterior needs one row of values per weight and one column per parameter")
        if not np.all(np.isfinite(weights)) or np.any(weights < 0) or weights.sum() <= 0:
            raise ValueError("posterior weights must be finite, non-negative and not all zero")
        weights = weights / weights.sum()
        cumulative = np.cumsum(weights)
        cumulative[-1] = 1.0
        values.setflags(write=False)
        weights.setflags(write=False)
        object.__setattr__(self, "parameters", tuple(self.parameters))
        object.__setattr__(self, "values", values)
        object.__setattr__(self, "weights", weights)
        object.__setattr__(self, "_cumulative", cumulative)
        if not self.digest:
            blob = hashlib.sha256()
            blob.update("\0".join(self.parameters).encode())
            blob.update(values.tobytes())
            blob.update(weights.tobytes())
            object.__setattr__(self, "digest", blob.hexdigest()[:16])

    @property
    def particles(self) -> int:
        """Number of particles."""
        return len(self.weights)

    def particle(self, seed: np.random.SeedSequence) -> int:
        """The particle a replication's uncertainty stream picks (probability = weight; zero weight never)."""
        u = float(np.random.default_rng(seed).random())
        index = int(np.searchsorted(self._cumulative, u, side="right"))  # type: ignore[attr-defined]
        return min(index, self.particles - 1)

    def values_of(self, index: int, fixed: dict[str, Any] | None = None, population: bool = False) -> dict[str, Any]:
        """Particle ``index`` as parameter values, skipping ``fixed`` ones and, for one service, population-only ones.

        Args:
            index: The particle.
            fixed: Parameters a scenario or sweep sets on purpose; they keep their values.
            population: Whether the run is a population of services (see :func:`uncertain_parameters`).

        """
        fixed = fixed or {}
        out: dict[str, Any] = {}
        for name, value in zip(self.parameters, self.values[index], strict=True):
            p = PARAMETERS[name]
            if name in fixed or (p.population_only and not population):
                continue
            out[name] = round(float(value)) if p.kind == "int" else float(value)
        return out

    def draw(
        self, seed: np.random.SeedSequence, fixed: dict[str, Any] | None = None, population: bool = False
    ) -> dict[str, Any]:
        """One particle's values for a replication (as :func:`draw_parameters` draws from the ranges)."""
        return self.values_of(self.particle(seed), fixed, population)


def set_on_purpose(parameters: dict[str, Any]) -> dict[str, Any]:
    """The parameters a scenario sets away from their declared defaults (a posterior leaves them alone)."""
    return {k: v for k, v in parameters.items() if k in PARAMETERS and v != PARAMETERS[k].default}
