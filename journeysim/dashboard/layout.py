"""The trainers' page: what is on it, in reading order.

Every control is a native button, input or labelled radio group, so it can be
reached with Tab and used with Enter or Space; single-key shortcuts (shown on
the buttons) are handled by ``assets/journeysim.js``.
"""

from __future__ import annotations

from dash import dcc, html

from journeysim.dashboard.advice import section as advice_section
from journeysim.dashboard.nation_view import nation_layout
from journeysim.dashboard.service_form import setup_panel
from journeysim.dashboard.sessions import new_session_id
from journeysim.dashboard.widgets import (
    button,
    choices,
    compare_options,
    draws_control,
    graph,
    panel,
    radio_group,
    status,
    strategy_options,
    view_switcher,
)
from journeysim.library import MAX_FILE_BYTES
from journeysim.presentation.fans import FAN_METRICS

TICK_MS = 250
# Months a second of real time (playback counts the clock, so the labels are what you get).
SPEEDS = {"1": "Slow (1)", "4": "Normal (4)", "12": "Fast (12)", "24": "Very fast (24)"}
DEFAULT_SPEED = "4"
SPEED_KW = {"cls": "speed", "inline": True}
FAN_WORLDS = (50, 100, 200, 500)
"""How many worlds the fan chart may run (the choices of its Worlds menu)."""

# (kind, label on the button, shortcut key)
INTERVENTION_BUTTONS: tuple[tuple[str, str, str], ...] = (
    ("champion_leaves", "Champion leaves", "c"),
    ("funding_cut", "Funding cut", "f"),
    ("reorganisation", "Reorganisation", "o"),
    ("new_senior_leader", "New senior leader", "l"),
    ("start_succession_planning", "Start succession planning", "u"),
    ("invest_in_training", "Invest in training", "t"),
    ("funding_boost", "New money", "m"),
)
# (label on the button, id, shortcut key) of the buttons beside Play
PLAY_BUTTONS = (
    ("Step a month", "step", "s"),
    ("Step a year", "step-year", "y"),
    ("Run to the end", "to-end", "e"),
    ("Start again", "reset", "a"),
)
# (label, value) of the intervention options
WHO_LEAVES = (("the lead", "lead"), ("the newest implementer", "newest"), ("all implementers", "all"))
CUT_SHARES = (("a quarter", 0.25), ("half", 0.5), ("all of it", 1.0))
LEADER_VIEWS = (("supportive", 0.8), ("neutral", 0.5), ("sceptical", 0.2))


def _header() -> html.Header:
    return html.Header(
        className="topbar",
        children=[
            html.Div(
                [
                    html.H1("journeysim"),
                    html.P("How an MBCT service is implemented, embedded or lost", className="tag"),
                    html.Div("", id="service-name", className="service-name", **{"aria-label": "the service"}),
                ],
                className="brand",
            ),
            html.Div(
                [
                    html.Div("—", id="clock", className="clock", **{"aria-label": "simulated month", "data-month": ""}),
                    html.Div("", id="clock-detail", className="clock-detail"),
                    html.Div(
                        html.Div("", id="clock-bar", className="clock-bar-fill", style={"width": "0%"}),
                        className="clock-bar",
                        **{"aria-hidden": "true"},
                    ),
                ],
                className="clock-box",
            ),
            html.Div("", id="level-badge", className="badge", **{"aria-label": "embeddedness level now"}),
            _toolbar(),
        ],
    )


def _toolbar() -> html.Section:
    return panel(
        "panel toolbar",
        "Play controls",
        html.Div(
            [
                button("Play", "play", "p", cls="btn primary play", **{"aria-pressed": "false"}),
                *(button(label, id_, key) for label, id_, key in PLAY_BUTTONS),
            ],
            className="row",
        ),
        radio_group("Months a second", "speed", [(v, k) for k, v in SPEEDS.items()], DEFAULT_SPEED, **SPEED_KW),
        status("message", "message"),
        html.Div(id="error", className="error", role="alert"),
    )


def _interventions() -> html.Section:
    options = [
        radio_group("Who leaves", "opt-who", WHO_LEAVES, "lead", inline=True),
        radio_group("Funding cut", "opt-cut", CUT_SHARES, 0.5, inline=True),
        radio_group("The new senior leader's view of MBCT", "opt-leader", LEADER_VIEWS, 0.5, inline=True),
        radio_group(
            "New money",
            "opt-money",
            [("£30,000 one-off", "oneoff"), ("£30,000 a year, recurrent", "recurrent")],
            "oneoff",
            inline=True,
        ),
    ]
    return panel(
        "panel interventions",
        "Interventions",
        html.Div(
            [button(label, f"intervene-{kind}", key, cls="btn act") for kind, label, key in INTERVENTION_BUTTONS],
            className="row",
        ),
        html.P("", id="leave-note", className="hint leave-note"),
        status("act-feedback", "feedback"),
        html.Details([html.Summary("Intervention options"), html.Div(options, className="options")]),
        title="Act now",
    )


def _charts() -> html.Div:
    return html.Div(
        className="charts export-target",
        children=[
            html.P("", id="why", className="why", role="status", **{"aria-live": "polite"}),
            graph("level-graph"),
            html.Div(id="stages", className="stages", **{"aria-label": "stage of each domain now"}),
            graph("features-graph"),
        ],
    )


