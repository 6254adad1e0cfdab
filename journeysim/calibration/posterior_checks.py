"""Checks of a finished calibration: what the posterior says about each parameter, and whether it fits the targets.

The computations behind ``experiments/calibration.py`` (the results part of docs/calibration.md): reading a
calibration folder with its targets (:func:`load_calibration`); prior against posterior (weighted quantiles,
spread, shrinkage and trade-offs: :func:`parameter_summary`, :func:`weighted_correlations`); and posterior
and prior predictive checks, each draw one run of the calibration's own simulator with its own seed
(:func:`predictive_draws`, :func:`run_predictive`, :func:`predictive_summary`). Priors are uniform over each
parameter's declared range, as in the calibration.
"""

from __future__ import annotations

import json
import math
import sqlite3
from collections.abc import Sequence
from concurrent.futures import Executor
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from journeysim.calibration.abc import DATABASE, DISTANCES, MANIFEST
from journeysim.calibration.simulator import (
    DEFAULT_SCENARIO,
    DEFAULT_SERVICES,
    MAX_SEED,
    Simulator,
    calibration_scenario,
    run_all,
)
from journeysim.calibration.targets import SHIPPED, Targets, load_targets, shipped_targets
from journeysim.errors import InputError
from journeysim.parameters import PARAMETERS

IDENTIFIED_SD_RATIO = 0.7
"""A parameter counts as identified by the targets when its posterior sd is below this share of its prior sd."""

PRIOR, POSTERIOR_DRAWS, DEFAULTS = "prior", "posterior", "default"
"""The ``source`` of a predictive run: drawn from the prior, from the posterior, or at the declared defaults."""

_PURPOSE_PARTICLES, _PURPOSE_PRIOR, _PURPOSE_RUNS = 1, 2, 3


@dataclass
class CalibrationFolder:
    """A finished calibration, read from its folder.

    Attributes:
        folder: Where it is.
        posterior: One row per particle: a column per calibrated parameter and ``weight`` (summing to 1).
        distances: One row per particle per generation (``None`` if the folder has no ``distances.parquet``).
        manifest: The calibration's ``manifest.json``.
        targets: The targets it was calibrated to.
        names: The calibrated parameters, in column order.
        targets_changed: Whether the targets file now differs from the one calibrated to (its hash differs).
        wall_seconds: Seconds from the start of the calibration to the end of its last generation (from
            ``abc.db``; includes any pause between resumed sessions), or ``None``.

    """

    folder: Path
    posterior: pd.DataFrame
    distances: pd.DataFrame | None
    manifest: dict[str, Any]
    targets: Targets
    names: tuple[str, ...]
    targets_changed: bool = False
    wall_seconds: float | None = None

    @property
    def weights(self) -> np.ndarray:
        """The particles' weights (normalised to sum to 1)."""
        w = self.posterior["weight"].to_numpy(dtype=float)
        return w / w.sum()

    @property
    def settings(self) -> dict[str, Any]:
        """The calibration's settings (from the manifest)."""
        return dict(self.manifest.get("settings") or {})

    @property
    def scenario(self) -> str:
        """The population scenario the calibration ran."""
        return str(self.settings.get("scenario", DEFAULT_SCENARIO))

    @property
    def services(self) -> int:
        """Services in the calibration's reduced population."""
        return int(self.settings.get("services", DEFAULT_SERVICES))


def _wall_seconds(db: Path) -> float | None:
    """Seconds from the calibration's start (pyabc's generation -1) to its last generation's end, if recorded."""
    if not db.is_file():
        return None
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as con:
            rows = con.execute("SELECT min(population_end_time), max(population_end_time) FROM populations").fetchone()
        start, end = (datetime.fromisoformat(str(r)) for r in rows)  # no generation yet: "None", a ValueError
    except (sqlite3.Error, ValueError):
        return None
    return max(0.0, (end - start).total_seconds())


