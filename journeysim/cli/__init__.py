"""The ``journeysim`` command line: all argument parsing lives in this package.

:func:`main` is the console entry point. One module per command group:
:mod:`~journeysim.cli.run` (``run``, ``scenarios``, ``explain``, ``docs``),
:mod:`~journeysim.cli.batch` (``compare``, ``experiments``, ``sweep``, ``query``,
``sensitivity``), :mod:`~journeysim.cli.nation`, :mod:`~journeysim.cli.validation`
(``validate``, ``sensitivity-report``), :mod:`~journeysim.cli.calibrate` (``calibrate``,
``screen``) and :mod:`~journeysim.cli.dashboard`; shared options (parent parsers) in
:mod:`~journeysim.cli.options`. A command that runs the model parses its options, calls
:mod:`journeysim.api` and prints or writes what it returns.
"""

from journeysim.cli.main import build_parser, main
from journeysim.cli.options import UsageError

__all__ = ["UsageError", "build_parser", "main"]
