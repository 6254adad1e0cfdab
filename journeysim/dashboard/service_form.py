"""The setup panel of the journey view: choose a shipped service, or describe your own (file or checklist)."""

from __future__ import annotations

from dash import dcc, html

from journeysim.dashboard.checklist import DOMAIN_TITLES, PRESSURE_LEVELS, ROLE_LABELS, STAGE_HINTS, STAGE_LABELS
from journeysim.dashboard.sessions import DEFAULT_SCENARIO
from journeysim.dashboard.widgets import button, scenario_options
from journeysim.library import MAX_FILE_BYTES
from journeysim.vocabulary import DOMAINS, NATIONS, STAGES


def setup_panel() -> html.Section:
    """Choose a service and a world, or load your own service."""
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
                        type="text",
                        inputMode="numeric",
                        value="0",
                        debounce=True,
                        maxLength=12,
                        className="world-input",
                        pattern="[0-9]*",
                    ),
                    button("Another world", "another-world", "w"),
                    html.Span("0 to 9,999", id="world-hint", className="hint"),
                ],
                className="field",
            ),
            html.Div(id="setup-feedback", className="feedback", role="status", **{"aria-live": "polite"}),
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
                    button("Use this service", "checklist-apply", cls="btn primary"),
                    button("Save it as a TOML file", "checklist-save"),
                ],
                className="row",
            ),
        ],
        className="checklist",
    )
