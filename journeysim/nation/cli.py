"""The ``journeysim nation`` command: run a population of services and print its national accounts."""

from __future__ import annotations

import argparse
import json
import math
from pathlib import Path
from typing import Any

import pandas as pd

NATION_NAMES = {
    "uk": "All services",
    "england": "England",
    "scotland": "Scotland",
    "wales": "Wales",
    "northern_ireland": "Northern Ireland",
}
ROWS: tuple[tuple[str, str, str], ...] = (
    ("share_embedded", "embedded", "pct"),
    ("share_fragile", "fragile", "pct"),
    ("share_patchy", "patchy", "pct"),
    ("share_absent", "absent", "pct"),
    ("share_no_teacher", "nobody trained", "pct"),
    ("participants_per_100k", "reached per 100k", "num1"),
    ("gini", "inequality (Gini)", "num2"),
)


def _cell(value: Any, fmt: str) -> str:
    if value is None or pd.isna(value):
        return "-"
    if fmt == "pct":
        return f"{100 * value:.0f}%"
    return f"{value:.1f}" if fmt == "num1" else f"{value:.2f}"


def shown_years(years: list[int]) -> list[int]:
    """Every fifth year from the first, and the last."""
    picked = years[::5]
    if years and years[-1] not in picked:
        picked.append(years[-1])
    return picked


def nation_text(result: Any, name: str, seed: int) -> str:
    """The terminal form of a population run: level shares and reach by nation over the years, then totals."""
    table: pd.DataFrame = result.yearly
    o = result.outcomes
    years = sorted(table["year"].unique().tolist())
    picked = shown_years(years)
    nations = list(dict.fromkeys(table["nation"]))
    lines = [
        f"{name} (seed {seed}): {o['services']} services in {len(nations) - 1} nation(s), "
        f"{years[0]}-{years[-1]}, {o['people'] / 1e6:.1f} million people. Shares of services at the end of each year.",
        "",
    ]
    width = 4 + max(len(f"{NATION_NAMES.get(n, n)} (000 services)") for n in nations)
    for nation in nations:
        frame = table[table["nation"] == nation].set_index("year")
        services = int(frame["services"].iloc[0])
        lines.append(
            f"{NATION_NAMES.get(nation, nation)} ({services} services)".ljust(width)
            + "".join(f"{y:>8}" for y in picked)
        )
        for column, label, fmt in ROWS:
            lines.append(f"  {label}".ljust(width) + "".join(f"{_cell(frame.at[y, column], fmt):>8}" for y in picked))
        lines.append("")
    cpp = o["cost_per_participant"]
    lines += [
        f"People reached: {o['participants_total']:,} in {o['courses_total']:,} courses; "
        f"about {o['relapses_prevented_total']:,.0f} depressive relapses prevented.",
        f"Spending on MBCT: £{o['spend_total']:,.0f}"
        + (f" (£{cpp:,.0f} per participant)" if cpp is not None else "")
        + f"; national policy money £{o['policy_money_total']:,.0f}.",
        f"New champions: {o['champion_arrivals']} took MBCT up from scratch; "
        f"{o['champion_moves']} carried it to another service when they moved.",
    ]
    policy = [e for e in result.events if e["category"] in ("policy", "national")]
    if policy:
        lines += ["", "National history and policy:"]
        lines += [f"  {e['date']}  {e['kind'].replace('_', ' ')}: {e['effect']}" for e in policy]
    return "\n".join(lines)