def _timeline() -> html.Aside:
    numbers = dcc.Checklist(
        id="timeline-numbers",
        options=choices([("Show the model's numbers (for modellers)", "numbers")]),
        value=[],
        className="numbers-toggle",
    )
    return panel(
        "panel timeline-panel",
        "What happened",
        numbers,
        html.Div(id="timeline", className="timeline"),
        title="What happened",
        hint="Newest first. ▲ up, ▼ down for the service.",
        tag=html.Aside,
    )


def _replay() -> html.Section:
    strategy = dcc.Dropdown(
        id="replay-strategy", options=strategy_options(), value="succession_planning", clearable=False, className="grow"
    )
    return panel(
        "panel replay",
        "Replay this world",
        html.Div(
            [strategy, button("Replay", "replay", "r", cls="btn primary"), button("Clear the replay", "replay-clear")],
            className="row",
        ),
        title="Replay this world with…",
        hint="Rewind to the first month and run the same world again, with the same luck and your same "
        "interventions at the same months, but another strategy. The two runs are drawn side by side.",
    )


def _fan() -> html.Section:
    worlds = [(str(n), n) for n in FAN_WORLDS]
    return panel(
        "panel fan",
        "Many worlds",
        html.Div(
            [
                html.Label("Worlds", htmlFor="fan-n", className="field-label"),
                dcc.Dropdown(
                    id="fan-n", options=choices(worlds), value=100, clearable=False, className="small-dropdown"
                ),
                html.Label("Show", htmlFor="fan-metric", className="field-label"),
                dcc.Dropdown(
                    id="fan-metric",
                    options=choices((v, k) for k, v in FAN_METRICS.items()),
                    value="courses_last_12",
                    clearable=False,
                    className="grow",
                ),
                html.Label("Compare with", htmlFor="fan-strategy", className="field-label"),
                dcc.Dropdown(
                    id="fan-strategy",
                    options=[{"label": "no strategy: the spread of this service", "value": ""}, *compare_options()],
                    value="",
                    clearable=False,
                    className="grow",
                ),
                button("Run many worlds", "fan-btn", "n", cls="btn primary"),
                button("Cancel", "fan-cancel", hidden=True),
                html.Progress(id="fan-progress", value="0", max="100", className="fan-progress"),
                status("fan-status", "status", html.Span, children=""),
            ],
            className="row",
        ),
        draws_control(),
        html.Div(graph("fan-graph"), className="export-target"),
        title="Many worlds",
        hint="The same service in many worlds (different luck): median and bands, with this run drawn over them. "
        "Parameters: keep the scenario's values, or give each world its own draw from the declared "
        "ranges or from a calibrated posterior. Compare with a strategy: the same worlds with and without it, "
        "each with your interventions at their months, and how much more often courses are running.",
    )


def _export() -> html.Section:
    return panel(
        "panel export",
        "Export",
        html.Div(
            [button("Save the view as PNG", "export-png", "g"), button("Save the view as HTML", "export-html", "h")],
            className="row",
        ),
        html.P(
            "PNG: the charts as one picture for slides. HTML: one self-contained page with the "
            "interactive charts and the timeline; it opens offline.",
            className="hint",
        ),
        title="Export",
    )


def _help() -> html.Section:
    keys = [
        ("P", "play / pause"),
        *((key.upper(), label.lower()) for label, _, key in PLAY_BUTTONS),
        ("W", "another world"),
        ("R", "replay"),
        *((key.upper(), label.lower()) for _, label, key in INTERVENTION_BUTTONS),
    ]
    return panel(
        "panel help",
        "Keyboard",
        html.Ul([html.Li([html.Kbd(k), " ", v]) for k, v in keys], className="keys"),
        title="Keyboard",
        hint="Tab moves between controls; Enter or Space presses a button. When no text box has the focus, "
        "single keys work too:",
    )


def serve_layout() -> html.Div:
    """The page, with a fresh session id for every page load: one service's journey, and the nation view."""
    return html.Div(
        className="app",
        children=[
            dcc.Store(id="session", data=new_session_id(), storage_type="memory"),
            dcc.Store(id="upload-payload"),
            dcc.Store(id="upload-limit", data=MAX_FILE_BYTES),
            dcc.Store(id="png-done"),
            dcc.Interval(id="ticker", interval=TICK_MS, disabled=True, max_intervals=0),
            dcc.Store(id="tick"),  # the ticker's count and the page's clock (callbacks.register)
            dcc.Store(id="press"),  # an intervention pressed, and the month on screen (assets/journeysim.js)
            dcc.Interval(id="fan-poll", interval=400, disabled=True),
            dcc.Download(id="download-html"),
            dcc.Download(id="download-toml"),
            view_switcher(),
            html.Div(
                id="journey-view",
                children=[
                    html.A("Skip to the charts", href="#level-graph", className="skip"),
                    _header(),
                    html.Main(
                        [_charts(), html.Div([_interventions(), _timeline()], className="side")], className="main"
                    ),
                    setup_panel(),
                    _replay(),
                    _fan(),
                    advice_section(),
                    _export(),
                    _help(),
                ],
            ),
            nation_layout(),
        ],
    )
