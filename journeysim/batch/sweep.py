"""Sweeps: every point of an experiment's design, replicated, streamed to a Parquet results folder.

The runs are cut into fixed chunks of ``runs_per_file`` consecutive runs
(point-major, then replication). Each chunk is one task: the worker runs it
and commits its own part file (:func:`journeysim.batch.store.write_part`), so
the driver holds no results and memory stays flat however long the sweep.
Started again on the same folder, a sweep runs only the chunks that have no
verified part (it reads whole, with its page checksums, and its footer names
the chunk, its runs and the folder's experiment and code): nothing lost,
nothing run twice into the results, and a part replaced, truncated or
corrupted since it was committed is run again.
"""

from __future__ import annotations

import math
import time
from collections.abc import Iterator
from concurrent.futures import Executor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa

from journeysim import __version__
from journeysim.batch.errors import BatchInputError
from journeysim.batch.executors import SerialExecutor, in_window
from journeysim.batch.experiment import Experiment
from journeysim.batch.files import write_json, write_parquet
from journeysim.batch.folders import claim
from journeysim.batch.parts import (
    DESIGN,
    MANIFEST,
    STATUS,
    STORE_VERSION,
    TMP,
    clean_tmp,
    committed_chunks,
    verified_chunks,
    write_part,
)
from journeysim.batch.progress import progress_bar
from journeysim.batch.runs import RunSpec, execute, series_columns
from journeysim.batch.store import locked, query
from journeysim.fingerprint import code_fingerprint


@dataclass(frozen=True)
class ChunkTask:
    """One chunk of runs, self-contained and picklable, with where to commit it."""

    out_dir: str
    chunk: int
    experiment: Experiment
    runs: tuple[tuple[int, int, dict[str, Any], int], ...]  # (run_index, point_id, point, replication)


@dataclass(frozen=True)
class ChunkReport:
    """What a committed chunk held."""

    chunk: int
    runs: int
    failed: int


def run_chunk(task: ChunkTask) -> ChunkReport:
    """Run a chunk and commit its part file (called on a worker)."""
    rows: list[dict[str, Any]] = []
    series: list[tuple] = []
    e = task.experiment
    for run_index, point_id, point, replication in task.runs:
        spec = RunSpec(e.base, replication, e.seed, point=point, uncertain=e.uncertain, posterior=e.posterior)
        row, run_series = execute(spec, e.keep_series)
        rows.append({"run_index": run_index, "point_id": point_id, "chunk": task.chunk, **row})
        if run_series:
            series.extend(run_series)
    table = None
    if e.keep_series:
        table = pa.Table.from_pandas(pd.DataFrame(series, columns=series_columns()), preserve_index=False)
    write_part(Path(task.out_dir), task.chunk, rows, table)
    return ChunkReport(task.chunk, len(rows), sum(r["status"] != "ok" for r in rows))


