"""Global sensitivity indices from a sweep that used a Sobol or Morris design (SALib analysers).

Each design point was run ``replications`` times; the model output fed to
SALib is the point's mean outcome over its replications (a proportion for
yes/no outcomes such as ``running_at_end``). Points are matched to runs by
their point hash, so a point that appears twice in a design (as Morris
trajectories may share points) reads the same runs.

Frames and values in, indices out: reading a results folder is the batch
layer's (:mod:`journeysim.batch.results`).
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd

from journeysim.batch.experiment import Experiment
from journeysim.batch.results import SweepDesign, unknown_outcome
from journeysim.errors import InputError

METHODS = ("sobol", "morris")


def point_means(runs: pd.DataFrame, outcome: str) -> pd.Series:
    """Mean outcome of each point (by point hash) over its successful replications."""
    ok = runs[runs["status"] == "ok"]
    values = ok[outcome]
    if values.dtype == object:
        values = pd.to_numeric(values.map(lambda v: float(v) if isinstance(v, bool) else v), errors="coerce")
    return values.astype(float).groupby(ok["point_hash"]).mean()


def sobol_resample_seed(seed: int) -> int:
    """A non-zero seed for SALib's Sobol bootstrap, derived from ``seed``.

    SALib seeds the Sobol resampling only when the seed is truthy, so ``seed=0``
    would leave the confidence intervals random; every seed, 0 included, maps to
    a fixed non-zero one.
    """
    return int(np.random.SeedSequence(seed).generate_state(1)[0]) or 1


def analyze(
    runs: pd.DataFrame,
    design: SweepDesign | Experiment,
    outcome: str = "running_at_end",
    conf_level: float = 0.95,
    num_resamples: int = 1000,
    seed: int = 0,
) -> pd.DataFrame:
    """Sobol or Morris sensitivity indices of one outcome.

    Args:
        runs: The sweep's runs: ``point_hash``, ``status`` and the outcome column (as from
            :func:`journeysim.batch.results.read_outcome_runs` or :func:`journeysim.batch.store.read_runs`).
        design: The sweep's design: an experiment, or a :class:`~journeysim.batch.results.SweepDesign`
            (:func:`journeysim.batch.results.read_design` reads one from a results folder).
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
        InputError: for a grid or LHS design, an unknown outcome, or design
            points with no successful run (finish or inspect the sweep first).

    """
    if isinstance(design, Experiment):
        design = SweepDesign.of_experiment(design)
    if design.method not in METHODS:
        raise InputError(
            f"sensitivity: experiment '{design.name}' uses a {design.method} design; Sobol or Morris indices"
            " need a sobol or morris design (set [design] method in the experiment file)"
        )
    if outcome not in runs.columns:
        raise InputError(unknown_outcome(outcome, list(runs.columns)))
    means = point_means(runs, outcome)
    y = design.points["point_hash"].map(means).to_numpy(dtype=float)
    missing = int(np.isnan(y).sum())
    if missing:
        raise InputError(
            f"sensitivity: {missing} of {y.size} design points have no value of {outcome!r} (runs missing, failed,"
            " or the outcome undefined there); finish the sweep, or choose an outcome defined in every run"
        )
    method, problem = design.method, design.problem
    names = problem["names"]
    with warnings.catch_warnings(), np.errstate(divide="ignore", invalid="ignore"):
        warnings.simplefilter("ignore", RuntimeWarning)
        if method == "sobol":
            from SALib.analyze import sobol

            res = sobol.analyze(
                problem,
                y,
                calc_second_order=design.second_order,
                num_resamples=num_resamples,
                conf_level=conf_level,
                seed=sobol_resample_seed(seed),
            )
            columns = ("S1", "S1_conf", "ST", "ST_conf")
        else:
            from SALib.analyze import morris

            x = design.points[[f"x.{n}" for n in names]].to_numpy(dtype=float)
            res = morris.analyze(
                problem,
                x,
                y,
                num_resamples=num_resamples,
                conf_level=conf_level,
                num_levels=int(design.levels or 4),
                seed=seed,
            )
            columns = ("mu", "mu_star", "sigma", "mu_star_conf")
    frame = pd.DataFrame({k: np.asarray(res[k], dtype=float) for k in columns}, index=names)
    if method == "sobol" and design.second_order:
        frame.attrs["S2"] = pd.DataFrame(np.asarray(res["S2"], dtype=float), index=names, columns=names)
    frame.index.name = "factor"
    frame.attrs.update(method=method, outcome=outcome, points=int(y.size), output_variance=float(np.var(y)))
    return frame
