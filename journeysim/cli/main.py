"""The ``journeysim`` command line: the parser, the dispatch, and exit statuses.

Each command group registers its commands from its own module
(``add_commands``); building the parser imports nothing heavy (no Mesa, pandas,
scipy, plotly or pyabc), so ``journeysim --help`` answers at once: each command
imports what it needs when it runs. Every failure that comes from the user's
input - any :class:`journeysim.errors.JourneysimError`, including
:class:`~journeysim.api.inputs.UsageError` - exits with status 2 and a one-line
message, never a traceback. Commands run inside
:func:`~journeysim.api.inputs.as_options`, so the API's checks name options.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from journeysim import __version__
from journeysim.api.inputs import as_options
from journeysim.cli import advise, batch, calibrate, dashboard, discover, nation, run, validation
from journeysim.cli.console import safe_streams
from journeysim.cli.options import check_options
from journeysim.errors import JourneysimError

COMMAND_GROUPS = (run, batch, advise, discover, nation, validation, calibrate, dashboard)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser for every command."""
    parser = argparse.ArgumentParser(
        prog="journeysim", description="Simulate how MBCT is implemented, embedded or lost in health services."
    )
    parser.add_argument("--version", action="version", version=f"journeysim {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for group in COMMAND_GROUPS:
        group.add_commands(sub)
    return parser


def escape_controls(text: str) -> str:
    r"""``text`` with terminal control characters (escape codes, bells...) shown as ``\x1b``, never obeyed."""
    return "".join(c if c == "\n" or not (ord(c) < 32 or 127 <= ord(c) < 160) else f"\\x{ord(c):02x}" for c in text)


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point: parse, dispatch, and turn input errors into exit status 2."""
    safe_streams()  # a narrow console encoding (cp1252) gets ASCII spellings, never a UnicodeEncodeError
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "command", None):
        parser.print_help()
        return 2
    try:
        with as_options():
            check_options(args)  # every numeric option against its declared range, before any command starts
            return int(args.func(args) or 0)
    except JourneysimError as exc:
        print(f"journeysim: error: {escape_controls(str(exc))}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("journeysim: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # output piped into head or less
        sys.stderr.close()
        return 0
