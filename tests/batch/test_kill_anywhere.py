"""A sweep killed at any instant - start-up window included - resumes to the uninterrupted result; and
no worker process outlives a killed driver.

Each kill is a real SIGKILL of a running ``journeysim sweep`` (its whole process group, or the driver
alone); the same command is then run again on the same folder.
"""

import os
import random
import signal
import subprocess
import time

import pandas as pd
import psutil
import pytest
from sweep_helpers import finish, grid_toml, sweep_command

from journeysim.batch.experiment import load_experiment
from journeysim.batch.store import read_runs
from journeysim.batch.sweep import run_sweep

pytestmark = pytest.mark.slow

EXPERIMENT = grid_toml("kill_anywhere", 6, seed=5, runs_per_file=2)
TOTAL = 12


def start(path, out):
    return subprocess.Popen(
        sweep_command(path, out),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )


def kill_group(proc):
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    proc.wait(timeout=30)


@pytest.fixture(scope="module")
def reference(tmp_path_factory):
    """The uninterrupted sweep, run in this process."""
    folder = tmp_path_factory.mktemp("reference")
    path = folder / "exp.toml"
    path.write_text(EXPERIMENT)
    run_sweep(load_experiment(path), folder / "res", progress=False)
    return read_runs(folder / "res")


@pytest.fixture
def experiment_file(write_experiment):
    return write_experiment(EXPERIMENT)


def same_as_reference(out, reference):
    runs = read_runs(out)
    assert runs["run_id"].is_unique and runs["run_index"].tolist() == list(range(TOTAL))
    pd.testing.assert_frame_equal(runs, reference)


def test_kills_at_random_instants_then_resume_give_the_uninterrupted_result(experiment_file, tmp_path, reference):
    rng = random.Random(15)
    out = tmp_path / "res"
    delays = [0.0, 0.05, *sorted(rng.uniform(0.1, 6.0) for _ in range(6))]
    for delay in delays:  # one folder, killed again and again: every state a kill leaves must resume
        proc = start(experiment_file, out)
        time.sleep(delay)
        kill_group(proc)
    finish(experiment_file, out, TOTAL)
    same_as_reference(out, reference)


def test_kills_in_the_folder_creation_window_leave_nothing_or_a_resumable_folder(experiment_file, tmp_path, reference):
    rng = random.Random(7)
    for attempt in range(6):
        out = tmp_path / f"res{attempt}"
        proc = start(experiment_file, out)
        deadline = time.monotonic() + 120
        while not out.exists() and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.0002)
        time.sleep(rng.uniform(0, 0.004))  # 0-4 ms after the folder appears: manifest, design, first parts
        kill_group(proc)
        finish(experiment_file, out, TOTAL)
        same_as_reference(out, reference)


def test_no_worker_outlives_a_killed_driver(experiment_file, tmp_path):
    out = tmp_path / "res"
    proc = start(experiment_file, out)
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and proc.poll() is None:
            if (out / "parts").is_dir() and any((out / "parts").iterdir()):
                break
            time.sleep(0.02)
        driver = psutil.Process(proc.pid)
        family = driver.children(recursive=True)  # fork server, resource tracker, pool workers
        if proc.poll() is not None or not family:
            pytest.skip("the sweep ended before it could be killed")
        os.kill(proc.pid, signal.SIGKILL)  # the driver alone
        proc.wait(timeout=30)
        _gone, alive = psutil.wait_procs(family, timeout=30)
        assert not alive, f"still running after the driver was killed: {[p.pid for p in alive]}"
        parts = sorted(p.name for p in (out / "parts").iterdir())
        time.sleep(1.0)
        assert sorted(p.name for p in (out / "parts").iterdir()) == parts  # nobody commits after the driver died
    finally:
        kill_group(proc)
