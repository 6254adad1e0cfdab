"""Run identity and batch rows: one run is (scenario hash, parameter point, replication seed).

Replication *i* of every scenario in a comparison runs with the same seeds and draws
(:func:`journeysim.runs.replicate`), so the same identity gives the same numbers on any executor.
A point's factors are parameters or intervention fields (:func:`journeysim.runs.apply_point`).
"""

from __future__ import annotations

import hashlib
import json
import traceback
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from journeysim.batch.errors import BatchInputError
from journeysim.model.record import SERIES_COLUMNS
from journeysim.nation.outputs import nation_outcomes
from journeysim.runs.replication import purpose_seeds, replicate
from journeysim.runs.single import outcomes_of
from journeysim.scenario import Scenario
from journeysim.uncertainty import Posterior

ROW_PREFIX = ("run_id", "scenario", "replication")


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
        posterior: A calibrated posterior to draw one particle from instead (never with ``uncertain``);
            it leaves the point's parameters and those the scenario sets away from their defaults alone.

    """

    scenario: Scenario
    replication: int
    seed: int
    point: dict[str, Any] = field(default_factory=dict)
    uncertain: bool = False
    label: str = ""
    posterior: Posterior | None = None

    def __post_init__(self) -> None:
        if self.uncertain and self.posterior is not None:
            raise BatchInputError("a run draws from the declared ranges (uncertain) or from a posterior, not both")

    @property
    def run_id(self) -> str:
        """Stable identity: scenario hash, point hash, seed, replication, uncertainty flag or posterior."""
        u = "u" if self.uncertain else "f"
        if self.posterior is not None:
            u = f"p{self.posterior.digest[:12]}"
        return f"{self.scenario.hash}-{point_hash(self.point)}-{self.seed}-{self.replication}-{u}"


def execute(spec: RunSpec, keep_series: bool = False) -> tuple[dict[str, Any], list[tuple] | None]:
    """Run one replication; return its flat row and, if asked, its monthly series rows.

    Series rows are tuples of :data:`ROW_PREFIX` followed by the model's
    ``SERIES_COLUMNS``. A run that raises gives a failed row and no series.
    """
    label = spec.label or spec.scenario.name
    row: dict[str, Any] = {
        "run_id": spec.run_id,
        "scenario": label,
        "scenario_hash": spec.scenario.hash,
        "point_hash": point_hash(spec.point),
        "seed": spec.seed,
        "replication": spec.replication,
        "uncertain": spec.uncertain,
    }
    if spec.posterior is not None:
        row["posterior"] = spec.posterior.digest
        row["particle"] = spec.posterior.particle(purpose_seeds(spec.seed, spec.replication)["uncertainty"])
    try:
        run = replicate(
            spec.scenario, spec.seed, spec.replication, spec.point, uncertain=spec.uncertain, posterior=spec.posterior
        )
        outcomes = nation_outcomes(run.model) if run.scenario.is_population else outcomes_of(run.model)
    except Exception as exc:  # recorded, not raised: one bad point must not sink a sweep
        row.update(
            {"status": "failed", "error": f"{type(exc).__name__}: {exc}", "traceback": traceback.format_exc(limit=5)}
        )
        return row, None
    row.update({"status": "ok", "error": "", "traceback": ""})
    row.update({f"param.{key}": value for key, value in run.values.items()})
    row.update(outcomes)
    if not keep_series or run.scenario.is_population:  # a population's yearly accounts are in its outcomes
        return row, None
    prefix = (row["run_id"], label, spec.replication)
    return row, [prefix + tuple(r) for r in run.model.series_rows()]


def run_spec(spec: RunSpec) -> dict[str, Any]:
    """Run one replication and return a flat row: identity, parameters drawn or set, outcomes.

    A run that raises is returned as a failed row carrying its error, so a
    batch goes on and the failure is recorded rather than lost.
    """
    return execute(spec)[0]


@dataclass
class BatchOutput:
    """Rows (and optionally monthly series rows) of a batch of runs, in the order given."""

    rows: list[dict[str, Any]]
    series: list[tuple] = field(default_factory=list)


def run_batch(specs: Sequence[RunSpec], keep_series: bool = False) -> BatchOutput:
    """Run several replications in one task (one executor call per batch keeps overhead low)."""
    out = BatchOutput(rows=[])
    for spec in specs:
        row, series = execute(spec, keep_series)
        out.rows.append(row)
        if series:
            out.series.extend(series)
    return out


def series_columns() -> list[str]:
    """Column names of the series rows from :func:`execute`."""
    return [*ROW_PREFIX, *SERIES_COLUMNS]
