"""Small parts both views of the page use: graph settings, buttons, the lists of shipped scenarios, the view switch.

Also the fan chart's choice of where the worlds' parameters come from, and the line naming a posterior.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
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


def graph(id_: str, figure: Any = None) -> dcc.Graph:
    """A chart, with the page's short mode bar (and a first figure, else Dash's empty axes until a callback)."""
    return dcc.Graph(id=id_, className="graph", config=GRAPH_CONFIG, **({"figure": figure} if figure else {}))


def placeholder(text: str, height: int = 300) -> Any:
    """A chart with no axes, only ``text`` (what to press to fill it)."""
    import plotly.graph_objects as go

    from journeysim.presentation.style import apply_style

    fig = apply_style(go.Figure(), height=height)
    fig.add_annotation(text=text, showarrow=False, xref="paper", yref="paper", x=0.5, y=0.5, font={"size": 20})
    return fig.update_xaxes(visible=False).update_yaxes(visible=False)


def choices(pairs: Iterable[tuple[Any, Any]]) -> list[dict[str, Any]]:
    """Options of a radio group, checklist or dropdown from ``(label, value)`` pairs."""
    return [{"label": label, "value": value} for label, value in pairs]


def radio_group(
    legend: str, id_: str, options: Iterable[tuple[Any, Any]], value: Any, cls: str | None = "domain", **kw: Any
) -> html.Fieldset:
    """A labelled group of radio buttons (``kw`` goes to the ``RadioItems``, such as ``inline``)."""
    radio = dcc.RadioItems(id=id_, options=choices(options), value=value, **kw)
    return html.Fieldset([html.Legend(legend), radio], **({"className": cls} if cls else {}))


def field(label: str, control: Any, cls: str = "field", label_cls: str | None = "field-label", **kw: Any) -> html.Div:
    """A control with its label (for the control's ``id``) before it; ``kw`` goes to the ``Div`` around them."""
    label_kw = {"className": label_cls} if label_cls else {}
    return html.Div([html.Label(label, htmlFor=control.id, **label_kw), control], className=cls, **kw)


def status(id_: str, cls: str, tag: Any = html.Div, **kw: Any) -> Any:
    """Where the page says what just happened, read out by screen readers (a ``tag``; ``kw`` goes to it)."""
    return tag(id=id_, className=cls, role="status", **{"aria-live": "polite"}, **kw)


def panel(
    cls: str, aria: str, *children: Any, title: str | None = None, hint: str | None = None, tag: Any = html.Section
) -> Any:
    """A labelled section of the page (a ``tag``): its title and a hint (when given), then ``children``."""
    head = [html.H2(title, className="section-title")] if title else []
    head += [html.P(hint, className="hint")] if hint else []
    return tag(className=cls, **{"aria-label": aria}, children=[*head, *children])


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


def compare_options() -> list[dict[str, str]]:
    """The strategies the many worlds can be compared with (by name, in words)."""
    return [{"label": f"with and without {strategy_label(n)}", "value": n} for n in shipped_strategies()]


def view_switcher() -> html.Nav:
    """The two buttons at the top of the page that switch between the views."""
    views = (("journey", "One service's journey", True), ("nation", "A nation of services (policy)", False))
    buttons = [
        html.Button(
            label,
            id=f"view-{key}",
            n_clicks=0,
            type="button",
            className="view-btn selected" if selected else "view-btn",
            **{"aria-pressed": str(selected).lower(), "aria-controls": f"{key}-view"},
        )
        for key, label, selected in views
    ]
    return html.Nav(buttons, className="view-switcher", **{"aria-label": "Views"})


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
    posterior = default.kind == drawsmod.POSTERIOR
    options = [{"label": c.label, "value": c.path} for c in choices]
    return html.Div(
        [
            radio_group(
                "Parameters",
                "fan-params",
                [(drawsmod.DRAWS[k], k) for k in kinds],
                default.kind,
                cls="speed fan-params",
                inline=True,
            ),
            field(
                "Posterior",
                dcc.Dropdown(id="fan-posterior", options=options, value=chosen, clearable=False, className="grow"),
                cls="row grow",
                id="fan-posterior-box",
                hidden=not posterior,
                style=posterior_box_style(posterior),
            ),
            status("fan-posterior-info", "hint", html.P, children="", style={"flexBasis": "100%"}),
        ],
        className="row fan-draws",
    )
