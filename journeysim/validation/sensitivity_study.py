"""The sensitivity study of the fragility conclusions: Morris screening, then Sobol indices.

The study, in two stages, each a pair of sweeps on the sweep machinery
(:func:`journeysim.batch.sweep.run_sweep`, resumable, local pool or Dask):

1. **Morris screening** of every parameter declared ``uncertain`` (the
   numeric assumptions, :func:`journeysim.uncertainty.uncertain_parameters`),
   each over its declared plausible range.
2. **Sobol indices** (first and total order, bootstrap confidence intervals)
   for the factors that matter most in the screening.

Two outcomes, each a per-design-point mean over replications (which share
their seeds across points: common random numbers):

* ``running_at_year_10`` in ``lone_champion``: the probability that a
  bottom-up service resting on one champion is still running at year 10;
* ``months_running_after_departure`` in ``lone_champion+champion_leaves_year5``:
  the months the service keeps running in the ten years after the first
  implementer leaves (the champion is made to leave at month 48 if nothing
  took them earlier), counting 0 if it had already stopped. Every departure
  happens by month 48 of a 240-month run, so each run is followed for at
  least 192 months afterwards: the ten-year window is never censored, and a
  service still running 120 months on counts as 120 (a restricted mean).

Sweeps are read through the batch layer and SALib's analysers called through
:func:`journeysim.analysis.sensitivity.analyze`; the report is
:mod:`journeysim.validation.sensitivity_report`.
"""

from __future__ import annotations

from concurrent.futures import Executor
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from journeysim import __version__
from journeysim.errors import InputError
from journeysim.parameters import PARAMETERS

if TYPE_CHECKING:
    from journeysim.batch.experiment import Experiment

WINDOW = 120  # months after the departure
RUNNING = "running_at_year_10"
AFTER_DEPARTURE = "months_running_after_departure"
STOPPED_SOON = "stopped_within_36_months"
SCENARIOS = {RUNNING: "lone_champion", AFTER_DEPARTURE: "lone_champion+champion_leaves_year5"}
COMMAND = "python experiments/sensitivity.py"
OUTCOME_WORDS = {
    RUNNING: "P(still running at year 10), one champion (`lone_champion`)",
    AFTER_DEPARTURE: "months running in the 10 years after the champion leaves (`lone_champion+champion_leaves_year5`)",
}
RUN_COLUMNS = [
    "point_hash",
    "replication",
    "status",
    "running_at_year_10",
    "running_at_first_departure",
    "collapsed_after_departure",
    "months_departure_to_collapse",
    "first_departure_month",
    "months",
]


@dataclass(frozen=True)
class StudySettings:
    """Sample sizes of the study (defaults: 36,480 runs, about 12-18 minutes on 2 cores).

    Publication-grade settings: ``morris_trajectories=40, morris_replications=20,
    sobol_samples=1024, sobol_replications=20`` (about 14 times the runs: hours on
    a workstation, or a Dask cluster).
    """

    morris_trajectories: int = 10
    morris_replications: int = 8
    morris_levels: int = 4
    sobol_samples: int = 128
    sobol_replications: int = 10
    sobol_factors: int = 8
    seed: int = 2024


@dataclass
class OutcomeResult:
    """Indices of one outcome in one stage.

    Attributes:
        outcome: Outcome name.
        indices: One row per factor (Morris: mu, mu_star, sigma, mu_star_conf; Sobol: S1, S1_conf, ST, ST_conf).
        noise_share: Share of the variance of the point means that is replication noise.
        point_values: The outcome's value at every design point (design order).
        stopped_soon: For the departure outcome, the share of runs running at the departure that
            stopped within 36 months, per design point (``nan`` where none was running): pattern P1a
            evaluated across the design.

    """

    outcome: str
    indices: pd.DataFrame
    noise_share: float
    point_values: np.ndarray
    stopped_soon: np.ndarray | None = None


@dataclass
class Study:
    """Results of the whole study."""

    settings: StudySettings
    factors: list[str]
    morris: dict[str, OutcomeResult]
    sobol_factors: list[str]
    sobol: dict[str, OutcomeResult]
    sweeps: dict[str, dict[str, Any]] = field(default_factory=dict)
    version: str = __version__
    code: str = field(default_factory=lambda: _code())

    def to_json(self) -> dict[str, Any]:
        """Machine-readable form (``journeysim sensitivity-report --json``)."""

        def table(r: OutcomeResult) -> dict[str, Any]:
            rows = {f: {k: _num(v) for k, v in row.items()} for f, row in r.indices.iterrows()}
            return {"noise_share": _num(r.noise_share), "indices": rows}

        return {
            "journeysim": self.version,
            "code": self.code,
            "settings": asdict(self.settings),
            "sweeps": self.sweeps,
            "morris": {o: table(r) for o, r in self.morris.items()},
            "sobol_factors": self.sobol_factors,
            "sobol": {o: table(r) for o, r in self.sobol.items()},
        }

    def summary_lines(self) -> list[str]:
        """The top factors per outcome, in plain text."""
        lines = []
        for o, r in self.morris.items():
            top = r.indices.sort_values("mu_star", ascending=False).head(5)
            lines.append(f"Morris {o}: " + ", ".join(f"{f} ({v:.3g})" for f, v in top["mu_star"].items()))
        for o, r in self.sobol.items():
            top = r.indices.sort_values("ST", ascending=False).head(5)
            lines.append(
                f"Sobol {o}: "
                + ", ".join(f"{f} (S1 {row.S1:.2f}, ST {row.ST:.2f})" for f, row in top.iterrows())
                + f"; noise {r.noise_share:.0%}"
            )
        return lines


