"""Reports of population runs: one run (``journeysim nation --report``) and comparisons of population scenarios.

:func:`write_nation_report` shows one national history: headline numbers,
the share of services at each level for all services and for each nation,
the nations side by side, inequality of access (Lorenz curve), every
service year by year, the yearly accounts, the national timeline and an
appendix with the scenario, the population and the manifest.

:func:`write_nation_compare_report` shows ``journeysim compare`` over
population scenarios: national outcomes with intervals, paired differences
(b minus a), bars per outcome, outcomes by nation, and the appendix.

Both are single self-contained HTML files (plotly inlined by
:class:`~journeysim.reports.document.Report`); every piece of text is escaped.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from dashboards.nation_figures import (
    comparison_bars,
    format_value,
    level_shares_figure,
    lorenz_figure,
    metric_info,
    nation_name,
    nations_figure,
    services_figure,
)
from journeysim.nation.cli import shown_years
from journeysim.reports.appendix import add_appendix
from journeysim.reports.document import Report
from journeysim.reports.summaries import ok_runs
from journeysim.vocabulary import NATIONS

if TYPE_CHECKING:
    from journeysim.nation.run import NationResult

ALL = "uk"
MISSING = "—"


# --------------------------------------------------------------- formatting
def _number(value: Any) -> float | None:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if number == number and abs(number) != float("inf") else None


def _formatted(value: Any, template: str) -> str:
    v = _number(value)
    return MISSING if v is None else template.format(v)


def pct(value: Any) -> str:
    """A share as a percentage with one decimal (``0.0204`` -> ``"2.0%"``)."""
    return _formatted(value, "{:.1%}")


def money(value: Any) -> str:
    """Pounds, rounded (``4632700`` -> ``"£4,632,700"``)."""
    return _formatted(value, "£{:,.0f}")


def count(value: Any) -> str:
    """A whole number with thousands separators."""
    return _formatted(value, "{:,.0f}")


def index(value: Any) -> str:
    """An index such as the Gini coefficient, to two decimals."""
    return _formatted(value, "{:.2f}")


def rate(value: Any) -> str:
    """A rate per 100,000 to one decimal."""
    return _formatted(value, "{:,.1f}")


def _by_kind(value: Any, kind: str) -> str:
    return format_value(_number(value), kind)


def _difference(value: Any, kind: str) -> str:
    """A difference with its sign, in the metric's units; rounding noise such as -1e-18 reads as +0."""
    v = _number(value)
    if v is None:
        return MISSING
    if kind == "share":
        return f"{round(100 * v, 1) + 0.0:+.1f} pts"
    if kind == "index":
        return f"{round(v, 3) + 0.0:+.3f}"
    if kind == "money":
        return f"{'−' if round(v) < 0 else '+'}£{abs(round(v)):,.0f}"
    return f"{round(v) + 0.0:+,.0f}" if abs(v) >= 100 else f"{round(v, 1) + 0.0:+,.1f}"


def _with_interval(stats: dict[str, Any] | None, kind: str) -> str:
    """``"2.2% [1.2% to 4.1%]"``: a value and its interval, in the metric's units."""
    stats = stats or {}
    text = _by_kind(stats.get("value"), kind)
    if _number(stats.get("ci_low")) is not None and _number(stats.get("ci_high")) is not None:
        text += f" [{_by_kind(stats['ci_low'], kind)} to {_by_kind(stats['ci_high'], kind)}]"
    return text


# --------------------------------------------------------------- one population run
def headline_table(result: NationResult) -> pd.DataFrame:
    """The run's headline numbers, formatted: one row per measure."""
    o = result.outcomes
    final = o.get("final_year", MISSING)
    rows = [
        ("services", count(o.get("services"))),
        ("people served by them", count(o.get("people"))),
        ("people reached (MBCT course participants)", count(o.get("participants_total"))),
        ("courses run", count(o.get("courses_total"))),
        ("people reached per 100,000 a year (mean over the run)", rate(o.get("participants_per_100k_year"))),
        ("depressive relapses prevented (about)", count(o.get("relapses_prevented_total"))),
        ("spending on MBCT", money(o.get("spend_total"))),
        ("cost per participant", money(o.get("cost_per_participant"))),
        ("national policy money", money(o.get("policy_money_total"))),
        (f"services embedded at the end of {final}", pct(o.get("share_embedded_final"))),
        (f"services fragile or embedded at the end of {final}", pct(o.get("share_fragile_or_better_final"))),
        (f"services running courses at the end of {final}", pct(o.get("share_running_final"))),
        (f"services with nobody trained at the end of {final}", pct(o.get("share_no_teacher_final"))),
        (f"inequality of access in {final} (Gini)", index(o.get("gini_final"))),
        ("champions who took MBCT up where there was nobody", count(o.get("champion_arrivals"))),
        ("implementers who took MBCT to another service when they moved", count(o.get("champion_moves"))),
    ]
    return pd.DataFrame(rows, columns=["measure", "value"])


