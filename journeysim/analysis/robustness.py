"""Robustness across futures: each policy's outcome over the uncertainty ensemble, and its regret.

A *future* is what a policy cannot choose: one draw of the uncertain parameters and one seed. In a
sweep with ``uncertain = true`` (or a posterior), replication *i* of every design point draws the same
parameters from the same uncertainty stream and lives through the same random numbers, so replication
*i* is one future shared by every policy (common random numbers). A policy's *regret* in a future is
how far its outcome falls short of the best policy's in that same future (Savage's minimax regret, as
used in robust decision making: Lempert, Popper & Bankes 2003); a robust policy has small regret in
every future, not just a good average.

Frames in, statistics out.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
import pandas as pd

COLUMNS = (
    "policy",
    "futures",
    "mean",
    "low",
    "median",
    "high",
    "mean_regret",
    "max_regret",
    "regret_high",
    "best_share",
)


Label = Callable[[str, Any], str]


def _plain(lever: str, value: Any) -> str:
    return f"{lever} = {value}"


def policy_names(runs: pd.DataFrame, levers: Sequence[str], label: Label = _plain) -> pd.Series:
    """Each run's policy as text: its levers' ``label(lever, value)`` joined by `` · ``."""
    if not levers:
        return pd.Series("all runs", index=runs.index)
    columns = [runs[f"param.{lever}"].tolist() for lever in levers]
    rows = zip(*columns, strict=True)
    names = [" · ".join(label(lever, v) for lever, v in zip(levers, values, strict=True)) for values in rows]
    return pd.Series(names, index=runs.index)


def regret_table(
    runs: pd.DataFrame,
    outcome: str,
    levers: Sequence[str],
    future: str = "replication",
    higher_is_better: bool = True,
    label: Label = _plain,
) -> pd.DataFrame:
    """Each policy's outcome and regret in each future: ``future``, ``policy``, ``value``, ``best``, ``regret``.

    Only futures in which every policy has a value are kept (a failed run or a missing outcome drops that
    future for every policy, so the policies are always compared over the same futures).
    """
    ok = runs[runs["status"] == "ok"] if "status" in runs.columns else runs
    frame = pd.DataFrame(
        {
            "future": ok[future].to_numpy(),
            "policy": policy_names(ok, levers, label).to_numpy(),
            "value": pd.to_numeric(ok[outcome].astype(float), errors="coerce").to_numpy(),
        }
    )
    wide = frame.pivot_table(index="future", columns="policy", values="value", aggfunc="mean", sort=False)
    wide = wide.dropna(how="any")
    best = wide.max(axis=1) if higher_is_better else wide.min(axis=1)
    regret = (best.to_numpy()[:, None] - wide.to_numpy()) * (1 if higher_is_better else -1)
    long = wide.stack().rename("value").reset_index()
    long["best"] = long["future"].map(best)
    long["regret"] = pd.DataFrame(regret, index=wide.index, columns=wide.columns).stack().to_numpy()
    return long[["future", "policy", "value", "best", "regret"]]


def robustness(
    runs: pd.DataFrame,
    outcome: str,
    levers: Sequence[str],
    *,
    future: str = "replication",
    higher_is_better: bool = True,
    band: float = 0.9,
    label: Label = _plain,
) -> pd.DataFrame:
    """For each policy: its outcome across futures and its regret against the best policy in each future.

    Args:
        runs: One row per run: ``param.<lever>`` columns, the ``future`` column and ``outcome``.
        outcome: The outcome column (e.g. ``share_running_final``).
        levers: The parameters that make a policy (a sweep's varied factors).
        future: The column naming the future a run lives in (a sweep's ``replication``).
        higher_is_better: Whether more of ``outcome`` is better.
        band: The central share of futures ``low``..``high`` spans (0.9: the 5th to 95th percentile).
        label: How a policy's lever and value are named (default ``lever = value``).

    Returns:
        One row per policy, most robust first (smallest maximum regret, then smallest mean regret):
        ``policy``, ``futures``, ``mean``, ``low``, ``median``, ``high`` (the outcome across futures),
        ``mean_regret``, ``max_regret``, ``regret_high`` (the regret's upper ``band`` quantile) and
        ``best_share`` (the share of futures in which it was best or tied for best).

    """
    table = regret_table(runs, outcome, levers, future, higher_is_better, label)
    tail = (1 - band) / 2
    rows = []
    for policy, frame in table.groupby("policy", sort=False):
        values, regret = frame["value"].to_numpy(), frame["regret"].to_numpy()
        rows.append(
            {
                "policy": policy,
                "futures": len(frame),
                "mean": float(values.mean()),
                "low": float(np.quantile(values, tail)),
                "median": float(np.median(values)),
                "high": float(np.quantile(values, 1 - tail)),
                "mean_regret": float(regret.mean()),
                "max_regret": float(regret.max()),
                "regret_high": float(np.quantile(regret, 1 - tail)),
                "best_share": float(np.mean(np.isclose(regret, 0.0))),
            }
        )
    out = pd.DataFrame(rows, columns=list(COLUMNS))
    return out.sort_values(["max_regret", "mean_regret"], kind="stable").reset_index(drop=True)
