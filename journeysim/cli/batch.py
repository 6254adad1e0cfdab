"""``journeysim compare``, ``sweep``, ``query`` and ``sensitivity``: many runs, and what they show.

Bad input raises :class:`~journeysim.batch.errors.BatchInputError` or
:class:`~journeysim.cli.options.UsageError`; ``main`` prints either as one
line with exit status 2.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import pandas as pd

from journeysim.batch.errors import BatchInputError
from journeysim.cli.experiments import default_out, with_replications
from journeysim.cli.inputs import load_all
from journeysim.cli.options import (
    UsageError,
    add_executor_options,
    add_posterior_option,
    check_report,
    executor_of,
    manifest,
    out_dir,
    progress,
    read_posterior,
)
from journeysim.presentation.text import FEW_REPLICATIONS, compare_table, few_replications_warning, nation_compare_table

DEFAULT_SENSITIVITY_OUTCOMES = ("running_at_end", "embedded_at_year_10", "participants_total")
MONTHLY_COLUMNS = [
    "scenario",
    "replication",
    "month",
    "date",
    "level_code",
    "running",
    "participants",
    "teachers",
    "courses_last_12",
]


def cmd_compare(args: argparse.Namespace) -> int:
    """Compare scenarios over paired replications."""
    from journeysim.analysis.compare import summarize
    from journeysim.batch.replicate import Replications, replicate, unique_labels

    # --replications, --seed and --bootstrap were checked against the option table (cli.options.OPTIONS).
    report = check_report(args.report)
    posterior = read_posterior(args, args.uncertain)
    out = out_dir(args.out) if args.out else None
    if out is not None:
        from journeysim.batch.folders import claim

        claim(out, "compare", "compare")  # refused before any run: another kind of folder, or a comparison
    scenarios = load_all(args.scenarios, args.set, args.years)
    labels = unique_labels(scenarios)
    population = [s.is_population for s in scenarios]
    if any(population) and not all(population):
        kinds = ", ".join(
            f"{ref} ({'population' if p else 'single service'})"
            for ref, p in zip(args.scenarios, population, strict=True)
        )
        raise UsageError(f"compare: cannot compare population scenarios with single services: {kinds}")
    population = all(population)
    keep = report is not None and not population
    with executor_of(args) as executor:
        result = replicate(
            scenarios,
            args.replications,
            seed=args.seed,
            executor=executor,
            uncertain=args.uncertain,
            keep_series=keep,
            progress=progress(args),
            labels=labels,
            posterior=posterior,
        )
    runs = result.runs if isinstance(result, Replications) else result
    if population:
        from journeysim.analysis.nation import summarize_nations

        comparison = summarize_nations(runs, order=labels, n_resamples=args.bootstrap, seed=args.seed)
    else:
        comparison = summarize(runs, order=labels, n_resamples=args.bootstrap, seed=args.seed)
    run_manifest = manifest(
        {
            "command": "compare",
            "seed": args.seed,
            "replications": args.replications,
            "uncertain": args.uncertain,
            **drawn_from(posterior),
            "scenarios": {
                label: {"hash": s.hash, "source": s.source, "definition": s.to_dict()}
                for label, s in zip(labels, scenarios, strict=True)
            },
        }
    )
    comparison = {
        "seed": args.seed,
        "replications": args.replications,
        "uncertain": args.uncertain,
        **drawn_from(posterior),
        **comparison,
    }
    comparison["manifest"] = {k: v for k, v in run_manifest.items() if k != "scenarios"} | {
        "scenarios": {
            label: {"hash": v["hash"], "source": v["source"]} for label, v in run_manifest["scenarios"].items()
        }
    }
    if out is not None:
        from journeysim.batch.folders import publish
        from journeysim.batch.store import rows_to_table, write_json, write_table

        def write(folder: Path) -> None:
            write_table(rows_to_table(runs.to_dict("records")), folder, "runs", args.format)
            if isinstance(result, Replications):
                write_table(result.series, folder, "series", args.format)
            write_json(folder / "comparison.json", comparison)

        publish(out, "compare", "compare", run_manifest, write)  # built beside --out, renamed into place
    if report is not None and population:
        from journeysim.reports import write_nation_compare_report

        write_nation_compare_report(report, comparison, runs, run_manifest)
    elif report is not None:
        from journeysim.reports import write_compare_report

        monthly = result.series[[c for c in MONTHLY_COLUMNS if c in result.series.columns]]
        write_compare_report(report, comparison, runs, monthly, run_manifest)
    if args.replications < FEW_REPLICATIONS:
        print(f"journeysim: warning: {few_replications_warning(args.replications)}", file=sys.stderr)
    if args.json:
        print(json.dumps(comparison, indent=None if args.compact else 2))
    else:
        if population:
            print(nation_compare_table(comparison, marks=args.replications >= FEW_REPLICATIONS))
        else:
            print(compare_table(comparison, marks=args.replications >= FEW_REPLICATIONS))
        for what, path in (("report", report), ("runs", out)):
            if path is not None:
                print(f"wrote {what}: {path}")
    return 0


def drawn_from(posterior: object) -> dict[str, object]:
    """``{"posterior": record}`` for a manifest when runs drew from a posterior, else nothing."""
    if posterior is None:
        return {}
    from journeysim.batch.posterior import posterior_record

    return {"posterior": posterior_record(posterior)}


# -------------------------------------------------------------------- sweep
def cmd_sweep(args: argparse.Namespace) -> int:
    """Run (or finish) a sweep from an experiment file."""
    from journeysim.batch.experiment import load_experiment
    from journeysim.batch.sweep import run_sweep

    experiment = with_replications(load_experiment(args.experiment), args.replications)
    posterior = read_posterior(args, experiment.uncertain, f"uncertain = true in {experiment.source}")
    if posterior is not None:
        from dataclasses import replace

        experiment = replace(experiment, posterior=posterior)
    report = check_report(args.report)
    out = out_dir(args.out or default_out(experiment, args.replications is not None))
    try:
        with executor_of(args) as executor:
            summary = run_sweep(experiment, out, executor=executor, progress=progress(args))
    except KeyboardInterrupt:
        print(
            f"journeysim: sweep interrupted; committed runs are kept in {out}; "
            "run the same command again to finish the missing runs",
            file=sys.stderr,
        )
        raise
    if args.json:
        print(json.dumps(summary.to_dict(), indent=2))
    else:
        print(
            f"sweep '{experiment.name}': {summary.runs_done:,} of {summary.runs_total:,} runs committed in {out} "
            f"({summary.runs_ran:,} this time, {summary.runs_before:,} already there; "
            f"{summary.runs_failed:,} failed runs recorded) in {summary.seconds:.1f} s"
        )
        if summary.complete:
            print(f'query it:  journeysim query {out} "SELECT count(*) FROM runs"')
    if not summary.complete:
        first = summary.chunk_errors[0] if summary.chunk_errors else "interrupted"
        print(
            f"journeysim: {len(summary.chunk_errors)} chunk(s) were not run ({first}); "
            "run the same command again to finish the missing runs",
            file=sys.stderr,
        )
        return 1
    if report is not None:
        from journeysim.batch.store import read_manifest, read_runs
        from journeysim.reports import write_sweep_report

        write_sweep_report(report, read_runs(out), experiment.to_dict(), read_manifest(out))
        print(f"wrote report: {report}")
    return 0


# -------------------------------------------------------------------- query
def cmd_query(args: argparse.Namespace) -> int:
    """Run SQL on a sweep's results with DuckDB."""
    from journeysim.batch.store import query

    if not Path(args.dir).is_dir():
        raise BatchInputError(f"{args.dir}: no such results folder")
    frame = query(args.dir, args.sql)
    if args.json:
        print(frame.to_json(orient="records", date_format="iso"))
    elif args.csv:
        frame.to_csv(sys.stdout, index=False)
    else:
        limit = args.max_rows if args.max_rows > 0 else None
        with pd.option_context("display.width", 200, "display.max_columns", 50):
            print(frame.to_string(index=False, max_rows=limit))
        if limit is not None and len(frame) > limit:
            print(f"({len(frame):,} rows; showing {limit}; use --max-rows 0, --csv or --json for all)")
    return 0


