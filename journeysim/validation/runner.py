"""Run a validation: every pattern, with and without parameter uncertainty, and every knock-out.

:func:`run_validation` replicates each scenario the patterns need once per
mode (fixed parameters; parameters drawn from their declared ranges; and,
given a calibrated posterior, one weighted particle drawn per replication),
under common random numbers, and evaluates every pattern on the same runs. Each
knock-out reruns the scenarios of its patterns with one mechanism switched
off, on the same seeds, so "with" and "without" are the same worlds.
"""

from __future__ import annotations

from collections.abc import Sequence
from concurrent.futures import Executor
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from journeysim import __version__
from journeysim.fingerprint import code_fingerprint
from journeysim.uncertainty import Posterior
from journeysim.validation.knockouts import KNOCKOUTS, Knockout
from journeysim.validation.measures import Estimate
from journeysim.validation.pattern_types import REPORTED
from journeysim.validation.patterns import PATTERNS, Pattern, pattern, scenarios_of
from journeysim.validation.runs import Runs, collect

DEFAULT_SEED = 2024


@dataclass(frozen=True)
class PatternResult:
    """One pattern's figure and verdict, with fixed parameters and (optionally) with uncertainty or a posterior."""

    pattern: Pattern
    replications: int
    fixed: Estimate
    fixed_verdict: str
    uncertain: Estimate | None = None
    uncertain_verdict: str | None = None
    posterior: Estimate | None = None
    posterior_verdict: str | None = None
    beside: tuple[tuple[str, Estimate, str], ...] = ()  # (label, figure, verdict) with fixed parameters


@dataclass(frozen=True)
class KnockoutResult:
    """One pattern with a mechanism present (the fixed runs) and knocked out (same seeds)."""

    knockout: Knockout
    pattern_id: str
    replications: int
    present: Estimate
    present_verdict: str
    removed: Estimate
    removed_verdict: str


@dataclass
class Validation:
    """Everything a validation produced.

    Attributes:
        patterns: One result per pattern, in declaration order.
        knockouts: One result per (knock-out, pattern) pair.
        seed: Root seed of every replication.
        fixed_runs: The runs with fixed parameters (for figures).
        uncertain_runs: The runs with parameter uncertainty, if made.
        posterior_runs: The runs drawing one particle of a calibrated posterior per replication, if made
            (``settings["posterior"]`` says which posterior).
        version: journeysim version that made them.
        code: Fingerprint of the model code that made them (:func:`journeysim.fingerprint.code_fingerprint`).

    """

    patterns: list[PatternResult]
    knockouts: list[KnockoutResult]
    seed: int
    fixed_runs: Runs
    uncertain_runs: Runs | None = None
    posterior_runs: Runs | None = None
    version: str = __version__
    code: str = field(default_factory=code_fingerprint)
    failed_runs: int = 0
    settings: dict[str, Any] = field(default_factory=dict)

    def failing(self) -> list[PatternResult]:
        """Patterns (not predictions) whose fixed-parameter estimate does not show the pattern."""
        return [r for r in self.patterns if r.fixed_verdict not in ("holds", REPORTED)]


def replications_needed(patterns: Sequence[Pattern], replications: int | None) -> dict[str, int]:
    """Runs per scenario: the most any pattern reading it asks for (or ``replications`` for all)."""
    need: dict[str, int] = {}
    for p in patterns:
        for ref in p.scenarios:
            need[ref] = max(need.get(ref, 0), replications or p.replications)
    return need


def posterior_settings(posterior: Posterior) -> dict[str, Any]:
    """What a validation records about its posterior: folder, digest, particles, parameters, provenance.

    Provenance (fingerprint, targets, generations) is what :func:`~journeysim.batch.posterior.load_posterior`
    read from the folder's manifest (``None`` for a posterior built from arrays).
    """
    provenance = ("code_fingerprint", "targets", "targets_sha256", "generations", "posterior_sha256")
    return {
        "folder": posterior.source,
        "digest": posterior.digest,
        "particles": posterior.particles,
        "parameters": list(posterior.parameters),
        **{key: posterior.manifest.get(key) for key in provenance},
    }


