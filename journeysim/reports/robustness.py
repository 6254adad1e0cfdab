"""The sweep report's sections on policies: outcomes by policy, and robustness across futures.

A sweep whose runs draw what we do not know (``uncertain = true`` or a posterior) runs every policy
(design point) in the same futures: replication *i* is one draw of the uncertain parameters and one
seed, shared by every policy. The robustness section compares the policies future by future.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from journeysim.analysis.robustness import regret_table, robustness
from journeysim.outcomes import spec
from journeysim.outcomes.formats import by_format
from journeysim.presentation.document import Report
from journeysim.presentation.robustness import lever_text, regret_figure, robustness_table

# Outcomes compared across futures, the first few a sweep's runs hold (populations first, then single services).
ROBUST_OUTCOMES = (
    "share_running_final",
    "share_fragile_or_better_final",
    "participants_per_100k_year",
    "running_at_end",
    "participants_total",
)
POPULATION_OUTCOMES = (
    "share_embedded_final",
    "share_fragile_or_better_final",
    "share_running_final",
    "share_no_teacher_final",
    "participants_per_100k_year",
    "relapses_prevented_total",
    "policy_money_total",
    "gini_final",
)
MAX_OUTCOMES = 3


def _declared(column: str) -> Any:
    for scope in ("population", "run"):
        try:
            return spec(column, scope)
        except KeyError:
            continue
    return None


def add_policy_outcomes(report: Report, runs: pd.DataFrame, levers: list[str]) -> None:
    """A population sweep's national outcomes by policy: the mean over its runs of each declared outcome."""
    ok = runs[runs["status"] == "ok"] if "status" in runs.columns else runs
    columns = [c for c in POPULATION_OUTCOMES if c in ok.columns]
    if not levers or not columns:
        return
    keys = [f"param.{lever}" for lever in levers]
    means = ok.groupby(keys, sort=True, dropna=False)[columns].mean().reset_index()
    table = pd.DataFrame(
        {
            "policy": [
                " · ".join(lever_text(lv, row[k]) for lv, k in zip(levers, keys, strict=True))
                for _, row in means.iterrows()
            ],
            "runs": ok.groupby(keys, sort=True, dropna=False).size().to_numpy(),
        }
    )
    for column in columns:
        declared = _declared(column)
        table[declared.label] = means[column].map(lambda v, d=declared: by_format(v, d.format))
    report.section("Outcomes by policy")
    report.table(table, "Means over each policy's runs (in 2028 for the UK population).")


def add_robustness(report: Report, runs: pd.DataFrame, experiment: dict[str, Any], levers: list[str]) -> bool:
    """The robustness section, if the sweep ran its policies in shared futures; returns whether it was added."""
    futures = experiment.get("uncertain") or experiment.get("posterior")
    if not levers or not futures or int(experiment.get("replications", 1)) < 2:
        return False
    outcomes = [c for c in ROBUST_OUTCOMES if c in runs.columns][:MAX_OUTCOMES]
    if not outcomes:
        return False
    drawn = (
        "a draw from the calibrated posterior"
        if experiment.get("posterior")
        else "a draw of every uncertain parameter from its declared range"
    )
    report.section("Robustness across futures")
    report.paragraph(
        f"Each policy ran in the same {experiment.get('replications')} futures: replication i is {drawn} "
        "and one seed, the same for every policy (common random numbers). A policy's regret in a future is how "
        "far its outcome falls short of the best policy's in that same future; the most robust policy (smallest "
        "largest regret) is listed first. Futures in which a run failed are left out for every policy."
    )
    for column in outcomes:
        declared = _declared(column)
        label, fmt = (declared.label, declared.format) if declared else (column, "decimal2")
        if fmt == "flag":
            fmt = "percent0"  # a yes/no outcome: its mean is a share
        report.heading(label.capitalize())
        table = robustness(runs, column, levers, label=lever_text)
        report.table(robustness_table(table, fmt), f"{label}: across futures, and regret against the best policy.")
        regrets = regret_table(runs, column, levers, label=lever_text)
        report.figure(regret_figure(regrets, label, share=fmt.startswith("percent")))
    return True
