"""Checking the Python API's arguments and turning scenario arguments into scenarios.

Every problem is an :class:`~journeysim.errors.InputError` whose message starts
with the name of the argument (``scenario=``, ``replications=``, ``parameters``)
rather than a command-line flag.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from typing import Any

from journeysim.errors import InputError
from journeysim.scenario import Scenario, ScenarioError

# What a scenario argument may be, for messages.
SCENARIO_FORMS = "a shipped scenario name, 'name+strategy', a path to a TOML file or a Scenario"


def whole(name: str, value: Any, low: int) -> int:
    """``value`` if it is a whole number of at least ``low``; otherwise an :class:`InputError` naming ``name``."""
    if isinstance(value, bool) or not isinstance(value, int) or value < low:
        raise InputError(f"{name}={value!r}: must be a whole number of at least {low}")
    return int(value)


def optional_whole(name: str, value: Any, low: int) -> int | None:
    """Like :func:`whole`, but ``None`` is allowed (and returned)."""
    return None if value is None else whole(name, value, low)


def fraction(name: str, value: Any) -> float:
    """``value`` if it is a number strictly between 0 and 1."""
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 < value < 1:
        raise InputError(f"{name}={value!r}: must be a number between 0 and 1, e.g. 0.95")
    return float(value)


def flag(name: str, value: Any) -> bool:
    """``value`` if it is ``True`` or ``False``."""
    if not isinstance(value, bool):
        raise InputError(f"{name}={value!r}: must be True or False")
    return value


def _overrides(parameters: Mapping[str, Any] | None) -> dict[str, Any]:
    if parameters is None:
        return {}
    if not isinstance(parameters, Mapping) or not all(isinstance(k, str) for k in parameters):
        raise InputError(
            f"parameters={parameters!r}: must be a mapping of declared parameter names to values, "
            "e.g. {'pressure': 0.8}"
        )
    return dict(parameters)


def scenario_of(
    scenario: Any,
    *,
    parameters: Mapping[str, Any] | None = None,
    years: int | None = None,
    name: str = "scenario",
) -> Scenario:
    """The validated :class:`~journeysim.scenario.Scenario` a scenario argument stands for.

    Args:
        scenario: A shipped name (``"lone_champion"``), ``"name+strategy"``, a path
            (``str`` or :class:`os.PathLike`) to a TOML file, or a ``Scenario``.
        parameters: Declared parameters to override (as the CLI's ``--set``).
        years: The run's length in years (as the CLI's ``--years``).
        name: The argument's name, for messages.

    Raises:
        InputError: naming the argument, the value and what is allowed.

    """
    from journeysim.library import load_scenario

    sets = _overrides(parameters)
    years = optional_whole("years", years, 1)
    if isinstance(scenario, Scenario):
        loaded = scenario
    elif isinstance(scenario, str | os.PathLike):
        ref = os.fspath(scenario)
        if not ref.strip():
            raise InputError(f"{name}={scenario!r}: is empty; give {SCENARIO_FORMS}")
        try:
            loaded = load_scenario(ref)
        except ScenarioError as exc:
            raise InputError(f"{name}={ref!r}: {exc}") from None
    else:
        raise InputError(f"{name}={scenario!r}: must be {SCENARIO_FORMS}")
    try:
        if sets:
            loaded = loaded.with_parameters(sets, source="parameters")
        if years is not None:
            loaded = loaded.with_parameters({"years": years}, source="years")
    except ScenarioError as exc:
        raise InputError(str(exc)) from None
    return loaded


def scenario_list(
    scenarios: Any, *, parameters: Mapping[str, Any] | None = None, years: int | None = None
) -> list[Scenario]:
    """The scenarios of a ``scenarios=`` argument: a non-empty list of scenario arguments."""
    if isinstance(scenarios, str | os.PathLike | Scenario) or not isinstance(scenarios, Sequence) or not scenarios:
        raise InputError(
            f"scenarios={scenarios!r}: must be a non-empty list, each {SCENARIO_FORMS}, "
            "e.g. ['lone_champion', 'lone_champion_succession']"
        )
    return [scenario_of(s, parameters=parameters, years=years, name=f"scenarios[{i}]") for i, s in enumerate(scenarios)]


def single_service(scenario: Scenario, ref: Any) -> Scenario:
    """``scenario`` if it is one service; a population is pointed to :func:`journeysim.run_nation`."""
    if scenario.is_population:
        raise InputError(
            f"scenario={ref!r}: describes a population of services; run it with journeysim.run_nation({ref!r})"
        )
    return scenario


def population(scenario: Scenario, ref: Any) -> Scenario:
    """``scenario`` if it is a population of services; a single service is pointed to :func:`journeysim.run`."""
    if not scenario.is_population:
        raise InputError(
            f"scenario={ref!r}: is a single service; run_nation needs a scenario with a [population] table "
            f"(such as 'uk_services'). Use journeysim.run({ref!r}) for one service."
        )
    return scenario


def posterior_of(posterior: Any, uncertain: bool = False) -> Any:
    """``posterior=`` read and checked (or ``None``); a warning if it was calibrated with other code."""
    if posterior is None:
        return None
    if uncertain:
        raise InputError(
            "posterior= with uncertain=True: draw from a calibrated posterior or from the ranges, not both"
        )
    import warnings

    from journeysim.batch.posterior import PosteriorError, as_posterior, posterior_warning
    from journeysim.scenario import shown

    try:
        loaded = as_posterior(posterior)
    except PosteriorError as exc:
        raise InputError(f"posterior={shown(posterior)}: {exc}") from None
    message = posterior_warning(loaded)
    if message:
        warnings.warn(message, UserWarning, stacklevel=3)
    return loaded


def with_particle(spec: Scenario, seed: int, posterior: Any) -> tuple[Scenario, dict[str, Any] | None]:
    """A single run's scenario with the posterior's particle for ``seed`` applied, and what was drawn."""
    if posterior is None:
        return spec, None
    from journeysim.batch.posterior import apply_posterior

    return apply_posterior(spec, seed, posterior)