def load_calibration(folder: str | Path, targets: str | Path | None = None) -> CalibrationFolder:
    """Read a calibration folder and its targets.

    The folder holds ``posterior.parquet`` and ``manifest.json`` (checked as ``--posterior`` checks them), and
    ``distances.parquet`` and ``abc.db`` if present.

    Args:
        folder: The calibration's ``--out`` folder.
        targets: The targets file, if not the one the manifest names (e.g. the folder was moved).

    Raises:
        InputError: for a folder that is not a usable posterior (see
            :func:`journeysim.batch.posterior.load_posterior`) or a targets file that cannot be read.

    """
    from journeysim.batch.posterior import load_posterior
    from journeysim.library import load_scenario

    root = Path(folder)
    checked = load_posterior(root)  # every check of the shared format, before anything is computed
    manifest = json.loads((root / MANIFEST).read_text(encoding="utf-8"))
    names = tuple(checked.parameters)
    posterior = pd.DataFrame(checked.values, columns=list(names)).assign(weight=np.asarray(checked.weights))
    distances = pd.read_parquet(root / DISTANCES) if (root / DISTANCES).is_file() else None
    settings = manifest.get("settings") or {}
    base = load_scenario(str(settings.get("scenario", DEFAULT_SCENARIO)))
    start = int(base.parameters["start_year"])
    years = (start, start + int(base.parameters["years"]) - 1)
    path = Path(targets) if targets is not None else Path(str(manifest.get("targets", "")))
    shipped = {shipped_targets(name).name: shipped_targets(name) for name in SHIPPED}
    if targets is None and not path.is_file() and path.name in shipped:
        path = shipped[path.name]  # calibrated elsewhere (or named within the package) with a shipped file
    if not path.is_file():
        raise InputError(
            f"{root / MANIFEST}: targets = {str(manifest.get('targets'))!r}: no such file here; "
            "give the targets file the calibration used"
        )
    loaded = load_targets(path, years)
    changed = manifest.get("targets_sha256") not in (None, loaded.sha256)
    return CalibrationFolder(
        folder=root,
        posterior=posterior,
        distances=distances,
        manifest=manifest,
        targets=loaded,
        names=names,
        targets_changed=changed,
        wall_seconds=_wall_seconds(root / DATABASE),
    )


def _normalised(weights: Sequence[float] | np.ndarray | None, n: int) -> np.ndarray:
    w = np.ones(n) if weights is None else np.asarray(weights, dtype=float)
    if w.shape != (n,) or not np.all(np.isfinite(w)) or np.any(w < 0) or w.sum() <= 0:
        raise ValueError("weights must be one finite, non-negative number per value, not all zero")
    return w / w.sum()


def weighted_quantile(
    values: Sequence[float] | np.ndarray, weights: Sequence[float] | np.ndarray | None, q: float | Sequence[float]
) -> np.ndarray:
    """Quantiles of weighted values: linear interpolation between the midpoints of each value's weight.

    With equal weights this is numpy's ``method="hazen"``; values with zero weight are ignored, and a
    value holding all the weight is every quantile.
    """
    x = np.asarray(values, dtype=float)
    w = _normalised(weights, x.size)
    keep = w > 0
    x, w = x[keep], w[keep]
    order = np.argsort(x, kind="stable")
    x, w = x[order], w[order]
    centres = np.cumsum(w) - w / 2
    return np.interp(np.atleast_1d(np.asarray(q, dtype=float)), centres, x)


def weighted_mean_sd(
    values: Sequence[float] | np.ndarray, weights: Sequence[float] | np.ndarray | None = None
) -> tuple[float, float]:
    """Weighted mean and standard deviation (the weights' own distribution, no small-sample correction)."""
    x = np.asarray(values, dtype=float)
    w = _normalised(weights, x.size)
    mean = float(np.sum(w * x))
    return mean, float(math.sqrt(max(0.0, float(np.sum(w * (x - mean) ** 2)))))


def effective_sample_size(weights: Sequence[float] | np.ndarray) -> float:
    """Kish's effective number of particles, ``1 / sum(w^2)`` of the normalised weights."""
    w = _normalised(weights, len(weights))
    return float(1.0 / np.sum(w**2))


def prior_sd(name: str) -> float:
    """The standard deviation of the uniform prior over the parameter's declared range."""
    p = PARAMETERS[name]
    return float((p.high - p.low) / math.sqrt(12.0))


