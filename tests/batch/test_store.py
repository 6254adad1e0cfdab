"""The results store: atomic parts, stable column types, DuckDB queries."""

import json

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from journeysim.batch.errors import BatchInputError
from journeysim.batch.files import write_atomic, write_json
from journeysim.batch.parts import STORE_VERSION, clean_tmp, committed_chunks, verified_chunks, write_part
from journeysim.batch.store import query, tables
from journeysim.batch.tables import rows_to_table

SWEEP = {"kind": "sweep", "store": STORE_VERSION, "experiment_hash": "e" * 16, "code": "c" * 16}


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
    (tmp_path / "manifest.json").write_text(json.dumps(SWEEP))
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


def test_a_chunk_is_committed_by_its_runs_part_renamed_after_its_series(tmp_path):
    (tmp_path / "manifest.json").write_text(json.dumps(SWEEP))
    series = pa.table({"run_id": ["r0", "r0"], "month": [0, 1], "level": ["a", "b"]})
    for chunk in (0, 1):
        write_part(tmp_path, chunk, [{"run_id": "r0", "run_index": chunk, "status": "ok"}], series)
    (tmp_path / "parts" / "part-000001.parquet").unlink()  # as if killed between the series part and the runs part
    assert committed_chunks(tmp_path) == {0}
    assert [p.name for p in tables(tmp_path)["series"]] == ["part-000000.parquet"]
    assert verified_chunks(tmp_path, {0: 1, 1: 1}, series=True) == {0}
    identity = json.loads(pq.read_schema(tmp_path / "series" / "part-000000.parquet").metadata[b"journeysim.part"])
    assert identity["chunk"] == 0 and identity["run_ids"] == ["r0"] and identity["code"] == "c" * 16


def test_a_folder_of_the_earlier_ledger_store_is_read_but_not_resumed(tmp_path):
    (tmp_path / "manifest.json").write_text(json.dumps({"kind": "sweep", "ledger": 1}))
    for chunk in (0, 1):
        path = tmp_path / "parts" / f"part-{chunk:06d}.parquet"
        path.parent.mkdir(exist_ok=True)
        pq.write_table(rows_to_table([{"run_id": f"r{chunk}", "run_index": chunk, "status": "ok"}]), path)
    (tmp_path / "ledger").mkdir()
    (tmp_path / "ledger" / "part-000000.json").write_text("{}")  # chunk 1's entry was never written: its part is whole
    assert query(tmp_path, "SELECT run_id FROM runs ORDER BY run_index")["run_id"].tolist() == ["r0", "r1"]
    with pytest.raises(BatchInputError, match=r"earlier journeysim.*start a new folder"):
        verified_chunks(tmp_path, {0: 1, 1: 1})
