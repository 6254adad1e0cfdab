"""The results store: atomic parts, stable column types, DuckDB queries."""

import json

import pyarrow.parquet as pq
import pytest

from journeysim.batch.errors import BatchInputError
from journeysim.batch.store import (
    clean_tmp,
    committed_chunks,
    query,
    rows_to_table,
    write_atomic,
    write_json,
    write_part,
)


def test_rows_to_table_keeps_types_when_values_are_missing():
    rows = [
        {"run_id": "a", "status": "ok", "months_to_embedded": None, "cost_per_participant": None, "final_level": "x"},
        {"run_id": "b", "status": "failed", "error": "boom"},
        {"run_id": "c", "status": "ok", "months_to_embedded": 17, "cost_per_participant": 12.5, "param.pressure": 0.3},
    ]
    table = rows_to_table(rows)
    types = {f.name: str(f.type) for f in table.schema}
    assert types["months_to_embedded"] == "int64"
    assert types["cost_per_participant"] == "double"
    assert types["param.pressure"] == "double"
    assert types["error"] == "string"
    assert table.column("months_to_embedded").to_pylist() == [None, None, 17]
    assert table.num_rows == 3


def test_pandas_nan_is_stored_as_null():
    table = rows_to_table([{"months_to_embedded": float("nan"), "run_id": "a"}, {"months_to_embedded": 3.0}])
    assert table.column("months_to_embedded").to_pylist() == [None, 3]


def test_write_atomic_leaves_the_old_file_when_writing_fails(tmp_path):
    target = tmp_path / "x.json"
    write_json(target, {"v": 1})

    def broken(path):
        path.write_text("half")
        raise OSError("disk full")

    with pytest.raises(OSError, match="disk full"):
        write_atomic(target, broken, tmp_path / "tmp")
    assert json.loads(target.read_text()) == {"v": 1}
    assert list((tmp_path / "tmp").iterdir()) == []


def test_parts_are_committed_by_name_and_tmp_is_never_data(tmp_path):
    (tmp_path / "manifest.json").write_text("{}")
    write_part(tmp_path, 3, [{"run_id": "r3", "run_index": 3, "status": "ok"}])
    write_part(tmp_path, 0, [{"run_id": "r0", "run_index": 0, "status": "ok"}])
    (tmp_path / "tmp").mkdir(exist_ok=True)
    (tmp_path / "tmp" / ".part-000001.parquet.123.abcd.tmp").write_bytes(b"PAR1 half written")
    (tmp_path / "parts" / "notes.txt").write_text("not a part")
    assert committed_chunks(tmp_path) == {0, 3}
    assert query(tmp_path, "SELECT run_id FROM runs ORDER BY run_index")["run_id"].tolist() == ["r0", "r3"]
    assert pq.read_table(tmp_path / "parts" / "part-000003.parquet").num_rows == 1
    assert clean_tmp(tmp_path) == 1


def test_queries_on_a_folder_without_results_or_with_bad_sql_fail_clearly(tmp_path):
    with pytest.raises(BatchInputError, match="holds no results yet"):
        query(tmp_path, "SELECT 1")
    (tmp_path / "manifest.json").write_text("{}")
    assert len(query(tmp_path, "SELECT * FROM runs")) == 0
    with pytest.raises(BatchInputError, match="query on"):
        query(tmp_path, "SELEKT nonsense")
