"""Leave-one-out checks: each target and each pattern predicted by a posterior fitted without it.

A leave-one-out calibration (``journeysim calibrate ... --leave-out NAME``) runs and records the left-out
output for every particle but keeps it out of the distance. Its last generation's particles, each with
the run it was accepted on (``statistics.parquet``), are a posterior predictive sample of that output at
no further cost: :func:`prediction` reads its weighted median and 90% interval and sets them beside the
figure. A figure (or a pattern's side of its threshold) inside the interval is predicted; one outside is
a failure, reported as such.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from journeysim.calibration.abc import MANIFEST, STATISTICS
from journeysim.calibration.posterior_checks import weighted_quantile
from journeysim.calibration.targets import Targets
from journeysim.errors import InputError


def prediction(folder: str | Path, targets: Targets) -> dict[str, Any]:
    """The left-out output of one leave-one-out calibration folder against its figure.

    Returns:
        ``left_out``, ``figure``, ``bound``, ``median``, ``q05``, ``q95``, ``particles`` and ``predicted``
        (the figure inside the 90% interval, or for a one-sided pattern the interval reaching its side).

    """
    root = Path(folder)
    manifest_path, stats_path = root / MANIFEST, root / STATISTICS
    if not manifest_path.is_file() or not stats_path.is_file():
        raise InputError(f"{root}: not a finished calibration folder ({MANIFEST} and {STATISTICS} are needed)")
    left = json.loads(manifest_path.read_text(encoding="utf-8")).get("settings", {}).get("leave_out") or []
    if len(left) != 1:
        raise InputError(f"{manifest_path}: leave_out = {left!r}: a leave-one-out calibration leaves out exactly one")
    name = left[0]
    evidence = {t.name: t for t in targets.evidence}
    if name not in evidence:
        raise InputError(f"{manifest_path}: leave_out = {name!r} is not in {targets.path}")
    stats = pd.read_parquet(stats_path)
    keep = np.isfinite(stats[name].to_numpy(dtype=float))
    q05, median, q95 = weighted_quantile(stats[name][keep], stats["weight"][keep], [0.05, 0.5, 0.95])
    t = evidence[name]
    return {
        "left_out": name,
        "figure": t.figure,
        "bound": t.bound,
        "median": float(median),
        "q05": float(q05),
        "q95": float(q95),
        "particles": int(keep.sum()),
        "predicted": bool(t.error(q05) <= 0.0 <= t.error(q95)),
    }


def predictions(folders: list[Path], targets: Targets) -> pd.DataFrame:
    """One row per leave-one-out folder (:func:`prediction`), in the targets file's order."""
    rows = [prediction(f, targets) for f in folders]
    order = {n: i for i, n in enumerate(targets.names)}
    return pd.DataFrame(rows).sort_values("left_out", key=lambda s: s.map(order)).reset_index(drop=True)
