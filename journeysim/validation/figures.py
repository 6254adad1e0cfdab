"""The validation's HTML figures (plotly): services running after a departure, and running over time."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from journeysim.analysis.survival import kaplan_meier
from journeysim.validation.measures import flag, numbers
from journeysim.validation.patterns import LONE_LEAVES, SCOTLAND, SEVERAL_LEAVES, SUCCESSION_LEAVES, TRAINING_LEAVES
from journeysim.validation.runner import Validation

DEPARTURE_SCENARIOS = (LONE_LEAVES, SUCCESSION_LEAVES, TRAINING_LEAVES, SEVERAL_LEAVES)
RUNNING_SCENARIOS = ("lone_champion", "several_implementers", "lone_champion+top_down_investment", SCOTLAND)


def _lines(traces: list[dict[str, Any]], title: str, xaxis: str, yaxis: str) -> Any:
    """A plotly figure of shares (0 to 1), one line per trace."""
    import plotly.graph_objects as go

    fig = go.Figure()
    for trace in traces:
        fig.add_scatter(mode="lines", **trace)
    fig.update_layout(title=title, xaxis_title=xaxis, yaxis_title=yaxis, yaxis_range=[0, 1.02], template="plotly_white")
    return fig


def departure_figure(v: Validation) -> Any:
    """Kaplan–Meier curves: the service still running, by months since the first departure."""
    frame, traces = v.fixed_runs.frame, []
    for ref in DEPARTURE_SCENARIOS:
        f = frame[frame["scenario"] == ref]
        if f.empty:
            continue
        f = f[flag(f, "running_at_first_departure")]
        km = kaplan_meier(numbers(f, "months_departure_to_collapse"), flag(f, "collapsed_after_departure"))
        traces.append({"x": km.times, "y": km.survival, "line_shape": "hv", "name": f"{ref} (n={km.n})"})
    return _lines(
        traces,
        "Services still running after the first implementer leaves (Kaplan–Meier, censored at the horizon)",
        "months since the first departure",
        "share still running",
    )


def running_figure(v: Validation) -> Any:
    """Share of services running, month by month, for the main scenarios."""
    c = v.fixed_runs.curves
    groups = {ref: c[c["scenario"] == ref] for ref in RUNNING_SCENARIOS}
    return _lines(
        [{"x": r["month"] / 12.0, "y": r["running"], "name": ref} for ref, r in groups.items() if not r.empty],
        "Share of services running (a course in the last 12 months)",
        "years since the start",
        "share running",
    )


def write_html(figures: list[tuple[str, str, Callable[[], Any]]], folder: Path, prefix: str) -> dict[str, str]:
    """Write each ``(name, title, make)`` as ``folder/name.html`` (plotly.js from its CDN, fixed element ids).

    Returns title -> link (``prefix/name.html``), in order.
    """
    folder.mkdir(parents=True, exist_ok=True)
    links = {}
    for name, title, make in figures:
        make().write_html(folder / f"{name}.html", include_plotlyjs="cdn", full_html=True, div_id=name)
        links[title] = f"{prefix}/{name}.html"
    return links


def write_figures(v: Validation, folder: Path, link_prefix: str = "figures") -> dict[str, str]:
    """Write the validation's HTML figures; return title -> link."""
    figures: list[tuple[str, str, Callable[[], Any]]] = [
        ("validation_after_departure", "Services still running after a departure", lambda: departure_figure(v)),
        ("validation_running_share", "Share of services running over time", lambda: running_figure(v)),
    ]
    return write_html(figures, folder, link_prefix)