def _code() -> str:
    from journeysim.fingerprint import code_fingerprint

    return code_fingerprint()


def _num(x: Any) -> float | None:
    try:
        f = float(x)
    except (TypeError, ValueError):
        return None
    return f if np.isfinite(f) else None


def screened_parameters() -> list[str]:
    """Every parameter declared uncertain (the model's numeric assumptions), in declaration order."""
    from journeysim.uncertainty import uncertain_parameters

    return [p.name for p in uncertain_parameters()]


def experiment_dict(name: str, scenario: str, factors: list[str], method: str, s: StudySettings) -> dict[str, Any]:
    """An experiment (the form of an experiment TOML file) varying ``factors`` over their declared ranges."""
    design: dict[str, Any] = {"method": method, "seed": s.seed}
    if method == "morris":
        design.update(samples=s.morris_trajectories, levels=s.morris_levels)
        replications = s.morris_replications
    else:
        design.update(samples=s.sobol_samples, second_order=False)
        replications = s.sobol_replications
    return {
        "name": name,
        "description": f"{method} design over {len(factors)} declared parameters, {scenario}",
        "scenario": scenario,
        "replications": replications,
        "seed": s.seed,
        "design": design,
        "vary": {f: {"low": PARAMETERS[f].low, "high": PARAMETERS[f].high} for f in factors},
    }


# ------------------------------------------------------------ outcomes per run
def _flag(values: pd.Series) -> np.ndarray:
    return np.array([bool(v) if pd.notna(v) else False for v in values], dtype=bool)


def months_after_departure(runs: pd.DataFrame, window: int = WINDOW) -> np.ndarray:
    """Months each run kept running after its first departure, up to ``window`` (0 if already stopped)."""
    running = _flag(runs["running_at_first_departure"])
    collapsed = _flag(runs["collapsed_after_departure"])
    gap = pd.to_numeric(runs["months_departure_to_collapse"], errors="coerce").to_numpy(dtype=float)
    follow = (runs["months"] - pd.to_numeric(runs["first_departure_month"], errors="coerce")).to_numpy(dtype=float)
    if np.any(running & ~collapsed & (follow < window)):
        raise ValueError("a run was followed for less than the window after its departure: the window is censored")
    kept = np.where(collapsed, np.minimum(gap, window), window)
    return np.where(running, np.nan_to_num(kept, nan=0.0), 0.0)


def per_run_outcome(runs: pd.DataFrame, outcome: str) -> np.ndarray:
    """The outcome's value in each run."""
    if outcome == RUNNING:
        return _flag(runs[RUNNING]).astype(float)
    if outcome == AFTER_DEPARTURE:
        return months_after_departure(runs)
    raise KeyError(outcome)


def point_frame(runs: pd.DataFrame, outcome: str) -> tuple[pd.DataFrame, float]:
    """One row per design point with the outcome's mean over replications, and the noise share.

    The noise share is the mean over points of the within-point variance
    divided by the replications, over the variance of the point means: how
    much of what the indices decompose is replication noise rather than the
    parameters.
    """
    ok = runs[runs["status"] == "ok"].copy()
    ok["y"] = per_run_outcome(ok, outcome)
    g = ok.groupby("point_hash")["y"]
    means, within, n = g.mean(), g.var(ddof=1), g.size()
    total = float(means.var(ddof=1))
    noise = float((within / n).mean()) / total if total > 0 else float("nan")
    frame = pd.DataFrame({"point_hash": means.index, "status": "ok", outcome: means.to_numpy()})
    return frame, noise


def analyse(experiment: Any, runs: pd.DataFrame, outcome: str, seed: int) -> OutcomeResult:
    """Indices of one outcome from a sweep's runs (SALib via :func:`journeysim.analysis.sensitivity.analyze`)."""
    from journeysim.analysis.sensitivity import analyze

    points, noise = point_frame(runs, outcome)
    indices = analyze(points, experiment, outcome=outcome, seed=seed)
    hashes = experiment.design().frame(experiment.factors)["point_hash"]
    values = hashes.map(points.set_index("point_hash")[outcome]).to_numpy(dtype=float)
    soon = hashes.map(stopped_soon_by_point(runs)).to_numpy(dtype=float) if outcome == AFTER_DEPARTURE else None
    return OutcomeResult(outcome, indices, noise, values, soon)


