"""Terminal text: the tables ``journeysim compare`` and ``journeysim nation`` print, and how their numbers read.

Plain strings only (no plotting, no command-line parsing), so the command
line, the HTML reports and the dashboard format a number the same way.
"""

from __future__ import annotations

import string
from collections.abc import Callable
from typing import Any

import pandas as pd

from journeysim.outcomes import formats as fmt
from journeysim.outcomes import label as outcome_label
from journeysim.outcomes import scope, spec
from journeysim.vocabulary import LEVELS, NATION_NAMES

FEW_REPLICATIONS = 20
"""Below this many replications per scenario, intervals are too rough to mark differences as significant."""


def few_replications_warning(replications: int) -> str:
    """The warning for a comparison with fewer than :data:`FEW_REPLICATIONS` replications."""
    return (
        f"{replications} replication(s) per scenario is too few for the 95% intervals to mean much "
        f"(use at least {FEW_REPLICATIONS}, e.g. -n {FEW_REPLICATIONS * 10}); differences are not marked as significant"
    )


# Rows of a nation's block: columns of the yearly table, labelled and formatted as declared
# (but shares of services in whole percent).
ROWS = (*(f"share_{level}" for level in reversed(LEVELS)), "share_no_teacher", "participants_per_100k", "gini")
ROWS += ("need_met_share", "mean_fill", "courses_cancelled")


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
        for declared in (spec(column, "nation year") for column in ROWS if column in frame):
            shown = declared.format.replace("percent1", "percent0")
            cells = (fmt.by_format(frame.at[y, declared.name], shown, "-") for y in picked)
            lines.append(f"  {declared.label}".ljust(width) + "".join(f"{c:>8}" for c in cells))
        lines.append("")
    cpp = o["cost_per_participant"]
    lines += [
        f"People reached: {o['participants_total']:,} in {o['courses_total']:,} courses; "
        f"about {o['relapses_prevented_total']:,.0f} depressive relapses prevented.",
        f"Spending on MBCT: £{o['spend_total']:,.0f}"
        + (f" (£{cpp:,.0f} per participant)" if cpp is not None else "")
        + f"; national policy money £{o['policy_money_total']:,.0f}.",
        f"Need: {o['eligible_total'] or 0:,.0f} adults eligible for MBCT over the run; "
        f"{outcome_label('need_met_share')} {fmt.percent(o['need_met_share'], 2, '-')}; "
        f"places filled {fmt.percent(o['fill_rate'], 0, '-')}; "
        f"{o['courses_cancelled']:,} course(s) cancelled for want of referrals.",
        f"New champions: {o['champion_arrivals']} took MBCT up from scratch; "
        f"{o['champion_moves']} carried it to another service when they moved.",
    ]
    policy = [e for e in result.events if e["category"] in ("policy", "national")]
    if policy:
        lines += ["", "National history and policy:"]
        lines += [f"  {e['date']}  {e['kind'].replace('_', ' ')}: {e['effect']}" for e in policy]
    return "\n".join(lines)


# The national outcomes an ensemble's text headlines, and those it gives for each nation.
ENSEMBLE_ROWS = ("share_embedded_final", "share_fragile_or_better_final", "share_running_final")
ENSEMBLE_ROWS += ("share_no_teacher_final", "participants_per_100k_year", "participants_total")
ENSEMBLE_ROWS += ("relapses_prevented_total", "spend_total", "cost_per_participant", "need_met_share", "gini_final")
ENSEMBLE_NATION_ROWS = ("share_embedded_final", "share_running_final", "share_no_teacher_final")
ENSEMBLE_NATION_ROWS += ("participants_per_100k_year",)


def band_cell(stats: dict[str, Any], format: str) -> str:
    """``"12.0% [8.0%-15.0%]"``: a median and the band of the worlds' values (no band around a constant)."""
    median, low, high = (fmt.by_format(stats.get(k), format) for k in ("median", "low", "high"))
    return median if low == high == median else f"{median} [{low}-{high}]"


