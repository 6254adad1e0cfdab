"""``journeysim nation``: run a population of services and print its national accounts."""

from __future__ import annotations

import argparse
import json

from journeysim.cli.options import check_report, claimed, command, sets


def cmd_nation(args: argparse.Namespace) -> int:
    """Run a population scenario once (:func:`journeysim.api.run_nation`) and report its national accounts.

    Run a population scenario once: every service lives its own journey through the same dated national history and
    national policy, linked by regional networks, buddies, training centres and people who move. Prints the share of
    services at each level, reach per 100,000 and inequality of access, by nation and year. Compare or sweep
    population scenarios with `compare` and `sweep`.
    """
    from journeysim.api.functions import run_nation
    from journeysim.presentation.text import nation_text

    report = check_report(args.report)
    out = claimed(args.out, "nation")  # refused before the run: a file, or a folder of another kind
    nation = run_nation(
        args.scenario, seed=args.seed, years=args.years, parameters=sets(args), posterior=args.posterior
    )
    if out is not None:
        nation.write(out, args.format)
    if report is not None:
        from journeysim.reports.nation import write_nation_report

        write_nation_report(report, nation.result)
    if args.json:
        print(json.dumps(nation.to_dict(), indent=None if args.compact else 2, default=str))
        return 0
    print(nation_text(nation.result, nation.scenario.name, args.seed))
    drawn = nation.manifest.get("posterior")
    if drawn is not None:
        print(f"parameters: particle {drawn['particle']} of the posterior in {drawn['path']}")
    tables = f"runs, yearly, services, service_years and events as {args.format}"
    for what, path in (("report", report), (tables, out)):
        if path is not None:
            print(f"wrote {what}: {path}")
    return 0


def add_commands(subparsers: argparse._SubParsersAction) -> None:
    """Register ``nation`` with the main parser."""
    help = "run a population of services (the UK's nations) through one national history"
    p = command(subparsers, cmd_nation, help, "scenario", "format", "json", "compact", "posterior")
    p.add_argument("scenario", metavar="SCENARIO", help="population scenario: shipped name, NAME+STRATEGY, or a path")
    p.add_argument("--report", metavar="FILE.html", help="also write a self-contained HTML report")
    p.add_argument(
        "--out",
        metavar="DIR",
        help="also write runs, yearly, services, service_years and events (.parquet) and manifest.json",
    )
