"""A population run in the background, with progress and a cancel (the nation view's :class:`FanJob`).

A nation is one model (its services are linked), so it cannot be split into
chunks like the many worlds of :mod:`journeysim.dashboard.fan`. Instead the
run goes to its own worker process, started with ``spawn`` (safe from a
threaded server, and off the server's GIL, so the page and other sessions
keep responding). The worker steps the model a year at a time and sends the
number of months done down a pipe; a thread of the server reads it into
:attr:`NationJob.done`, which the page polls. *Cancel* ends the worker
process, which is the job's own, so nothing else is touched. If no process
can be started, the run happens in the job's thread instead.

Jobs are kept in a small registry by a random token held in the browser tab,
so a tab can only see and cancel its own run.
"""

from __future__ import annotations

import logging
import os
import secrets
import threading
import time
from collections import OrderedDict
from multiprocessing.connection import Connection
from typing import Any

from journeysim.batch.executors import process_context
from journeysim.nation.model import NationModel
from journeysim.runs.population import NationResult, nation_result_of
from journeysim.scenario import Scenario

log = logging.getLogger(__name__)

CHUNK_MONTHS = 12
MAX_JOBS = 32


def _run(scenario: Scenario, seed: int, report: Any, cancelled: Any = lambda: False) -> NationResult | None:
    """Run the population a year at a time, reporting months done; ``None`` if cancelled."""
    model = NationModel(scenario, seed)
    total = model.horizon
    done = 0
    while done < total:
        if cancelled():
            return None
        step = min(CHUNK_MONTHS, total - done)
        model.run(step)
        done += step
        report(done, total)
    return nation_result_of(model, seed)


def _worker(conn: Connection, scenario: Scenario, seed: int, parent: int) -> None:
    """Worker process: run, sending ``("progress", done, total)`` and finally ``("result", result)``."""

    def watch() -> None:  # leave when the server has gone, even if it was killed
        while os.getppid() == parent:
            time.sleep(1.0)
        os._exit(0)

    threading.Thread(target=watch, daemon=True).start()
    try:
        result = _run(scenario, seed, lambda d, t: conn.send(("progress", d, t)))
        conn.send(("result", result))
    except Exception as exc:  # reported to the page; the server logs it
        conn.send(("error", f"{type(exc).__name__}: {exc}"))
    finally:
        conn.close()


class NationJob:
    """One population run in the background: :attr:`done` of :attr:`total` months, a :meth:`cancel`.

    Attributes:
        scenario: The population scenario (levers already applied).
        seed: The run's seed.
        done: Months computed so far.
        total: Months of the run.
        result: The :class:`NationResult` once finished.
        error: A short message if the run failed.
        cancelled: Whether :meth:`cancel` was called.
        seconds: How long the run took.

    """

    def __init__(self, scenario: Scenario, seed: int, use_process: bool = True) -> None:
        self.scenario, self.seed = scenario, int(seed)
        self.done, self.total = 0, scenario.months
        self.result: NationResult | None = None
        self.error = ""
        self.cancelled = False
        self.seconds = 0.0
        self._use_process = use_process
        self._proc: Any = None
        self._lock = threading.Lock()
        self._thread = threading.Thread(target=self._follow, name="journeysim-nation", daemon=True)

    @property
    def running(self) -> bool:
        """Still computing."""
        return self._thread.is_alive()

    def start(self) -> NationJob:
        """Start computing in the background."""
        self._thread.start()
        return self

    def cancel(self) -> None:
        """Stop the run; the page keeps the results it showed before."""
        with self._lock:
            self.cancelled = True
            if self._proc is not None and self._proc.is_alive():
                self._proc.terminate()

    def wait(self, timeout: float | None = None) -> None:
        """Block until the job has finished (for scripts and tests)."""
        self._thread.join(timeout)

    def _progress(self, done: int, total: int) -> None:
        self.done, self.total = done, total

    def _follow(self) -> None:
        started = time.monotonic()
        try:
            if self._use_process:
                self._in_process()
            else:
                self.result = _run(self.scenario, self.seed, self._progress, lambda: self.cancelled)
        except Exception as exc:  # a broken worker must not leave the page waiting
            log.warning("nation run failed: %s", exc)
            self.error = f"the run could not be completed ({type(exc).__name__})"
        self.seconds = time.monotonic() - started

    def _in_process(self) -> None:
        ctx = process_context("spawn")
        receive, send = ctx.Pipe(duplex=False)
        try:
            with self._lock:
                if self.cancelled:
                    return
                self._proc = ctx.Process(
                    target=_worker, args=(send, self.scenario, self.seed, os.getpid()), daemon=True
                )
                self._proc.start()
        except OSError as exc:  # pragma: no cover - platform without processes
            log.warning("nation run in-thread: cannot start a worker process (%s)", exc)
            self.result = _run(self.scenario, self.seed, self._progress, lambda: self.cancelled)
            return
        send.close()
        try:
            while True:
                try:
                    message = receive.recv()
                except EOFError:
                    if not self.cancelled:
                        self.error = "the run stopped unexpectedly"
                    return
                if message[0] == "progress":
                    self._progress(message[1], message[2])
                elif message[0] == "result":
                    self.result = message[1]
                    return
                else:
                    self.error = f"the run failed ({message[1]})"
                    return
        finally:
            receive.close()
            self._proc.join(timeout=5)


_jobs: OrderedDict[str, NationJob] = OrderedDict()
_jobs_lock = threading.Lock()


def submit(scenario: Scenario, seed: int, previous: str | None = None) -> str:
    """Start a run and return its token; the tab's previous run (if any) is cancelled."""
    token = secrets.token_urlsafe(12)
    job = NationJob(scenario, seed)
    with _jobs_lock:
        old = _jobs.pop(previous, None) if previous else None
        _jobs[token] = job
        while len(_jobs) > MAX_JOBS:
            _, dropped = _jobs.popitem(last=False)
            dropped.cancel()
    if old is not None:
        old.cancel()
    job.start()
    return token


def get(token: str | None) -> NationJob | None:
    """The job behind a tab's token (None if unknown or dropped)."""
    if not token:
        return None
    with _jobs_lock:
        return _jobs.get(token)


def forget(token: str | None) -> None:
    """Drop a finished job (its results have been sent to the tab)."""
    if token:
        with _jobs_lock:
            _jobs.pop(token, None)


def shutdown() -> None:
    """Cancel every job (when a test server stops, or at exit)."""
    with _jobs_lock:
        jobs = list(_jobs.values())
        _jobs.clear()
    for job in jobs:
        job.cancel()
