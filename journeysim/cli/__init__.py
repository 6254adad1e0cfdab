"""The ``journeysim`` command line: all argument parsing lives in this package.

:func:`main` is the console entry point. One module per command group:
:mod:`~journeysim.cli.run` (``run``, ``scenarios``, ``explain``, ``docs``),
:mod:`~journeysim.cli.batch` (``compare``, ``sweep``, ``query``, ``sensitivity``),
:mod:`~journeysim.cli.nation`, :mod:`~journeysim.cli.validation` (``validate``,
``sensitivity-report``) and :mod:`~journeysim.cli.dashboard`; shared options in
:mod:`~journeysim.cli.options`.
"""

from journeysim.cli.main import build_parser, main
from journeysim.cli.options import UsageError

__all__ = ["UsageError", "build_parser", "main"]
