"""``journeysim experiments``: the shipped experiment definitions, found by name like scenarios.

Also :func:`with_replications`, the ``sweep --replications N`` override for
quick trials: it changes the experiment's identity (its hash covers the
replications), so a results folder never mixes settings, and it is recorded
in the sweep's manifest (``experiment.replications`` and ``source``).
"""

from __future__ import annotations

import argparse
import json
from dataclasses import replace
from typing import Any

from journeysim.cli.options import UsageError


def with_replications(experiment: Any, replications: int | None) -> Any:
    """The experiment with its replications per point overridden (unchanged when ``None``)."""
    from journeysim.batch.experiment import MAX_RUNS

    if replications is None or replications == experiment.replications:
        return experiment
    if replications < 1:
        raise UsageError(f"--replications {replications}: must be a whole number of at least 1")
    runs = experiment.size_of_design() * replications
    if runs > MAX_RUNS:
        raise UsageError(f"--replications {replications}: {runs:,} runs; at most {MAX_RUNS:,} are allowed in one sweep")
    source = f"{experiment.source} (--replications {replications} overrides {experiment.replications})"
    return replace(experiment, replications=replications, source=source)


def default_out(experiment: Any, overridden: bool) -> str:
    """``results/<name>``, or ``results/<name>-n<N>`` for a trial with ``--replications``."""
    suffix = f"-n{experiment.replications}" if overridden else ""
    return f"results/{experiment.name}{suffix}"


def cmd_experiments(args: argparse.Namespace) -> int:
    """List the shipped experiments: name and description."""
    from journeysim.batch.shipped import describe, shipped_experiments

    rows = {name: describe(path) for name, path in shipped_experiments().items()}
    if args.json:
        print(json.dumps({"experiments": rows}, indent=2))
        return 0
    if not rows:
        print("no shipped experiments in this installation")
        return 0
    width = max(len(n) for n in rows)
    for name, desc in rows.items():
        print(f"{name:<{width}}  {desc}")
    print("\nrun one with: journeysim sweep NAME [--replications N] [--out DIR]")
    return 0


def add_commands(sub: argparse._SubParsersAction) -> None:
    """Register ``experiments`` with the main parser."""
    p = sub.add_parser(
        "experiments",
        help="list the shipped experiments (run one with 'journeysim sweep NAME')",
        description="List the shipped experiment definitions, one line each: the names 'journeysim sweep' accepts.",
    )
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(func=cmd_experiments)
