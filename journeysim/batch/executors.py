"""Where runs execute: in this process, on a local process pool, or on a Dask cluster.

Every executor is a :class:`concurrent.futures.Executor` (the pattern Mesa 4
adopts for its batch runner), so comparisons and sweeps do not know where
they run. :func:`make_executor` picks one and cleans it up afterwards::

    with make_executor(workers=4) as executor:          # local process pool
        runs = replicate(scenarios, 100, executor=executor)

    with make_executor(scheduler="tcp://head:8786") as executor:   # Dask cluster
        run_sweep(experiment, "results/funding", executor=executor)

Results never depend on the executor: a run's numbers are a function of its
identity alone (see :mod:`journeysim.batch.runs`).
"""

from __future__ import annotations

import ctypes
import multiprocessing
import os
import re
import select
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Executor, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from typing import Any

from journeysim.batch.errors import BatchInputError

START_METHODS = ("forkserver", "spawn")
PRELOAD = ("journeysim.runs", "journeysim.batch.runs")  # what forkserver workers import once
_ADDRESS = re.compile(r"^(?:(?:tcp|tls|ucx|ws|wss)://)?[\w.\-\[\]:]+:\d{1,5}$")
_END = object()


class SerialExecutor(Executor):
    """Runs each submitted call at once, in this process (the one-worker case, and for debugging)."""

    def __init__(self) -> None:
        self._shutdown = False

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future:
        """Call ``fn(*args, **kwargs)`` now and return a finished future."""
        if self._shutdown:
            raise RuntimeError("cannot schedule new futures after shutdown")
        future: Future = Future()
        try:
            result = fn(*args, **kwargs)
        except Exception as exc:  # delivered through the future, as a pool would
            future.set_exception(exc)
        else:
            future.set_result(result)
        return future

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        """Refuse further work."""
        self._shutdown = True


def _die_with_parent_process() -> None:
    """Linux: be killed when the process that forked this one ends (``PR_SET_PDEATHSIG``)."""
    if not sys.platform.startswith("linux"):
        return
    try:
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # 1 = PR_SET_PDEATHSIG
    except (OSError, AttributeError):  # pragma: no cover - a libc without prctl
        pass


def _watch(driver: int) -> None:
    """Return when process ``driver`` has ended (at once if it already has)."""
    try:
        fd = os.pidfd_open(driver)  # Linux 5.3+: readable when the process ends; immune to pid reuse
    except ProcessLookupError:
        return
    except (AttributeError, OSError):
        fd = None
    if fd is not None:
        select.select([fd], [], [])
        return
    while True:  # elsewhere: poll
        try:
            os.kill(driver, 0)
        except ProcessLookupError:
            return
        except PermissionError:
            pass
        time.sleep(0.5)


def start_worker(
    driver: int, forked_by_server: bool, initializer: Callable[..., object] | None, initargs: tuple[Any, ...]
) -> None:
    """Pool worker start: leave as soon as the driver ends, however it ends (SIGKILL included).

    A forkserver worker's parent is the fork server, so it watches the driver's pid; and it dies
    with the fork server too. When the workers are gone, the fork server sees its last client
    go and exits, and the resource tracker follows when no process holds its pipe.
    """
    if forked_by_server:
        _die_with_parent_process()

    def watch() -> None:
        _watch(driver)
        os._exit(1)

    threading.Thread(target=watch, name="journeysim-lifeline", daemon=True).start()
    if initializer is not None:
        initializer(*initargs)


def process_context(context: str = "spawn") -> multiprocessing.context.BaseContext:
    """The multiprocessing context for a start method: the one place that chooses one.

    Pools come from :func:`local_pool`; a single cancellable worker (the dashboard's
    nation run) starts its process from this context.

    Raises:
        BatchInputError: for a start method this platform does not offer.

    """
    if context not in START_METHODS:
        raise BatchInputError(f"process pool start method {context!r}: must be one of " + ", ".join(START_METHODS))
    try:
        return multiprocessing.get_context(context)
    except ValueError:
        raise BatchInputError(f"process pool start method {context!r} is not available on this platform") from None


