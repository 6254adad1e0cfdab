"""The simulator a calibration runs: a smaller representative UK population, up to the last target year.

A full national run (``uk_services``, about 200 services) costs seconds; a
calibration needs thousands of runs. :func:`reduced_population` scales every
nation's count of services in proportion (England takes the rounding), keeping
each nation's people, context, regions (at most one per service) and training
centres, so each service is as large as before on average and the shares the
targets describe keep their meaning. ``tests/calibration/test_simulator.py``
checks that the reduced population's target outputs at the default
parameters agree with the full population's within their run-to-run spread.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Executor
from dataclasses import dataclass, replace
from typing import Any

import numpy as np

from journeysim.calibration.evidence import pattern_values
from journeysim.calibration.targets import Targets, target_values
from journeysim.errors import InputError
from journeysim.library import load_scenario
from journeysim.nation.model import NationModel
from journeysim.nation.outputs import service_years
from journeysim.parameters import PARAMETERS
from journeysim.scenario import Scenario

DEFAULT_SCENARIO = "uk_services"
DEFAULT_SERVICES = 100
"""Services in the reduced population (the full UK population has 196)."""

CALIBRATED = (
    "champion_arrival_annual",
    "referral_share_no_pathway",
    "new_senior_view_weight",
    "senior_priority_threshold",
)
"""The parameters calibrated by default against figures alone: those ``journeysim screen uk`` finds to inform at
least one of the shipped targets above its run-to-run noise floor, most informative first (docs/calibration.md)."""
CALIBRATED_WITH_PATTERNS = (*CALIBRATED, "staff_turnover_annual")
"""The default when the targets use the study's patterns as evidence: also every parameter whose Sobol total-order
index on a headline outcome exceeds 0.1 (docs/sensitivity.md; the senior-leader pair is already above)."""


def default_parameters(targets: Targets) -> tuple[str, ...]:
    """The parameters a calibration against ``targets`` fits unless told otherwise."""
    return CALIBRATED_WITH_PATTERNS if targets.patterns else CALIBRATED


MAX_SEED = 2**63 - 1


def reduced_population(base: Scenario, services: int) -> Scenario:
    """``base`` with its nations' services (and island boards) scaled to ``services`` in all, at least one each."""
    pop = base.population
    if pop is None:
        raise InputError(f"scenario {base.name}: not a population scenario (it has no [population] table)")
    if services >= pop.services:
        return base
    factor = services / pop.services
    nations = []
    for n in pop.nations:
        count = max(1, round(n.services * factor))
        nations.append(
            replace(
                n,
                services=count,
                regions=min(n.regions, count),
                island_boards=min(count, round(n.island_boards * factor)),
            )
        )
    nations[0] = replace(nations[0], services=nations[0].services + services - sum(n.services for n in nations))
    return replace(base, population=replace(pop, nations=tuple(nations)))


def calibration_scenario(
    targets: Targets, scenario: str = DEFAULT_SCENARIO, services: int = DEFAULT_SERVICES
) -> Scenario:
    """The population scenario a calibration runs: reduced to ``services`` and run up to the last target year."""
    base = load_scenario(scenario)
    start = int(base.parameters["start_year"])
    years = targets.last_year - start + 1
    return reduced_population(base.with_parameters({"years": years}, source="calibration"), services)


def check_parameters(names: tuple[str, ...] | list[str]) -> tuple[str, ...]:
    """Names of parameters to calibrate, each a declared numeric uncertain parameter (InputError otherwise)."""
    if not names:
        raise InputError("--parameter: give at least one parameter to calibrate")
    for name in names:
        spec = PARAMETERS.get(name)
        if spec is None:
            raise InputError(f"--parameter {name}: not a declared parameter (see docs/parameters.md)")
        if spec.kind not in ("float", "int") or not spec.uncertain:
            raise InputError(f"--parameter {name}: must be a numeric parameter declared uncertain (it is {spec.kind})")
    if len(set(names)) != len(names):
        raise InputError(f"--parameter: a parameter is named twice in {', '.join(names)}")
    return tuple(names)


def as_declared(name: str, value: float) -> Any:
    """A particle's value as the parameter's kind: integer parameters are rounded."""
    return round(value) if PARAMETERS[name].kind == "int" else float(value)


@dataclass
class Simulator:
    """One calibration run: parameters in, the targets' model outputs out (a pyabc model).

    The run's seed is drawn from numpy's global generator, which the calibration's
    sampler seeds for every candidate particle (:mod:`journeysim.calibration.sampler`),
    so a candidate's outputs are a function of its identity alone.
    """

    scenario: Scenario
    targets: Targets
    names: tuple[str, ...]

    def __call__(self, parameter: Any) -> dict[str, float]:
        """Run the population once with ``parameter`` (a mapping of calibrated names to values)."""
        seed = int(np.random.randint(0, MAX_SEED, dtype=np.int64))
        return self.run({n: parameter[n] for n in self.names}, seed)

    def run(self, values: dict[str, float], seed: int) -> dict[str, float]:
        """The targets' outputs of one run at ``values`` with ``seed``, and each pattern's estimate there."""
        declared = {n: as_declared(n, v) for n, v in values.items()}
        model = NationModel(self.scenario.with_parameters(declared, source="calibration"), seed)
        model.run()
        return target_values(self.targets, service_years(model)) | pattern_values(self.targets, declared, seed)


Point = tuple[dict[str, float], int]
"""One run of the simulator: the calibrated parameters' values and the model seed."""


def run_points(simulator: Simulator, points: list[Point]) -> list[dict[str, float]]:
    """In a worker: the targets' outputs of one run per point."""
    return [simulator.run(values, seed) for values, seed in points]


def run_all(
    simulator: Simulator,
    points: list[Point],
    executor: Executor | None,
    chunk: int,
    progress: Callable[[str], None] | None = None,
) -> list[dict[str, float]]:
    """Run the points in chunks of ``chunk`` on ``executor`` (default: this process), in order.

    ``progress`` hears ``"<done> of <total> runs"`` every tenth of the way. The outputs do not depend on
    the executor or the chunks: each point carries its own seed.
    """
    from journeysim.batch.executors import SerialExecutor

    executor = executor or SerialExecutor()
    futures = [executor.submit(run_points, simulator, points[i : i + chunk]) for i in range(0, len(points), chunk)]
    rows: list[dict[str, float]] = []
    step = max(1, len(points) // 10)
    for future in futures:
        before = len(rows)
        rows.extend(future.result())
        if progress and len(rows) // step > before // step:
            progress(f"{len(rows)} of {len(points)} runs")
    return rows
