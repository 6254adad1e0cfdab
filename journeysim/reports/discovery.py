"""The scenario-discovery report: the boxes PRIM found, their limits in plain words, the peeling trajectories."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pandas as pd

from journeysim.outcomes.formats import count, percent
from journeysim.presentation.discovery import (
    box_summary,
    condition_terms,
    few_futures,
    limits_table,
    parameter_label,
    trajectory_figure,
)
from journeysim.presentation.document import Report

MAX_LISTED = 30  # inputs named in the method section
METHOD = (
    "PRIM (the patient rule induction method, as used for scenario discovery by Bryant & Lempert 2010; "
    "EMA Workbench's implementation) peels the box of inputs a little at a time towards the runs that meet "
    "the condition, then pastes back what it peeled too far. Each step trades coverage (the share of the runs "
    "meeting the condition that are in the box) against density (the share of the runs in the box that meet "
    "it). On each trajectory the box shown is the step with the highest coverage among those of density at "
    "least {min_density}; the next box is looked for among the runs outside the boxes before it. A quasi-p "
    "value near 0 says a limit is unlikely to be chance; one near 1 that it may be."
)


def write_discovery_report(
    path: str | os.PathLike[str],
    summary: dict[str, Any],
    trajectories: pd.DataFrame,
    sampled: dict[str, dict[str, Any]],
) -> Path:
    """Write the report as one self-contained HTML file; return its path.

    Args:
        path: Where to write.
        summary: What :meth:`journeysim.api.discovery.Discovery.to_dict` gives.
        trajectories: Every step of every box's peeling trajectory.
        sampled: Each numeric input's sampled range (``low``, ``high``).

    """
    where, runs, hits = summary["where"], summary["runs"], summary["hits"]
    report = Report(
        f"journeysim discover: where {where}",
        f"{summary.get('experiment') or 'sweep'} ({summary['folder']}): the condition holds in "
        f"{count(hits)} of {count(runs)} runs ({percent(hits / runs, 0)})",
    )
    report.section("Boxes")
    if terms := condition_terms(where):
        report.paragraph("The condition names " + "; ".join(terms) + ".")
    if caution := few_futures(summary):
        report.paragraph(f"Caution: {caution}.")
    boxes = summary["boxes"]
    if not boxes:
        report.paragraph(
            f"No box reached a density of {percent(summary['settings']['min_density'], 0)}: the condition is not "
            "concentrated in any box of these inputs (or there are too few runs to tell)."
        )
    for box in boxes:
        report.heading(box_summary(box))
        report.table(limits_table(box, sampled), "Restricted inputs; every other input is free.")
        report.code(box["sql"], "the box as SQL (count it with journeysim query)")
    report.section("Peeling trajectories")
    report.figure(
        trajectory_figure(trajectories, where),
        "Each point is a step of PRIM's peeling and pasting; stars mark the boxes shown above "
        "(a trajectory with no step dense enough is not drawn).",
    )
    report.section("Method")
    report.paragraph(METHOD.format(min_density=percent(summary["settings"]["min_density"], 0)))
    scores = summary["settings"].get("scores")
    if scores:
        kept = summary["settings"]["top"]
        report.paragraph(
            f"Before PRIM, the {kept} inputs that best predict the condition were kept (EMA Workbench's "
            f"extra-trees feature scores, seed {summary['settings']['seed']}); the ten best:"
        )
        top = list(scores.items())[:10]
        report.table(
            pd.DataFrame(
                {
                    "input": [parameter_label(k) for k, _ in top],
                    "name": [k for k, _ in top],
                    "score": [f"{v:.3f}" for _, v in top],
                }
            )
        )
    names = summary["inputs"]
    more = f" and {len(names) - MAX_LISTED} more (all in --json)" if len(names) > MAX_LISTED else ""
    report.paragraph(f"Inputs PRIM could restrict ({len(names)}): " + ", ".join(names[:MAX_LISTED]) + more + ".")
    return report.write(path)
