"""Figures of one journey (the trainers' app and its HTML export): the level over time and the features behind it.

Plain plotly: the builders take series rows in
:data:`~journeysim.model.model.SERIES_COLUMNS` order and event dicts, and
return a ``go.Figure``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import plotly.graph_objects as go
from plotly.subplots import make_subplots

from journeysim.model.model import SERIES_COLUMNS
from journeysim.presentation.narrative import PHRASES, plain
from journeysim.presentation.style import (
    BLACK,
    BLUE,
    GREEN,
    GREY,
    LEVEL_BAND_ALPHA,
    LEVEL_COLOURS,
    ORANGE,
    ORIGINAL_COLOUR,
    PURPLE,
    SKY_BLUE,
    VERMILLION,
    apply_style,
    month_date,
    note,
    rgba,
)
from journeysim.vocabulary import LEVELS

_COL = {name: i for i, name in enumerate(SERIES_COLUMNS)}
NOT_STARTED = "The lines grow as the months pass: press Play or Step."  # why the axes are empty before month one


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
        return [r[_COL[name]] for r in self.rows]

    @property
    def dates(self) -> list[str]:
        """Calendar dates of the rows."""
        return [month_date(d) for d in self.column("date")]


@dataclass(frozen=True)
class EventGroup:
    """How one kind of event is marked on the level chart, and which events it marks."""

    name: str
    symbol: str
    colour: str
    size: int
    offset: float
    marks: Callable[[dict[str, Any]], bool]


def _is(category: str, up: bool | None = None) -> Callable[[dict[str, Any]], bool]:
    """Events of ``category`` (and, when ``up`` is given, going up or not)."""
    return lambda e: e["category"] == category and (up is None or (e["direction"] == "up") == up)


EVENT_GROUPS: tuple[EventGroup, ...] = (  # an event is marked by the first group that marks it
    EventGroup("Interventions", "star", BLACK, 24, 0.32, _is("intervention")),
    EventGroup("Implementer leaves", "triangle-down", VERMILLION, 17, 0.2, lambda e: e["kind"] == "champion_left"),
    EventGroup("Pivot point ▲", "triangle-up", GREEN, 15, 0.1, _is("pivot", True)),
    EventGroup("Pivot point ▼", "triangle-down-open", PURPLE, 15, -0.1, _is("pivot", False)),
    EventGroup("Shocks", "x", PURPLE, 15, -0.2, _is("shock")),
    EventGroup("National events", "square", GREY, 12, -0.32, _is("national")),
)


def event_group(event: dict[str, Any]) -> str | None:
    """Which marker group an event belongs to (None: not marked, e.g. level changes)."""
    return next((g.name for g in EVENT_GROUPS if g.marks(event)), None)


def short_label(event: dict[str, Any]) -> str:
    """A few words for an event (used on vertical markers)."""
    return PHRASES.get(event["kind"], event["kind"].replace("_", " ")).removeprefix("Intervention: ")


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
                y=[int(view.rows[e["month"]][_COL["level_code"]]) + group.offset for e in evs],
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
                hovertext=[plain(e) for e in evs],
                hovertemplate="%{hovertext}<extra></extra>",
                meta={"kinds": [e["kind"] for e in evs], "months": [e["month"] for e in evs]},
            ),
            row=row,
            col=col,
        )


def _intervention_lines(
    fig: go.Figure, events: Sequence[dict[str, Any]], months: int, row: int, col: int, label: bool = True
) -> None:
    """Dotted vertical lines (and a short label) at each intervention."""
    shown = [e for e in events if e["category"] == "intervention" and e["month"] < months]
    for i, e in enumerate(shown):
        x = month_date(e["date"])
        fig.add_vline(x=x, line={"color": BLACK, "width": 2, "dash": "dot"}, layer="above", row=row, col=col)
        if label:
            fig.add_annotation(
                x=x,
                y=1.0 - 0.08 * (i % 3),
                yref="y domain",
                text=short_label(e),
                showarrow=False,
                xanchor="left",
                yanchor="top",
                font={"size": 14},
                bgcolor="rgba(255,255,255,0.85)",
                row=row,
                col=col,
            )


def _x_range(start_year: int, months: int) -> list[str]:
    """From January of the first year to the first day after the horizon."""
    return [f"{start_year:04d}-01-01", f"{start_year + months // 12:04d}-{months % 12 + 1:02d}-01"]


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
    x_range = _x_range(start_year, months)
    band = {"line_width": 0, "layer": "below", "exclude_empty_subplots": False}  # behind the line, even unstarted
    for col, view in enumerate(views, start=1):
        for i, level in enumerate(LEVELS):
            fill = rgba(LEVEL_COLOURS[level], LEVEL_BAND_ALPHA)
            fig.add_hrect(i - 0.5, i + 0.5, fillcolor=fill, row=1, col=col, **band)
        _add_level_panel(fig, view, 1, col, first=col == 1)
        _intervention_lines(fig, view.events, len(view.rows), 1, col)
        # Side by side, panels are narrow: fewer year labels so they never touch.
        dtick = ("M12" if months <= 15 * 12 else "M24") if n == 1 else ("M36" if months <= 12 * 12 else "M60")
        fig.update_xaxes(range=x_range, type="date", row=1, col=col, showgrid=False, dtick=dtick, tickformat="%Y")
    levels = {"tickvals": list(range(len(LEVELS))), "ticktext": list(LEVELS)}
    fig.update_yaxes(range=[-0.5, 3.5], **levels, showgrid=False, zeroline=False, row=1, col=1)
    fig.update_yaxes(range=[-0.5, 3.5], showgrid=False, zeroline=False, ticks="")
    apply_style(fig, height=400, title=title)
    fig.update_layout(hovermode="closest", uirevision="level", margin={"t": 50 if n > 1 or title else 20, "b": 40})
    fig.update_layout(legend={"y": -0.1, "font": {"size": 15}})
    if not any(len(v.rows) > 1 for v in views):
        note(fig, NOT_STARTED, font={"size": 18}, bgcolor="rgba(255,255,255,0.9)")
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


PANEL_LEGEND = {"orientation": "v", "x": 1.01, "xanchor": "left"}  # beside its panel, from the top


def rolling_sum(values: Sequence[float], window: int = 12) -> list[float]:
    """Sum over the last ``window`` values (fewer at the start)."""
    return [sum(values[max(0, i + 1 - window) : i + 1], 0.0) for i in range(len(values))]


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
    x_range = _x_range(start_year, months)
    legends: dict[str, dict[str, Any]] = {}
    for p_i, (_, series) in enumerate(FEATURE_PANELS):
        legend = "legend" if p_i == 0 else f"legend{p_i + 1}"
        domain = fig.get_subplot(p_i + 1, 1).yaxis.domain
        legends[legend] = {**PANEL_LEGEND, "y": domain[1], "yanchor": "top", "font": {"size": 15}, "tracegroupgap": 2}
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
            _intervention_lines(fig, views[0].events, len(views[0].rows), p_i + 1, 1, label=False)
    if len(views) > 1 and title is None:
        title = "solid: " + views[0].label + " · dashed: " + " · ".join(v.label for v in views[1:])
    fig.update_xaxes(range=x_range, type="date", showgrid=False, dtick="M24", tickformat="%Y")
    fig.update_yaxes(rangemode="tozero", tickformat=",.0f", nticks=4)
    for p_i, (_, series) in enumerate(FEATURE_PANELS[:-1]):
        top = max((max(_feature_values(v, k), default=0) for v in views for k, _, _ in series), default=0)
        if top <= 4:  # small counts: whole-number ticks only, never "0, 1, 1, 2"
            fig.update_yaxes(dtick=1, range=[0, max(1, top) * 1.1], row=p_i + 1, col=1)
    fig.update_yaxes(range=[0, 1.05], tickformat=".1f", row=rows, col=1)
    fig.update_yaxes(tickprefix="£", row=rows - 1, col=1)
    apply_style(fig, height=820, title=title, font_size=16)
    fig.update_annotations(font_size=17, xanchor="left", x=0)
    fig.update_layout(uirevision="features", margin={"r": 230, "b": 40}, **legends)
    if not any(len(v.rows) > 1 for v in views):
        note(fig, NOT_STARTED, font={"size": 18}, bgcolor="rgba(255,255,255,0.9)")
    return fig
