"""Plotly figure builders shared by the trainers' app and the HTML reports.

Everything here is plain plotly (no Dash), takes plain data (series rows in
:data:`~journeysim.model.model.SERIES_COLUMNS` order, event dicts, arrays of
quantiles) and returns a ``go.Figure``. Colours come from the Okabe–Ito
palette, which stays distinguishable with the common colour-vision
deficiencies; every colour is doubled by a label, a line style or a marker
shape so that colour is never the only cue.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import plotly.graph_objects as go
from plotly.subplots import make_subplots

from journeysim.model.embeddedness import LEVELS
from journeysim.model.model import SERIES_COLUMNS
from journeysim.narrative import PHRASES, describe

# Okabe & Ito (2008), "Color Universal Design".
BLACK, ORANGE, SKY_BLUE, GREEN, YELLOW, BLUE, VERMILLION, PURPLE = (
    "#000000",
    "#E69F00",
    "#56B4E9",
    "#009E73",
    "#F0E442",
    "#0072B2",
    "#D55E00",
    "#CC79A7",
)
GREY = "#595959"
PALETTE = (BLUE, VERMILLION, GREEN, PURPLE, ORANGE, SKY_BLUE, BLACK, YELLOW)
ORIGINAL_COLOUR, REPLAY_COLOUR = BLUE, PURPLE
GREY_LIGHT = "#B3B3B3"
LEVEL_COLOURS = {"absent": GREY_LIGHT, "patchy": ORANGE, "fragile": SKY_BLUE, "embedded": GREEN}
FONT = "Atkinson Hyperlegible, Verdana, DejaVu Sans, Arial, sans-serif"

_COL = {name: i for i, name in enumerate(SERIES_COLUMNS)}


def rgba(hex_colour: str, alpha: float) -> str:
    """``"#0072B2"``, 0.2 -> ``"rgba(0,114,178,0.2)"``."""
    h = hex_colour.lstrip("#")
    r, g, b = (int(h[i : i + 2], 16) for i in (0, 2, 4))
    return f"rgba({r},{g},{b},{alpha})"


def band_traces(
    x: Sequence[Any],
    low: Sequence[float],
    high: Sequence[float],
    colour: str,
    alpha: float = 0.15,
    shape: str | None = None,
    legendgroup: str | None = None,
    name: str | None = None,
    showlegend: bool = False,
) -> list[go.Scatter]:
    """Two traces shading the area between ``low`` and ``high`` (add them in order: the fill goes to the first).

    ``name`` and ``showlegend`` label the shaded area in the legend; ``shape="hv"`` for step curves.
    """
    line = {"width": 0} if shape is None else {"width": 0, "shape": shape}
    common = {"x": list(x), "mode": "lines", "line": line, "hoverinfo": "skip", "legendgroup": legendgroup}
    upper = go.Scatter(y=list(high), showlegend=False, **common)
    lower = go.Scatter(
        y=list(low), fill="tonexty", fillcolor=rgba(colour, alpha), name=name, showlegend=showlegend, **common
    )
    return [upper, lower]


def month_date(yyyy_mm: str) -> str:
    """``"2016-03"`` -> ``"2016-03-01"`` (what plotly's date axes read unambiguously)."""
    return f"{yyyy_mm}-01" if len(yyyy_mm) == 7 else yyyy_mm


def calendar_dates(start_year: int, months: int) -> list[str]:
    """First-of-month dates for ``months`` months from January ``start_year``."""
    return [f"{start_year + m // 12:04d}-{m % 12 + 1:02d}-01" for m in range(months)]


# A small white template, built once (assigning plotly's own templates costs ~20 ms a figure).
TEMPLATE = go.layout.Template(
    layout={
        "paper_bgcolor": "white",
        "plot_bgcolor": "white",
        "xaxis": {
            "gridcolor": "#E5ECF6",
            "linecolor": "#444",
            "ticks": "outside",
            "zeroline": False,
            "automargin": True,
        },
        "yaxis": {
            "gridcolor": "#E5ECF6",
            "linecolor": "#444",
            "ticks": "outside",
            "zeroline": False,
            "automargin": True,
        },
    }
)


def apply_style(fig: go.Figure, height: int = 480, font_size: int = 18, title: str | None = None) -> go.Figure:
    """Large type, white background, Okabe–Ito colourway, legend below the plot."""
    fig.update_layout(
        height=height,
        template=TEMPLATE,
        font={"family": FONT, "size": font_size, "color": BLACK},
        colorway=list(PALETTE),
        margin={"l": 80, "r": 30, "t": 70 if title else 40, "b": 60},
        legend={"orientation": "h", "yanchor": "top", "y": -0.12, "xanchor": "left", "x": 0},
        hoverlabel={"font": {"size": font_size}},
    )
    if title:
        fig.update_layout(title={"text": title, "x": 0, "xanchor": "left"})
    return fig


# --------------------------------------------------------------- one journey
@dataclass(frozen=True)
class RunView:
    """One journey as drawn: its label, monthly rows, events and line style.

    Attributes:
        label: Shown in titles and legends (e.g. ``"This run: trainer_demo"``).
        rows: Monthly rows in :data:`SERIES_COLUMNS` order.
        events: Event dicts (``Event.to_dict()``).
        colour: Line colour of the level.
        dash: Plotly dash style (``"solid"``, ``"dash"``, ``"dot"``).

    """

    label: str
    rows: Sequence[tuple]
    events: Sequence[dict[str, Any]] = field(default_factory=list)
    colour: str = ORIGINAL_COLOUR
    dash: str = "solid"

    def column(self, name: str) -> list[Any]:
        """One series column as a list."""
        i = _COL[name]
        return [r[i] for r in self.rows]

    @property
    def dates(self) -> list[str]:
        """Calendar dates of the rows."""
        return [month_date(d) for d in self.column("date")]


@dataclass(frozen=True)
class EventGroup:
    """How one kind of event is marked on the level chart."""

    name: str
    symbol: str
    colour: str
    size: int
    offset: float


EVENT_GROUPS: tuple[EventGroup, ...] = (
    EventGroup("Interventions", "star", BLACK, 24, 0.32),
    EventGroup("Implementer leaves", "triangle-down", VERMILLION, 17, 0.2),
    EventGroup("Pivot point ▲", "triangle-up", GREEN, 15, 0.1),
    EventGroup("Pivot point ▼", "triangle-down-open", PURPLE, 15, -0.1),
    EventGroup("Shocks", "x", PURPLE, 15, -0.2),
    EventGroup("National events", "square", GREY, 12, -0.32),
)
_GROUPS = {g.name: g for g in EVENT_GROUPS}


def event_group(event: dict[str, Any]) -> str | None:
    """Which marker group an event belongs to (None: not marked, e.g. level changes)."""
    cat, kind = event["category"], event["kind"]
    if cat == "intervention":
        return "Interventions"
    if kind == "champion_left":
        return "Implementer leaves"
    if cat == "pivot":
        return "Pivot point ▲" if event["direction"] == "up" else "Pivot point ▼"
    if cat == "shock":
        return "Shocks"
    if cat == "national":
        return "National events"
    return None


def short_label(event: dict[str, Any]) -> str:
    """A few words for an event (used on vertical markers)."""
    title = PHRASES.get(event["kind"], event["kind"].replace("_", " "))
    return title.removeprefix("Intervention: ")


def _level_at(view: RunView, month: int) -> int:
    if not view.rows:
        return 0
    i = min(max(month, 0), len(view.rows) - 1)
    return int(view.rows[i][_COL["level_code"]])


def _add_level_panel(fig: go.Figure, view: RunView, row: int, col: int, first: bool) -> None:
    fig.add_trace(
        go.Scatter(
            x=view.dates,
            y=view.column("level_code"),
            mode="lines",
            line={"color": view.colour, "width": 5, "shape": "hv", "dash": view.dash},
            name="Level" if first else f"Level ({view.label})",
            customdata=view.column("level"),
            hovertemplate="%{x|%b %Y}: %{customdata}<extra></extra>",
        ),
        row=row,
        col=col,
    )
    shown = {e["month"] for e in view.events if e["month"] < len(view.rows)} if view.rows else set()
    for group in EVENT_GROUPS:
        evs = [e for e in view.events if event_group(e) == group.name and e["month"] in shown]
        fig.add_trace(
            go.Scatter(
                x=[month_date(e["date"]) for e in evs],
                y=[_level_at(view, e["month"]) + group.offset for e in evs],
                mode="markers",
                marker={
                    "symbol": group.symbol,
                    "color": group.colour,
                    "size": group.size,
                    "line": {"color": "white" if "open" not in group.symbol else group.colour, "width": 1.5},
                },
                name=group.name,
                legendgroup=group.name,
                showlegend=first,
                hovertext=[describe(e) for e in evs],
                hovertemplate="%{hovertext}<extra></extra>",
                meta={"kinds": [e["kind"] for e in evs], "months": [e["month"] for e in evs]},
            ),
            row=row,
            col=col,
        )


def _axis_suffix(row: int, col: int, cols: int) -> str:
    n = (row - 1) * cols + col
    return "" if n == 1 else str(n)


def _intervention_lines(
    fig: go.Figure, events: Sequence[dict[str, Any]], months: int, row: int, col: int, cols: int, label: bool = True
) -> None:
    """Dotted vertical lines (and a short label) at each intervention."""
    suffix = _axis_suffix(row, col, cols)
    shown = [e for e in events if e["category"] == "intervention" and e["month"] < months]
    for i, e in enumerate(shown):
        x = month_date(e["date"])
        fig.add_shape(
            type="line",
            x0=x,
            x1=x,
            y0=0,
            y1=1,
            xref=f"x{suffix}",
            yref=f"y{suffix} domain",
            line={"color": BLACK, "width": 2, "dash": "dot"},
            layer="above",
        )
        if label:
            fig.add_annotation(
                x=x,
                y=1.0 - 0.08 * (i % 3),
                xref=f"x{suffix}",
                yref=f"y{suffix} domain",
                text=short_label(e),
                showarrow=False,
                xanchor="left",
                yanchor="top",
                font={"size": 14},
                bgcolor="rgba(255,255,255,0.85)",
            )


def level_figure(views: Sequence[RunView], start_year: int, months: int, title: str | None = None) -> go.Figure:
    """The embeddedness level over calendar time, with the four bands and event markers.

    One panel per view, side by side with a shared level axis (the original
    run and its replay). The x axis spans the whole horizon, so the line
    grows as the months pass.
    """
    n = max(1, len(views))
    fig = make_subplots(
        rows=1,
        cols=n,
        shared_yaxes=True,
        horizontal_spacing=0.06,
        subplot_titles=[v.label for v in views] if n > 1 else None,
    )
    x_range = [f"{start_year:04d}-01-01", month_date(calendar_dates(start_year, months + 1)[-1][:7])]
    for col, view in enumerate(views, start=1):
        for i, level in enumerate(LEVELS):
            fig.add_hrect(
                y0=i - 0.5,
                y1=i + 0.5,
                fillcolor=rgba(LEVEL_COLOURS[level], 0.18),
                line_width=0,
                layer="below",
                row=1,
                col=col,
                exclude_empty_subplots=False,
            )
        _add_level_panel(fig, view, 1, col, first=col == 1)
        _intervention_lines(fig, view.events, len(view.rows), 1, col, n)
        fig.update_xaxes(range=x_range, type="date", row=1, col=col, showgrid=False)
    fig.update_yaxes(
        range=[-0.5, 3.5],
        tickvals=list(range(len(LEVELS))),
        ticktext=list(LEVELS),
        showgrid=False,
        zeroline=False,
        row=1,
        col=1,
    )
    fig.update_yaxes(range=[-0.5, 3.5], showgrid=False, zeroline=False, ticks="")
    apply_style(fig, height=460, title=title)
    fig.update_layout(hovermode="closest", uirevision="level")
    return fig


FEATURE_PANELS: tuple[tuple[str, tuple[tuple[str, str, str], ...]], ...] = (
    (
        "Teachers and implementers",
        (
            ("teachers", "Trained teachers", BLUE),
            ("trainees", "In training", SKY_BLUE),
            ("implementers", "Implementers", BLACK),
        ),
    ),
    ("Courses, last 12 months", (("courses_last_12", "Courses", GREEN),)),
    ("People reached, last 12 months", (("participants_last_12", "Participants", ORANGE),)),
    (
        "Money for MBCT (£)",
        (("recurrent_funding", "Recurrent a year", BLUE), ("one_off_funds", "One-off left", ORANGE)),
    ),
    (
        "Support at each level (0 to 1)",
        (
            ("mean_energy", "Champions' energy", BLACK),
            ("middle_alignment", "Middle manager", GREEN),
            ("senior_priority", "Senior leader", BLUE),
            ("guidance", "National guidance", PURPLE),
            ("fit", "Fit", ORANGE),
        ),
    ),
)


def rolling_sum(values: Sequence[float], window: int = 12) -> list[float]:
    """Sum over the last ``window`` values (fewer at the start)."""
    out, total = [], 0.0
    for i, v in enumerate(values):
        total += v
        if i >= window:
            total -= values[i - window]
        out.append(total)
    return out


def _feature_values(view: RunView, key: str) -> list[Any]:
    if key == "participants_last_12":
        return rolling_sum(view.column("participants"))
    if key == "guidance":
        return [min(1.0, g) for g in view.column("guidance")]
    return view.column(key)


def features_figure(views: Sequence[RunView], start_year: int, months: int, title: str | None = None) -> go.Figure:
    """The features behind the level, in panels stacked on one time axis, each with its own legend.

    Teachers, courses, people reached, money and support at each level. A
    replay is drawn over the original in the same colours with dashed lines.
    """
    rows = len(FEATURE_PANELS)
    fig = make_subplots(
        rows=rows,
        cols=1,
        shared_xaxes=True,
        subplot_titles=[p[0] for p in FEATURE_PANELS],
        vertical_spacing=0.055,
    )
    x_range = [f"{start_year:04d}-01-01", month_date(calendar_dates(start_year, months + 1)[-1][:7])]
    legends: dict[str, dict[str, Any]] = {}
    for p_i, (_, series) in enumerate(FEATURE_PANELS):
        legend = "legend" if p_i == 0 else f"legend{p_i + 1}"
        domain = fig.get_subplot(p_i + 1, 1).yaxis.domain
        legends[legend] = {
            "orientation": "v",
            "x": 1.01,
            "xanchor": "left",
            "y": domain[1],
            "yanchor": "top",
            "font": {"size": 15},
            "tracegroupgap": 2,
        }
        for v_i, view in enumerate(views):
            for key, name, colour in series:
                fig.add_trace(
                    go.Scatter(
                        x=view.dates,
                        y=_feature_values(view, key),
                        mode="lines",
                        line={"color": colour, "width": 3.5, "dash": "solid" if v_i == 0 else "dash"},
                        name=name,
                        legend=legend,
                        legendgroup=key,
                        showlegend=v_i == 0,
                        hovertemplate=f"{name}"
                        + (f" ({view.label})" if len(views) > 1 else "")
                        + ": %{y:,.2f}<extra></extra>",
                    ),
                    row=p_i + 1,
                    col=1,
                )
        if views:
            _intervention_lines(fig, views[0].events, len(views[0].rows), p_i + 1, 1, 1, label=False)
    if len(views) > 1 and title is None:
        title = "solid: " + views[0].label + " · dashed: " + " · ".join(v.label for v in views[1:])
    fig.update_xaxes(range=x_range, type="date", showgrid=False)
    fig.update_yaxes(rangemode="tozero", tickformat=",.0f", nticks=4)
    fig.update_yaxes(range=[0, 1.05], tickformat=".1f", row=rows, col=1)
    fig.update_yaxes(tickprefix="£", row=rows - 1, col=1)
    apply_style(fig, height=820, title=title, font_size=16)
    fig.update_annotations(font_size=17, xanchor="left", x=0)
    fig.update_layout(uirevision="features", margin={"r": 230, "b": 40}, **legends)
    return fig


# ---------------------------------------------------------- many journeys
def _fan_traces(
    fig: go.Figure,
    dates: Sequence[str],
    bands: dict[float, Sequence[float]],
    colour: str,
    name: str,
    row: int,
    col: int,
    showlegend: bool,
) -> None:
    for lo, hi, alpha, label in ((0.05, 0.95, 0.15, "90% of worlds"), (0.25, 0.75, 0.32, "middle half of worlds")):
        for trace in band_traces(
            dates, bands[lo], bands[hi], colour, alpha, legendgroup=f"{name}-{label}", name=label, showlegend=showlegend
        ):
            fig.add_trace(trace, row=row, col=col)
    fig.add_trace(
        go.Scatter(
            x=list(dates),
            y=list(bands[0.5]),
            mode="lines",
            line={"color": colour, "width": 3},
            name="median",
            showlegend=showlegend,
            hovertemplate="median %{y:,.1f}<extra></extra>",
        ),
        row=row,
        col=col,
    )


def fan_figure(
    dates: Sequence[str],
    bands: dict[float, Sequence[float]],
    y_title: str,
    overlays: Sequence[tuple[str, Sequence[str], Sequence[float], str, str]] = (),
    title: str | None = None,
    n_runs: int | None = None,
    level_axis: bool = False,
) -> go.Figure:
    """A fan chart: median and 50% / 90% bands over many worlds, with runs drawn over it.

    Args:
        dates: Calendar dates of the months.
        bands: Quantile (0.05, 0.25, 0.5, 0.75, 0.95) -> values per month.
        y_title: What is plotted.
        overlays: ``(label, dates, values, colour, dash)`` lines to draw over the fan.
        title: Figure title.
        n_runs: Number of worlds behind the bands (shown in the legend).
        level_axis: Label the y axis with the level names.

    """
    fig = make_subplots(rows=1, cols=1)
    _fan_traces(fig, dates, bands, SKY_BLUE if overlays else BLUE, "fan", 1, 1, True)
    for label, x, y, colour, dash in overlays:
        fig.add_trace(
            go.Scatter(
                x=list(x),
                y=list(y),
                mode="lines",
                line={"color": colour, "width": 4, "dash": dash, "shape": "hv"},
                name=label,
                hovertemplate=f"{label}: " + "%{y:,.1f}<extra></extra>",
            )
        )
    fig.update_yaxes(title_text=y_title, rangemode="tozero")
    if level_axis:
        fig.update_yaxes(range=[-0.2, 3.2], tickvals=list(range(len(LEVELS))), ticktext=list(LEVELS))
    fig.update_xaxes(type="date", showgrid=False)
    if n_runs:
        fig.add_annotation(
            text=f"bands: {n_runs} worlds",
            xref="paper",
            yref="paper",
            x=1,
            y=1.02,
            showarrow=False,
            xanchor="right",
            yanchor="bottom",
            font={"size": 15, "color": GREY},
        )
    apply_style(fig, height=460, title=title)
    return fig


def _panels(titles: list[str], max_cols: int = 3) -> tuple[go.Figure, int, int]:
    """A grid of panels with shared axes, one per title, at most ``max_cols`` wide."""
    cols = min(max(1, len(titles)), max_cols)
    rows = (len(titles) + cols - 1) // cols
    fig = make_subplots(
        rows=rows,
        cols=cols,
        subplot_titles=titles,
        shared_yaxes=True,
        shared_xaxes=True,
        horizontal_spacing=0.04,
        vertical_spacing=0.12,
    )
    return fig, rows, cols


def fan_grid(
    panels: dict[str, tuple[Sequence[str], dict[float, Sequence[float]]]],
    y_title: str,
    title: str | None = None,
    font_size: int = 14,
) -> go.Figure:
    """Fan charts side by side, one per scenario or strategy, on a shared y axis."""
    fig, rows, cols = _panels(list(panels))
    for i, (name, (dates, bands)) in enumerate(panels.items()):
        r, c = divmod(i, cols)
        _fan_traces(fig, dates, bands, PALETTE[i % len(PALETTE)], name, r + 1, c + 1, i == 0)
    fig.update_yaxes(rangemode="tozero")
    fig.update_yaxes(title_text=y_title, col=1)
    fig.update_xaxes(type="date", showgrid=False)
    apply_style(fig, height=300 + 260 * rows, title=title, font_size=font_size)
    fig.update_layout(legend={"y": -0.15 / rows})
    return fig


def level_share_figure(
    panels: dict[str, tuple[Sequence[str], dict[str, Sequence[float]]]], title: str | None = None, font_size: int = 14
) -> go.Figure:
    """Share of worlds at each level over calendar time (stacked), one panel per scenario."""
    fig, rows, cols = _panels(list(panels))
    for i, (_, (dates, shares)) in enumerate(panels.items()):
        r, c = divmod(i, cols)
        for level in LEVELS:
            fig.add_trace(
                go.Scatter(
                    x=list(dates),
                    y=list(shares[level]),
                    mode="lines",
                    stackgroup=f"s{i}",
                    line={"width": 0.5, "color": LEVEL_COLOURS[level]},
                    fillcolor=rgba(LEVEL_COLOURS[level], 0.75),
                    name=level,
                    legendgroup=level,
                    showlegend=i == 0,
                    hovertemplate=f"{level}: " + "%{y:.0%}<extra></extra>",
                ),
                row=r + 1,
                col=c + 1,
            )
    fig.update_yaxes(range=[0, 1], tickformat=".0%")
    fig.update_yaxes(title_text="share of worlds", col=1)
    fig.update_xaxes(type="date", showgrid=False)
    apply_style(fig, height=300 + 260 * rows, title=title, font_size=font_size)
    fig.update_layout(legend={"y": -0.15 / rows, "traceorder": "normal"})
    return fig


def km_figure(
    curves: dict[str, dict[str, Sequence[float]]],
    x_title: str,
    y_title: str,
    title: str | None = None,
    font_size: int = 14,
) -> go.Figure:
    """Kaplan–Meier curves with 95% confidence bands.

    Args:
        curves: label -> ``{"t": months, "s": estimate, "lo": lower, "hi": upper}``.
        x_title: Time axis title.
        y_title: Estimate axis title.
        title: Figure title.
        font_size: Base font size.

    """
    fig = go.Figure()
    dashes = ("solid", "dash", "dot", "dashdot", "longdash", "longdashdot")
    for i, (label, c) in enumerate(curves.items()):
        colour = PALETTE[i % len(PALETTE)]
        years = [t / 12 for t in c["t"]]
        fig.add_traces(band_traces(years, c["lo"], c["hi"], colour, 0.15, shape="hv", legendgroup=label))
        fig.add_trace(
            go.Scatter(
                x=years,
                y=list(c["s"]),
                mode="lines",
                name=label,
                legendgroup=label,
                line={"color": colour, "width": 3, "shape": "hv", "dash": dashes[i % len(dashes)]},
                hovertemplate=f"{label}: " + "%{y:.0%} at %{x:.1f} years<extra></extra>",
            )
        )
    fig.update_xaxes(title_text=x_title, rangemode="tozero")
    fig.update_yaxes(title_text=y_title, range=[0, 1.02], tickformat=".0%")
    apply_style(fig, height=460, title=title, font_size=font_size)
    return fig


def pair_label(row: dict[str, Any], direction: str = "") -> str:
    """How one paired difference reads: ``"B − A"`` for ``b - a``, ``"A − B"`` for ``a - b``, else ``"A vs B"``."""
    d = direction.replace(" ", "").lower()
    if d.startswith("b-a"):
        return f"{row['b']} − {row['a']}"
    if d.startswith("a-b"):
        return f"{row['a']} − {row['b']}"
    return f"{row['a']} vs {row['b']}"


def differences_figure(
    rows: Sequence[dict[str, Any]], title: str | None = None, font_size: int = 14, direction: str = ""
) -> go.Figure:
    """Paired differences with confidence intervals: one panel (with its own scale) per metric.

    Args:
        rows: ``{metric, a, b, diff, ci_low, ci_high}`` (and optionally ``label``).
        title: Figure title.
        font_size: Base font size.
        direction: What ``diff`` is, e.g. ``"b - a"``; used to label each pair.

    """
    metrics = list(dict.fromkeys(r["metric"] for r in rows))
    labels = {r["metric"]: str(r.get("label") or r["metric"]) for r in rows}
    n = max(1, len(metrics))
    fig = make_subplots(
        rows=n, cols=1, subplot_titles=[labels[m] for m in metrics] or None, vertical_spacing=min(0.12, 0.6 / n)
    )
    for i, metric in enumerate(metrics, start=1):
        mine = [r for r in rows if r["metric"] == metric]
        fig.add_trace(
            go.Scatter(
                x=[r["diff"] for r in mine],
                y=[pair_label(r, direction) for r in mine],
                mode="markers",
                marker={"size": 14, "color": BLUE, "symbol": "diamond"},
                error_x={
                    "type": "data",
                    "symmetric": False,
                    "array": [max(0.0, r["ci_high"] - r["diff"]) for r in mine],
                    "arrayminus": [max(0.0, r["diff"] - r["ci_low"]) for r in mine],
                    "thickness": 3,
                    "width": 8,
                    "color": BLUE,
                },
                name=labels[metric],
                showlegend=False,
                hovertemplate="%{y}: %{x:.3g}<extra>" + labels[metric] + "</extra>",
            ),
            row=i,
            col=1,
        )
        fig.add_vline(x=0, line={"color": GREY, "dash": "dash"}, row=i, col=1)
    fig.update_yaxes(automargin=True, type="category")
    apply_style(fig, height=110 + 120 * n, title=title, font_size=font_size)
    fig.update_annotations(font_size=font_size + 1, xanchor="left", x=0)
    return fig


def heatmap_figure(
    z: Sequence[Sequence[float | None]],
    x_labels: Sequence[str],
    y_labels: Sequence[str],
    x_title: str,
    y_title: str,
    z_title: str,
    title: str | None = None,
    percent: bool = False,
    counts: Sequence[Sequence[int]] | None = None,
    font_size: int = 14,
) -> go.Figure:
    """An outcome over two swept parameters (cividis: readable with colour-vision deficiencies)."""
    fmt = "{:.0%}" if percent else "{:,.3g}"
    text = [
        [
            ("" if v is None or v != v else fmt.format(v)) + (f"<br>n={counts[i][j]}" if counts is not None else "")
            for j, v in enumerate(row)
        ]
        for i, row in enumerate(z)
    ]
    fig = go.Figure(
        go.Heatmap(
            z=[list(r) for r in z],
            x=list(x_labels),
            y=list(y_labels),
            colorscale="Cividis",
            colorbar={"title": {"text": z_title}, "tickformat": ".0%" if percent else ""},
            text=text,
            texttemplate="%{text}",
            hovertemplate=f"{x_title}=%{{x}}<br>{y_title}=%{{y}}<br>{z_title}=%{{z:.3g}}<extra></extra>",
            zmin=0 if percent else None,
            zmax=1 if percent else None,
        )
    )
    fig.update_xaxes(title_text=x_title, type="category")
    fig.update_yaxes(title_text=y_title, type="category")
    apply_style(fig, height=460, title=title, font_size=font_size)
    return fig


def probability_bars(
    data: dict[str, dict[str, float]], x_title: str, title: str | None = None, font_size: int = 14
) -> go.Figure:
    """Grouped bars: a probability per scenario at several horizons (e.g. embedded at 5, 10, 15 years)."""
    fig = go.Figure()
    patterns = ("", "/", ".", "x", "\\", "+")
    for i, (name, values) in enumerate(data.items()):
        fig.add_trace(
            go.Bar(
                x=list(values),
                y=list(values.values()),
                name=name,
                marker={"color": PALETTE[i % len(PALETTE)], "pattern": {"shape": patterns[i % len(patterns)]}},
                text=[f"{v:.0%}" if v is not None else "" for v in values.values()],
                textposition="outside",
                hovertemplate=f"{name}: " + "%{y:.0%}<extra></extra>",
            )
        )
    fig.update_layout(barmode="group")
    fig.update_yaxes(range=[0, 1.1], tickformat=".0%")
    fig.update_xaxes(title_text=x_title, type="category")
    apply_style(fig, height=420, title=title, font_size=font_size)
    return fig
