"""Run rows as Arrow tables with stable column types (so parts written apart read back as one table)."""

from __future__ import annotations

from typing import Any

import pandas as pd
import pyarrow as pa

from journeysim.parameters import PARAMETERS

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
