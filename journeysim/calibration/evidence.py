"""The study's patterns as calibration evidence, and the patterns held back to validate the calibration.

Pattern-oriented modelling uses qualitative patterns as data: together they can rule out parameter sets
that no single figure can (Grimm et al. 2005, Science 310:987; Wiegand et al. 2004, Oikos 104:209;
Hartig et al. 2011, Ecology Letters 14:816), provided the patterns used to fit are kept apart from those
used to validate. A targets file names both::

    [sporadic_goodwill_delivery]
    pattern = "P10a"                      # a validation pattern of docs/validation.md
    replications = 40                     # runs per scenario of the pattern, for each candidate
    uncertainty = {kind = "sd", value = 0.08, why = "..."}   # the criterion's softness, in the pattern's unit
    pins = "..."                          # the mechanism and parameters it constrains, in words

    [held_back]
    patterns = ["P1a", "P1b", ...]        # every other validation pattern: validation only
    why = "..."

A pattern's figure is its criterion's threshold and it is one-sided: an estimate on the pattern's side
of the threshold is no misfit, and one on the other side is a misfit measured in the stated softness
(which must cover the run-to-run noise of an estimate from ``replications`` runs). The split must be
whole: every validation pattern is either evidence or held back, never both, so the file states the
split before any calibration is run. Consistency checks and predictions are neither (they have no
verdict a calibration could use).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from journeysim.calibration.fields import bad, number, one_sided, sds, standardised, text
from journeysim.validation.pattern_types import VALIDATION
from journeysim.validation.patterns import PATTERNS

HELD_BACK = "held_back"
"""The table naming the patterns kept for validation only."""

REQUIRED = ("pattern", "replications", "uncertainty", "pins")
MAX_REPLICATIONS = 1600
"""At most the published figure's replications (docs/validation.md) for one candidate's estimate."""

VALIDATION_PATTERNS = {p.id: p for p in PATTERNS if p.kind == VALIDATION and p.criterion is not None}


@dataclass(frozen=True)
class PatternEvidence:
    """One validation pattern used as calibration evidence.

    Attributes:
        name: The table's name in the targets file.
        pattern: The pattern's id (``P10a``).
        figure: The criterion's threshold.
        sd: The softness: how far on the wrong side of the threshold counts as one standard deviation.
        bound: ``lower`` (the pattern wants the estimate above its threshold) or ``upper`` (below).
        replications: Runs per scenario for one candidate's estimate.
        uncertainty: The softness as written in the file.
        pins: Which mechanism and parameters it constrains, in words.

    """

    name: str
    pattern: str
    figure: float
    sd: float
    bound: str
    replications: int
    uncertainty: dict[str, Any]
    pins: str

    @property
    def sd_below(self) -> float:
        """The softness (the same on both sides)."""
        return self.sd

    @property
    def sd_above(self) -> float:
        """The softness (the same on both sides)."""
        return self.sd

    def error(self, value: float) -> float:
        """Estimate minus threshold, zero on the pattern's side; a missing estimate is infinitely far."""
        if not math.isfinite(value):
            return math.inf
        return one_sided(value - self.figure, self.bound)

    def standardised(self, value: float) -> float:
        """:meth:`error` in softnesses."""
        return standardised(self.error(value), self.sd, self.sd)


@dataclass(frozen=True)
class HeldBack:
    """The validation patterns kept out of the calibration, and why they were chosen."""

    patterns: tuple[str, ...]
    why: str


def pattern_evidence(path: str, name: str, table: dict[str, Any]) -> PatternEvidence:
    """One ``[name]`` table naming a pattern, read and checked."""
    for key in REQUIRED:
        if key not in table:
            raise bad(path, name, key, None, "is missing; a pattern used as evidence needs " + ", ".join(REQUIRED))
    unknown = sorted(set(table) - set(REQUIRED))
    if unknown:
        raise bad(path, name, unknown[0], table[unknown[0]], f"unknown key; allowed: {', '.join(REQUIRED)}")
    pid = table["pattern"]
    if pid not in VALIDATION_PATTERNS:
        allowed = "must be a validation pattern of docs/validation.md: " + ", ".join(VALIDATION_PATTERNS)
        raise bad(path, name, "pattern", pid, allowed)
    reps = table["replications"]
    if isinstance(reps, bool) or not isinstance(reps, int) or not 2 <= reps <= MAX_REPLICATIONS:
        raise bad(path, name, "replications", reps, f"must be a whole number from 2 to {MAX_REPLICATIONS}")
    criterion = VALIDATION_PATTERNS[pid].criterion
    assert criterion is not None  # VALIDATION_PATTERNS holds only patterns with a criterion
    below, _ = sds(path, name, criterion.threshold, table["uncertainty"], share=False)
    if table["uncertainty"].get("kind") != "sd":
        raise bad(path, name, "uncertainty.kind", table["uncertainty"]["kind"], 'a softness is {kind = "sd", ...}')
    return PatternEvidence(
        name=name,
        pattern=pid,
        figure=criterion.threshold,
        sd=number(path, name, "uncertainty.value", below),
        bound="lower" if criterion.direction == "above" else "upper",
        replications=reps,
        uncertainty=dict(table["uncertainty"]),
        pins=text(path, name, "pins", table["pins"]),
    )


def held_back(path: str, table: Any, evidence: tuple[PatternEvidence, ...]) -> HeldBack | None:
    """The ``[held_back]`` table, checked to complete the split; ``None`` if the file names no pattern at all."""
    if table is None:
        if evidence:
            raise bad(
                path, HELD_BACK, "(table)", None, "is missing: a file that fits patterns names the held-back ones"
            )
        return None
    if not isinstance(table, dict) or sorted(table) != ["patterns", "why"]:
        raise bad(path, HELD_BACK, "(table)", table, "must hold exactly: patterns = [...], why = '...'")
    names = table["patterns"]
    if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
        raise bad(path, HELD_BACK, "patterns", names, "must be a list of pattern ids")
    used = {e.pattern for e in evidence}
    for pid in names:
        if pid not in VALIDATION_PATTERNS:
            raise bad(path, HELD_BACK, "patterns", pid, "not a validation pattern: " + ", ".join(VALIDATION_PATTERNS))
        if pid in used:
            raise bad(path, HELD_BACK, "patterns", pid, "is also used as evidence: a pattern fits or validates")
    missing = [pid for pid in VALIDATION_PATTERNS if pid not in used and pid not in names]
    if missing:
        raise bad(path, HELD_BACK, "patterns", missing[0], "is neither evidence nor held back: the split must be whole")
    return HeldBack(tuple(names), text(path, HELD_BACK, "why", table["why"]))


def pattern_values(targets: Any, values: dict[str, Any], seed: int) -> dict[str, float]:
    """Each pattern's estimate at ``values`` (set in every scenario it reads).

    The scenarios of all the patterns are run once, with the most replications any of them asks for, and
    each pattern reads its own first ``replications``. Every scenario shares the seed, so a contrast is
    paired under common random numbers as in the validation; the seed is the candidate's, so a candidate's
    estimates are a function of its identity. Parameters that act only in a population of services change
    nothing here.
    """
    if not targets.patterns:
        return {}
    from journeysim.validation.runs import collect

    patterns = [(e, VALIDATION_PATTERNS[e.pattern]) for e in targets.patterns]
    refs = list(dict.fromkeys(ref for _, p in patterns for ref in p.scenarios))
    most = max(e.replications for e, _ in patterns)
    runs = collect(refs, most, seed=seed % 2**32, knockout=dict(values) or None)
    return {e.name: float(p.measure(runs, e.replications).value) for e, p in patterns}