def parameter_summary(
    posterior: pd.DataFrame, names: Sequence[str], threshold: float = IDENTIFIED_SD_RATIO
) -> pd.DataFrame:
    """Prior and posterior of each parameter, one row each (indexed by name).

    Columns: ``low``, ``high`` (the declared range, the uniform prior), ``default``, ``median``, ``q05``,
    ``q95`` (90% credible interval), ``q25``, ``q75`` (50%), ``mean``, ``sd`` (weighted), ``prior_sd``,
    ``sd_ratio`` (posterior sd / prior sd), ``shrinkage`` (1 - posterior variance / prior variance) and
    ``identified`` (``sd_ratio`` below ``threshold``).
    """
    w = posterior["weight"].to_numpy(dtype=float)
    rows = []
    for name in names:
        p = PARAMETERS[name]
        x = posterior[name].to_numpy(dtype=float)
        keys, q = ("median", "q05", "q95", "q25", "q75"), [0.5, 0.05, 0.95, 0.25, 0.75]
        quantiles = dict(zip(keys, map(float, weighted_quantile(x, w, q)), strict=True))
        mean, sd = weighted_mean_sd(x, w)
        psd = prior_sd(name)
        ratio = sd / psd if psd > 0 else float("nan")
        rows.append(
            {
                "parameter": name,
                "low": float(p.low),
                "high": float(p.high),
                "default": float(p.default),
                **quantiles,
                "mean": mean,
                "sd": sd,
                "prior_sd": psd,
                "sd_ratio": ratio,
                "shrinkage": 1.0 - ratio**2,
                "identified": bool(ratio < threshold),
            }
        )
    return pd.DataFrame(rows).set_index("parameter")


def weighted_correlations(posterior: pd.DataFrame, names: Sequence[str]) -> pd.DataFrame:
    """Weighted Pearson correlation of every pair of parameters over the particles, strongest first.

    Columns: ``a``, ``b``, ``r``. A pair with a constant parameter gets ``r = 0``.
    """
    w = _normalised(posterior["weight"].to_numpy(dtype=float), len(posterior))
    x = posterior[list(names)].to_numpy(dtype=float)
    centred = x - (w[:, None] * x).sum(axis=0)
    cov = (w[:, None] * centred).T @ centred
    sd = np.sqrt(np.clip(np.diag(cov), 0.0, None))
    rows = []
    for i in range(len(names)):
        for j in range(i + 1, len(names)):
            r = float(cov[i, j] / (sd[i] * sd[j])) if sd[i] > 0 and sd[j] > 0 else 0.0
            rows.append({"a": names[i], "b": names[j], "r": r})
    frame = pd.DataFrame(rows, columns=["a", "b", "r"])
    return frame.reindex(frame["r"].abs().sort_values(ascending=False, kind="stable").index).reset_index(drop=True)


def _stream(seed: int, purpose: int) -> np.random.Generator:
    return np.random.default_rng(np.random.SeedSequence([seed, purpose]))


def run_seeds(seed: int, n: int) -> list[int]:
    """The model seed of predictive run ``i`` (the same ``i``-th seed for prior, posterior and default runs)."""
    state = np.random.SeedSequence([seed, _PURPOSE_RUNS]).generate_state(max(n, 1), dtype=np.uint64)
    return [int(s) % MAX_SEED for s in state[:n]]


def predictive_draws(
    posterior: pd.DataFrame, names: Sequence[str], n: int, seed: int, defaults: int = 0
) -> pd.DataFrame:
    """Parameter sets for predictive checks: ``n`` particles drawn by weight, ``n`` prior draws, ``defaults`` runs.

    Posterior draw *i*, prior draw *i* and default run *i* share model seed *i* (:func:`run_seeds`), so the
    three differ only in their parameters. Same ``seed``, same draws.

    Returns:
        One row per run: ``source`` (``prior``, ``posterior`` or ``default``), ``draw``, ``particle``
        (posterior only; -1 otherwise), ``seed`` and one column per parameter (the declared default for
        ``default`` runs).

    """
    if n < 0 or defaults < 0:
        raise ValueError("the numbers of draws must be 0 or more")
    names = list(names)
    seeds = run_seeds(seed, max(n, defaults))
    w = _normalised(posterior["weight"].to_numpy(dtype=float), len(posterior))
    particles = _stream(seed, _PURPOSE_PARTICLES).choice(len(posterior), size=n, replace=True, p=w)
    uniform = _stream(seed, _PURPOSE_PRIOR).random((n, len(names)))
    low = np.array([PARAMETERS[k].low for k in names], dtype=float)
    high = np.array([PARAMETERS[k].high for k in names], dtype=float)
    prior = low + uniform * (high - low)
    values = posterior[names].to_numpy(dtype=float)
    default = [PARAMETERS[k].default for k in names]
    runs = [(POSTERIOR_DRAWS, i, int(particles[i]), values[particles[i]]) for i in range(n)]
    runs += [(PRIOR, i, -1, prior[i]) for i in range(n)]
    runs += [(DEFAULTS, i, -1, default) for i in range(defaults)]
    rows = [
        {"source": source, "draw": i, "particle": particle, "seed": seeds[i]}
        | dict(zip(names, map(float, v), strict=True))
        for source, i, particle, v in runs
    ]
    return pd.DataFrame(rows, columns=["source", "draw", "particle", "seed", *names])


