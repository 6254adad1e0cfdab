"""Milestone years at which runs report outcomes: one declaration, and the rule that picks from it.

:data:`OUTCOME_YEARS` is declared once, in :mod:`journeysim.vocabulary` (so the population
layer below can use it without importing upwards); every run type reads it
from here. The rule:

* a population run reports every milestone (``share_embedded_at_year_N``...);
* a single service reports the milestones up to :data:`SERVICE_HORIZON_YEARS`,
  the default length of a single-service run (``level_at_year_N``...).

A milestone beyond the end of a run is reported as ``None``.
"""

from __future__ import annotations

from journeysim.vocabulary import OUTCOME_YEARS

SERVICE_HORIZON_YEARS = 20
SERVICE_OUTCOME_YEARS: tuple[int, ...] = tuple(y for y in OUTCOME_YEARS if y <= SERVICE_HORIZON_YEARS)
POPULATION_OUTCOME_YEARS: tuple[int, ...] = tuple(OUTCOME_YEARS)

__all__ = ["OUTCOME_YEARS", "POPULATION_OUTCOME_YEARS", "SERVICE_HORIZON_YEARS", "SERVICE_OUTCOME_YEARS"]
