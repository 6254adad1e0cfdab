"""Plotly figures of a population run (``journeysim nation``) and of comparisons of population scenarios.

The builders take the tables of a :class:`~journeysim.runs.NationResult` or the dict of
:func:`journeysim.analysis.nation.summarize_nations`. Each nation's line has its own dash
style, so colour is never the only cue; empty tables give a figure with a note, not an error.
"""

from __future__ import annotations

import html
import math
from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from journeysim.outcomes import scope
from journeysim.outcomes.formats import finite
from journeysim.presentation.style import (
    BLACK,
    BLUE,
    GREY,
    LEVEL_COLOURS,
    PALETTE,
    PATTERNS,
    apply_style,
    error_bars,
    note,
    rgba,
)
from journeysim.presentation.text import population_metrics, scenario_order, with_interval
from journeysim.vocabulary import LEVELS, NATION_NAMES, NATIONS

ALL = "uk"
FONT_SIZE = 14
DASHES = ("dash", "dot", "dashdot", "longdash")


def _values(series: pd.Series, scale: float = 1.0) -> list[float | None]:
    """Numbers as a list for plotly, with missing values as ``None`` (gaps)."""
    numeric = pd.to_numeric(series, errors="coerce").astype(float)
    return [None if not math.isfinite(v) else scale * v for v in numeric]


def _note(fig: go.Figure, text: str) -> go.Figure:
    """Write ``text`` across the middle of an empty plot."""
    note(fig, text, font={"size": FONT_SIZE + 2})
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    return fig


def nation_name(nation: str) -> str:
    """``"northern_ireland"`` -> ``"Northern Ireland"``; ``"uk"`` -> ``"All services"``."""
    return NATION_NAMES.get(nation, nation.replace("_", " ").title())


def _nation_order(nations: list[str]) -> list[str]:
    """All services first, then the nations in their usual order, then anything else."""
    known = [n for n in (ALL, *NATIONS) if n in nations]
    return known + [n for n in nations if n not in known]


# --------------------------------------------------------------- levels over time
def level_shares_figure(yearly: pd.DataFrame, nation: str = "uk", title: str | None = None) -> go.Figure:
    """Share of services at each level at the end of each year, stacked to 100%.

    ``yearly`` is the run's yearly table; ``nation`` is ``"uk"`` for all services, or one nation.
    """
    fig = go.Figure()
    own = yearly[yearly["nation"] == nation].sort_values("year") if len(yearly) else yearly
    if own.empty:
        return apply_style(_note(fig, f"No yearly results for {nation_name(nation)}"), 380, FONT_SIZE, title)
    years = own["year"].astype(int).tolist()
    services = own["services"].astype(int).tolist() if "services" in own else [None] * len(years)
    for level in LEVELS:
        shares = _values(own[f"share_{level}"].fillna(0.0), 100.0)
        counts = [None if s is None or n is None else round(s * n / 100) for s, n in zip(shares, services, strict=True)]
        fig.add_trace(
            go.Scatter(
                x=years,
                y=shares,
                mode="lines",
                stackgroup="levels",
                name=level,
                line={"width": 0.5, "color": LEVEL_COLOURS[level]},
                fillcolor=rgba(LEVEL_COLOURS[level], 0.8),
                customdata=counts,
                hovertemplate=f"%{{x}} {level}: " + "%{y:.1f}% (%{customdata} services)<extra></extra>",
            )
        )
    fig.update_yaxes(range=[0, 100], ticksuffix="%", title_text="share of services")
    fig.update_xaxes(tickformat="d", showgrid=False)  # calendar years
    apply_style(fig, height=420, title=title, font_size=FONT_SIZE)
    fig.update_layout(legend={"traceorder": "normal"})
    return fig


def nations_figure(yearly: pd.DataFrame, column: str, label: str, title: str | None = None) -> go.Figure:
    """One line per nation of ``column`` over the years, with a thicker black line for all services.

    Columns named ``share_*`` are drawn in percent. Years with no value (e.g. the Gini
    of a nation where nobody was reached) are gaps in the line.
    """
    fig = go.Figure()
    if yearly.empty or column not in yearly:
        if len(yearly):
            raise KeyError(f"{column}: not a column of the yearly table")
        return apply_style(_note(fig, "No yearly results"), 380, FONT_SIZE, title)
    percent = column.startswith("share_")
    nations = _nation_order(list(dict.fromkeys(yearly["nation"])))
    number = "%{y:.1f}%" if percent else "%{y:,.3g}"
    for i, nation in enumerate(nations):
        own = yearly[yearly["nation"] == nation].sort_values("year")
        whole = nation == ALL
        colour = BLACK if whole else PALETTE[(i - 1) % len(PALETTE)]
        # the label comes from the caller: it is text, not plotly markup
        hover = f"{nation_name(nation)}, %{{x}}: {number}<extra>{html.escape(label)}</extra>"
        fig.add_trace(
            go.Scatter(
                x=own["year"].astype(int).tolist(),
                y=_values(own[column], 100.0 if percent else 1.0),
                mode="lines+markers",
                name=nation_name(nation),
                line={"color": colour, "width": 5 if whole else 2.5, "dash": "solid" if whole else DASHES[i % 4]},
                marker={"size": 7 if whole else 6, "symbol": "circle" if whole else i % 5 + 1},
                hovertemplate=hover,
            )
        )
    fig.update_yaxes(title_text=html.escape(label), rangemode="tozero", ticksuffix="%" if percent else "")
    fig.update_xaxes(tickformat="d", showgrid=False)  # calendar years
    return apply_style(fig, height=420, title=title, font_size=FONT_SIZE)