# -------------------------------------------------------------- sensitivity
def cmd_sensitivity(args: argparse.Namespace) -> int:
    """Sobol or Morris indices from a sweep that used those designs."""
    from journeysim.batch.store import read_manifest
    from journeysim.validation.sensitivity import sweep_indices

    if not Path(args.dir).is_dir():
        raise BatchInputError(f"{args.dir}: no such results folder")
    manifest = read_manifest(args.dir)
    method = manifest["experiment"]["design"]["method"]
    if method not in ("sobol", "morris"):
        raise BatchInputError(
            f"sensitivity: {args.dir} holds a {method} sweep; Sobol or Morris indices need a sobol or morris design"
        )
    status = Path(args.dir) / "status.json"
    if status.is_file() and not json.loads(status.read_text(encoding="utf-8")).get("complete", False):
        raise BatchInputError(f"sensitivity: the sweep in {args.dir} is not finished; run the same sweep command again")
    outcomes = args.outcome or list(DEFAULT_SENSITIVITY_OUTCOMES)
    results = {o: sweep_indices(args.dir, outcome=o, num_resamples=args.resamples, seed=args.seed) for o in outcomes}
    if args.json:
        print(
            json.dumps(
                {
                    "method": method,
                    "experiment": manifest["experiment"]["name"],
                    "outcomes": {
                        o: {
                            f: {k: (None if pd.isna(v) else float(v)) for k, v in row.items()}
                            for f, row in r.iterrows()
                        }
                        for o, r in results.items()
                    },
                },
                indent=2,
            )
        )
        return 0
    print(
        f"{method.capitalize()} indices for sweep '{manifest['experiment']['name']}' ({args.dir}); "
        "_conf columns are half-widths of 95% bootstrap intervals."
    )
    for outcome, frame in results.items():
        print(f"\n{outcome}  ({frame.attrs['points']} design points; mean over replications)")
        with pd.option_context("display.width", 200, "display.float_format", "{:.3f}".format):
            print(frame.to_string())
    return 0


