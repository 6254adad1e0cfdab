"""Executors: one interface, clear errors for bad choices."""

import time
from concurrent.futures import Executor, ProcessPoolExecutor

import pytest

from journeysim.batch.errors import BatchInputError
from journeysim.batch.executors import SerialExecutor, executor_width, make_executor


def square(x):
    return x * x


def fail(x):
    raise ValueError(f"bad {x}")


def test_serial_executor_runs_now_and_delivers_errors_through_the_future():
    ex = SerialExecutor()
    assert ex.submit(square, 7).result() == 49
    assert list(ex.map(square, [1, 2, 3])) == [1, 4, 9]
    with pytest.raises(ValueError, match="bad 3"):
        ex.submit(fail, 3).result()
    ex.shutdown()
    with pytest.raises(RuntimeError):
        ex.submit(square, 1)


def test_make_executor_picks_serial_or_a_process_pool():
    with make_executor(workers=1) as ex:
        assert isinstance(ex, SerialExecutor) and executor_width(ex) == 1
    with make_executor(workers=2) as ex:
        assert isinstance(ex, ProcessPoolExecutor) and executor_width(ex) == 2
        assert sorted(ex.map(square, range(5))) == [0, 1, 4, 9, 16]


@pytest.mark.parametrize(
    ("kwargs", "needle"),
    [
        ({"workers": 0}, "at least 1"),
        ({"workers": -2}, "at least 1"),
        ({"workers": 2, "scheduler": "tcp://127.0.0.1:8786"}, "exclude each other"),
        ({"scheduler": "not an address"}, "not a scheduler address"),
    ],
)
def test_bad_executor_choices_are_refused(kwargs, needle):
    with pytest.raises(BatchInputError, match=needle), make_executor(**kwargs):
        pass


def test_unreachable_scheduler_is_a_clear_error_not_a_hang():
    t = time.perf_counter()
    with pytest.raises(BatchInputError, match="cannot reach a Dask scheduler") as info:
        with make_executor(scheduler="tcp://127.0.0.1:9", timeout=1.0):
            pass
    assert "dask worker tcp://127.0.0.1:9" in str(info.value)
    assert time.perf_counter() - t < 15


def test_dask_executor_is_a_concurrent_futures_executor(dask_cluster):
    with make_executor(scheduler=dask_cluster.scheduler_address) as ex:
        assert isinstance(ex, Executor)
        assert executor_width(ex) == 2
        assert ex.submit(square, 12).result() == 144


@pytest.mark.parametrize("context", ["forkserver", "spawn"])
def test_local_pool_is_the_one_way_to_start_processes_with_either_start_method(context):
    from journeysim.batch.executors import local_pool

    pool = local_pool(2, context=context)
    try:
        assert pool._mp_context.get_start_method() == context and executor_width(pool) == 2
        assert sorted(pool.map(square, range(5))) == [0, 1, 4, 9, 16]
    finally:
        pool.shutdown()


def test_local_pool_refuses_fork_and_unknown_start_methods():
    from journeysim.batch.executors import local_pool

    for context in ("fork", "threads"):
        with pytest.raises(BatchInputError, match="start method"):
            local_pool(1, context=context)


def test_no_other_module_creates_a_process_pool():
    from pathlib import Path

    import journeysim

    root = Path(journeysim.__file__).parent
    makers = [
        p.relative_to(root).as_posix()
        for p in root.rglob("*.py")
        if "ProcessPoolExecutor(" in p.read_text() or "get_context(" in p.read_text()
    ]
    assert makers == ["batch/executors.py"]
