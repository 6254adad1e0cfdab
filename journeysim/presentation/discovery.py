"""Scenario discovery shown: inputs by their plain labels, box limits in words, the peeling trajectory.

A box's restricted inputs are named by their declarations (the parameter's description, not its
internal name) and their limits read as a range within the range that was sampled, e.g.
"Yearly chance that a service with no implementer gains a self-designated champion: 0.005 to 0.021
(sampled 0.005 to 0.08)".
"""

from __future__ import annotations

import re
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from journeysim.outcomes.formats import count, finite, money, percent
from journeysim.parameters import PARAMETERS
from journeysim.presentation.style import GREY, PALETTE, apply_style

FEW_FUTURES = 5  # below this many futures with a run meeting the condition, a box's uncertain limits are suspect


def parameter_label(name: str) -> str:
    """A declared input's plain label: the start of its description (its internal name if it has none)."""
    spec = PARAMETERS.get(name)
    if spec is None or not spec.description:
        return name
    text = spec.description.rstrip(".")
    first = text.split(", ")[0]
    return first if len(first) >= 20 else text.split(". ")[0]


def value_text(name: str, value: Any) -> str:
    """One value of an input as people read it (money in pounds, whole numbers with separators)."""
    spec = PARAMETERS.get(name)
    number = finite(value)
    if number is None:
        return str(value).lower() if isinstance(value, bool) else str(value)
    if spec is not None and spec.unit.startswith("GBP"):
        return money(number)
    if (spec is not None and spec.kind == "int") or (float(number).is_integer() and abs(number) >= 10):
        return count(number)
    return f"{number:,.3g}"


def limit_words(name: str, limit: dict[str, Any], sampled: dict[str, Any] | None = None) -> str:
    """A restricted input in plain words: its label, the kept range or values, and the range sampled."""
    label = parameter_label(name)
    if limit.get("values") is not None:
        kept = " or ".join(value_text(name, v) for v in limit["values"])
        return f"{label}: {kept}"
    low, high = value_text(name, limit["low"]), value_text(name, limit["high"])
    kept = low if low == high else f"{low} to {high}"
    if sampled and sampled.get("low") is not None:
        kept += f" (sampled {value_text(name, sampled['low'])} to {value_text(name, sampled['high'])})"
    return f"{label}: {kept}"


def box_summary(box: dict[str, Any]) -> str:
    """One line for a box: what share of the runs meeting the condition it holds, and how pure it is."""
    return (
        f"Box {box['box']}: {percent(box['coverage'], 0)} of the runs meeting the condition "
        f"(coverage), {percent(box['density'], 0)} of the runs in it meet it (density); "
        f"{count(box['runs'])} runs, {percent(box['mass'], 0)} of all (mass)"
    )


def limits_table(box: dict[str, Any], sampled: dict[str, dict[str, Any]]) -> pd.DataFrame:
    """A box's restricted inputs as a table: label, kept range, sampled range, quasi-p values."""
    rows = []
    for limit in box["limits"]:
        name = limit["input"]
        words = limit_words(name, limit, sampled.get(name)).removeprefix(parameter_label(name) + ": ")
        qp = [q for q in (limit.get("qp_low"), limit.get("qp_high")) if q is not None]
        rows.append(
            {
                "input": parameter_label(name),
                "name": name,
                "in the box": words,
                "quasi-p": f"{max(qp):.2g}" if qp else "—",
            }
        )
    return pd.DataFrame(rows, columns=["input", "name", "in the box", "quasi-p"])


def trajectory_figure(trajectories: pd.DataFrame, condition: str) -> go.Figure:
    """Coverage against density along each box's peeling trajectory; the chosen step of each box marked."""
    fig = go.Figure()
    boxes = trajectories.groupby("box", sort=True).filter(lambda steps: steps["chosen"].any())
    for i, (number, steps) in enumerate(boxes.groupby("box", sort=True)):
        colour = PALETTE[i % len(PALETTE)]
        fig.add_trace(
            go.Scatter(
                x=steps["coverage"].tolist(),
                y=steps["density"].tolist(),
                mode="lines+markers",
                name=f"box {number}: peeling trajectory",
                line={"color": colour},
                marker={"color": colour, "size": 7},
                customdata=steps[["step", "mass", "restricted"]].to_numpy().tolist(),
                hovertemplate=(
                    "step %{customdata[0]}<br>coverage %{x:.0%}<br>density %{y:.0%}<br>"
                    "mass %{customdata[1]:.0%}<br>inputs restricted %{customdata[2]}<extra></extra>"
                ),
            )
        )
        chosen = steps[steps["chosen"]]  # every box kept has one
        fig.add_trace(
            go.Scatter(
                x=chosen["coverage"].tolist(),
                y=chosen["density"].tolist(),
                mode="markers+text",
                name=f"box {number}: chosen",
                text=[f"box {number}"],
                textposition="top left",
                marker={"color": colour, "size": 16, "symbol": "star", "line": {"color": GREY, "width": 1}},
                hovertemplate="chosen: coverage %{x:.0%}, density %{y:.0%}<extra></extra>",
            )
        )
    fig.update_xaxes(range=[0, 1.02], tickformat=".0%", title_text="coverage: share of the runs meeting it in the box")
    fig.update_yaxes(range=[0, 1.05], tickformat=".0%", title_text="density: share of the box meeting it")
    apply_style(fig, height=560, font_size=14, title=f"Peeling trajectory: where {condition}")
    fig.update_layout(legend={"y": -0.2}, margin={"b": 120})  # the legend below the axis title
    return fig


def condition_terms(condition: str) -> list[str]:
    """The declared outcomes a condition names, each with its plain label (``share_running_final: services ...``)."""
    from journeysim.outcomes import OUTCOMES

    words = dict.fromkeys(re.findall(r"[A-Za-z_][A-Za-z0-9_]*", condition))
    found = []
    for word in words:
        spec = next((s for s in OUTCOMES if s.scope in ("run", "population") and s.matches(word)), None)
        if spec is not None:
            year = re.search(r"_(\d+)$", word)
            found.append(f"{word}: {spec.label.format(year=year.group(1) if year else '')}")
    return found


def few_futures(summary: dict[str, Any]) -> str | None:
    """A caution when the runs meeting the condition come from so few futures that a box may only single them out."""
    futures = summary["settings"].get("futures")
    if not futures or futures["total"] < 2 or futures["meeting"] >= FEW_FUTURES:  # one future: nothing uncertain varies
        return None
    return (
        f"the runs meeting the condition come from {futures['meeting']} of {futures['total']} futures: limits on "
        "uncertain parameters may only single those futures out; run more futures before reading them"
    )
