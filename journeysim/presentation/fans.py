"""Fan charts: the median and the middle-half and 90% bands of a quantity over many worlds.

:data:`QUANTILES` are the quantiles drawn and :data:`FAN_METRICS` the quantities shown (the trainers' app
and the comparison report).
"""

from __future__ import annotations

from collections.abc import Sequence

import plotly.graph_objects as go
from plotly.subplots import make_subplots

from journeysim.outcomes import label as outcome_label
from journeysim.presentation.style import (
    BLUE,
    FAN_BAND_ALPHAS,
    GREY,
    PALETTE,
    SKY_BLUE,
    apply_style,
    band_traces,
    note,
    panel_grid,
)
from journeysim.vocabulary import LEVELS

QUANTILES = (0.05, 0.25, 0.5, 0.75, 0.95)
FAN_METRICS: dict[str, str] = {
    **{c: outcome_label(c, "series").capitalize() for c in ("courses_last_12", "teachers")},
    "participants_cum": "People reached so far",  # the running total of the series' people reached
    "level_code": outcome_label("level_code", "series").capitalize(),
}
REPORT_FAN_METRICS = ("courses_last_12", "teachers", "participants_cum")  # the report's fan charts, in order


def fan_traces(
    fig: go.Figure,
    dates: Sequence[str],
    bands: dict[float, Sequence[float]],
    colour: str,
    name: str,
    row: int,
    col: int,
    showlegend: bool,
) -> None:
    """Add the 90% and middle-half bands and the median of ``bands`` to panel (``row``, ``col``) of ``fig``."""
    labels = ("90% of worlds", "middle half of worlds")
    for lo, hi, alpha, label in zip((0.05, 0.25), (0.95, 0.75), FAN_BAND_ALPHAS, labels, strict=True):
        group = {"legendgroup": f"{name}-{label}", "name": label, "showlegend": showlegend}
        fig.add_traces(band_traces(dates, bands[lo], bands[hi], colour, alpha, **group), rows=row, cols=col)
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
    """A fan chart: the median and 50% / 90% bands (``bands``: quantile -> values per month) over many worlds.

    ``overlays`` are ``(label, dates, values, colour, dash)`` lines drawn over the fan; ``n_runs``, the
    worlds behind the bands, is noted in a corner; ``level_axis`` labels the y axis with the level names.
    """
    fig = make_subplots(rows=1, cols=1)
    fan_traces(fig, dates, bands, SKY_BLUE if overlays else BLUE, "fan", 1, 1, True)
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
        note(
            fig, f"bands: {n_runs} worlds", 1, 1.02, xanchor="right", yanchor="bottom", font={"size": 15, "color": GREY}
        )
    apply_style(fig, height=460, title=title)
    return fig


def fan_grid(
    panels: dict[str, tuple[Sequence[str], dict[float, Sequence[float]]]],
    y_title: str,
    title: str | None = None,
    font_size: int = 14,
) -> go.Figure:
    """Fan charts side by side, one per scenario or strategy, on a shared y axis."""
    fig, rows, cols = panel_grid(list(panels))
    for i, (name, (dates, bands)) in enumerate(panels.items()):
        r, c = divmod(i, cols)
        fan_traces(fig, dates, bands, PALETTE[i % len(PALETTE)], name, r + 1, c + 1, i == 0)
    fig.update_yaxes(rangemode="tozero")
    fig.update_yaxes(title_text=y_title, col=1)
    fig.update_xaxes(type="date", showgrid=False)
    apply_style(fig, height=300 + 260 * rows, title=title, font_size=font_size)
    fig.update_layout(legend={"y": -0.15 / rows})
    return fig
