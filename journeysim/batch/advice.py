"""The runs behind advice for one service: its options (shipped strategies and pairs), their worlds, its events.

Shared by :func:`journeysim.api.advise` and the dashboard's advice panel: which strategies are a service's
choices, the option scenarios that differ from the service as it is, their replications under common random
numbers (with monthly series), and the event logs of the service's own worlds.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from concurrent.futures import Executor
from dataclasses import dataclass
from itertools import combinations
from typing import Any

import pandas as pd

from journeysim.batch.replicate import replicate
from journeysim.outcomes import EVENT_COLUMNS
from journeysim.runs.replication import replicate as replicate_one
from journeysim.scenario import Scenario, ScenarioError
from journeysim.uncertainty import Posterior

NOT_CHOICES = ("Counterfactual:", "National policy:")
"""Strategies whose description starts so are not a service's choice: a what-if for validation, or national."""
HAPPENINGS = ("champion_leaves_year5", "funding_cut_year5")
"""Strategies that are things that happen to a service (shocks to test it against), not choices it makes."""


def strategy_choices() -> dict[str, str]:
    """The shipped strategies a service can choose, with their descriptions."""
    from journeysim.library import read_toml, shipped_strategies

    described = {name: str(read_toml(path).get("description", "")) for name, path in shipped_strategies().items()}
    return {n: d for n, d in described.items() if n not in HAPPENINGS and not d.startswith(NOT_CHOICES)}


def _content(scenario: Scenario) -> dict[str, Any]:
    """What a scenario runs, without its name, description and list of strategies."""
    return {k: v for k, v in scenario.to_dict().items() if k not in ("name", "description", "strategies")}


def option_scenarios(
    base: Scenario, build: Callable[[tuple[str, ...]], Scenario], strategies: Sequence[str], pairs: bool = True
) -> dict[tuple[str, ...], Scenario]:
    """Each strategy (and each pair, with ``pairs``) as ``build`` composes it, if it changes what the service runs.

    A strategy the service already has, a pair no different from one of its strategies, or an overlay that does
    not fit the service (``build`` raises :class:`~journeysim.scenario.ScenarioError`) is left out.
    """
    combos = [(s,) for s in strategies] + (list(combinations(strategies, 2)) if pairs else [])
    seen, found = [_content(base)], {}
    for combo in combos:
        try:
            spec = build(combo)
        except ScenarioError:
            continue
        if _content(spec) not in seen:
            seen.append(_content(spec))
            found[combo] = spec
    return found


def event_logs(
    scenario: Scenario, replications: int, seed: int = 0, posterior: Posterior | None = None
) -> pd.DataFrame:
    """Every event of replications ``0 .. replications - 1`` (as :func:`journeysim.batch.replicate` runs them).

    Returns:
        One row per event: ``replication`` and the event log's columns (``month``, ``kind``, ``direction``...).

    """
    rows = []
    for i in range(replications):
        run = replicate_one(scenario, seed, i, posterior=posterior)
        rows += [{"replication": i, **event.to_dict()} for event in run.model.log.events]
    return pd.DataFrame(rows, columns=["replication", *EVENT_COLUMNS])


@dataclass
class OptionRuns:
    """The runs of a service and its options: one row per run, the monthly series, the service's events."""

    runs: pd.DataFrame
    series: pd.DataFrame
    events: pd.DataFrame


def run_options(
    base: Scenario,
    options: dict[tuple[str, ...], Scenario],
    replications: int,
    seed: int = 0,
    posterior: Posterior | None = None,
    executor: Executor | None = None,
    progress: bool = False,
) -> OptionRuns:
    """The service and every option over the same worlds (labels: the scenarios' names), and the service's events."""
    specs = [base, *options.values()]
    result = replicate(
        specs, replications, seed=seed, executor=executor, keep_series=True, progress=progress,
        labels=[s.name for s in specs], posterior=posterior,
    )  # fmt: skip
    return OptionRuns(result.runs, result.series, event_logs(base, replications, seed, posterior))
