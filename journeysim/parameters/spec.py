"""The parameter declaration type (declared in :mod:`journeysim.declare`; kept here for importers)."""

from __future__ import annotations

from journeysim.declare import POPULATION_GROUPS, A, Parameter

__all__ = ["POPULATION_GROUPS", "A", "Parameter"]
