"""Run identity and seeding: one run is (scenario hash, parameter point, replication seed).

Replication *i* of every scenario in a comparison gets the same child of the
comparison's ``SeedSequence`` (``SeedSequence(seed).spawn(n)[i]``), spawned
again per purpose: one child drives the model's streams, one the parameter
uncertainty draws. The same identity gives the same numbers on any executor.
"""

from __future__ import annotations

import hashlib
import json
import traceback
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from journeysim.scenario import Scenario
from journeysim.uncertainty import draw_parameters

PURPOSES = ("model", "uncertainty")


def replication_seed(seed: int, replication: int) -> np.random.SeedSequence:
    """Child ``replication`` of ``SeedSequence(seed)``, without spawning the others."""
    return np.random.SeedSequence(seed, spawn_key=(replication,))


def purpose_seeds(seed: int, replication: int) -> dict[str, np.random.SeedSequence]:
    """The replication's children, one per purpose (:data:`PURPOSES`)."""
    children = replication_seed(seed, replication).spawn(len(PURPOSES))
    return dict(zip(PURPOSES, children, strict=True))


def point_hash(point: dict[str, Any]) -> str:
    """Short hash of a parameter point (empty point -> ``"base"``)."""
    if not point:
        return "base"
    blob = json.dumps(point, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(blob.encode()).hexdigest()[:12]


@dataclass(frozen=True)
class RunSpec:
    """Everything needed to run one replication, picklable for any executor.

    Attributes:
        scenario: The validated scenario.
        replication: Replication index *i*.
        seed: The comparison's (or sweep's) root seed.
        point: Parameter overrides for this design point (part of the identity).
        uncertain: Whether to draw uncertain parameters from their declared ranges.
        label: Name shown in tables (defaults to the scenario's name).

    """

    scenario: Scenario
    replication: int
    seed: int
    point: dict[str, Any] = field(default_factory=dict)
    uncertain: bool = False
    label: str = ""

    @property
    def run_id(self) -> str:
        """Stable identity: scenario hash, point hash, seed, replication, uncertainty flag."""
        u = "u" if self.uncertain else "f"
        return f"{self.scenario.hash}-{point_hash(self.point)}-{self.seed}-{self.replication}-{u}"


def run_spec(spec: RunSpec) -> dict[str, Any]:
    """Run one replication and return a flat row: identity, parameters drawn or set, outcomes.

    A run that raises is returned as a failed row carrying its error, so a
    batch goes on and the failure is recorded rather than lost.
    """
    from journeysim.run import run_journey  # imported here so workers import lazily

    seeds = purpose_seeds(spec.seed, spec.replication)
    row: dict[str, Any] = {
        "run_id": spec.run_id,
        "scenario": spec.label or spec.scenario.name,
        "scenario_hash": spec.scenario.hash,
        "point_hash": point_hash(spec.point),
        "seed": spec.seed,
        "replication": spec.replication,
        "uncertain": spec.uncertain,
    }
    try:
        values = dict(spec.point)
        if spec.uncertain:
            values = {**draw_parameters(seeds["uncertainty"], fixed=spec.point), **values}
        scenario = spec.scenario.with_parameters(values, source="design point") if values else spec.scenario
        result = run_journey(scenario, seeds["model"])
    except Exception as exc:  # recorded, not raised: one bad point must not sink a sweep
        row.update({"status": "failed", "error": f"{type(exc).__name__}: {exc}",
                    "traceback": traceback.format_exc(limit=5)})
        return row
    row["status"] = "ok"
    row["error"] = ""
    row["traceback"] = ""
    for key, value in values.items():
        row[f"param.{key}"] = value
    row.update(result.outcomes)
    return row
