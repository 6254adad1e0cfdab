"""Every check of what a caller gives, once, for the Python API and the command line alike.

Each problem is a :class:`UsageError` naming the argument, the value and what is allowed; inside
:func:`as_options` (the command line) it names the option as typed (``--seed -1``) instead of the
argument (``seed=-1``). Importing this module is cheap: the checks import what they need.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path
from typing import Any

from journeysim.errors import InputError
from journeysim.parameters import PARAMETERS
from journeysim.values import ValueSpec

SCENARIO_FORMS = "a shipped scenario name, 'name+strategy', a path to a TOML file or a Scenario"
"""What a scenario argument may be, for messages."""

MAX_SEED = 2**63 - 1
"""Largest seed: seeds are stored as 64-bit signed integers in results and manifests."""


class UsageError(InputError):
    """Bad input from a caller (a Python argument or a command-line option): one line, exit status 2 in the CLI."""


def option(name: str, kind: str, low: float, high: float, description: str) -> ValueSpec:
    """A numeric argument's declared range (``kind``: ``int`` or ``float``); its default lives where it is taken."""
    return ValueSpec(name, None, low=low, high=high, description=description, group="option", declared_kind=kind)


YEARS = PARAMETERS["years"]
OPTIONS: dict[str, ValueSpec] = {
    spec.name: spec
    for spec in (
        option("seed", "int", 0, MAX_SEED, "random seed"),
        option("replications", "int", 1, 1_000_000, "runs per scenario or design point"),
        option("knockout_replications", "int", 1, 1_000_000, "runs per scenario for knock-outs"),
        option("bootstrap", "int", 100, 100_000, "bootstrap resamples"),
        option("resamples", "int", 1, 100_000, "bootstrap resamples for the intervals"),
        option("workers", "int", 1, 1024, "local worker processes"),
        option("connect_timeout", "float", 0.001, 86_400.0, "seconds to wait for the scheduler"),
        option("max_rows", "int", 0, 1_000_000_000, "rows shown in the table"),
        option("morris_trajectories", "int", 2, 100_000, "Morris trajectories"),
        option("morris_replications", "int", 2, 1_000_000, "runs per Morris design point"),
        option("sobol_samples", "int", 2, 2**20, "Sobol base sample"),
        option("sobol_replications", "int", 1, 1_000_000, "runs per Sobol design point"),
        option("sobol_factors", "int", 2, 1000, "factors kept for Sobol"),
        option("port", "int", 1, 65535, "port to listen on"),
        option("years", "int", YEARS.low, YEARS.high, YEARS.description.rstrip(".").lower()),
    )
}
"""Every numeric argument's declared range, keyed by its Python name (the option's argparse ``dest``)."""

_AS_OPTIONS: ContextVar[bool] = ContextVar("journeysim_as_options", default=False)


@contextmanager
def as_options() -> Iterator[None]:
    """Within this block, messages name command-line options (``--seed -1``) and warnings go to stderr."""
    token = _AS_OPTIONS.set(True)
    try:
        yield
    finally:
        _AS_OPTIONS.reset(token)


def on_command_line() -> bool:
    """Whether the checks run for the command line (inside :func:`as_options`)."""
    return _AS_OPTIONS.get()


def named(name: str, value: Any) -> str:
    """How a message names an argument and its value: ``seed=-1`` in Python, ``--seed -1`` on the command line."""
    from journeysim.scenario import shown

    if on_command_line():
        return f"--{name.replace('_', '-')} {shown(value)}"
    return f"{name}={shown(value)}"


def warn(message: str) -> None:
    """A warning: ``journeysim: warning: ...`` on stderr for the command line, a UserWarning in Python."""
    if on_command_line():
        print(f"journeysim: warning: {message}", file=sys.stderr)
        return
    import warnings

    warnings.warn(message, UserWarning, stacklevel=4)


