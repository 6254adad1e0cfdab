"""The validation's HTML figures (plotly): services running after a departure, and running over time."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd

from journeysim.analysis.survival import kaplan_meier
from journeysim.validation.measures import flag
from journeysim.validation.patterns import LONE_LEAVES, SCOTLAND, SEVERAL_LEAVES, SUCCESSION_LEAVES, TRAINING_LEAVES
from journeysim.validation.runner import Validation

DEPARTURE_SCENARIOS = (LONE_LEAVES, SUCCESSION_LEAVES, TRAINING_LEAVES, SEVERAL_LEAVES)
RUNNING_SCENARIOS = ("lone_champion", "several_implementers", "lone_champion+top_down_investment", SCOTLAND)


def _plotly() -> Any:
    import plotly.graph_objects as go

    return go


def departure_figure(v: Validation) -> Any:
    """Kaplan–Meier curves: the service still running, by months since the first departure."""
    go = _plotly()
    fig = go.Figure()
    frame = v.fixed_runs.frame
    for ref in DEPARTURE_SCENARIOS:
        f = frame[frame["scenario"] == ref]
        if f.empty:
            continue
        f = f[flag(f, "running_at_first_departure")]
        durations = pd.to_numeric(f["months_departure_to_collapse"], errors="coerce").to_numpy(dtype=float)
        observed = flag(f, "collapsed_after_departure")
        km = kaplan_meier(durations, observed)
        fig.add_scatter(x=km.times, y=km.survival, mode="lines", line_shape="hv", name=f"{ref} (n={km.n})")
    fig.update_layout(
        title="Services still running after the first implementer leaves (Kaplan–Meier, censored at the horizon)",
        xaxis_title="months since the first departure",
        yaxis_title="share still running",
        yaxis_range=[0, 1.02],
        template="plotly_white",
    )
    return fig


def running_figure(v: Validation) -> Any:
    """Share of services running, month by month, for the main scenarios."""
    go = _plotly()
    fig = go.Figure()
    c = v.fixed_runs.curves
    for ref in RUNNING_SCENARIOS:
        rows = c[c["scenario"] == ref]
        if not rows.empty:
            fig.add_scatter(x=rows["month"] / 12.0, y=rows["running"], mode="lines", name=ref)
    fig.update_layout(
        title="Share of services running (a course in the last 12 months)",
        xaxis_title="years since the start",
        yaxis_title="share running",
        yaxis_range=[0, 1.02],
        template="plotly_white",
    )
    return fig


def write_figures(v: Validation, folder: Path, link_prefix: str = "figures") -> dict[str, str]:
    """Write the HTML figures (plotly.js from its CDN, fixed element ids); return title -> link."""
    folder.mkdir(parents=True, exist_ok=True)
    out = {}
    for name, title, make in (
        ("validation_after_departure", "Services still running after a departure", departure_figure),
        ("validation_running_share", "Share of services running over time", running_figure),
    ):
        path = folder / f"{name}.html"
        make(v).write_html(path, include_plotlyjs="cdn", full_html=True, div_id=name)
        out[title] = f"{link_prefix}/{path.name}"
    return out
