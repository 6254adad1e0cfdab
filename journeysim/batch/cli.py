"""Command-line commands of the batch layer: ``compare``, ``sweep``, ``query``, ``sensitivity``.

Registered by :func:`add_commands` into the main ``journeysim`` parser. Bad
input raises :class:`~journeysim.batch.errors.BatchInputError` (a
``ScenarioError``) or :class:`~journeysim.cli.UsageError`, which ``main``
prints as one line with exit status 2.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import string
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pandas as pd

from journeysim.batch.errors import BatchInputError

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


def _usage(message: str) -> Exception:
    from journeysim.cli import UsageError

    return UsageError(message)


def _progress(args: argparse.Namespace) -> bool:
    return not args.no_progress and sys.stderr.isatty()


def add_executor_options(p: argparse.ArgumentParser) -> None:
    """``--workers`` / ``--scheduler`` / ``--connect-timeout`` / ``--no-progress`` for commands that run many runs."""
    group = p.add_mutually_exclusive_group()
    group.add_argument(
        "--workers", type=int, metavar="K", help="local worker processes (default: one per CPU; 1 = in this process)"
    )
    group.add_argument("--scheduler", metavar="ADDRESS", help="run on a Dask cluster, e.g. tcp://head:8786")
    p.add_argument(
        "--connect-timeout", type=float, default=10.0, metavar="SECONDS", help="wait this long for the scheduler"
    )
    p.add_argument("--no-progress", action="store_true", help="no progress bar")


def check_report(path: str | None) -> Path | None:
    """Fail early (before any run) if a report cannot be written."""
    if path is None:
        return None
    target = Path(path)
    if target.suffix.lower() not in (".html", ".htm"):
        raise _usage(f"--report {path}: the report is an HTML file; give a name ending in .html")
    if target.exists() and target.is_dir():
        raise _usage(f"--report {path}: is a folder; give a file name ending in .html")
    if importlib.util.find_spec("journeysim.reports") is None:
        raise _usage("--report needs journeysim.reports, which is not installed in this version")
    return target


def _manifest(extra: dict[str, Any]) -> dict[str, Any]:
    from importlib import metadata

    from journeysim import __version__
    from journeysim.fingerprint import code_fingerprint

    versions = {}
    for dep in ("mesa", "numpy", "scipy", "pandas", "pyarrow", "duckdb", "SALib"):
        try:
            versions[dep] = metadata.version(dep)
        except metadata.PackageNotFoundError:
            versions[dep] = "not installed"
    return {
        **extra,
        "journeysim": __version__,
        "code": code_fingerprint(),
        "python": sys.version.split()[0],
        "dependencies": versions,
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
    }


# ------------------------------------------------------------------ compare
def _pct(p: float | None) -> str:
    return "-" if p is None else f"{100 * p:.0f}%"


def _ci_pct(lo: float | None, hi: float | None) -> str:
    return "" if lo is None or hi is None else f"[{100 * lo:.0f}-{100 * hi:.0f}]"


def _num(x: float | None, digits: int = 0) -> str:
    return "-" if x is None else f"{x:,.{digits}f}"


def _median(s: dict[str, Any]) -> str:
    """``1.2 [0.9-1.8]``; ``not reached [7.2-∞]`` when the curve stays above one half to the horizon."""
    if s["n"] == 0:
        return "no runs"
    if not s["median_reached"] and s["ci_low"] is None:
        return "not reached"
    lo = "?" if s["ci_low"] is None else f"{s['ci_low']:.1f}"
    hi = "∞" if s["ci_high"] is None else f"{s['ci_high']:.1f}"
    value = f"{s['median_years']:.1f}" if s["median_reached"] else "not reached"
    return f"{value} [{lo}-{hi}]"


def compare_table(comparison: dict[str, Any]) -> str:
    """The terminal form of a comparison: one column per scenario, then paired differences and log-rank tests."""
    names = comparison["order"]
    letters = {n: string.ascii_uppercase[i] if i < 26 else f"S{i}" for i, n in enumerate(names)}
    reps = max((s["runs"] for s in comparison["scenarios"].values()), default=0)
    lines = [
        f"Comparison of {len(names)} scenario(s), {reps} replication(s) each (seed {comparison.get('seed', 0)}), "
        f"{comparison['horizon_years']:g}-year horizon, common random numbers; 95% intervals in brackets.",
    ]
    lines += [f"  {letters[n]}  {n}" for n in names]
    failed = {n: s["failed"] for n, s in comparison["scenarios"].items() if s["failed"]}
    if failed:
        lines.append("  failed runs (left out): " + ", ".join(f"{letters[n]} {k}" for n, k in failed.items()))
    width = 22
    rows: list[tuple[str, list[str]]] = []
    for year in ("5", "10", "15"):
        rows.append(
            (
                f"embedded at year {year}",
                [
                    f"{_pct(s['p_embedded_at'][year])} {_ci_pct(*s['p_embedded_at_ci'][year])}".strip()
                    for s in comparison["scenarios"].values()
                ],
            )
        )
    scen = list(comparison["scenarios"].values())
    rows.append(
        (
            "running at the horizon",
            [f"{_pct(s['p_running_at_end'])} {_ci_pct(*s['p_running_at_end_ci'])}".strip() for s in scen],
        )
    )
    rows.append(("median years to embedded", [_median(s["time_to_embedded"]) for s in scen]))
    rows.append(("runs where a champion left", [str(s["departure_to_collapse"]["n"]) for s in scen]))
    rows.append(("median years leaving→collapse", [_median(s["departure_to_collapse"]) for s in scen]))
    rows.append(
        (
            "people reached (mean)",
            [
                f"{_num(s['people_reached']['value'])} [{_num(s['people_reached']['ci_low'])}-"
                f"{_num(s['people_reached']['ci_high'])}]"
                for s in scen
            ],
        )
    )
    rows.append(
        (
            "cost per participant (GBP)",
            [
                f"{_num(s['cost_per_participant']['value'])} [{_num(s['cost_per_participant']['ci_low'])}-"
                f"{_num(s['cost_per_participant']['ci_high'])}]"
                for s in scen
            ],
        )
    )
    label_w = max(len(r[0]) for r in rows) + 2
    col_w = max(width, *(len(c) + 2 for _, cells in rows for c in cells))
    lines.append("")
    lines.append(" " * label_w + "".join(f"{letters[n]:>{col_w}}" for n in names))
    for label, cells in rows:
        lines.append(f"{label:<{label_w}}" + "".join(f"{c:>{col_w}}" for c in cells))
    if comparison["differences"]:
        lines += ["", "Paired differences (b minus a, same replications; * = interval excludes 0):"]
        by_pair: dict[tuple[str, str], list[dict[str, Any]]] = {}
        for d in comparison["differences"]:
            by_pair.setdefault((d["a"], d["b"]), []).append(d)
        tests = {(t["a"], t["b"], t["endpoint"]): t for t in comparison["logrank"]}
        for (a, b), diffs in by_pair.items():
            lines.append(f"  {letters[b]} - {letters[a]}")
            for d in diffs:
                prob = d["metric"].startswith("p_")
                scale, unit, digits = (100, " pts", 1) if prob else (1, "", 0 if d["metric"] == "people_reached" else 1)

                def f(x: float | None, scale: float = scale, digits: int = digits) -> str:
                    return "-" if x is None else f"{scale * x:+,.{digits}f}"

                star = " *" if d["ci_excludes_zero"] else ""
                lines.append(
                    f"    {d['label']:<34}{f(d['diff']):>10}{unit:<4} [{f(d['ci_low'])}, {f(d['ci_high'])}]{star}"
                )
            for endpoint in ("time_to_embedded", "departure_to_collapse"):
                t = tests.get((a, b, endpoint))
                if t:
                    p = t["p_value"]
                    ptxt = "n/a (no events)" if p is None else ("p < 0.001" if p < 0.001 else f"p = {p:.3f}")
                    lines.append(f"    {'log-rank: ' + t['label']:<44}{ptxt}")
    return "\n".join(lines)


def cmd_compare(args: argparse.Namespace) -> int:
    """Compare scenarios over paired replications."""
    from journeysim.analysis.compare import summarize
    from journeysim.batch.executors import make_executor
    from journeysim.batch.replicate import Replications, replicate, unique_labels
    from journeysim.library import load_scenario, parse_sets

    if args.replications < 1:
        raise BatchInputError(f"--replications {args.replications}: must be a whole number of at least 1")
    if args.seed < 0:
        raise BatchInputError(f"--seed {args.seed}: must be a whole number of at least 0")
    if args.bootstrap < 100:
        raise BatchInputError(f"--bootstrap {args.bootstrap}: use at least 100 resamples")
    report = check_report(args.report)
    out = Path(args.out) if args.out else None
    if out is not None and (out / "runs.parquet").exists():
        raise _usage(f"--out {out}: already holds a comparison (runs.parquet); give another folder")
    if out is not None and out.exists() and not out.is_dir():
        raise _usage(f"--out {out}: exists and is not a folder")
    sets = parse_sets(args.set)
    if args.years is not None:
        sets["years"] = args.years
    scenarios = [load_scenario(ref, sets=sets or None) for ref in args.scenarios]
    labels = unique_labels(scenarios)
    population = [s.is_population for s in scenarios]
    if any(population) and not all(population):
        kinds = ", ".join(
            f"{ref} ({'population' if p else 'single service'})"
            for ref, p in zip(args.scenarios, population, strict=True)
        )
        raise _usage(f"compare: cannot compare population scenarios with single services: {kinds}")
    population = all(population)
    keep = report is not None and not population
    with make_executor(args.workers, args.scheduler, args.connect_timeout) as executor:
        result = replicate(
            scenarios,
            args.replications,
            seed=args.seed,
            executor=executor,
            uncertain=args.uncertain,
            keep_series=keep,
            progress=_progress(args),
            labels=labels,
        )
    runs = result.runs if isinstance(result, Replications) else result
    if population:
        from journeysim.analysis.nation import summarize_nations

        comparison = summarize_nations(runs, order=labels, n_resamples=args.bootstrap, seed=args.seed)
    else:
        comparison = summarize(runs, order=labels, n_resamples=args.bootstrap, seed=args.seed)
    manifest = _manifest(
        {
            "command": "compare",
            "seed": args.seed,
            "replications": args.replications,
            "uncertain": args.uncertain,
            "scenarios": {
                label: {"hash": s.hash, "source": s.source, "definition": s.to_dict()}
                for label, s in zip(labels, scenarios, strict=True)
            },
        }
    )
    comparison = {"seed": args.seed, "replications": args.replications, "uncertain": args.uncertain, **comparison}
    comparison["manifest"] = {k: v for k, v in manifest.items() if k != "scenarios"} | {
        "scenarios": {label: {"hash": v["hash"], "source": v["source"]} for label, v in manifest["scenarios"].items()}
    }
    if out is not None:
        from journeysim.batch.store import rows_to_table, write_json, write_parquet

        out.mkdir(parents=True, exist_ok=True)
        write_parquet(rows_to_table(runs.to_dict("records")), out / "runs.parquet")
        write_json(out / "comparison.json", comparison)
        write_json(out / "manifest.json", manifest)
    if report is not None and population:
        from journeysim.reports.nation import write_nation_compare_report

        write_nation_compare_report(report, comparison, runs, manifest)
    elif report is not None:
        from journeysim.reports import write_compare_report

        monthly = result.series[[c for c in MONTHLY_COLUMNS if c in result.series.columns]]
        write_compare_report(report, comparison, runs, monthly, manifest)
    if args.json:
        print(json.dumps(comparison, indent=None if args.compact else 2))
    else:
        if population:
            from journeysim.nation.cli import nation_compare_table

            print(nation_compare_table(comparison))
        else:
            print(compare_table(comparison))
        for what, path in (("report", report), ("runs", out)):
            if path is not None:
                print(f"wrote {what}: {path}")
    return 0


# -------------------------------------------------------------------- sweep
def cmd_sweep(args: argparse.Namespace) -> int:
    """Run (or finish) a sweep from an experiment file."""
    from journeysim.batch.executors import make_executor
    from journeysim.batch.experiment import load_experiment
    from journeysim.batch.sweep import run_sweep

    experiment = load_experiment(args.experiment)
    report = check_report(args.report)
    out = Path(args.out) if args.out else Path("results") / experiment.name
    try:
        with make_executor(args.workers, args.scheduler, args.connect_timeout) as executor:
            summary = run_sweep(experiment, out, executor=executor, progress=_progress(args))
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
    from journeysim.analysis.sensitivity import analyze
    from journeysim.batch.store import read_manifest

    if not Path(args.dir).is_dir():
        raise BatchInputError(f"{args.dir}: no such results folder")
    manifest = read_manifest(args.dir)
    method = manifest["experiment"]["design"]["method"]
    if method not in ("sobol", "morris"):
        raise BatchInputError(
            f"sensitivity: {args.dir} holds a {method} sweep; Sobol or Morris indices need a sobol or morris design"
        )
    status = Path(args.dir) / "status.json"
    if status.is_file() and not json.loads(status.read_text()).get("complete", False):
        raise BatchInputError(f"sensitivity: the sweep in {args.dir} is not finished; run the same sweep command again")
    outcomes = args.outcome or list(DEFAULT_SENSITIVITY_OUTCOMES)
    results = {o: analyze(args.dir, outcome=o, num_resamples=args.resamples, seed=args.seed) for o in outcomes}
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
    p.add_argument("--bootstrap", type=int, default=2000, metavar="N", help="bootstrap resamples (default 2000)")
    p.add_argument("--report", metavar="FILE.html", help="also write a self-contained HTML report")
    p.add_argument("--out", metavar="DIR", help="also write runs.parquet, comparison.json and manifest.json here")
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
    p.add_argument("experiment", metavar="EXPERIMENT.toml")
    p.add_argument("--out", metavar="DIR", help="results folder (default results/<experiment name>)")
    p.add_argument("--report", metavar="FILE.html", help="when complete, also write an HTML report")
    p.add_argument("--json", action="store_true", help="print the summary as JSON")
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
    p.add_argument("dir", metavar="DIR")
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
    p.add_argument("dir", metavar="DIR")
    p.add_argument(
        "--outcome",
        action="append",
        metavar="NAME",
        help="run column to analyse (repeatable; default: " + ", ".join(DEFAULT_SENSITIVITY_OUTCOMES) + ")",
    )
    p.add_argument("--resamples", type=int, default=1000, help="bootstrap resamples for the intervals")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(func=cmd_sensitivity)
