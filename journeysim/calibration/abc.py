"""Approximate Bayesian computation (pyabc's ABC-SMC) of the population model against its targets.

:func:`calibrate` runs generation after generation into a pyabc database in
the output folder (``abc.db``), so a second call with the same folder resumes
where the first stopped (and may ask for more generations); then it writes the
posterior folder (``posterior.parquet``, ``distances.parquet``,
``statistics.parquet``, ``manifest.json``; docs/calibration.md). Priors are uniform over the declared
ranges; the distance is the sum over targets of the squared error divided by
the target's variance (a target that is a bound has no error on the side it
allows); the first generation accepts every draw from the prior
(its median distance sets the next threshold) and each later threshold is the
weighted median distance of the generation before.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable
from concurrent.futures import Executor
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyabc

from journeysim import __version__
from journeysim.calibration.fields import one_sided, standardised
from journeysim.calibration.sampler import OrderedSampler
from journeysim.calibration.simulator import (
    CALIBRATED,
    DEFAULT_SCENARIO,
    DEFAULT_SERVICES,
    Simulator,
    calibration_scenario,
    check_parameters,
)
from journeysim.calibration.targets import Targets
from journeysim.errors import InputError
from journeysim.fingerprint import code_fingerprint
from journeysim.parameters import PARAMETERS

DATABASE = "abc.db"
SETTINGS_FILE = "calibration.json"
POSTERIOR = "posterior.parquet"
DISTANCES = "distances.parquet"
STATISTICS = "statistics.parquet"
MANIFEST = "manifest.json"
QUANTILE = 0.5  # each generation's threshold: the weighted median distance of the one before


@dataclass(frozen=True)
class Settings:
    """How a calibration runs (all but ``generations`` must match to resume a folder)."""

    population_size: int = 200
    generations: int = 6
    services: int = DEFAULT_SERVICES
    seed: int = 2024
    scenario: str = DEFAULT_SCENARIO
    parameters: tuple[str, ...] = CALIBRATED
    batch: int = 1
    leave_out: tuple[str, ...] = ()
    """Targets or patterns run and recorded but kept out of the distance (a leave-one-out check)."""

    def identity(self) -> dict[str, Any]:
        """What a resumed calibration must share with the stored one (everything but generations and batch)."""
        d = asdict(self)
        d.pop("generations")
        d.pop("batch")  # results do not depend on the batch size (see sampler.py)
        d["parameters"] = list(self.parameters)
        if self.leave_out:
            d["leave_out"] = list(self.leave_out)
        else:
            d.pop("leave_out")  # as calibrations written before there was a leave-out
        return d


@dataclass
class Generation:
    """Progress after one generation: ``t``, its threshold, evaluations, acceptance rate and seconds."""

    t: int
    epsilon: float
    evaluations: int
    acceptance: float
    seconds: float

    def line(self, total: int) -> str:
        """One progress line."""
        return (
            f"generation {self.t + 1}/{total}: threshold {self.epsilon:.4g}, {self.evaluations} runs, "
            f"acceptance {self.acceptance:.0%}, {self.seconds:.0f} s"
        )


@dataclass
class Calibration:
    """A finished calibration: its posterior (last generation), distances per generation and manifest."""

    out: Path
    posterior: pd.DataFrame
    distances: pd.DataFrame
    manifest: dict[str, Any]
    generations: list[Generation] = field(default_factory=list)
    resumed_from: int = 0


class StandardisedDistance:
    """Sum over the evidence of (error / sd)^2.

    The error is model minus figure, zero where a bound allows it, in the standard deviation of the side it
    falls on (an interval need not be centred on its figure).
    """

    def __init__(
        self,
        sds: dict[str, float],
        bounds: dict[str, str | None] | None = None,
        above: dict[str, float] | None = None,
    ) -> None:
        self.sds = dict(sds)
        self.bounds = dict(bounds or {})
        self.above = {k: (above or {}).get(k, sd) for k, sd in self.sds.items()}

    @classmethod
    def of(cls, targets: Targets, leave_out: tuple[str, ...] = ()) -> StandardisedDistance:
        """The distance for a targets file's figures and patterns, without those left out."""
        scales = {k: v for k, v in targets.scales.items() if k not in leave_out}
        return cls(
            {k: s[0] for k, s in scales.items()},
            {k: s[2] for k, s in scales.items()},
            {k: s[1] for k, s in scales.items()},
        )

    def __call__(self, x: dict[str, float], x0: dict[str, float]) -> float:
        """The distance between simulated ``x`` and observed ``x0`` (infinite if an estimate is missing)."""
        total = 0.0
        for k, sd in self.sds.items():
            value = float(x[k])
            if not np.isfinite(value):
                return float("inf")
            error = one_sided(value - float(x0[k]), self.bounds.get(k))
            total += (standardised(error, sd, self.above[k])) ** 2
        return float(total)


