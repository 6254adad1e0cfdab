"""A sweep's results folder: committed parts, its manifest, and read-only SQL on it with DuckDB.

The folder's layout and the ledger that makes resume trust content rather
than file names are in :mod:`journeysim.batch.ledger`; atomic writes in
:mod:`journeysim.batch.files`; stable column types in :mod:`journeysim.batch.tables`
(all re-exported here).

:func:`connect` gives DuckDB the folder's committed files as an explicit list
(Arrow datasets: no path is ever glob-expanded, so a folder named ``r?`` or
``b[1]`` reads only itself), then locks DuckDB: no file system access, no
extensions, no settings. :func:`query` runs one read-only statement on it.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.dataset as ds
import pyarrow.parquet as pq

from journeysim.batch import folders
from journeysim.batch.errors import BatchInputError
from journeysim.batch.files import fsync_dir, sha256_of, write_atomic, write_json, write_parquet
from journeysim.batch.ledger import (
    DESIGN,
    LEDGER,
    LOCK,
    MANIFEST,
    PARTS,
    SERIES,
    STATUS,
    TMP,
    clean_tmp,
    committed_chunks,
    committed_files,
    part_name,
    verified_chunks,
    write_part,
)
from journeysim.batch.tables import rows_to_table

__all__ = [
    "DESIGN",
    "LEDGER",
    "LOCK",
    "MANIFEST",
    "PARTS",
    "SERIES",
    "STATUS",
    "TMP",
    "clean_tmp",
    "committed_chunks",
    "connect",
    "fsync_dir",
    "locked",
    "part_name",
    "query",
    "read_manifest",
    "read_runs",
    "rows_to_table",
    "sha256_of",
    "verified_chunks",
    "write_atomic",
    "write_json",
    "write_parquet",
    "write_part",
]

# Statement types a query may run: reading only.
READ_ONLY = ("SELECT", "EXPLAIN")
# Applied after the views exist, then locked: the user's SQL can read the views and nothing else.
LOCKDOWN = (
    "SET temp_directory = ''",
    "SET autoinstall_known_extensions = false",
    "SET autoload_known_extensions = false",
    "SET allow_community_extensions = false",
    "SET python_enable_replacements = false",
    "SET enable_external_access = false",
    "SET lock_configuration = true",
)


def read_manifest(out_dir: str | Path) -> dict[str, Any]:
    """The manifest of a sweep's results folder.

    Raises:
        BatchInputError: if the folder holds no sweep results (or another kind of results).

    """
    path = Path(out_dir) / MANIFEST
    if not path.is_file():
        raise BatchInputError(f"{out_dir}: no {MANIFEST} here; not a journeysim sweep results folder")
    state = folders.inspect(out_dir)
    if state.manifest is None:
        raise BatchInputError(f"{path}: unreadable manifest; not a journeysim sweep results folder")
    if state.kind != "sweep":
        raise BatchInputError(f"{out_dir}: holds {state.describe()}, not sweep results")
    return state.manifest


def _dataset(files: list[Path]) -> ds.Dataset:
    """One dataset over an explicit list of Parquet files, columns unified by name (missing ones are null)."""
    schema = pa.unify_schemas([pq.read_schema(f) for f in files], promote_options="permissive")
    return ds.dataset([str(f) for f in files], schema=schema, format="parquet")


def connect(out_dir: str | Path, lock: bool = True) -> Any:
    """An in-memory DuckDB connection with views ``runs``, ``design`` and (if stored) ``series``.

    Args:
        out_dir: A sweep's results folder.
        lock: Lock the connection down (no files, extensions or settings: only the views can be read).

    Raises:
        BatchInputError: if the folder holds no sweep results, or a committed part was changed.

    """
    import duckdb

    out = Path(out_dir)
    read_manifest(out)
    try:
        parts, series = committed_files(out, PARTS), committed_files(out, SERIES)
    except ValueError as exc:
        raise BatchInputError(f"{out_dir}: {exc}") from None
    con = duckdb.connect()
    if parts:
        con.register("_runs", _dataset(parts))
        con.execute("CREATE VIEW runs AS SELECT * FROM _runs")
    else:
        con.execute("CREATE VIEW runs AS SELECT NULL::VARCHAR AS run_id, NULL::BIGINT AS run_index WHERE false")
    if series:
        con.register("_series", _dataset(series))
        con.execute("CREATE VIEW series AS SELECT * FROM _series")
    if (out / DESIGN).is_file():
        con.register("_design", ds.dataset(str(out / DESIGN), format="parquet"))
        con.execute("CREATE VIEW design AS SELECT * FROM _design")
    if lock:
        for statement in LOCKDOWN:
            con.execute(statement)
    return con


def _statement(con: Any, out_dir: str | Path, sql: str) -> None:
    """Refuse anything but one read-only statement, with a message saying why."""
    import duckdb

    try:
        statements = con.extract_statements(sql)
    except duckdb.Error as exc:
        raise BatchInputError(f"query on {out_dir}: {_first_line(exc)}") from None
    if not statements:
        raise BatchInputError(
            f"query on {out_dir}: the SQL is empty (or only comments); "
            'give a statement, e.g. "SELECT count(*) FROM runs"'
        )
    if len(statements) > 1:
        raise BatchInputError(f"query on {out_dir}: give one statement at a time (got {len(statements)})")
    kind = statements[0].type.name
    if kind not in READ_ONLY:
        raise BatchInputError(
            f"query on {out_dir}: query is read-only; {kind} statements are refused "
            "(SELECT, WITH, DESCRIBE, SUMMARIZE and EXPLAIN on the views runs, design and series are allowed)"
        )


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def query(out_dir: str | Path, sql: str) -> pd.DataFrame:
    """Run one read-only SQL statement on a results folder (views ``runs``, ``design``, ``series``).

    The connection can read those views and nothing else: no files (inside or outside the
    folder), no ``COPY``/``ATTACH``/``EXPORT``, no extensions, no settings.

    Raises:
        BatchInputError: for a folder without results, empty SQL, a statement that is not
            read-only, or SQL DuckDB rejects (including what the lock refuses).

    """
    import duckdb

    con = connect(out_dir)
    try:
        _statement(con, out_dir, sql)
        return con.execute(sql).df()
    except duckdb.PermissionException as exc:
        raise BatchInputError(
            f"query on {out_dir}: refused: query reads only the views runs, design and series "
            f"(no files, extensions or settings): {_first_line(exc)}"
        ) from None
    except duckdb.Error as exc:
        raise BatchInputError(f"query on {out_dir}: {_first_line(exc)}") from None
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
