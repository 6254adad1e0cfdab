"""What a pattern is: its statement, source, metric, scenarios, criterion and mechanism, and its verdicts.

The patterns themselves are declared in :mod:`journeysim.validation.patterns`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from journeysim.validation.measures import Estimate, Measure
from journeysim.validation.published import PUBLISHED_REPLICATIONS
from journeysim.validation.runs import Runs

HOLDS, INCONCLUSIVE, FAILS, UNDEFINED = "holds", "inconclusive", "fails", "no data"


@dataclass(frozen=True)
class Criterion:
    """What the estimate must show: above (or below) a threshold fixed from the study's wording.

    Attributes:
        direction: ``"above"`` or ``"below"``.
        threshold: The threshold.
        unit: How the figure reads: ``share``, ``difference`` (of shares),
            ``relative`` (difference), ``levels`` (difference in level code) or ``months``.

    """

    direction: str
    threshold: float
    unit: str = "share"

    def describe(self) -> str:
        """The criterion in words, e.g. ``"> 0.5"`` or ``"> +10%"``."""
        sign = ">" if self.direction == "above" else "<"
        if self.unit == "relative":
            return f"{sign} +{self.threshold:.0%}"
        if self.unit in ("difference", "levels"):
            return f"{sign} +{self.threshold:g}"
        return f"{sign} {self.threshold:g}"

    def verdict(self, est: Estimate) -> str:
        """``holds``, ``inconclusive``, ``fails`` or ``no data`` (see the module docstring)."""
        if not est.defined:
            return UNDEFINED
        sign = 1.0 if self.direction == "above" else -1.0
        if sign * (est.value - self.threshold) <= 0:
            return FAILS
        near = est.low if sign > 0 else est.high
        if np.isfinite(near) and sign * (near - self.threshold) > 0:
            return HOLDS
        return INCONCLUSIVE


@dataclass(frozen=True)
class Pattern:
    """One pattern from the study, with the metric and scenarios that test it.

    Attributes:
        id: Short identifier, ``P<number><letter>`` (the number is the study pattern).
        statement: The pattern in our own words.
        source: Where the study reports it (seed file and section).
        metric: What is measured, in words (with the unit).
        measure: The metric: the scenarios it reads (their first ``replications`` runs) and its estimate.
        criterion: The threshold the estimate must clear.
        replications: Runs per scenario for the published figure.
        fragility: Whether it is one of the key fragility patterns.
        mechanism: Which mechanism of the model produces it, in words (its knock-outs
            are in :data:`journeysim.validation.knockouts.KNOCKOUTS`).

    """

    id: str
    statement: str
    source: str
    metric: str
    measure: Measure
    criterion: Criterion
    replications: int = PUBLISHED_REPLICATIONS
    fragility: bool = False
    mechanism: str = ""

    @property
    def scenarios(self) -> tuple[str, ...]:
        """Scenario references the metric reads."""
        return self.measure.scenarios

    def evaluate(self, runs: Runs, replications: int | None = None) -> tuple[Estimate, str]:
        """The estimate on ``runs`` and its verdict."""
        est = self.measure(runs, replications or self.replications)
        return est, self.criterion.verdict(est)