def nations_table(yearly: pd.DataFrame) -> pd.DataFrame:
    """One row per nation (and all services): size and where it ended, formatted."""
    rows = []
    for nation in [n for n in (ALL, *NATIONS) if (yearly["nation"] == n).any()]:
        own = yearly[yearly["nation"] == nation].sort_values("year")
        end = own.iloc[-1]
        rows.append(
            {
                "nation": nation_name(nation),
                "services": count(end["services"]),
                "people": count(end["people"]),
                "embedded at the end": pct(end["share_embedded"]),
                "running courses at the end": pct(end["share_running"]),
                "nobody trained at the end": pct(end["share_no_teacher"]),
                "reached per 100,000 a year": rate(own["participants_per_100k"].mean()),
                "people reached": count(own["participants"].sum()),
                "Gini at the end": index(end["gini"]),
            }
        )
    return pd.DataFrame(rows)


ACCOUNTS: tuple[tuple[str, str, Any], ...] = (
    ("share_absent", "absent", pct),
    ("share_patchy", "patchy", pct),
    ("share_fragile", "fragile", pct),
    ("share_embedded", "embedded", pct),
    ("share_no_teacher", "nobody trained", pct),
    ("share_running", "running courses", pct),
    ("teachers", "teachers", count),
    ("implementers", "implementers", count),
    ("courses", "courses", count),
    ("participants", "people reached", count),
    ("participants_per_100k", "reached per 100,000", rate),
    ("spend", "spending", money),
    ("cost_per_participant", "£ per participant", money),
    ("policy_money", "policy money", money),
    ("relapses_prevented", "relapses prevented", count),
    ("gini", "Gini", index),
)


def accounts_table(yearly: pd.DataFrame, nation: str = ALL) -> pd.DataFrame:
    """The yearly accounts of one nation (default all services), formatted: one row per measure.

    One column per year shown: every fifth year and the last.
    """
    own = yearly[yearly["nation"] == nation].set_index("year").sort_index()
    years = shown_years([int(y) for y in own.index])
    return pd.DataFrame(
        [[label, *(fmt(own.at[y, column]) for y in years)] for column, label, fmt in ACCOUNTS],
        columns=["", *(str(y) for y in years)],
    )


def timeline(events: list[dict[str, Any]]) -> tuple[list[str], list[str]]:
    """National events and policy actions as lines, with a class for the direction (up, down)."""
    items, classes = [], []
    for e in sorted(events, key=lambda e: e.get("month", 0)):
        what = str(e.get("kind", "")).replace("_", " ")
        causes = "; ".join(str(c) for c in e.get("causes") or [])
        effect = str(e.get("effect") or "")
        arrow = {"up": "▲", "down": "▼"}.get(str(e.get("direction")), "•")
        policy = " (policy)" if e.get("category") == "policy" else ""
        text = f"{e.get('date', '')} {arrow} {what}{policy}: {causes}"
        items.append(text + (f" — {effect}" if effect else ""))
        classes.append(str(e.get("direction")) if e.get("direction") in ("up", "down") else "")
    return items, classes


