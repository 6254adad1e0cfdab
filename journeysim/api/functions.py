"""The Python API's functions: run, compare, sweep, run a nation, load and list scenarios.

These are the only orchestrators above the runs: the ``journeysim`` command line
parses its options, calls them (inside :func:`journeysim.api.inputs.as_options`,
so messages name its options) and prints or writes what they return. The same
arguments and seed give the same numbers from Python and from the command line.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Mapping, Sequence
from concurrent.futures import Executor
from contextlib import AbstractContextManager
from dataclasses import replace
from pathlib import Path
from typing import Any

from journeysim.api import inputs
from journeysim.api.results import EVENT_COLUMNS, Comparison, Journey, Nation, Sweep, event_frame
from journeysim.errors import InputError, JourneysimError
from journeysim.scenario import Scenario

ScenarioLike = str | os.PathLike[str] | Scenario
PosteriorLike = str | os.PathLike[str] | Any


class SweepIncomplete(JourneysimError):
    """Some chunks of a sweep were not run; ``status`` says how far it got (call again with the same ``out``)."""

    def __init__(self, message: str, status: Any) -> None:
        super().__init__(message)
        self.status = status


def executor_for(
    workers: int | None, scheduler: str | None = None, connect_timeout: float = 10.0
) -> AbstractContextManager[Executor]:
    """The executor ``workers`` (``None``: one per CPU) or a Dask ``scheduler`` address names, checked first."""
    from journeysim.batch.executors import make_executor

    workers = inputs.number("workers", workers)
    connect_timeout = inputs.number("connect_timeout", connect_timeout)
    return make_executor(workers=workers, scheduler=scheduler, timeout=connect_timeout)


def scenarios() -> list[str]:
    """The names of the shipped scenarios.

    Returns:
        Sorted names, e.g. ``["aligned_managers", ..., "uk_services"]``.

    Examples:
        >>> import journeysim
        >>> "lone_champion" in journeysim.scenarios()
        True

    """
    from journeysim.library import shipped_scenarios

    return list(shipped_scenarios())


def strategies() -> list[str]:
    """The names of the shipped strategy overlays (add one with ``"scenario+strategy"``).

    Examples:
        >>> import journeysim
        >>> "succession_planning" in journeysim.strategies()
        True

    """
    from journeysim.library import shipped_strategies

    return list(shipped_strategies())


def load_scenario(
    scenario: ScenarioLike, *, parameters: Mapping[str, Any] | None = None, years: int | None = None
) -> Scenario:
    """A validated scenario, to inspect or to pass to the other functions.

    Args:
        scenario: A shipped name (``"lone_champion"``), ``"name+strategy"``
            (``"lone_champion+succession_planning"``), a path to a TOML file, or a
            :class:`~journeysim.scenario.Scenario` (returned with the overrides applied).
        parameters: Declared parameters to override, e.g. ``{"pressure": 0.8}``
            (``docs/parameters.md`` lists them with their ranges).
        years: The run's length in years.

    Returns:
        A frozen :class:`~journeysim.scenario.Scenario` (``.name``, ``.parameters``,
        ``.implementers``, ``.interventions``, ``.hash``...).

    Raises:
        InputError: naming the argument, for an unknown name or file, a bad
            parameter name or a value outside its declared range.

    Examples:
        >>> import journeysim
        >>> s = journeysim.load_scenario("lone_champion+succession_planning", parameters={"pressure": 0.8})
        >>> s.name, s.parameters["pressure"]
        ('lone_champion+succession_planning', 0.8)

    """
    return inputs.scenario_of(scenario, parameters=parameters, years=years)


def _one_run(scenario: Any, seed: Any, years: Any, parameters: Any, posterior: Any, population: bool) -> tuple:
    """One run of a single service or a population, with its inputs checked: (scenario, seed, result).

    With a posterior, the run takes the particle replication 0 of a comparison with this seed draws,
    recorded in the manifest's ``posterior``.
    """
    from journeysim.runs import nation_result_of, replicate, result_of

    seed = inputs.number("seed", seed)
    spec = inputs.scenario_of(scenario, parameters=parameters, years=years)
    spec = inputs.population(spec, scenario) if population else inputs.single_service(spec, scenario)
    drawn_from = inputs.posterior_of(posterior)
    run = replicate(spec, seed, posterior=drawn_from, population=population)
    result = (nation_result_of if population else result_of)(run.model, seed)
    if drawn_from is not None:
        from journeysim.batch.posterior import posterior_record

        result.manifest["posterior"] = {**posterior_record(drawn_from), "particle": run.particle, "values": run.values}
    return run.scenario, seed, result


def run(
    scenario: ScenarioLike,
    *,
    seed: int = 0,
    years: int | None = None,
    parameters: Mapping[str, Any] | None = None,
    posterior: PosteriorLike | None = None,
) -> Journey:
    """Run one service's journey (as ``journeysim run``).

    Args:
        scenario: A shipped name, ``"name+strategy"``, a path to a TOML file or a Scenario.
        seed: The random seed (a whole number, at least 0).
        years: The run's length in years (default: the scenario's).
        parameters: Declared parameters to override, e.g. ``{"pressure": 0.8}``.
        posterior: A calibration's posterior folder (or a loaded
            :class:`~journeysim.uncertainty.Posterior`): run with the particle replication 0 of a
            comparison with this seed draws; ``parameters`` and what the scenario sets are kept.
            ``manifest["posterior"]`` records the folder, its hashes, the particle and the values.

    Returns:
        A :class:`~journeysim.api.results.Journey` with ``outcomes``, the monthly
        ``series``, the ``events`` log and the ``manifest``.

    Raises:
        InputError: for a bad argument (named in the message), or a population
            scenario (use :func:`run_nation`).

    Examples:
        >>> import journeysim
        >>> journey = journeysim.run("lone_champion", seed=3)
        >>> journey.outcomes["final_level"] in ("absent", "patchy", "fragile", "embedded")
        True
        >>> list(journey.events.columns)
        ['month', 'date', 'kind', 'direction', 'category', 'causes', 'effect']

    """
    spec, seed, result = _one_run(scenario, seed, years, parameters, posterior, population=False)
    events = event_frame(result.events, EVENT_COLUMNS)
    return Journey(spec, seed, dict(result.outcomes), result.series, events, result.manifest, result.events)


def compare(
    scenarios: Sequence[ScenarioLike],
    *,
    replications: int,
    seed: int = 0,
    years: int | None = None,
    parameters: Mapping[str, Any] | None = None,
    uncertain: bool = False,
    posterior: PosteriorLike | None = None,
    bootstrap: int = 2000,
    confidence: float = 0.95,
    workers: int | None = 1,
    progress: bool = False,
    scheduler: str | None = None,
    connect_timeout: float = 10.0,
    monthly: bool = True,
) -> Comparison:
    """Compare scenarios over paired replications (as ``journeysim compare``).

    Replication *i* of every scenario lives through the same luck (common random
    numbers), so differences between scenarios are paired. Works for single
    services and for populations of services (all of one kind).

    Args:
        scenarios: Two or more (or one) scenarios: shipped names, ``"name+strategy"``,
            paths or Scenario objects. Differences are ``b - a`` for each pair in this order.
        replications: Runs per scenario (at least 1).
        seed: Root seed; replication *i* uses ``SeedSequence(seed, spawn_key=(i,))``.
        years: Every scenario's length in years.
        parameters: Declared parameters to override in every scenario.
        uncertain: Draw the parameters declared uncertain from their ranges, one draw
            per replication shared by every scenario.
        posterior: Draw them from a calibration's posterior instead (its folder, or a loaded
            :class:`~journeysim.uncertainty.Posterior`): one particle per replication, the same for
            every scenario; ``parameters`` and what each scenario sets are kept. Not with ``uncertain``.
        bootstrap: Bootstrap resamples for the intervals (at least 100).
        confidence: Level of every interval.
        workers: Local worker processes: ``1`` runs in this process, ``None`` one per CPU.
            The numbers do not depend on it.
        progress: Show a progress bar.
        scheduler: Run on this Dask cluster instead (``tcp://head:8786``; ``workers`` must be ``None``).
        connect_timeout: Seconds to wait for the scheduler.
        monthly: Keep the monthly series of every run (single services); ``False`` saves memory.

    Returns:
        A :class:`~journeysim.api.results.Comparison` with tidy frames ``runs``,
        ``monthly``, ``estimates``, ``differences`` and ``logrank``.

    Raises:
        InputError: for a bad argument (named in the message), or a mix of
            single services and populations.

    Examples:
        >>> import journeysim
        >>> c = journeysim.compare(
        ...     ["lone_champion+champion_leaves_year5", "lone_champion_succession+champion_leaves_year5"],
        ...     replications=5, bootstrap=200)
        >>> list(c.differences.columns)[:6]
        ['metric', 'label', 'a', 'b', 'diff', 'ci_low']

    """
    from journeysim.analysis.compare import summarize
    from journeysim.analysis.nation import summarize_nations
    from journeysim.batch.posterior import posterior_record
    from journeysim.batch.replicate import Replications, replicate, unique_labels
    from journeysim.runs.manifest import build_manifest

    replications = inputs.number("replications", replications)
    seed = inputs.number("seed", seed)
    bootstrap = inputs.number("bootstrap", bootstrap)
    confidence = inputs.fraction("confidence", confidence)
    uncertain = inputs.flag("uncertain", uncertain)
    drawn_from = inputs.posterior_of(posterior, uncertain)
    specs = inputs.scenario_list(scenarios, parameters=parameters, years=years)
    population = inputs.one_kind(specs, scenarios)
    labels = unique_labels(specs)
    with executor_for(workers, scheduler, connect_timeout) as executor:
        result = replicate(
            specs,
            replications,
            seed=seed,
            executor=executor,
            uncertain=uncertain,
            keep_series=bool(monthly) and not population,
            progress=bool(progress),
            labels=labels,
            posterior=drawn_from,
        )
    runs, series = (result.runs, result.series) if isinstance(result, Replications) else (result, None)
    analyse = summarize_nations if population else summarize
    summary = analyse(runs, order=labels, confidence=confidence, n_resamples=bootstrap, seed=seed)
    record = {} if drawn_from is None else {"posterior": posterior_record(drawn_from)}
    identity = {"command": "compare", "seed": seed, "replications": replications, "uncertain": uncertain, **record}
    defined = {
        label: {"hash": spec.hash, "source": spec.source, "definition": spec.to_dict()}
        for label, spec in zip(labels, specs, strict=True)
    }
    if series is None:
        import pandas as pd

        series = pd.DataFrame(columns=["run_id", "scenario", "replication", "month", "date"])
    return Comparison(
        labels=tuple(labels),
        population=population,
        runs=runs,
        monthly=series,
        summary={"seed": seed, "replications": replications, "uncertain": uncertain, **record, **summary},
        manifest=build_manifest({**identity, "scenarios": defined}, created=True),
    )


def experiment_of(experiment: Any, replications: int | None = None, seed: int | None = None) -> Any:
    """An :class:`~journeysim.batch.experiment.Experiment` from a path or shipped name, a mapping or an Experiment.

    ``replications`` overrides the runs per design point for a quick trial: a different experiment
    (its hash covers them), recorded in its ``source``; ``seed`` overrides the root seed.
    """
    from journeysim.batch.errors import BatchInputError
    from journeysim.batch.experiment import MAX_RUNS, Experiment, load_experiment
    from journeysim.scenario import shown

    replications = inputs.number("replications", replications)
    seed = inputs.number("seed", seed)
    if isinstance(experiment, Mapping):
        experiment = Experiment.from_dict(dict(experiment), "<experiment>")
    elif isinstance(experiment, str | os.PathLike):
        try:
            experiment = load_experiment(experiment)
        except BatchInputError as exc:
            raise exc if inputs.on_command_line() else InputError(f"experiment={shown(experiment)}: {exc}") from None
    elif not isinstance(experiment, Experiment):
        raise InputError(
            f"experiment={shown(experiment)}: must be a path to an experiment TOML file, a mapping of the same keys, "
            "or an Experiment"
        )
    if seed is not None and seed != experiment.seed:
        experiment = replace(experiment, seed=seed)
    if replications is None or replications == experiment.replications:
        return experiment
    runs, given = experiment.size_of_design() * replications, inputs.named("replications", replications)
    if runs > MAX_RUNS:
        raise inputs.UsageError(f"{given}: {runs:,} runs; at most {MAX_RUNS:,} are allowed in one sweep")
    source = f"{experiment.source} ({given} overrides {experiment.replications})"
    return replace(experiment, replications=replications, source=source)


def sweep(
    experiment: str | os.PathLike[str] | Mapping[str, Any] | Any,
    *,
    replications: int | None = None,
    seed: int | None = None,
    out: str | os.PathLike[str] | None = None,
    workers: int | None = 1,
    progress: bool = False,
    posterior: PosteriorLike | None = None,
    scheduler: str | None = None,
    connect_timeout: float = 10.0,
) -> Sweep:
    """Run a designed sweep (as ``journeysim sweep``): every design point, replicated.

    Args:
        experiment: A path to an experiment TOML file (format in ``docs/experiments.md``),
            a mapping with the same keys, or an :class:`~journeysim.batch.experiment.Experiment`.
        replications: Runs per design point, overriding the experiment's (e.g. 2 for a quick look).
        seed: Root seed, overriding the experiment's.
        out: A results folder to keep (resumable: call again with the same ``out`` to finish
            an interrupted sweep; query it later with ``journeysim query``). Default: a
            temporary folder, removed once the results are read into memory.
        workers: Local worker processes: ``1`` runs in this process, ``None`` one per CPU.
        progress: Show a progress bar.
        posterior: A calibration's posterior (folder or loaded): every replication of every point
            draws one particle (replacing any ``posterior`` the experiment names); varied factors,
            ``[set]`` and what the scenario sets are kept. Not with an experiment that is ``uncertain``.
        scheduler: Run on this Dask cluster instead (``workers`` must be ``None``).
        connect_timeout: Seconds to wait for the scheduler.

    Returns:
        A :class:`~journeysim.api.results.Sweep` with the ``runs`` and ``design`` frames
        (read from ``out`` when first asked for).

    Raises:
        InputError: for a bad argument or experiment (named in the message), or an ``out``
            folder that holds something else.
        SweepIncomplete: if some runs could not be done (``.status`` holds the summary; call again
            with the same ``out``).

    Examples:
        >>> import journeysim
        >>> s = journeysim.sweep("experiments/funding_sweep.toml", replications=1)  # doctest: +SKIP
        >>> s.by_point("running_at_year_15").head()  # doctest: +SKIP

    """
    from journeysim.batch.sweep import run_sweep

    if out is not None and not isinstance(out, str | os.PathLike):
        raise InputError(f"out={out!r}: must be a folder path or None")
    spec = experiment_of(experiment, replications, seed)
    if posterior is not None:
        conflict = f"uncertain = true in {spec.source}"
        spec = replace(spec, posterior=inputs.posterior_of(posterior, spec.uncertain, conflict))
    with tempfile.TemporaryDirectory(prefix="journeysim-sweep-") as tmp:
        folder = Path(out) if out is not None else Path(tmp) / spec.name
        if folder.exists() and not folder.is_dir():
            raise InputError(f"out={os.fspath(folder)!r}: exists and is not a folder")
        with executor_for(workers, scheduler, connect_timeout) as executor:
            status = run_sweep(spec, folder, executor=executor, progress=bool(progress))
        result = Sweep(
            spec.name, tuple(f.name for f in spec.factors), status.to_dict(), folder if out is not None else None
        )
        if not status.complete:
            first = status.chunk_errors[0] if status.chunk_errors else "interrupted"
            raise SweepIncomplete(
                f"sweep {spec.name!r}: {len(status.chunk_errors)} chunk(s) were not run ({first}); "
                "call sweep again with the same out= to finish the missing runs",
                status,
            )
        if out is None:
            result.load(folder)  # read before the temporary folder goes
    return result


def run_nation(
    scenario: ScenarioLike = "uk_services",
    *,
    seed: int = 0,
    years: int | None = None,
    parameters: Mapping[str, Any] | None = None,
    posterior: PosteriorLike | None = None,
) -> Nation:
    """Run a population of services through one national history (as ``journeysim nation``).

    Args:
        scenario: A population scenario (one with a ``[population]`` table), e.g.
            ``"uk_services"`` or ``"uk_services+mindful_nation_training"``.
        seed: The random seed (a whole number, at least 0).
        years: The run's length in years (default: the scenario's).
        parameters: Declared parameters to override, e.g. national policy levers
            ``{"policy_training_places": 300}``.
        posterior: A calibration's posterior (folder or loaded): one particle for the whole
            population (the one replication 0 of a comparison with this seed draws), population-level
            and service parameters alike; recorded in ``manifest["posterior"]``.

    Returns:
        A :class:`~journeysim.api.results.Nation` with ``outcomes`` and the ``yearly``,
        ``services``, ``service_years`` and ``events`` frames.

    Raises:
        InputError: for a bad argument (named in the message), or a single service (use :func:`run`).

    Examples:
        >>> import journeysim
        >>> uk = journeysim.run_nation("uk_services", years=10)  # doctest: +SKIP
        >>> uk.outcomes["share_embedded_final"]  # doctest: +SKIP

    """
    spec, seed, result = _one_run(scenario, seed, years, parameters, posterior, population=True)
    frames = (result.yearly, result.services, result.service_years, event_frame(result.events))
    return Nation(spec, seed, dict(result.outcomes), *frames, result.manifest, result)
