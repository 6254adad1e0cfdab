"""Robust conclusions: each headline contrast under the posterior, and how much of it the data leave open.

A conclusion of the model is a paired contrast between two strategies (treated minus control, the same worlds).
For each headline contrast this study reports

1. the **difference under the calibrated posterior**: paired replications, the calibrated parameters drawn from
   the posterior (one particle per replication, shared by both arms), every other parameter at its default;
2. the **Sobol indices of that difference** over the parameters the data cannot settle (*unsettled*): those the
   calibration leaves free or does not identify (posterior sd at least
   :data:`~journeysim.calibration.posterior_checks.IDENTIFIED_SD_RATIO` of the prior's), each over its declared
   range, the identified ones still drawn from the posterior. Both arms run the same Saltelli design with the
   same seeds (common random numbers), so a design point's difference is paired too;
3. **how the conclusion looks across that range**: the spread of the design points' differences and the share of
   points where the difference keeps the direction it has under the posterior.

A total-order index near 1 says the size of the effect rests on that assumption; the share of points that keep
the direction says whether its *sign* does. Replication noise inflates every index: the noise share (the mean
squared standard error of a point's paired difference over the variance of the points' differences) says how
much of what is decomposed is noise.
"""

from __future__ import annotations

from concurrent.futures import Executor
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from journeysim.analysis.bootstrap import Interval, paired_mean_difference
from journeysim.calibration.posterior_checks import IDENTIFIED_SD_RATIO, parameter_summary
from journeysim.errors import InputError
from journeysim.outcomes.formats import finite
from journeysim.validation.sensitivity_measures import AFTER_DEPARTURE, RUNNING, per_run_outcome
from journeysim.validation.sensitivity_study import StudyScenario, StudySettings, run_one_sweep

if TYPE_CHECKING:
    from journeysim.uncertainty import Posterior


@dataclass(frozen=True)
class Contrast:
    """A headline conclusion: ``treated`` against ``control`` on one outcome, over the same worlds."""

    key: str
    question: str
    treated: str
    control: str
    outcome: str
    departure: bool = False


CONTRASTS: tuple[Contrast, ...] = (
    Contrast(
        "succession",
        "Does succession planning keep a lone champion's service running after the champion leaves?",
        "lone_champion_succession+champion_leaves_year5",
        "lone_champion+champion_leaves_year5",
        AFTER_DEPARTURE,
        departure=True,
    ),
    Contrast(
        "several",
        "Do several implementers keep a service running better than one champion?",
        "several_implementers",
        "lone_champion",
        RUNNING,
    ),
    Contrast(
        "top_down",
        "Does top-down investment keep a champion's service running?",
        "lone_champion+top_down_investment",
        "lone_champion",
        RUNNING,
    ),
    Contrast(
        "recurrent",
        "Does a recurrent funding line keep a service running better than a one-off pilot grant?",
        "lone_champion+recurrent_funding",
        "lone_champion+one_off_funding",
        RUNNING,
    ),
)


@dataclass(frozen=True)
class RobustSettings:
    """How many runs.

    A Saltelli design of ``samples`` base points with ``replications`` paired runs a point and arm, and
    ``difference_replications`` paired runs for the difference under the posterior.
    """

    samples: int = 64
    replications: int = 10
    difference_replications: int = 400
    seed: int = 2024


@dataclass
class ContrastResult:
    """One contrast's difference under the posterior, its indices and its differences across the design."""

    contrast: Contrast
    difference: Interval
    indices: pd.DataFrame
    noise_share: float
    point_differences: np.ndarray
    sweeps: list[str] = field(default_factory=list)

    @property
    def keeps_direction(self) -> float:
        """Share of design points whose difference has the sign of the difference under the posterior."""
        sign = np.sign(self.difference.estimate)
        return float(np.mean(np.sign(self.point_differences) == sign)) if sign else float("nan")

    def to_json(self) -> dict[str, Any]:
        """Plain numbers for a JSON file (``None`` where a number is undefined)."""
        q = np.quantile(self.point_differences, [0.05, 0.5, 0.95])
        table = self.indices[["S1", "S1_conf", "ST", "ST_conf"]]
        return {
            "contrast": asdict(self.contrast),
            "difference": {k: finite(v) for k, v in asdict(self.difference).items()},
            "indices": {f: {k: finite(v) for k, v in row.items()} for f, row in table.iterrows()},
            "noise_share": finite(self.noise_share),
            "point_difference_q05_q50_q95": [finite(x) for x in q],
            "keeps_direction": finite(self.keeps_direction),
            "sweeps": self.sweeps,
        }


