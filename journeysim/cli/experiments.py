"""``journeysim experiments``: the shipped experiment definitions, found by name like scenarios.

Also :func:`default_out`, where ``sweep`` writes without ``--out``. The
``--replications N`` override itself is :func:`journeysim.api.functions.experiment_of`'s.
"""

from __future__ import annotations

import argparse
import json
from typing import Any

from journeysim.cli.options import parents


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
        parents=parents("json"),
        help="list the shipped experiments (run one with 'journeysim sweep NAME')",
        description="List the shipped experiment definitions, one line each: the names 'journeysim sweep' accepts.",
    )
    p.set_defaults(func=cmd_experiments)
