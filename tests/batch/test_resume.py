"""A sweep killed part-way and started again finishes the missing runs only: none lost, none duplicated.

These tests really kill a running ``journeysim sweep`` (SIGKILL to every process, SIGKILL to the driver
alone while its workers carry on, Ctrl-C, and one worker process dying), then run the same command again.
"""

import os
import signal
import subprocess
import time

import psutil
import pyarrow.parquet as pq
import pytest
from sweep_helpers import finish, grid_toml, sweep_command

from journeysim.batch.experiment import load_experiment
from journeysim.batch.runs import RunSpec, run_spec
from journeysim.batch.store import read_runs

EXPERIMENT = grid_toml(
    "kill_me", 20, seed=3, culture="[0.1, 0.3, 0.5, 0.7, 0.9]", more="[vary.succession_planning]", runs_per_file=2
)
TOTAL = 5 * 2 * 20


def _default_sigint():
    # A test runner started in the background by a shell inherits SIGINT ignored, and so would the sweep;
    # the sweep must see Ctrl-C as a user would.
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def start(path, out):
    return subprocess.Popen(
        sweep_command(path, out),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,
        text=True,
        preexec_fn=_default_sigint,
    )


def wait_for_parts(out, proc, at_least, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        parts = out / "parts"
        if parts.is_dir() and len(list(parts.glob("part-*.parquet"))) >= at_least:
            return
        if proc.poll() is not None:
            pytest.fail(f"sweep ended before it could be interrupted: {proc.stderr.read()}")
        time.sleep(0.02)
    pytest.fail("no parts appeared")


def kill_leftovers(proc):
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass


def check_exactly_once(path, out):
    experiment = load_experiment(path)
    runs = read_runs(out)
    assert len(runs) == TOTAL
    assert runs["run_id"].is_unique
    assert runs["run_index"].tolist() == list(range(TOTAL))
    expected = {spec.run_id for spec in experiment.run_specs()}
    assert set(runs["run_id"]) == expected
    assert (runs["status"] == "ok").all()
    for part in (out / "parts").iterdir():  # every committed file is a whole Parquet file
        assert pq.read_metadata(part).num_rows > 0
    for i in (0, 117, TOTAL - 1):  # the numbers are those of the run computed on its own
        row = runs.iloc[i]
        point = {"culture": row["param.culture"], "succession_planning": bool(row["param.succession_planning"])}
        alone = run_spec(RunSpec(experiment.base, int(row["replication"]), 3, point=point))
        assert alone["run_id"] == row["run_id"]
        assert alone["participants_total"] == row["participants_total"]
        assert alone["final_level"] == row["final_level"]


@pytest.fixture
def experiment_file(write_experiment):
    return write_experiment(EXPERIMENT)


def test_sigkill_of_every_process_then_rerun_finishes_exactly_once(experiment_file, tmp_path):
    out = tmp_path / "res"
    proc = start(experiment_file, out)
    wait_for_parts(out, proc, 5)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    before = len(list((out / "parts").glob("part-*.parquet")))
    assert 5 <= before < TOTAL // 2
    done = finish(experiment_file, out, TOTAL)
    assert "already there" in done.stdout
    check_exactly_once(experiment_file, out)


@pytest.mark.slow
def test_sigkill_of_the_driver_alone_while_workers_carry_on(experiment_file, tmp_path):
    out = tmp_path / "res"
    proc = start(experiment_file, out)
    wait_for_parts(out, proc, 5)
    os.kill(proc.pid, signal.SIGKILL)  # orphaned workers may still commit the chunk they hold
    proc.wait(timeout=30)
    try:
        finish(experiment_file, out, TOTAL)  # runs while any orphan finishes: same chunk, same file name, same rows
    finally:
        kill_leftovers(proc)
    check_exactly_once(experiment_file, out)


@pytest.mark.slow
def test_ctrl_c_stops_with_status_130_and_rerun_finishes(experiment_file, tmp_path):
    out = tmp_path / "res"
    proc = start(experiment_file, out)
    wait_for_parts(out, proc, 5)
    os.killpg(proc.pid, signal.SIGINT)
    try:
        proc.wait(timeout=60)
    finally:
        kill_leftovers(proc)
    assert proc.returncode == 130
    assert "interrupted" in proc.stderr.read()
    finish(experiment_file, out, TOTAL)
    check_exactly_once(experiment_file, out)


@pytest.mark.slow
def test_a_worker_dying_is_reported_and_rerun_finishes(experiment_file, tmp_path):
    out = tmp_path / "res"
    proc = start(experiment_file, out)
    wait_for_parts(out, proc, 3)
    driver = psutil.Process(proc.pid)
    workers = [g for c in driver.children() for g in c.children()]  # forkserver's children are the pool's workers
    assert workers, "no worker processes found"
    workers[0].send_signal(signal.SIGKILL)
    try:
        proc.wait(timeout=60)
    finally:
        kill_leftovers(proc)
    stderr = proc.stderr.read()
    if proc.returncode == 0:  # the pool finished before the kill landed: nothing to resume
        pytest.skip("sweep finished before the worker was killed")
    assert proc.returncode == 1 and "run the same command again" in stderr
    finish(experiment_file, out, TOTAL)
    check_exactly_once(experiment_file, out)