def ensemble_text(ensemble: dict[str, Any], name: str, seed: int) -> str:
    """The terminal form of a population's ensemble: each national outcome's median and band across the worlds."""
    outcomes, worlds = ensemble["outcomes"], ensemble["worlds"]
    final = fmt.decimal((outcomes.get("final_year") or {}).get("median"), 0).replace(",", "")
    band = fmt.percent(ensemble["band"], 0)
    lines = [
        f"{name}: {worlds} simulated worlds (replications 0-{worlds - 1} of seed {seed}) to the end of {final}. "
        f"Median and {band} band across the worlds: the middle {band} of their values, where most worlds ended "
        "(not an interval around one estimate).",
    ]
    if ensemble["failed"]:
        lines.append(f"  {ensemble['failed']} world(s) failed and are left out")
    declared = [spec(c, "population") for c in ENSEMBLE_ROWS if c in outcomes]
    width = 4 + max(len(s.label) for s in declared)
    lines += ["", *(f"{s.label:<{width}}{band_cell(outcomes[s.name], s.format)}" for s in declared)]
    nations = [n for n in NATION_NAMES if f"{n}_share_embedded_final" in outcomes]
    if nations:
        cells = {
            n: [band_cell(outcomes[f"{n}_{c}"], spec(f"{n}_{c}", "population").format) for c in ENSEMBLE_NATION_ROWS]
            for n in nations
        }
        col = 2 + max(len(c) for row in cells.values() for c in [*row, NATION_NAMES[nations[0]]])
        lines += ["", "At the end, by nation:".ljust(width) + "".join(f"{NATION_NAMES[n]:>{col}}" for n in nations)]
        for i, c in enumerate(ENSEMBLE_NATION_ROWS):
            lines.append(
                f"  {outcome_label(c, 'population')}".ljust(width) + "".join(f"{cells[n][i]:>{col}}" for n in nations)
            )
    lines += [
        "",
        f"One world in detail (a single seed, not an ensemble): journeysim nation {name} --single --seed {seed}",
    ]
    return "\n".join(lines)


def format_metric(value: float | None, kind: str) -> str:
    """A national metric as shown: shares in percent, money in pounds, indices to three decimals ("—" if missing)."""
    if kind in ("share", "money", "index"):
        return fmt.by_format(value, {"share": "percent1", "index": "decimal3"}.get(kind, kind))
    return fmt.count(value) if abs(fmt.finite(value) or 0) >= 100 else fmt.decimal(value, 1)


def with_interval(stats: dict[str, Any] | None, kind: str) -> str:
    """``"2.2% [1.2% to 4.1%]"``: a value and its interval, in the metric's units."""
    stats = stats or {}
    text = format_metric(stats.get("value"), kind)
    if fmt.finite(stats.get("ci_low")) is not None and fmt.finite(stats.get("ci_high")) is not None:
        text += f" [{format_metric(stats['ci_low'], kind)} to {format_metric(stats['ci_high'], kind)}]"
    return text


def _bounds(iv: dict[str, Any], kind: str, show: Callable[[Any, str], str] = format_metric) -> str:
    """``"[low-high]"`` of an estimate, each end shown by ``show`` (a missing end shown as missing).

    Empty for a constant (both ends shown as the value itself): an interval around it says nothing.
    """
    low, high = show(iv["ci_low"], kind), show(iv["ci_high"], kind)
    return "" if low == high == show(iv["value"], kind) else f"[{low}-{high}]"


def scenario_order(comparison: dict[str, Any]) -> list[str]:
    """The compared scenarios, in the comparison's order."""
    scenarios = comparison.get("scenarios") or {}
    return [n for n in comparison.get("order") or list(scenarios) if n in scenarios]


def population_metrics(comparison: dict[str, Any]) -> list[tuple[str, str, str]]:
    """The outcomes of a comparison of population scenarios as ``(metric, label, kind)``, cost per participant last."""
    listed = [
        (m["metric"], str(m.get("label") or m["metric"]), str(m.get("kind") or "count"))
        for m in comparison.get("metrics") or []
    ]
    if all(metric != "cost_per_participant" for metric, _, _ in listed):
        cost = spec("cost_per_participant", "population")
        listed.append((cost.name, cost.label, cost.kind))
    return listed


BOOTSTRAP = "bootstrap (BCa)"
METHODS = (
    f"Wilson score for shares, {BOOTSTRAP} for means and paired differences, Kaplan-Meier (log-log band) "
    "for median years"
)
"""The interval methods of a comparison of single services, as its table names them."""


def _level(comparison: dict[str, Any]) -> str:
    """The comparison's confidence level in percent (``95%``)."""
    return fmt.percent(comparison.get("confidence", 0.95), 0)


def _head(comparison: dict[str, Any], what: str, intervals: str) -> tuple[list[str], dict[str, str]]:
    """The first line of a comparison table, one line per scenario's letter, and the letters."""
    names = comparison["order"]
    letters = {n: string.ascii_uppercase[i] if i < 26 else f"S{i}" for i, n in enumerate(names)}
    reps = max((s["runs"] for s in comparison["scenarios"].values()), default=0)
    first = (
        f"Comparison of {len(names)} {what}(s), {reps} replication(s) each (seed {comparison.get('seed', 0)}), "
        f"{comparison['horizon_years']:g}-year horizon, common random numbers; {intervals}."
    )
    return [first, *(f"  {letters[n]}  {n}" for n in names)], letters


