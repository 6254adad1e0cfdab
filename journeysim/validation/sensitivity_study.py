"""The sensitivity study: Morris screening of every assumption where it is meant to act, then Sobol indices.

Two stages, each a set of resumable sweeps on the sweep machinery (:func:`journeysim.batch.sweep.run_sweep`,
a local pool or Dask):

1. **Morris screening** of every parameter declared ``uncertain`` over its declared range, in each scenario
   of :data:`SCENARIOS` (every parameter has one where it is meant to act), with the same design and seeds
   in each (common random numbers), every outcome of
   :data:`~journeysim.validation.sensitivity_measures.OUTCOMES` from the same runs;
2. **Sobol indices** (first and total order, bootstrap intervals) for the factors that matter most to the
   two fragility outcomes (:data:`SOBOL`), each in its own scenario.

An outcome is a per-design-point mean over replications, which share their seeds across points. SALib's
analysers run through :func:`journeysim.analysis.sensitivity.analyze`; the report is
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
from journeysim.fingerprint import code_fingerprint
from journeysim.outcomes.formats import finite, percent
from journeysim.parameters import PARAMETERS
from journeysim.validation.sensitivity_measures import (
    AFTER_DEPARTURE,
    NOISE_MULTIPLE,
    RUN_COLUMNS,
    SCENARIOS,
    SOBOL,
    StudyScenario,
    inert_parameters,
    largest_effects,
    measured_outcomes,
    noise_floor,
    per_run_outcome,
    stopped_soon_by_point,
    top_by_outcome,
)

if TYPE_CHECKING:
    from journeysim.batch.experiment import Experiment

COMMAND = "python experiments/sensitivity.py"


@dataclass(frozen=True)
class StudySettings:
    """Sample sizes of the study (defaults: about 100,000 runs, roughly 15-25 minutes on 2 cores).

    Twenty Morris trajectories give steadier μ* than ten; a parameter that acts only in a corner of the
    declared ranges can still miss every sampled step and read as inert. Publication grade:
    ``morris_trajectories=40, morris_replications=10, sobol_samples=1024, sobol_replications=20``
    (about 10 times the runs: hours on a workstation, or a Dask cluster).
    """

    morris_trajectories: int = 20
    morris_replications: int = 3
    morris_levels: int = 4
    sobol_samples: int = 128
    sobol_replications: int = 8
    sobol_factors: int = 8
    seed: int = 2024


@dataclass
class OutcomeResult:
    """Indices of one outcome in one stage (and one scenario).

    Attributes:
        outcome: Outcome name.
        indices: One row per factor (Morris: mu, mu_star, sigma, mu_star_conf; Sobol: S1, S1_conf, ST, ST_conf).
        noise_share: Share of the variance of the point means that is replication noise.
        point_values: The outcome's value at every design point (design order).
        stopped_soon: For the departure outcome, the share of runs running at the departure that
            stopped within 36 months, per design point (``nan`` where none was running): pattern P1a
            evaluated across the design.
        scenario: Key of the scenario (:data:`SCENARIOS`) the sweep ran.
        spread: Standard deviation of the outcome over every run of the sweep (0 if it never moved):
            the scale that makes μ* comparable across outcomes and scenarios.
        noise_floor: The μ* replication noise alone gives this outcome (:func:`noise_floor`; 0 if the
            replications never differ, ``nan`` for Sobol): a parameter acts on it only above the floor
            (:func:`inert_parameters`).

    """

    outcome: str
    indices: pd.DataFrame
    noise_share: float
    point_values: np.ndarray
    stopped_soon: np.ndarray | None = None
    scenario: str = ""
    spread: float = float("nan")
    noise_floor: float = 0.0

    def normalised_mu_star(self) -> pd.Series:
        """μ* divided by :attr:`spread`, so outcomes on different scales compare (0 where nothing moved)."""
        mu = self.indices["mu_star"].astype(float).fillna(0.0)
        s = self.spread
        return mu / s if np.isfinite(s) and s > 0 else mu * 0.0


@dataclass
class Study:
    """Results of the whole study.

    ``morris`` maps a scenario key to that sweep's results by outcome; ``sobol``
    maps each fragility outcome (:data:`SOBOL`) to its Sobol result.
    """

    settings: StudySettings
    factors: list[str]
    morris: dict[str, dict[str, OutcomeResult]]
    sobol_factors: list[str]
    sobol: dict[str, OutcomeResult]
    sweeps: dict[str, dict[str, Any]] = field(default_factory=dict)
    scenarios: dict[str, StudyScenario] = field(default_factory=lambda: dict(SCENARIOS))
    version: str = __version__
    code: str = field(default_factory=code_fingerprint)

    def inert(self) -> list[str]:
        """The parameters inside the noise floor on every outcome in every scenario (:func:`inert_parameters`)."""
        return inert_parameters(self)

    def to_json(self) -> dict[str, Any]:
        """Machine-readable form (``journeysim sensitivity-report --json``)."""

        def table(r: OutcomeResult) -> dict[str, Any]:
            rows = {f: {k: finite(v) for k, v in row.items()} for f, row in r.indices.iterrows()}
            noise = {"noise_share": finite(r.noise_share), "noise_floor": finite(r.noise_floor)}
            return {**noise, "spread": finite(r.spread), "indices": rows}

        reach = largest_effects(self)
        return {
            "journeysim": self.version,
            "code": self.code,
            "settings": asdict(self.settings),
            "scenarios": {k: asdict(s) for k, s in self.scenarios.items()},
            "sweeps": self.sweeps,
            "morris": {k: {o: table(r) for o, r in by.items()} for k, by in self.morris.items()},
            "largest_effect": {
                str(f): {
                    "ratio": finite(row.ratio),
                    "floor": finite(row.floor),
                    "normalised": finite(row.normalised),
                    "mu_star": finite(row.mu_star),
                    "outcome": str(row.outcome),
                    "scenario": str(row.scenario),
                    "acts": int(row.acts),
                }
                for f, row in reach.iterrows()
            },
            "noise_multiple": NOISE_MULTIPLE,
            "inert": self.inert(),
            "sobol_factors": self.sobol_factors,
            "sobol": {o: table(r) for o, r in self.sobol.items()},
        }

    def summary_lines(self) -> list[str]:
        """The top factors per outcome, the Sobol results and the inert parameters, in plain text."""
        lines = []
        for o, t in top_by_outcome(self, 5).items():
            lines.append(
                f"Morris {o}: " + ", ".join(f"{f} ({row.normalised:.2g} in {row.scenario})" for f, row in t.iterrows())
            )
        for o, r in self.sobol.items():
            top = r.indices.sort_values("ST", ascending=False).head(5)
            lines.append(
                f"Sobol {o}: "
                + ", ".join(f"{f} (S1 {row.S1:.2f}, ST {row.ST:.2f})" for f, row in top.iterrows())
                + f"; noise {percent(r.noise_share, 0, '–')}"
            )
        inert = self.inert()
        lines.append(
            "Inert (inside the replication-noise floor on every outcome in every scenario):"
            f" {len(inert)} of {len(self.factors)}" + (": " + ", ".join(inert) if inert else "")
        )
        return lines


def screened_parameters() -> list[str]:
    """Every parameter declared uncertain (the model's numeric assumptions), in declaration order."""
    from journeysim.uncertainty import uncertain_parameters

    return [p.name for p in uncertain_parameters()]


def experiment_dict(
    name: str, scenario: str | StudyScenario, factors: list[str], method: str, s: StudySettings
) -> dict[str, Any]:
    """An experiment (the form of an experiment TOML file) varying ``factors`` over their declared ranges."""
    study = scenario if isinstance(scenario, StudyScenario) else StudyScenario(scenario, scenario)
    design: dict[str, Any] = {"method": method, "seed": s.seed}
    if method == "morris":
        design.update(samples=s.morris_trajectories, levels=s.morris_levels)
        replications = s.morris_replications
    else:
        design.update(samples=s.sobol_samples, second_order=False)
        replications = s.sobol_replications
    out: dict[str, Any] = {
        "name": name,
        "description": f"{method} design over {len(factors)} declared parameters, {study.label}",
        "scenario": study.reference,
        "replications": replications,
        "seed": s.seed,
        "design": design,
        "vary": {f: {"low": PARAMETERS[f].low, "high": PARAMETERS[f].high} for f in factors},
    }
    if study.sets:
        out["set"] = dict(study.sets)
    return out


def point_frame(runs: pd.DataFrame, outcome: str) -> tuple[pd.DataFrame, float]:
    """One row per design point with the outcome's mean over replications, and the noise share.

    The noise share is the mean over points of the within-point variance
    divided by the replications, over the variance of the point means: how
    much of what the indices decompose is replication noise rather than the
    parameters. The root of that numerator, the s.d. of a point's mean from
    replication noise, is kept in ``attrs["point_sd"]`` (it sets the noise floor).
    """
    ok = runs[runs["status"] == "ok"].copy()
    ok["y"] = per_run_outcome(ok, outcome)
    g = ok.groupby("point_hash")["y"]
    means, within, n = g.mean(), g.var(ddof=1), g.size()
    total = float(means.var(ddof=1))
    point_var = float((within / n).mean())
    noise = point_var / total if total > 0 else float("nan")
    frame = pd.DataFrame({"point_hash": means.index, "status": "ok", outcome: means.to_numpy()})
    frame.attrs["spread"] = float(ok["y"].std(ddof=1)) if len(ok) > 1 else 0.0
    frame.attrs["point_sd"] = float(np.sqrt(point_var))
    return frame, noise


def analyse(experiment: Any, runs: pd.DataFrame, outcome: str, seed: int, scenario: str = "") -> OutcomeResult:
    """Indices of one outcome from a sweep's runs (SALib via :func:`journeysim.analysis.sensitivity.analyze`)."""
    from journeysim.analysis.sensitivity import analyze

    points, noise = point_frame(runs, outcome)
    indices = analyze(points, experiment, outcome=outcome, seed=seed)
    hashes = experiment.design().frame(experiment.factors)["point_hash"]
    values = hashes.map(points.set_index("point_hash")[outcome]).to_numpy(dtype=float)
    soon = hashes.map(stopped_soon_by_point(runs)).to_numpy(dtype=float) if outcome == AFTER_DEPARTURE else None
    spread = points.attrs["spread"]
    morris = experiment.method == "morris"
    floor = noise_floor(points.attrs["point_sd"], experiment.levels or 4) if morris else float("nan")
    return OutcomeResult(outcome, indices, noise, values, soon, scenario, spread if np.isfinite(spread) else 0.0, floor)


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


# ------------------------------------------------------------ the study
def run_one_sweep(
    name: str,
    scenario: StudyScenario,
    method: str,
    factors: list[str],
    settings: StudySettings,
    results: Path,
    executor: Executor | None,
    progress: bool,
    extra: dict[str, Any] | None = None,
) -> tuple[Experiment, pd.DataFrame, dict[str, Any]]:
    """One sweep, resumable: its folder is named by the experiment's hash and the code fingerprint.

    ``extra`` adds experiment keys (a ``posterior`` to draw the other calibrated parameters from).
    Returns the experiment, its runs (the study's columns that the runs report) and a summary.
    """
    from journeysim.batch.experiment import Experiment
    from journeysim.batch.store import read_runs
    from journeysim.batch.sweep import run_sweep

    d = {**experiment_dict(name, scenario, factors, method, settings), **(extra or {})}
    exp = Experiment.from_dict(d, source=f"<{name}>")
    folder = results / f"{name}-{exp.hash[:8]}-{code_fingerprint()[:8]}"
    summary = run_sweep(exp, folder, executor=executor, progress=progress)
    if not summary.complete:
        raise InputError(
            f"sweep {folder} is incomplete ({summary.runs_done} of {summary.runs_total} runs): "
            + "; ".join(summary.chunk_errors[:3])
            + ". Run the same command again to finish it."
        )
    runs = read_runs(folder)
    runs = runs[[c for c in RUN_COLUMNS if c in runs.columns]]
    info = {
        "folder": str(folder),
        "experiment_hash": exp.hash,
        "scenario": scenario.key,
        "reference": scenario.label,
        "points": int(exp.size_of_design()),
        "runs": int(summary.runs_total),
        "failed": int(summary.runs_failed),
    }
    return exp, runs, info


def run_morris(
    factors: list[str],
    settings: StudySettings,
    results: Path,
    executor: Executor | None = None,
    progress: bool = False,
    scenarios: dict[str, StudyScenario] | None = None,
) -> tuple[dict[str, dict[str, OutcomeResult]], dict[str, dict[str, Any]]]:
    """One Morris sweep per scenario (same design, same seeds); every measured outcome's indices."""
    out: dict[str, dict[str, OutcomeResult]] = {}
    sweeps: dict[str, dict[str, Any]] = {}
    for key, scenario in (scenarios or SCENARIOS).items():
        name = f"sensitivity_morris_{key}"
        exp, runs, info = run_one_sweep(name, scenario, "morris", factors, settings, results, executor, progress)
        sweeps[name] = info
        out[key] = {o: analyse(exp, runs, o, settings.seed, key) for o in measured_outcomes(runs, scenario)}
    return out, sweeps


def run_sobol(
    factors: list[str],
    settings: StudySettings,
    results: Path,
    executor: Executor | None = None,
    progress: bool = False,
    scenarios: dict[str, StudyScenario] | None = None,
) -> tuple[dict[str, OutcomeResult], dict[str, dict[str, Any]]]:
    """One Sobol sweep per fragility outcome (:data:`SOBOL`), in its scenario."""
    scenarios = scenarios or SCENARIOS
    out: dict[str, OutcomeResult] = {}
    sweeps: dict[str, dict[str, Any]] = {}
    for outcome, key in SOBOL.items():
        if key not in scenarios:
            continue
        name = f"sensitivity_sobol_{outcome}"
        exp, runs, info = run_one_sweep(name, scenarios[key], "sobol", factors, settings, results, executor, progress)
        sweeps[name] = info
        out[outcome] = analyse(exp, runs, outcome, settings.seed, key)
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


def fragility_results(morris: dict[str, dict[str, OutcomeResult]]) -> dict[str, OutcomeResult]:
    """The Morris results of the fragility outcomes, each in its own scenario (:data:`SOBOL`)."""
    return {o: morris[k][o] for o, k in SOBOL.items() if k in morris and o in morris[k]}


def run_study(
    settings: StudySettings,
    results: str | Path,
    executor: Executor | None = None,
    progress: bool = False,
    factors: list[str] | None = None,
    scenarios: dict[str, StudyScenario] | None = None,
) -> Study:
    """Morris screening of ``factors`` (default: every uncertain parameter) in every scenario, then Sobol.

    Args:
        settings: Sample sizes and seed.
        results: Folder of the sweep folders (resumable).
        executor: Where runs go (default: a local pool).
        progress: Show progress bars.
        factors: Parameters to screen (default: :func:`screened_parameters`).
        scenarios: The scenario set (default: :data:`SCENARIOS`).

    """
    results = Path(results)
    factors = factors or screened_parameters()
    scenarios = dict(scenarios or SCENARIOS)
    morris, sweeps = run_morris(factors, settings, results, executor, progress, scenarios)
    chosen = top_factors(fragility_results(morris), settings.sobol_factors)
    sobol, more = run_sobol(chosen, settings, results, executor, progress, scenarios) if chosen else ({}, {})
    return Study(settings, factors, morris, chosen, sobol, {**sweeps, **more}, scenarios)