def population_tables(definition: dict[str, Any]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The scenario's population: one row per nation, and the starting states of services."""
    population = definition.get("population") or {}
    nations = population.get("nations") or {}
    rows = [
        {
            "nation": nation_name(name),
            "services": spec.get("services"),
            "population": count(spec.get("population")),
            "urban share": pct(spec.get("urban_share")),
            "regions": spec.get("regions"),
            "training centres": spec.get("training_centres"),
            "nation's own parameters": ", ".join(f"{k} = {v}" for k, v in (spec.get("parameters") or {}).items())
            or "none",
        }
        for name, spec in nations.items()
    ]
    start = pd.DataFrame(
        [
            {"state in the first year": k.replace("_", " "), "share": pct(v)}
            for k, v in (population.get("start") or {}).items()
        ]
    )
    return pd.DataFrame(rows), start


def _definition(result: NationResult) -> dict[str, Any]:
    return result.manifest.get("scenario_definition") or result.scenario or {}


def write_nation_report(path: str | os.PathLike[str], result: NationResult) -> Path:
    """Write the report of one population run as one self-contained HTML file.

    Args:
        path: Where to write (folders are created; the file is replaced atomically).
        result: What :func:`journeysim.nation.run.run_nation` returned.

    Returns:
        The path written.

    """
    manifest = dict(result.manifest)
    definition = _definition(result)
    manifest.setdefault("scenario_definition", definition)
    name = str(manifest.get("scenario") or definition.get("name") or "population")
    yearly = result.yearly
    o = result.outcomes
    years = sorted(int(y) for y in yearly["year"].unique()) if len(yearly) else []
    nations = [n for n in NATIONS if len(yearly) and (yearly["nation"] == n).any()]
    span = f"{years[0]}–{years[-1]}" if years else "no years"
    report = Report(
        f"journeysim population run: {name}",
        f"{count(o.get('services'))} services in {len(nations)} nation(s), {span}; seed {manifest.get('seed')}; "
        f"scenario hash {manifest.get('scenario_hash', MISSING)}",
    )
    if definition.get("description"):
        report.paragraph(str(definition["description"]))

    report.section("Headline numbers")
    report.table(
        headline_table(result),
        "People reached: participants in MBCT courses over the whole run. Relapses prevented: an estimate from the "
        "people reached and a published effect size. Spending covers courses, supervision and training; national "
        "policy money is what the national levers put in. Gini: inequality of access between services, per head "
        "(0 = every service reaches the same share of its people; 1 = one service reaches everyone reached).",
    )
    if len(yearly):
        report.heading("By nation")
        report.table(nations_table(yearly))

    report.section("Levels over time")
    report.figure(
        level_shares_figure(yearly, ALL, "All services: share at each level"),
        "Share of services at each level of embeddedness at the end of each year (stacked to 100%).",
    )
    for nation in nations:
        fig = level_shares_figure(yearly, nation, f"{nation_name(nation)}: share at each level")
        report.figure(fig.update_layout(height=360))

    report.section("The nations side by side")
    for column, label, caption in (
        (
            "share_no_teacher",
            "services with nobody trained",
            "Share of services with no trained MBCT teacher at the end of each year.",
        ),
        (
            "participants_per_100k",
            "people reached per 100,000",
            "People reached in courses during each year, per 100,000 population.",
        ),
        (
            "gini",
            "inequality of access (Gini)",
            "Gini coefficient of people reached per head between the nation's services, each year; "
            "a gap means nobody in that nation was reached that year.",
        ),
    ):
        report.figure(nations_figure(yearly, column, label, label[0].upper() + label[1:]), caption)

    report.section("Inequality of access")
    final = o.get("final_year", years[-1] if years else MISSING)
    gini = _number(o.get("gini_final"))  # the run's own Gini; none means undefined (nobody reached, or no year)
    report.figure(
        lorenz_figure(result.lorenz, f"Who was reached in {final}", gini=float("nan") if gini is None else gini),
        "Services are lined up from least to most people reached per head in the final year; the curve shows the "
        "cumulative share of people reached against the cumulative share of the population they serve. The further "
        "it sags below the diagonal of equal access, the more unequal access is.",
    )

    report.section("Every service, year by year")
    report.figure(
        services_figure(result.service_years, "Level of each service at the end of each year"),
        "One row per service, grouped by nation; within a nation, services that ended at the highest level are on "
        "top. Hover over a cell for the service, year, level and trained teachers.",
    )

    report.section("Yearly accounts, all services")
    if len(yearly):
        report.table(
            accounts_table(yearly),
            "Every fifth year and the last. Shares are of services at the end of the year; courses, people reached, "
            "spending, policy money and relapses prevented are for the year.",
        )
    else:
        report.paragraph("The run has no complete year.")

    report.section("National history and policy")
    items, classes = timeline(result.events)
    if items:
        report.bullets(items, "timeline", classes)
    else:
        report.paragraph("No national event or policy action fell within the run.")

    runs = pd.DataFrame([{"scenario": name, "seed": manifest.get("seed"), **o}])
    add_appendix(report, runs, manifest)
    report.section("Appendix D: the population")
    nation_rows, start = population_tables(definition)
    if len(nation_rows):
        report.table(nation_rows, "Each service's context is drawn around its nation's means.")
    if len(start):
        report.heading("Starting states")
        report.table(start)
    report.code(o, summary="All scalar outcomes (JSON)")
    return report.write(path)


# --------------------------------------------------------------- comparisons of population scenarios
def _metrics(comparison: dict[str, Any]) -> list[tuple[str, str, str]]:
    listed = [(m["metric"], *metric_info(comparison, m["metric"])) for m in comparison.get("metrics") or []]
    if not any(m == "cost_per_participant" for m, _, _ in listed):
        listed.append(("cost_per_participant", *metric_info(comparison, "cost_per_participant")))
    return listed


def means_table(comparison: dict[str, Any]) -> pd.DataFrame:
    """One row per national outcome, one column per scenario: mean with its interval."""
    scenarios = comparison.get("scenarios") or {}
    names = [n for n in comparison.get("order") or list(scenarios) if n in scenarios]
    rows = [
        {
            "outcome": "runs (failed)",
            **{n: f"{scenarios[n].get('runs', 0)} ({scenarios[n].get('failed', 0)})" for n in names},
        },
        {"outcome": "services", **{n: count(scenarios[n].get("services")) for n in names}},
    ]
    for metric, label, kind in _metrics(comparison):
        rows.append({"outcome": label, **{n: _with_interval(scenarios[n].get(metric), kind) for n in names}})
    return pd.DataFrame(rows, columns=["outcome", *names])


def differences_table(comparison: dict[str, Any]) -> tuple[pd.DataFrame, list[bool]]:
    """Paired differences (b minus a) with intervals; which rows' intervals exclude zero."""
    rows, excludes = [], []
    for d in comparison.get("differences") or []:
        kind = str(d.get("kind") or metric_info(comparison, d["metric"])[1])
        rows.append(
            {
                "b − a": f"{d['b']} − {d['a']}",
                "outcome": str(d.get("label") or d["metric"]),
                "difference": _difference(d.get("diff"), kind),
                "interval": f"{_difference(d.get('ci_low'), kind)} to {_difference(d.get('ci_high'), kind)}",
                "pairs": d.get("n"),
                "interval excludes 0": "yes" if d.get("ci_excludes_zero") else "no",
            }
        )
        excludes.append(bool(d.get("ci_excludes_zero")))
    return pd.DataFrame(rows), excludes


def by_nation_table(runs: pd.DataFrame, names: list[str]) -> pd.DataFrame:
    """Per nation and scenario: mean final shares and reach over the finished runs (no intervals)."""
    ok = ok_runs(runs)
    measures = (
        ("share_embedded_final", "embedded at the end", pct),
        ("share_running_final", "running courses at the end", pct),
        ("share_no_teacher_final", "nobody trained at the end", pct),
        ("participants_per_100k_year", "reached per 100,000 a year", rate),
    )
    rows = []
    for nation in NATIONS:
        for column, label, fmt in measures:
            key = f"{nation}_{column}"
            if key not in ok:
                continue
            means = {n: fmt(pd.to_numeric(ok.loc[ok["scenario"] == n, key], errors="coerce").mean()) for n in names}
            rows.append({"nation": nation_name(nation), "outcome": label, **means})
    return pd.DataFrame(rows)


def write_nation_compare_report(
    path: str | os.PathLike[str], comparison: dict[str, Any], runs: pd.DataFrame, manifest: dict[str, Any]
) -> Path:
    """Write the report of a comparison of population scenarios as one self-contained HTML file.

    Args:
        path: Where to write (folders are created; the file is replaced atomically).
        comparison: What :func:`journeysim.analysis.nation.summarize_nations` returned (the CLI adds
            ``seed``, ``replications`` and ``manifest``).
        runs: One row per run: ``run_id``, ``scenario``, ``replication``, ``status`` and the national outcomes.
        manifest: The run manifest (``scenarios`` with each definition, seed, versions).

    Returns:
        The path written.

    """
    scenarios = comparison.get("scenarios") or {}
    names = [n for n in comparison.get("order") or list(scenarios) if n in scenarios]
    reps = max((int(s.get("runs") or 0) for s in scenarios.values()), default=0)
    horizon = _number(comparison.get("horizon_years"))
    level = _number(comparison.get("confidence"))
    ci = f"{level:.0%}" if level is not None else "confidence"
    seed = comparison.get("seed", manifest.get("seed"))
    report = Report(
        "journeysim population comparison: " + " vs ".join(names),
        f"{len(names)} population scenario(s), {reps} replication(s) each"
        + (f", {horizon:g}-year horizon" if horizon is not None else "")
        + (f"; seed {seed}" if seed is not None else "")
        + "; paired by common random numbers",
    )

    report.section("National outcomes")
    report.table(
        means_table(comparison),
        f"Means over replications with {ci} bootstrap intervals. Shares are of services; people reached and "
        "relapses prevented are totals over the run; cost per participant is total spending over total people "
        "reached.",
    )

    report.section("Paired differences")
    differences, excludes = differences_table(comparison)
    if len(differences):
        report.table(
            differences,
            f"b minus a over the same replications (each pair lived through the same luck), with {ci} intervals; "
            "highlighted rows have intervals that exclude zero. Shares differ in percentage points.",
            highlight=excludes,
        )
    else:
        report.paragraph("A single scenario: there are no paired differences.")

    report.section("Outcomes per scenario")
    for metric, _, _ in _metrics(comparison):
        report.figure(comparison_bars(comparison, metric))

    by_nation = by_nation_table(runs, names)
    if len(by_nation):
        report.section("Outcomes by nation")
        report.table(by_nation, "Means over the finished replications (no intervals).")

    failed = runs[runs["status"] != "ok"] if "status" in runs else runs.iloc[0:0]
    if len(failed):
        report.section("Failed runs")
        report.table(failed[[c for c in ("run_id", "scenario", "replication", "error") if c in failed]])

    add_appendix(report, runs, manifest, comparison=comparison, names=names)
    return report.write(path)