def sweep_indices(
    folder: str | Path,
    outcome: str = "running_at_end",
    experiment: Experiment | None = None,
    conf_level: float = 0.95,
    num_resamples: int = 1000,
    seed: int = 0,
) -> pd.DataFrame:
    """Sobol or Morris indices of one outcome of the sweep in a results folder.

    Reads the folder through the batch layer (:func:`journeysim.batch.results.read_design`,
    :func:`~journeysim.batch.results.read_outcome_runs`) and computes with
    :func:`journeysim.analysis.sensitivity.analyze`; see that function for the result.

    Args:
        folder: A sweep's results folder.
        outcome: A run column.
        experiment: If given, the folder must hold results of this experiment.
        conf_level: Level of the bootstrap confidence intervals.
        num_resamples: Bootstrap resamples for those intervals.
        seed: Seed of the resampling.

    Raises:
        InputError: for a folder without sweep results or of another experiment, a grid or
            LHS design, an unknown outcome, or design points with no successful run.

    """
    from journeysim.analysis.sensitivity import analyze
    from journeysim.batch.results import read_design, read_outcome_runs

    design = read_design(folder, experiment)
    if design.method in ("sobol", "morris"):
        runs = read_outcome_runs(folder, outcome)
    else:  # analyze says why it cannot
        runs = pd.DataFrame(columns=["point_hash", "status", outcome])
    return analyze(runs, design, outcome, conf_level=conf_level, num_resamples=num_resamples, seed=seed)


def stopped_soon_by_point(runs: pd.DataFrame, months: int = 36) -> pd.Series:
    """Per point, the share of runs running at the first departure that stopped within ``months`` (as P1a)."""
    ok = runs[runs["status"] == "ok"]
    eligible = _flag(ok["running_at_first_departure"])
    gap = pd.to_numeric(ok["months_departure_to_collapse"], errors="coerce").to_numpy(dtype=float)
    stopped = eligible & _flag(ok["collapsed_after_departure"]) & (np.nan_to_num(gap, nan=np.inf) <= months)
    frame = pd.DataFrame({"point_hash": ok["point_hash"].to_numpy(), "e": eligible, "s": stopped})
    g = frame.groupby("point_hash")
    return g["s"].sum() / g["e"].sum().replace(0, np.nan)


# ------------------------------------------------------------ the study
def run_stage(
    method: str,
    factors: list[str],
    settings: StudySettings,
    results: Path,
    executor: Executor | None,
    progress: bool,
) -> tuple[dict[str, OutcomeResult], dict[str, dict[str, Any]]]:
    """One sweep per outcome's scenario with this design; the indices of each outcome."""
    from journeysim.batch.experiment import Experiment
    from journeysim.batch.store import read_runs
    from journeysim.batch.sweep import run_sweep
    from journeysim.fingerprint import code_fingerprint

    out: dict[str, OutcomeResult] = {}
    sweeps: dict[str, dict[str, Any]] = {}
    for outcome, scenario in SCENARIOS.items():
        name = f"sensitivity_{method}_{outcome}"
        exp = Experiment.from_dict(experiment_dict(name, scenario, factors, method, settings), source=f"<{name}>")
        folder = results / f"{name}-{exp.hash[:8]}-{code_fingerprint()[:8]}"
        summary = run_sweep(exp, folder, executor=executor, progress=progress)
        if not summary.complete:
            raise InputError(
                f"sweep {folder} is incomplete ({summary.runs_done} of {summary.runs_total} runs): "
                + "; ".join(summary.chunk_errors[:3])
                + ". Run the same command again to finish it."
            )
        runs = read_runs(folder, columns=RUN_COLUMNS)
        out[outcome] = analyse(exp, runs, outcome, settings.seed)
        sweeps[name] = {
            "folder": str(folder),
            "experiment_hash": exp.hash,
            "scenario": scenario,
            "points": int(exp.size_of_design()),
            "runs": int(summary.runs_total),
            "failed": int(summary.runs_failed),
        }
    return out, sweeps


def top_factors(morris: dict[str, OutcomeResult], k: int) -> list[str]:
    """The ``k`` factors with the largest Morris mu* (each outcome's mu* scaled by its largest), best first."""
    scores: dict[str, float] = {}
    for r in morris.values():
        mu = r.indices["mu_star"]
        top = float(mu.max())
        for f, v in mu.items():
            scores[f] = max(scores.get(f, 0.0), float(v) / top if top > 0 else 0.0)
    return [f for f, _ in sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))[:k]]


def run_study(
    settings: StudySettings,
    results: str | Path,
    executor: Executor | None = None,
    progress: bool = False,
    factors: list[str] | None = None,
) -> Study:
    """Morris screening of ``factors`` (default: every uncertain parameter), then Sobol on the top ones."""
    results = Path(results)
    factors = factors or screened_parameters()
    morris, sweeps = run_stage("morris", factors, settings, results, executor, progress)
    chosen = top_factors(morris, settings.sobol_factors)
    sobol, more = run_stage("sobol", chosen, settings, results, executor, progress)
    return Study(settings, factors, morris, chosen, sobol, {**sweeps, **more})
