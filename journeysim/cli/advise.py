"""``journeysim advise``: which shipped strategies would help one service most, at what cost, and what to watch for."""

from __future__ import annotations

import argparse
import json
import sys
import time

from journeysim.api.inputs import whole
from journeysim.cli.options import check_report, command, progress, sets

DEFAULT_REPLICATIONS = 100  # journeysim.api.advice.DEFAULT_REPLICATIONS (not imported: --help stays light)


def cmd_advise(args: argparse.Namespace) -> int:
    """Advice for one service (:func:`journeysim.api.advise`): its forecast, the shipped strategies ranked, warnings.

    Runs the service as it is, every shipped strategy it can choose and every pair of them over the same simulated
    worlds (common random numbers; uncertain parameters drawn from the calibrated posterior that ships with
    journeysim unless --posterior or --fixed says otherwise). Prints the forecast (running and embedded at 5 and 10
    years, months of delivery, people reached), the options ranked by their paired effect on running at the horizon
    with 90% intervals and their cost, and the setbacks that most often came before the service declined.
    """
    from journeysim.api.advice import advise

    whole("top", args.top, 0)
    report = check_report(args.report)
    started = time.perf_counter()
    advice = advise(
        args.service,
        strategies=args.strategy,
        pairs=not args.no_pairs,
        replications=args.replications,
        seed=args.seed,
        years=args.years,
        parameters=sets(args),
        posterior=None if args.fixed else args.posterior,
        bootstrap=args.bootstrap,
        workers=args.workers,
        progress=progress(args),
    )
    if report is not None:
        advice.write_report(report)
    seconds = time.perf_counter() - started
    print(f"journeysim: advise took {seconds:.0f} s for {len(advice.runs):,} runs", file=sys.stderr)
    if args.json:
        print(json.dumps(advice.to_dict(manifest=True), indent=None if args.compact else 2, default=str))
        return 0
    from journeysim.presentation.advice import advice_text

    print(advice_text(advice.summary, top=args.top or None))
    if report is not None:
        print(f"wrote report: {report}")
    return 0


def add_commands(subparsers: argparse._SubParsersAction) -> None:
    """Register ``advise`` with the main parser."""
    help = "which shipped strategies would help one service most, at what cost, and what to watch for"
    p = command(subparsers, cmd_advise, help, "json", "compact")
    p.add_argument("service", metavar="SERVICE", help="shipped single-service scenario name, NAME+STRATEGY, or a path")
    p.add_argument(
        "--strategy", action="append", metavar="NAME", help="weigh only this strategy (repeatable; default: all)"
    )
    p.add_argument("--no-pairs", action="store_true", help="weigh the strategies one at a time, not in pairs")
    p.add_argument(
        "--replications",
        "-n",
        type=int,
        default=DEFAULT_REPLICATIONS,
        metavar="N",
        help=f"simulated worlds per option (default {DEFAULT_REPLICATIONS})",
    )
    p.add_argument("--seed", type=int, default=0, help="root seed (default 0)")
    p.add_argument("--years", type=int, default=10, help="horizon in years; options are ranked at its end (default 10)")
    p.add_argument("--set", action="append", metavar="KEY=VALUE", help="override a declared parameter (repeatable)")
    drawn = p.add_mutually_exclusive_group()
    drawn.add_argument(
        "--posterior",
        default="default",
        metavar="DIR|default",
        help="draw uncertain parameters from this posterior folder (default: 'default', the calibration that ships "
        "with journeysim)",
    )
    drawn.add_argument("--fixed", action="store_true", help="keep every parameter at its declared default instead")
    p.add_argument("--bootstrap", type=int, default=1000, metavar="N", help="bootstrap resamples (default 1000)")
    p.add_argument("--top", type=int, default=10, metavar="K", help="options printed (default 10; 0 for all)")
    p.add_argument("--report", metavar="FILE.html", help="also write a self-contained HTML report")
    p.add_argument("--workers", type=int, default=1, metavar="K", help="local worker processes (default 1)")
    p.add_argument("--no-progress", action="store_true", help="no progress bar")
