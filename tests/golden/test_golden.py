"""Every recorded golden case is reproduced exactly, cell for cell."""

from __future__ import annotations

import pandas as pd
import pytest
from golden_cases import all_cases, path_for

CASES = all_cases()


@pytest.mark.parametrize(("case", "thunk"), CASES, ids=[c for c, _ in CASES])
def test_outputs_identical_to_recorded(case: str, thunk) -> None:
    tables = thunk()
    assert tables, case
    for table, frame in tables.items():
        expected = pd.read_parquet(path_for(case, table))
        # Exact: no tolerance, same columns in the same order, same dtypes.
        pd.testing.assert_frame_equal(frame.reset_index(drop=True), expected, check_exact=True)


def test_every_golden_file_has_a_case() -> None:
    recorded = {p.name.split(".")[0] for p in path_for("x", "y").parent.glob("*.parquet")}
    assert recorded == {c for c, _ in CASES}
