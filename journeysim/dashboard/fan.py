"""Many worlds of one scenario, summarised for the fan chart.

Replication *i* runs with ``purpose_seeds(seed, i)["model"]``, the same seed
the batch runner gives replication *i*, so the trainer's current world
(world *i* of the same root seed) is one of the worlds behind the fan.

The worlds run in a small pool of worker processes (from the package's one
pool factory, :func:`journeysim.batch.executors.local_pool`, started with
``spawn``, safe from a threaded server), so one session's fan chart neither blocks the
server's other sessions nor waits on the GIL; if a pool cannot be started
the worlds run in the calling thread. The metrics and quantiles are the fan
chart's display choices (:data:`~journeysim.presentation.fans.FAN_METRICS`,
:data:`~journeysim.presentation.fans.QUANTILES`). As with any ``spawn`` pool, a script
that serves the app must guard its entry point with
``if __name__ == "__main__":``; ``journeysim dashboard`` does.

Where the worlds take their parameters from is a :class:`Draws`, chosen on the page:
the scenario's values (parameters fixed at their defaults), a draw from the declared ranges
per world (as ``--uncertain`` draws per replication), or a calibrated posterior's particle per
world (as ``--posterior`` draws: world *i* takes the particle replication *i* of a comparison
draws, and what the scenario sets away from the declared defaults is kept). The posteriors on
offer are the one given at startup (``journeysim dashboard --posterior DIR``, set once for the
server by :func:`use_posterior`; it is also the default) and the posterior folders found under
the server's results folder (:mod:`journeysim.dashboard.draws`).
"""

from __future__ import annotations

import atexit
import concurrent.futures as cf
import logging
import os
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass

import numpy as np

from journeysim.batch.executors import local_pool
from journeysim.batch.runs import ROW_PREFIX, RunSpec, execute
from journeysim.dashboard import draws as drawsmod
from journeysim.dashboard.draws import RANGES, Draws, default_draws
from journeysim.model.record import MonthRecord
from journeysim.presentation.fans import FAN_METRICS, QUANTILES
from journeysim.scenario import Scenario
from journeysim.uncertainty import Posterior
from journeysim.vocabulary import LEVELS

log = logging.getLogger(__name__)

_SOURCE = {"courses_last_12": "courses_last_12", "teachers": "teachers", "level_code": "level_code"}
MAX_WORLDS = 1000


@dataclass(frozen=True)
class FanData:
    """Quantile bands over many worlds of one scenario.

    Attributes:
        scenario_hash: Identifies the scenario the worlds ran.
        seed: The root seed.
        n: Number of worlds.
        dates: Calendar dates (``YYYY-MM-01``).
        bands: metric -> quantile -> values per month.
        level_shares: level -> share of worlds at that level per month.

    """

    scenario_hash: str
    seed: int
    n: int
    dates: tuple[str, ...]
    bands: dict[str, dict[float, list[float]]]
    level_shares: dict[str, list[float]]


def metric_values(rows: list[MonthRecord], metric: str) -> list[float]:
    """One fan metric from a run's series rows."""
    if metric == "participants_cum":
        out, total = [], 0.0
        for r in rows:
            total += r.participants
            out.append(total)
        return out
    name = _SOURCE[metric]
    return [float(getattr(r, name)) for r in rows]


def run_worlds(
    scenario: Scenario,
    seed: int,
    replications: list[int],
    posterior: Posterior | None = None,
    ranges: bool = False,
) -> dict[str, np.ndarray]:
    """Run the given replications to the horizon; return metric -> (replications x months) array.

    With a ``posterior``, replication *r* runs with the particle its uncertainty stream draws (as
    ``--posterior`` runs it); with ``ranges``, with one draw of every uncertain parameter from its
    declared range (as ``--uncertain`` runs it). Otherwise with the scenario's own values. Each world
    is one replication run by :func:`journeysim.batch.runs.execute`, as every comparison runs it.
    """
    if posterior is not None and ranges:
        raise ValueError("the worlds draw from the declared ranges or from a posterior, not both")
    out: dict[str, list[list[float]]] = {m: [] for m in FAN_METRICS}
    for r in replications:
        row, series = execute(RunSpec(scenario, r, seed, uncertain=ranges, posterior=posterior), keep_series=True)
        if row["status"] != "ok":
            raise RuntimeError(f"world {r} of {scenario.name} failed: {row['error']}")
        rows = [MonthRecord(*s[len(ROW_PREFIX) :]) for s in series or []]
        for m in FAN_METRICS:
            out[m].append(metric_values(rows, m))
    return {m: np.asarray(v, dtype=float) for m, v in out.items()}


