"""Results tables with stable column types (so parts written apart read back as one table).

One convention for every table journeysim writes: run rows typed by column name
as :mod:`journeysim.outcomes` declares them (:func:`rows_to_table`, which adds the
derived outcomes), other tables (monthly series, event logs, national
accounts) from their frames with lists as Arrow list columns (``causes``) and
no column of Arrow type ``null``: an empty or all-missing column gets its
declared type (:func:`typed`).
"""

from __future__ import annotations

from typing import Any

import pandas as pd
import pyarrow as pa

from journeysim.outcomes import OUTCOMES, dtype_of, scope, with_derived
from journeysim.parameters import PARAMETERS

# Identity columns of a run row; its outcomes' types are declared in :mod:`journeysim.outcomes`.
_IDENTITY = {
    **dict.fromkeys(("run_id", "scenario", "scenario_hash", "point_hash", "posterior", "status"), "str"),
    **dict.fromkeys(("error", "traceback"), "str"),
    **dict.fromkeys(("run_index", "particle", "point_id", "chunk", "seed", "replication"), "int"),
    "uncertain": "bool",
}
_OUTCOME_TYPES = {n: s.dtype for part in ("run", "population") for s in scope(part) for n in s.names()}
# Declared types (and parameter kinds) as Arrow types.
_TYPES = {"int": pa.int64(), "float": pa.float64(), "bool": pa.bool_(), "str": pa.string(), "choice": pa.string()}
_TYPES["list"] = pa.list_(pa.string())


def _column_type(name: str, values: list[Any]) -> pa.DataType:
    """Arrow type of a result column: by name for known columns, else from the values."""
    if name.startswith("param."):
        key = name[len("param.") :]
        if key in PARAMETERS:
            return _TYPES[PARAMETERS[key].kind]
    kind = _IDENTITY.get(name) or _OUTCOME_TYPES.get(name)
    if kind is not None:
        return _TYPES[kind]
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
    """Run rows, with their derived outcomes, as an Arrow table with stable column types (missing values: nulls)."""
    rows = [with_derived(r) for r in rows]
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


# ----------------------------------------------------------- one schema convention for every results table
# Columns holding lists (stored as Arrow lists of strings; as JSON arrays in CSV).
LIST_COLUMNS = frozenset(s.name for s in OUTCOMES if s.dtype == "list")


def declared_type(name: str) -> pa.DataType:
    """The type a column called ``name`` has in every journeysim table (float64 for unknown names)."""
    kind = dtype_of(name)
    return _TYPES[kind] if kind is not None else _column_type(name, [])


def _no_nulls(field: pa.Field) -> pa.DataType:
    """A concrete type for a column Arrow could only type as ``null`` (or a list of nulls)."""
    if pa.types.is_null(field.type):
        return declared_type(field.name)
    if pa.types.is_list(field.type) and pa.types.is_null(field.type.value_type):
        return pa.list_(pa.string())
    return field.type


def typed(table: pa.Table) -> pa.Table:
    """``table`` with every null-typed column (an empty or all-missing one) given its declared type."""
    schema = pa.schema([pa.field(f.name, _no_nulls(f)) for f in table.schema])
    return table if schema.equals(table.schema) else table.cast(schema)


def frame_to_table(frame: pd.DataFrame) -> pa.Table:
    """A tidy frame as an Arrow table: lists as list columns, missing values as nulls, no null-typed column."""
    frame = frame.reset_index(drop=True)
    if frame.empty:
        return pa.table({c: pa.array([], type=declared_type(str(c))) for c in frame.columns})
    return typed(pa.Table.from_pandas(frame, preserve_index=False))


def csv_frame(table: pa.Table) -> pd.DataFrame:
    """A table as a frame ready for CSV: list cells as JSON arrays (``["a", "b"]``), not Python reprs."""
    import json

    frame = table.to_pandas()
    for field in table.schema:
        if pa.types.is_list(field.type):
            frame[field.name] = [None if v is None else json.dumps([str(x) for x in v]) for v in frame[field.name]]
    return frame
