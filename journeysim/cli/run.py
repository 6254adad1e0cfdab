"""``journeysim run``, ``scenarios``, ``explain`` and ``docs``: one service's journey, and the package's own lists."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from journeysim.cli.inputs import as_json_events, load
from journeysim.cli.options import UsageError, add_posterior_option, out_dir, read_posterior
from journeysim.cli.targets import check_overwrite, docs_target, write_text
from journeysim.library import read_toml, shipped_scenarios, shipped_strategies
from journeysim.presentation.narrative import summary_lines, timeline


def _single_service(scenario: Any, ref: str) -> Any:
    """The scenario, if it is one service; a population gets pointed to ``journeysim nation``."""
    if scenario.is_population:
        raise UsageError(f"{ref}: describes a population of services; run it with `journeysim nation {ref}`")
    return scenario


def cmd_run(args: argparse.Namespace) -> int:
    """Run one journey and summarise it."""
    from journeysim.runs import run_journey

    scenario = _single_service(load(args.scenario, args.set, args.years), args.scenario)
    posterior = read_posterior(args)
    out = out_dir(args.out) if args.out else None
    if out is not None:
        from journeysim.batch.folders import claim

        claim(out, "run", "run")  # refused before the run: a folder of another kind
    drawn = None
    if posterior is not None:
        from journeysim.batch.posterior import apply_posterior

        scenario, drawn = apply_posterior(scenario, args.seed, posterior)
    result = run_journey(scenario, args.seed)
    if drawn is not None:
        result.manifest["posterior"] = drawn
    if out is not None:
        write_run(result, out, args.format, scenario.name, args.seed)
    if args.json:
        print(json.dumps(run_json(result, scenario.name, args.seed), indent=None if args.compact else 2))
    else:
        lines = summary_lines(
            result.outcomes, result.events, scenario.name, args.seed, int(scenario.parameters["start_year"])
        )
        print("\n".join(lines))
        if drawn is not None:
            print(f"parameters: particle {drawn['particle']} of the posterior in {drawn['path']}")
        if out is not None:
            print(f"wrote {out}: runs, series and events as {args.format}, and manifest.json")
    return 0


def run_json(result: Any, name: str, seed: int) -> dict[str, Any]:
    """The ``--json`` form of a run."""
    o = result.outcomes
    return {
        "scenario": name,
        "scenario_hash": result.manifest["scenario_hash"],
        "seed": seed,
        "final_level": o["final_level"],
        "months_to_embedded": o["months_to_embedded"],
        "running_at_end": o["running_at_end"],
        "participants_total": o["participants_total"],
        "outcomes": o,
        "events": as_json_events(result.events),
        "manifest": {k: v for k, v in result.manifest.items() if k != "scenario_definition"},
    }


def write_run(result: Any, out: Path, fmt: str = "parquet", name: str | None = None, seed: int = 0) -> None:
    """Write runs, series and events (``.parquet``, or ``.csv`` with ``fmt="csv"``) and manifest.json.

    ``runs`` is one row (scenario, its hash, seed and the outcomes), as in the folders of
    ``compare`` and ``sweep``. The folder is built beside ``out`` and renamed into place.
    """
    from journeysim.batch.files import write_table
    from journeysim.batch.folders import publish
    from journeysim.batch.tables import rows_to_table

    row = {
        "scenario": name or result.manifest.get("scenario"),
        "scenario_hash": result.manifest.get("scenario_hash"),
        "seed": seed,
        "status": "ok",
        **result.outcomes,
    }

    def write(folder: Path) -> None:
        write_table(rows_to_table([row]), folder, "runs", fmt)
        write_table(result.series, folder, "series", fmt)
        write_table(result.event_frame, folder, "events", fmt)

    publish(out, "run", "run", {**result.manifest, "outcomes": result.outcomes}, write)


def cmd_scenarios(args: argparse.Namespace) -> int:
    """List shipped scenarios and strategies."""
    rows = []
    for name, path in shipped_scenarios().items():
        rows.append((name, str(read_toml(path).get("description", ""))))
    if args.json:
        strategies = {n: str(read_toml(p).get("description", "")) for n, p in shipped_strategies().items()}
        print(json.dumps({"scenarios": dict(rows), "strategies": strategies}, indent=2))
        return 0
    strategies = shipped_strategies()
    width = max(len(n) for n in [*(n for n, _ in rows), *(f"  {s}" for s in strategies)])
    for name, desc in rows:
        print(f"{name:<{width}}  {desc}")
    print("\nstrategies (add with SCENARIO+STRATEGY, e.g. lone_champion+succession_planning):")
    for name, path in strategies.items():
        print(f"  {name:<{width - 2}}  {read_toml(path).get('description', '')}")
    return 0


def cmd_explain(args: argparse.Namespace) -> int:
    """Tell the journey as a plain-words timeline."""
    from journeysim.runs import run_journey

    scenario = _single_service(load(args.scenario, args.set, args.years), args.scenario)
    result = run_journey(scenario, args.seed)
    lines = timeline(result.events, include_routine=args.all)
    summary = summary_lines(result.outcomes, [], scenario.name, args.seed, int(scenario.parameters["start_year"]))[:5]
    if args.json:
        from journeysim.presentation.narrative import describe

        told = _told(result.events, args.all)
        data = {
            "scenario": scenario.name,
            "scenario_hash": result.manifest["scenario_hash"],
            "seed": args.seed,
            "description": scenario.description,
            "timeline": [{**e, "text": describe(raw)} for e, raw in zip(as_json_events(told), told, strict=True)],
            "summary": summary,
            "outcomes": result.outcomes,
        }
        print(json.dumps(data, indent=None if args.compact else 2, default=str))
        return 0
    print(f"The journey of '{scenario.name}' (seed {args.seed}): {scenario.description}")
    print()
    print("\n".join(lines))
    print()
    print("\n".join(summary))
    return 0


def _told(events: list[dict[str, Any]], include_routine: bool) -> list[dict[str, Any]]:
    """The events :func:`timeline` tells, in the same order."""
    from journeysim.presentation.narrative import ROUTINE

    return [e for e in events if include_routine or e["kind"] not in ROUTINE]


def cmd_docs(args: argparse.Namespace) -> int:
    """Regenerate docs/parameters.md from the declarations (only where told; never over a user's own file)."""
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
    p = sub.add_parser(
        "run",
        help="run one journey and summarise it",
        description="Run one service's journey and print a short summary.",
    )
    p.add_argument(
        "scenario",
        metavar="SCENARIO",
        help="shipped name (see 'journeysim scenarios'), NAME+STRATEGY, or a path to a TOML file",
    )
    p.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    p.add_argument("--years", type=int, default=None, help="override the scenario's length (10-30)")
    p.add_argument("--set", action="append", metavar="KEY=VALUE", help="override a declared parameter (repeatable)")
    p.add_argument(
        "--out", metavar="DIR", help="write runs.parquet, series.parquet, events.parquet and manifest.json here"
    )
    p.add_argument(
        "--format", choices=("parquet", "csv"), default="parquet", help="table format of --out (default parquet)"
    )
    p.add_argument("--json", action="store_true", help="print one JSON object instead of the summary")
    p.add_argument("--compact", action="store_true", help="with --json, print it on one line")
    add_posterior_option(p, "(the one replication 0 of a comparison with this seed draws)")
    p.set_defaults(func=cmd_run)

    p = sub.add_parser(
        "scenarios",
        help="list the shipped scenarios and strategies",
        description="List the shipped scenarios and strategy overlays, one line each.",
    )
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(func=cmd_scenarios)

    p = sub.add_parser(
        "explain",
        help="tell a journey as a plain-words timeline",
        description="Run a journey and tell it as a dated, plain-words timeline from its event log.",
    )
    p.add_argument(
        "scenario", metavar="SCENARIO", help="shipped name (see 'journeysim scenarios'), NAME+STRATEGY, or a TOML path"
    )
    p.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    p.add_argument("--years", type=int, default=None, help="override the scenario's length (10-30)")
    p.add_argument("--set", action="append", metavar="KEY=VALUE", help="override a declared parameter (repeatable)")
    p.add_argument("--all", action="store_true", help="include routine events such as manager changes")
    p.add_argument("--json", action="store_true", help="print the timeline, summary and outcomes as one JSON object")
    p.add_argument("--compact", action="store_true", help="with --json, print it on one line")
    p.set_defaults(func=cmd_explain)

    p = sub.add_parser(
        "docs",
        help="regenerate docs/parameters.md from the declarations",
        description="Write the parameter table generated from the declarations in journeysim/parameters/.",
    )
    p.add_argument(
        "--out",
        metavar="FILE.md",
        help="file to write (default: docs/parameters.md of the journeysim checkout you are in; "
        "required anywhere else)",
    )
    p.add_argument("--force", action="store_true", help="overwrite a file journeysim did not generate")
    p.add_argument("--json", action="store_true", help="print what was written as JSON")
    p.set_defaults(func=cmd_docs)
