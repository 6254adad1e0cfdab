"""The dashboard's long runs (a fan chart's many worlds, a nation): each a :class:`Job` in a worker process of its own.

A job calls ``fn(report, *args)`` in its own process; ``report(done, total)`` sends progress down a
pipe, which a thread of the server reads into :attr:`Job.done` for the page to poll, and the return
value comes back as :attr:`Job.result`. *Cancel* ends the job's process, and only it. The processes
come from the package's fork server (:func:`journeysim.batch.executors.process_context`), which
imports the model once: a job starts in milliseconds, not the seconds a fresh interpreter takes, and
is safe to start from a threaded server (``spawn`` where there is no fork server, as on Windows).
Each job process runs under the package's one lifeline, so it ends when the server ends, even if the
server is killed; :func:`shutdown` cancels every job when the server stops.

Jobs are kept under random tokens (:func:`submit`), held by the browser tab or its session, so a
tab sees and cancels only its own runs. A finished job stays until the tab's next run replaces it
(at most :data:`MAX_JOBS` are kept): two poll ticks in flight must both find the finished run.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import secrets
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import Any

from journeysim.batch.executors import PRELOAD, process_context, start_worker

log = logging.getLogger(__name__)

MAX_JOBS = 64
# Jobs computing at once: one core is left to the server, so every session's play and step keep their
# speed (on a 2-core laptop, one job at a time; the others wait their turn, showing 0 done).
_slots = threading.BoundedSemaphore(max(1, (os.cpu_count() or 1) - 1))
# What the fork server imports once, so each job starts without importing the model again.
JOB_PRELOAD = (*PRELOAD, "journeysim.dashboard.fan", "journeysim.dashboard.nation_callbacks")
FORKSERVER = "forkserver" in multiprocessing.get_all_start_methods()


def _work(conn: Connection, fn: Callable[..., Any], args: tuple[Any, ...]) -> None:
    """In the job's process: run, sending ``("progress", done, total)`` and finally ``("result", value)``."""
    try:
        conn.send(("result", fn(lambda done, total: conn.send(("progress", done, total)), *args)))
    except Exception as exc:  # reported to the page; the server logs it
        conn.send(("error", f"{type(exc).__name__}: {exc}"))
    finally:
        conn.close()


class Job:
    """``fn(report, *args)`` computed in the background: :attr:`done` of :attr:`total`, a :meth:`cancel`.

    Attributes:
        about: What the page needs to describe the job (given by its caller).
        done: Steps done so far, as the job last reported.
        total: Steps in all.
        result: ``fn``'s return value, once finished.
        error: A short message if the job failed.
        cancelled: Whether :meth:`cancel` was called.
        seconds: How long the job took.

    """

    def __init__(self, fn: Callable[..., Any], *args: Any, total: int = 1, about: Any = None) -> None:
        self.fn, self.args, self.about = fn, args, about
        self.done, self.total = 0, total
        self.result: Any = None
        self.error = ""
        self.cancelled = False
        self.seconds = 0.0
        self._proc: Any = None
        self._lock = threading.Lock()
        self._thread = threading.Thread(target=self._follow, name="journeysim-job", daemon=True)

    @property
    def running(self) -> bool:
        """Still computing."""
        return self._thread.is_alive()

    def start(self) -> Job:
        """Start computing in the background."""
        self._thread.start()
        return self

    def cancel(self) -> None:
        """Stop the job's process; the page keeps what it showed before."""
        with self._lock:
            self.cancelled = True
            if self._proc is not None:
                self._proc.terminate()

    def wait(self, timeout: float | None = None) -> Job:
        """Block until the job has finished (for scripts and tests)."""
        self._thread.join(timeout)
        return self

    def _follow(self) -> None:
        started = time.monotonic()
        while not _slots.acquire(timeout=0.1):
            if self.cancelled:
                return
        try:
            self._compute()
        except Exception as exc:  # a broken worker must not leave the page waiting
            if not self.cancelled:
                log.warning("background job failed: %r", exc)
                self.error = "the run stopped unexpectedly"
        finally:
            _slots.release()
            self.seconds = time.monotonic() - started

    def _compute(self) -> None:
        ctx = process_context("forkserver" if FORKSERVER else "spawn")
        receive, send = ctx.Pipe(duplex=False)
        try:
            with self._lock:
                if self.cancelled:
                    return
                lifeline = (os.getpid(), FORKSERVER, _work, (send, self.fn, self.args))
                self._proc = ctx.Process(target=start_worker, args=lifeline, daemon=True)
                self._proc.start()
            send.close()
            while (message := receive.recv())[0] == "progress":
                self.done, self.total = message[1], message[2]
            if message[0] == "result":
                self.result = message[1]
            else:
                self.error = f"the run failed ({message[1]})"
        finally:
            send.close()
            receive.close()
            if self._proc is not None:
                self._proc.join(timeout=5)


_jobs: OrderedDict[str, Job] = OrderedDict()
_jobs_lock = threading.Lock()


def submit(job: Job, previous: str | None = None) -> str:
    """Start ``job`` and return its token; the tab's ``previous`` job (if any) is cancelled and dropped."""
    token = secrets.token_urlsafe(12)
    with _jobs_lock:
        dropped = [_jobs.pop(previous)] if previous in _jobs else []
        _jobs[token] = job
        while len(_jobs) > MAX_JOBS:
            dropped.append(_jobs.popitem(last=False)[1])
    for old in dropped:
        old.cancel()
    job.start()
    return token


def get(token: str | None) -> Job | None:
    """The job behind a token (None if unknown or dropped)."""
    with _jobs_lock:
        return _jobs.get(token) if token else None


def warm_up() -> None:
    """Start the fork server now (with the model imported), so the first job does not wait for it."""
    if FORKSERVER:
        ctx = process_context("forkserver")
        ctx.set_forkserver_preload(list(JOB_PRELOAD))
        process = ctx.Process(target=int, daemon=True)
        process.start()
        process.join()


def shutdown() -> None:
    """Cancel every job (when the server stops)."""
    with _jobs_lock:
        jobs = list(_jobs.values())
        _jobs.clear()
    for job in jobs:
        job.cancel()
