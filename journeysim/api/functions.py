"""The Python API's functions: run, compare, sweep, run a nation, load and list scenarios.

Each is a thin layer over the library the command line uses
(:mod:`journeysim.library`, :mod:`journeysim.runs`, :mod:`journeysim.batch`,
:mod:`journeysim.analysis`), so the same arguments and seed give the same
numbers as the ``journeysim`` command with the same settings.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from journeysim.api import inputs
from journeysim.api.results import EVENT_COLUMNS, Comparison, Journey, Nation, Sweep, event_frame
from journeysim.errors import InputError, JourneysimError
from journeysim.scenario import Scenario, ScenarioError

ScenarioLike = str | os.PathLike[str] | Scenario
PosteriorLike = str | os.PathLike[str] | Any


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
    from journeysim.runs import run_journey

    seed = inputs.whole("seed", seed, 0)
    spec = inputs.single_service(inputs.scenario_of(scenario, parameters=parameters, years=years), scenario)
    spec, drawn = inputs.with_particle(spec, seed, inputs.posterior_of(posterior))
    result = run_journey(spec, seed)
    return Journey(
        scenario=spec,
        seed=seed,
        outcomes=dict(result.outcomes),
        series=result.series,
        events=event_frame(result.events, EVENT_COLUMNS),
        manifest={**result.manifest, **({"posterior": drawn} if drawn else {})},
    )


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
    from journeysim.batch.executors import make_executor
    from journeysim.batch.replicate import replicate, unique_labels
    from journeysim.runs.manifest import build_manifest

    replications = inputs.whole("replications", replications, 1)
    seed = inputs.whole("seed", seed, 0)
    bootstrap = inputs.whole("bootstrap", bootstrap, 100)
    confidence = inputs.fraction("confidence", confidence)
    workers = inputs.optional_whole("workers", workers, 1)
    uncertain = inputs.flag("uncertain", uncertain)
    drawn_from = inputs.posterior_of(posterior, uncertain)
    specs = inputs.scenario_list(scenarios, parameters=parameters, years=years)
    kinds = {s.is_population for s in specs}
    if len(kinds) > 1:
        described = ", ".join(f"{s.name} ({'population' if s.is_population else 'single service'})" for s in specs)
        raise InputError(f"scenarios: cannot compare populations of services with single services: {described}")
    population = kinds == {True}
    labels = unique_labels(specs)
    with make_executor(workers) as executor:
        result = replicate(
            specs,
            replications,
            seed=seed,
            executor=executor,
            uncertain=uncertain,
            keep_series=not population,
            progress=bool(progress),
            labels=labels,
            posterior=drawn_from,
        )
    runs, monthly = (result, None) if population else (result.runs, result.series)
    if population:
        summary = summarize_nations(runs, order=labels, confidence=confidence, n_resamples=bootstrap, seed=seed)
    else:
        summary = summarize(runs, order=labels, confidence=confidence, n_resamples=bootstrap, seed=seed)
    record = {}
    if drawn_from is not None:
        from journeysim.batch.posterior import posterior_record

        record = {"posterior": posterior_record(drawn_from)}
    summary = {"seed": seed, "replications": replications, "uncertain": uncertain, **record, **summary}
    identity = {"command": "compare", "seed": seed, "replications": replications, "uncertain": uncertain, **record}
    manifest = build_manifest(
        identity,
        {"scenarios": {label: {"hash": s.hash, "source": s.source} for label, s in zip(labels, specs, strict=True)}},
        created=True,
    )
    if monthly is None:
        import pandas as pd

        monthly = pd.DataFrame(columns=["run_id", "scenario", "replication", "month", "date"])
    return Comparison(
        labels=tuple(labels),
        population=population,
        runs=runs,
        monthly=monthly,
        summary=summary,
        manifest=manifest,
    )


def _experiment(experiment: Any, replications: int | None, seed: int | None) -> Any:
    """An :class:`~journeysim.batch.experiment.Experiment` from a path, a mapping or an Experiment."""
    from journeysim.batch.experiment import Experiment
    from journeysim.library import read_toml

    overrides = {k: v for k, v in (("replications", replications), ("seed", seed)) if v is not None}
    if isinstance(experiment, Experiment):
        return replace(experiment, **overrides) if overrides else experiment
    if isinstance(experiment, Mapping):
        return Experiment.from_dict({**experiment, **overrides}, "<experiment>")
    if isinstance(experiment, str | os.PathLike):
        from journeysim.batch.errors import BatchInputError
        from journeysim.batch.shipped import find_experiment

        path = Path(experiment)
        if path.is_dir():
            raise InputError(f"experiment={os.fspath(experiment)!r}: is a folder; give an experiment .toml file")
        try:
            path = find_experiment(path)  # a path, or a shipped experiment's name ("funding_sweep")
        except BatchInputError as exc:
            raise InputError(f"experiment={os.fspath(experiment)!r}: {exc}") from None
        try:
            raw = read_toml(path)
        except ScenarioError as exc:
            message = str(exc).replace("no such scenario file", "no such experiment file")
            raise InputError(f"experiment={os.fspath(experiment)!r}: {message}") from None
        return Experiment.from_dict({**raw, **overrides}, str(path))
    raise InputError(
        f"experiment={experiment!r}: must be a path to an experiment TOML file, a mapping of the same keys, "
        "or an Experiment"
    )


def sweep(
    experiment: str | os.PathLike[str] | Mapping[str, Any] | Any,
    *,
    replications: int | None = None,
    seed: int | None = None,
    out: str | os.PathLike[str] | None = None,
    workers: int | None = 1,
    progress: bool = False,
    posterior: PosteriorLike | None = None,
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

    Returns:
        A :class:`~journeysim.api.results.Sweep` with the ``runs`` and ``design`` frames.

    Raises:
        InputError: for a bad argument or experiment (named in the message), or an ``out``
            folder that holds something else.
        JourneysimError: if some runs could not be done (call again with the same ``out``).

    Examples:
        >>> import journeysim
        >>> s = journeysim.sweep("experiments/funding_sweep.toml", replications=1)  # doctest: +SKIP
        >>> s.by_point("running_at_year_15").head()  # doctest: +SKIP

    """
    from journeysim.batch.executors import make_executor
    from journeysim.batch.store import DESIGN, read_runs
    from journeysim.batch.sweep import run_sweep

    replications = inputs.optional_whole("replications", replications, 1)
    seed = inputs.optional_whole("seed", seed, 0)
    workers = inputs.optional_whole("workers", workers, 1)
    if out is not None and not isinstance(out, str | os.PathLike):
        raise InputError(f"out={out!r}: must be a folder path or None")
    spec = _experiment(experiment, replications, seed)
    if posterior is not None:
        spec = replace(spec, posterior=inputs.posterior_of(posterior, spec.uncertain))
    with tempfile.TemporaryDirectory(prefix="journeysim-sweep-") as tmp:
        folder = Path(out) if out is not None else Path(tmp) / spec.name
        if folder.exists() and not folder.is_dir():
            raise InputError(f"out={os.fspath(folder)!r}: exists and is not a folder")
        with make_executor(workers) as executor:
            status = run_sweep(spec, folder, executor=executor, progress=bool(progress))
        if not status.complete:
            first = status.chunk_errors[0] if status.chunk_errors else "interrupted"
            raise JourneysimError(
                f"sweep {spec.name!r}: {len(status.chunk_errors)} chunk(s) were not run ({first}); "
                "call sweep again with the same out= to finish the missing runs"
            )
        import pandas as pd

        runs = read_runs(folder)
        design = pd.read_parquet(folder / DESIGN)
    return Sweep(
        name=spec.name,
        factors=tuple(f.name for f in spec.factors),
        runs=runs,
        design=design,
        status=status.to_dict(),
        out=Path(out) if out is not None else None,
    )


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
    from journeysim.runs import run_nation as run_population

    seed = inputs.whole("seed", seed, 0)
    spec = inputs.population(inputs.scenario_of(scenario, parameters=parameters, years=years), scenario)
    spec, drawn = inputs.with_particle(spec, seed, inputs.posterior_of(posterior))
    result = run_population(spec, seed)
    return Nation(
        scenario=spec,
        seed=seed,
        outcomes=dict(result.outcomes),
        yearly=result.yearly,
        services=result.services,
        service_years=result.service_years,
        events=event_frame(result.events),
        manifest={**result.manifest, **({"posterior": drawn} if drawn else {})},
    )
