"""Fixtures for the dashboard tests: a live app on a free local port, and Debian's Chromium."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, chromium: str) -> Iterator[object]:
    """The app served from a background thread on 127.0.0.1, with an empty working folder (browser tests only)."""
    from journeysim.dashboard import jobs
    from journeysim.dashboard.app import ServerThread, create_app

    workdir = tmp_path_factory.mktemp("server-cwd")
    old = os.getcwd()
    os.chdir(workdir)
    srv = ServerThread(create_app(), "127.0.0.1", 0).start()
    srv.workdir = workdir  # type: ignore[attr-defined]
    jobs.warm_up()
    try:
        yield srv
    finally:
        srv.stop()
        os.chdir(old)
