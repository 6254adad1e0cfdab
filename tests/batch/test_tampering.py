"""A committed part replaced, truncated, copied from elsewhere or corrupted is refused by readers and redone on resume.

Each part's Parquet footer names its chunk, run ids, columns, experiment and code, and its pages carry checksums
(journeysim.batch.parts): whatever changes what a part reads as is caught.
"""

import json
import shutil

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from sweep_helpers import grid_toml

from journeysim.batch.errors import BatchInputError
from journeysim.batch.experiment import load_experiment
from journeysim.batch.parts import check_part
from journeysim.batch.store import query, read_runs
from journeysim.batch.sweep import run_sweep
from journeysim.cli import main

EXPERIMENT = grid_toml("tamper", 4, seed=2, runs_per_file=2)


@pytest.fixture
def swept(write_experiment, tmp_path):
    experiment = load_experiment(write_experiment(EXPERIMENT))
    out = tmp_path / "res"
    run_sweep(experiment, out, progress=False)
    return experiment, out, read_runs(out)


def test_replaced_truncated_and_misplaced_parts_are_redone_on_resume(swept, capsys):
    experiment, out, reference = swept
    parts = out / "parts"
    pq.write_table(pa.table({"x": [1]}), parts / "part-000000.parquet")  # what `COPY ... TO` used to do
    data = (parts / "part-000001.parquet").read_bytes()
    (parts / "part-000001.parquet").write_bytes(data[: len(data) // 2])  # truncated
    shutil.copyfile(parts / "part-000003.parquet", parts / "part-000002.parquet")  # another chunk's runs
    bad = {0, 1, 2}
    for chunk in bad:  # each is refused on its own (the others set aside meanwhile)
        for other in bad - {chunk}:
            (parts / f"part-00000{other}.parquet").rename(parts / f"part-00000{other}.aside")
        with pytest.raises(BatchInputError, match=rf"part-00000{chunk}\.parquet was changed after it was committed"):
            query(out, "SELECT count(*) FROM runs")
        for other in bad - {chunk}:
            (parts / f"part-00000{other}.aside").rename(parts / f"part-00000{other}.parquet")
    summary = run_sweep(experiment, out, progress=False)
    assert (summary.runs_before, summary.runs_ran, summary.runs_total) == (2, 6, 8)
    pd.testing.assert_frame_equal(read_runs(out), reference)
    assert run_sweep(experiment, out, progress=False).runs_ran == 0


def test_a_part_with_the_right_size_but_other_bytes_is_redone(swept):
    experiment, out, reference = swept
    path = out / "parts" / "part-000003.parquet"
    data = bytearray(path.read_bytes())
    data[len(data) // 8] ^= 0xFF  # same size, a byte of a data page: its checksum tells
    path.write_bytes(bytes(data))
    with pytest.raises(BatchInputError, match="query on"):
        query(out, "SELECT * FROM runs")
    summary = run_sweep(experiment, out, progress=False)
    assert summary.runs_ran == 2
    pd.testing.assert_frame_equal(read_runs(out), reference)


def test_no_changed_byte_alters_what_a_part_reads_as_unnoticed(swept):
    _, out, _ = swept
    path = out / "parts" / "part-000002.parquet"
    original, table = path.read_bytes(), pq.read_table(path)
    noticed = unnoticed = 0
    for i in range(0, len(original), 23):  # every 23rd byte, footer included (Parquet checksums only its pages)
        data = bytearray(original)
        data[i] ^= 0xFF
        path.write_bytes(bytes(data))
        if check_part(out, "parts", 2, rows=2):
            assert pq.read_table(path).equals(table), f"byte {i} changed the runs unnoticed"
            unnoticed += 1  # e.g. the writer's name in the footer: the part still reads as it was written
        else:
            noticed += 1
    assert noticed > 4 * unnoticed


def test_a_part_of_another_experiment_or_other_code_is_refused(swept):
    _, out, _ = swept
    manifest = json.loads((out / "manifest.json").read_text())
    for key in ("experiment_hash", "code"):
        changed = {**manifest, key: "0" * 16}
        (out / "manifest.json").write_text(json.dumps(changed))  # as if the parts had been copied in from elsewhere
        assert not check_part(out, "parts", 0, rows=2)
        with pytest.raises(BatchInputError, match=r"part-000000\.parquet was changed after it was committed"):
            query(out, "SELECT count(*) FROM runs")
    (out / "manifest.json").write_text(json.dumps(manifest))
    assert check_part(out, "parts", 0, rows=2) and not check_part(out, "parts", 0, rows=3)


def test_the_cli_reports_the_truth_after_tampering(swept, capsys, write_experiment):
    _, out, _ = swept
    (out / "parts" / "part-000001.parquet").write_bytes(b"PAR1")
    path = write_experiment(EXPERIMENT)
    assert main(["sweep", str(path), "--out", str(out), "--workers", "1", "--no-progress"]) == 0
    text = capsys.readouterr().out
    assert "8 of 8 runs committed" in text and "2 this time, 6 already there" in text
