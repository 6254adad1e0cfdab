"""Replications of several scenarios under common random numbers.

Replication *i* of every scenario uses the same seed children
(:func:`~journeysim.runs.purpose_seeds`), so the scenarios in a
comparison live through the same luck and their differences are paired.
"""

from __future__ import annotations

import math
import os
from collections.abc import Sequence
from concurrent.futures import Executor
from dataclasses import dataclass
from functools import partial

import pandas as pd

from journeysim.batch.errors import BatchInputError
from journeysim.batch.executors import SerialExecutor, executor_width, in_window
from journeysim.batch.posterior import as_posterior
from journeysim.batch.progress import progress_bar
from journeysim.batch.runs import BatchOutput, RunSpec, run_batch, series_columns
from journeysim.errors import InputError
from journeysim.scenario import Scenario
from journeysim.uncertainty import Posterior

ScenarioRef = Scenario | str | os.PathLike


@dataclass
class Replications:
    """Runs and their monthly series, from ``replicate(..., keep_series=True)``.

    Attributes:
        runs: One row per run (the columns of :func:`~journeysim.batch.runs.run_spec`).
        series: One row per run and month: ``run_id``, ``scenario``, ``replication``
            and the model's ``SERIES_COLUMNS`` (``month``, ``date``, ``level_code``,
            ``running``, ``participants``, ``teachers``, ``courses_last_12``...).

    """

    runs: pd.DataFrame
    series: pd.DataFrame


def unique_labels(scenarios: Sequence[Scenario]) -> list[str]:
    """Scenario names, made unique with ``#2``, ``#3``... where two share a name."""
    seen: dict[str, int] = {}
    labels = []
    for s in scenarios:
        seen[s.name] = seen.get(s.name, 0) + 1
        labels.append(s.name if seen[s.name] == 1 else f"{s.name}#{seen[s.name]}")
    return labels


def _scenarios(scenarios: Sequence[ScenarioRef] | ScenarioRef) -> list[Scenario]:
    """Validated scenarios from names (``"name+strategy"``), paths or :class:`Scenario` objects."""
    from journeysim.library import load_scenario

    if isinstance(scenarios, Scenario | str | os.PathLike):
        scenarios = [scenarios]
    if not isinstance(scenarios, Sequence) or not scenarios:
        raise BatchInputError(f"scenarios={scenarios!r}: give at least one scenario (a name, a path or a Scenario)")
    loaded = []
    for i, ref in enumerate(scenarios):
        if isinstance(ref, Scenario):
            loaded.append(ref)
            continue
        if not isinstance(ref, str | os.PathLike):
            raise BatchInputError(
                f"scenarios[{i}]={ref!r}: must be a scenario name, 'name+strategy', a path to a TOML file or a Scenario"
            )
        try:
            loaded.append(load_scenario(ref))
        except InputError as exc:
            raise BatchInputError(f"scenarios[{i}]={os.fspath(ref)!r}: {exc}") from None
    return loaded


def replicate(
    scenarios: Sequence[ScenarioRef] | ScenarioRef,
    replications: int,
    seed: int = 0,
    executor: Executor | None = None,
    uncertain: bool = False,
    keep_series: bool = False,
    progress: bool = False,
    *,
    labels: Sequence[str] | None = None,
    posterior: Posterior | str | os.PathLike | None = None,
) -> pd.DataFrame | Replications:
    """Run every scenario ``replications`` times under common random numbers.

    Args:
        scenarios: Scenarios: shipped names (``"lone_champion"``, ``"name+strategy"``), paths to
            TOML files or validated :class:`~journeysim.scenario.Scenario` objects (names and
            paths are read with :func:`journeysim.library.load_scenario`).
        replications: Runs per scenario (at least 1).
        seed: Root seed; replication *i* uses ``SeedSequence(seed, spawn_key=(i,))``.
        executor: Any :class:`concurrent.futures.Executor` (see
            :func:`~journeysim.batch.executors.make_executor`); ``None`` runs in this process.
        uncertain: Draw the parameters declared uncertain from their ranges, one
            draw per replication shared by every scenario.
        keep_series: Also return the monthly series of every run.
        progress: Show a progress bar on stderr.
        labels: Names for the ``scenario`` column (default: the scenarios' names, made unique).
        posterior: A calibrated posterior (a folder path or a :class:`~journeysim.uncertainty.Posterior`):
            replication *i* of every scenario draws the same particle (not with ``uncertain``).

    Returns:
        A DataFrame with one row per run, ordered by scenario then replication
        (the columns of :func:`~journeysim.batch.runs.run_spec`: identity,
        ``status``/``error``, ``param.*`` and the outcomes). With
        ``keep_series=True``, a :class:`Replications` holding ``.runs`` and ``.series``.

    Raises:
        BatchInputError: for no scenarios, an unknown scenario, a bad replication count or seed,
            or mismatched labels (naming the Python argument).
        InputError: for a posterior folder that cannot be used, or a posterior with ``uncertain``.

    """
    scenarios = _scenarios(scenarios)
    if isinstance(replications, bool) or not isinstance(replications, int) or replications < 1:
        raise BatchInputError(f"replications={replications!r}: must be a whole number of at least 1")
    if isinstance(seed, bool) or not isinstance(seed, int) or seed < 0:
        raise BatchInputError(f"seed={seed!r}: must be a whole number of at least 0")
    names = list(labels) if labels is not None else unique_labels(scenarios)
    if len(names) != len(scenarios) or len(set(names)) != len(names):
        raise BatchInputError(f"labels={names!r}: must be unique, one per scenario")
    if uncertain and posterior is not None:
        raise BatchInputError("uncertain=True and posterior: draw from the declared ranges or a posterior, not both")
    drawn_from = as_posterior(posterior)
    specs = [
        RunSpec(scenario=s, replication=i, seed=seed, uncertain=uncertain, label=label, posterior=drawn_from)
        for s, label in zip(scenarios, names, strict=True)
        for i in range(replications)
    ]
    return run_many(specs, executor=executor, keep_series=keep_series, progress=progress)


def run_many(
    specs: Sequence[RunSpec], executor: Executor | None = None, keep_series: bool = False, progress: bool = False
) -> pd.DataFrame | Replications:
    """Run any list of run specifications (e.g. one replication of each of many services) on an executor.

    The building block under :func:`replicate`, for designs it does not cover:
    each spec carries its own scenario, replication index, point and label.

    Returns:
        One row per spec, in the order given; a :class:`Replications` with the
        monthly series if ``keep_series``.

    """
    executor = executor or SerialExecutor()
    size = max(1, min(25, math.ceil(len(specs) / (4 * executor_width(executor)))))
    batches = [list(specs[k : k + size]) for k in range(0, len(specs), size)]
    done: dict[int, BatchOutput] = {}  # by the batch's id: batches finish in any order
    with progress_bar(len(specs), "runs", progress) as bar:
        for batch, future in in_window(executor, partial(run_batch, keep_series=keep_series), batches):
            done[id(batch)] = future.result()
            bar.update(len(batch))
    outputs = [done[id(batch)] for batch in batches]
    runs = pd.DataFrame([row for out in outputs for row in out.rows])
    if not keep_series:
        return runs
    series = pd.DataFrame([r for out in outputs for r in out.series], columns=series_columns())
    return Replications(runs=runs, series=series)
