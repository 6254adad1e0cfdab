"""Reading a sweep's results folder for analysis: its design and the runs of one outcome.

The analysis layer computes from frames and plain values only; this module
does the reading. :class:`SweepDesign` is what a sensitivity analysis needs of
a design (the method's settings, the SALib problem and the design points),
built either from an :class:`~journeysim.batch.experiment.Experiment` or from
a results folder's manifest and ``design.parquet``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from journeysim.batch.design import salib_problem
from journeysim.batch.errors import BatchInputError
from journeysim.batch.experiment import Experiment
from journeysim.batch.store import DESIGN, query, read_manifest, read_runs

# Run columns that identify or describe a run rather than measure it.
NOT_OUTCOMES = ("run_id", "scenario", "scenario_hash", "point_hash", "status", "error", "traceback", "chunk")


@dataclass(frozen=True)
class SweepDesign:
    """A sweep's design as a sensitivity analysis reads it.

    Attributes:
        name: The experiment's name.
        method: ``grid``, ``lhs``, ``sobol`` or ``morris``.
        second_order: Sobol only: whether second-order indices were sampled for.
        levels: Morris levels (``None``: the default).
        problem: The SALib problem: ``num_vars``, ``names`` and ``bounds`` of the factors.
        points: One row per design point, in design order: ``point_hash``, one column per
            factor and, for sampled designs, the raw sample ``x.FACTOR``.

    """

    name: str
    method: str
    second_order: bool
    levels: int | None
    problem: dict[str, Any]
    points: pd.DataFrame

    @classmethod
    def of_experiment(cls, experiment: Experiment) -> SweepDesign:
        """The design of an experiment (computed: the samplers are seeded)."""
        return cls.of_manifest({"experiment": experiment.to_dict()}, experiment.design().frame(experiment.factors))

    @classmethod
    def of_manifest(cls, manifest: dict[str, Any], points: pd.DataFrame) -> SweepDesign:
        """The design recorded in a results folder's manifest, with its design points."""
        experiment = manifest["experiment"]
        settings = experiment["design"]
        return cls(
            name=str(experiment.get("name", "")),
            method=settings["method"],
            second_order=bool(settings.get("second_order")),
            levels=settings.get("levels"),
            problem=salib_problem(experiment["vary"]),
            points=points,
        )


def unknown_outcome(outcome: str, columns: list[str]) -> str:
    """The message for an outcome that is not a run column, listing the outcomes there are."""
    allowed = [c for c in columns if c not in NOT_OUTCOMES and not c.startswith("param.")]
    return f"sensitivity: outcome {outcome!r} is not a run column. Allowed: " + ", ".join(allowed)


def read_design(folder: str | Path, experiment: Experiment | None = None) -> SweepDesign:
    """The design of the sweep in ``folder``.

    Args:
        folder: A sweep's results folder.
        experiment: If given, the folder must hold results of this experiment.

    Raises:
        BatchInputError: for a folder without sweep results, or of another experiment.

    """
    manifest = read_manifest(folder)
    if experiment is not None and experiment.hash != manifest.get("experiment_hash"):
        raise BatchInputError(
            f"sensitivity: {folder} holds experiment {manifest.get('experiment_hash')}, not "
            f"'{experiment.name}' ({experiment.hash})"
        )
    return SweepDesign.of_manifest(manifest, pd.read_parquet(Path(folder) / DESIGN))


def read_outcome_runs(folder: str | Path, outcome: str) -> pd.DataFrame:
    """The runs of ``folder`` with the columns an analysis of ``outcome`` reads: ``point_hash``, ``status``, it.

    Raises:
        BatchInputError: if ``outcome`` is not a run column (naming those that are).

    """
    columns = list(query(folder, "SELECT * FROM runs LIMIT 0").columns)
    if outcome not in columns:
        raise BatchInputError(unknown_outcome(outcome, columns))
    return read_runs(folder, columns=["point_hash", "status", outcome])