class ResumableQuantileEpsilon(pyabc.QuantileEpsilon):
    """pyabc's quantile threshold, infinite for the first generation and recomputed from the stored one on resume.

    pyabc's own sets its initial value again at the start of every ``run`` call, so a resumed calibration
    would accept everything once more; this one takes the weighted quantile of the last stored generation.
    """

    def initialize(self, t: int, get_weighted_distances: Callable[[], pd.DataFrame], *args: Any, **kwargs: Any) -> None:
        """Set the threshold of generation ``t``: infinite at 0, else from the generation before."""
        if t > 0:
            self._update(t, get_weighted_distances())
        else:
            self._look_up = {t: np.inf}


def priors(names: tuple[str, ...]) -> pyabc.Distribution:
    """Uniform priors over each parameter's declared range."""
    return pyabc.Distribution(
        **{n: pyabc.RV("uniform", PARAMETERS[n].low, PARAMETERS[n].high - PARAMETERS[n].low) for n in names}
    )


def _identity(targets: Targets, settings: Settings) -> dict[str, Any]:
    """What a folder's calibration must share with this one to be resumed: targets, settings and model code."""
    return {"targets_sha256": targets.sha256, **settings.identity(), "code_fingerprint": code_fingerprint()}


def _check_folder(out: Path, targets: Targets, settings: Settings) -> bool:
    """Whether ``out`` holds a calibration to resume; InputError if it holds a different one."""
    stored_file = out / SETTINGS_FILE
    if not (out / DATABASE).exists():
        return False
    if not stored_file.exists():
        raise InputError(f"--out {out}: holds {DATABASE} but no {SETTINGS_FILE}; use an empty folder")
    stored = json.loads(stored_file.read_text(encoding="utf-8"))
    mine = _identity(targets, settings)
    differ = [k for k in mine if stored.get(k) != mine[k]]
    if differ:
        k = differ[0]
        raise InputError(
            f"--out {out}: holds a calibration with {k} = {stored.get(k)!r}, not {mine[k]!r}; "
            "resume it with the same settings and targets, or give another folder"
        )
    return True


