"""The trainers' page: what is on it, in reading order.

Every control is a native button, input or labelled radio group, so it can be
reached with Tab and used with Enter or Space; single-key shortcuts (shown on
the buttons) are handled by ``assets/journeysim.js``.
"""

from __future__ import annotations

import functools
from typing import Any

from dash import dcc, html

from dashboards.checklist import DOMAIN_TITLES, PRESSURE_LEVELS, ROLE_LABELS, STAGE_HINTS, STAGE_LABELS
from dashboards.fan import FAN_METRICS
from dashboards.sessions import DEFAULT_SCENARIO, SAME_STRATEGY, new_session_id, strategy_label
from journeysim.library import MAX_FILE_BYTES, load_scenario, read_toml, shipped_scenarios, shipped_strategies
from journeysim.model.embeddedness import DOMAINS, STAGES
from journeysim.scenario import ScenarioError
from journeysim.vocabulary import NATIONS

TICK_MS = 500
SPEEDS = {"1": "Slow", "2": "Normal", "6": "Fast", "12": "Very fast"}
DEFAULT_SPEED = "2"

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
CUSTOM = "__custom__"
# A short mode bar (fewer tab stops): save as PNG, and reset the axes.
GRAPH_CONFIG = {
    "displaylogo": False,
    "toImageButtonOptions": {"format": "png", "scale": 2},
    "modeBarButtons": [["toImage", "resetScale2d"]],
}


def _button(label: str, id_: str, key: str | None = None, cls: str = "btn", **kw: Any) -> html.Button:
    extra = {"accessKey": key, "aria-keyshortcuts": key, "title": f"{label} (key: {key})"} if key else {}
    text = [label, html.Span(key.upper(), className="key", **{"aria-hidden": "true"})] if key else label
    return html.Button(text, id=id_, n_clicks=0, className=cls, type="button", **extra, **kw)


def _description(path: Any) -> str:
    try:
        return str(read_toml(path).get("description", ""))
    except Exception:  # a broken shipped file must not take the page down
        return ""


@functools.lru_cache(maxsize=256)
def _is_population(name: str, mtime_ns: int) -> bool:
    try:
        return load_scenario(name).is_population
    except ScenarioError:  # a broken file stays in the single-service list, which reports the error when chosen
        return False


def population_scenarios() -> list[str]:
    """Names of the shipped population scenarios (run in the nation view, not played as one service)."""
    return [name for name, path in shipped_scenarios().items() if _is_population(name, path.stat().st_mtime_ns)]


def scenario_options() -> list[dict[str, str]]:
    """Dropdown options for the shipped single-service scenarios."""
    population = set(population_scenarios())
    return [{"label": name.replace("_", " "), "value": name} for name in shipped_scenarios() if name not in population]


def strategy_options() -> list[dict[str, str]]:
    """Options for 'Replay this world with…'."""
    opts = [{"label": f"{strategy_label(n)}: {_description(p)}", "value": n} for n, p in shipped_strategies().items()]
    return [*opts, {"label": "the same strategy (a check: the replay matches)", "value": SAME_STRATEGY}]


