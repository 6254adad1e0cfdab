"""The setup panel of the journey view: choose a shipped service, or describe your own (file or checklist)."""

from __future__ import annotations

from dash import dcc, html

from journeysim.dashboard.checklist import (
    DOMAIN_TITLES,
    FACT_BOXES,
    PRESSURE_LEVELS,
    ROLE_LABELS,
    STAGE_HINTS,
    STAGE_LABELS,
    allowed_words,
)
from journeysim.dashboard.sessions import DEFAULT_SCENARIO
from journeysim.dashboard.widgets import button, choices, field, panel, radio_group, scenario_options, status
from journeysim.library import MAX_FILE_BYTES
from journeysim.vocabulary import DOMAINS, NATIONS, STAGES


def setup_panel() -> html.Section:
    """Choose a service and a world, or load your own service."""
    world = dcc.Input(
        id="world",
        type="text",
        inputMode="numeric",
        value="0",
        debounce=True,
        maxLength=12,
        className="world-input",
        pattern="[0-9]*",
    )
    upload = dcc.Upload(
        id="upload",
        children=html.Div(
            [
                html.Button("Choose a scenario file (TOML)…", type="button", className="btn"),
                html.Span(f" or drop it here (at most {MAX_FILE_BYTES // 1024} KiB)"),
            ]
        ),
        className="upload",
        multiple=False,
    )
    return panel(
        "panel setup",
        "Choose a service",
        field(
            "Service",
            dcc.Dropdown(
                id="scenario",
                options=scenario_options(),
                value=DEFAULT_SCENARIO,
                clearable=False,
                className="scenario-dropdown",
            ),
            cls="field grow",
        ),
        html.Div(
            [
                html.Label("World", htmlFor="world", className="field-label"),
                world,
                button("Another world", "another-world", "w"),
                html.Span("0 to 9,999", id="world-hint", className="hint"),
            ],
            className="field",
        ),
        status("setup-feedback", "feedback"),
        html.P("", id="scenario-description", className="description"),
        html.Details(
            [
                html.Summary("Load your own service: a TOML file, or the stage-by-domain checklist"),
                html.Div([upload, _checklist()], className="own-service"),
            ],
            className="own",
        ),
    )


def _number_box(key: str, value: int) -> html.Div:
    """A checklist number box, labelled with its allowed range, with its message beside it (callbacks)."""
    label, parameter = FACT_BOXES[key]
    box = dcc.Input(id=f"check-{key}", type="text", inputMode="numeric", value=str(value), maxLength=8, debounce=True)
    words = allowed_words(parameter).removeprefix("a whole number ")
    return html.Div(
        [
            html.Label([label, html.Span(f" ({words})", className="range")], htmlFor=box.id),
            box,
            html.Div(id=f"check-{key}-msg", className="box-msg", role="alert"),
        ],
        className="field",
    )


def _checklist() -> html.Fieldset:
    rows = [
        radio_group(
            DOMAIN_TITLES[domain],
            f"check-{domain}",
            [(f"{STAGE_LABELS[s]}: {STAGE_HINTS[domain][s]}", s) for s in STAGES],
            "starting_out",
            className="stage-radio",
        )
        for domain in DOMAINS
    ]
    nations = [(n.replace("_", " ").title(), n) for n in NATIONS]
    facts = html.Div(
        [
            field("Name", dcc.Input(id="check-name", type="text", value="my service", maxLength=40), label_cls=None),
            field(
                "Nation",
                dcc.Dropdown(id="check-nation", options=choices(nations), value="england", clearable=False),
                label_cls=None,
            ),
            *(_number_box(key, value) for key, value in (("start", 2012), ("years", 10))),
            radio_group(
                "Workload pressure", "check-pressure", [(k, k) for k in PRESSURE_LEVELS], "medium", inline=True
            ),
            html.Fieldset(
                [
                    html.Legend("Implementers (the first leads)"),
                    dcc.Checklist(
                        id="check-roles",
                        options=choices((v, k) for k, v in ROLE_LABELS.items()),
                        value=["teacher"],
                        inline=True,
                    ),
                    dcc.Checklist(
                        id="check-protected",
                        options=choices([("MBCT work is in their job plan", "yes")]),
                        value=[],
                        inline=True,
                    ),
                    html.Div(id="check-roles-msg", className="box-msg", role="alert"),
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
