"""What the journey view shows: every output drawn from one snapshot of a session, and its HTML export."""

from __future__ import annotations

import re
from typing import Any

from dash import html

from journeysim.dashboard import fan as fanmod
from journeysim.dashboard.checklist import DOMAIN_TITLES, STAGE_LABELS
from journeysim.dashboard.layout import CUT_SHARES, INTERVENTION_BUTTONS, WHO_LEAVES
from journeysim.dashboard.paired import paired_figure
from journeysim.dashboard.sessions import Session, Snapshot, scenario_title, strategy_label
from journeysim.dashboard.widgets import CUSTOM, placeholder, scenario_options
from journeysim.presentation.document import Report
from journeysim.presentation.fans import FAN_METRICS, fan_figure
from journeysim.presentation.journey import RunView, features_figure, level_figure
from journeysim.presentation.narrative import MONTHS as MONTH_NAMES
from journeysim.presentation.narrative import ROUTINE, describe, month_words, plain, plain_words
from journeysim.presentation.style import ORIGINAL_COLOUR, REPLAY_COLOUR
from journeysim.vocabulary import DOMAINS

BUTTON_LABELS = {kind: label for kind, label, _ in INTERVENTION_BUTTONS}


def month_name(start_year: int, month: int) -> str:
    """``"March 2016"`` for a month index."""
    return f"{MONTH_NAMES[month % 12]} {start_year + month // 12}"


def detail_words(details: dict[str, Any]) -> str:
    """An intervention's options in words: ``{'who': 'lead'}`` -> ``" (the lead)"``."""
    parts = []
    for key, value in details.items():
        if key == "who":
            parts.append({v: label for label, v in WHO_LEAVES}.get(str(value), str(value)))
        elif key == "fraction":
            parts.append({v: label for label, v in CUT_SHARES}.get(float(value), f"{value:.0%}"))
        elif key == "priority":
            parts.append(f"a {'supportive' if value > 0.6 else 'sceptical' if value < 0.4 else 'neutral'} leader")
        elif key == "recurrent":
            parts.append("recurrent" if value else "one-off")
    return f" ({', '.join(parts)})" if parts else ""


# ------------------------------------------------------------------ drawing
def starred(event: dict[str, Any]) -> bool:
    """Whether the chart marks ``event``: not a champion held in post, nor a departure that met nobody."""
    kind = event["kind"]
    return kind != "champion_stays" and not (kind == "champion_leaves" and event["direction"] == "neutral")


def run_views(snap: Snapshot) -> list[RunView]:
    """The original run and its replay, as figures draw them."""
    runs = [(snap.original, ORIGINAL_COLOUR, "solid")]
    runs += [(snap.replay, REPLAY_COLOUR, "dash")] if snap.replay is not None else []
    return [RunView(r.label, r.rows, [e for e in r.events if starred(e)], colour, dash) for r, colour, dash in runs]


def told(event: dict[str, Any], numbers: bool = False) -> str:
    """One timeline line: the narrative's plain words (the model's numbers with ``numbers``), in good grammar."""
    if event["kind"] == "champion_stays":
        causes = "; ".join(event.get("causes", []))
        return f"{month_words(str(event['date']))}  • The champion is held in post until made to leave ({causes})"
    text = describe(event) if numbers else plain(event)
    return re.sub(r"\b1 (implementer|champion|teacher)\(?s?\)? remain\b", r"1 \1 remains", text)


def last_departure(events: list[dict[str, Any]], start_year: int) -> str:
    """``" (the last one left in April 2015)"`` from the latest departure in ``events``, else ``""``."""
    gone = [e for e in events if e["kind"] in ("champion_left", "champion_leaves") and e["direction"] == "down"]
    return f" (the last one left in {month_name(start_year, gone[-1]['month'])})" if gone else ""


TURNS = ("pivot", "level", "intervention", "people")  # the categories of event the "why" line tells


