"""The report of one population run (``journeysim nation --report``): one national history.

Headline numbers, levels for all services and each nation, the nations side by side, inequality
of access, every service year by year, the yearly accounts, the national timeline and an appendix.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from journeysim.outcomes import scope, spec
from journeysim.outcomes.formats import MISSING, by_format, count, decimal, finite, percent
from journeysim.presentation.document import Report
from journeysim.presentation.nation_figures import (
    ALL,
    level_shares_figure,
    lorenz_figure,
    nation_name,
    nations_figure,
    services_figure,
)
from journeysim.presentation.text import shown_years
from journeysim.reports.appendix import add_appendix
from journeysim.vocabulary import NATIONS

if TYPE_CHECKING:
    from journeysim.runs import NationResult

# --------------------------------------------------------------- one population run
# The run's headline outcomes, in the order the report lists them.
HEADLINES = (
    *("services", "people", "participants_total", "courses_total", "participants_per_100k_year"),
    *("relapses_prevented_total", "spend_total", "cost_per_participant", "policy_money_total"),
    *("share_embedded_final", "share_fragile_or_better_final", "share_running_final", "share_no_teacher_final"),
    *("gini_final", "eligible_total", "need_met_share", "need_met_share_final", "fill_rate", "courses_cancelled"),
    *("champion_arrivals", "champion_moves"),
)


def headline_table(result: NationResult) -> pd.DataFrame:
    """The run's headline numbers, formatted: one row per measure (labels as declared, with the final year)."""
    o = result.outcomes
    final = o.get("final_year", MISSING)
    rows = []
    for name in HEADLINES:
        declared = spec(name, "population")
        words = declared.label.replace("at the end", f"at the end of {final}").replace(
            "in the last year", f"in {final}"
        )
        rows.append((words, by_format(o.get(name), declared.format)))
    return pd.DataFrame(rows, columns=["measure", "value"])


def _demand_cells(own: pd.DataFrame) -> dict[str, str]:
    """A nation's need met over the run, its courses cancelled and its mean fill."""
    eligible = float(own["eligible"].sum())
    cells = {
        "eligible": count(eligible),
        "need_met_share": percent(float(own["participants"].sum()) / eligible if eligible > 0 else None, 2),
        "courses_cancelled": count(own["courses_cancelled"].sum()),
        "mean_fill": percent(own["mean_fill"].mean()),  # none when no service started a course
    }
    return {spec(column, "nation year").label: cell for column, cell in cells.items()}


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
                "embedded at the end": percent(end["share_embedded"]),
                "running courses at the end": percent(end["share_running"]),
                "nobody trained at the end": percent(end["share_no_teacher"]),
                "reached per 100,000 a year": decimal(own["participants_per_100k"].mean()),
                "people reached": count(own["participants"].sum()),
                "Gini at the end": decimal(end["gini"], 2),
                **_demand_cells(own),
            }
        )
    return pd.DataFrame(rows)


# The yearly accounts: every column of the yearly table but its keys, sizes and the rarer rates.
_NOT_ACCOUNTS = ("year", "nation", "services", "people", "courses_per_100k", "places")
ACCOUNTS = tuple(s for s in scope("nation year") if s.name not in _NOT_ACCOUNTS)


def accounts_table(yearly: pd.DataFrame, nation: str = ALL) -> pd.DataFrame:
    """The yearly accounts of one nation (default all services), formatted: one row per measure.

    One column per year shown: every fifth year and the last.
    """
    own = yearly[yearly["nation"] == nation].set_index("year").sort_index()
    years = shown_years([int(y) for y in own.index])
    return pd.DataFrame(
        [[s.label, *(by_format(own.at[y, s.name], s.format) for y in years)] for s in ACCOUNTS if s.name in own],
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
            "urban share": percent(spec.get("urban_share")),
            "regions": spec.get("regions"),
            "training centres": spec.get("training_centres"),
            "nation's own parameters": ", ".join(f"{k} = {v}" for k, v in (spec.get("parameters") or {}).items())
            or "none",
        }
        for name, spec in nations.items()
    ]
    start = pd.DataFrame(
        [
            {"state in the first year": k.replace("_", " "), "share": percent(v)}
            for k, v in (population.get("start") or {}).items()
        ]
    )
    return pd.DataFrame(rows), start


