"""The one error type of the batch layer."""

from __future__ import annotations

from journeysim.errors import InputError


class BatchInputError(InputError):
    """Bad input to the batch layer: an experiment file, an executor address, a results folder.

    A :class:`~journeysim.errors.InputError` (and so a ``ValueError``), which the
    command line reports as one line with exit status 2, like any bad input.
    """
