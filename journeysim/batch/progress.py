"""Progress on stderr: a bar drawn in place on a terminal (or a notebook), a line every few seconds when piped.

A command whose output goes to a file or a pipe still says how far it has got: its stderr may be a log or
another terminal, and silence for half a minute reads as a hang.
"""

from __future__ import annotations

import sys
from typing import Any, TextIO

from tqdm.auto import tqdm

LINE_SECONDS = 5.0
"""Seconds between progress lines when stderr is not a terminal (and before the first one)."""


class _Lines:
    """A stream for tqdm that writes each refresh as one line (no carriage returns, no padding)."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.last = ""

    def write(self, text: str) -> None:
        line = text.replace("\r", "").strip()
        count = line.split("[")[0]  # the count without the timing: closing repeats the last one
        if line and count != self.last:
            self.last = count
            self.stream.write(f"journeysim: {line}\n")

    def flush(self) -> None:
        self.stream.flush()


def piped() -> bool:
    """Whether stderr is neither a terminal nor a notebook's output (a pipe, a file, a log)."""
    return not sys.stderr.isatty() and "ipykernel" not in sys.modules


def progress_bar(total: int, desc: str, enabled: bool, initial: int = 0, unit: str = "run") -> Any:
    """A tqdm bar over ``total`` steps: in place on a terminal; as lines every :data:`LINE_SECONDS` when piped."""
    if not enabled or not piped():
        return tqdm(total=total, initial=initial, disable=not enabled, unit=unit, desc=desc, leave=False)
    return tqdm(
        total=total,
        initial=initial,
        unit=unit,
        desc=desc,
        file=_Lines(sys.stderr),
        mininterval=LINE_SECONDS,
        delay=LINE_SECONDS,
        bar_format="{desc}: {percentage:3.0f}% {n_fmt}/{total_fmt} [{elapsed}<{remaining}, {rate_fmt}]",
    )
