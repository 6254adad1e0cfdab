"""Progress on stderr: lines when piped, never carriage returns into a log (issue 27)."""

from __future__ import annotations

import io

from journeysim.batch import progress


def test_progress_is_written_as_lines_when_stderr_is_piped(monkeypatch) -> None:
    err = io.StringIO()  # not a terminal
    monkeypatch.setattr("sys.stderr", err)
    monkeypatch.setattr(progress, "LINE_SECONDS", 0.0)
    assert progress.piped()
    with progress.progress_bar(4, "runs", True) as bar:
        for _ in range(4):
            bar.update(1)
    lines = err.getvalue().splitlines()
    assert "\r" not in err.getvalue() and len(lines) >= 2
    assert all(line.startswith("journeysim: runs:") for line in lines)
    assert "4/4" in lines[-1] and sum("4/4" in line for line in lines) == 1  # the end said once


def test_no_progress_writes_nothing(monkeypatch) -> None:
    err = io.StringIO()
    monkeypatch.setattr("sys.stderr", err)
    with progress.progress_bar(3, "runs", False) as bar:
        bar.update(3)
    assert err.getvalue() == ""