def run_predictive(
    draws: pd.DataFrame,
    targets: Targets,
    names: Sequence[str],
    scenario: str = DEFAULT_SCENARIO,
    services: int = DEFAULT_SERVICES,
    executor: Executor | None = None,
) -> pd.DataFrame:
    """Run the calibration's simulator once per row of ``draws`` (:func:`predictive_draws`).

    The simulator is the calibration's own (:class:`~journeysim.calibration.simulator.Simulator` on
    :func:`~journeysim.calibration.simulator.calibration_scenario` with the same targets, scenario and
    services), so a particle's outputs are what the calibration compared with the targets, up to chance.
    The numbers do not depend on the executor.

    Returns:
        ``draws`` with one column per target (the model's output for it).

    """
    from journeysim.batch.executors import SerialExecutor, executor_width

    simulator = Simulator(calibration_scenario(targets, scenario, services), targets, tuple(names))
    jobs = [({k: float(row[k]) for k in names}, int(row["seed"])) for row in draws.to_dict("records")]
    executor = executor or SerialExecutor()
    outputs = run_all(simulator, jobs, executor, max(1, math.ceil(len(jobs) / (4 * executor_width(executor)))))
    values = pd.DataFrame(outputs, columns=[*targets.names, *(t.name for t in targets.held_out)], index=draws.index)
    return pd.concat([draws, values], axis=1)


def predictive_summary(runs: pd.DataFrame, targets: Targets) -> pd.DataFrame:
    """Each target against the model's output under the prior, the posterior and the defaults.

    Returns:
        One row per target, pattern used as evidence and held-out figure (indexed by name): ``figure``, ``sd``,
        ``held_out``; per source (``prior``, ``posterior``,
        ``default``) ``<source>_median``, ``<source>_q05``, ``<source>_q95`` and ``<source>_near`` (the share of
        runs within two sd, on their side, of the figure, or on the side its bound allows); ``inside`` (the
        figure lies in the posterior predictive 90% interval, or for a bound the interval reaches the side it
        allows) and
        ``reachable`` (some prior or posterior run came within two sd).

    """
    rows = []
    for t in (*targets.evidence, *targets.held_out):
        row: dict[str, Any] = {"target": t.name, "figure": t.figure, "sd": t.sd, "bound": t.bound}
        row |= {"sd_below": t.sd_below, "sd_above": t.sd_above, "held_out": t in targets.held_out}
        near_any = False
        for source in (PRIOR, POSTERIOR_DRAWS, DEFAULTS):
            x = runs.loc[runs["source"] == source, t.name].to_numpy(dtype=float)
            x = x[np.isfinite(x)]
            if x.size:
                q05, median, q95 = np.quantile(x, [0.05, 0.5, 0.95])
                near = np.abs([t.standardised(v) for v in x]) <= 2
                row |= {f"{source}_median": median, f"{source}_q05": q05, f"{source}_q95": q95}
                row |= {f"{source}_near": float(near.mean()), f"{source}_n": int(x.size)}
                if source != DEFAULTS:
                    near_any = near_any or bool(near.any())
            else:
                row |= {f"{source}_{k}": float("nan") for k in ("median", "q05", "q95", "near")} | {f"{source}_n": 0}
        lo, hi = row[f"{POSTERIOR_DRAWS}_q05"], row[f"{POSTERIOR_DRAWS}_q95"]
        # a bound is met when the interval reaches the side it allows; a point figure must lie inside it
        row["inside"] = bool(np.isfinite(lo) and t.error(lo) <= 0.0 <= t.error(hi))
        row["reachable"] = near_any
        rows.append(row)
    return pd.DataFrame(rows).set_index("target")
