"""The results folder of a sweep: Parquet parts written atomically, a manifest, DuckDB queries.

Layout of a results folder::

    DIR/manifest.json        identity: the experiment, its hash, versions, runs per part (written once)
    DIR/design.parquet       the design: point_index, point_id, point_hash, one column per factor
    DIR/parts/part-NNNNNN.parquet    committed runs: one row per run, one file per chunk of runs
    DIR/series/part-NNNNNN.parquet   monthly series of those runs (only with keep_series)
    DIR/status.json          counts after the last session
    DIR/tmp/                 files being written; never read as data
    DIR/.lock                held while a sweep writes

A run is *done* if and only if its row is in a committed part. Parts are
written to ``tmp/`` and moved into place with :func:`os.replace` (atomic on
POSIX), so a reader never sees half a file. Chunk *c* always holds the same
runs (``runs_per_file`` is fixed in the manifest), so a part written twice
(a retried task, a worker outliving a killed driver) is replaced by an
identical one, never duplicated.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import re
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from journeysim.batch.errors import BatchInputError
from journeysim.parameters import PARAMETERS

MANIFEST = "manifest.json"
STATUS = "status.json"
DESIGN = "design.parquet"
PARTS = "parts"
SERIES = "series"
TMP = "tmp"
LOCK = ".lock"
_PART = re.compile(r"^part-(\d{6,})\.parquet$")

_STRING = {"run_id", "scenario", "scenario_hash", "point_hash", "status", "error", "traceback", "final_level", "date"}
_BOOL = {"uncertain", "ever_embedded", "running_at_end", "running_at_first_departure", "collapsed_after_departure"}
_FLOAT = {"cost_total", "cost_per_participant"}
_INT = {
    "run_index",
    "point_id",
    "chunk",
    "seed",
    "replication",
    "months",
    "final_level_code",
    "months_to_embedded",
    "first_departure_month",
    "departures",
    "collapse_month",
    "months_departure_to_collapse",
    "participants_total",
    "courses_total",
    "pivots_up",
    "pivots_down",
    "troughs",
}
_KIND_TYPES = {"int": pa.int64(), "float": pa.float64(), "bool": pa.bool_(), "choice": pa.string()}


def part_name(chunk: int) -> str:
    """File name of chunk ``chunk``'s part."""
    return f"part-{chunk:06d}.parquet"


def _column_type(name: str, values: list[Any]) -> pa.DataType:
    """Arrow type of a result column: by name for known columns, else from the values."""
    if name.startswith("param."):
        key = name[len("param.") :]
        if key in PARAMETERS:
            return _KIND_TYPES[PARAMETERS[key].kind]
    if name in _STRING or name.startswith("level_at_year_"):
        return pa.string()
    if name in _BOOL or name.startswith(("embedded_at_year_", "running_at_year_")):
        return pa.bool_()
    if name in _FLOAT:
        return pa.float64()
    if name in _INT:
        return pa.int64()
    present = [v for v in values if v is not None]
    if not present:
        return pa.float64()
    if all(isinstance(v, bool) for v in present):
        return pa.bool_()
    if all(isinstance(v, int) and not isinstance(v, bool) for v in present):
        return pa.int64()
    if all(isinstance(v, int | float) and not isinstance(v, bool) for v in present):
        return pa.float64()
    return pa.string()


def _missing_to_none(value: Any) -> Any:
    """NaN and pandas' NA (as in a DataFrame's records) become None, so they are stored as nulls."""
    if value is None or isinstance(value, str | bool):
        return value
    try:
        return None if pd.isna(value) else value
    except (TypeError, ValueError):
        return value


def rows_to_table(rows: list[dict[str, Any]]) -> pa.Table:
    """Run rows as an Arrow table with stable column types (missing values become nulls)."""
    names: dict[str, None] = {}
    for row in sorted(rows, key=lambda r: r.get("status") != "ok"):  # a successful row's order first
        names.update(dict.fromkeys(row))
    fields = []
    for name in names:
        values = [_missing_to_none(r.get(name)) for r in rows]
        kind = _column_type(name, values)
        if pa.types.is_string(kind):
            values = [None if v is None else str(v) for v in values]
        fields.append((name, pa.array(values, type=kind)))
    return pa.table(dict(fields))


def fsync_dir(path: Path) -> None:
    """Flush a folder's entries to disk (so a rename survives a crash)."""
    with contextlib.suppress(OSError):
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def write_atomic(path: Path, write: Any, tmp_dir: Path | None = None) -> Path:
    """Write a file through a temporary name and :func:`os.replace` it into place.

    Args:
        path: Final location.
        write: Function taking the temporary path and writing the content.
        tmp_dir: Folder for the temporary file (same file system as ``path``); default ``path``'s folder.

    """
    tmp_dir = tmp_dir or path.parent
    tmp_dir.mkdir(parents=True, exist_ok=True)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = tmp_dir / f".{path.name}.{os.getpid()}.{uuid.uuid4().hex[:8]}.tmp"
    try:
        write(tmp)
        with open(tmp, "rb+") as fh:
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
    fsync_dir(path.parent)
    return path


