"""Every recorded golden case is reproduced exactly, cell for cell, in every recorded column.

The comparison is by name: a new output column or table (one the recording does not hold) does not
need a re-recording, while a recorded column or table missing from the new output fails, naming it.
"""

from __future__ import annotations

import pandas as pd
import pytest
from golden_cases import all_cases, path_for

CASES = all_cases()


def recorded_columns(frame: pd.DataFrame, expected: pd.DataFrame, where: str) -> pd.DataFrame:
    """``frame``'s columns that ``expected`` records, in the recorded order; fails naming any it lacks."""
    missing = [c for c in expected.columns if c not in frame.columns]
    assert not missing, f"{where}: recorded columns missing from the output: {missing}"
    return frame[list(expected.columns)]


@pytest.mark.parametrize(("case", "thunk"), CASES, ids=[c for c, _ in CASES])
def test_outputs_identical_to_recorded(case: str, thunk) -> None:
    tables = thunk()
    recorded = sorted(p.name.split(".")[1] for p in path_for(case, "x").parent.glob(f"{case}.*.parquet"))
    assert recorded, case
    missing = [t for t in recorded if t not in tables]
    assert not missing, f"{case}: recorded tables missing from the output: {missing}"
    for table in recorded:
        expected = pd.read_parquet(path_for(case, table))
        named = recorded_columns(tables[table], expected, f"{case} {table}")
        # Exact: no tolerance, same rows, same dtypes, every recorded column.
        pd.testing.assert_frame_equal(named.reset_index(drop=True), expected, check_exact=True)


def test_every_golden_file_has_a_case() -> None:
    recorded = {p.name.split(".")[0] for p in path_for("x", "y").parent.glob("*.parquet")}
    assert recorded == {c for c, _ in CASES}


def test_a_new_column_passes_and_a_missing_recorded_column_fails_by_name() -> None:
    expected = pd.DataFrame({"a": [1, 2], "b": [0.5, 0.25]})
    grown = expected.assign(new_outcome=[7, 8])[["new_outcome", "b", "a"]]
    pd.testing.assert_frame_equal(recorded_columns(grown, expected, "x"), expected, check_exact=True)
    with pytest.raises(AssertionError, match=r"x: recorded columns missing from the output: \['b'\]"):
        recorded_columns(expected.drop(columns="b"), expected, "x")
