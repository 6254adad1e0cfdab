"""Calibration on a Dask cluster of worker processes gives the serial posterior, and resumes to it.

``test_abc.py`` checks a Dask cluster of threads in one process; here the runs go to two worker
processes through a scheduler address, as ``journeysim calibrate --scheduler ADDRESS`` sends them
(:func:`journeysim.batch.executors.make_executor`). Tiny settings: two parameters, six particles,
eight services.
"""

from __future__ import annotations

from collections.abc import Iterator

import pandas as pd
import pytest

from journeysim.batch.executors import make_executor
from journeysim.calibration.abc import POSTERIOR, Calibration, Settings, calibrate
from journeysim.calibration.targets import Targets, load_targets

pytestmark = pytest.mark.slow

SERVICES = 8
PARAMETERS = ("champion_arrival_annual", "peer_spread_rate")
TARGETS = """
[no_teacher_2015]
figure = 0.6
uncertainty = { kind = "sd", value = 0.1, why = "synthetic" }
year = 2015
population = "synthetic"
source = "a test figure"
output = "share_no_teacher"
mapping = "itself"

[not_running_2012]
figure = 0.7
uncertainty = { kind = "sd", value = 0.1, why = "synthetic" }
year = 2012
population = "synthetic"
source = "a test figure"
output = "share_not_running"
mapping = "itself"
"""


def settings(generations: int, **kw: object) -> Settings:
    return Settings(population_size=6, generations=generations, services=SERVICES, seed=5, parameters=PARAMETERS, **kw)


@pytest.fixture(scope="module")
def targets(tmp_path_factory: pytest.TempPathFactory) -> Targets:
    path = tmp_path_factory.mktemp("targets") / "synthetic.toml"
    path.write_text(TARGETS, encoding="utf-8")
    return load_targets(path)


@pytest.fixture(scope="module")
def serial(targets: Targets, tmp_path_factory: pytest.TempPathFactory) -> Calibration:
    """The uninterrupted two-generation calibration, in this process."""
    return calibrate(targets, tmp_path_factory.mktemp("serial") / "cal", settings(2))


@pytest.fixture(scope="module")
def scheduler() -> Iterator[str]:
    """A local Dask cluster of two single-threaded worker processes on 127.0.0.1, closed at the end."""
    distributed = pytest.importorskip("distributed")
    cluster = distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1", dashboard_address=None
    )
    try:
        yield cluster.scheduler_address
    finally:
        cluster.close()


def test_the_posterior_on_dask_worker_processes_is_the_serial_one(targets, serial, scheduler, tmp_path) -> None:
    with make_executor(scheduler=scheduler) as executor:
        on_dask = calibrate(targets, tmp_path / "dask", settings(2, batch=2), executor=executor)
    assert on_dask.out != serial.out and len(on_dask.posterior) == 6
    pd.testing.assert_frame_equal(serial.posterior, on_dask.posterior)
    pd.testing.assert_frame_equal(serial.distances, on_dask.distances)


def test_interrupted_on_dask_and_resumed_ends_as_the_uninterrupted_serial_run(
    targets, serial, scheduler, tmp_path
) -> None:
    out = tmp_path / "split"
    with make_executor(scheduler=scheduler) as executor:
        first = calibrate(targets, out, settings(1), executor=executor)
    assert first.manifest["generations"] == 1
    with make_executor(scheduler=scheduler) as executor:  # a new connection, as a second command would make
        second = calibrate(targets, out, settings(2), executor=executor)
    assert second.resumed_from == 1 and [g.t for g in second.generations] == [1]
    pd.testing.assert_frame_equal(serial.posterior, second.posterior)
    pd.testing.assert_frame_equal(serial.distances, second.distances)
    assert pd.read_parquet(out / POSTERIOR).equals(serial.posterior)