def _run_drawn(scenario: Scenario, seed: int, replications: list[int], draws: Draws) -> dict[str, np.ndarray]:
    """:func:`run_worlds` with the parameters ``draws`` says (what the worker pool runs)."""
    return run_worlds(scenario, seed, replications, draws.posterior, ranges=draws.kind == RANGES)


def summarise(scenario: Scenario, seed: int, arrays: dict[str, np.ndarray]) -> FanData:
    """Quantile bands and level shares from the per-world arrays."""
    n, months = arrays["level_code"].shape
    start = int(scenario.parameters["start_year"])
    dates = tuple(f"{start + m // 12:04d}-{m % 12 + 1:02d}-01" for m in range(months))
    bands = {
        metric: {q: np.quantile(values, q, axis=0).round(3).tolist() for q in QUANTILES}
        for metric, values in arrays.items()
    }
    codes = arrays["level_code"]
    shares = {lv: (codes == i).mean(axis=0).round(4).tolist() for i, lv in enumerate(LEVELS)}
    return FanData(scenario.hash, seed, n, dates, bands, shares)


_pool: cf.ProcessPoolExecutor | None = None
_pool_lock = threading.Lock()
_pool_failed = False
_cache: OrderedDict[tuple[str, int, int, str], FanData] = OrderedDict()
_cache_lock = threading.Lock()
CACHE_SIZE = 16


def use_posterior(posterior: Posterior | None) -> None:
    """The posterior given at startup: offered first and the fan charts' default (``None``: none); clears the cache."""
    with _cache_lock:
        drawsmod.set_startup_posterior(posterior)
        _cache.clear()


def _exit_with_parent(parent: int) -> None:
    """Worker initialiser: leave when the server process has gone (even if it was killed)."""

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1.0)
        os._exit(0)

    threading.Thread(target=watch, name="watch-parent", daemon=True).start()


def _get_pool() -> cf.ProcessPoolExecutor | None:
    global _pool, _pool_failed
    with _pool_lock:
        if _pool is None and not _pool_failed:
            try:
                # One core is left to the server, so other sessions (and this one's play and step)
                # keep their speed while many worlds compute.
                workers = max(1, min(2, (os.cpu_count() or 1) - 1))
                _pool = local_pool(workers, context="spawn", initializer=_exit_with_parent, initargs=(os.getpid(),))
            except (OSError, ValueError) as exc:  # pragma: no cover - platform without process support
                log.warning("fan charts run in-thread: cannot start worker processes (%s)", exc)
                _pool_failed = True
        return _pool


def warm_up() -> None:
    """Start the worker processes now, so the first fan chart does not wait for them."""
    pool = _get_pool()
    if pool is not None:
        pool.submit(int, 0)


def shutdown() -> None:
    """Stop the worker processes (at exit, or when a test server stops)."""
    global _pool
    with _pool_lock:
        if _pool is not None:
            _pool.shutdown(wait=True, cancel_futures=True)
            _pool = None


atexit.register(shutdown)


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