def local_pool(
    workers: int | None = None,
    context: str = "forkserver",
    initializer: Callable[..., object] | None = None,
    initargs: tuple[Any, ...] = (),
) -> ProcessPoolExecutor:
    """A local process pool: the one place in the package that creates one.

    Its workers end when this process ends, even if it is killed (see :func:`start_worker`).

    Args:
        workers: Worker processes (default: one per CPU).
        context: Start method, ``"forkserver"`` (default: safe with threads; workers
            import journeysim once) or ``"spawn"`` (e.g. for a server that must not
            share its state with workers).
        initializer: Called in each worker as it starts.
        initargs: Arguments of ``initializer``.

    Raises:
        BatchInputError: for a start method this platform does not offer.

    """
    ctx = process_context(context)
    if context == "forkserver":
        ctx.set_forkserver_preload(list(PRELOAD))
    return ProcessPoolExecutor(
        max_workers=workers or os.cpu_count() or 1,
        mp_context=ctx,
        initializer=start_worker,
        initargs=(os.getpid(), context == "forkserver", initializer, initargs),
    )


def executor_width(executor: Executor) -> int:
    """How many calls the executor runs at once (used to size batches and the submission window)."""
    if isinstance(executor, SerialExecutor):
        return 1
    width = getattr(executor, "_max_workers", None)
    if isinstance(width, int) and width > 0:
        return width
    client = getattr(executor, "_client", None)
    if client is not None:
        try:
            return max(1, sum(client.nthreads().values()))
        except Exception:  # pragma: no cover - a cluster that is going away
            return 1
    return os.cpu_count() or 1


def in_window(executor: Executor, fn: Callable[[Any], Any], items: Iterable[Any]) -> Iterator[tuple[Any, Future]]:
    """Call ``fn(item)`` for each item on ``executor``, at most twice its width plus two at once.

    Yields ``(item, future)`` as each call finishes. A call the executor refuses is yielded as a
    failed future; after that, or a worker's death, nothing more is submitted. Calls still pending
    when the caller stops (or raises) are cancelled.
    """
    window, todo, pending = 2 * executor_width(executor) + 2, iter(items), {}
    broken = False
    try:
        while True:
            while not broken and len(pending) < window and (item := next(todo, _END)) is not _END:
                try:
                    pending[executor.submit(fn, item)] = item
                except (BrokenProcessPool, RuntimeError) as exc:
                    refused: Future = Future()
                    refused.set_exception(exc)
                    pending[refused], broken = item, True
            if not pending:
                return
            for future in wait(list(pending), return_when=FIRST_COMPLETED)[0]:
                broken |= not future.cancelled() and isinstance(future.exception(), BrokenProcessPool)
                yield pending.pop(future), future
    finally:
        for future in pending:
            future.cancel()


@contextmanager
def make_executor(
    workers: int | None = None, scheduler: str | None = None, timeout: float = 10.0
) -> Iterator[Executor]:
    """An executor for many runs, shut down (and disconnected) on exit.

    Args:
        workers: Local worker processes. ``None`` means one per CPU; ``1`` runs
            everything in this process (:class:`SerialExecutor`).
        scheduler: Address of a Dask scheduler (``tcp://host:port``); if given,
            runs go to that cluster and ``workers`` must be ``None``.
        timeout: Seconds to wait for the scheduler to answer.

    Yields:
        A :class:`concurrent.futures.Executor`.

    Raises:
        BatchInputError: for a bad worker count, both options at once, or an
            unreachable scheduler.

    """
    if scheduler is not None and workers is not None:
        raise BatchInputError("--workers and --scheduler exclude each other: give one")
    if workers is not None and (isinstance(workers, bool) or not isinstance(workers, int) or workers < 1):
        raise BatchInputError(f"--workers {workers!r}: must be a whole number of at least 1")
    client = None
    if scheduler is not None:
        if not _ADDRESS.match(scheduler):
            raise BatchInputError(
                f"--scheduler {scheduler!r}: not a scheduler address; "
                "expected tcp://HOST:PORT (e.g. tcp://127.0.0.1:8786)"
            )
        from distributed import Client

        try:
            client = Client(scheduler, timeout=timeout, set_as_default=False)
        except (OSError, TimeoutError) as exc:
            raise BatchInputError(
                f"--scheduler {scheduler}: cannot reach a Dask scheduler there ({exc}). Start one with "
                f"'dask scheduler' and workers with 'dask worker {scheduler}' (see docs/experiments.md)"
            ) from None
        executor = client.get_executor()
    elif workers == 1:
        executor = SerialExecutor()
    else:
        executor = local_pool(workers)
    ok = False
    try:
        yield executor
        ok = True
    finally:
        if client is not None:  # Dask's ClientExecutor: wait=False cancels what is pending
            executor.shutdown(wait=ok)
            client.close()
        else:
            executor.shutdown(wait=ok, cancel_futures=not ok)
