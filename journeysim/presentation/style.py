"""The look every figure shares: the Okabe–Ito palette, level colours, one white template, shaded bands.

Colours come from the Okabe–Ito palette, which stays distinguishable with the
common colour-vision deficiencies; every colour is doubled by a label, a line
style or a marker shape so that colour is never the only cue.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import plotly.graph_objects as go
from plotly.subplots import make_subplots

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
# Level colours rise in darkness as well as hue, so that they stay apart under deuteranopia, protanopia and
# tritanopia (checked with Machado et al. 2009 in tests/presentation/test_colours.py), even as pale bands.
DEEP_GREEN = "#00573F"
LEVEL_COLOURS = {"absent": "#D0D0D0", "patchy": ORANGE, "fragile": SKY_BLUE, "embedded": DEEP_GREEN}
LEVEL_BAND_ALPHA = 0.45
# Fan chart bands: the outer band must still show on a washed-out projector.
FAN_BAND_ALPHAS = (0.4, 0.65)
PATTERNS = ("", "/", ".", "x", "\\", "+")  # bar fills, so that colour is not the only cue
FONT = "Atkinson Hyperlegible, Verdana, DejaVu Sans, Arial, sans-serif"


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


# A small white template, built once (assigning plotly's own templates costs ~20 ms a figure).
_AXIS = {"gridcolor": "#E5ECF6", "linecolor": "#444", "ticks": "outside", "zeroline": False, "automargin": True}
_LAYOUT = {"paper_bgcolor": "white", "plot_bgcolor": "white", "xaxis": _AXIS, "yaxis": _AXIS}
TEMPLATE = go.layout.Template(layout=_LAYOUT)


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


def note(fig: go.Figure, text: str, x: float = 0.5, y: float = 0.5, **extra: Any) -> go.Figure:
    """Write ``text`` at (``x``, ``y``) of the whole plot area (its middle by default; ``xref``/``yref`` to change)."""
    fig.add_annotation(**{"text": text, "x": x, "y": y, "xref": "paper", "yref": "paper", "showarrow": False} | extra)
    return fig


def error_bars(up: list[float], down: list[float], colour: str, thickness: float) -> dict[str, Any]:
    """Asymmetric error bars (``up`` above each value, ``down`` below it) for a trace's ``error_x``."""
    return dict(type="data", symmetric=False, array=up, arrayminus=down, thickness=thickness, width=8, color=colour)


def panel_grid(titles: list[str], max_cols: int = 3) -> tuple[go.Figure, int, int]:
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