def _grid(rows: list[tuple[str, list[str]]], heads: list[str], min_width: int) -> list[str]:
    """Labelled rows of right-aligned cells under one line of column heads."""
    label_w = max(len(label) for label, _ in rows) + 2
    col_w = max(min_width, *(len(c) + 2 for _, cells in rows for c in cells))
    lines = [" " * label_w + "".join(f"{h:>{col_w}}" for h in heads)]
    return lines + [f"{label:<{label_w}}" + "".join(f"{c:>{col_w}}" for c in cells) for label, cells in rows]


def _differences(
    comparison: dict[str, Any], letters: dict[str, str], marks: bool, population: bool, title: str = ""
) -> list[str]:
    """The paired differences, pair by pair; a single-service comparison adds each pair's log-rank tests."""
    if not comparison["differences"]:
        return []
    title = title or "Paired differences (b minus a, same replications"
    if marks:
        lines = ["", f"{title}; * = interval excludes 0):"]
    else:
        lines = ["", f"{title}; too few replications to mark significance):"]
    by_pair: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for d in comparison["differences"]:
        by_pair.setdefault((d["a"], d["b"]), []).append(d)
    logrank = {(t["a"], t["b"], t["endpoint"]): t for t in comparison.get("logrank") or []}
    label_w, value_w = (44, 12) if population else (34, 10)
    for (a, b), diffs in by_pair.items():
        lines.append(f"  {letters[b]} - {letters[a]}")
        for d in diffs:
            metric = d["metric"]
            share = d["kind"] == "share" if population else metric.startswith("p_") or metric in SHARE_METRICS
            scale, unit = (100.0, " pts") if share else (1.0, "")

            def show(x: float | None, scale: float = scale, metric: str = metric) -> str:
                if population:  # small numbers keep three decimals
                    return fmt.signed(x, 3 if scale == 1.0 and abs(x or 0) < 1 else 1, scale)
                return fmt.signed(x, 0 if metric == "people_reached" else 1, scale)

            star = " *" if marks and d["ci_excludes_zero"] else ""
            bounds = f" [{show(d['ci_low'])}, {show(d['ci_high'])}]"
            if show(d["ci_low"]) == show(d["ci_high"]) == show(d["diff"]):
                bounds = ""  # the same in every pair: no interval around a constant
            cells = f"{show(d['diff']):>{value_w}}{unit:<4}{bounds}{star}"
            lines.append(f"    {d['label']:<{label_w}}{cells}")
        for endpoint in () if population else ("time_to_embedded", "departure_to_collapse", "departure_to_last_course"):
            if t := logrank.get((a, b, endpoint)):
                p = t["p_value"]
                ptxt = "n/a (no events)" if p is None else ("p < 0.001" if p < 0.001 else f"p = {p:.3f}")
                lines.append(f"    {'log-rank: ' + t['label']:<52}{ptxt}")
    return lines


HEADLINE_DIFFERENCES = {
    "service": ("p_embedded_at_10", "p_running_at_end", "p_collapse_after_departure", "people_reached"),
    "population": ("share_embedded_final", "share_fragile_or_better_final", "participants_total"),
}
"""The paired differences a comparison repeats under the shipped calibrated posterior."""


def under_posterior(comparison: dict[str, Any]) -> dict[str, Any]:
    """The headline paired differences of a comparison drawn from the shipped posterior, and which posterior."""
    kind = "population" if comparison.get("kind") == "population" else "service"
    headline = HEADLINE_DIFFERENCES[kind]
    return {
        "kind": kind,
        "posterior": comparison["manifest"].get("posterior"),
        "order": comparison["order"],
        "differences": [d for d in comparison["differences"] if d["metric"] in headline],
    }


def posterior_lines(comparison: dict[str, Any], marks: bool = True) -> str:
    """The headline differences under the shipped posterior (``comparison["under_posterior"]``), labelled so.

    Letters are the comparison's own; the differences come from the same seeds with the calibrated parameters
    drawn from the posterior, one particle per replication shared by every scenario.
    """
    under = comparison["under_posterior"]
    record = under.get("posterior") or {}
    letters = {name: chr(ord("A") + i) for i, name in enumerate(under["order"])}
    population = under["kind"] == "population"
    size = record.get("particles")
    source = f" ({size} particles)" if size else ""
    title = (
        f"Under the calibrated posterior (the shipped calibration to UK figures{source}):\n"
        "the same replications with the calibrated parameters drawn from it (b minus a"
    )
    lines = _differences({**under, "logrank": []}, letters, marks, population, title)
    lines.append("  (--fixed-only leaves this out; --posterior default draws every figure above from it instead)")
    return "\n".join(lines)