def why_line(events: list[dict[str, Any]]) -> str:
    """The latest turning point (a pivot, a level change, a departure, an intervention) and its causes, in words."""
    turns = [e for e in events if e["category"] in TURNS and e["direction"] != "neutral"]
    if not turns:
        return "No turning point yet: " + (plain_words(str(events[0]["effect"])) if events else "the run starts.")
    return f"Latest turning point: {told(turns[-1])}"


def level_chart(views: list[RunView], start_year: int, horizon: int) -> Any:
    """The level chart, its legend clear of the year labels (two panels when replaying)."""
    fig = level_figure(views, start_year, horizon)
    fig.update_layout(legend={"y": -0.2}, margin={"b": 30})
    return fig


def timeline_list(events: list[dict[str, Any]], title: str | None = None, numbers: bool = False) -> html.Div:
    """Plain-words lines, newest first (the model's own numbers with ``numbers``); interventions stand out."""
    items = []
    for e in reversed(events):
        if e["kind"] in ROUTINE:
            continue
        category = "scenario" if e["kind"] == "champion_stays" else e["category"]  # not a press: no highlight
        cls = f"ev {e['direction']} cat-{category}" + (" champion" if e["kind"] == "champion_left" else "")
        items.append(html.Li(told(e, numbers), className=cls))
    head = [html.H3(title, className="timeline-title")] if title else []
    return html.Div([*head, html.Ul(items, className="events")], className="timeline-run")


def stage_chips(stages: dict[str, str]) -> list[Any]:
    """The seed-004 stage of each domain now, as labelled chips."""
    return [
        html.Span(
            [
                html.Span(DOMAIN_TITLES[d], className="chip-domain"),
                " ",
                html.Span(STAGE_LABELS[stages[d]], className="chip-stage"),
            ],
            className=f"chip stage-{stages[d]}",
        )
        for d in DOMAINS
        if d in stages
    ]


def fan_view(snap: Snapshot, metric: str, session: Session) -> Any:
    """The fan chart for the session's scenario, with the current run (and replay) drawn over it."""
    paired = session.paired
    if paired is not None and paired.key[:2] == (snap.scenario_hash, snap.seed):
        mine = f" (each with your {paired.interventions} intervention{'s' * (paired.interventions != 1)})"
        title = (
            f"Courses running in the same {paired.n} worlds,<br>with and without {strategy_label(paired.strategy)}"
            + (mine if paired.interventions else "")
        )
        return paired_figure(paired, title)
    data = fanmod.cached(session.fan_key)
    if data is None or data.scenario_hash != snap.scenario_hash or data.seed != snap.seed:
        return placeholder("Press 'Run many worlds' to see where this run sits among many worlds.")
    overlays = []
    for view in run_views(snap):
        values = fanmod.metric_values(list(view.rows), metric)
        overlays.append((view.label, view.dates, values, view.colour, view.dash))
    fig = fan_figure(
        data.dates,
        data.bands[metric],
        FAN_METRICS[metric],
        overlays,
        title=f"{FAN_METRICS[metric]}: {data.n} worlds of {scenario_title(snap.scenario_name)}",
        n_runs=data.n,
        level_axis=metric == "level_code",
    )
    return fig.update_traces(line={"color": "#000000", "width": 4}, selector={"name": "median"})  # reads on a projector


def feedback(snap: Snapshot, area: str) -> list[Any]:
    """The message or error for the controls in ``area``, if the last action was theirs."""
    if snap.area != area:
        return []
    if snap.error:
        return [html.Div(snap.error, className="error", role="alert")]
    return [html.Div(snap.notice, className="message")] if snap.notice else []


