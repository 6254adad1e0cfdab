"""Figures of many runs: level shares, Kaplan–Meier curves, paired differences, heatmaps, probability bars.

Used by the comparison and sweep reports. Plain plotly: the builders take
summaries (dicts and lists) and return a ``go.Figure``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import plotly.graph_objects as go
from plotly.subplots import make_subplots

from journeysim.presentation.style import (
    BLUE,
    GREY,
    LEVEL_COLOURS,
    PALETTE,
    PATTERNS,
    apply_style,
    band_traces,
    error_bars,
    panel_grid,
    rgba,
)
from journeysim.vocabulary import LEVELS


def level_share_figure(
    panels: dict[str, tuple[Sequence[str], dict[str, Sequence[float]]]], title: str | None = None, font_size: int = 14
) -> go.Figure:
    """Share of worlds at each level over calendar time (stacked), one panel per scenario."""
    fig, rows, cols = panel_grid(list(panels))
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
    """Kaplan–Meier curves with 95% confidence bands (``curves``: label -> ``{"t": months, "s", "lo", "hi"}``)."""
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
    """How one paired difference reads: ``"B − A"`` when ``direction`` is ``b - a``, else ``"A vs B"``."""
    b_minus_a = direction.replace(" ", "").lower().startswith("b-a")
    return f"{row['b']} − {row['a']}" if b_minus_a else f"{row['a']} vs {row['b']}"


def differences_figure(
    rows: Sequence[dict[str, Any]], title: str | None = None, font_size: int = 14, direction: str = ""
) -> go.Figure:
    """Paired differences with confidence intervals: one panel (with its own scale) per metric.

    ``rows`` are ``{metric, a, b, diff, ci_low, ci_high}`` (and optionally ``label``); ``direction`` says what
    ``diff`` is (e.g. ``"b - a"``) and labels each pair.
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
                error_x=error_bars(
                    [max(0.0, r["ci_high"] - r["diff"]) for r in mine],
                    [max(0.0, r["diff"] - r["ci_low"]) for r in mine],
                    BLUE,
                    3,
                ),
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
    for i, (name, values) in enumerate(data.items()):
        fig.add_trace(
            go.Bar(
                x=list(values),
                y=list(values.values()),
                name=name,
                marker={"color": PALETTE[i % len(PALETTE)], "pattern": {"shape": PATTERNS[i % len(PATTERNS)]}},
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
