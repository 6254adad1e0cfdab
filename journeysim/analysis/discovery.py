"""Scenario discovery: boxes of inputs in which a condition holds, found with PRIM (EMA Workbench).

PRIM (the patient rule induction method; Friedman & Fisher 1999, as used for scenario discovery by
Bryant & Lempert 2010) peels a box of inputs, a little at a time, towards the runs in which a
condition holds, then pastes back what it peeled too far. Each step of that peeling trajectory
trades *coverage* (the share of the runs meeting the condition that lie in the box) against
*density* (the share of the runs in the box that meet it). :func:`find_boxes` runs EMA Workbench's
PRIM, picks on each trajectory the box with the highest coverage among those of density at least
``min_density``, and looks for the next box among the runs outside the boxes found before.

Frames in, boxes out: reading the runs and evaluating the condition happen elsewhere.
"""

from __future__ import annotations

import logging
import warnings
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd


@dataclass(frozen=True)
class Box:
    """One box of inputs: where a condition holds.

    Attributes:
        number: 1 for the first box found, 2 for the next (found among the runs outside box 1)...
        coverage: Share of all runs meeting the condition that are in this box (and in no box before it).
        density: Share of the runs in this box (and in no box before it) that meet the condition.
        mass: Share of all runs that are in this box (and in no box before it).
        runs: Runs in the box (outside earlier boxes).
        hits: Of those, the runs that meet the condition.
        limits: One row per restricted input: ``input``, ``low`` and ``high`` (numbers; ``None`` for a
            set of values), ``values`` (the values kept, for yes/no and choice inputs), ``qp_low`` and
            ``qp_high`` (Bryant & Lempert's quasi-p values of the lower and upper limit; ``None`` where
            that side is not restricted).
        step: The chosen step on the box's peeling trajectory.

    """

    number: int
    coverage: float
    density: float
    mass: float
    runs: int
    hits: int
    limits: pd.DataFrame
    step: int


@dataclass(frozen=True)
class Discovery:
    """What :func:`find_boxes` found.

    Attributes:
        boxes: The boxes, in the order found (empty if no step reached ``min_density``).
        trajectories: One row per step of every box's peeling trajectory: ``box``, ``step``,
            ``coverage``, ``density``, ``mass``, ``restricted`` (inputs restricted) and ``chosen``.
        runs: Runs analysed.
        hits: Of those, the runs meeting the condition.
        inputs: The inputs PRIM could restrict.
        min_density: The density a chosen box had to reach.

    """

    boxes: list[Box]
    trajectories: pd.DataFrame
    runs: int
    hits: int
    inputs: list[str]
    min_density: float
    settings: dict[str, Any] = field(default_factory=dict)


