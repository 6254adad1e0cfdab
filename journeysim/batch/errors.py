"""The one error type of the batch layer."""

from __future__ import annotations

from journeysim.scenario import ScenarioError


class BatchInputError(ScenarioError):
    """Bad input to the batch layer: an experiment file, an executor address, a results folder.

    A subclass of :class:`~journeysim.scenario.ScenarioError`, so the command
    line reports it as one line with exit status 2, like a bad scenario.
    """