# --------------------------------------------------------------- inequality
def curve_gini(x: list[float | None], y: list[float | None]) -> float:
    """Gini coefficient from a concentration curve: 1 - 2 × the area under it (NaN if the curve is undefined)."""
    xs, ys = np.array(x, dtype=float), np.array(y, dtype=float)  # None reads as NaN
    if len(xs) < 2 or len(xs) != len(ys) or not (np.isfinite(xs).all() and np.isfinite(ys).all()):
        return float("nan")
    return float(1.0 - 2.0 * np.trapezoid(ys, xs))


def lorenz_figure(lorenz: dict[str, list[float]], title: str | None = None, gini: float | None = None) -> go.Figure:
    """Concentration curve of people reached per head, with the line of equal access and the Gini.

    ``lorenz`` is ``{"x": cumulative share of people, "y": cumulative share of people reached}``, services
    from least to most reached per head (``y`` ``None`` when nobody was reached); ``gini`` is printed
    (computed from the curve when not given).
    """
    x = list(lorenz.get("x") or [])
    y = list(lorenz.get("y") or [])
    value = curve_gini(x, y) if gini is None else gini
    fig = go.Figure()
    fig.add_trace(
        go.Scatter(
            x=[0.0, 1.0],
            y=[0.0, 1.0],
            mode="lines",
            name="equal access",
            line={"color": GREY, "width": 2, "dash": "dash"},
            hoverinfo="skip",
        )
    )
    defined = bool(y) and any(v is not None and math.isfinite(v) for v in y)
    if defined:
        fig.add_trace(
            go.Scatter(
                x=x,
                y=[None if v is None or not math.isfinite(v) else v for v in y],
                mode="lines",
                name="concentration curve",
                line={"color": BLUE, "width": 3},
                fill="tonexty",
                fillcolor=rgba(BLUE, 0.15),
                hovertemplate="poorest-served %{x:.0%} of people: %{y:.1%} of those reached<extra></extra>",
            )
        )
    if finite(value) is not None:
        text = f"Gini {value:.2f}"
    else:
        text = "Gini not defined" if defined else "Gini not defined: nobody was reached"
    corner = {"xref": "x", "yref": "y", "xanchor": "left", "yanchor": "top", "bgcolor": "rgba(255,255,255,0.85)"}
    note(fig, text, 0.04, 0.96, font={"size": FONT_SIZE + 4}, **corner)
    fig.update_xaxes(
        title_text="share of people, services from least to most reached per head",
        range=[0, 1],
        tickformat=".0%",
        constrain="domain",
    )
    fig.update_yaxes(
        title_text="share of people reached", range=[0, 1], tickformat=".0%", scaleanchor="x", constrain="domain"
    )
    apply_style(fig, height=560, title=title, font_size=FONT_SIZE)
    fig.update_layout(legend={"y": -0.2})  # below the axis title
    return fig


# --------------------------------------------------------------- every service
def _level_colourscale() -> list[list[Any]]:
    """A stepped colour scale: one flat band per level code 0..3."""
    return [[(k + end) / len(LEVELS), LEVEL_COLOURS[level]] for k, level in enumerate(LEVELS) for end in (0, 1)]


def service_order(service_years: pd.DataFrame) -> list[str]:
    """Services grouped by nation; within a nation, highest final level first, then most teachers, then name."""
    last = service_years.sort_values("year").groupby("service", sort=False).tail(1)
    rank = {n: i for i, n in enumerate(_nation_order(list(dict.fromkeys(last["nation"]))))}
    last = last.assign(_nation=last["nation"].map(rank))
    last = last.sort_values(["_nation", "level_code", "teachers", "service"], ascending=[True, False, False, True])
    return last["service"].tolist()


