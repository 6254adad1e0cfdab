"""Scenarios as the command line names them: ``--years`` checked here, scenario errors told in CLI words.

The scenario layer reports a bad override as ``<file> (--set): years = 5 ...``
with the file's full path. A user who typed ``--years 5`` or a shipped name
should read about ``--years`` and the name they typed, not a site-packages
path: :func:`load` checks ``--years`` against its declared range first, and
rewrites the paths of shipped scenarios in any message into their names.
"""

from __future__ import annotations

from typing import Any

from journeysim.cli.options import UsageError
from journeysim.library import load_scenario, parse_sets
from journeysim.scenario import ScenarioError


def check_years(years: int | None) -> int | None:
    """``--years`` against the declared range of ``years`` (a :class:`UsageError` naming the option)."""
    if years is None:
        return None
    from journeysim.parameters import PARAMETERS

    spec = PARAMETERS["years"]
    if not spec.low <= years <= spec.high:
        raise UsageError(
            f"--years {years}: must be a whole number from {spec.low:g} to {spec.high:g} "
            f"({spec.description.rstrip('.').lower()})"
        )
    return years


def plain(message: str) -> str:
    """A scenario-layer message with shipped files named as users name them (no installation path)."""
    from journeysim.library import scenarios_dir, shipped_scenarios, shipped_strategies

    try:
        shipped = {**shipped_strategies(), **shipped_scenarios()}
        folder = str(scenarios_dir())
    except ScenarioError:  # pragma: no cover - a broken installation: keep the message as it is
        return message
    for name, path in shipped.items():
        message = message.replace(str(path), name)
    return message.replace(folder, "scenarios")


def load(ref: str, set_items: list[str] | None, years: int | None = None) -> Any:
    """The scenario ``ref`` with ``--set`` and ``--years`` applied; every input error is a one-line UsageError."""
    check_years(years)
    try:
        sets = parse_sets(set_items)
        if years is not None:
            sets["years"] = years
        return load_scenario(ref, sets=sets or None)
    except ScenarioError as exc:
        raise UsageError(plain(str(exc))) from None


def load_all(refs: list[str], set_items: list[str] | None, years: int | None = None) -> list[Any]:
    """Several scenarios with the same ``--set`` and ``--years``."""
    return [load(ref, set_items, years) for ref in refs]


def as_json_events(events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The event fields ``--json`` output carries."""
    keys = ("month", "date", "kind", "direction", "category", "causes", "effect")
    return [{k: e[k] for k in keys} for e in events]
