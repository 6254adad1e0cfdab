"""What every command group shares: the command registration, one parent parser per shared group of options, checks.

The checks themselves live in :mod:`journeysim.api.inputs` (one set for Python and the
command line); this module only reads them off the parsed options. It imports nothing
heavy, so building the parser (``journeysim --help``) stays quick.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from collections.abc import Callable, Mapping
from concurrent.futures import Executor
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any

from journeysim.api.inputs import OPTIONS, YEARS, UsageError, as_options, named, number, option
from journeysim.values import ValueSpec

__all__ = ["OPTIONS", "UsageError", "check_options", "command", "option", "sets"]


def _shared() -> dict[str, argparse.ArgumentParser]:
    """One parent parser per group of options several commands share (argparse ``parents=``)."""
    shared = {name: argparse.ArgumentParser(add_help=False) for name in PARENTS}
    shared["json"].add_argument("--json", action="store_true", help="print the result as JSON instead of text")
    shared["compact"].add_argument("--compact", action="store_true", help="with --json, print it on one line")
    scenario = shared["scenario"]
    scenario.add_argument("--seed", type=int, default=0, help="root seed (default 0)")
    scenario.add_argument("--years", type=int, help=f"override the scenario's length ({YEARS.low}-{YEARS.high})")
    scenario.add_argument(
        "--set", action="append", metavar="KEY=VALUE", help="override a declared parameter (repeatable)"
    )
    shared["study_seed"].add_argument(
        "--seed", type=int, default=2024, help="root seed (default 2024, the published studies' seed)"
    )
    shared["format"].add_argument(
        "--format", choices=("parquet", "csv"), default="parquet", help="table format of --out (default parquet)"
    )
    shared["posterior"].add_argument(
        "--posterior",
        metavar="DIR|default",
        help="draw calibrated parameters from this posterior folder (written by 'journeysim calibrate'), or 'default' "
        "for the calibration that ships with journeysim: one particle "
        "per replication, the one replication 0 of a comparison with this seed draws for a single run or a population; "
        "what the scenario or --set sets stays as set",
    )
    executor = shared["executor"]
    group = executor.add_mutually_exclusive_group()
    group.add_argument(
        "--workers", type=int, metavar="K", help="local worker processes (default: one per CPU; 1 = in this process)"
    )
    group.add_argument("--scheduler", metavar="ADDRESS", help="run on a Dask cluster, e.g. tcp://head:8786")
    executor.add_argument(
        "--connect-timeout", type=float, default=10.0, metavar="SECONDS", help="wait this long for the scheduler"
    )
    executor.add_argument("--no-progress", action="store_true", help="no progress bar")
    return shared


PARENTS = ("json", "compact", "scenario", "study_seed", "format", "posterior", "executor")
"""The shared groups: ``study_seed`` is the studies' ``--seed`` (2024); ``executor`` is ``--workers`` /
``--scheduler`` / ``--connect-timeout`` / ``--no-progress`` for commands that run many runs."""
_PARENTS = _shared()


def command(sub: argparse._SubParsersAction, func: Callable, help: str, *shared: str) -> argparse.ArgumentParser:
    """Register ``func`` (``cmd_NAME``) as the command NAME, with the ``shared`` options (:data:`PARENTS`).

    The command's ``--help`` describes it with the body of the docstring of ``func`` (its summary line if it has
    none); argparse joins the lines.
    """
    name = func.__name__.removeprefix("cmd_").replace("_", "-")
    summary, _, body = (func.__doc__ or "").partition("\n\n")
    parser = sub.add_parser(name, parents=[_PARENTS[s] for s in shared], help=help, description=body or summary)
    parser.set_defaults(func=func)
    return parser


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


def folder(path: str, option: str) -> Path:
    """A folder option's path, refused if it names a file."""
    if Path(path).exists() and not Path(path).is_dir():
        raise UsageError(f"{option} {path}: exists and is not a folder")
    return Path(path)


def progress(args: argparse.Namespace) -> bool:
    """Show progress on stderr unless ``--no-progress``: a bar on a terminal, a line every few seconds when piped."""
    return not args.no_progress


def progress_lines(args: argparse.Namespace) -> Callable[[str], None] | None:
    """Where a long command reports one line per step (stderr), or ``None`` with ``--no-progress``."""
    if args.no_progress:
        return None
    return lambda line: print(line, file=sys.stderr, flush=True)


def executor_options(args: argparse.Namespace) -> dict[str, Any]:
    """The API's ``workers``, ``scheduler``, ``connect_timeout`` and ``progress``, as the executor options give them."""
    keys = ("workers", "scheduler", "connect_timeout")
    return {key: getattr(args, key) for key in keys} | {"progress": progress(args)}


def executor_of(args: argparse.Namespace) -> AbstractContextManager[Executor]:
    """The executor ``--workers`` / ``--scheduler`` / ``--connect-timeout`` name (shut down on exit)."""
    from journeysim.batch.executors import make_executor

    return make_executor(workers=args.workers, scheduler=args.scheduler, timeout=args.connect_timeout)


def study_done(
    args: argparse.Namespace, data: dict, lines: list[str], written: list, started: float, indent: int | None = 2
) -> None:
    """A study's end: ``data`` as JSON (with ``written`` and ``seconds``), or ``lines``, what was written, the time."""
    seconds = time.perf_counter() - started
    if args.json:
        print(json.dumps({**data, "written": [str(p) for p in written], "seconds": round(seconds, 1)}, indent=indent))
        return
    print("\n".join([*lines, *(f"wrote {path}" for path in written), f"({seconds:.0f} s)"]))


def check_report(path: str | None) -> Path | None:
    """Fail early (before any run) if a report cannot be written."""
    if path is None:
        return None
    target = Path(path)
    if target.suffix.lower() not in (".html", ".htm"):
        raise UsageError(f"--report {path}: the report is an HTML file; give a name ending in .html")
    if target.exists() and target.is_dir():
        raise UsageError(f"--report {path}: is a folder; give a file name ending in .html")
    return target
