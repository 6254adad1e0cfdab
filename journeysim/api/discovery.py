"""Scenario discovery on a sweep's results folder (as ``journeysim discover``): where a condition holds.

The condition is a DuckDB SQL expression over the folder's ``runs`` view (the view ``journeysim query``
reads), e.g. ``share_running_final < 1/3``; the inputs are the parameters and levers that vary across
the runs (the ``param.*`` columns). :func:`discover` evaluates the one over the runs, hands both to
PRIM (:func:`journeysim.analysis.discovery.find_boxes`) and returns the boxes with their coverage,
density, mass and limits, each box with the SQL that counts it again.
"""

from __future__ import annotations

import fnmatch
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from journeysim.api import inputs as checks
from journeysim.errors import InputError

MEETS = "journeysim_meets"


def _sql_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    return "$$" + str(value) + "$$"  # dollar-quoted: the SQL reads the same inside a shell's single quotes


def box_sql(limits: list[dict[str, Any]], kinds: dict[str, str]) -> str:
    """The SQL condition (over the runs view) that a run lies within a box's limits."""
    parts = []
    for limit in limits:
        column = '"param.' + limit["input"].replace('"', '""') + '"'
        if limit["values"] is not None:
            values = [v == "true" if kinds.get(limit["input"]) == "bool" else v for v in limit["values"]]
            parts.append(f"{column} IN ({', '.join(_sql_value(v) for v in values)})")
        else:
            parts.append(f"{column} BETWEEN {limit['low']!r} AND {limit['high']!r}")
    return " AND ".join(parts) or "true"


@dataclass(frozen=True)
class Discovery:
    """The boxes :func:`discover` found, from a sweep's results folder.

    Attributes:
        folder: The results folder.
        where: The condition (SQL over the ``runs`` view).
        boxes: One row per box: ``box``, ``coverage``, ``density``, ``mass``, ``runs``, ``hits``, ``sql``.
        limits: One row per restricted input of each box: ``box``, ``input``, ``label``, ``low``,
            ``high``, ``values``, ``qp_low``, ``qp_high``, ``words`` (the limit in plain words).
        trajectories: Every step of every box's peeling trajectory (``box``, ``step``, ``coverage``,
            ``density``, ``mass``, ``restricted``, ``chosen``).
        runs: Successful runs analysed; ``hits`` of them meet the condition.
        inputs: The inputs PRIM could restrict (parameter names), with ``scores`` if ``top`` chose them.
        settings: What was asked (``min_density``, ``max_boxes``, ``top``...) and, for a sweep in shared
            futures, ``futures``: how many futures there are and in how many the condition holds.

    """

    folder: Path
    where: str
    boxes: pd.DataFrame
    limits: pd.DataFrame
    trajectories: pd.DataFrame
    runs: int
    hits: int
    inputs: list[str]
    settings: dict[str, Any] = field(default_factory=dict)
    sampled: dict[str, dict[str, Any]] = field(default_factory=dict, repr=False)
    experiment: dict[str, Any] = field(default_factory=dict, repr=False)

    def to_dict(self) -> dict[str, Any]:
        """What ``journeysim discover --json`` prints."""

        def clean(value: Any) -> Any:
            if isinstance(value, float) and value != value:
                return None
            if hasattr(value, "item"):
                return value.item()
            return value

        boxes = []
        for row in self.boxes.to_dict("records"):
            limits = self.limits[self.limits["box"] == row["box"]].drop(columns="box").to_dict("records")
            boxes.append(
                {k: clean(v) for k, v in row.items()}
                | {"limits": [{k: clean(v) for k, v in lim.items()} for lim in limits]}
            )
        return {
            "folder": str(self.folder),
            "experiment": self.experiment.get("name"),
            "where": self.where,
            "runs": self.runs,
            "hits": self.hits,
            "inputs": self.inputs,
            "settings": self.settings,
            "boxes": boxes,
            "trajectories": [{k: clean(v) for k, v in r.items()} for r in self.trajectories.to_dict("records")],
        }

    def write_report(self, path: str | os.PathLike[str]) -> Path:
        """Write the self-contained HTML report (boxes, limits in words, peeling trajectories)."""
        from journeysim.reports.discovery import write_discovery_report

        return write_discovery_report(path, self.to_dict(), self.trajectories, self.sampled)


