"""The package's own errors: what library code raises for bad input.

Every layer raises a subclass of :class:`JourneysimError` (never a command-line
type). The command line turns any of them into one line on stderr and exit
status 2; Python callers catch them like any ``ValueError``.
"""

from __future__ import annotations


class JourneysimError(Exception):
    """Base of every error journeysim raises on purpose."""


class InputError(JourneysimError, ValueError):
    """Bad input: a file, a key, a value or an argument that is not allowed.

    The message names where the input came from, the key, the value given
    and what is allowed.
    """