def write_json(path: Path, data: dict[str, Any]) -> Path:
    """Write JSON atomically."""
    return write_atomic(path, lambda p: p.write_text(json.dumps(data, indent=2, default=str) + "\n"))


def write_parquet(table: pa.Table, path: Path, tmp_dir: Path | None = None) -> Path:
    """Write a Parquet file atomically."""
    return write_atomic(path, lambda p: pq.write_table(table, p, compression="zstd"), tmp_dir)


def write_part(out_dir: Path, chunk: int, rows: list[dict[str, Any]], series: pa.Table | None = None) -> Path:
    """Commit chunk ``chunk``: its series part first (if any), then its runs part, each atomically."""
    out_dir = Path(out_dir)
    tmp = out_dir / TMP
    if series is not None:
        write_parquet(series, out_dir / SERIES / part_name(chunk), tmp)
    return write_parquet(rows_to_table(rows), out_dir / PARTS / part_name(chunk), tmp)


def committed_chunks(out_dir: Path) -> set[int]:
    """Chunks whose runs part is committed."""
    folder = Path(out_dir) / PARTS
    if not folder.is_dir():
        return set()
    return {int(m.group(1)) for p in folder.iterdir() if (m := _PART.match(p.name))}


def clean_tmp(out_dir: Path) -> int:
    """Remove leftovers of interrupted writes (only temporary files); return how many."""
    folder = Path(out_dir) / TMP
    removed = 0
    if folder.is_dir():
        for p in folder.glob(".*.tmp"):
            with contextlib.suppress(FileNotFoundError):
                p.unlink()
                removed += 1
    return removed


def read_manifest(out_dir: str | Path) -> dict[str, Any]:
    """The manifest of a results folder.

    Raises:
        BatchInputError: if the folder holds no sweep results.

    """
    path = Path(out_dir) / MANIFEST
    if not path.is_file():
        raise BatchInputError(f"{out_dir}: no {MANIFEST} here; not a journeysim sweep results folder")
    try:
        return json.loads(path.read_text())
    except (OSError, json.JSONDecodeError) as exc:
        raise BatchInputError(f"{path}: unreadable manifest ({exc})") from None


def _glob(out_dir: Path, sub: str) -> str:
    return str((Path(out_dir) / sub / "part-*.parquet").resolve()).replace("'", "''")


def connect(out_dir: str | Path) -> Any:
    """An in-memory DuckDB connection with views ``runs``, ``design`` and (if stored) ``series``.

    Raises:
        BatchInputError: if the folder holds no sweep results.

    """
    import duckdb

    out = Path(out_dir)
    read_manifest(out)
    con = duckdb.connect()
    if committed_chunks(out):
        con.execute(f"CREATE VIEW runs AS SELECT * FROM read_parquet('{_glob(out, PARTS)}', union_by_name = true)")
    else:
        con.execute("CREATE VIEW runs AS SELECT NULL::VARCHAR AS run_id, NULL::BIGINT AS run_index WHERE false")
    if (out / SERIES).is_dir() and any((out / SERIES).glob("part-*.parquet")):
        con.execute(f"CREATE VIEW series AS SELECT * FROM read_parquet('{_glob(out, SERIES)}', union_by_name = true)")
    design = str((out / DESIGN).resolve()).replace("'", "''")
    if (out / DESIGN).is_file():
        con.execute(f"CREATE VIEW design AS SELECT * FROM read_parquet('{design}')")
    return con


def query(out_dir: str | Path, sql: str) -> pd.DataFrame:
    """Run SQL against a results folder (views ``runs``, ``design``, ``series``) and return a DataFrame.

    Raises:
        BatchInputError: for a folder without results or SQL DuckDB rejects.

    """
    import duckdb

    con = connect(out_dir)
    try:
        return con.execute(sql).df()
    except duckdb.Error as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise BatchInputError(f"query on {out_dir}: {first}") from None
    finally:
        con.close()


def read_runs(out_dir: str | Path, columns: list[str] | None = None) -> pd.DataFrame:
    """Every committed run of a sweep, one row per run, in the experiment's run order.

    Args:
        out_dir: The results folder.
        columns: Only these columns (default: all).

    """
    cols = ", ".join('"' + c.replace('"', '""') + '"' for c in columns) if columns else "*"
    return query(out_dir, f"SELECT {cols} FROM runs ORDER BY run_index")


@contextlib.contextmanager
def locked(out_dir: Path) -> Iterator[None]:
    """Hold the folder's lock (one writing sweep at a time); released even if the process is killed.

    Raises:
        BatchInputError: if another sweep holds it.

    """
    path = Path(out_dir) / LOCK
    fh = open(path, "a+")
    try:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            fh.seek(0)
            holder = fh.read().strip() or "another process"
            raise BatchInputError(
                f"{out_dir}: another sweep ({holder}) is writing here; wait for it or stop it"
            ) from None
        fh.seek(0)
        fh.truncate()
        fh.write(f"pid {os.getpid()}")
        fh.flush()
        yield
    finally:
        fh.close()