def _inputs(runs: pd.DataFrame, wanted: list[str] | None) -> list[str]:
    """The varied ``param.*`` columns (names without the prefix), narrowed to ``wanted`` names or patterns."""
    varied = [c.removeprefix("param.") for c in runs.columns if c.startswith("param.") and runs[c].nunique() > 1]
    if not wanted:
        return varied
    chosen: list[str] = []
    for pattern in wanted:
        matched = [n for n in varied if fnmatch.fnmatchcase(n, pattern)]
        if not matched:
            shown = ", ".join(varied[:8]) + (f" and {len(varied) - 8} more" if len(varied) > 8 else "")
            raise checks.UsageError(
                f"{checks.named('inputs', pattern)}: names no parameter that varies in these runs (they are: {shown})"
            )
        chosen += [n for n in matched if n not in chosen]
    return chosen


def _condition(folder: Path, where: str) -> pd.DataFrame:
    """Each successful run's id and whether it meets ``where`` (a missing value does not meet it)."""
    from journeysim.batch.errors import BatchInputError
    from journeysim.batch.store import query

    given = checks.named("where", where)
    if not isinstance(where, str) or not where.strip():
        raise checks.UsageError(f'{given}: give a condition on the runs\' columns, e.g. "share_running_final < 1/3"')
    try:
        kind = query(folder, f"DESCRIBE SELECT ({where}) AS {MEETS} FROM runs")["column_type"].iloc[0]
        if kind != "BOOLEAN":
            raise checks.UsageError(
                f'{given}: is a {kind.lower()} value, not a yes/no condition; compare it, e.g. "{where} < 1/3"'
            )
        sql = f"SELECT run_id, coalesce(({where}), false) AS {MEETS} FROM runs WHERE status = 'ok'"
        return query(folder, sql)
    except BatchInputError as exc:
        detail = str(exc).removeprefix(f"query on {folder}: ")
        missing = re.search(r'Referenced column "([^"]*)" not found', detail)
        if missing:
            detail = f'names no column "{missing.group(1)}" of the runs (outcomes such as share_running_final)'
        raise checks.UsageError(
            f"{given}: {detail} (the condition is SQL over the runs' columns, as in journeysim query)"
        ) from None


