"""``journeysim compare``, ``experiments``, ``sweep``, ``query`` and ``sensitivity``: many runs, and what they show.

Bad input raises :class:`~journeysim.batch.errors.BatchInputError` or
:class:`~journeysim.cli.options.UsageError`; ``main`` prints either as one
line with exit status 2.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from journeysim.cli.options import check_report, claimed, command, executor_options, out_dir, sets

DEFAULT_SENSITIVITY_OUTCOMES = ("running_at_end", "embedded_at_year_10", "participants_total")


def cmd_compare(args: argparse.Namespace) -> int:
    """Compare scenarios over paired replications (:func:`journeysim.api.compare`); print, write, report.

    Run every scenario N times under common random numbers (replication i of each shares its seeds) and report
    embedding, survival (Kaplan-Meier), reach and cost, with paired differences (b minus a), bootstrap intervals and
    log-rank tests.
    """
    from journeysim.api.functions import compare
    from journeysim.presentation import text

    # --replications, --seed and --bootstrap were checked against the option table (api.inputs.OPTIONS).
    report = check_report(args.report)
    out = claimed(args.out, "compare")  # refused before any run: another kind of folder, or a comparison
    same = {"replications": args.replications, "seed": args.seed, "years": args.years, "parameters": sets(args)}
    same |= {"bootstrap": args.bootstrap, **executor_options(args)}
    comparison = compare(
        args.scenarios, uncertain=args.uncertain, posterior=args.posterior, monthly=report is not None, **same
    )
    if out is not None:
        comparison.write(out, args.format)
    summary = comparison.to_dict(manifest=True)
    if not (args.uncertain or args.posterior or args.fixed_only or len(args.scenarios) < 2):
        again = compare(args.scenarios, posterior="default", monthly=False, **same).to_dict(manifest=True)
        summary["under_posterior"] = text.under_posterior(again)
    if report is not None:
        from journeysim import reports

        if comparison.population:
            reports.write_nation_compare_report(report, summary, comparison.runs, comparison.manifest)
        else:
            reports.write_compare_report(report, summary, comparison.runs, comparison.monthly, comparison.manifest)
    if args.replications < text.FEW_REPLICATIONS:
        print(f"journeysim: warning: {text.few_replications_warning(args.replications)}", file=sys.stderr)
    if args.json:
        print(json.dumps(summary, indent=None if args.compact else 2))
        return 0
    table = text.nation_compare_table if comparison.population else text.compare_table
    print(table(summary, marks=args.replications >= text.FEW_REPLICATIONS))
    if "under_posterior" in summary:
        print(text.posterior_lines(summary, marks=args.replications >= text.FEW_REPLICATIONS))
    for what, path in (("report", report), ("runs", out)):
        if path is not None:
            print(f"wrote {what}: {path}")
    return 0


# -------------------------------------------------------------------- sweep
def cmd_experiments(args: argparse.Namespace) -> int:
    """List the shipped experiment definitions, one line each: the names 'journeysim sweep' accepts."""
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


def cmd_sweep(args: argparse.Namespace) -> int:
    """Run (or finish) a sweep from an experiment file (:func:`journeysim.api.sweep`).

    Run every point of an experiment's design (grid, lhs, sobol or morris) with its replications, streaming results to
    Parquet parts in --out. Run the same command again to finish an interrupted sweep: only missing runs are run. See
    docs/experiments.md for the file format.
    """
    from journeysim.api.functions import SweepIncomplete, experiment_of, sweep

    experiment = experiment_of(args.experiment, args.replications)
    report = check_report(args.report)
    trial = f"-n{experiment.replications}" if args.replications is not None else ""  # results/<name>-n<N>
    out = out_dir(args.out or f"results/{experiment.name}{trial}")
    try:
        status = sweep(experiment, out=out, posterior=args.posterior, **executor_options(args)).to_dict()
        errors: list[str] = []
    except SweepIncomplete as exc:
        status, errors = exc.status.to_dict(), exc.status.chunk_errors
    except KeyboardInterrupt:
        print(
            f"journeysim: sweep interrupted; committed runs are kept in {out}; "
            "run the same command again to finish the missing runs",
            file=sys.stderr,
        )
        raise
    if args.json:
        print(json.dumps(status, indent=2))
    else:
        print(
            f"sweep '{experiment.name}': {status['runs_done']:,} of {status['runs_total']:,} runs committed in {out} "
            f"({status['runs_ran']:,} this time, {status['runs_before']:,} already there; "
            f"{status['runs_failed']:,} failed runs recorded) in {status['seconds']:.1f} s"
        )
        if status["complete"]:
            print(f'query it:  journeysim query {out} "SELECT count(*) FROM runs"')
    if not status["complete"]:
        print(
            f"journeysim: {len(errors)} chunk(s) were not run ({errors[0] if errors else 'interrupted'}); "
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
    """Run SQL on a sweep's results with DuckDB.

    Run SQL on a results folder without loading it into memory. Views: runs (one row per run; parameters as
    "param.NAME"), design (the design points), series (monthly series, if kept).
    """
    import pandas as pd

    from journeysim.batch.errors import BatchInputError
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
    """Compute Sobol (S1, ST) or Morris (mu*, sigma) indices from a finished sobol or morris sweep."""
    import pandas as pd

    from journeysim.batch.errors import BatchInputError
    from journeysim.batch.store import read_manifest
    from journeysim.validation.sensitivity_study import sweep_indices

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
        outcomes = {
            o: {f: {k: None if pd.isna(v) else float(v) for k, v in row.items()} for f, row in r.iterrows()}
            for o, r in results.items()
        }
        print(
            json.dumps({"method": method, "experiment": manifest["experiment"]["name"], "outcomes": outcomes}, indent=2)
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
    """Register ``compare``, ``experiments``, ``sweep``, ``query`` and ``sensitivity`` with the main parser."""
    shared = ("scenario", "format", "json", "compact", "posterior", "executor")
    p = command(subparsers, cmd_compare, "compare scenarios over paired replications", *shared)
    p.add_argument("scenarios", nargs="+", metavar="SCENARIO", help="shipped name, NAME+STRATEGY, or a TOML path")
    p.add_argument("--replications", "-n", type=int, required=True, metavar="N", help="runs per scenario")
    p.add_argument(
        "--uncertain", action="store_true", help="draw uncertain parameters from their ranges per replication"
    )
    p.add_argument("--bootstrap", type=int, default=2000, metavar="N", help="bootstrap resamples (default 2000)")
    p.add_argument("--report", metavar="FILE.html", help="also write a self-contained HTML report")
    p.add_argument("--out", metavar="DIR", help="also write runs.parquet, comparison.json and manifest.json here")
    p.add_argument(
        "--fixed-only",
        action="store_true",
        help="do not add the headline differences under the shipped calibrated posterior (which doubles the runs)",
    )

    command(subparsers, cmd_experiments, "list the shipped experiments (run one with 'journeysim sweep NAME')", "json")

    help = "run a designed sweep from an experiment file (resumable)"
    p = command(subparsers, cmd_sweep, help, "json", "posterior", "executor")
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

    p = command(subparsers, cmd_query, "query a sweep's results with SQL (DuckDB)")
    p.add_argument("dir", metavar="DIR", help="a results folder (the --out of 'journeysim sweep', 'compare', 'run'...)")
    p.add_argument("sql", metavar="SQL", help='e.g. "SELECT avg(running_at_end::int) FROM runs"')
    fmt = p.add_mutually_exclusive_group()
    fmt.add_argument("--json", action="store_true", help="print records as JSON")
    fmt.add_argument("--csv", action="store_true", help="print CSV")
    p.add_argument("--max-rows", type=int, default=50, help="rows shown in the table (0 = all)")

    p = command(subparsers, cmd_sensitivity, "Sobol or Morris indices from a sweep", "json")
    p.add_argument("dir", metavar="DIR", help="results folder of a finished sobol or morris sweep")
    p.add_argument(
        "--outcome",
        action="append",
        metavar="NAME",
        help="run column to analyse (repeatable; default: " + ", ".join(DEFAULT_SENSITIVITY_OUTCOMES) + ")",
    )
    p.add_argument("--resamples", type=int, default=1000, help="bootstrap resamples for the intervals")
    p.add_argument("--seed", type=int, default=0, help="seed of the bootstrap resampling (default 0)")