def _prim_module() -> Any:
    """EMA Workbench's PRIM, imported without its notice that ipyparallel (unused here) is missing."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=".*ipyparallel.*")
        warnings.filterwarnings("ignore", message=".*altair.*")
        from ema_workbench.analysis import prim
    logging.getLogger("EMA").setLevel(logging.WARNING)
    return prim


def prim_inputs(x: pd.DataFrame) -> pd.DataFrame:
    """The inputs as PRIM reads them: numbers as floats; yes/no and choices as text (PRIM's categories)."""
    out = {}
    for name, column in x.items():
        if pd.api.types.is_bool_dtype(column) or not pd.api.types.is_numeric_dtype(column):
            out[name] = column.map(lambda v: str(v).lower() if isinstance(v, bool | np.bool_) else str(v))
        else:  # whole numbers too: PRIM's pasting may set a limit half-way between two of them
            out[name] = column.astype(float)
    return pd.DataFrame(out, index=x.index)


def _limits(box: Any, step: int) -> pd.DataFrame:
    """The inputs restricted at one step of a box's trajectory (those with quasi-p values), as a tidy frame."""
    lims = box.box_lims[step]
    rows = []
    for name, (qp_low, qp_high) in box.p_values[step].items():
        low, high = lims.loc[0, name], lims.loc[1, name]
        choices = isinstance(low, set)
        rows.append(
            {
                "input": str(name),
                "low": None if choices else float(low),
                "high": None if choices else float(high),
                "values": sorted(low) if choices else None,
                "qp_low": None if qp_low is None or qp_low < 0 else float(qp_low),  # -1: that side is free
                "qp_high": None if qp_high is None or qp_high < 0 else float(qp_high),
            }
        )
    return pd.DataFrame(rows, columns=["input", "low", "high", "values", "qp_low", "qp_high"])


def _choose(trajectory: pd.DataFrame, min_density: float) -> int | None:
    """The step with the highest coverage among those dense enough (then the densest); ``None`` if none is."""
    dense = trajectory[trajectory["density"] >= min_density]
    if dense.empty:
        return None
    best = dense.sort_values(["coverage", "density", "mass"], ascending=[False, False, False], kind="stable")
    return int(best.index[0])


def find_boxes(
    x: pd.DataFrame,
    y: np.ndarray | pd.Series,
    *,
    min_density: float = 0.5,
    max_boxes: int = 3,
    peel_alpha: float = 0.05,
    mass_min: float = 0.05,
) -> Discovery:
    """Boxes of the inputs ``x`` in which ``y`` is true, with EMA Workbench's PRIM.

    Args:
        x: One row per run, one column per input (numbers, yes/no or text).
        y: Whether each run meets the condition.
        min_density: The density a chosen box must reach (0-1).
        max_boxes: At most this many boxes (each found among the runs outside the boxes before it).
        peel_alpha: Share of the runs peeled at each step (PRIM's ``peel_alpha``).
        mass_min: Smallest share of all runs a box may hold (PRIM's ``mass_min``).

    Returns:
        A :class:`Discovery`; its boxes stop when a trajectory has no step of density ``min_density``,
        when no run meeting the condition is left outside the boxes, or at ``max_boxes``.

    Raises:
        ValueError: if ``y`` is true for no run or for every run, or ``x`` has no input.

    """
    y = np.asarray(y, dtype=bool)
    if x.shape[1] == 0:
        raise ValueError("there is no input to restrict")
    if not y.any() or y.all():
        raise ValueError(f"the condition holds in {int(y.sum())} of {len(y)} runs; it must hold in some but not all")
    prim = _prim_module()
    finder = prim.Prim(
        prim_inputs(x).reset_index(drop=True), y, peel_alpha=peel_alpha, paste_alpha=peel_alpha, mass_min=mass_min
    )
    boxes: list[Box] = []
    steps: list[pd.DataFrame] = []
    while len(boxes) < max_boxes:
        box = finder.find_box()
        if box is None:
            break
        trajectory = box.peeling_trajectory.reset_index(drop=True)
        chosen = _choose(trajectory, min_density)
        steps.append(
            pd.DataFrame(
                {
                    "box": len(boxes) + 1,
                    "step": trajectory["id"].astype(int),
                    "coverage": trajectory["coverage"].astype(float),
                    "density": trajectory["density"].astype(float),
                    "mass": trajectory["mass"].astype(float),
                    "restricted": trajectory["res_dim"].astype(int),
                    "chosen": trajectory.index == chosen,
                }
            )
        )
        if chosen is None:  # not a box: no step is dense enough (or no run meeting the condition is left)
            break
        box.select(chosen)
        row = trajectory.loc[chosen]
        boxes.append(
            Box(
                number=len(boxes) + 1,
                coverage=float(row["coverage"]),
                density=float(row["density"]),
                mass=float(row["mass"]),
                runs=int(row["n"]),
                hits=int(row["k"]),
                limits=_limits(box, chosen),
                step=chosen,
            )
        )
    columns = ["box", "step", "coverage", "density", "mass", "restricted", "chosen"]
    trajectories = pd.concat(steps, ignore_index=True) if steps else pd.DataFrame(columns=columns)
    settings = {"peel_alpha": peel_alpha, "paste_alpha": peel_alpha, "mass_min": mass_min, "max_boxes": max_boxes}
    return Discovery(boxes, trajectories, len(y), int(y.sum()), list(x.columns), min_density, settings)


def in_box(x: pd.DataFrame, limits: pd.DataFrame) -> np.ndarray:
    """Which rows of ``x`` lie within a box's ``limits`` (inclusive, as PRIM counts them)."""
    inside = np.ones(len(x), dtype=bool)
    values = prim_inputs(x)
    for row in limits.itertuples(index=False):
        column = values[row.input]
        if row.values is not None:
            inside &= column.isin(list(row.values)).to_numpy()
        else:
            inside &= ((column >= row.low) & (column <= row.high)).to_numpy()
    return inside


def feature_scores(x: pd.DataFrame, y: np.ndarray, seed: int = 0) -> pd.Series:
    """How well each input predicts ``y``: EMA Workbench's extra-trees feature scores, highest first (sum 1)."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=".*ipyparallel.*")
        from ema_workbench.analysis.feature_scoring import get_ex_feature_scores
    scores, _ = get_ex_feature_scores(prim_inputs(x), np.asarray(y, dtype=bool), random_state=seed)
    return scores.iloc[:, 0].rename("score")
