"""``journeysim dashboard``: its options, serving the app, and a busy port."""

from __future__ import annotations

import argparse
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

from journeysim.cli.dashboard import add_commands
from journeysim.cli.options import UsageError, check_options


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_dashboard_command_has_help_with_local_defaults(capsys: pytest.CaptureFixture[str]) -> None:
    parser = argparse.ArgumentParser(prog="journeysim")
    add_commands(parser.add_subparsers(dest="command"))
    args = parser.parse_args(["dashboard"])
    assert (args.host, args.port) == ("127.0.0.1", 8050)
    with pytest.raises(SystemExit) as exit_info:
        parser.parse_args(["dashboard", "--help"])
    assert exit_info.value.code == 0
    text = capsys.readouterr().out
    assert "--host" in text and "127.0.0.1" in text and "--port" in text and "8050" in text
    with pytest.raises(UsageError, match=r"--port 70000: must be a whole number from 1 to 65,535"):
        check_options(parser.parse_args(["dashboard", "--port", "70000"]))  # the range declared in OPTIONS


@pytest.mark.slow
def test_dashboard_command_serves_the_app_and_reports_a_busy_port() -> None:
    port = _free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "journeysim.cli", "dashboard", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        body = ""
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5) as response:
                    body = response.read().decode()
                break
            except OSError:
                if proc.poll() is not None:
                    break
                time.sleep(0.3)
        assert "journeysim" in body and "_dash-config" in body
        busy = subprocess.run(
            [sys.executable, "-m", "journeysim.cli", "dashboard", "--port", str(port)],
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert busy.returncode == 2 and "cannot serve" in busy.stderr
    finally:
        proc.terminate()
        assert proc.wait(timeout=30) in (0, 130, -15)
