"""Fuzz `journeysim query`: any SQL ends in rows or a clean exit 2, and the folder is never changed."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from fuzz_helpers import FUZZ, assert_clean, run_cli
from hypothesis import given
from hypothesis import strategies as st

KEYWORDS = (
    "SELECT", "WITH", "EXPLAIN", "DESCRIBE", "SUMMARIZE", "SHOW", "COPY", "ATTACH", "DETACH", "EXPORT DATABASE",
    "IMPORT DATABASE", "INSTALL", "LOAD", "SET", "RESET", "PRAGMA", "CREATE TABLE", "CREATE VIEW", "DROP VIEW",
    "INSERT INTO", "UPDATE", "DELETE FROM", "CALL", "CHECKPOINT", "USE", "VACUUM", "", "--", "/*",
)  # fmt: skip
FRAGMENTS = (
    "*", "count(*)", "FROM runs", "FROM series", "FROM events", "FROM nowhere", "runs", "TO 'x.parquet'",
    "(FORMAT parquet)", "'other.duckdb' AS o", "httpfs", "enable_external_access=true", "lock_configuration=false",
    "read_csv('/etc/passwd')", "read_parquet('../*/parts/*.parquet')", "glob('*')", "'parts/part-000000.parquet'",
    "WHERE 1=1", "LIMIT 1", ";", ";;", "'", '"', "(", ")", "-- comment", "*/", "1e308", "NULL", "\x00", "\x1b[31m",
)  # fmt: skip
SQL = st.builds(
    lambda head, parts, tail: " ".join([head, *parts, tail]),
    st.sampled_from(KEYWORDS),
    st.lists(st.sampled_from(FRAGMENTS), max_size=6),
    st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=20),
)


def snapshot(folder: Path) -> dict[str, str]:
    """Every file under ``folder`` (and its parent's listing) with a digest of its bytes."""
    files = {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in folder.rglob("*")
        if p.is_file()
    }
    files["<parent>"] = ",".join(sorted(p.name for p in folder.parent.iterdir()))
    return files


@pytest.fixture(scope="module")
def results(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("query") / "cmp"
    code, err = run_cli(
        ["compare", "lone_champion", "several_implementers", "-n", "2", "--years", "10", "--bootstrap", "100",
         "--out", str(out), "--no-progress"],
        "query: the folder",
    )  # fmt: skip
    assert code == 0, err
    return out


@FUZZ
@given(sql=SQL)
def test_any_sql_gives_rows_or_a_clean_refusal_and_changes_nothing(results: Path, sql: str) -> None:
    before = snapshot(results)
    code, err = run_cli(["query", str(results), sql], "query SQL")
    assert_clean(code, err)
    assert snapshot(results) == before