def render(session: Session, metric: str, numbers: bool = False) -> dict[str, Any]:
    """Every output of the view, from one snapshot of the session (``numbers``: the timeline with model values)."""
    snap = session.snapshot()
    month = snap.clock_month
    views = run_views(snap)
    shown = min(month, snap.horizon - 1)
    replaying = snap.replay is not None and snap.replay.month < snap.original.month
    detail = f"month {month} of {snap.horizon} · world {snap.world}"
    if replaying:
        detail = f"replaying: {detail} · the first run is at {month_name(snap.start_year, snap.original.month)}"
    elif snap.finished:
        detail = f"the end · {snap.horizon} months · world {snap.world}"
    level = snap.original.level if not replaying else snap.replay.level  # type: ignore[union-attr]
    timeline = [timeline_list(list(v.events), v.label if len(views) > 1 else None, numbers) for v in views]
    options = scenario_options()
    value = snap.scenario_name if snap.source_kind == "shipped" else CUSTOM
    if snap.source_kind != "shipped":
        options = [{"label": f"your service: {scenario_title(snap.scenario_name)}", "value": CUSTOM}, *options]
    return {
        "clock": month_name(snap.start_year, shown),
        "clock_month": str(month),
        "service_name": f"{scenario_title(snap.scenario_name)} · world {snap.world}",
        "why": why_line(snap.original.events if not replaying else snap.replay.events),  # type: ignore[union-attr]
        "clock_detail": detail,
        "clock_bar": {"width": f"{100 * min(month, snap.horizon) / snap.horizon:.1f}%"},
        "badge": level,
        "badge_class": f"badge level-{level}",
        "level_fig": level_chart(views, snap.start_year, snap.horizon),
        "features_fig": features_figure(views, snap.start_year, snap.horizon),
        "fan_fig": fan_view(snap, metric, session),
        "timeline": timeline,
        "stages": stage_chips(snap.stages),
        "ticker_disabled": not snap.playing,
        "play_label": ["Pause" if snap.playing else "Play", html.Span("P", className="key", **{"aria-hidden": "true"})],
        "play_pressed": "true" if snap.playing else "false",
        "description": snap.description,
        "scenario_options": options,
        "scenario_value": value,
        "world": str(snap.world),
        "message": snap.notice if snap.area == "main" and not snap.error else "",
        "error": snap.error if snap.area == "main" else "",
        "setup_feedback": feedback(snap, "setup"),
        "act_feedback": feedback(snap, "act"),
        "leave_disabled": snap.in_post == 0,
        "leave_title": "Champion leaves (key: c)" if snap.in_post else "Nobody is in post to leave now",
        "leave_note": ""
        if snap.in_post
        else "Champion leaves is off: "
        + (
            "the run has ended."
            if snap.original.month >= snap.horizon
            else f"nobody is in post to leave now{last_departure(snap.original.events, snap.start_year)}."
        ),
    }


def view_report(session: Session, metric: str) -> str:
    """The current view as one self-contained HTML page (charts, stages, timeline)."""
    snap = session.snapshot()
    views = run_views(snap)
    month = min(snap.clock_month, snap.horizon - 1)
    report = Report(
        f"journeysim: {scenario_title(snap.scenario_name)}, world {snap.world}",
        f"{snap.description} Shown at {month_name(snap.start_year, month)} (month {snap.clock_month} "
        f"of {snap.horizon}); seed {snap.seed}, world {snap.world}.",
    )
    report.section("Embeddedness level")
    report.figure(level_figure(views, snap.start_year, snap.horizon))
    report.paragraph(
        "Stage of each domain now: "
        + "; ".join(f"{DOMAIN_TITLES.get(d, d)}: {STAGE_LABELS.get(s, s).lower()}" for d, s in snap.stages.items())
    )
    report.section("Teachers, courses, money and support")
    report.figure(features_figure(views, snap.start_year, snap.horizon))
    fan = fan_view(snap, metric, session)
    if fanmod.cached(session.fan_key) is not None and len(fan.data) > 1:
        report.section("Many worlds")
        report.figure(fan)
    for view in views:
        report.section(f"What happened: {view.label}")
        events = [e for e in view.events if e["kind"] not in ROUTINE]
        report.bullets([told(e) for e in events], cls="timeline", item_classes=[e["direction"] for e in events])
    if snap.interventions:
        report.section("Your interventions")
        report.bullets(
            [
                f"{BUTTON_LABELS.get(i.kind, i.kind)}{detail_words(i.details)}, in "
                f"{month_name(snap.start_year, i.month)} (month {i.month})"
                for i in snap.interventions
            ]
        )
    return report.html()
