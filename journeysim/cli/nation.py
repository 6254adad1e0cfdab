"""``journeysim nation``: run a population of services and print its national accounts."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from journeysim.cli.inputs import load
from journeysim.cli.options import UsageError, add_posterior_option, check_report, out_dir, read_posterior
from journeysim.presentation.text import nation_text

EVENT_COLUMNS = ["month", "date", "kind", "direction", "category", "causes", "effect"]


def cmd_nation(args: argparse.Namespace) -> int:
    """Run a population scenario once and report its national accounts."""
    from journeysim.runs import run_nation

    report = check_report(args.report)
    scenario = load(args.scenario, args.set, args.years)
    if not scenario.is_population:
        raise UsageError(
            f"{args.scenario}: is a single service; `journeysim nation` needs a scenario with a [population] "
            f"table (such as uk_services). Use `journeysim run {args.scenario}` for one service."
        )
    posterior = read_posterior(args)
    out = out_dir(args.out) if args.out else None
    if out is not None:
        from journeysim.batch.folders import claim

        claim(out, "nation", "nation")  # refused before the run: a file, or a folder of another kind
    drawn = None
    if posterior is not None:
        from journeysim.batch.posterior import apply_posterior

        scenario, drawn = apply_posterior(scenario, args.seed, posterior)
    result = run_nation(scenario, args.seed)
    if drawn is not None:
        result.manifest["posterior"] = drawn
    if out is not None:
        import pandas as pd

        from journeysim.batch.files import write_table
        from journeysim.batch.folders import publish
        from journeysim.batch.tables import rows_to_table

        row = {"scenario": scenario.name, "scenario_hash": result.manifest.get("scenario_hash"), "seed": args.seed}

        def write(folder: Path) -> None:
            write_table(rows_to_table([{**row, "status": "ok", **result.outcomes}]), folder, "runs", args.format)
            write_table(result.yearly, folder, "yearly", args.format)
            write_table(result.services, folder, "services", args.format)
            write_table(result.service_years, folder, "service_years", args.format)
            events = pd.DataFrame(result.events, columns=EVENT_COLUMNS)
            write_table(events, folder, "events", args.format)

        publish(out, "nation", "nation", result.manifest, write)  # built beside --out, renamed into place
    if report is not None:
        from journeysim.reports.nation import write_nation_report

        write_nation_report(report, result)
    if args.json:
        print(json.dumps(result.to_dict(), indent=None if args.compact else 2, default=str))
    else:
        print(nation_text(result, scenario.name, args.seed))
        if drawn is not None:
            print(f"parameters: particle {drawn['particle']} of the posterior in {drawn['path']}")
        tables = f"runs, yearly, services, service_years and events as {args.format}"
        for what, path in (("report", report), (tables, out)):
            if path is not None:
                print(f"wrote {what}: {path}")
    return 0


def add_commands(subparsers: argparse._SubParsersAction) -> None:
    """Register ``nation`` with the main parser."""
    p = subparsers.add_parser(
        "nation",
        help="run a population of services (the UK's nations) through one national history",
        description=(
            "Run a population scenario once: every service lives its own journey through the same dated national "
            "history and national policy, linked by regional networks, buddies, training centres and people who "
            "move. Prints the share of services at each level, reach per 100,000 and inequality of access, by "
            "nation and year. Compare or sweep population scenarios with `compare` and `sweep`."
        ),
    )
    p.add_argument("scenario", metavar="SCENARIO", help="population scenario: shipped name, NAME+STRATEGY, or a path")
    p.add_argument("--seed", type=int, default=0, help="seed (default 0)")
    p.add_argument("--set", action="append", metavar="KEY=VALUE", help="override a parameter (e.g. a policy lever)")
    p.add_argument("--years", type=int, help="override the run's length (10-30)")
    p.add_argument("--report", metavar="FILE.html", help="also write a self-contained HTML report")
    p.add_argument(
        "--out",
        metavar="DIR",
        help="also write runs, yearly, services, service_years and events (.parquet) and manifest.json",
    )
    p.add_argument(
        "--format", choices=("parquet", "csv"), default="parquet", help="table format of --out (default parquet)"
    )
    p.add_argument("--json", action="store_true", help="print manifest, outcomes, yearly table and events as JSON")
    p.add_argument("--compact", action="store_true", help="with --json, on one line")
    add_posterior_option(p, "for the whole population (the one replication 0 of a comparison with this seed draws)")
    p.set_defaults(func=cmd_nation)
