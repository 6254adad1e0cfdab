"""How advice for a service reads: the forecast, the ranked options and what to watch for, in plain words.

Shared by ``journeysim advise`` (terminal text), its HTML report and the dashboard. Input is the
``--json`` form of :class:`journeysim.api.advice.Advice` (plain data).
"""

from __future__ import annotations

from typing import Any

import plotly.graph_objects as go

from journeysim.outcomes import formats as fmt
from journeysim.outcomes import label
from journeysim.presentation.narrative import PHRASES
from journeysim.presentation.style import BLUE, GREY, apply_style, error_bars

MONTHS_LABEL = "months of delivery (courses running)"
UNTOLD = "cannot be told from no change at this number of worlds"


def drawn_from(summary: dict[str, Any]) -> str:
    """Where the worlds' uncertain parameters came from, in words."""
    return {
        "default": "drawn from the calibrated posterior that ships with journeysim (--posterior default)",
        "posterior": "drawn from the calibrated posterior given (--posterior)",
        "fixed": "fixed at their declared defaults (--fixed): the worlds differ only in their luck",
    }[summary["drawn_from"]]


def method_line(summary: dict[str, Any]) -> str:
    """The intervals' level and methods, in one sentence."""
    m = summary["methods"]
    return (
        f"{summary['confidence']:.0%} intervals: {m['shares']} for shares, {m['means']} for means, "
        f"{m['effects']} for effects ({summary['bootstrap_resamples']:,} resamples)."
    )


def share_cell(iv: dict[str, Any]) -> str:
    """``"44% [36-52%]"``."""
    return f"{fmt.percent(iv['value'], 0)} {fmt.interval(iv['ci_low'], iv['ci_high'], lambda v: fmt.percent(v, 0))}"


def mean_cell(iv: dict[str, Any], show: Any = fmt.count) -> str:
    """``"93 [79-112]"`` (``show`` formats each number)."""
    return f"{show(iv['value'])} {fmt.interval(iv['ci_low'], iv['ci_high'], show)}".strip()


def forecast_rows(summary: dict[str, Any]) -> list[tuple[str, str]]:
    """The forecast as ``(label, value with interval)`` rows."""
    f = summary["forecast"]
    rows = [(label(column), share_cell(iv)) for column, iv in f["shares"].items()]
    rows.append((f"{MONTHS_LABEL}, of {f['horizon_months']}", mean_cell(f["months_running"])))
    rows.append((label("participants_total"), mean_cell(f["people_reached"])))
    rows.append((label("cost_total"), mean_cell(f["spending"], fmt.money)))
    return rows


def effect_cell(effect: dict[str, Any]) -> str:
    """``"+21 pts [+15, +29]"``: a paired effect on a share, in percentage points."""
    show = lambda v: fmt.signed(v, 0, 100)  # noqa: E731
    return f"{show(effect['diff'])} pts [{show(effect['ci_low'])}, {show(effect['ci_high'])}]"


def cost_words(option: dict[str, Any]) -> str:
    """What the option costs and buys: extra spending, per extra service-year running, per extra person reached."""
    extra = option["extra_spending"]["value"]
    if extra is not None and extra <= 0:
        return f"{fmt.money(-extra)} less spending"
    per_year, per_person = option["per_extra_service_year"], option["per_extra_person"]
    year = f"{fmt.money(per_year)} per extra service-year running" if per_year else "no extra service-years"
    person = f"{fmt.money(per_person)} per extra person reached" if per_person else "no extra people reached"
    return f"{fmt.money(extra)} more spending: {year}, {person}"


def option_name(option: dict[str, Any]) -> str:
    """The strategies of an option, joined with ``+``."""
    return " + ".join(option["strategies"])


def sign_words(kind: str) -> str:
    """An event kind in plain words (as ``journeysim explain`` tells it)."""
    return PHRASES.get(kind, kind.replace("_", " ").capitalize())


def watch_lines(summary: dict[str, Any]) -> list[str]:
    """``Watch for: ...``: the setbacks that most often came before the service declined, in plain words."""
    w = summary["warning_signs"]
    if not w["declined"]:
        return [f"In none of the {w['worlds']} worlds did the service decline (courses stop or the level fall)."]
    lines = [
        f"Watch for: in the {w['declined']} of {w['worlds']} worlds where the service declined (courses stopped "
        f"or the level fell), these came most often in the {w['window_months']} months before:"
    ]
    for s in w["signs"]:
        other = s["in_other_worlds"]
        context = "" if other is None else f"; at some time in {fmt.percent(other, 0)} of the worlds never declining"
        lines.append(f"  - {sign_words(s['kind'])}: before {fmt.percent(s['before_decline'], 0)} of declines{context}")
    return lines


def advice_text(summary: dict[str, Any], top: int | None = None) -> str:
    """The terminal form of advice: forecast, options best first (``top`` of them), what to watch for."""
    first, last = summary["start_year"], summary["start_year"] + summary["years"] - 1
    lines = [
        f"Advice for {summary['service']} over {summary['years']} years ({first}-{last}): {summary['worlds']} "
        f"simulated worlds, seed {summary['seed']}; uncertain parameters {drawn_from(summary)}.",
        method_line(summary),
        "",
        "Forecast for the service as it is (means over worlds):",
    ]
    rows = forecast_rows(summary)
    width = max(len(name) for name, _ in rows) + 4
    lines += [f"  {name:<{width}}{value}" for name, value in rows]
    options = summary["options"][:top] if top else summary["options"]
    lines += [
        "",
        f"Strategies and pairs of them, ranked by their effect on {summary['ranked_by']} "
        "(paired: each option lives through the same worlds as the service as it is):",
    ]
    name_w = max(len(option_name(o)) for o in options) + 2
    for i, o in enumerate(options, start=1):
        told = "" if o["effect"]["ci_excludes_zero"] else f" - {UNTOLD}"
        lines.append(f"  {i:>2}. {option_name(o):<{name_w}}{effect_cell(o['effect']):<22}{cost_words(o)}{told}")
    if top and len(summary["options"]) > top:
        lines.append(f"  ... and {len(summary['options']) - top} more (--top 0 for all, --json or --report)")
    return "\n".join([*lines, "", *watch_lines(summary)])


def effects_figure(summary: dict[str, Any], top: int = 15) -> go.Figure:
    """The ``top`` options' effects with their intervals, best at the top, against a line at no change."""
    options = summary["options"][:top][::-1]
    effects = [o["effect"] for o in options]
    fig = go.Figure(
        go.Scatter(
            x=[100 * e["diff"] for e in effects],
            y=[option_name(o) for o in options],
            mode="markers",
            marker={"size": 12, "color": BLUE, "symbol": "diamond"},
            error_x=error_bars(
                [100 * (e["ci_high"] - e["diff"]) for e in effects],
                [100 * (e["diff"] - e["ci_low"]) for e in effects],
                BLUE,
                2,
            ),
            hovertemplate="%{y}: %{x:+.0f} points<extra></extra>",
            showlegend=False,
        )
    )
    fig.add_vline(x=0, line={"color": GREY, "dash": "dash"})
    fig.update_xaxes(title=f"change in the share {summary['ranked_by']} (percentage points)")
    fig.update_yaxes(automargin=True, type="category")
    return apply_style(fig, height=140 + 32 * len(options), font_size=14)