def nation_compare_table(comparison: dict[str, Any], marks: bool = True) -> str:
    """The terminal form of a comparison of population scenarios: means with intervals, then paired differences.

    With ``marks`` false (too few replications), no difference is starred as significant.
    """
    lines, letters = _head(comparison, "population scenario", f"means with {_level(comparison)} {BOOTSTRAP} intervals")
    scenarios = [comparison["scenarios"][n] for n in comparison["order"]]
    rows = [
        (label, [f"{format_metric(s[metric]['value'], kind)} {_bounds(s[metric], kind)}".strip() for s in scenarios])
        for metric, label, kind in population_metrics(comparison)
    ]
    lines += ["", *_grid(rows, list(letters.values()), 24)]
    return "\n".join(lines + _differences(comparison, letters, marks, population=True))


# ------------------------------------------------------- single-service comparisons
def _pct(p: float | None, ci: Any) -> str:
    """``"80% [70-90]"``: a share and its interval."""
    return f"{fmt.percent(p, 0, '-')} {fmt.interval(*ci, lambda v: fmt.percent(v, 0, suffix=''))}".strip()


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


# Means over runs in the comparison table (the demand and derived outcomes): (column, label, a share).
DEMAND_ROWS: tuple[tuple[str, str, bool], ...] = tuple(
    (s.name, f"{s.label} (mean)", s.share) for s in scope("run") if s.compare
)
SHARE_METRICS = frozenset(m for m, _, share in DEMAND_ROWS if share)


def _estimate_cell(iv: dict[str, Any], share: bool) -> str:
    """A mean with its interval: ``"80% [70-90]"``, ``"2.50% [2.00-3.00]"`` (small share), ``"1,234 [1,100-1,350]"``."""
    if share:
        value, lo, hi = iv["value"], iv["ci_low"], iv["ci_high"]
        digits = 2 if value is not None and value < 0.1 else 0
        interval = fmt.interval(lo, hi, lambda v: fmt.percent(v, digits, "-", ""))
        if fmt.percent(lo, digits) == fmt.percent(hi, digits) == fmt.percent(value, digits):
            interval = ""  # a constant
        return "-" if value is None else f"{fmt.percent(value, digits, '-')}{' ' + interval if interval else ''}"
    return f"{fmt.count(iv['value'], '-')} {_bounds(iv, 'count', lambda v, _: fmt.count(v, '-'))}".strip()


def compare_table(comparison: dict[str, Any], marks: bool = True) -> str:
    """The terminal form of a comparison: one column per scenario, then paired differences and log-rank tests.

    With ``marks`` false (too few replications), no difference is starred as significant.
    """
    lines, letters = _head(comparison, "scenario", f"{_level(comparison)} intervals in brackets ({METHODS})")
    failed = {n: s["failed"] for n, s in comparison["scenarios"].items() if s["failed"]}
    if failed:
        lines.append("  failed runs (left out): " + ", ".join(f"{letters[n]} {k}" for n, k in failed.items()))
    scen = list(comparison["scenarios"].values())
    rows = [
        (outcome_label(f"embedded_at_year_{y}"), [_pct(s["p_embedded_at"][y], s["p_embedded_at_ci"][y]) for s in scen])
        for y in ("5", "10", "15")
    ]
    rows.append(
        (outcome_label("running_at_end"), [_pct(s["p_running_at_end"], s["p_running_at_end_ci"]) for s in scen])
    )
    rows.append(("median years to embedded", [_median(s["time_to_embedded"]) for s in scen]))
    rows.append(("runs where a champion left", [str(s["departure_to_collapse"]["n"]) for s in scen]))
    rows.append(("median years leaving→collapse", [_median(s["departure_to_collapse"]) for s in scen]))
    if all("departure_to_last_course" in s for s in scen):
        rows.append(("median years leaving→last course", [_median(s["departure_to_last_course"]) for s in scen]))
    reach = (
        ("people_reached", f"{outcome_label('participants_total')} (mean)", False),
        ("cost_per_participant", outcome_label("cost_per_participant"), False),
    )
    for metric, label, share in (*reach, *DEMAND_ROWS):
        if all(metric in s for s in scen):
            rows.append((label, [_estimate_cell(s[metric], share) for s in scen]))
    lines += ["", *_grid(rows, list(letters.values()), 22)]
    return "\n".join(lines + _differences(comparison, letters, marks, population=False))
