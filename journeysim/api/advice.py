"""Advice for one service (``journeysim advise``): which shipped strategies would help it most, at what cost.

:func:`advise` runs the service as it is, every shipped strategy that is the service's own choice and every
pair of them, over the same simulated worlds (common random numbers, parameters drawn from the calibrated
posterior), and ranks the options by their paired effect on the share of worlds still running courses at the
horizon: the comparison's own numbers (``journeysim compare`` on the same scenarios and seed agrees). It adds
the service's forecast and the setbacks that most often came before its decline.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from journeysim.api import inputs
from journeysim.batch.advice import strategy_choices
from journeysim.scenario import Scenario

DEFAULT_REPLICATIONS = 100
"""Worlds per option by default: every option of a shipped service in under a minute on two cores."""
DEFAULT_YEARS = 10


@dataclass(frozen=True)
class Advice:
    """What :func:`advise` found for one service.

    Attributes:
        scenario: The service as it is (over the advice's horizon).
        summary: What ``journeysim advise --json`` prints: ``forecast``, ``options`` (best first, each with
            ``strategies``, ``effect`` on running at the horizon with its interval, ``extra_spending``,
            ``extra_service_years``, ``extra_people``, ``per_extra_service_year``, ``per_extra_person``),
            ``warning_signs``, and how it was made (``worlds``, ``seed``, ``posterior``, ``methods``...).
        runs: One row per run of every option (``scenario`` is the option's label).
        events: The event logs of the service's own worlds (``replication``, ``month``, ``kind``...).
        manifest: What was run and the code, Python and dependency versions.

    """

    scenario: Scenario
    summary: dict[str, Any] = field(repr=False)
    runs: pd.DataFrame = field(repr=False)
    events: pd.DataFrame = field(repr=False)
    manifest: dict[str, Any] = field(repr=False)

    @property
    def options(self) -> pd.DataFrame:
        """The options, best first: strategies, the effect and its interval, extra spending and what it buys."""
        rows = [
            {
                "rank": i,
                "strategies": " + ".join(o["strategies"]),
                "effect": o["effect"]["diff"],
                "ci_low": o["effect"]["ci_low"],
                "ci_high": o["effect"]["ci_high"],
                "told_from_zero": o["effect"]["ci_excludes_zero"],
                "extra_spending": o["extra_spending"]["value"],
                "extra_service_years": o["extra_service_years"]["value"],
                "extra_people": o["extra_people"]["diff"],
                "per_extra_service_year": o["per_extra_service_year"],
                "per_extra_person": o["per_extra_person"],
            }
            for i, o in enumerate(self.summary["options"], start=1)
        ]
        return pd.DataFrame(rows)

    def to_dict(self, manifest: bool = False) -> dict[str, Any]:
        """The ``--json`` form (with the manifest if asked)."""
        return {**self.summary, **({"manifest": self.manifest} if manifest else {})}

    def write_report(self, path: str | os.PathLike[str]) -> Path:
        """Write the self-contained HTML report (as ``--report``); return its path."""
        from journeysim.reports.advice import write_advice_report

        return write_advice_report(path, self.summary, self.manifest)


def _chosen(strategies: Sequence[str] | None, choices: dict[str, str]) -> list[str]:
    """The strategies asked for (all choices by default), each checked."""
    if strategies is None:
        return list(choices)
    if isinstance(strategies, str) or not isinstance(strategies, Sequence) or not strategies:
        raise inputs.said(
            f"--strategy {strategies!r}: give at least one strategy", f"strategies={strategies!r}: must be a list"
        )
    for name in strategies:
        if name not in choices:
            problem = f"is not a strategy a service can choose. Allowed: {', '.join(choices)}"
            raise inputs.said(f"--strategy {name}: {problem}", f"strategies: {name!r} {problem}")
    return list(dict.fromkeys(strategies))


def advise(
    service: str | os.PathLike[str],
    *,
    strategies: Sequence[str] | None = None,
    pairs: bool = True,
    replications: int = DEFAULT_REPLICATIONS,
    seed: int = 0,
    years: int = DEFAULT_YEARS,
    parameters: Mapping[str, Any] | None = None,
    posterior: Any = "default",
    bootstrap: int = 1000,
    confidence: float = 0.9,
    workers: int | None = 1,
    progress: bool = False,
) -> Advice:
    """Advice for one service (as ``journeysim advise``): its forecast, its options ranked, what to watch for.

    Args:
        service: A shipped single-service scenario name, ``"name+strategy"`` or a path to a TOML file.
        strategies: The shipped strategies to weigh (default: every one a service can choose,
            :func:`journeysim.batch.advice.strategy_choices`); one the service already has is left out.
        pairs: Also weigh every pair of them.
        replications: Simulated worlds per option (each option lives through the same ones).
        seed: Root seed (replication *i* uses ``SeedSequence(seed, spawn_key=(i,))``, as in ``compare``).
        years: The horizon: options are ranked by their effect on running at its end.
        parameters: Declared parameters to override (``--set``).
        posterior: Where uncertain parameters are drawn from: ``"default"`` (the calibration that ships with
            journeysim), a posterior folder, or ``None`` for the declared defaults (fixed parameters).
        bootstrap: Bootstrap resamples for the intervals (at least 100).
        confidence: Level of every interval (default 0.9).
        workers: Local worker processes (``None``: one per CPU); the numbers do not depend on it.
        progress: Show a progress bar on stderr.

    Returns:
        An :class:`Advice`; ``.options`` is the ranking as a frame, ``.to_dict()`` the ``--json`` form.

    Raises:
        InputError: naming the argument, for an unknown service or strategy, a population of services,
            or a bad number.

    Examples:
        >>> import journeysim
        >>> a = journeysim.advise("lone_champion", strategies=["succession_planning"], replications=5)  # doctest: +SKIP
        >>> a.options[["strategies", "effect", "ci_low", "ci_high"]]  # doctest: +SKIP

    """
    from journeysim.analysis.advice import summarize_advice
    from journeysim.api.functions import executor_for
    from journeysim.batch.advice import option_scenarios, run_options
    from journeysim.batch.posterior import posterior_record
    from journeysim.runs.manifest import build_manifest

    if not isinstance(service, str | os.PathLike) or not os.fspath(service).strip():
        raise inputs.UsageError(f"service={service!r}: must be a shipped scenario name or a path to a TOML file")
    ref = os.fspath(service)
    replications, seed = inputs.number("replications", replications), inputs.number("seed", seed)
    bootstrap, years = inputs.number("bootstrap", bootstrap), inputs.number("years", years)
    confidence, pairs = inputs.fraction("confidence", confidence), inputs.flag("pairs", pairs)
    base = inputs.single_service(inputs.scenario_of(ref, parameters=parameters, years=years), ref)
    drawn_from = inputs.posterior_of(posterior)
    chosen = _chosen(strategies, strategy_choices())
    options = option_scenarios(
        base,
        lambda combo: inputs.scenario_of(f"{ref}+{'+'.join(combo)}", parameters=parameters, years=years),
        chosen,
        pairs,
    )
    if not options:
        raise inputs.said(
            f"{ref}: already has every strategy asked for; there is nothing to weigh",
            f"service={ref!r}: already has every strategy asked for; there is nothing to weigh",
        )
    with executor_for(workers) as executor:
        ran = run_options(base, options, replications, seed, drawn_from, executor, bool(progress))
    labels = {spec.name: list(combo) for combo, spec in options.items()}
    found = summarize_advice(ran.runs, ran.series, ran.events, base.name, labels, confidence, bootstrap, seed)
    record = None if drawn_from is None else posterior_record(drawn_from)
    shipped = isinstance(posterior, str) and posterior == "default" and not Path(posterior).exists()
    summary = {
        "service": base.name,
        "description": base.description,
        "start_year": int(base.parameters["start_year"]),
        "years": years,
        "worlds": replications,
        "seed": seed,
        "confidence": confidence,
        "bootstrap_resamples": bootstrap,
        "drawn_from": "fixed" if drawn_from is None else ("default" if shipped else "posterior"),
        "posterior": None if record is None else {k: record[k] for k in ("digest", "particles", "parameters")},
        **found,
    }
    identity = {"command": "advise", "seed": seed, "replications": replications, "uncertain": False}
    identity |= {} if record is None else {"posterior": record}
    defined = {s.name: {"hash": s.hash, "source": s.source} for s in (base, *options.values())}
    manifest = build_manifest({**identity, "scenarios": defined}, created=True)
    return Advice(base, summary, ran.runs, ran.events, manifest)


__all__ = ["DEFAULT_REPLICATIONS", "Advice", "advise"]
