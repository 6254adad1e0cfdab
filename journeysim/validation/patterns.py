"""The study's patterns, each a declared check the model must pass (pattern-oriented modelling).

Every :class:`Pattern` states, in our own words, something the ASPIRE study
reports; cites where; names the scenarios that test it (shipped scenarios and
strategy overlays, which differ only in what the study says differs between
services); and measures it on replicated runs with a 95% confidence interval.
A :class:`Criterion` turns the estimate into a verdict:

* ``holds``: the whole interval lies on the pattern's side of the threshold;
* ``inconclusive``: the estimate does, but the interval reaches the threshold;
* ``fails``: the estimate does not.

Thresholds are fixed from the study's wording, never tuned to what the
model gives: "usually" and "most" mean more than half; "takes years" means
at least two years; "does better" means a difference the study could have
seen, which we take as ten percentage points for a probability (four of the
study's forty services), a quarter of a level on the 0-3 embeddedness scale,
or ten per cent more people reached.

How each pattern is measured is in :mod:`journeysim.validation.measures`; the
knock-outs that switch one mechanism off to show which patterns rest on it are
in :mod:`journeysim.validation.knockouts`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from journeysim.validation.measures import (
    Measure,
    difference,
    embedded_among_running,
    fewer_stop_after_departure,
    has_implementer_at_year_10,
    median_months_to_embedded,
    relative_difference,
    running_share,
    share_with_pivots_both_ways,
    stops_after_departure,
    troughs_on_the_way,
    uptake_difference,
    within_difference,
)
from journeysim.validation.metrics import Estimate
from journeysim.validation.runs import Runs

HOLDS, INCONCLUSIVE, FAILS, UNDEFINED = "holds", "inconclusive", "fails", "no data"

# Scenario references (shipped scenarios, with strategy overlays after '+').
LONE = "lone_champion"
LONE_LEAVES = "lone_champion+champion_leaves_year5"
SUCCESSION_LEAVES = "lone_champion_succession+champion_leaves_year5"
TRAINING_LEAVES = "lone_champion+training_investment+champion_leaves_year5"
SEVERAL = "several_implementers"
SEVERAL_LEAVES = "several_implementers+champion_leaves_year5"
TOP_DOWN = "lone_champion+top_down_investment"
MISALIGNED = "misaligned_managers"
ALIGNED = "aligned_managers"
HOSTILE = "hostile_context"
FAVOURABLE = "favourable_context"
HOSTILE_SEVERAL = "hostile_context+several_implementers"
FAVOURABLE_SEVERAL = "favourable_context+several_implementers"
SCOTLAND = "top_down_scotland"


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
        scenarios: Scenario references the metric reads (their first ``replications`` runs).
        measure: ``measure(runs, replications) -> Estimate``.
        criterion: The threshold the estimate must clear.
        replications: Runs per scenario for the published figure.
        fragility: Whether it is one of the key fragility patterns.

    """

    id: str
    statement: str
    source: str
    metric: str
    scenarios: tuple[str, ...]
    measure: Measure
    criterion: Criterion
    replications: int = 400
    fragility: bool = False

    def evaluate(self, runs: Runs, replications: int | None = None) -> tuple[Estimate, str]:
        """The estimate on ``runs`` and its verdict."""
        est = self.measure(runs, replications or self.replications)
        return est, self.criterion.verdict(est)


# ------------------------------------------------------------ the patterns
S_CONTEXT = "001 §Context"
S_IMPL = "001 §MBCT implementers; §The implementation journey"
S_TDBU = "001 §Top-down and bottom-up"
S_TRAIN = "001 §Training and supervision; §Discussion"
S_PIVOT = "001 §Pivot points; §The implementation journey"
MORE_LIKELY = Criterion("above", 0.1, "difference")  # ten percentage points
HIGHER_LEVEL = Criterion("above", 0.25, "levels")  # a quarter of a level
MORE_PEOPLE = Criterion("above", 0.1, "relative")  # ten per cent

