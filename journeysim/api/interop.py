"""journeysim with the field's other tools: SALib, EMA Workbench and Mesa's own batch runner.

* :func:`salib_problem` - a sweep's design as a SALib problem (``num_vars``, ``names``, ``bounds``).
* :func:`ema_model` - an ``ema_workbench.Model`` around :func:`journeysim.run`: uncertainties from the
  declared ranges, outcomes from the declared outcomes; any EMA evaluator runs it.
* :class:`MesaJourney` - :class:`~journeysim.model.model.JourneyModel` as Mesa's tools expect a model:
  built from keyword arguments, a ``DataCollector`` of the monthly record, ``running`` false at the horizon,
  so ``mesa.batch_run`` runs it. (A subclass here: the model itself stays as it is.)
"""

from __future__ import annotations

import math
import os
import warnings
from collections.abc import Mapping, Sequence
from typing import Any

import mesa
import numpy as np

from journeysim.api import inputs
from journeysim.errors import InputError
from journeysim.model.model import SERIES_COLUMNS, JourneyModel
from journeysim.outcomes import scope
from journeysim.parameters import PARAMETERS


def salib_problem(experiment: str | os.PathLike[str] | Mapping[str, Any] | Any) -> dict[str, Any]:
    """A sweep's design as a SALib problem: one variable per varied factor, bounded by the range it samples.

    Args:
        experiment: A shipped experiment name, a path to an experiment TOML file, a mapping or an
            :class:`~journeysim.batch.experiment.Experiment` (as :func:`journeysim.sweep` takes).

    Returns:
        ``{"num_vars", "names", "bounds"}``: a factor given by ``low``/``high`` keeps them; one given by
        ``values`` spans its smallest to its largest value.

    Raises:
        InputError: for a bad experiment, or a factor that is yes/no or a choice (SALib samples numbers).

    Examples:
        >>> from journeysim.api.interop import salib_problem
        >>> salib_problem("funding_sweep")["names"][0]  # doctest: +SKIP
        'funding_boost.amount'

    """
    from journeysim.api.functions import experiment_of

    spec = experiment_of(experiment)
    names, bounds = [], []
    for factor in spec.factors:
        if not factor.numeric:
            raise InputError(
                f"experiment {spec.name!r}: vary.{factor.name} is a {factor.kind} factor; a SALib problem holds "
                "numeric ranges only (fix it in [set], or sample it yourself)"
            )
        values = [float(v) for v in factor.values] if factor.values is not None else [factor.low, factor.high]
        names.append(factor.name)
        bounds.append([float(min(values)), float(max(values))])
    return {"num_vars": len(names), "names": names, "bounds": bounds}


def _ema_parameter(name: str) -> Any:
    """An EMA Workbench parameter over a declared parameter's range (or its choices)."""
    import ema_workbench as ema

    p = PARAMETERS[name]
    if p.kind == "float":
        return ema.RealParameter(name, float(p.low), float(p.high))
    if p.kind == "int":
        return ema.IntegerParameter(name, int(p.low), int(p.high))
    if p.kind == "bool":
        return ema.BooleanParameter(name)
    return ema.CategoricalParameter(name, list(p.choices))


# The outcomes an EMA model reports unless told otherwise, by scenario kind (all declared in journeysim.outcomes).
EMA_OUTCOMES = {
    "run": ("running_at_end", "embedded_at_year_10", "participants_total", "cost_per_participant", "need_met_share"),
    "population": (
        "share_running_final",
        "share_embedded_final",
        "share_fragile_or_better_final",
        "participants_per_100k_year",
        "policy_money_total",
    ),
}


class _Run:
    """The function EMA Workbench calls: one journeysim run with the experiment's values (picklable)."""

    def __init__(self, scenario: str, outcomes: Sequence[str], years: int | None) -> None:
        self.scenario, self.outcomes, self.years = scenario, tuple(outcomes), years

    def __call__(self, seed: int = 0, **parameters: Any) -> dict[str, float]:
        from journeysim.api.functions import run, run_nation

        values = {k: v.item() if isinstance(v, np.generic) else v for k, v in parameters.items()}
        population = inputs.scenario_of(self.scenario).is_population
        result = (run_nation if population else run)(self.scenario, seed=int(seed), years=self.years, parameters=values)
        out = {}
        for name in self.outcomes:
            value = result.outcomes.get(name)
            out[name] = math.nan if value is None else float(value)
        return out


