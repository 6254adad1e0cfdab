"""A pyabc sampler whose posterior does not depend on where the simulations run.

pyabc's own parallel samplers reseed every worker from the operating system
and accept particles in the order they finish, so two runs of the same
calibration differ. :class:`OrderedSampler` numbers the candidate particles of
a generation 0, 1, 2, ...; candidate *i* of generation *t* seeds numpy's global
generator from ``SeedSequence([seed, t + 1, i])`` before pyabc proposes its
parameters and runs the model (which draws its own seed from the same
generator), and the generation keeps candidates in number order up to the
*n*-th accepted. The result is the same serially, on a local process pool or
on a Dask cluster, with any number of workers and any batch size.
"""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Callable
from concurrent.futures import Executor, Future
from typing import Any

import cloudpickle
import numpy as np
from pyabc.sampler import Sampler

from journeysim.batch.executors import SerialExecutor, executor_width

_LOADED: list[Any] = []  # in a worker: the last (payload, function) unpickled, so a batch reuses it
_GLOBAL_RNG = threading.Lock()  # numpy's global generator is shared by a worker's threads: one candidate at a time


def candidate_seed(seed: int, t: int, index: int, calibration: bool) -> int:
    """The numpy seed of candidate ``index`` of generation ``t`` (``calibration``: pyabc's prior sample)."""
    return int(np.random.SeedSequence([seed, t + 1, index, int(calibration)]).generate_state(1)[0])


def _evaluate_one(simulate_one: Callable[[], Any], seed: int) -> Any:
    with _GLOBAL_RNG:  # pyabc proposes from numpy's global generator: threads of one worker must take turns
        np.random.seed(seed)
        return simulate_one()


def evaluate(payload: bytes, seeds: list[int]) -> list[Any]:
    """In a worker: unpickle pyabc's ``simulate_one`` (cached) and evaluate one candidate per seed."""
    if not _LOADED or _LOADED[0] != payload:
        _LOADED[:] = [payload, cloudpickle.loads(payload)]
    return [_evaluate_one(_LOADED[1], s) for s in seeds]


class OrderedSampler(Sampler):
    """Evaluate numbered candidates on an executor; keep them in number order until ``n`` are accepted.

    Args:
        executor: Where simulations run (:func:`journeysim.batch.executors.make_executor`).
        seed: The calibration's root seed.
        batch: Candidates per task on a parallel executor (default: 1; more saves messages on a cluster).

    """

    def __init__(self, executor: Executor, seed: int, batch: int = 1) -> None:
        super().__init__()
        self.executor = executor
        self.seed = seed
        self.batch = max(1, batch)
        self.serial = isinstance(executor, SerialExecutor)
        self.width = executor_width(executor)

    def sample_until_n_accepted(  # noqa: D102 - the signature and meaning are pyabc's
        self,
        n: int,
        simulate_one: Callable[[], Any],
        t: int,
        *,
        max_eval: float = np.inf,
        all_accepted: bool = False,
        ana_vars: Any = None,
    ) -> Any:
        sample = self._create_empty_sample()
        state = np.random.get_state()
        accepted = evaluated = 0
        try:
            for particle in self._candidates(simulate_one, t, all_accepted, max_eval):
                sample.append(particle)
                evaluated += 1
                accepted += bool(particle.accepted)
                if accepted >= n:
                    break
        finally:
            np.random.set_state(state)
        self.nr_evaluations_ = evaluated
        if sample.n_accepted < n:
            sample.ok = False
        return sample

    def _candidates(self, simulate_one: Callable[[], Any], t: int, calibration: bool, max_eval: float) -> Any:
        """Evaluated candidates in number order (lazily; the caller stops when it has enough)."""
        seeds = (candidate_seed(self.seed, t, i, calibration) for i in range(int(min(max_eval, 2**62))))
        if self.serial:
            for s in seeds:
                yield _evaluate_one(simulate_one, s)
            return
        payload = cloudpickle.dumps(simulate_one)
        pending: deque[Future] = deque()
        window = 2 * self.width
        try:
            while True:
                while len(pending) < window:
                    chunk = [s for _, s in zip(range(self.batch), seeds, strict=False)]
                    if not chunk:
                        break
                    pending.append(self.executor.submit(evaluate, payload, chunk))
                if not pending:
                    return
                yield from pending.popleft().result()
        finally:
            for future in pending:
                future.cancel()
