"""Robustness across futures shown: a table of each policy's outcome and regret, and the regret per future."""

from __future__ import annotations

from typing import Any

import pandas as pd
import plotly.graph_objects as go

from journeysim.outcomes.formats import by_format, percent
from journeysim.outcomes.formats import decimal as number
from journeysim.presentation.discovery import value_text
from journeysim.presentation.style import PALETTE, apply_style


def lever_text(lever: str, value: Any) -> str:
    """A policy lever and its value, short: ``training places 300``, ``service funding £20,000``."""
    return f"{lever.removeprefix('policy_').replace('_', ' ')} {value_text(lever, value)}"


def regret_text(value: Any, fmt: str) -> str:
    """A regret in the outcome's own terms: points for a share, else the outcome's format."""
    return f"{number(100 * float(value), 1)} pts" if fmt.startswith("percent") else by_format(value, fmt)


def robustness_table(table: pd.DataFrame, fmt: str, band: float = 0.9) -> pd.DataFrame:
    """The robustness frame (:func:`journeysim.analysis.robustness.robustness`) as a table people read."""
    show = lambda v: by_format(v, fmt)  # noqa: E731
    return pd.DataFrame(
        {
            "policy": table["policy"],
            "futures": table["futures"],
            "mean": table["mean"].map(show),
            f"{percent(band, 0)} of futures": [
                f"{show(lo)} to {show(hi)}" for lo, hi in zip(table["low"], table["high"], strict=True)
            ],
            "mean regret": table["mean_regret"].map(lambda v: regret_text(v, fmt)),
            "largest regret": table["max_regret"].map(lambda v: regret_text(v, fmt)),
            "best in": table["best_share"].map(lambda v: f"{percent(v, 0)} of futures"),
        }
    )


def regret_figure(regrets: pd.DataFrame, label: str, share: bool) -> go.Figure:
    """Each policy's regret in every future (one point per future), most robust policy first."""
    order = regrets.groupby("policy", sort=False)["regret"].agg(["max", "mean"]).sort_values(["max", "mean"]).index
    fig = go.Figure()
    scale = 100 if share else 1
    for i, policy in enumerate(order):
        values = regrets.loc[regrets["policy"] == policy, "regret"] * scale
        fig.add_trace(
            go.Box(
                x=values.tolist(),
                name=str(policy),
                boxpoints="all",
                jitter=0.4,
                marker={"color": PALETTE[i % len(PALETTE)], "size": 5},
                line={"color": PALETTE[i % len(PALETTE)]},
                hovertemplate="regret %{x:.1f}<extra>%{y}</extra>",
                orientation="h",
            )
        )
    unit = " (points)" if share else ""
    fig.update_xaxes(
        title_text=f"regret: best policy's {label} in that future minus this policy's{unit}", rangemode="tozero"
    )
    fig.update_layout(showlegend=False)
    fig.update_yaxes(autorange="reversed")  # the most robust policy on top, as in the table
    return apply_style(fig, height=120 + 60 * len(order), font_size=14, title=f"Regret across futures: {label}")