def ema_model(
    scenario: str = "lone_champion",
    *,
    uncertainties: Sequence[str] | None = None,
    levers: Sequence[str] = (),
    outcomes: Sequence[str] | None = None,
    years: int | None = None,
    seed: int = 0,
) -> Any:
    """An ``ema_workbench.Model`` around :func:`journeysim.run` (or :func:`journeysim.run_nation`).

    Args:
        scenario: A shipped scenario name, ``"name+strategy"`` or a TOML path.
        uncertainties: Declared parameters to treat as uncertainties (default: every parameter declared
            uncertain that this kind of scenario uses), each over its declared range.
        levers: Declared parameters to treat as levers (e.g. ``policy_training_places``).
        outcomes: Declared numeric outcomes (default: :data:`EMA_OUTCOMES` for this kind of scenario),
            each an EMA ``ScalarOutcome``; a yes/no outcome is 0 or 1, a missing one NaN.
        years: The runs' length (default: the scenario's).
        seed: The seed of every run (a ``Constant``): every experiment lives through the same random numbers.

    Returns:
        A model for ``ema_workbench.perform_experiments`` and its evaluators.

    Raises:
        InputError: for an unknown scenario, parameter or outcome.

    Examples:
        >>> import ema_workbench as ema
        >>> from journeysim.api.interop import ema_model
        >>> model = ema_model("lone_champion", uncertainties=["pressure", "budget"], years=5)  # doctest: +SKIP
        >>> with ema.SequentialEvaluator(model) as evaluator:  # doctest: +SKIP
        ...     experiments, results = evaluator.perform_experiments(scenarios=4)

    """
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=".*ipyparallel.*")
        import ema_workbench as ema
    from journeysim.uncertainty import uncertain_parameters

    population = inputs.scenario_of(scenario).is_population
    seed = inputs.number("seed", seed)
    names = list(uncertainties) if uncertainties is not None else [p.name for p in uncertain_parameters(population)]
    for name in [*names, *levers]:
        if name not in PARAMETERS:
            raise InputError(f"{name!r}: is not a declared parameter (see docs/parameters.md)")
    kind = "population" if population else "run"
    declared = scope(kind)
    chosen = list(outcomes) if outcomes is not None else list(EMA_OUTCOMES[kind])
    for name in chosen:
        found = next((s for s in declared if s.matches(name)), None)
        if found is None or found.dtype not in ("int", "float", "bool"):
            known = ", ".join(s.name for s in declared if s.dtype in ("int", "float", "bool"))
            raise InputError(f"{name!r}: is not a numeric outcome of this scenario; allowed: {known}")
    model = ema.Model("journeysim", function=_Run(scenario, chosen, years))
    model.uncertainties = [_ema_parameter(n) for n in names]
    model.levers = [_ema_parameter(n) for n in levers]
    model.constants = [ema.Constant("seed", seed)]
    model.outcomes = [ema.ScalarOutcome(n) for n in chosen]
    return model


class MesaJourney(JourneyModel):
    """A single service's journey as Mesa's tools expect a model: keyword arguments and a ``DataCollector``.

    Args:
        scenario: A shipped scenario name, ``"name+strategy"`` or a TOML path.
        seed: The root seed (``mesa.batch_run`` passes one per ``rng`` entry); the same seed gives the same
            journey as ``journeysim.run(scenario, seed=seed)``.
        **parameters: Declared parameters to override, e.g. ``pressure=0.8``.

    Attributes:
        datacollector: A ``mesa.DataCollector`` with one model reporter per column of the monthly record
            (:data:`~journeysim.model.record.SERIES_COLUMNS`), collected after every month.

    Examples:
        >>> import mesa
        >>> from journeysim.api.interop import MesaJourney
        >>> model = MesaJourney("lone_champion", seed=3)
        >>> model.run_for(12)
        >>> len(model.datacollector.get_model_vars_dataframe())
        12

    """

    def __init__(self, scenario: str = "lone_champion", seed: int | None = 0, **parameters: Any) -> None:

        spec = inputs.single_service(inputs.scenario_of(scenario, parameters=parameters or None), scenario)
        seed = 0 if seed is None else inputs.number("seed", seed)
        super().__init__(spec, seed)
        self.datacollector = mesa.DataCollector(
            model_reporters={name: (lambda m, i=i: m.rows[-1][i]) for i, name in enumerate(SERIES_COLUMNS)}
        )

    def step(self) -> None:
        """One month, then collect its record; stop (``running`` false) at the horizon."""
        super().step()
        self.datacollector.collect(self)
        if self.steps >= self.horizon:
            self.running = False
