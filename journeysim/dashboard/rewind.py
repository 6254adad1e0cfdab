"""Interventions made on the page, and rebuilding a run from its seed with them.

The model is deterministic given its scenario, seed and interventions, so a run can be rebuilt from
its first month with an intervention placed at an earlier month (the month the page showed when the
button was pressed) and it is exactly the run the press would have made.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from journeysim.model.model import JourneyModel
from journeysim.scenario import Scenario

DEPARTURE = "champion_leaves"


@dataclass(frozen=True)
class UserIntervention:
    """An intervention the user made, and when."""

    month: int
    kind: str
    details: dict[str, Any] = field(default_factory=dict)


class NobodyInPost(ValueError):
    """Champion leaves, pressed at a month when nobody was in post (the session is unchanged)."""

    def __init__(self, month: int) -> None:
        super().__init__(f"nobody is in post to leave at month {month}")
        self.month = month


def scripted_departures(scenario: Scenario) -> list[int]:
    """Months at which ``scenario`` scripts a champion's departure."""
    return [i["month"] for i in scenario.interventions if i["kind"] == DEPARTURE]


def without_departures_from(scenario: Scenario, month: int | None) -> Scenario:
    """``scenario`` with its scripted departures from ``month`` on dropped (the button moved them)."""
    if month is None:
        return scenario
    kept = tuple(i for i in scenario.interventions if not (i["kind"] == DEPARTURE and i["month"] >= month))
    return replace(scenario, interventions=kept)


def advance(model: JourneyModel, items: list[UserIntervention], applied: int, to_month: int, limit: int = -1) -> int:
    """Run ``model`` to ``to_month``, applying ``items[applied:limit]`` as their months come; return the next index.

    An intervention made at month *m* is applied when the model is about to simulate month *m*, as a
    press does, so a rebuilt run from the same seed is the run the press would have made.
    """
    limit = len(items) if limit < 0 else limit
    while True:
        while applied < limit and items[applied].month <= model.month:
            model.intervene(items[applied].kind, **items[applied].details)
            applied += 1
        if model.month >= min(to_month, model.horizon):
            return applied
        model.run(1)
