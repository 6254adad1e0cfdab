"""Results folders: a sweep's committed parts, its manifest, and read-only SQL on any results folder with DuckDB.

Every folder journeysim writes is read the same way: a sweep's views ``runs``,
``design`` and ``series`` come from its committed parts; the folders of
``run``, ``compare`` and ``nation`` give one view per table file
(``runs.parquet``, ``series.parquet``, ``events.parquet``, ``yearly.parquet``...,
or the ``.csv`` of ``--format csv``). A folder that is not journeysim results,
or has no runs table, is refused with a message; never read as empty.

The folder's layout, and the parts that identify themselves so that readers
and a resumed sweep trust content rather than file names, are in
:mod:`journeysim.batch.parts`; atomic writes in :mod:`journeysim.batch.files`;
stable column types in :mod:`journeysim.batch.tables`.

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
from journeysim.batch.parts import DESIGN, LOCK, MANIFEST, PARTS, SERIES, committed_files
from journeysim.batch.tables import LIST_COLUMNS, typed

# The tables of a folder written in one go (run, compare, nation), by file stem; a sweep has runs, design, series.
TABLES = ("runs", "series", "events", "yearly", "services", "service_years")
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
    """One dataset over an explicit list of Parquet files, columns unified by name (missing ones are null).

    Pages that carry a checksum (a sweep's parts) are checked as they are read: a corrupted page is an error.
    """
    schema = pa.unify_schemas([pq.read_schema(f) for f in files], promote_options="permissive")
    checked = ds.ParquetFileFormat(
        default_fragment_scan_options=ds.ParquetFragmentScanOptions(page_checksum_verification=True)
    )
    return ds.dataset([str(f) for f in files], schema=schema, format=checked)


def _csv_table(path: Path) -> pa.Table:
    """A CSV table (``--format csv``, or a folder written before Parquet) with its list columns as lists.

    Lists are JSON arrays; folders written before that hold Python reprs (``['a', 'b']``), read as well.
    """
    import ast
    import json

    import pyarrow.csv as pcsv

    table = pcsv.read_csv(path)
    for name in LIST_COLUMNS & set(table.column_names):
        cells = []
        for text in table[name].to_pylist():
            if text is None or not str(text).strip():
                cells.append(None if text is None else [])
                continue
            try:
                cells.append([str(x) for x in json.loads(text)])
            except ValueError:
                cells.append([str(x) for x in ast.literal_eval(text)])
        index = table.column_names.index(name)
        table = table.set_column(index, name, pa.array(cells, type=pa.list_(pa.string())))
    return typed(table)


def folder_kind(out_dir: str | Path) -> folders.FolderState:
    """What a results folder holds; refuse a folder that is not journeysim results (with what it holds).

    Raises:
        BatchInputError: for a missing folder, an empty one, or one without a readable journeysim manifest.

    """
    out = Path(out_dir)
    if not out.is_dir():
        raise BatchInputError(f"{out_dir}: no such results folder")
    state = folders.inspect(out)
    if state.kind is None:
        raise BatchInputError(f"{out_dir}: holds no results yet (no {MANIFEST}); nothing to read")
    if state.kind == "other" or (state.manifest is None and state.kind != "sweep"):
        raise BatchInputError(
            f"{out_dir}: holds {state.describe()} (no readable {MANIFEST}); not a journeysim results folder"
        )
    return state


def tables(out_dir: str | Path) -> dict[str, list[Path]]:
    """The tables a results folder holds, by view name, each as an explicit list of files.

    A sweep: ``runs`` (its committed parts), ``series`` (if kept) and ``design``. A folder
    of ``run``, ``compare`` or ``nation``: each of :data:`TABLES` present as ``NAME.parquet``
    (or ``NAME.csv``, written with ``--format csv`` or before results were Parquet).

    Raises:
        BatchInputError: for a folder that is not journeysim results, or a committed part that was changed.

    """
    out = Path(out_dir)
    state = folder_kind(out)
    found: dict[str, list[Path]] = {}
    if state.kind == "sweep":
        try:
            found["runs"] = committed_files(out, PARTS)
            if series := committed_files(out, SERIES):
                found["series"] = series
        except ValueError as exc:
            raise BatchInputError(f"{out_dir}: {exc}") from None
        if (out / DESIGN).is_file():
            found["design"] = [out / DESIGN]
        return found
    for name in TABLES:
        for suffix in (".parquet", ".csv"):
            if (out / f"{name}{suffix}").is_file():
                found[name] = [out / f"{name}{suffix}"]
                break
    return found


def connect(out_dir: str | Path, lock: bool = True) -> Any:
    """An in-memory DuckDB connection with one view per table of a results folder.

    A sweep's folder gives ``runs``, ``design`` and (if stored) ``series``; the folder of
    ``run``, ``compare`` or ``nation`` gives the tables it holds (``runs``, ``series``,
    ``events``, ``yearly``, ``services``, ``service_years``; see :func:`tables`).

    Args:
        out_dir: A results folder.
        lock: Lock the connection down (no files, extensions or settings: only the views can be read).

    Raises:
        BatchInputError: if the folder holds no journeysim results, or a committed part was changed.

    """
    import duckdb

    found = tables(out_dir)
    con = duckdb.connect()
    for name, files in found.items():
        if files and files[0].suffix == ".csv":
            con.register(f"_{name}", _csv_table(files[0]))
        elif files:
            con.register(f"_{name}", _dataset(files))
        else:  # a sweep that has committed nothing yet: an empty runs view
            con.execute(f"CREATE VIEW {name} AS SELECT NULL::VARCHAR AS run_id, NULL::BIGINT AS run_index WHERE false")
            continue
        con.execute(f"CREATE VIEW {name} AS SELECT * FROM _{name}")
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
            "(SELECT, WITH, DESCRIBE, SUMMARIZE and EXPLAIN on the folder's views are allowed)"
        )


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def query(out_dir: str | Path, sql: str) -> pd.DataFrame:
    """Run one read-only SQL statement on a results folder (its views: see :func:`connect`).

    The connection can read those views and nothing else: no files (inside or outside the
    folder), no ``COPY``/``ATTACH``/``EXPORT``, no extensions, no settings.

    Raises:
        BatchInputError: for a folder without results, empty SQL, a statement that is not
            read-only, or SQL DuckDB rejects (including what the lock refuses).

    """
    import duckdb

    views = list(tables(out_dir))
    con = connect(out_dir)
    try:
        _statement(con, out_dir, sql)
        return con.execute(sql).df()
    except duckdb.CatalogException as exc:
        raise BatchInputError(f"query on {out_dir}: {_first_line(exc)} (views here: {', '.join(views)})") from None
    except duckdb.PermissionException as exc:
        raise BatchInputError(
            f"query on {out_dir}: refused: query reads only the views {', '.join(views)} "
            f"(no files, extensions or settings): {_first_line(exc)}"
        ) from None
    except duckdb.Error as exc:
        raise BatchInputError(f"query on {out_dir}: {_first_line(exc)}") from None
    finally:
        con.close()


def read_runs(out_dir: str | Path, columns: list[str] | None = None) -> pd.DataFrame:
    """Every run in a results folder, one row per run (a sweep's in the experiment's run order).

    Args:
        out_dir: A results folder of ``sweep``, ``compare``, ``run`` or ``nation``.
        columns: Only these columns (default: all).

    Raises:
        BatchInputError: for a folder without a runs table (naming the tables it has) or a
            sweep that has committed no runs yet: never an empty frame in silence.

    """
    found = tables(out_dir)
    if "runs" not in found:
        held = ", ".join(found) or "no tables"
        raise BatchInputError(
            f"{out_dir}: holds {folders.inspect(out_dir).describe()} with no runs table (it has: {held}); "
            f'read those with journeysim query {out_dir} "SELECT * FROM <table>"'
        )
    if not found["runs"]:
        raise BatchInputError(f"{out_dir}: the sweep has committed no runs yet; run the sweep command to make some")
    cols = ", ".join('"' + c.replace('"', '""') + '"' for c in columns) if columns else "*"
    order = " ORDER BY run_index" if folders.inspect(out_dir).kind == "sweep" else ""
    return query(out_dir, f"SELECT {cols} FROM runs{order}")


def read_table(out_dir: str | Path, name: str) -> pd.DataFrame:
    """One table of a results folder as a DataFrame (``runs``, ``series``, ``events``, ``yearly``...).

    Raises:
        BatchInputError: if the folder has no such table (naming those it has).

    """
    found = tables(out_dir)
    if not found.get(name):
        held = ", ".join(k for k, v in found.items() if v)
        raise BatchInputError(f"{out_dir}: no {name} table here (it has: {held})")
    return query(out_dir, f'SELECT * FROM "{name}"')


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
