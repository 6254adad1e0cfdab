"""Small parts both views of the page use: graph settings, buttons, the lists of shipped scenarios, the view switch.

Also the fan chart's choice of where the worlds' parameters come from, and the line naming a posterior.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

from dash import dcc, html

from journeysim.dashboard import draws as drawsmod
from journeysim.dashboard.sessions import SAME_STRATEGY, strategy_label
from journeysim.fingerprint import code_fingerprint
from journeysim.library import load_scenario, read_toml, shipped_scenarios, shipped_strategies
from journeysim.scenario import ScenarioError
from journeysim.uncertainty import Posterior

CUSTOM = "__custom__"
# A short mode bar (fewer tab stops): save as PNG, and reset the axes.
GRAPH_CONFIG = {
    "displaylogo": False,
    "toImageButtonOptions": {"format": "png", "scale": 2},
    "modeBarButtons": [["toImage", "resetScale2d"]],
}


def button(label: str, id_: str, key: str | None = None, cls: str = "btn", **kw: Any) -> html.Button:
    """A native button; with ``key``, its single-key shortcut is shown on it and announced."""
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


def view_switcher() -> html.Nav:
    """The two buttons at the top of the page that switch between the views."""
    return html.Nav(
        [
            html.Button(
                "One service's journey",
                id="view-journey",
                n_clicks=0,
                type="button",
                className="view-btn selected",
                **{"aria-pressed": "true", "aria-controls": "journey-view"},
            ),
            html.Button(
                "A nation of services (policy)",
                id="view-nation",
                n_clicks=0,
                type="button",
                className="view-btn",
                **{"aria-pressed": "false", "aria-controls": "nation-view"},
            ),
        ],
        className="view-switcher",
        **{"aria-label": "Views"},
    )


def posterior_line(posterior: Posterior) -> tuple[str, str]:
    """The line naming a posterior (folder, particles, calibrated parameters, targets file), and a warning.

    The warning (else ``""``) says the posterior was calibrated with other model code: its manifest's
    code fingerprint differs from this code's.
    """
    targets = posterior.manifest.get("targets")
    n = len(posterior.parameters)
    line = (
        f"Posterior '{Path(posterior.source).name}': {posterior.particles} particles, "
        f"{n} calibrated parameter{'s' * (n != 1)}, targets {Path(str(targets)).name if targets else 'not recorded'}."
    )
    made, now = posterior.manifest.get("code_fingerprint"), code_fingerprint()
    warning = ""
    if made is not None and made != now:
        warning = (
            f" Warning: calibrated with other model code (fingerprint {made}; this code is {now}), "
            "so its particles may no longer fit the model."
        )
    return line, warning


def posterior_box_style(shown: bool) -> dict[str, str]:
    """The posterior list's style: a flex row (``.row``) overrides ``hidden``, so hiding sets ``display`` too."""
    return {} if shown else {"display": "none"}


def draws_control() -> html.Div:
    """Where the fan's worlds take their parameters from; the posterior choice only when a posterior is on offer."""
    choices = drawsmod.posterior_choices()
    default = drawsmod.default_draws()
    kinds = [k for k in drawsmod.DRAWS if k != drawsmod.POSTERIOR or choices]
    usable = [c for c in choices if not c.problem]
    chosen = (usable or choices)[0].path if choices else None
    return html.Div(
        [
            html.Fieldset(
                [
                    html.Legend("Parameters"),
                    dcc.RadioItems(
                        id="fan-params",
                        options=[{"label": drawsmod.DRAWS[k], "value": k} for k in kinds],
                        value=default.kind,
                        inline=True,
                    ),
                ],
                className="speed fan-params",
            ),
            html.Div(
                [
                    html.Label("Posterior", htmlFor="fan-posterior", className="field-label"),
                    dcc.Dropdown(
                        id="fan-posterior",
                        options=[{"label": c.label, "value": c.path} for c in choices],
                        value=chosen,
                        clearable=False,
                        className="grow",
                    ),
                ],
                id="fan-posterior-box",
                className="row grow",
                hidden=default.kind != drawsmod.POSTERIOR,
                style=posterior_box_style(default.kind == drawsmod.POSTERIOR),
            ),
            html.P(
                "",
                id="fan-posterior-info",
                className="hint",
                role="status",
                style={"flexBasis": "100%"},
                **{"aria-live": "polite"},
            ),
        ],
        className="row fan-draws",
    )
