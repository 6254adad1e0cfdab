import pytest


@pytest.fixture(scope="session")
def dask_cluster():
    """A 2-worker Dask LocalCluster on 127.0.0.1, shared by the tests that need one, closed afterwards.

    ``dashboard_address=":0"`` (any free port) rather than ``None``: with ``None`` the scheduler still
    opens its HTTP server on 8787 and warns when another cluster holds that port.
    """
    distributed = pytest.importorskip("distributed")
    cluster = distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0", host="127.0.0.1"
    )
    try:
        yield cluster
    finally:
        cluster.close()


@pytest.fixture
def write_experiment(tmp_path):
    """Write an experiment TOML file and return its path."""

    def write(text: str, name: str = "exp.toml"):
        path = tmp_path / name
        path.write_text(text)
        return path

    return write
