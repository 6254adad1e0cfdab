"""What every command group shares: the parser class, one parent parser per shared group of options, and checks.

The checks themselves live in :mod:`journeysim.api.inputs` (one set for Python and the
command line); this module only reads them off the parsed options. It imports nothing
heavy, so building the parser (``journeysim --help``) stays quick.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import sys
import tempfile
from collections.abc import Callable, Mapping
from concurrent.futures import Executor
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any

from journeysim.api.inputs import OPTIONS, UsageError, as_options, named, number, option
from journeysim.values import ValueSpec

__all__ = ["OPTIONS", "UsageError", "check_options", "option", "parents", "sets"]


class Parser(argparse.ArgumentParser):
    """An argument parser whose own errors exit with status 2 and a usage hint."""

    def error(self, message: str) -> None:  # argparse's own errors: exit 2 with a hint
        """Print the usage and the error, and exit with status 2."""
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: error: {message}\n")


def _parent(*arguments: tuple[tuple[str, ...], dict[str, Any]]) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(add_help=False)
    for flags, settings in arguments:
        parser.add_argument(*flags, **settings)
    return parser


def _executor_parent() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(add_help=False)
    group = parser.add_mutually_exclusive_group()
    group.add_argument(
        "--workers", type=int, metavar="K", help="local worker processes (default: one per CPU; 1 = in this process)"
    )
    group.add_argument("--scheduler", metavar="ADDRESS", help="run on a Dask cluster, e.g. tcp://head:8786")
    parser.add_argument(
        "--connect-timeout", type=float, default=10.0, metavar="SECONDS", help="wait this long for the scheduler"
    )
    parser.add_argument("--no-progress", action="store_true", help="no progress bar")
    return parser


JSON = _parent((("--json",), {"action": "store_true", "help": "print the result as JSON instead of text"}))
COMPACT = _parent((("--compact",), {"action": "store_true", "help": "with --json, print it on one line"}))
SCENARIO = _parent(
    (("--seed",), {"type": int, "default": 0, "help": "root seed (default 0)"}),
    (("--years",), {"type": int, "help": "override the scenario's length (10-30)"}),
    (("--set",), {"action": "append", "metavar": "KEY=VALUE", "help": "override a declared parameter (repeatable)"}),
)
STUDY_SEED = _parent(
    (("--seed",), {"type": int, "default": 2024, "help": "root seed (default 2024, the published studies' seed)"})
)
FORMAT = _parent(
    (
        ("--format",),
        {"choices": ("parquet", "csv"), "default": "parquet", "help": "table format of --out (default parquet)"},
    )
)
POSTERIOR = _parent(
    (
        ("--posterior",),
        {
            "metavar": "DIR",
            "help": "draw calibrated parameters from this posterior folder (written by 'journeysim calibrate'): "
            "one particle per replication, the one replication 0 of a comparison with this seed draws for a single "
            "run or a population; what the scenario or --set sets stays as set",
        },
    )
)
EXECUTOR = _executor_parent()
"""``--workers`` / ``--scheduler`` / ``--connect-timeout`` / ``--no-progress`` for commands that run many runs."""


def parents(*names: str) -> list[argparse.ArgumentParser]:
    """The parent parsers named (``"json"``, ``"compact"``, ``"scenario"``, ``"format"``, ``"posterior"``...).

    ``study_seed`` is the ``--seed`` of the studies (validation, sensitivity, calibration, screen), 2024.
    """
    table = {"json": JSON, "compact": COMPACT, "scenario": SCENARIO, "format": FORMAT, "posterior": POSTERIOR}
    table |= {"study_seed": STUDY_SEED}
    return [{**table, "executor": EXECUTOR}[name] for name in names]


def check_options(args: argparse.Namespace, ranges: Mapping[str, ValueSpec] = OPTIONS) -> None:
    """Check every numeric option given against its declared range (``ranges``, default :data:`OPTIONS`).

    Run before any command starts: a value out of range (``--seed -1``, ``--workers 99999999999999999999``,
    ``--connect-timeout nan``) never reaches the code that would use it; an option given several values has
    each checked.
    """
    with as_options():  # messages name the options
        for dest, spec in ranges.items():
            given = getattr(args, dest, None)
            for value in given if isinstance(given, list) else [given]:
                number(dest, value, spec)


def sets(args: argparse.Namespace) -> dict[str, Any]:
    """The ``--set KEY=VALUE`` overrides as a mapping (each value read as TOML would read it)."""
    from journeysim.api.inputs import plain
    from journeysim.library import parse_sets
    from journeysim.scenario import ScenarioError

    try:
        return parse_sets(getattr(args, "set", None))
    except ScenarioError as exc:
        raise UsageError(plain(str(exc))) from None


def out_dir(path: str, option: str = "--out") -> Path:
    """``--out`` as a folder that can be written (it may not exist yet; it may not be a file).

    Checked before any run: the nearest existing folder on the way must accept a new folder (a trial folder
    is made there and removed), so an unwritable place fails now, not after the runs.
    """

    def refuse(problem: str) -> UsageError:
        return UsageError(f"{named(option.lstrip('-'), path)}: {problem}")

    try:
        out = Path(path)
        if out.exists() and not out.is_dir():
            raise refuse("exists and is not a folder")
        parent = out.absolute().parent
        while not parent.exists() and parent != parent.parent:
            parent = parent.parent
        if not parent.is_dir():
            raise refuse(f"{parent} is a file, not a folder")
        os.rmdir(tempfile.mkdtemp(prefix=".journeysim-check-", dir=parent))
    except UsageError:
        raise
    except (OSError, ValueError) as exc:
        reason = getattr(exc, "strerror", None) or str(exc)
        raise refuse(f"cannot be written ({reason})") from None
    return out


def claimed(path: str | None, kind: str) -> Path | None:
    """``--out`` checked and claimed for a results folder of ``kind`` before any run (``None`` if not given)."""
    if path is None:
        return None
    from journeysim.batch.folders import claim

    out = out_dir(path)
    claim(out, kind, kind)  # refused now: a file, a folder of another kind, or a comparison already there
    return out


def progress(args: argparse.Namespace) -> bool:
    """Show a progress bar: unless ``--no-progress``, and only on a terminal."""
    return not args.no_progress and sys.stderr.isatty()


def progress_lines(args: argparse.Namespace) -> Callable[[str], None] | None:
    """Where a long command reports one line per step (stderr), or ``None`` with ``--no-progress``."""
    if args.no_progress:
        return None
    return lambda line: print(line, file=sys.stderr, flush=True)


def executor_of(args: argparse.Namespace) -> AbstractContextManager[Executor]:
    """The executor ``--workers`` / ``--scheduler`` / ``--connect-timeout`` name (shut down on exit)."""
    from journeysim.batch.executors import make_executor

    return make_executor(workers=args.workers, scheduler=args.scheduler, timeout=args.connect_timeout)


def read_posterior(args: argparse.Namespace) -> Any:
    """The ``--posterior`` folder read and checked (``None`` if not given); a warning if made by other code."""
    from journeysim.api.inputs import posterior_of

    with as_options():
        return posterior_of(getattr(args, "posterior", None))


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