def _header() -> html.Header:
    return html.Header(
        className="topbar",
        children=[
            html.Div(
                [
                    html.H1("journeysim"),
                    html.P("How an MBCT service is implemented, embedded or lost", className="tag"),
                ],
                className="brand",
            ),
            html.Div(
                [
                    html.Div("—", id="clock", className="clock", **{"aria-label": "simulated month"}),
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
        ],
    )


def _setup() -> html.Section:
    return html.Section(
        className="panel setup",
        **{"aria-label": "Choose a service"},
        children=[
            html.Div(
                [
                    html.Label("Service", htmlFor="scenario", className="field-label"),
                    dcc.Dropdown(
                        id="scenario",
                        options=scenario_options(),
                        value=DEFAULT_SCENARIO,
                        clearable=False,
                        className="scenario-dropdown",
                    ),
                ],
                className="field grow",
            ),
            html.Div(
                [
                    html.Label("World", htmlFor="world", className="field-label"),
                    dcc.Input(
                        id="world",
                        type="number",
                        min=0,
                        max=99999,
                        step=1,
                        value=0,
                        debounce=True,
                        className="world-input",
                    ),
                    _button("Another world", "another-world", "w"),
                ],
                className="field",
            ),
            html.P("", id="scenario-description", className="description"),
            html.Details(
                [
                    html.Summary("Load your own service: a TOML file, or the stage-by-domain checklist"),
                    html.Div(
                        [
                            dcc.Upload(
                                id="upload",
                                children=html.Div(
                                    [
                                        html.Button("Choose a scenario file (TOML)…", type="button", className="btn"),
                                        html.Span(f" or drop it here (at most {MAX_FILE_BYTES // 1024} KiB)"),
                                    ]
                                ),
                                className="upload",
                                multiple=False,
                            ),
                            _checklist(),
                        ],
                        className="own-service",
                    ),
                ],
                className="own",
            ),
        ],
    )


def _checklist() -> html.Fieldset:
    rows = []
    for domain in DOMAINS:
        rows.append(
            html.Fieldset(
                [
                    html.Legend(DOMAIN_TITLES[domain]),
                    dcc.RadioItems(
                        id=f"check-{domain}",
                        options=[{"label": f"{STAGE_LABELS[s]}: {STAGE_HINTS[domain][s]}", "value": s} for s in STAGES],
                        value="starting_out",
                        className="stage-radio",
                    ),
                ],
                className="domain",
            )
        )
    facts = html.Div(
        [
            html.Div(
                [
                    html.Label("Name", htmlFor="check-name"),
                    dcc.Input(id="check-name", type="text", value="my service", maxLength=40),
                ],
                className="field",
            ),
            html.Div(
                [
                    html.Label("Nation", htmlFor="check-nation"),
                    dcc.Dropdown(
                        id="check-nation",
                        options=[{"label": n.replace("_", " ").title(), "value": n} for n in NATIONS],
                        value="england",
                        clearable=False,
                    ),
                ],
                className="field",
            ),
            html.Div(
                [
                    html.Label("Start year", htmlFor="check-start"),
                    dcc.Input(id="check-start", type="number", value=2012, step=1),
                ],
                className="field",
            ),
            html.Div(
                [
                    html.Label("Years to simulate", htmlFor="check-years"),
                    dcc.Input(id="check-years", type="number", value=10, step=1),
                ],
                className="field",
            ),
            html.Fieldset(
                [
                    html.Legend("Workload pressure"),
                    dcc.RadioItems(
                        id="check-pressure",
                        options=[{"label": k, "value": k} for k in PRESSURE_LEVELS],
                        value="medium",
                        inline=True,
                    ),
                ],
                className="domain",
            ),
            html.Fieldset(
                [
                    html.Legend("Implementers (the first leads)"),
                    dcc.Checklist(
                        id="check-roles",
                        options=[{"label": v, "value": k} for k, v in ROLE_LABELS.items()],
                        value=["teacher"],
                        inline=True,
                    ),
                    dcc.Checklist(
                        id="check-protected",
                        options=[{"label": "MBCT work is in their job plan", "value": "yes"}],
                        value=[],
                        inline=True,
                    ),
                ],
                className="domain",
            ),
        ],
        className="facts",
    )
    return html.Fieldset(
        [
            html.Legend("Describe your service, domain by domain (stage-by-domain checklist, seed 004)"),
            html.Div(rows, className="domains"),
            facts,
            html.Div(
                [
                    _button("Use this service", "checklist-apply", cls="btn primary"),
                    _button("Save it as a TOML file", "checklist-save"),
                ],
                className="row",
            ),
        ],
        className="checklist",
    )


def _toolbar() -> html.Section:
    return html.Section(
        className="panel toolbar",
        **{"aria-label": "Play controls"},
        children=[
            html.Div(
                [
                    _button("Play", "play", "p", cls="btn primary play", **{"aria-pressed": "false"}),
                    _button("Step a month", "step", "s"),
                    _button("Step a year", "step-year", "y"),
                    _button("Run to the end", "to-end", "e"),
                    _button("Start again", "reset", "a"),
                ],
                className="row",
            ),
            html.Fieldset(
                [
                    html.Legend("Speed"),
                    dcc.RadioItems(
                        id="speed",
                        options=[{"label": v, "value": k} for k, v in SPEEDS.items()],
                        value=DEFAULT_SPEED,
                        inline=True,
                    ),
                ],
                className="speed",
            ),
        ],
    )


def _choice(legend: str, id_: str, options: list[tuple[str, Any]], value: Any) -> html.Fieldset:
    """A labelled row of radio buttons for one intervention option."""
    return html.Fieldset(
        [
            html.Legend(legend),
            dcc.RadioItems(
                id=id_, options=[{"label": lab, "value": v} for lab, v in options], value=value, inline=True
            ),
        ],
        className="domain",
    )


def _interventions() -> html.Section:
    return html.Section(
        className="panel interventions",
        **{"aria-label": "Interventions"},
        children=[
            html.H2("Act now", className="section-title"),
            html.Div(
                [_button(label, f"intervene-{kind}", key, cls="btn act") for kind, label, key in INTERVENTION_BUTTONS],
                className="row",
            ),
            html.Details(
                [
                    html.Summary("Intervention options"),
                    html.Div(
                        [
                            _choice(
                                "Who leaves",
                                "opt-who",
                                [
                                    ("the lead", "lead"),
                                    ("the newest implementer", "newest"),
                                    ("all implementers", "all"),
                                ],
                                "lead",
                            ),
                            _choice(
                                "Funding cut", "opt-cut", [("a quarter", 0.25), ("half", 0.5), ("all of it", 1.0)], 0.5
                            ),
                            _choice(
                                "The new senior leader's view of MBCT",
                                "opt-leader",
                                [("supportive", 0.8), ("neutral", 0.5), ("sceptical", 0.2)],
                                0.5,
                            ),
                            _choice(
                                "New money",
                                "opt-money",
                                [("£30,000 one-off", "oneoff"), ("£30,000 a year, recurrent", "recurrent")],
                                "oneoff",
                            ),
                        ],
                        className="options",
                    ),
                ],
            ),
        ],
    )


def _charts() -> html.Div:
    graph_config = GRAPH_CONFIG
    return html.Div(
        className="charts export-target",
        children=[
            dcc.Graph(id="level-graph", config=graph_config, className="graph"),
            html.Div(id="stages", className="stages", **{"aria-label": "stage of each domain now"}),
            dcc.Graph(id="features-graph", config=graph_config, className="graph"),
        ],
    )


def _timeline() -> html.Aside:
    return html.Aside(
        className="panel timeline-panel",
        **{"aria-label": "What happened"},
        children=[
            html.H2("What happened", className="section-title"),
            html.P("Newest first. ▲ up, ▼ down for the service.", className="hint"),
            html.Div(id="timeline", className="timeline"),
        ],
    )


def _replay() -> html.Section:
    return html.Section(
        className="panel replay",
        **{"aria-label": "Replay this world"},
        children=[
            html.H2("Replay this world with…", className="section-title"),
            html.P(
                "Rewind to the first month and run the same world again, with the same luck and your same "
                "interventions at the same months, but another strategy. The two runs are drawn side by side.",
                className="hint",
            ),
            html.Div(
                [
                    dcc.Dropdown(
                        id="replay-strategy",
                        options=strategy_options(),
                        value="succession_planning",
                        clearable=False,
                        className="grow",
                    ),
                    _button("Replay", "replay", "r", cls="btn primary"),
                    _button("Clear the replay", "replay-clear"),
                ],
                className="row",
            ),
        ],
    )


def _fan() -> html.Section:
    return html.Section(
        className="panel fan",
        **{"aria-label": "Many worlds"},
        children=[
            html.H2("Many worlds", className="section-title"),
            html.P(
                "The same service in many worlds (different luck): median and bands, with this run drawn over them.",
                className="hint",
            ),
            html.Div(
                [
                    html.Label("Worlds", htmlFor="fan-n", className="field-label"),
                    dcc.Dropdown(
                        id="fan-n",
                        options=[{"label": str(n), "value": n} for n in (50, 100, 200, 500)],
                        value=100,
                        clearable=False,
                        className="small-dropdown",
                    ),
                    html.Label("Show", htmlFor="fan-metric", className="field-label"),
                    dcc.Dropdown(
                        id="fan-metric",
                        options=[{"label": v, "value": k} for k, v in FAN_METRICS.items()],
                        value="courses_last_12",
                        clearable=False,
                        className="grow",
                    ),
                    _button("Run many worlds", "fan-btn", "n", cls="btn primary"),
                    html.Span("", id="fan-status", className="status", role="status"),
                ],
                className="row",
            ),
            html.Div(dcc.Graph(id="fan-graph", className="graph", config=GRAPH_CONFIG), className="export-target"),
        ],
    )


def _export() -> html.Section:
    return html.Section(
        className="panel export",
        **{"aria-label": "Export"},
        children=[
            html.H2("Export", className="section-title"),
            html.Div(
                [
                    _button("Save the view as PNG", "export-png", "g"),
                    _button("Save the view as HTML", "export-html", "h"),
                ],
                className="row",
            ),
            html.P(
                "PNG: the charts as one picture for slides. HTML: one self-contained page with the "
                "interactive charts and the timeline; it opens offline.",
                className="hint",
            ),
        ],
    )


def _help() -> html.Section:
    keys = [
        ("P", "play / pause"),
        ("S", "step a month"),
        ("Y", "step a year"),
        ("E", "run to the end"),
        ("A", "start again"),
        ("W", "another world"),
        ("R", "replay"),
    ] + [(k.upper(), label.lower()) for _, label, k in INTERVENTION_BUTTONS]
    return html.Section(
        className="panel help",
        **{"aria-label": "Keyboard"},
        children=[
            html.H2("Keyboard", className="section-title"),
            html.P(
                "Tab moves between controls; Enter or Space presses a button. When no text box has the focus, "
                "single keys work too:",
                className="hint",
            ),
            html.Ul([html.Li([html.Kbd(k), " ", v]) for k, v in keys], className="keys"),
        ],
    )


def serve_layout() -> html.Div:
    """The page, with a fresh session id for every page load: one service's journey, and the nation view."""
    from dashboards import nation_view  # it builds on this module's parts

    return html.Div(
        className="app",
        children=[
            dcc.Store(id="session", data=new_session_id(), storage_type="memory"),
            dcc.Store(id="upload-payload"),
            dcc.Store(id="upload-limit", data=MAX_FILE_BYTES),
            dcc.Store(id="fan-version", data=0),
            dcc.Store(id="png-done"),
            dcc.Interval(id="ticker", interval=TICK_MS, disabled=True, max_intervals=0),
            dcc.Download(id="download-html"),
            dcc.Download(id="download-toml"),
            nation_view.view_switcher(),
            html.Div(
                id="journey-view",
                children=[
                    html.A("Skip to the charts", href="#level-graph", className="skip"),
                    _header(),
                    _setup(),
                    _toolbar(),
                    html.Div(id="message", className="message", role="status", **{"aria-live": "polite"}),
                    html.Div(id="error", className="error", role="alert"),
                    html.Main(
                        [_charts(), html.Div([_interventions(), _timeline()], className="side")], className="main"
                    ),
                    _replay(),
                    _fan(),
                    _export(),
                    _help(),
                ],
            ),
            nation_view.nation_layout(),
        ],
    )