def unsettled(posterior: Posterior, candidates: list[str]) -> list[str]:
    """The candidates the posterior leaves open: not calibrated, or calibrated without being identified."""
    frame = pd.DataFrame(posterior.values, columns=list(posterior.parameters)).assign(weight=posterior.weights)
    summary = parameter_summary(frame, list(posterior.parameters), IDENTIFIED_SD_RATIO)
    identified = set(summary.index[summary["identified"]])
    return [c for c in candidates if c not in identified]


def _arm(c: Contrast, arm: str) -> StudyScenario:
    return StudyScenario(f"{c.key}_{arm}", c.treated if arm == "treated" else c.control, departure=c.departure)


def _difference_runs(
    c: Contrast, posterior: Posterior, s: RobustSettings, executor: Executor | None, progress: bool
) -> Interval:
    """The paired difference under the posterior, every other parameter at its default."""
    from journeysim.batch.replicate import replicate

    runs = replicate(
        [c.control, c.treated],
        s.difference_replications,
        seed=s.seed,
        executor=executor,
        progress=progress,
        labels=["control", "treated"],
        posterior=posterior,
    )
    arms = [runs[runs["scenario"] == arm].sort_values("replication") for arm in ("control", "treated")]
    values = [per_run_outcome(a, c.outcome) for a in arms]
    return paired_mean_difference(values[0], values[1], seed=s.seed)


def run_contrast(
    c: Contrast,
    factors: list[str],
    posterior: Posterior,
    settings: RobustSettings,
    results: str | Path,
    executor: Executor | None = None,
    progress: bool = False,
) -> ContrastResult:
    """One contrast: its difference under the posterior, then paired Sobol sweeps of both arms over ``factors``."""
    from journeysim.analysis.sensitivity import analyze

    folder = Path(posterior.source)
    if not folder.is_dir():  # the sweeps record and re-read the posterior by its folder
        raise InputError(f"robust conclusions need a posterior read from its folder, not {posterior.source!r}")
    results = Path(results)
    difference, folders = _difference_runs(c, posterior, settings, executor, progress), []
    study = StudySettings(sobol_samples=settings.samples, sobol_replications=settings.replications, seed=settings.seed)
    extra = {"posterior": str(folder.resolve())}
    arms = []
    for arm in ("control", "treated"):
        scenario = _arm(c, arm)
        exp, runs, info = run_one_sweep(
            f"robust_{scenario.key}", scenario, "sobol", factors, study, results, executor, progress, extra
        )
        ok = runs[runs["status"] == "ok"]
        arms.append(ok[["point_hash", "replication"]].assign(y=per_run_outcome(ok, c.outcome)))
        folders.append(info["folder"])
    paired = arms[0].merge(arms[1], on=["point_hash", "replication"], suffixes=("_c", "_t"))
    by_point = (paired["y_t"] - paired["y_c"]).groupby(paired["point_hash"])
    diff, within = by_point.mean(), (by_point.var(ddof=1) / by_point.size()).mean()
    total = float(diff.var(ddof=1))
    points = pd.DataFrame({"point_hash": diff.index, "status": "ok", c.outcome: diff.to_numpy()})
    indices = analyze(points, exp, outcome=c.outcome, seed=settings.seed)
    hashes = exp.design().frame(exp.factors)["point_hash"]
    noise = float(within / total) if total > 0 else float("nan")
    return ContrastResult(c, difference, indices, noise, hashes.map(diff).to_numpy(float), folders)


def run_robust(
    posterior: Posterior,
    candidates: list[str],
    settings: RobustSettings,
    results: str | Path,
    executor: Executor | None = None,
    progress: bool = False,
    contrasts: tuple[Contrast, ...] = CONTRASTS,
) -> tuple[list[str], list[ContrastResult]]:
    """Every contrast over the candidates the posterior leaves unsettled; returns those factors and the results."""
    factors = unsettled(posterior, candidates)
    if len(factors) < 2:
        raise InputError(f"robust conclusions need at least two unsettled parameters, got {factors}")
    return factors, [run_contrast(c, factors, posterior, settings, results, executor, progress) for c in contrasts]
