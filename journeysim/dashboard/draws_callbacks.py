"""The fan chart's choice of where parameters come from: show the posterior list and name the chosen one."""

from __future__ import annotations

from typing import Any

from dash import Dash, Input, Output, html

from journeysim.dashboard import draws as drawsmod
from journeysim.dashboard.widgets import posterior_box_style, posterior_line


def register_draws(app: Dash) -> None:
    """Register the callback that shows or hides the posterior list and describes the chosen posterior."""

    @app.callback(
        output={
            "hidden": Output("fan-posterior-box", "hidden"),
            "style": Output("fan-posterior-box", "style"),
            "info": Output("fan-posterior-info", "children"),
            "cls": Output("fan-posterior-info", "className"),
        },
        inputs={"params": Input("fan-params", "value"), "path": Input("fan-posterior", "value")},
    )
    def describe_posterior(params: str | None, path: str | None) -> dict[str, Any]:
        """With the posterior chosen: the list of posteriors, and one line naming the chosen one (or what is wrong)."""
        shown = {"hidden": params != drawsmod.POSTERIOR, "style": posterior_box_style(params == drawsmod.POSTERIOR)}
        if params != drawsmod.POSTERIOR:
            return {**shown, "info": "", "cls": "hint"}
        try:
            posterior = drawsmod.open_posterior(path)
        except ValueError as exc:
            return {**shown, "info": f"This posterior cannot be used: {exc}", "cls": "error"}
        line, warning = posterior_line(posterior)
        return {**shown, "info": [line, html.Strong(warning)] if warning else line, "cls": "hint"}
