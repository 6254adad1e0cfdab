"""The nation view's headline numbers, and the new run beside the previous one (or a kept baseline).

A run is summarised by its final-year numbers for all services (level
shares, the share with nobody trained, people reached per 100,000 and the
Gini coefficient of access) and a plain description of its levers. The
summaries are small and kept in the tab's store, so the comparison costs no
server memory and is redrawn without running again.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
from dash import html

from journeysim.dashboard.nation_controls import lever_names, plain_label
from journeysim.nation.outputs import ALL
from journeysim.outcomes import label
from journeysim.outcomes.formats import MISSING, count, decimal, finite, money, percent, signed
from journeysim.parameters import PARAMETERS
from journeysim.presentation.nation_figures import nation_name
from journeysim.runs import NationResult
from journeysim.scenario import Scenario
from journeysim.vocabulary import LEVELS

# (key, what it means, kind): kind "share" is shown in %, differences in percentage points.
METRICS: tuple[tuple[str, str, str], ...] = (
    *((f"share_{lv}", f"services {lv}", "share") for lv in LEVELS),
    ("share_no_teacher", "services with nobody trained", "share"),
    ("participants_per_100k", "people reached a year per 100,000", "number"),
    ("gini", "Gini coefficient of access (0 = equal)", "gini"),
)
BASELINES = (("the previous run", "previous"), ("the kept baseline", "kept"))  # (label, value)
HEADLINES: tuple[tuple[str, str], ...] = (
    ("participants", "people reached"),
    ("relapses_prevented", "depressive relapses prevented"),
    ("cost_per_participant", "spent per participant"),
    ("policy_money", "national policy money"),
    ("teachers", "trained teachers at the end"),
    ("share_embedded", label("share_embedded_final", "population")),
)


def lever_text(scenario: Scenario, base: Scenario) -> str:
    """The levers moved from the population scenario's own values, in plain words."""
    moved = [n for n in lever_names() if scenario.parameters[n] != base.parameters[n]]
    if not moved:
        return "the scenario's own levers"
    return "; ".join(f"{plain_label(n)}: {_value(scenario.parameters[n], n)}" for n in moved)


def _value(value: Any, name: str = "") -> str:
    if name and PARAMETERS[name].kind == "choice":  # the nations, as their dropdown names them
        return "All nations" if value == "all" else nation_name(str(value))
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int | float) and float(value).is_integer():
        return f"{value:,.0f}" if abs(value) >= 10_000 else f"{value:.0f}"  # years stay 2016, not 2,016
    return f"{value:g}" if isinstance(value, float) else str(value)


def _final_year(yearly: pd.DataFrame) -> pd.Series | None:
    uk = yearly[yearly["nation"] == ALL].sort_values("year")
    return uk.iloc[-1] if len(uk) else None


def run_summary(yearly: pd.DataFrame, scenario: Scenario, base: Scenario, seed: int, number: int) -> dict[str, Any]:
    """A run's final-year numbers for all services, and what was set, as a small JSON-ready dict."""
    last = _final_year(yearly)
    values: dict[str, float | None] = {}
    for key, _, _ in METRICS:
        raw = None if last is None else last.get(key)
        values[key] = None if raw is None or pd.isna(raw) else float(raw)
    year = None if last is None else int(last["year"])
    return {
        "number": number,
        "label": f"Run {number}",
        "levers": lever_text(scenario, base),
        "seed": seed,
        "year": year,
        "values": values,
    }


def _fmt(kind: str, value: float | None) -> str:
    if kind == "share":
        return percent(value, 0)
    return decimal(value, 3) if kind == "gini" else count(value)


def _diff(kind: str, new: float | None, old: float | None) -> str:
    if new is None or old is None:
        return MISSING
    scale, digits = {"share": (100, 1), "gini": (1, 3)}.get(kind, (1, 0))
    if round(scale * (new - old), digits) == 0:
        return "no change"
    return signed(new - old, digits, scale) + (" points" if kind == "share" else "")


def comparison(store: dict[str, Any] | None, choice: str = "previous") -> list[Any]:
    """The comparison table (or a line saying there is nothing to compare yet)."""
    current = (store or {}).get("current")
    if not current:
        return []
    # The run to compare with: the kept baseline if chosen and set, else the previous run.
    base = store["kept"] if choice == "kept" and store.get("kept") else store.get("previous")
    if base is None:
        what = "a kept baseline" if choice == "kept" else "a previous run"
        return [html.P(f"Move a lever and press Run again to compare with {what}.", className="hint")]
    titles = ("final year, all services", f"{base['label']} (baseline)", current["label"], "difference")
    head = html.Tr([html.Th(title, scope="col") for title in titles])
    rows = []
    for key, meaning, kind in METRICS:
        old, new = base["values"].get(key), current["values"].get(key)
        cells = [html.Th(meaning, scope="row"), html.Td(_fmt(kind, old)), html.Td(_fmt(kind, new))]
        rows.append(html.Tr([*cells, html.Td(_diff(kind, new, old), className="diff")], id=f"nation-compare-{key}"))
    notes = html.Ul(
        [
            html.Li(f"{base['label']} (baseline), seed {base['seed']}: {base['levers']}."),
            html.Li(f"{current['label']}, seed {current['seed']}: {current['levers']}."),
        ],
        className="compare-notes",
    )
    return [html.Table([html.Thead(head), html.Tbody(rows)], className="compare-table"), notes]


def next_store(store: dict[str, Any] | None, summary: dict[str, Any], extra: dict[str, Any]) -> dict[str, Any]:
    """The tab's store after a run: the new run is current, the one before it previous, the kept baseline kept."""
    old = store or {}
    return {**extra, "current": summary, "previous": old.get("current"), "kept": old.get("kept")}


# ------------------------------------------------------------------ headline numbers
def headline_values(result: NationResult) -> dict[str, float | None]:
    """The headline numbers of a run (see :data:`HEADLINES`)."""
    o = result.outcomes
    last = _final_year(result.yearly)
    return {
        "participants": o.get("participants_total"),
        "relapses_prevented": o.get("relapses_prevented_total"),
        "cost_per_participant": o.get("cost_per_participant"),
        "policy_money": o.get("policy_money_total"),
        "teachers": None if last is None else int(last["teachers"]),
        "share_embedded": o.get("share_embedded_final"),
    }


def _money(value: float) -> str:
    return f"£{decimal(value / 1e6)}m" if abs(value) >= 1e6 else money(value)


def format_headline(key: str, value: float | None) -> str:
    """A headline number in words and digits (``"—"`` when there is none)."""
    if finite(value) is None:
        return MISSING
    if key in ("cost_per_participant", "policy_money"):
        return _money(float(value))
    return percent(value, 0) if key == "share_embedded" else count(value)


def headline_items(values: dict[str, float | None]) -> list[html.Li]:
    """The headline numbers as list items: the number large, its meaning below."""
    return [
        html.Li(
            [html.Span(format_headline(key, values.get(key)), className="headline-value"), html.Span(label)],
            id=f"nation-headline-{key}",
            className="headline",
        )
        for key, label in HEADLINES
    ]