# ----------------------------------------------------------------- register
def add_commands(subparsers: argparse._SubParsersAction) -> None:
    """Register ``compare``, ``sweep``, ``query`` and ``sensitivity`` with the main parser."""
    p = subparsers.add_parser(
        "compare",
        help="compare scenarios over paired replications",
        description=(
            "Run every scenario N times under common random numbers (replication i of each shares its seeds) and "
            "report embedding, survival (Kaplan-Meier), reach and cost, with paired differences (b minus a), "
            "bootstrap intervals and log-rank tests."
        ),
    )
    p.add_argument("scenarios", nargs="+", metavar="SCENARIO", help="shipped name, NAME+STRATEGY, or a TOML path")
    p.add_argument("--replications", "-n", type=int, required=True, metavar="N", help="runs per scenario")
    p.add_argument("--seed", type=int, default=0, help="root seed (default 0)")
    p.add_argument("--set", action="append", metavar="KEY=VALUE", help="override a parameter in every scenario")
    p.add_argument("--years", type=int, help="override every scenario's length (10-30)")
    p.add_argument(
        "--uncertain", action="store_true", help="draw uncertain parameters from their ranges per replication"
    )
    add_posterior_option(p)
    p.add_argument("--bootstrap", type=int, default=2000, metavar="N", help="bootstrap resamples (default 2000)")
    p.add_argument("--report", metavar="FILE.html", help="also write a self-contained HTML report")
    p.add_argument("--out", metavar="DIR", help="also write runs.parquet, comparison.json and manifest.json here")
    p.add_argument(
        "--format", choices=("parquet", "csv"), default="parquet", help="table format of --out (default parquet)"
    )
    p.add_argument("--json", action="store_true", help="print the comparison as JSON")
    p.add_argument("--compact", action="store_true", help="with --json, on one line")
    add_executor_options(p)
    p.set_defaults(func=cmd_compare)

    p = subparsers.add_parser(
        "sweep",
        help="run a designed sweep from an experiment file (resumable)",
        description=(
            "Run every point of an experiment's design (grid, lhs, sobol or morris) with its replications, streaming "
            "results to Parquet parts in --out. Run the same command again to finish an interrupted sweep: only "
            "missing runs are run. See docs/experiments.md for the file format."
        ),
    )
    p.add_argument(
        "experiment",
        metavar="EXPERIMENT",
        help="shipped experiment name (see 'journeysim experiments') or a path to an experiment TOML file",
    )
    p.add_argument(
        "--replications",
        "-n",
        type=int,
        metavar="N",
        help="override the runs per design point for a quick trial (a different experiment hash; "
        "default folder results/<name>-n<N>)",
    )
    p.add_argument("--out", metavar="DIR", help="results folder (default results/<experiment name>)")
    p.add_argument("--report", metavar="FILE.html", help="when complete, also write an HTML report")
    p.add_argument("--json", action="store_true", help="print the summary as JSON")
    add_posterior_option(p, "per replication of every design point")
    add_executor_options(p)
    p.set_defaults(func=cmd_sweep)

    p = subparsers.add_parser(
        "query",
        help="query a sweep's results with SQL (DuckDB)",
        description=(
            "Run SQL on a results folder without loading it into memory. Views: runs (one row per run; "
            'parameters as "param.NAME"), design (the design points), series (monthly series, if kept).'
        ),
    )
    p.add_argument("dir", metavar="DIR", help="a sweep's results folder (the --out of 'journeysim sweep')")
    p.add_argument("sql", metavar="SQL", help='e.g. "SELECT avg(running_at_end::int) FROM runs"')
    fmt = p.add_mutually_exclusive_group()
    fmt.add_argument("--json", action="store_true", help="print records as JSON")
    fmt.add_argument("--csv", action="store_true", help="print CSV")
    p.add_argument("--max-rows", type=int, default=50, help="rows shown in the table (0 = all)")
    p.set_defaults(func=cmd_query)

    p = subparsers.add_parser(
        "sensitivity",
        help="Sobol or Morris indices from a sweep",
        description="Compute Sobol (S1, ST) or Morris (mu*, sigma) indices from a finished sobol or morris sweep.",
    )
    p.add_argument("dir", metavar="DIR", help="results folder of a finished sobol or morris sweep")
    p.add_argument(
        "--outcome",
        action="append",
        metavar="NAME",
        help="run column to analyse (repeatable; default: " + ", ".join(DEFAULT_SENSITIVITY_OUTCOMES) + ")",
    )
    p.add_argument("--resamples", type=int, default=1000, help="bootstrap resamples for the intervals")
    p.add_argument("--seed", type=int, default=0, help="seed of the bootstrap resampling (default 0)")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(func=cmd_sensitivity)