def discover(
    results: str | os.PathLike[str],
    where: str,
    *,
    inputs: list[str] | None = None,
    top: int | None = None,
    min_density: float = 0.5,
    max_boxes: int = 3,
    seed: int = 0,
) -> Discovery:
    """Scenario discovery (PRIM) on a sweep's results folder: the boxes of inputs where ``where`` holds.

    Args:
        results: A sweep's results folder (``journeysim sweep --out``).
        where: A yes/no SQL expression over the runs' columns, e.g. ``"share_running_final < 1/3"``
            (quote names with dots: ``"param.policy_training_places" >= 300``); a run where it is
            missing (NULL) does not meet it.
        inputs: Only these inputs (parameter names or patterns such as ``"policy_*"``; default: every
            parameter that varies across the runs).
        top: Keep only the ``top`` inputs that best predict the condition (EMA Workbench's extra-trees
            feature scores, seeded with ``seed``) before PRIM: fewer inputs, fewer chance boxes.
        min_density: The density a chosen box must reach (the share of its runs meeting the condition).
        max_boxes: At most this many boxes.
        seed: Seed of the feature scoring (PRIM itself draws no random numbers).

    Returns:
        A :class:`Discovery`.

    Raises:
        InputError: for a folder that is not a sweep's (empty, another kind, no runs yet), a condition
            that names no column, is not yes/no, or holds for no run or for every run, or bad settings.

    Examples:
        >>> import journeysim
        >>> found = journeysim.discover("results/policy_futures", "share_running_final < 0.5")  # doctest: +SKIP
        >>> found.boxes[["box", "coverage", "density"]]  # doctest: +SKIP

    """
    from journeysim.analysis.discovery import feature_scores, find_boxes
    from journeysim.batch.store import read_manifest, read_runs

    if not isinstance(results, str | os.PathLike):
        raise InputError(f"results={results!r}: must be a sweep's results folder")
    folder = Path(results)
    if not folder.is_dir():
        raise checks.UsageError(f"{os.fspath(folder)}: no such results folder")
    min_density = checks.fraction("min_density", min_density)
    max_boxes = checks.whole("max_boxes", max_boxes, 1)
    top = checks.whole("top", top, 1)
    seed = checks.number("seed", seed)
    manifest = read_manifest(folder)  # refuses an empty folder, one of another kind, or no results
    runs = read_runs(folder)  # refuses a sweep that has committed no runs yet
    meets = _condition(folder, where)
    runs = runs[runs["status"] == "ok"].merge(meets, on="run_id", how="inner")
    names = _inputs(runs, inputs)
    if not names:
        raise checks.UsageError(f"{folder}: no parameter varies across its runs; there is nothing to discover")
    x = runs[[f"param.{n}" for n in names]].rename(columns=lambda c: c.removeprefix("param."))
    y = runs[MEETS].astype(bool).to_numpy()
    if not y.any() or y.all():
        raise checks.UsageError(
            f"{checks.named('where', where)}: holds in {int(y.sum()):,} of {len(y):,} runs; "
            "scenario discovery needs a condition that holds in some runs but not all"
        )
    settings: dict[str, Any] = {"min_density": min_density, "max_boxes": max_boxes}
    experiment = manifest.get("experiment") or {}
    if (experiment.get("uncertain") or experiment.get("posterior")) and "replication" in runs:
        # replication i is one future (a draw of the uncertain parameters) shared by every design point
        futures = runs["replication"]
        settings["futures"] = {"total": int(futures.nunique()), "meeting": int(futures[y].nunique())}
    if top is not None and top < len(names):
        scores = feature_scores(x, y, seed=seed)
        names = [str(n) for n in scores.index[:top]]
        x = x[names]
        settings |= {"top": top, "seed": seed, "scores": {str(k): float(v) for k, v in scores.iloc[:top].items()}}
    found = find_boxes(x, y, min_density=min_density, max_boxes=max_boxes)
    return _result(folder, where, found, x, names, settings, experiment)


def _result(
    folder: Path, where: str, found: Any, x: pd.DataFrame, names: list[str], settings: dict, experiment: dict
) -> Discovery:
    from journeysim.presentation.discovery import limit_words, parameter_label

    sampled = {
        n: {"low": float(x[n].min()), "high": float(x[n].max())} if pd.api.types.is_numeric_dtype(x[n]) else {}
        for n in names
        if not pd.api.types.is_bool_dtype(x[n])
    }
    kinds = {n: "bool" if pd.api.types.is_bool_dtype(x[n]) else "" for n in names}
    box_rows, limit_rows, before = [], [], []
    for box in found.boxes:
        limits = box.limits.astype(object).where(box.limits.notna(), None).to_dict("records")
        box_rows.append(
            {
                "box": box.number,
                "coverage": box.coverage,
                "density": box.density,
                "mass": box.mass,
                "runs": box.runs,
                "hits": box.hits,
                "sql": " AND ".join([f"({box_sql(limits, kinds)})", *(f"NOT ({b})" for b in before)]),
            }
        )
        before.append(box_sql(limits, kinds))  # a later box counts only the runs outside the earlier ones
        for limit in limits:
            name = limit["input"]
            words = limit_words(name, limit, sampled.get(name))
            limit_rows.append({"box": box.number, **limit, "label": parameter_label(name), "words": words})
    boxes = pd.DataFrame(box_rows, columns=["box", "coverage", "density", "mass", "runs", "hits", "sql"])
    columns = ["box", "input", "label", "low", "high", "values", "qp_low", "qp_high", "words"]
    limits = pd.DataFrame(limit_rows, columns=columns)
    settings = settings | found.settings
    return Discovery(
        folder, where, boxes, limits, found.trajectories, found.runs, found.hits, names, settings, sampled, experiment
    )
