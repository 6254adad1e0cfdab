"""``journeysim nation``: run a population of services and print its national accounts."""

from __future__ import annotations

import argparse
import json
import sys

from journeysim.cli.options import check_report, claimed, command, sets


def cmd_nation(args: argparse.Namespace) -> int:
    """Run a population scenario in many worlds (:func:`journeysim.api.nation.nation_ensemble`); report the nation.

    Every service lives its own journey through the same dated national history and national policy, linked by
    regional networks, buddies, training centres and people who move. By default the scenario runs in -n worlds
    (replications of --seed) and prints each national outcome's median and 90% band across them; --single runs one
    world (the seed itself) and prints its shares of services at each level, reach per 100,000 and inequality of
    access, by nation and year. --report shows the ensemble, then one world in detail; --out writes that one world.
    Compare or sweep population scenarios with `compare` and `sweep`.
    """
    from journeysim.api import inputs
    from journeysim.api.functions import run_nation
    from journeysim.presentation.text import ensemble_text, nation_text

    report = check_report(args.report)
    out = claimed(args.out, "nation")  # refused before the run: a file, or a folder of another kind
    inputs.population(inputs.scenario_of(args.scenario, parameters=sets(args), years=args.years), args.scenario)
    posterior = inputs.posterior_of(args.posterior)  # a bad folder is refused before anything runs or is said
    ensemble = None
    if not args.single:
        from journeysim.api.nation import nation_ensemble

        ensemble = nation_ensemble(
            args.scenario,
            replications=args.replications,
            seed=args.seed,
            years=args.years,
            parameters=sets(args),
            posterior=posterior,
            workers=args.workers,
            progress=not args.no_progress,
        )
    nation = None
    if args.single or out is not None or report is not None:
        if not args.no_progress:  # one world runs silently for up to half a minute: say what is happening
            print(f"journeysim: running one world of {args.scenario} (seed {args.seed}) ...", file=sys.stderr)
        nation = run_nation(args.scenario, seed=args.seed, years=args.years, parameters=sets(args), posterior=posterior)
    if out is not None and nation is not None:
        nation.write(out, args.format)
    if report is not None and nation is not None:
        from journeysim.reports.nation import write_nation_report

        write_nation_report(report, nation.result, None if ensemble is None else ensemble.summary)
    if args.json:
        data = nation.to_dict() if ensemble is None else ensemble.to_dict()
        print(json.dumps(data, indent=None if args.compact else 2, default=str))
        return 0
    if ensemble is not None:
        print(ensemble_text(ensemble.summary, ensemble.scenario.name, args.seed))
    elif nation is not None:
        print(f"A single simulated world (seed {args.seed}), not an ensemble: run without --single for the median "
              "and 90% band of many worlds.\n")  # fmt: skip
        print(nation_text(nation.result, nation.scenario.name, args.seed))
    drawn = None if nation is None else nation.manifest.get("posterior")
    if drawn is not None:
        print(f"parameters: particle {drawn['particle']} of the posterior in {drawn['path']}")
    tables = f"one world (seed {args.seed}): runs, yearly, services, service_years and events as {args.format}"
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
        help="also write one world (the seed's): runs, yearly, services, service_years and events (.parquet) and "
        "manifest.json",
    )
    p.add_argument(
        "--replications",
        "-n",
        type=int,
        default=10,
        metavar="N",
        help="worlds in the ensemble (default 10); the text, --json and --report headline their median and 90%% band",
    )
    p.add_argument("--single", action="store_true", help="run one world only (the seed itself), not an ensemble")
    p.add_argument(
        "--workers", type=int, metavar="K", help="local worker processes for the ensemble (default: one per CPU)"
    )
    p.add_argument("--no-progress", action="store_true", help="no progress on stderr")
