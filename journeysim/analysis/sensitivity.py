"""Global sensitivity indices from a sweep that used a Sobol or Morris design (SALib analysers).

Each design point was run ``replications`` times; the model output fed to
SALib is the point's mean outcome over its replications (a proportion for
yes/no outcomes such as ``running_at_end``). Points are matched to runs by
their point hash, so a point that appears twice in a design (as Morris
trajectories may share points) reads the same runs.
"""

from __future__ import annotations

import warnings
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from journeysim.batch.errors import BatchInputError
from journeysim.batch.experiment import Experiment
from journeysim.batch.store import DESIGN, query, read_manifest, read_runs

METHODS = ("sobol", "morris")


def _problem_from_manifest(manifest: dict[str, Any]) -> dict[str, Any]:
    vary = manifest["experiment"]["vary"]
    return {
        "num_vars": len(vary),
        "names": list(vary),
        "bounds": [[float(v["low"]), float(v["high"])] for v in vary.values()],
    }


def _inputs(
    data: str | Path | pd.DataFrame, experiment: Experiment | None, outcome: str
) -> tuple[dict[str, Any], dict[str, Any], pd.DataFrame, pd.DataFrame]:
    """(design settings, SALib problem, design frame, runs) from a folder or from runs + experiment."""
    if isinstance(data, str | Path):
        manifest = read_manifest(data)
        if experiment is not None and experiment.hash != manifest.get("experiment_hash"):
            raise BatchInputError(
                f"sensitivity: {data} holds experiment {manifest.get('experiment_hash')}, not "
                f"'{experiment.name}' ({experiment.hash})"
            )
        settings = manifest["experiment"]["design"]
        if settings["method"] not in METHODS:
            raise BatchInputError(
                f"sensitivity: {data} holds a {settings['method']} sweep; Sobol or Morris indices need a sobol or"
                " morris design (set [design] method in the experiment file)"
            )
        problem = _problem_from_manifest(manifest)
        design = pd.read_parquet(Path(data) / DESIGN)
        columns = query(data, "SELECT * FROM runs LIMIT 0").columns
        if outcome not in columns:
            raise BatchInputError(_unknown_outcome(outcome, list(columns)))
        runs = read_runs(data, columns=["point_hash", "status", outcome])
        return settings, problem, design, runs
    if experiment is None:
        raise BatchInputError("sensitivity: give the experiment along with a runs frame")
    if experiment.method not in METHODS:
        raise BatchInputError(
            f"sensitivity: experiment '{experiment.name}' uses a {experiment.method} design; Sobol or Morris indices"
            " need a sobol or morris design"
        )
    if outcome not in data.columns:
        raise BatchInputError(_unknown_outcome(outcome, list(data.columns)))
    settings = experiment.to_dict()["design"]
    return settings, experiment.problem(), experiment.design().frame(experiment.factors), data


def _unknown_outcome(outcome: str, columns: list[str]) -> str:
    skip = ("run_id", "scenario", "scenario_hash", "point_hash", "status", "error", "traceback", "chunk")
    allowed = [c for c in columns if c not in skip and not c.startswith("param.")]
    return f"sensitivity: outcome {outcome!r} is not a run column. Allowed: " + ", ".join(allowed)


def point_means(runs: pd.DataFrame, outcome: str) -> pd.Series:
    """Mean outcome of each point (by point hash) over its successful replications."""
    ok = runs[runs["status"] == "ok"]
    values = ok[outcome]
    if values.dtype == object:
        values = pd.to_numeric(values.map(lambda v: float(v) if isinstance(v, bool) else v), errors="coerce")
    return values.astype(float).groupby(ok["point_hash"]).mean()


def analyze(
    data: str | Path | pd.DataFrame,
    experiment: Experiment | None = None,
    outcome: str = "running_at_end",
    conf_level: float = 0.95,
    num_resamples: int = 1000,
    seed: int = 0,
) -> pd.DataFrame:
    """Sobol or Morris sensitivity indices of one outcome.

    Args:
        data: A sweep's results folder, or its runs (as from
            :func:`journeysim.batch.store.read_runs`).
        experiment: The experiment (needed with a runs frame; optional with a folder,
            whose manifest and ``design.parquet`` describe the design).
        outcome: A run column: ``running_at_end``, ``embedded_at_year_10``,
            ``participants_total``, ``months_to_embedded``...
        conf_level: Level of the bootstrap confidence intervals.
        num_resamples: Bootstrap resamples for those intervals.
        seed: Seed of the resampling.

    Returns:
        One row per factor. Sobol: ``S1``, ``S1_conf``, ``ST``, ``ST_conf``
        (the ``_conf`` columns are half-widths of the interval). Morris:
        ``mu``, ``mu_star``, ``sigma``, ``mu_star_conf``. ``attrs`` holds
        ``method``, ``outcome``, ``points`` and, for second-order Sobol, ``S2``.

    Raises:
        BatchInputError: for a grid or LHS sweep, an unknown outcome, or design
            points with no successful run (finish or inspect the sweep first).

    """
    settings, problem, design, runs = _inputs(data, experiment, outcome)
    means = point_means(runs, outcome)
    y = design["point_hash"].map(means).to_numpy(dtype=float)
    missing = int(np.isnan(y).sum())
    if missing:
        raise BatchInputError(
            f"sensitivity: {missing} of {y.size} design points have no value of {outcome!r} (runs missing, failed,"
            " or the outcome undefined there); finish the sweep, or choose an outcome defined in every run"
        )
    method = settings["method"]
    names = problem["names"]
    with warnings.catch_warnings(), np.errstate(divide="ignore", invalid="ignore"):
        warnings.simplefilter("ignore", RuntimeWarning)
        if method == "sobol":
            from SALib.analyze import sobol

            res = sobol.analyze(
                problem,
                y,
                calc_second_order=bool(settings.get("second_order")),
                num_resamples=num_resamples,
                conf_level=conf_level,
                seed=seed,
            )
            frame = pd.DataFrame(
                {k: np.asarray(res[k], dtype=float) for k in ("S1", "S1_conf", "ST", "ST_conf")}, index=names
            )
            if settings.get("second_order"):
                frame.attrs["S2"] = pd.DataFrame(np.asarray(res["S2"], dtype=float), index=names, columns=names)
        else:
            from SALib.analyze import morris

            x = design[[f"x.{n}" for n in names]].to_numpy(dtype=float)
            res = morris.analyze(
                problem,
                x,
                y,
                num_resamples=num_resamples,
                conf_level=conf_level,
                num_levels=int(settings.get("levels") or 4),
                seed=seed,
            )
            frame = pd.DataFrame(
                {k: np.asarray(res[k], dtype=float) for k in ("mu", "mu_star", "sigma", "mu_star_conf")}, index=names
            )
    frame.index.name = "factor"
    frame.attrs.update(method=method, outcome=outcome, points=int(y.size), output_variance=float(np.var(y)))
    return frame