def _collect_all(
    need: dict[str, int],
    seed: int,
    executor: Executor | None,
    uncertain: bool,
    progress: bool,
    posterior: Posterior | None = None,
) -> Runs:
    """Collect runs for scenarios needing different numbers of replications (grouped by that number)."""
    parts = [
        collect(
            [r for r, n in need.items() if n == reps],
            reps,
            seed=seed,
            executor=executor,
            uncertain=uncertain,
            progress=progress,
            posterior=posterior,
        )
        for reps in sorted(set(need.values()))
    ]
    if not parts:
        raise ValueError("no scenarios to run: give at least one pattern")
    return Runs(
        frame=pd.concat([p.frame for p in parts], ignore_index=True),
        curves=pd.concat([p.curves for p in parts], ignore_index=True),
        uncertain=uncertain,
        seed=seed,
        failed=sum(p.failed for p in parts),
        posterior=parts[-1].posterior,
    )


def run_validation(
    patterns: Sequence[Pattern] = PATTERNS,
    replications: int | None = None,
    seed: int = DEFAULT_SEED,
    executor: Executor | None = None,
    uncertainty: bool = True,
    knockouts: Sequence[Knockout] | bool = True,
    knockout_replications: int | None = None,
    progress: bool = False,
    posterior: Posterior | None = None,
) -> Validation:
    """Evaluate patterns on replicated runs, with and without parameter uncertainty, and knock-outs.

    Args:
        patterns: The patterns to check (default: all of :data:`PATTERNS`).
        replications: Runs per scenario for every pattern (default: each pattern's own).
        seed: Root seed; the same seed gives the same figures on any executor.
        executor: Where runs execute (default: this process).
        uncertainty: Also evaluate every pattern with uncertain parameters drawn per replication.
        knockouts: ``True`` for every knock-out that targets one of ``patterns``, ``False`` for none,
            or the knock-outs to run.
        knockout_replications: Runs per scenario for knock-outs (default: each knock-out's own,
            at most ``replications``).
        progress: Show progress bars.
        posterior: A calibrated posterior (:func:`journeysim.batch.posterior.load_posterior`): also
            evaluate every pattern with replication *i* of every scenario drawing the same particle.
            Knock-outs stay with fixed parameters.

    """
    patterns = list(patterns)
    need = replications_needed(patterns, replications)
    fixed = _collect_all(need, seed, executor, False, progress)
    uncertain = _collect_all(need, seed, executor, True, progress) if uncertainty else None
    drawn = _collect_all(need, seed, executor, False, progress, posterior) if posterior is not None else None
    results = []
    for p in patterns:
        reps = replications or p.replications
        est, verdict = p.evaluate(fixed, reps)
        u_est, u_verdict = p.evaluate(uncertain, reps) if uncertain is not None else (None, None)
        p_est, p_verdict = p.evaluate(drawn, reps) if drawn is not None else (None, None)
        beside = tuple((b.label, e, bv) for b, e, bv in p.besides(fixed, reps))
        results.append(PatternResult(p, reps, est, verdict, u_est, u_verdict, p_est, p_verdict, beside))
    ids = {p.id for p in patterns}
    chosen = [k for k in KNOCKOUTS if ids & set(k.patterns)] if knockouts is True else list(knockouts or [])
    ko_results = []
    for k in chosen:
        targets = [pattern(i) for i in k.patterns if i in ids]
        reps = knockout_replications or k.replications
        if replications:
            reps = min(reps, replications)
        removed = collect(scenarios_of(targets), reps, seed=seed, executor=executor, knockout=k.parameters)
        for p in targets:
            before, before_verdict = p.evaluate(fixed, reps)
            after, after_verdict = p.evaluate(removed, reps)
            ko_results.append(KnockoutResult(k, p.id, reps, before, before_verdict, after, after_verdict))
    failed = sum(r.failed for r in (fixed, uncertain, drawn) if r is not None)
    settings = {
        "replications": replications,
        "seed": seed,
        "uncertainty": uncertainty,
        "knockouts": [k.id for k in chosen],
        "knockout_replications": knockout_replications,
        "patterns": [p.id for p in patterns],
        "patterns_total": len(PATTERNS),
    }
    if posterior is not None:
        settings["posterior"] = posterior_settings(posterior)
    return Validation(
        results, ko_results, seed, fixed, uncertain, posterior_runs=drawn, failed_runs=failed, settings=settings
    )