def number(name: str, value: Any, spec: ValueSpec | None = None) -> Any:
    """``value`` checked against the declared range of ``name`` (``spec``, default :data:`OPTIONS`; ``None`` passes)."""
    if value is None:
        return None
    spec = spec or OPTIONS[name]
    try:
        if isinstance(value, bool) or not isinstance(value, int if spec.kind == "int" else int | float):
            raise ValueError
        spec.check(value)  # refuses NaN, infinities and out-of-range numbers (journeysim.values)
    except (TypeError, ValueError, OverflowError):
        low, high = (f"{spec.low:,}", f"{spec.high:,}") if spec.kind == "int" else (f"{spec.low:g}", f"{spec.high:,g}")
        kind = "a whole number" if spec.kind == "int" else "a number"
        raise UsageError(f"{named(name, value)}: must be {kind} from {low} to {high} ({spec.description})") from None
    return value


def whole(name: str, value: Any, low: int) -> int | None:
    """``value`` if it is a whole number of at least ``low`` (``None`` passes): for options without a declared top."""
    if value is not None and (isinstance(value, bool) or not isinstance(value, int) or value < low):
        raise UsageError(f"{named(name, value)}: must be a whole number of at least {low}")
    return value


def fraction(name: str, value: Any) -> float:
    """``value`` if it is a number strictly between 0 and 1."""
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 < value < 1:
        raise UsageError(f"{named(name, value)}: must be a number between 0 and 1, e.g. 0.95")
    return float(value)


def flag(name: str, value: Any) -> bool:
    """``value`` if it is ``True`` or ``False``."""
    if not isinstance(value, bool):
        raise UsageError(f"{named(name, value)}: must be True or False")
    return value


def plain(message: str) -> str:
    """A scenario-layer message with shipped files named as users name them (no installation path)."""
    from journeysim.library import scenarios_dir, shipped_scenarios, shipped_strategies
    from journeysim.scenario import ScenarioError

    try:
        shipped = {**shipped_strategies(), **shipped_scenarios()}
        folder = str(scenarios_dir())
    except ScenarioError:  # pragma: no cover - a broken installation: keep the message as it is
        return message
    for name, path in shipped.items():
        message = message.replace(str(path), name)
    return message.replace(folder, "scenarios")


def _overrides(parameters: Mapping[str, Any] | None) -> dict[str, Any]:
    if parameters is None:
        return {}
    if not isinstance(parameters, Mapping) or not all(isinstance(k, str) for k in parameters):
        raise UsageError(
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
) -> Any:
    """The validated :class:`~journeysim.scenario.Scenario` a scenario argument (:data:`SCENARIO_FORMS`) stands for.

    ``parameters`` (``--set``) and ``years`` (``--years``) are applied; ``name`` is the argument's name in messages.
    """
    from journeysim.library import load_scenario
    from journeysim.scenario import Scenario, ScenarioError, shown

    sets = _overrides(parameters)
    years = number("years", years)
    if on_command_line():  # as typed: the shipped name or path, --set and --years applied as one override
        try:
            return load_scenario(scenario, sets={**sets, **({"years": years} if years is not None else {})} or None)
        except ScenarioError as exc:
            raise UsageError(plain(str(exc))) from None
    if isinstance(scenario, Scenario):
        loaded = scenario
    elif isinstance(scenario, str | os.PathLike):
        ref = os.fspath(scenario)
        if not ref.strip():
            raise UsageError(f"{name}={scenario!r}: is empty; give {SCENARIO_FORMS}")
        try:
            loaded = load_scenario(ref)
        except ScenarioError as exc:
            raise UsageError(f"{name}={shown(ref)}: {plain(str(exc))}") from None
    else:
        raise UsageError(f"{name}={shown(scenario)}: must be {SCENARIO_FORMS}")
    try:
        if sets:
            loaded = loaded.with_parameters(sets, source="parameters")
        if years is not None:
            loaded = loaded.with_parameters({"years": years}, source="years")
    except ScenarioError as exc:
        raise UsageError(str(exc)) from None
    return loaded


