"""What every command group shares: the CLI's own input error, the parser class and common options."""

from __future__ import annotations

import argparse
import importlib.util
import sys
from pathlib import Path
from typing import Any

from journeysim.errors import InputError


class UsageError(InputError):
    """Bad input from the user on the command line: printed as one line, exit status 2."""


class Parser(argparse.ArgumentParser):
    """An argument parser whose own errors exit with status 2 and a usage hint."""

    def error(self, message: str) -> None:  # argparse's own errors: exit 2 with a hint
        """Print the usage and the error, and exit with status 2."""
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: error: {message}\n")


def out_dir(path: str) -> Path:
    """``--out`` as a folder (it may not exist yet; it may not be a file)."""
    out = Path(path)
    if out.exists() and not out.is_dir():
        raise UsageError(f"--out {path}: exists and is not a folder")
    return out


def progress(args: argparse.Namespace) -> bool:
    """Show a progress bar: unless ``--no-progress``, and only on a terminal."""
    return not args.no_progress and sys.stderr.isatty()


def add_executor_options(p: argparse.ArgumentParser) -> None:
    """``--workers`` / ``--scheduler`` / ``--connect-timeout`` / ``--no-progress`` for commands that run many runs."""
    group = p.add_mutually_exclusive_group()
    group.add_argument(
        "--workers", type=int, metavar="K", help="local worker processes (default: one per CPU; 1 = in this process)"
    )
    group.add_argument("--scheduler", metavar="ADDRESS", help="run on a Dask cluster, e.g. tcp://head:8786")
    p.add_argument(
        "--connect-timeout", type=float, default=10.0, metavar="SECONDS", help="wait this long for the scheduler"
    )
    p.add_argument("--no-progress", action="store_true", help="no progress bar")


def check_report(path: str | None) -> Path | None:
    """Fail early (before any run) if a report cannot be written."""
    if path is None:
        return None
    target = Path(path)
    if target.suffix.lower() not in (".html", ".htm"):
        raise UsageError(f"--report {path}: the report is an HTML file; give a name ending in .html")
    if target.exists() and target.is_dir():
        raise UsageError(f"--report {path}: is a folder; give a file name ending in .html")
    if importlib.util.find_spec("journeysim.reports") is None:
        raise UsageError("--report needs journeysim.reports, which is not installed in this version")
    return target


def manifest(extra: dict[str, Any]) -> dict[str, Any]:
    """``extra`` with the provenance every manifest carries (one builder) and the time."""
    from journeysim.runs.manifest import build_manifest

    return build_manifest(extra, created=True)