def ensemble_table(ensemble: dict[str, Any]) -> pd.DataFrame:
    """The headline outcomes across the worlds: one row per measure, its median and the band of the worlds' values."""
    rows = []
    for name in HEADLINES:
        stats = ensemble["outcomes"].get(name)
        if stats is not None:
            declared = spec(name, "population")
            median, low, high = (by_format(stats[k], declared.format) for k in ("median", "low", "high"))
            rows.append((declared.label, median, "" if low == high == median else f"{low} to {high}"))
    band = percent(ensemble["band"], 0)
    return pd.DataFrame(rows, columns=["measure", "median of the worlds", f"{band} of the worlds between"])


def write_nation_report(
    path: str | os.PathLike[str], result: NationResult, ensemble: dict[str, Any] | None = None
) -> Path:
    """Write the report of a population scenario as one self-contained HTML file; return its path.

    Args:
        path: Where to write.
        result: What :func:`journeysim.runs.run_nation` returned: one world, shown in detail.
        ensemble: The scenario's outcomes across many worlds (:func:`journeysim.analysis.nation.ensemble_bands`):
            the report headlines them and says the detail is one world. Without it the report says it shows
            a single world.

    """
    manifest = dict(result.manifest)
    definition = result.manifest.get("scenario_definition") or result.scenario or {}
    manifest.setdefault("scenario_definition", definition)
    name = str(manifest.get("scenario") or definition.get("name") or "population")
    yearly = result.yearly
    o = result.outcomes
    years = sorted(int(y) for y in yearly["year"].unique()) if len(yearly) else []
    nations = [n for n in NATIONS if len(yearly) and (yearly["nation"] == n).any()]
    span = f"{years[0]}–{years[-1]}" if years else "no years"
    worlds = f"{ensemble['worlds']} worlds, then one in detail" if ensemble else "a single world"
    report = Report(
        f"journeysim population run: {name}",
        f"{count(o.get('services'))} services in {len(nations)} nation(s), {span}; {worlds} (seed "
        f"{manifest.get('seed')}); scenario hash {manifest.get('scenario_hash', MISSING)}",
    )
    if definition.get("description"):
        report.paragraph(str(definition["description"]))

    if ensemble:
        band = percent(ensemble["band"], 0)
        report.section(f"Across {ensemble['worlds']} worlds")
        report.table(
            ensemble_table(ensemble),
            f"The scenario run in {ensemble['worlds']} simulated worlds (replications 0 to {ensemble['worlds'] - 1} "
            f"of seed {manifest.get('seed')}, as journeysim compare runs them): each measure's median and the "
            f"middle {band} of the worlds' values (where most worlds ended, not an interval around one estimate). "
            "Everything below shows one world, the seed itself, in detail: one draw of the luck, not the forecast.",
        )
    else:
        report.paragraph(
            f"This report shows a single simulated world (seed {manifest.get('seed')}), one draw of the luck: run "
            "journeysim nation without --single for the median and 90% band of many worlds."
        )

    report.section("Headline numbers" if not ensemble else f"One world in detail (seed {manifest.get('seed')})")
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
    if "need_met_share" in yearly:
        # Drawn as shares (nations_figure shows share_* columns in percent).
        demand = yearly.assign(share_need_met=yearly["need_met_share"], share_fill=yearly["mean_fill"])
        report.figure(
            nations_figure(demand, "share_need_met", "share of need met", "Share of need met"),
            "People reached in courses during each year over the adults eligible for MBCT that year "
            "(adults at risk of depressive relapse in the areas the services serve).",
        )
        report.figure(
            nations_figure(demand, "share_fill", "mean fill of places", "Mean fill of places"),
            "Mean, over the services that started a course that year, of the share of places taken; "
            "a gap means no service started a course.",
        )

    report.section("Inequality of access")
    final = o.get("final_year", years[-1] if years else MISSING)
    gini = finite(o.get("gini_final"))  # the run's own Gini; none means undefined (nobody reached, or no year)
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
