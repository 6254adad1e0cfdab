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
REPORTED = "reported"  # a prediction: a figure with its interval, no criterion
_RANK = {UNDEFINED: 0, FAILS: 1, INCONCLUSIVE: 2, HOLDS: 3}

VALIDATION = "validation pattern"  # the model could have failed it: it rests on a mechanism
CONSISTENCY = "consistency check"  # true by the model's own definitions: checks the code, not the world
PREDICTION = "prediction"  # beyond the study's evidence: reported with its interval, no verdict
KINDS = (VALIDATION, CONSISTENCY, PREDICTION)


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
            return f"{sign} {self.threshold:+g}"
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
class Beside:
    """A further figure reported beside a pattern's: a second criterion it must also meet, or a finding.

    Attributes:
        label: What the figure is, in words.
        measure: How it is measured.
        criterion: The threshold it must also clear (``None``: a finding, reported only).

    """

    label: str
    measure: Measure
    criterion: Criterion | None = None


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
        kind: :data:`VALIDATION`, :data:`CONSISTENCY` or :data:`PREDICTION` (no criterion).
        counterfactual: The matched worlds the figure is a contrast with (same services, seeds and
            replications, one event or feature removed), or why it has none.
        beside: Further figures: a second criterion, or a finding reported beside it.

    """

    id: str
    statement: str
    source: str
    metric: str
    measure: Measure
    criterion: Criterion | None
    replications: int = PUBLISHED_REPLICATIONS
    fragility: bool = False
    mechanism: str = ""
    kind: str = VALIDATION
    counterfactual: str = ""
    beside: tuple[Beside, ...] = ()

    @property
    def scenarios(self) -> tuple[str, ...]:
        """Scenario references the metric (and any figure beside it) reads."""
        refs = [*self.measure.scenarios, *(ref for b in self.beside for ref in b.measure.scenarios)]
        return tuple(dict.fromkeys(refs))

    @property
    def unit(self) -> str:
        """How the figure reads (see :class:`Criterion`)."""
        return self.criterion.unit if self.criterion is not None else "difference"

    def evaluate(self, runs: Runs, replications: int | None = None) -> tuple[Estimate, str]:
        """The estimate on ``runs`` and its verdict (the worst of its own and of any criterion beside it)."""
        reps = replications or self.replications
        est = self.measure(runs, reps)
        if self.criterion is None:
            return est, REPORTED
        verdicts = [self.criterion.verdict(est)]
        verdicts += [b.criterion.verdict(b.measure(runs, reps)) for b in self.beside if b.criterion is not None]
        return est, min(verdicts, key=_RANK.__getitem__)

    def besides(self, runs: Runs, replications: int | None = None) -> list[tuple[Beside, Estimate, str]]:
        """Each figure beside the pattern's, with its verdict (:data:`REPORTED` for a finding)."""
        reps = replications or self.replications
        out = []
        for b in self.beside:
            est = b.measure(runs, reps)
            out.append((b, est, b.criterion.verdict(est) if b.criterion is not None else REPORTED))
        return out