def services_figure(service_years: pd.DataFrame, title: str | None = None) -> go.Figure:
    """Every service's level at the end of each year: one row per service, grouped by nation.

    Within a nation, services that ended highest are on top. Hovering shows the
    service, year, level and trained teachers.
    """
    fig = go.Figure()
    if service_years.empty:
        return apply_style(_note(fig, "No services to show"), 380, FONT_SIZE, title)
    order = service_order(service_years)
    years = sorted(int(y) for y in service_years["year"].unique())
    codes = service_years.pivot_table(index="service", columns="year", values="level_code", aggfunc="last")
    teachers = service_years.pivot_table(index="service", columns="year", values="teachers", aggfunc="last")
    codes, teachers = codes.reindex(index=order, columns=years), teachers.reindex(index=order, columns=years)
    z = [[None if pd.isna(v) else int(v) for v in row] for row in codes.to_numpy()]
    level_names = [["" if v is None else LEVELS[v] for v in row] for row in z]
    fig.add_trace(
        go.Heatmap(
            z=z,
            x=years,
            y=order,
            text=level_names,
            customdata=[[None if pd.isna(v) else int(v) for v in row] for row in teachers.to_numpy()],
            hovertemplate="%{y}, %{x}: %{text}<br>teachers: %{customdata}<extra></extra>",
            colorscale=_level_colourscale(),
            zmin=-0.5,
            zmax=len(LEVELS) - 0.5,
            xgap=1,
            colorbar={
                "title": {"text": "level"},
                "tickvals": list(range(len(LEVELS))),
                "ticktext": list(LEVELS),
                "lenmode": "pixels",
                "len": 220,
                "y": 1,
                "yanchor": "top",
            },
        )
    )
    nation_of = service_years.drop_duplicates("service").set_index("service")["nation"]
    nations = [nation_of[s] for s in order]
    start = 0
    for nation in dict.fromkeys(nations):
        size = nations.count(nation)
        left = {"yref": "y", "xanchor": "right", "xshift": -8, "font": {"size": FONT_SIZE}}
        note(fig, f"{nation_name(nation)} ({size})", 0, start + (size - 1) / 2, **left)
        if start:
            fig.add_hline(y=start - 0.5, line={"color": BLACK, "width": 2})
        start += size
    fig.update_yaxes(autorange="reversed", showticklabels=False, ticks="", showgrid=False, type="category")
    fig.update_xaxes(tickformat="d", showgrid=False)  # calendar years
    apply_style(fig, height=max(360, 160 + 4 * len(order)), title=title, font_size=FONT_SIZE)
    fig.update_layout(margin={"l": 170})
    return fig


# --------------------------------------------------------------- comparisons
def metric_info(comparison: dict[str, Any], metric: str) -> tuple[str, str]:
    """The label and kind (``share``, ``count``, ``money``, ``index``) of a metric of a population comparison."""
    for name, label, kind in population_metrics(comparison):
        if name == metric:
            return label, kind
    declared = next((s for s in scope("population") if s.matches(metric)), None)
    return (declared.label, declared.kind) if declared else (metric.replace("_", " "), "count")


def comparison_bars(comparison: dict[str, Any], metric: str) -> go.Figure:
    """One horizontal bar per scenario for one metric of a population comparison, with its confidence interval.

    Each bar is labelled with its mean and interval beyond the whisker; scenarios are in the comparison's order,
    top to bottom. Shares are drawn in percent.
    """
    label, kind = metric_info(comparison, metric)
    scenarios = comparison.get("scenarios") or {}
    names = scenario_order(comparison)
    fig = go.Figure()
    title = html.escape(label[0].upper() + label[1:] if label else metric)
    if not names:
        return apply_style(_note(fig, "No scenarios to compare"), 300, FONT_SIZE, title)
    scale = 100.0 if kind == "share" else 1.0
    level = comparison.get("confidence")
    ci = f"{float(level):.0%}" if finite(level) is not None else "confidence"
    reach, floor = 0.0, 0.0
    for i, name in enumerate(names):
        stats = scenarios[name].get(metric) or {}
        value, low, high = (finite(stats.get(k)) for k in ("value", "ci_low", "ci_high"))
        v = None if value is None else scale * value
        up = scale * high - v if v is not None and high is not None else 0.0
        down = v - scale * low if v is not None and low is not None else 0.0
        text = with_interval(stats, kind)
        shown = html.escape(name)  # scenario names are text, not plotly markup
        end = (v or 0.0) + max(0.0, up)
        reach, floor = max(reach, end), min(floor, (v or 0.0) - max(0.0, down))
        fig.add_trace(
            go.Bar(
                x=[v],
                y=[shown],
                orientation="h",
                name=shown,
                marker={
                    "color": PALETTE[i % len(PALETTE)],
                    "pattern": {"shape": PATTERNS[i % len(PATTERNS)], "fillmode": "overlay", "fgcolor": "white"},
                    "line": {"color": BLACK, "width": 1},
                },
                error_x=error_bars([max(0.0, up)], [max(0.0, down)], BLACK, 2.5),
                hovertemplate=f"{shown}: {text}<extra></extra>",
                showlegend=False,
            )
        )
        fig.add_annotation(
            x=end, y=shown, text=text, xanchor="left", xshift=8, showarrow=False, font={"size": FONT_SIZE}
        )
    fig.update_yaxes(type="category", autorange="reversed", showgrid=False)
    fig.update_xaxes(
        range=[1.1 * floor, 1.45 * reach if reach > 0 else 1],  # room on the right for the labels
        ticksuffix="%" if kind == "share" else "",
        tickprefix="£" if kind == "money" else "",
    )
    subtitle = f"mean over replications with {ci} interval"
    return apply_style(
        fig, height=150 + 60 * len(names), title=f"{title}<br><sup>{subtitle}</sup>", font_size=FONT_SIZE
    )
