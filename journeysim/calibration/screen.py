"""Which parameters can the targets inform? Morris screening of the calibration's target outputs.

Before a calibration, every declared uncertain parameter (single-service and
population ones) is screened on the same simulator the calibration runs: SALib's
Morris design over the declared ranges, each point one run of the reduced
population, each target's output divided by that target's standard deviation, so
an effect is read in the units the calibration's distance uses. Within a
trajectory every point shares one seed (common random numbers), so an elementary
effect is the parameter's step plus the run-to-run divergence that step sets off.

That divergence sets a floor: ``noise_runs`` runs at the declared defaults with
their own seeds give each output's run-to-run standard deviation *s*. An
elementary effect of pure noise is the difference of two such runs over one
Morris step ``delta``, so its expected absolute value (the μ* of a parameter
that does nothing) is at most ``2 / sqrt(pi) * s / delta``; runs that share a
seed differ less, so the floor is conservative. A parameter informs a target
when its μ* clears ``floor_factor`` floors; those are the candidates to
calibrate, ranked by how far their μ* clears the floor.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from concurrent.futures import Executor
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np
import pandas as pd
from SALib.analyze import morris as morris_analyze
from SALib.sample import morris as morris_sample

from journeysim.calibration.simulator import (
    DEFAULT_SCENARIO,
    DEFAULT_SERVICES,
    Simulator,
    calibration_scenario,
    run_all,
)
from journeysim.calibration.targets import Targets
from journeysim.errors import InputError
from journeysim.fingerprint import code_fingerprint
from journeysim.uncertainty import set_on_purpose, uncertain_parameters

LEVELS = 4
"""Morris grid levels; the step is ``LEVELS / (2 * (LEVELS - 1))`` of a parameter's range (SALib's default)."""
FLOOR_FACTOR = 2.0
"""A parameter informs a target when its μ* exceeds this many noise floors."""
NOISE_RUNS = 20
"""Runs at the defaults (own seeds) that measure each output's run-to-run spread."""


@dataclass(frozen=True)
class ScreenSettings:
    """How a screen runs: trajectories, the reduced population and the root seed."""

    trajectories: int = 8
    services: int = DEFAULT_SERVICES
    scenario: str = DEFAULT_SCENARIO
    seed: int = 2024
    noise_runs: int = NOISE_RUNS
    floor_factor: float = FLOOR_FACTOR


@dataclass(frozen=True)
class Screen:
    """A screen's result.

    Attributes:
        effects: One row per (parameter, target): ``mu_star`` and ``sigma`` in target sds per unit of the
            parameter's range, the target's ``floor``, and whether the parameter ``informs`` it.
        ranking: One row per parameter, most informative first (:func:`rank`).
        noise: Each target's run-to-run sd at the defaults (its own units) and in target sds.
        settings: How it ran.
        runs: Model runs made.

    """

    effects: pd.DataFrame
    ranking: pd.DataFrame
    noise: pd.DataFrame
    settings: ScreenSettings
    runs: int

    def informative(self) -> list[str]:
        """Parameters that inform at least one target, most informative first."""
        return self.ranking.loc[self.ranking["informs"] > 0, "parameter"].tolist()


def candidates(scenario_parameters: dict[str, object]) -> list[str]:
    """Every declared uncertain parameter a population run can use, bar those its scenario sets on purpose."""
    fixed = set_on_purpose(dict(scenario_parameters))
    return [p.name for p in uncertain_parameters(population=True) if p.name not in fixed]


