"""Knock-outs: one mechanism switched off, to show which of the study's patterns rest on it.

A :class:`Knockout` sets parameters outside their declared ranges (the model does
not re-validate them) and names the patterns expected to weaken or vanish.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Knockout:
    """A mechanism switched off, and the patterns expected to weaken or vanish without it.

    Attributes:
        id: Short identifier.
        mechanism: The mechanism removed, in words.
        parameters: Values that remove it (may lie outside the declared ranges).
        patterns: Ids of the patterns it should affect.
        expectation: What should happen to them.
        reading: What the model's code says about the result, for the report (optional).
        replications: Runs per scenario for the published figure.

    """

    id: str
    mechanism: str
    parameters: dict[str, Any]
    patterns: tuple[str, ...]
    expectation: str
    reading: str = ""
    replications: int = 200


DEPARTURES_OFF = {"staff_turnover_annual": 0.0, "burnout_hazard_factor": 1.0, "career_years_mean": 1000.0}

KNOCKOUTS: tuple[Knockout, ...] = (
    Knockout(
        "K1",
        "implementers never leave (no turnover, no burnout departures, no retirement)",
        DEPARTURES_OFF,
        ("P1b", "P2a"),
        "no natural departures to observe (P1b); several implementers no longer outlast one (P2a)",
    ),
    Knockout(
        "K2",
        "nothing is lost with the last implementer (no handover loss; orphaned teachers deliver fully)",
        {"handover_loss_alone": 0.0, "orphan_delivery_factor": 1.0},
        ("P1a", "P1b"),
        "fewer services stop after their champion leaves",
        "a lone champion is usually the service's only trained teacher, and with no implementer in post nobody"
        " arranges training (in `JourneyModel._train_teachers`, without a training pathway trainees come only"
        " from implementers' advocacy), so the teachers can go with the champion whatever is handed over",
    ),
    Knockout(
        "K3",
        "middle managers never freeze training",
        {"freeze_pressure": 2.0},
        ("P4a", "P4b"),
        "no freezes (P4a); misalignment costs fewer people reached (P4b)",
    ),
    Knockout(
        "K4",
        "no top-down investment and no commissioning (thresholds out of reach)",
        {"senior_priority_threshold": 2.0, "commissioning_threshold": 2.0},
        ("P3b", "P2b"),
        "nothing embeds, so neither top-down support nor several implementers can make the difference",
    ),
    Knockout(
        "K5",
        "no bonus for implementers at complementary levels",
        {"complementarity_bonus": 0.0},
        ("P2a", "P2b"),
        "shows how much of the several-implementers advantage is complementarity rather than numbers",
        "the bonus scales evidence, networks and fit; staying power comes from a shared load (less burnout) and"
        " from others remaining when one leaves",
    ),
    Knockout(
        "K6",
        "the national programme's funding does not shrink",
        {"national_programme_decay_annual": 0.0},
        ("P8b",),
        "provision no longer erodes after year 10",
    ),
)