def cmd_nation(args: argparse.Namespace) -> int:
    """Run a population scenario once and report its national accounts."""
    from journeysim.batch.cli import check_report
    from journeysim.cli import UsageError
    from journeysim.library import load_scenario, parse_sets
    from journeysim.nation.run import run_nation

    if args.seed < 0:
        raise UsageError(f"--seed {args.seed}: must be a whole number of at least 0")
    report = check_report(args.report)
    sets = parse_sets(args.set)
    if args.years is not None:
        sets["years"] = args.years
    scenario = load_scenario(args.scenario, sets=sets or None)
    if not scenario.is_population:
        raise UsageError(
            f"{args.scenario}: is a single service; `journeysim nation` needs a scenario with a [population] "
            f"table (such as uk_services). Use `journeysim run {args.scenario}` for one service."
        )
    out = Path(args.out) if args.out else None
    if out is not None and out.exists() and not out.is_dir():
        raise UsageError(f"--out {args.out}: exists and is not a folder")
    result = run_nation(scenario, args.seed)
    if out is not None:
        from journeysim.batch.store import write_json

        out.mkdir(parents=True, exist_ok=True)
        result.yearly.to_csv(out / "yearly.csv", index=False)
        result.services.to_csv(out / "services.csv", index=False)
        result.service_years.to_csv(out / "service_years.csv", index=False)
        write_json(out / "manifest.json", result.manifest)
    if report is not None:
        from journeysim.reports.nation import write_nation_report

        write_nation_report(report, result)
    if args.json:
        print(json.dumps(result.to_dict(), indent=None if args.compact else 2, default=str))
    else:
        print(nation_text(result, scenario.name, args.seed))
        for what, path in (("report", report), ("yearly.csv, services.csv, service_years.csv", out)):
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
    p.add_argument("--out", metavar="DIR", help="also write yearly.csv, services.csv, service_years.csv, manifest.json")
    p.add_argument("--json", action="store_true", help="print manifest, outcomes, yearly table and events as JSON")
    p.add_argument("--compact", action="store_true", help="with --json, on one line")
    p.set_defaults(func=cmd_nation)


def format_metric(value: float | None, kind: str) -> str:
    """A national metric as shown: shares in percent, money in pounds, indices to three decimals ("—" if missing)."""
    if value is None or not math.isfinite(value):
        return "—"
    if kind == "share":
        return f"{100 * value:.1f}%"
    if kind == "money":
        return f"£{value:,.0f}"
    if kind == "index":
        return f"{value:.3f}"
    return f"{value:,.0f}" if abs(value) >= 100 else f"{value:,.1f}"


def nation_compare_table(comparison: dict[str, Any]) -> str:
    """The terminal form of a comparison of population scenarios: means with intervals, then paired differences."""
    names = comparison["order"]
    letters = {n: chr(ord("A") + i) if i < 26 else f"S{i}" for i, n in enumerate(names)}
    reps = max((s["runs"] for s in comparison["scenarios"].values()), default=0)
    lines = [
        f"Comparison of {len(names)} population scenario(s), {reps} replication(s) each "
        f"(seed {comparison.get('seed', 0)}), "
        f"{comparison['horizon_years']:g}-year horizon, common random numbers; means with 95% intervals.",
        *(f"  {letters[n]}  {n}" for n in names),
        "",
    ]
    metrics = [(m["metric"], m["label"], m["kind"]) for m in comparison["metrics"]]
    metrics.append(("cost_per_participant", "cost per participant (GBP)", "money"))
    label_w = max(len(label) for _, label, _ in metrics) + 2
    cells = {
        (n, column): f"{format_metric(s[column]['value'], kind)} "
        f"[{format_metric(s[column]['ci_low'], kind)}-{format_metric(s[column]['ci_high'], kind)}]"
        for n, s in comparison["scenarios"].items()
        for column, _, kind in metrics
    }
    col_w = max(24, *(len(c) + 2 for c in cells.values()))
    lines.append(" " * label_w + "".join(f"{letters[n]:>{col_w}}" for n in names))
    for column, label, _ in metrics:
        lines.append(f"{label:<{label_w}}" + "".join(f"{cells[(n, column)]:>{col_w}}" for n in names))
    if comparison["differences"]:
        lines += ["", "Paired differences (b minus a, same replications; * = interval excludes 0):"]
        pair = None
        for d in comparison["differences"]:
            if (d["a"], d["b"]) != pair:
                pair = (d["a"], d["b"])
                lines.append(f"  {letters[d['b']]} - {letters[d['a']]}")
            scale = 100.0 if d["kind"] == "share" else 1.0
            unit = " pts" if d["kind"] == "share" else ""

            def f(x: float | None, scale: float = scale) -> str:
                return "-" if x is None else f"{scale * x:+,.{3 if scale == 1.0 and abs(x) < 1 else 1}f}"

            star = " *" if d["ci_excludes_zero"] else ""
            lines.append(f"    {d['label']:<44}{f(d['diff']):>12}{unit:<4} [{f(d['ci_low'])}, {f(d['ci_high'])}]{star}")
    return "\n".join(lines)
