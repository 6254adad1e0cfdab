"""The trainers' Dash app, and a small threaded server to run it.

``create_app()`` builds the app (layout, callbacks, its own session
registry); :class:`ServerThread` serves it with Werkzeug's threaded server,
one thread per request, so one session's long computation does not hold up
another's; the long runs are background jobs (:mod:`journeysim.dashboard.jobs`),
cancelled when the server stops. The app writes nothing to disk: uploads are parsed in memory and
exports are sent to the browser.
"""

from __future__ import annotations

import contextlib
import logging
import os
import signal
import socket
import threading
from pathlib import Path

from dash import Dash
from werkzeug.serving import BaseWSGIServer, make_server

from journeysim.dashboard import advice, draws, fan, jobs, nation_callbacks
from journeysim.dashboard.callbacks import on_error, register
from journeysim.dashboard.layout import serve_layout
from journeysim.dashboard.sessions import SessionRegistry
from journeysim.library import MAX_FILE_BYTES
from journeysim.uncertainty import Posterior

ASSETS = Path(__file__).resolve().parent / "assets"
# An upload travels base64-encoded (4/3 of its size) inside a callback's JSON.
MAX_REQUEST_BYTES = 2 * MAX_FILE_BYTES + 256 * 1024


def create_app(
    max_sessions: int = 64,
    ttl_seconds: float = 6 * 3600,
    seed: int = 0,
    posterior: Posterior | None = None,
    results: str | os.PathLike = "results",
) -> Dash:
    """Build the app.

    Args:
        max_sessions: Most browser sessions kept in memory at once (least recently used dropped first).
        ttl_seconds: Idle time after which a session is dropped.
        seed: Root seed of every session's worlds (world *i* is replication *i*).
        posterior: A calibrated posterior the fan chart's worlds draw their parameters from
            (world *i* takes the particle replication *i* draws): offered first, and the default.
        results: The results folder, searched for more posterior folders to offer (relative: to the
            working folder).

    Returns:
        The Dash app; its ``registry`` attribute holds the sessions.

    """
    app = Dash(
        __name__,
        title="journeysim: an MBCT service's journey",
        update_title=None,
        assets_folder=str(ASSETS),
        serve_locally=True,
        on_error=on_error,
        meta_tags=[{"name": "viewport", "content": "width=device-width, initial-scale=1"}],
    )
    app.server.config["MAX_CONTENT_LENGTH"] = MAX_REQUEST_BYTES
    app.layout = serve_layout
    registry = SessionRegistry(max_sessions=max_sessions, ttl_seconds=ttl_seconds, seed=seed)
    app.registry = registry  # type: ignore[attr-defined]
    register(app, registry)
    nation_callbacks.register(app)
    advice.register(app, registry)
    if posterior is not draws.posterior():
        fan.use_posterior(posterior)
    draws.use_results(results)
    return app


class ServerThread:
    """Serve an app on ``host:port`` from a background thread (port 0 picks a free port).

    Use as a context manager, or call :meth:`start` and :meth:`stop`.
    """

    def __init__(self, app: Dash, host: str = "127.0.0.1", port: int = 0) -> None:
        logging.getLogger("werkzeug").setLevel(logging.WARNING)
        self.app = app
        self.server: BaseWSGIServer = make_server(host, port, app.server, threaded=True)
        self.host = host
        self.port = self.server.server_port
        self._thread = threading.Thread(target=self.server.serve_forever, name="journeysim-dashboard", daemon=True)

    @property
    def url(self) -> str:
        """The address to open."""
        return f"http://{self.host}:{self.port}"

    def start(self) -> ServerThread:
        """Start serving."""
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving, cancel the background jobs and release the port."""
        self.server.shutdown()
        jobs.shutdown()
        self.server.server_close()
        self._thread.join(timeout=10)

    def __enter__(self) -> ServerThread:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


def _check_port(host: str, port: int) -> None:
    """Raise ``OSError`` if ``host:port`` cannot be listened on (Werkzeug would exit the process instead)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        probe.bind((host, port))


def _stop_on_sigterm(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def serve(
    host: str = "127.0.0.1",
    port: int = 8050,
    posterior: Posterior | None = None,
    results: str | os.PathLike = "results",
) -> None:
    """Run the app until interrupted (Ctrl+C or SIGTERM); the fan offers ``posterior`` and those under ``results``."""
    _check_port(host, port)
    app = create_app(posterior=posterior, results=results)
    with ServerThread(app, host, port) as server, contextlib.suppress(KeyboardInterrupt):  # a clean stop
        if threading.current_thread() is threading.main_thread():
            signal.signal(signal.SIGTERM, _stop_on_sigterm)
        threading.Thread(target=jobs.warm_up, daemon=True).start()
        print(f"journeysim dashboard: open {server.url}/ (Ctrl+C to stop)", flush=True)
        server._thread.join()  # until Ctrl+C or SIGTERM interrupts the wait
