"""``journeysim run``, ``scenarios``, ``explain`` and ``docs``: one service's journey, and the package's own lists."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from journeysim.cli.options import claimed, command, sets
from journeysim.cli.targets import check_overwrite, docs_target, write_text


def cmd_run(args: argparse.Namespace) -> int:
    """Run one service's journey and print a short summary."""
    from journeysim.api.functions import run
    from journeysim.presentation.narrative import summary_lines

    out = claimed(args.out, "run")  # refused before the run: a folder of another kind
    journey = run(args.scenario, seed=args.seed, years=args.years, parameters=sets(args), posterior=args.posterior)
    if out is not None:
        journey.write(out, args.format)
    if args.json:
        print(json.dumps(journey.to_dict(), indent=None if args.compact else 2))
        return 0
    start = int(journey.scenario.parameters["start_year"])
    print("\n".join(summary_lines(journey.outcomes, journey.log, journey.scenario.name, args.seed, start)))
    drawn = journey.manifest.get("posterior")
    if drawn is not None:
        print(f"parameters: particle {drawn['particle']} of the posterior in {drawn['path']}")
    if out is not None:
        print(f"wrote {out}: runs, series and events as {args.format}, and manifest.json")
    return 0


def shipped_descriptions(strategies: bool = False) -> dict[str, str]:
    """Shipped scenario (or strategy) names and their descriptions, read from the TOML files alone.

    The files are found as :func:`journeysim.library.scenarios_dir` finds them, without importing
    the scenario layer (and with it the model), so ``journeysim scenarios`` answers at once.
    """
    import tomllib

    here = Path(__file__).resolve().parents[1]
    folder = next((c for c in (here.parent / "scenarios", here / "_scenarios") if c.is_dir()), None)
    if folder is None:  # a broken installation: the library says what is missing
        from journeysim.library import scenarios_dir

        folder = scenarios_dir()
    files = sorted((folder / "strategies" if strategies else folder).glob("*.toml"))
    return {p.stem: str(tomllib.loads(p.read_text(encoding="utf-8")).get("description", "")) for p in files}


def cmd_scenarios(args: argparse.Namespace) -> int:
    """List the shipped scenarios and strategy overlays, one line each."""
    rows, strategies = shipped_descriptions(), shipped_descriptions(strategies=True)
    if args.json:
        print(json.dumps({"scenarios": rows, "strategies": strategies}, indent=2))
        return 0
    width = max(len(n) for n in [*rows, *(f"  {s}" for s in strategies)])
    for name, desc in rows.items():
        print(f"{name:<{width}}  {desc}")
    print("\nstrategies (add with SCENARIO+STRATEGY, e.g. lone_champion+succession_planning):")
    for name, desc in strategies.items():
        print(f"  {name:<{width - 2}}  {desc}")
    return 0


def cmd_explain(args: argparse.Namespace) -> int:
    """Run a journey and tell it as a dated, plain-words timeline from its event log."""
    from journeysim.api.functions import run
    from journeysim.outcomes import EVENT_COLUMNS
    from journeysim.presentation.narrative import ROUTINE, describe, summary_lines, timeline

    journey = run(args.scenario, seed=args.seed, years=args.years, parameters=sets(args))
    scenario, events = journey.scenario, journey.log
    start = int(scenario.parameters["start_year"])
    summary = summary_lines(journey.outcomes, [], scenario.name, args.seed, start)[:5]
    if args.json:
        told = [e for e in events if args.all or e["kind"] not in ROUTINE]
        data = {
            "scenario": scenario.name,
            "scenario_hash": journey.manifest["scenario_hash"],
            "seed": args.seed,
            "description": scenario.description,
            "timeline": [{**{k: e[k] for k in EVENT_COLUMNS}, "text": describe(e)} for e in told],
            "summary": summary,
            "outcomes": journey.outcomes,
        }
        print(json.dumps(data, indent=None if args.compact else 2, default=str))
        return 0
    print(f"The journey of '{scenario.name}' (seed {args.seed}): {scenario.description}")
    print()
    print("\n".join(timeline(events, include_routine=args.all)))
    print()
    print("\n".join(summary))
    return 0


def cmd_docs(args: argparse.Namespace) -> int:
    """Write the parameter table generated from the declarations in journeysim/parameters/."""
    from journeysim.parameters import parameter_table_markdown

    target = check_overwrite(docs_target(args.out, "parameters.md"), args.force)
    write_text(target, parameter_table_markdown())
    if args.json:
        print(json.dumps({"written": [str(target)]}))
    else:
        print(f"wrote {target}")
    return 0


def add_commands(sub: argparse._SubParsersAction) -> None:
    """Register ``run``, ``scenarios``, ``explain`` and ``docs`` with the main parser."""
    scenario_help = "shipped name (see 'journeysim scenarios'), NAME+STRATEGY, or a path to a TOML file"
    shared = ("scenario", "format", "json", "compact", "posterior")
    p = command(sub, cmd_run, "run one journey and summarise it", *shared)
    p.add_argument("scenario", metavar="SCENARIO", help=scenario_help)
    p.add_argument(
        "--out", metavar="DIR", help="write runs.parquet, series.parquet, events.parquet and manifest.json here"
    )
    command(sub, cmd_scenarios, "list the shipped scenarios and strategies", "json")
    p = command(sub, cmd_explain, "tell a journey as a plain-words timeline", "scenario", "json", "compact")
    p.add_argument("scenario", metavar="SCENARIO", help=scenario_help)
    p.add_argument("--all", action="store_true", help="include routine events such as manager changes")
    p = command(sub, cmd_docs, "regenerate docs/parameters.md from the declarations", "json")
    p.add_argument(
        "--out",
        metavar="FILE.md",
        help="file to write (default: docs/parameters.md of the journeysim checkout you are in; "
        "required anywhere else)",
    )
    p.add_argument("--force", action="store_true", help="overwrite a file journeysim did not generate")