def calibrate(
    targets: Targets,
    out: str | Path,
    settings: Settings | None = None,
    executor: Executor | None = None,
    progress: Callable[[str], None] | None = None,
) -> Calibration:
    """Calibrate (or resume calibrating) the population model to ``targets``; write the posterior folder.

    Args:
        targets: The targets (:func:`~journeysim.calibration.targets.load_targets`).
        out: The folder for the pyabc database and the posterior.
        settings: Population size, generations, reduced population, seed, parameters.
        executor: Where the simulations run (default: in this process).
        progress: Called with one line per generation.

    Raises:
        InputError: for bad settings, or a folder holding a calibration with other settings or targets.

    """
    from journeysim.batch.executors import SerialExecutor

    settings = settings or Settings()
    names = check_parameters(settings.parameters)
    for key in ("population_size", "generations", "services"):
        if getattr(settings, key) < 1:
            raise InputError(f"calibration {key} = {getattr(settings, key)}: must be a whole number of at least 1")
    unknown = [n for n in settings.leave_out if n not in targets.names]
    if unknown:
        raise InputError(
            f"--leave-out {unknown[0]}: not a target or pattern of {targets.path}: {', '.join(targets.names)}"
        )
    if set(settings.leave_out) >= set(targets.names):
        raise InputError(f"--leave-out: leaves nothing of {targets.path} to fit")
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    resume = _check_folder(out, targets, settings)
    scenario = calibration_scenario(targets, settings.scenario, settings.services)
    sampler = OrderedSampler(executor or SerialExecutor(), settings.seed, settings.batch)
    abc = pyabc.ABCSMC(
        Simulator(scenario, targets, names),
        priors(names),
        StandardisedDistance.of(targets, settings.leave_out),
        population_size=settings.population_size,
        sampler=sampler,
        eps=ResumableQuantileEpsilon(initial_epsilon=np.inf, alpha=QUANTILE),
    )
    logging.getLogger("ABC").setLevel(logging.WARNING)
    db = f"sqlite:///{(out / DATABASE).resolve()}"
    if resume:
        history = abc.load(db, 1)
    else:
        (out / SETTINGS_FILE).write_text(json.dumps(_identity(targets, settings), indent=2), encoding="utf-8")
        history = abc.new(db, targets.observed)
    done = history.max_t + 1
    generations: list[Generation] = []
    while history.max_t + 1 < settings.generations:
        started = time.perf_counter()
        # pyabc caches the population it initialises the threshold from at its first run() in this process;
        # forget it, so each generation's threshold comes from the latest stored one (as on resume).
        abc._initial_population = None
        history = abc.run(max_nr_populations=1)
        t = history.max_t
        pops = history.get_all_populations().set_index("t")
        runs = int(pops.at[t, "samples"])
        gen = Generation(
            t, float(pops.at[t, "epsilon"]), runs, settings.population_size / runs, time.perf_counter() - started
        )
        generations.append(gen)
        if progress:
            progress(gen.line(settings.generations))
    if history.max_t < 0:  # pragma: no cover - pyabc stored nothing (cannot happen with generations >= 1)
        raise InputError(f"--out {out}: the calibration produced no generation")
    return _write(out, history, targets, settings, names, generations, done)


def _population(history: Any, t: int, names: tuple[str, ...]) -> pd.DataFrame:
    pop = history.get_population(t=t)
    rows = [
        {"particle": i, "distance": float(p.distance), "weight": float(p.weight)}
        | {n: float(p.parameter[n]) for n in names}
        for i, p in enumerate(pop.particles)
    ]
    frame = pd.DataFrame(rows)
    frame["weight"] = frame["weight"] / frame["weight"].sum()
    return frame


def statistics(history: Any, weights: np.ndarray) -> pd.DataFrame:
    """The last generation's particles with every output their accepted run gave (the left-out ones too).

    One run per particle, drawn with the particle: a posterior predictive sample that costs no further run.
    """
    particles = history.get_population(t=history.max_t).particles
    pairs = enumerate(zip(particles, weights, strict=True))
    rows = [{"particle": i, "weight": float(w)} | dict(p.sum_stat) for i, (p, w) in pairs]
    return pd.DataFrame(rows)


def _write(
    out: Path,
    history: Any,
    targets: Targets,
    settings: Settings,
    names: tuple[str, ...],
    generations: list[Generation],
    done: int,
) -> Calibration:
    frames = [_population(history, t, names).assign(generation=t) for t in range(history.max_t + 1)]
    distances = pd.concat(frames, ignore_index=True)[["generation", "particle", "distance", "weight", *names]]
    last = frames[-1]
    posterior = last[[*names, "weight"]].astype("float64").reset_index(drop=True)
    posterior.to_parquet(out / POSTERIOR, index=False)
    distances.to_parquet(out / DISTANCES, index=False)
    statistics(history, last["weight"].to_numpy()).to_parquet(out / STATISTICS, index=False)
    pops = history.get_all_populations()
    manifest = {
        "kind": "journeysim-posterior",
        "format": 1,
        "parameters": list(names),
        "targets": targets.path,
        "targets_sha256": targets.sha256,
        "code_fingerprint": code_fingerprint(),
        "journeysim_version": __version__,
        "seed": settings.seed,
        "settings": {
            **asdict(settings),
            "parameters": list(names),
            "leave_out": list(settings.leave_out),
            "method": "pyabc ABC-SMC",
        },
        "generations": int(history.max_t + 1),
        "particles": len(posterior),
        "epsilons": [float(e) for e in pops[pops["t"] >= 0].sort_values("t")["epsilon"]],
        "evaluations": int(pops[pops["t"] >= 0]["samples"].sum()),
    }
    (out / MANIFEST).write_text(json.dumps(manifest, indent=2), encoding="utf-8")
    return Calibration(out, posterior, distances, manifest, generations, resumed_from=done)