@dataclass
class SweepSummary:
    """The state of a results folder after a sweep session.

    Attributes:
        out_dir: The results folder.
        experiment_hash: Identity of the experiment the folder belongs to.
        runs_total: Runs in the whole design.
        runs_before: Runs already committed when this session started.
        runs_ran: Runs committed by this session.
        runs_failed: Committed runs that raised (recorded with their error).
        chunk_errors: Chunks that could not be run or written (executor trouble), with the error.
        seconds: Wall time of this session.

    """

    out_dir: Path
    experiment_hash: str
    runs_total: int
    runs_before: int
    runs_ran: int = 0
    runs_failed: int = 0
    chunk_errors: list[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def runs_done(self) -> int:
        """Runs committed in the folder."""
        return self.runs_before + self.runs_ran

    @property
    def complete(self) -> bool:
        """Whether every run of the design is committed."""
        return self.runs_done == self.runs_total

    def to_dict(self) -> dict[str, Any]:
        """JSON form (``status.json`` and ``sweep --json``)."""
        return {
            "out_dir": str(self.out_dir),
            "experiment_hash": self.experiment_hash,
            "runs_total": self.runs_total,
            "runs_done": self.runs_done,
            "runs_before": self.runs_before,
            "runs_ran": self.runs_ran,
            "runs_failed": self.runs_failed,
            "complete": self.complete,
            "chunk_errors": self.chunk_errors[:20],
            "seconds": round(self.seconds, 3),
            "updated": datetime.now(UTC).isoformat(timespec="seconds"),
        }


def default_runs_per_file(n_runs: int) -> int:
    """Runs per part: 50 (a second or two of work) for large sweeps, about 64 parts for middling ones.

    A small sweep is cut into about four parts of at most 10 runs (12 runs: 4 parts of 3), never one file per run.
    """
    return max(1, min(50, max(math.ceil(n_runs / 64), min(10, math.ceil(n_runs / 4)))))


def _check_folder(out: Path, experiment: Experiment) -> dict[str, Any] | None:
    """The existing manifest (resume), ``None`` for a new folder; refuse anything else (nothing is changed)."""
    state = claim(out, "sweep", "sweep", (experiment.name, experiment.hash))
    old = state.manifest
    if old is None:
        return None
    if old.get("code") != code_fingerprint():
        raise BatchInputError(
            f"--out {out}: results were made by different model code (fingerprint {old.get('code')}, "
            f"this is {code_fingerprint()}); start a new folder (nothing was changed)"
        )
    if old.get("journeysim") != __version__:
        raise BatchInputError(
            f"--out {out}: results were made with journeysim {old.get('journeysim')}, this is {__version__}; "
            "finish them with that version or start a new folder (nothing was changed)"
        )
    return old


def prepare(experiment: Experiment, out_dir: str | Path) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """Create (or check, to resume) a results folder; return its manifest and the distinct design points.

    The manifest is written first (atomically): a folder without one holds nothing but scaffolding
    and is started afresh; a folder with one is resumed, and the design is written if missing.
    """
    out = Path(out_dir)
    manifest = _check_folder(out, experiment)
    design = experiment.design()
    unique = design.unique_points()
    out.mkdir(parents=True, exist_ok=True)
    if manifest is None:
        n_runs = len(unique) * experiment.replications
        manifest = {
            "kind": "sweep",
            **experiment.manifest(
                n_design_points=len(design.points),
                n_points=len(unique),
                n_runs=n_runs,
                runs_per_file=experiment.runs_per_file or default_runs_per_file(n_runs),
                store=STORE_VERSION,
            ),
        }
        write_json(out / MANIFEST, manifest, out / TMP)
    if not (out / DESIGN).is_file():
        frame = design.frame(experiment.factors)
        ids = {h: i for i, h in enumerate(dict.fromkeys(frame["point_hash"]))}
        frame.insert(1, "point_id", frame["point_hash"].map(ids))
        write_parquet(pa.Table.from_pandas(frame, preserve_index=False), out / DESIGN, out / TMP)
    return manifest, unique


def run_sweep(
    experiment: Experiment, out_dir: str | Path, executor: Executor | None = None, progress: bool = True
) -> SweepSummary:
    """Run (or finish) a sweep into a results folder.

    Args:
        experiment: A validated :class:`~journeysim.batch.experiment.Experiment`.
        out_dir: The results folder: created if missing; if it holds this
            experiment's results, only the missing runs are run; if it holds
            anything else, nothing is touched and an error is raised.
        executor: Any :class:`concurrent.futures.Executor` (see
            :func:`~journeysim.batch.executors.make_executor`); ``None`` runs in
            this process. With Dask, ``out_dir`` must be on a file system every
            worker can write (workers commit their own part files).
        progress: Show a progress bar on stderr.

    Returns:
        A :class:`SweepSummary`; ``complete`` is False if some chunks could not
        be run (their errors are in ``chunk_errors``) - run again to finish them.

    Raises:
        BatchInputError: if ``out_dir`` belongs to another experiment or version,
            is not a results folder, or another sweep is writing there.

    """
    started = time.perf_counter()
    out = Path(out_dir)
    _check_folder(out, experiment)  # refuse before creating anything
    out.mkdir(parents=True, exist_ok=True)
    executor = executor or SerialExecutor()
    with locked(out):
        manifest, unique = prepare(experiment, out)
        per_file, reps = int(manifest["runs_per_file"]), experiment.replications
        n_runs = len(unique) * reps
        clean_tmp(out)
        chunks = {c: range(c * per_file, min((c + 1) * per_file, n_runs)) for c in range(math.ceil(n_runs / per_file))}
        sizes = {c: len(runs) for c, runs in chunks.items()}
        done = verified_chunks(out, sizes, experiment.keep_series)  # by content: changed parts are redone
        summary = SweepSummary(out, experiment.hash, n_runs, sum(sizes[c] for c in done))
        tasks = (
            ChunkTask(
                str(out.resolve()), c, experiment, tuple((r, r // reps, unique[r // reps], r % reps) for r in runs)
            )
            for c, runs in chunks.items()
            if c not in done
        )
        try:
            _run_chunks(executor, tasks, summary, progress)
        finally:
            summary.seconds = time.perf_counter() - started
            summary.runs_failed = _count_failed(out)
            write_json(out / STATUS, summary.to_dict(), out / TMP)
    return summary


def _run_chunks(executor: Executor, tasks: Iterator[ChunkTask], summary: SweepSummary, progress: bool) -> None:
    bar = progress_bar(summary.runs_total, "sweep", progress, initial=summary.runs_before)
    with bar:
        for task, future in in_window(executor, run_chunk, tasks):
            try:
                report = future.result()
            except BrokenProcessPool as exc:
                summary.chunk_errors.append(f"chunk {task.chunk}: a worker process died ({exc})")
            except Exception as exc:  # executor or file-system trouble: recorded, the sweep goes on
                summary.chunk_errors.append(f"chunk {task.chunk}: {type(exc).__name__}: {exc}")
            else:
                summary.runs_ran += report.runs
                bar.update(report.runs)


def _count_failed(out: Path) -> int:
    if not committed_chunks(out):
        return 0
    try:
        return int(query(out, "SELECT count(*) AS n FROM runs WHERE status <> 'ok'")["n"].iloc[0])
    except BatchInputError:  # pragma: no cover - unreadable store is reported by the caller
        return -1