PATTERNS: tuple[Pattern, ...] = (
    Pattern(
        "P1a",
        "A service that rests on one champion usually stops within a few years of that champion leaving.",
        "001 §Context ('the service would die with me'); §Discussion; 003 theme 4",
        "share of services running when the champion left (forced at month 48) that stopped within 36 months",
        (LONE_LEAVES,),
        stops_after_departure(LONE_LEAVES),
        Criterion("above", 0.5),
        fragility=True,
    ),
    Pattern(
        "P1b",
        "The same holds when the champion leaves for ordinary reasons (turnover, burnout, retirement).",
        "001 §Context; §Discussion (over-extended champions burn out and leave)",
        "as P1a, for the first natural departure, among departures with 36 months of follow-up",
        (LONE,),
        stops_after_departure(LONE),
        Criterion("above", 0.5),
        fragility=True,
    ),
    Pattern(
        "P2a",
        "Several implementers at different levels sustain a service better than one champion.",
        "001 §The implementation journey; §Discussion; 003 theme 1",
        "paired difference in P(running at year 10), several minus one",
        (LONE, SEVERAL),
        difference("running_at_year_10", LONE, SEVERAL),
        MORE_LIKELY,
        fragility=True,
    ),
    Pattern(
        "P2b",
        "Several implementers at different levels embed a service more often than one champion.",
        S_IMPL,
        "paired difference in P(embedded at year 10), several minus one",
        (LONE, SEVERAL),
        difference("embedded_at_year_10", LONE, SEVERAL),
        MORE_LIKELY,
    ),
    Pattern(
        "P2c",
        "A service with several implementers survives the lead champion's departure more often.",
        "001 §Discussion (champions as opportunity and risk); 003 theme 4",
        "P(stopped within 36 months of the departure): one champion minus several",
        (LONE_LEAVES, SEVERAL_LEAVES),
        fewer_stop_after_departure(LONE_LEAVES, SEVERAL_LEAVES),
        MORE_LIKELY,
        fragility=True,
    ),
    Pattern(
        "P3a",
        "Bottom-up effort alone reaches a ceiling: most such services still running at year 10 are fragile or patchy.",
        S_TDBU + " (without top-down support, limited and fragile)",
        "share embedded at year 10 among bottom-up services running at year 10",
        (LONE,),
        embedded_among_running(LONE),
        Criterion("below", 0.5),
    ),
    Pattern(
        "P3b",
        "Top-down support and investment added to the same bottom-up effort is what embeds a service.",
        S_TDBU + " (embedding needs top-down support and investment)",
        "paired difference in P(embedded at year 10), with top-down investment minus without",
        (LONE, TOP_DOWN),
        difference("embedded_at_year_10", LONE, TOP_DOWN),
        MORE_LIKELY,
    ),
    Pattern(
        "P4a",
        "Where middle managers do not share senior leaders' support, training gets frozen.",
        S_CONTEXT + " (misalignment between middle and senior managers; training frozen)",
        "paired difference in P(training frozen at some point in years 1-10), misaligned minus aligned",
        (ALIGNED, MISALIGNED),
        difference("frozen_by_year_10", ALIGNED, MISALIGNED),
        MORE_LIKELY,
    ),
    Pattern(
        "P4b",
        "Misalignment between middle and senior managers holds the service back.",
        S_CONTEXT + "; " + S_TDBU + " (middle management as the hinge)",
        "relative difference in mean people reached over 20 years, aligned over misaligned, minus 1",
        (MISALIGNED, ALIGNED),
        relative_difference("participants_total", MISALIGNED, ALIGNED),
        MORE_PEOPLE,
    ),
    Pattern(
        "P5a",
        "Investment in training and supervision buys sustainability: the service outlives its champion.",
        S_TRAIN + " (investment created capacity for expansion and succession)",
        "paired difference in P(running at year 10) after the champion left in year 5, with minus without investment",
        (LONE_LEAVES, TRAINING_LEAVES),
        difference("running_at_year_10", LONE_LEAVES, TRAINING_LEAVES),
        MORE_LIKELY,
        fragility=True,
    ),
    Pattern(
        "P5b",
        "Investment in training and supervision buys succession: new implementers take over.",
        S_TRAIN + "; 004 'Building a team to deliver'",
        "paired difference in P(an implementer in post at year 10) after the champion left, with minus without",
        (LONE_LEAVES, TRAINING_LEAVES),
        difference(has_implementer_at_year_10, LONE_LEAVES, TRAINING_LEAVES),
        MORE_LIKELY,
    ),
    Pattern(
        "P5c",
        "Planning succession protects a service from its champion's departure.",
        "001 §The implementation journey (active succession planning); 004 'Building a team to deliver'",
        "P(stopped within 36 months of the departure): without minus with succession planning",
        (LONE_LEAVES, SUCCESSION_LEAVES),
        fewer_stop_after_departure(LONE_LEAVES, SUCCESSION_LEAVES),
        MORE_LIKELY,
        fragility=True,
    ),
    Pattern(
        "P6a",
        "Journeys to an embedded service take years.",
        S_PIVOT + " (often over many years)",
        "median months from the start to first reaching embedded, among journeys that get there",
        (SEVERAL,),
        median_months_to_embedded(SEVERAL),
        Criterion("above", 24.0, "months"),
    ),
    Pattern(
        "P6b",
        "Journeys have both upward and downward pivot points.",
        S_PIVOT,
        "share of journeys with at least one upward and one downward pivot point",
        (SEVERAL,),
        share_with_pivots_both_ways(SEVERAL),
        Criterion("above", 0.5),
    ),
    Pattern(
        "P6c",
        "Journeys that reach embedded have troughs as well as peaks on the way.",
        S_PIVOT + " (peaks and troughs)",
        "share of journeys reaching embedded that also fell back a level at least once",
        (SEVERAL,),
        troughs_on_the_way(SEVERAL),
        Criterion("above", 0.5),
    ),
    Pattern(
        "P7a",
        "The same lone champion achieves less in a hostile context than in a favourable one.",
        S_PIVOT + " (success a function of effort and context); " + S_CONTEXT,
        "paired difference in mean level at year 10 (0 absent ... 3 embedded), favourable minus hostile",
        (HOSTILE, FAVOURABLE),
        difference("level_code_at_year_10", HOSTILE, FAVOURABLE),
        HIGHER_LEVEL,
    ),
    Pattern(
        "P7b",
        "The same greater effort (several implementers) also achieves less in a hostile context.",
        S_PIVOT + " (success a function of effort and context)",
        "as P7a, with several implementers in both contexts",
        (HOSTILE_SEVERAL, FAVOURABLE_SEVERAL),
        difference("level_code_at_year_10", HOSTILE_SEVERAL, FAVOURABLE_SEVERAL),
        HIGHER_LEVEL,
    ),
    Pattern(
        "P7c",
        "In the same hostile context, more implementer effort achieves more.",
        S_PIVOT + " (effort correlated with degree of success)",
        "paired difference in mean level at year 10 in a hostile context, several implementers minus one",
        (HOSTILE, HOSTILE_SEVERAL),
        difference("level_code_at_year_10", HOSTILE, HOSTILE_SEVERAL),
        HIGHER_LEVEL,
    ),
    Pattern(
        "P8a",
        "A national top-down training programme with little local championing spreads provision widely at first.",
        S_TDBU + " (Scotland's nation-wide training programme)",
        "share of services running at year 10 (2020) under the programme, none with a champion at the start",
        (SCOTLAND,),
        running_share(SCOTLAND, "running_at_year_10"),
        Criterion("above", 0.5),
    ),
    Pattern(
        "P8b",
        "As its funding shrinks, that provision erodes.",
        S_TDBU + " (limited funding, reduced over time)",
        "paired difference in P(running), year 10 minus year 20, same services",
        (SCOTLAND,),
        within_difference(SCOTLAND, "running_at_year_10", "running_at_year_20"),
        MORE_LIKELY,
    ),
    Pattern(
        "P8c",
        "It erodes where no local implementers take it up, and lasts where they do.",
        S_TDBU + "; 003 theme 4 (top-down needs bottom-up too)",
        "P(running at year 20): services where a local implementer emerged minus those where none did",
        (SCOTLAND,),
        uptake_difference(SCOTLAND, "running_at_year_20"),
        MORE_LIKELY,
    ),
)


def pattern(pattern_id: str) -> Pattern:
    """The pattern with this id."""
    for p in PATTERNS:
        if p.id == pattern_id:
            return p
    raise KeyError(f"no pattern {pattern_id!r}; patterns: {', '.join(p.id for p in PATTERNS)}")


def scenarios_of(patterns: tuple[Pattern, ...] | list[Pattern]) -> list[str]:
    """Every scenario reference the patterns read, once each, in order."""
    return list(dict.fromkeys(ref for p in patterns for ref in p.scenarios))
