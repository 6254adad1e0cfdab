"""The advice report: one service's forecast, its options ranked, what to watch for (``journeysim advise --report``)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pandas as pd

from journeysim.presentation.advice import (
    UNTOLD,
    cost_words,
    drawn_from,
    effect_cell,
    effects_figure,
    forecast_rows,
    method_line,
    option_name,
    watch_lines,
)
from journeysim.presentation.document import Report


def options_table(summary: dict[str, Any]) -> pd.DataFrame:
    """One row per option, best first: its strategies, effect with interval, whether it can be told from none, cost."""
    return pd.DataFrame(
        [
            {
                "rank": i,
                "strategies": option_name(o),
                f"effect on {summary['ranked_by']}": effect_cell(o["effect"]),
                "can it be told from no change?": "yes" if o["effect"]["ci_excludes_zero"] else f"no: {UNTOLD}",
                "cost": cost_words(o),
            }
            for i, o in enumerate(summary["options"], start=1)
        ]
    )


def write_advice_report(path: str | os.PathLike[str], summary: dict[str, Any], manifest: dict[str, Any]) -> Path:
    """Write the advice report as one self-contained HTML file; return its path.

    Args:
        path: Where to write.
        summary: What ``journeysim advise --json`` prints.
        manifest: The run manifest (scenarios, seed, versions...).

    """
    first, last = summary["start_year"], summary["start_year"] + summary["years"] - 1
    report = Report(
        f"journeysim advice: {summary['service']}",
        f"{summary['years']} years ({first}-{last}), {summary['worlds']} simulated worlds per option, "
        f"seed {summary['seed']}, common random numbers",
    )
    if summary.get("description"):
        report.paragraph(summary["description"])
    report.paragraph(f"Uncertain parameters {drawn_from(summary)}. {method_line(summary)}", "caption")

    report.section("Forecast for the service as it is")
    report.table(pd.DataFrame(forecast_rows(summary), columns=["outcome", "estimate [interval]"]))

    report.section("Which strategies would help most")
    best = summary["options"][0]
    report.paragraph(
        f"Ranked by the paired effect on the share of worlds {summary['ranked_by']}: each option lives through the "
        f"same {summary['worlds']} worlds as the service as it is, so the difference is the option's doing. "
        f"Best: {option_name(best)}, {effect_cell(best['effect'])}. An effect whose interval includes zero "
        f"{UNTOLD}; more worlds (--replications) narrow the intervals."
    )
    shown = min(15, len(summary["options"]))
    report.figure(
        effects_figure(summary, shown),
        f"The {shown} best options' effects with their intervals; the dashed line is no change.",
    )
    report.table(options_table(summary))

    report.section("What to watch for")
    head, *signs = watch_lines(summary)
    report.paragraph(head)
    if signs:
        report.bullets([s.strip().removeprefix("- ") for s in signs])
        report.paragraph(
            "Counted in this service's own simulated worlds: for each kind of setback, the share of declining worlds "
            "in which it came in the window before the first decline, beside how often it happened at all in the "
            "worlds that never declined.",
            "caption",
        )

    report.section("How this was made")
    report.code(manifest, "Run manifest")
    return report.write(path)