def fan_for(scenario: Scenario, seed: int, n: int, draws: Draws | None = None) -> FanData:
    """Fan data for ``n`` worlds of ``scenario`` from root ``seed`` (cached by scenario hash, seed, n and draws)."""
    n = max(1, min(int(n), MAX_WORLDS))
    draws = draws or default_draws()
    key = (scenario.hash, int(seed), n, draws.key)
    with _cache_lock:
        if key in _cache:
            _cache.move_to_end(key)
            return _cache[key]
    reps = list(range(n))
    pool = _get_pool()
    arrays: dict[str, np.ndarray] | None = None
    if pool is not None:
        chunk = max(5, n // 8)
        parts = [reps[i : i + chunk] for i in range(0, n, chunk)]
        try:
            results = list(
                pool.map(_run_drawn, [scenario] * len(parts), [seed] * len(parts), parts, [draws] * len(parts))
            )
            arrays = {m: np.concatenate([r[m] for r in results]) for m in FAN_METRICS}
        except cf.process.BrokenProcessPool as exc:  # pragma: no cover - a worker died
            log.warning("fan worker pool broke (%s); running in-thread", exc)
            shutdown()
    if arrays is None:
        arrays = _run_drawn(scenario, seed, reps, draws)
    data = summarise(scenario, seed, arrays)
    with _cache_lock:
        _cache[key] = data
        while len(_cache) > CACHE_SIZE:
            _cache.popitem(last=False)
    return data


class FanJob:
    """Many worlds computed in the background, with progress and a cancel.

    The worlds run in chunks on the worker pool (or, without one, in this job's
    own thread); the page polls :attr:`done` and :attr:`total` and can
    :meth:`cancel`. The request that starts a job returns at once, so the
    session's play and step callbacks are never queued behind it.
    """

    def __init__(self, scenario: Scenario, seed: int, n: int, draws: Draws | None = None) -> None:
        self.scenario, self.seed = scenario, int(seed)
        self.draws = draws or default_draws()
        self.posterior = self.draws.posterior
        self.n = max(1, min(int(n), MAX_WORLDS))
        self.done = 0
        self.total = self.n
        self.result: FanData | None = None
        self.error = ""
        self.cancelled = False
        self._futures: list[cf.Future] = []
        self._lock = threading.Lock()
        self._thread = threading.Thread(target=self._run, name="journeysim-fan", daemon=True)

    @property
    def key(self) -> tuple[str, int, int, str]:
        """The job's fan in the cache: ``(scenario hash, seed, n, draws key)``."""
        return (self.scenario.hash, self.seed, self.n, self.draws.key)

    @property
    def running(self) -> bool:
        """Still computing."""
        return self._thread.is_alive()

    def start(self) -> FanJob:
        """Start computing in the background."""
        self._thread.start()
        return self

    def cancel(self) -> None:
        """Stop: chunks not yet started are dropped; the chart keeps what it showed before."""
        with self._lock:
            self.cancelled = True
            for f in self._futures:
                f.cancel()

    def _run(self) -> None:
        key = self.key
        hit = cached(key)
        if hit is not None:
            self.done, self.result = self.n, hit
            return
        reps = list(range(self.n))
        chunk = max(5, self.n // 20)
        parts = [reps[i : i + chunk] for i in range(0, self.n, chunk)]
        results: list[dict[str, np.ndarray]] = []
        try:
            pool = _get_pool()
            if pool is not None:
                with self._lock:
                    self._futures = [pool.submit(_run_drawn, self.scenario, self.seed, p, self.draws) for p in parts]
                for future, part in zip(self._futures, parts, strict=True):
                    if self.cancelled:
                        return
                    results.append(future.result())
                    self.done += len(part)
            else:  # pragma: no cover - platform without worker processes
                for part in parts:
                    if self.cancelled:
                        return
                    results.append(_run_drawn(self.scenario, self.seed, part, self.draws))
                    self.done += len(part)
        except cf.CancelledError:
            return
        except Exception as exc:  # a broken worker must not leave the page waiting
            log.warning("many worlds failed: %s", exc)
            self.error = f"the worlds could not be computed ({type(exc).__name__})"
            return
        arrays = {m: np.concatenate([r[m] for r in results]) for m in FAN_METRICS}
        data = summarise(self.scenario, self.seed, arrays)
        with _cache_lock:
            _cache[key] = data
            while len(_cache) > CACHE_SIZE:
                _cache.popitem(last=False)
        self.result = data
