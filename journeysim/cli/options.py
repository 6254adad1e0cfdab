"""What every command group shares: the CLI's own input error, the parser class and common options."""

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

from journeysim.errors import InputError
from journeysim.values import ValueSpec

MAX_SEED = 2**63 - 1
"""Largest seed: seeds are stored as 64-bit signed integers in results and manifests."""


def option(name: str, kind: str, low: float, high: float, description: str) -> ValueSpec:
    """A numeric option's declared range (``kind``: ``int`` or ``float``); its default lives in its argparse call."""
    return ValueSpec(name, None, low=low, high=high, description=description, group="option", declared_kind=kind)


OPTIONS: dict[str, ValueSpec] = {
    spec.name: spec
    for spec in (
        option("seed", "int", 0, MAX_SEED, "random seed"),
        option("replications", "int", 1, 1_000_000, "runs per scenario or design point"),
        option("knockout_replications", "int", 1, 1_000_000, "runs per scenario for knock-outs"),
        option("bootstrap", "int", 100, 100_000, "bootstrap resamples"),
        option("resamples", "int", 1, 100_000, "bootstrap resamples for the intervals"),
        option("workers", "int", 1, 1024, "local worker processes"),
        option("connect_timeout", "float", 0.001, 86_400.0, "seconds to wait for the scheduler"),
        option("max_rows", "int", 0, 1_000_000_000, "rows shown in the table"),
        option("morris_trajectories", "int", 2, 100_000, "Morris trajectories"),
        option("morris_replications", "int", 1, 1_000_000, "runs per Morris design point"),
        option("sobol_samples", "int", 1, 2**20, "Sobol base sample"),
        option("sobol_replications", "int", 1, 1_000_000, "runs per Sobol design point"),
        option("sobol_factors", "int", 1, 1000, "factors kept for Sobol"),
        option("port", "int", 1, 65535, "port to listen on"),
    )
}
"""Every numeric option's declared range, keyed by its argparse ``dest``: checked by :func:`check_options`."""


def check_options(args: argparse.Namespace, ranges: Mapping[str, ValueSpec] = OPTIONS) -> None:
    """Check every numeric option given against its declared range (a :class:`UsageError` naming option and value).

    Run once, after parsing and before any command starts: a value out of range (``--seed -1``,
    ``--workers 99999999999999999999``, ``--connect-timeout nan``) never reaches the code that would use it.
    ``ranges`` defaults to :data:`OPTIONS`; an option given several values (``nargs``) has each checked.
    """
    from journeysim.scenario import check_spec, shown

    for dest, spec in ranges.items():
        given = getattr(args, dest, None)
        for value in given if isinstance(given, list) else [given]:
            if value is None:
                continue
            try:
                check_spec(spec, value)
            except ValueError:
                flag = "--" + dest.replace("_", "-")
                if spec.kind == "int":
                    allowed = f"a whole number from {spec.low:,} to {spec.high:,}"
                else:
                    allowed = f"a number from {spec.low:g} to {spec.high:,g}"
                raise UsageError(f"{flag} {shown(value)}: must be {allowed} ({spec.description})") from None


class UsageError(InputError):
    """Bad input from the user on the command line: printed as one line, exit status 2."""


class Parser(argparse.ArgumentParser):
    """An argument parser whose own errors exit with status 2 and a usage hint."""

    def error(self, message: str) -> None:  # argparse's own errors: exit 2 with a hint
        """Print the usage and the error, and exit with status 2."""
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: error: {message}\n")


def out_dir(path: str, option: str = "--out") -> Path:
    """``--out`` as a folder that can be written (it may not exist yet; it may not be a file).

    Checked before any run: the nearest existing folder on the way must accept a new folder (a trial folder
    is made there and removed), so an unwritable place fails now, not after the runs.
    """
    from journeysim.scenario import shown

    try:
        out = Path(path)
        if out.exists() and not out.is_dir():
            raise UsageError(f"{option} {shown(path)}: exists and is not a folder")
        parent = out.absolute().parent
        while not parent.exists() and parent != parent.parent:
            parent = parent.parent
        if not parent.is_dir():
            raise UsageError(f"{option} {shown(path)}: {parent} is a file, not a folder")
        os.rmdir(tempfile.mkdtemp(prefix=".journeysim-check-", dir=parent))
    except (OSError, ValueError) as exc:
        reason = getattr(exc, "strerror", None) or str(exc)
        raise UsageError(f"{option} {shown(path)}: cannot be written ({reason})") from None
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


def add_posterior_option(p: argparse.ArgumentParser, what: str = "per replication") -> None:
    """``--posterior DIR``: draw calibrated parameters from a posterior folder (``journeysim calibrate --out``)."""
    p.add_argument(
        "--posterior",
        metavar="DIR",
        help=f"draw one calibrated parameter set {what} from this posterior folder (written by "
        "'journeysim calibrate'); what the scenario or --set sets stays as set",
    )


def read_posterior(args: argparse.Namespace, uncertain: bool = False, conflict: str = "--uncertain") -> Any:
    """The ``--posterior`` folder read and checked (``None`` if not given); a warning if made by other code.

    Raises:
        UsageError: with ``--uncertain`` (``conflict`` names it: an experiment's ``uncertain = true``).
        InputError: for a folder that cannot be used (naming the file, column, value and what is allowed).

    """
    folder = getattr(args, "posterior", None)
    if folder is None:
        return None
    if uncertain:
        raise UsageError(
            f"--posterior cannot be used with {conflict}: draw from a calibrated posterior or from the "
            "declared ranges, not both"
        )
    from journeysim.batch.posterior import load_posterior, posterior_warning

    posterior = load_posterior(folder)
    warning = posterior_warning(posterior)
    if warning:
        print(f"journeysim: warning: {warning}", file=sys.stderr)
    return posterior


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
