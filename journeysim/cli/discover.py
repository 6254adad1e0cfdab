"""``journeysim discover``: scenario discovery (PRIM) on a sweep's results folder.

Bad input (a folder that is not a sweep's, a condition naming no column, one that holds for no run or
for every run) raises an :class:`~journeysim.errors.InputError`; ``main`` prints it as one line with exit
status 2, and nothing is written.
"""

from __future__ import annotations

import argparse
import json

from journeysim.cli.options import check_report, command
from journeysim.outcomes.formats import count, percent


def cmd_discover(args: argparse.Namespace) -> int:
    """Find the boxes of parameters and levers in which a condition holds (PRIM, EMA Workbench).

    The condition is SQL over the runs' columns, as in 'journeysim query' (e.g. "share_running_final < 1/3");
    the inputs are the parameters that vary across the sweep's runs. Each box is given with its coverage (the
    share of the runs meeting the condition that are in it), density (the share of its runs that meet it), mass
    and limits in plain words.
    """
    from journeysim.api.discovery import discover
    from journeysim.presentation.discovery import box_summary, few_futures

    report = check_report(args.report)
    wanted = [n.strip() for item in args.inputs or [] for n in item.split(",") if n.strip()]
    found = discover(
        args.dir,
        args.where,
        inputs=wanted or None,
        top=args.top,
        min_density=args.min_density,
        max_boxes=args.max_boxes,
        seed=args.seed,
    )
    summary = found.to_dict()
    if report is not None:
        found.write_report(report)
    if args.json:
        print(json.dumps(summary, indent=2))
        return 0
    print(
        f"where {args.where}: {count(found.hits)} of {count(found.runs)} runs ({percent(found.hits / found.runs, 0)}); "
        f"{len(found.inputs)} input(s)"
    )
    if caution := few_futures(summary):
        print(f"caution: {caution}")
    if not summary["boxes"]:
        print(f"no box reached a density of {percent(summary['settings']['min_density'], 0)}")
    for box in summary["boxes"]:
        print(f"\n{box_summary(box)}")
        for limit in box["limits"]:
            print(f"  - {limit['words']}")
        counted = f"SELECT count(*) AS runs, sum(coalesce(({args.where}), false)::INT) AS hits FROM runs"
        print(f"  count it: journeysim query {args.dir} '{counted} WHERE status = $$ok$$ AND {box['sql']}'")
    if report is not None:
        print(f"\nwrote report: {report}")
    return 0


def add_commands(subparsers: argparse._SubParsersAction) -> None:
    """Register ``discover`` with the main parser."""
    p = command(subparsers, cmd_discover, "scenario discovery (PRIM): where in a sweep a condition holds", "json")
    p.add_argument("dir", metavar="RESULTS", help="a sweep's results folder (the --out of 'journeysim sweep')")
    p.add_argument(
        "--where",
        required=True,
        metavar="CONDITION",
        help='SQL over the runs\' columns, e.g. "share_running_final < 1/3"',
    )
    p.add_argument(
        "--inputs",
        action="append",
        metavar="NAMES",
        help="only these parameters (comma-separated names or patterns such as 'policy_*'; repeatable)",
    )
    p.add_argument("--top", type=int, metavar="K", help="keep the K inputs that best predict the condition first")
    p.add_argument("--min-density", type=float, default=0.5, metavar="D", help="density a box must reach (default 0.5)")
    p.add_argument("--max-boxes", type=int, default=3, metavar="N", help="at most N boxes (default 3)")
    p.add_argument("--seed", type=int, default=0, help="seed of the feature scoring for --top (default 0)")
    p.add_argument("--report", metavar="FILE.html", help="also write a self-contained HTML report")
