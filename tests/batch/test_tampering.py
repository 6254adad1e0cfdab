"""A committed part replaced, truncated or without its ledger entry is detected and its runs redone."""

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from journeysim.batch.errors import BatchInputError
from journeysim.batch.experiment import load_experiment
from journeysim.batch.store import query, read_runs
from journeysim.batch.sweep import run_sweep
from journeysim.cli import main

EXPERIMENT = """
name = "tamper"
scenario = "lone_champion"
replications = 4
seed = 2
[set]
years = 10
[design]
method = "grid"
[vary.culture]
values = [0.2, 0.8]
[output]
runs_per_file = 2
"""


@pytest.fixture
def swept(write_experiment, tmp_path):
    experiment = load_experiment(write_experiment(EXPERIMENT))
    out = tmp_path / "res"
    run_sweep(experiment, out, progress=False)
    return experiment, out, read_runs(out)


def test_replaced_truncated_and_unrecorded_parts_are_redone_on_resume(swept, capsys):
    experiment, out, reference = swept
    parts = out / "parts"
    pq.write_table(pa.table({"x": [1]}), parts / "part-000000.parquet")  # what `COPY ... TO` used to do
    data = (parts / "part-000001.parquet").read_bytes()
    (parts / "part-000001.parquet").write_bytes(data[: len(data) // 2])  # truncated
    (out / "ledger" / "part-000002.json").unlink()  # killed between the part and its ledger entry
    with pytest.raises(BatchInputError, match=r"part-000000\.parquet was changed after it was committed"):
        query(out, "SELECT count(*) FROM runs")
    summary = run_sweep(experiment, out, progress=False)
    assert (summary.runs_before, summary.runs_ran, summary.runs_total) == (2, 6, 8)
    pd.testing.assert_frame_equal(read_runs(out), reference)
    assert run_sweep(experiment, out, progress=False).runs_ran == 0


def test_a_part_with_the_right_size_but_other_bytes_is_redone(swept):
    experiment, out, reference = swept
    path = out / "parts" / "part-000003.parquet"
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0xFF  # same size: only the checksum tells
    path.write_bytes(bytes(data))
    summary = run_sweep(experiment, out, progress=False)
    assert summary.runs_ran == 2
    pd.testing.assert_frame_equal(read_runs(out), reference)


def test_the_cli_reports_the_truth_after_tampering(swept, capsys, write_experiment):
    _, out, _ = swept
    (out / "parts" / "part-000001.parquet").write_bytes(b"PAR1")
    path = write_experiment(EXPERIMENT)
    assert main(["sweep", str(path), "--out", str(out), "--workers", "1", "--no-progress"]) == 0
    text = capsys.readouterr().out
    assert "8 of 8 runs committed" in text and "2 this time, 6 already there" in text
