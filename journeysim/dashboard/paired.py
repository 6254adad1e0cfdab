"""Many worlds compared: the same worlds with and without a strategy, with the trainer's interventions.

World *i* of both arms is replication *i* of the root seed (common random numbers, as every comparison
runs it), so the difference in each world is the strategy's alone. The page's question, "how often does
succession planning save it?", is answered by the paired difference in the share of worlds whose courses
are running, month by month, with a 90% bootstrap band over the worlds.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import Any

import numpy as np

from journeysim.dashboard.jobs import Job
from journeysim.dashboard.rewind import UserIntervention, without_departures_from
from journeysim.dashboard.sessions import strategy_label
from journeysim.library import shipped_strategies
from journeysim.model.interventions import INTERVENTIONS
from journeysim.runs import replicate
from journeysim.scenario import Scenario

BOOTSTRAP = 1000
BAND = (0.05, 0.95)


@dataclass(frozen=True)
class PairedData:
    """P(running) in the same worlds without and with a strategy, and their paired difference.

    Attributes:
        key: Identifies the comparison (scenario hash, seed, worlds, strategy, interventions).
        strategy: The strategy's name.
        n: Worlds.
        dates: Calendar dates (``YYYY-MM-01``).
        without, with_: Share of worlds running each month.
        diff, low, high: Paired difference (with minus without) and its 90% bootstrap band.
        interventions: How many of the trainer's interventions every world received.

    """

    key: tuple
    strategy: str
    n: int
    dates: tuple[str, ...]
    without: list[float]
    with_: list[float]
    diff: list[float]
    low: list[float]
    high: list[float]
    interventions: int


def with_interventions(scenario: Scenario, items: Sequence[UserIntervention], moved_from: int | None) -> Scenario:
    """``scenario`` with the trainer's interventions scheduled at their months (the button's departure moved)."""
    base = without_departures_from(scenario, moved_from)
    extra = [{"month": i.month, "kind": i.kind, "details": INTERVENTIONS[i.kind].resolve(i.details)} for i in items]
    return replace(base, interventions=tuple(sorted([*base.interventions, *extra], key=lambda d: d["month"])))


def running(scenario: Scenario, seed: int, worlds: Sequence[int]) -> np.ndarray:
    """Whether courses are running, (worlds x months), in the given worlds."""
    rows = [[r.running for r in replicate(scenario, seed, w).model.series_rows()] for w in worlds]
    return np.asarray(rows, dtype=float)


def paired_band(diffs: np.ndarray, resamples: int = BOOTSTRAP, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """A percentile bootstrap band (:data:`BAND`) of the mean over worlds (rows) of paired differences."""
    rng = np.random.default_rng(seed)
    picks = rng.integers(0, len(diffs), size=(resamples, len(diffs)))
    means = diffs[picks].mean(axis=1)
    return np.quantile(means, BAND[0], axis=0), np.quantile(means, BAND[1], axis=0)


def compare(
    report: Callable[[int, int], None],
    key: tuple,
    strategy: str,
    arms: tuple[Scenario, Scenario],
    seed: int,
    n: int,
    interventions: int,
) -> PairedData:
    """The comparison's work (in its job's process): both arms a few worlds at a time, reporting worlds done."""
    chunk = max(5, n // 20)
    runs: list[list[np.ndarray]] = [[], []]
    for start in range(0, n, chunk):
        worlds = range(start, min(start + chunk, n))
        for arm, scenario in zip(runs, arms, strict=True):
            arm.append(running(scenario, seed, worlds))
        report(min(start + chunk, n), n)
    without, with_ = (np.concatenate(a) for a in runs)
    low, high = paired_band(with_ - without)
    year = int(arms[0].parameters["start_year"])
    dates = tuple(f"{year + m // 12:04d}-{m % 12 + 1:02d}-01" for m in range(without.shape[1]))
    return PairedData(
        key,
        strategy,
        n,
        dates,
        *(np.round(a, 4).tolist() for a in (without.mean(0), with_.mean(0), (with_ - without).mean(0), low, high)),
        interventions=interventions,
    )


def paired_job(session: Any, strategy: str, n: int) -> Job:
    """The background job comparing ``n`` worlds of the session's service with and without ``strategy``.

    Both arms carry the trainer's interventions at the months they were made (and a departure the
    button moved); the worlds' parameters are the scenario's own. Raises ``ValueError`` for an unknown
    strategy (a ``ScenarioError`` if it cannot be applied to this service).
    """
    if strategy not in shipped_strategies():
        raise ValueError(f"{strategy!r} is not a shipped strategy")
    with session.lock:
        source, scenario, seed = session.source, session.scenario, session.seed
        items, moved = list(session.interventions), session.moved_from
    arms = (with_interventions(scenario, items, moved), with_interventions(source.build((strategy,)), items, moved))
    key = (scenario.hash, seed, n, strategy, repr([(i.month, i.kind, sorted(i.details.items())) for i in items]))
    return Job(compare, key, strategy, arms, seed, n, len(items), total=n, about=("paired", key))


def paired_figure(data: PairedData, title: str) -> Any:
    """Two panels on one time axis: P(running) in each arm, then the paired difference with its band."""
    import plotly.graph_objects as go
    from plotly.subplots import make_subplots

    from journeysim.presentation.style import BLACK, BLUE, PURPLE, apply_style, rgba

    label = strategy_label(data.strategy)
    fig = make_subplots(rows=2, cols=1, shared_xaxes=True, vertical_spacing=0.12, row_heights=[0.5, 0.5])
    x = list(data.dates)
    arms = ((data.without, "without", BLUE, "solid"), (data.with_, f"with {label}", PURPLE, "dash"))
    for y, name, colour, dash in arms:
        line = {"color": colour, "width": 4, "dash": dash, "shape": "hv"}
        fig.add_trace(go.Scatter(x=x, y=y, mode="lines", name=f"Share running, {name}", line=line), row=1, col=1)
    band = {"mode": "lines", "line": {"width": 0}, "hoverinfo": "skip", "legendgroup": "band"}
    fig.add_trace(go.Scatter(x=x, y=data.low, showlegend=False, **band), row=2, col=1)
    shade = rgba(PURPLE, 0.25)
    fig.add_trace(go.Scatter(x=x, y=data.high, fill="tonexty", fillcolor=shade, name="90% band", **band), row=2, col=1)
    diff_line = {"color": BLACK, "width": 4, "shape": "hv"}
    fig.add_trace(go.Scatter(x=x, y=data.diff, mode="lines", name="Difference", line=diff_line), row=2, col=1)
    fig.add_hline(y=0, line={"color": BLACK, "width": 1, "dash": "dot"}, row=2, col=1)
    apply_style(fig, height=560, title=title)
    fig.update_yaxes(tickformat=".0%", row=1, col=1, range=[0, 1.02], title_text="worlds running")
    fig.update_yaxes(tickformat="+.0%", row=2, col=1, title_text="difference")
    fig.update_xaxes(type="date", showgrid=False)
    return fig.update_layout(legend={"y": -0.12}, margin={"b": 30})
