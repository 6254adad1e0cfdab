"""The ``journeysim`` command line: all argument parsing lives in this package.

:func:`main` is the console entry point; each command group registers its commands from its own module, and shared
options come from :mod:`~journeysim.cli.options`. A command that runs the model parses its options, calls
:mod:`journeysim.api` and prints or writes what it returns.
"""

from journeysim.cli.main import build_parser, main
from journeysim.cli.options import UsageError

__all__ = ["UsageError", "build_parser", "main"]