def screen(
    targets: Targets,
    settings: ScreenSettings | None = None,
    names: list[str] | None = None,
    executor: Executor | None = None,
    progress: Callable[[str], None] | None = None,
) -> Screen:
    """Morris-screen ``names`` (default: every candidate) on the targets' outputs of the calibration simulator."""
    from journeysim.parameters import PARAMETERS

    settings = settings or ScreenSettings()
    if settings.trajectories < 2:
        raise InputError(f"screen trajectories = {settings.trajectories}: must be a whole number of at least 2")
    if settings.noise_runs < 2:
        raise InputError(f"screen noise runs = {settings.noise_runs}: must be a whole number of at least 2")
    scenario = calibration_scenario(targets, settings.scenario, settings.services)
    names = names or candidates(scenario.parameters)
    simulator = Simulator(scenario, targets, tuple(names))
    # The design lives on the unit cube, so every μ* reads "target sds per whole declared range".
    unit = {"num_vars": len(names), "names": list(names), "bounds": [[0.0, 1.0]] * len(names)}
    cube = morris_sample.sample(unit, settings.trajectories, num_levels=LEVELS, seed=settings.seed)
    low = np.array([PARAMETERS[n].low for n in names], dtype=float)
    high = np.array([PARAMETERS[n].high for n in names], dtype=float)
    design = np.clip(low + cube * (high - low), low, high)
    per_trajectory = len(names) + 1
    seeds = np.random.SeedSequence(settings.seed).generate_state(settings.trajectories + settings.noise_runs)
    points = [
        (dict(zip(names, map(float, row), strict=True)), int(seeds[i // per_trajectory]))
        for i, row in enumerate(design)
    ]
    noise_points = [({}, int(s)) for s in seeds[settings.trajectories :]]
    if progress:
        progress(f"screen: {len(names)} parameters, {len(points)} Morris runs + {len(noise_points)} runs at defaults")
    chunk = max(1, per_trajectory // 8)
    report = (lambda text: progress(f"screen: {text}")) if progress else None
    outputs = pd.DataFrame(run_all(simulator, points + noise_points, executor, chunk, report))
    morris_out, noise_out = outputs.iloc[: len(points)], outputs.iloc[len(points) :]
    sds = targets.sds
    delta = LEVELS / (2.0 * (LEVELS - 1))
    noise_rows, rows = [], []
    for target in targets.evidence:
        sd = sds[target.name]
        spread = float(noise_out[target.name].std(ddof=1))
        floor = settings.floor_factor * (2.0 / np.sqrt(np.pi)) * (spread / sd) / delta
        noise_rows.append({"target": target.name, "run_sd": spread, "run_sd_in_target_sds": spread / sd})
        y = morris_out[target.name].to_numpy(dtype=float) / sd
        res = morris_analyze.analyze(unit, cube, y, num_levels=LEVELS, num_resamples=200, seed=settings.seed)
        for i, name in enumerate(names):
            mu = float(res["mu_star"][i])
            rows.append(
                {
                    "parameter": name,
                    "target": target.name,
                    "mu_star": mu,
                    "sigma": float(res["sigma"][i]),
                    "floor": float(floor),
                    "informs": bool(mu > floor),
                }
            )
    effects = pd.DataFrame(rows)
    return Screen(effects, rank(effects), pd.DataFrame(noise_rows), settings, len(outputs))


def rank(effects: pd.DataFrame) -> pd.DataFrame:
    """One row per parameter, most informative first: its largest μ* over its noise floor on any target.

    Columns: ``parameter``; ``signal`` (largest μ* / floor over the targets; above 1 means it informs
    that target); ``moves_most`` (that target); ``mu_star`` (its μ* there, in target sds);
    ``informs`` (how many targets it informs).
    """
    e = effects.assign(
        signal=np.where(
            effects["floor"] > 0,
            effects["mu_star"] / effects["floor"].where(effects["floor"] > 0, 1.0),
            np.where(effects["mu_star"] > 0, np.inf, 0.0),
        )
    )
    best = e.sort_values(["signal", "mu_star"], ascending=False).groupby("parameter", sort=False).first()
    informs = e.groupby("parameter")["informs"].sum().reindex(best.index)
    frame = pd.DataFrame(
        {
            "parameter": best.index,
            "signal": best["signal"].to_numpy(),
            "moves_most": best["target"].to_numpy(),
            "mu_star": best["mu_star"].to_numpy(),
            "informs": informs.to_numpy().astype(int),
        }
    )
    return frame.sort_values(["signal", "parameter"], ascending=[False, True]).reset_index(drop=True)


EFFECTS_FILE = "screen_effects.parquet"
RANKING_FILE = "screen_ranking.csv"
NOISE_FILE = "screen_noise.csv"
SETTINGS_FILE = "screen.json"


def write_screen(result: Screen, out: Path, targets: Targets) -> list[Path]:
    """Write a screen's tables and settings into ``out``; return the files written."""
    out.mkdir(parents=True, exist_ok=True)
    result.effects.to_parquet(out / EFFECTS_FILE, index=False)
    result.ranking.to_csv(out / RANKING_FILE, index=False)
    result.noise.to_csv(out / NOISE_FILE, index=False)
    meta = {
        "kind": "journeysim-screen",
        "targets": targets.path,
        "targets_sha256": targets.sha256,
        "code_fingerprint": code_fingerprint(),
        "settings": asdict(result.settings),
        "runs": result.runs,
        "informative": result.informative(),
    }
    (out / SETTINGS_FILE).write_text(json.dumps(meta, indent=2), encoding="utf-8")
    return [out / f for f in (EFFECTS_FILE, RANKING_FILE, NOISE_FILE, SETTINGS_FILE)]


def read_screen(folder: Path) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame, dict[str, object]]:
    """A written screen: effects, ranking, noise and its settings (InputError if the folder holds none)."""
    meta_path = folder / SETTINGS_FILE
    if not meta_path.is_file():
        raise InputError(f"{folder}: holds no screen ({SETTINGS_FILE} is missing); run 'journeysim screen' first")
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    return (
        pd.read_parquet(folder / EFFECTS_FILE),
        pd.read_csv(folder / RANKING_FILE),
        pd.read_csv(folder / NOISE_FILE),
        meta,
    )
