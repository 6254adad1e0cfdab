"""Many worlds of one scenario, summarised for the fan chart.

World *i* is replication *i* of the root seed, run by :func:`journeysim.runs.replicate` as every comparison
runs it, so the trainer's current world is one of the worlds behind the fan. The worlds run as one
background job (:func:`fan_job`: its own process, with progress and a cancel). Their parameters come from
a :class:`Draws` chosen on the page: the scenario's values, a draw from the declared ranges per world (as
``--uncertain``), or a calibrated posterior's particle per world (as ``--posterior``; the posterior given
at startup, :func:`use_posterior`, or one found under the results folder, :mod:`journeysim.dashboard.draws`).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from itertools import accumulate

import numpy as np

from journeysim.dashboard import draws as drawsmod
from journeysim.dashboard.draws import RANGES, Draws, default_draws
from journeysim.dashboard.jobs import Job
from journeysim.model.record import MonthRecord
from journeysim.presentation.fans import FAN_METRICS, QUANTILES
from journeysim.runs import replicate
from journeysim.scenario import Scenario
from journeysim.uncertainty import Posterior

MAX_WORLDS = 1000
FIXED = Draws()  # the scenario's own values


@dataclass(frozen=True)
class FanData:
    """Quantile bands over many worlds of one scenario.

    Attributes:
        scenario_hash: Identifies the scenario the worlds ran.
        seed: The root seed.
        n: Number of worlds.
        dates: Calendar dates (``YYYY-MM-01``).
        bands: metric -> quantile -> values per month.

    """

    scenario_hash: str
    seed: int
    n: int
    dates: tuple[str, ...]
    bands: dict[str, dict[float, list[float]]]


def metric_values(rows: list[MonthRecord], metric: str) -> list[float]:
    """One fan metric from a run's series rows."""
    if metric == "participants_cum":
        return list(accumulate(float(r.participants) for r in rows))
    return [float(getattr(r, metric)) for r in rows]


def run_worlds(scenario: Scenario, seed: int, replications: list[int], draws: Draws = FIXED) -> dict[str, np.ndarray]:
    """Run the given replications (worlds) to the horizon with ``draws``; return metric -> (worlds x months) array."""
    out: dict[str, list[list[float]]] = {m: [] for m in FAN_METRICS}
    for r in replications:
        world = replicate(scenario, seed, r, uncertain=draws.kind == RANGES, posterior=draws.posterior)
        rows = world.model.series_rows()
        for m in FAN_METRICS:
            out[m].append(metric_values(rows, m))
    return {m: np.asarray(v, dtype=float) for m, v in out.items()}


def summarise(scenario: Scenario, seed: int, arrays: dict[str, np.ndarray]) -> FanData:
    """Quantile bands from the per-world arrays."""
    n, months = arrays["level_code"].shape
    start = int(scenario.parameters["start_year"])
    dates = tuple(f"{start + m // 12:04d}-{m % 12 + 1:02d}-01" for m in range(months))
    bands = {
        metric: {q: np.quantile(values, q, axis=0).round(3).tolist() for q in QUANTILES}
        for metric, values in arrays.items()
    }
    return FanData(scenario.hash, seed, n, dates, bands)


_cache: OrderedDict[tuple[str, int, int, str], FanData] = OrderedDict()
_cache_lock = threading.Lock()
CACHE_SIZE = 16


def use_posterior(posterior: Posterior | None) -> None:
    """The posterior given at startup: offered first and the fan charts' default (``None``: none); clears the cache."""
    with _cache_lock:
        drawsmod.set_startup_posterior(posterior)
        _cache.clear()


def cached(key: tuple[str, int, int] | tuple[str, int, int, str] | None) -> FanData | None:
    """Fan data already computed for ``(scenario hash, seed, n, draws key)``, if still in the cache.

    A key without the draws means the default draws (:func:`default_draws`).
    """
    if key is None:
        return None
    if len(key) == 3:
        key = (*key, default_draws().key)
    with _cache_lock:
        return _cache.get(key)  # type: ignore[arg-type]


def remember(key: tuple[str, int, int, str], data: FanData) -> FanData:
    """Put a finished job's fan data in the cache (the least recently added go first)."""
    with _cache_lock:
        _cache[key] = data
        while len(_cache) > CACHE_SIZE:
            _cache.popitem(last=False)
    return data


def compute(report: Callable[[int, int], None], scenario: Scenario, seed: int, n: int, draws: Draws) -> FanData:
    """A fan chart's work (in its job's process): ``n`` worlds a few at a time, reporting the worlds done."""
    reps = list(range(n))
    chunk = max(5, n // 20)
    parts: list[dict[str, np.ndarray]] = []
    for i in range(0, n, chunk):
        parts.append(run_worlds(scenario, seed, reps[i : i + chunk], draws))
        report(min(i + chunk, n), n)
    return summarise(scenario, seed, {m: np.concatenate([p[m] for p in parts]) for m in FAN_METRICS})


def _given(report: Callable[[int, int], None], data: FanData) -> FanData:
    return data


def fan_job(scenario: Scenario, seed: int, n: int, draws: Draws | None = None) -> Job:
    """The background job computing ``n`` worlds of ``scenario`` (the cached fan, if computed before).

    Its :attr:`~journeysim.dashboard.jobs.Job.about` is ``(cache key, scenario name, draws)``; the page puts the
    result in the cache with :func:`remember`.
    """
    draws = draws or default_draws()
    n = max(1, min(int(n), MAX_WORLDS))
    key = (scenario.hash, int(seed), n, draws.key)
    hit = cached(key)
    if hit is not None:
        return Job(_given, hit, total=n, about=(key, scenario.name, draws))
    return Job(compute, scenario, int(seed), n, draws, total=n, about=(key, scenario.name, draws))