def scenario_list(scenarios: Any, *, parameters: Mapping[str, Any] | None = None, years: int | None = None) -> list:
    """The scenarios of a ``scenarios=`` argument: a non-empty list of scenario arguments."""
    from journeysim.scenario import Scenario

    if isinstance(scenarios, str | os.PathLike | Scenario) or not isinstance(scenarios, Sequence) or not scenarios:
        raise UsageError(
            f"scenarios={scenarios!r}: must be a non-empty list, each {SCENARIO_FORMS}, "
            "e.g. ['lone_champion', 'lone_champion_succession']"
        )
    return [scenario_of(s, parameters=parameters, years=years, name=f"scenarios[{i}]") for i, s in enumerate(scenarios)]


def said(command_line: str, python: str) -> UsageError:
    """The error as the command line says it, or as Python does (outside :func:`as_options`)."""
    return UsageError(command_line if on_command_line() else python)


def single_service(scenario: Any, ref: Any) -> Any:
    """``scenario`` if it is one service; a population is pointed to ``nation`` / :func:`journeysim.run_nation`."""
    if scenario.is_population:
        raise said(
            f"{ref}: describes a population of services; run it with `journeysim nation {ref}`",
            f"scenario={ref!r}: describes a population of services; run it with journeysim.run_nation({ref!r})",
        )
    return scenario


def population(scenario: Any, ref: Any) -> Any:
    """``scenario`` if it is a population of services; a single service is pointed to ``run``."""
    if not scenario.is_population:
        raise said(
            f"{ref}: is a single service; `journeysim nation` needs a scenario with a [population] "
            f"table (such as uk_services). Use `journeysim run {ref}` for one service.",
            f"scenario={ref!r}: is a single service; run_nation needs a scenario with a [population] table "
            f"(such as 'uk_services'). Use journeysim.run({ref!r}) for one service.",
        )
    return scenario


def one_kind(specs: Sequence[Any], refs: Sequence[Any]) -> bool:
    """Whether the scenarios are populations (all) or single services (all); a mix is refused."""
    kinds = [s.is_population for s in specs]
    if len(set(kinds)) > 1:
        kind = {True: "population", False: "single service"}
        typed = ", ".join(f"{ref} ({kind[p]})" for ref, p in zip(refs, kinds, strict=True))
        named_ = ", ".join(f"{s.name} ({kind[p]})" for s, p in zip(specs, kinds, strict=True))
        raise said(
            f"compare: cannot compare population scenarios with single services: {typed}",
            f"scenarios: cannot compare populations of services with single services: {named_}",
        )
    return kinds[0]


SHIPPED_POSTERIORS = Path(__file__).resolve().parent.parent / "posteriors"
"""Posteriors that ship with the package, one folder each; ``default`` is the published calibration."""


def shipped_posterior(posterior: Any) -> Any:
    """A shipped posterior's folder for its name (``"default"``), unless a folder of that name exists here."""
    if isinstance(posterior, str) and not Path(posterior).exists() and (SHIPPED_POSTERIORS / posterior).is_dir():
        return SHIPPED_POSTERIORS / posterior
    return posterior


def posterior_of(posterior: Any, uncertain: bool = False, conflict: str = "--uncertain") -> Any:
    """``posterior=`` (``--posterior``) read and checked, or ``None``; a warning if calibrated with other code.

    ``conflict`` names, on the command line, what ``uncertain`` came from (an experiment's ``uncertain = true``).
    """
    if posterior is None:
        return None
    if uncertain:
        raise said(
            f"--posterior cannot be used with {conflict}: draw from a calibrated posterior or from the declared "
            "ranges, not both",
            "posterior= with uncertain=True: draw from a calibrated posterior or from the ranges, not both",
        )
    from journeysim.batch.posterior import PosteriorError, as_posterior, posterior_warning
    from journeysim.scenario import shown

    try:
        loaded = as_posterior(shipped_posterior(posterior))
    except PosteriorError as exc:
        raise said(str(exc), f"posterior={shown(posterior)}: {exc}") from None
    message = posterior_warning(loaded)
    if message and message not in _WARNED:  # once per posterior, however many steps check it
        _WARNED.add(message)
        warn(message)
    return loaded


_WARNED: set[str] = set()
