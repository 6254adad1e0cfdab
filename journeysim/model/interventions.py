"""The interventions a user, a scenario or a test can apply at any month.

Declared here once (name, details with their allowed values), applied by
:meth:`journeysim.model.model.JourneyModel.intervene`, and validated by the
scenario loader against the same declaration.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from journeysim.values import ValueSpec


def Detail(
    name: str,
    kind: str,
    default: Any,
    low: float | None = None,
    high: float | None = None,
    choices: tuple[str, ...] = (),
    description: str = "",
) -> ValueSpec:
    """One optional detail of an intervention, as a :class:`~journeysim.values.ValueSpec`."""
    return ValueSpec(name, default, low=low, high=high, choices=choices, description=description, declared_kind=kind)


@dataclass(frozen=True)
class InterventionSpec:
    """An intervention kind, what it does, and its details."""

    kind: str
    description: str
    source: str
    details: tuple[ValueSpec, ...] = ()

    def resolve(self, given: dict[str, Any]) -> dict[str, Any]:
        """Details with defaults filled in; raise ``KeyError``/``ValueError`` on bad input."""
        known = {d.name: d for d in self.details}
        out: dict[str, Any] = {}
        for key, value in given.items():
            if key not in known:
                raise KeyError(key)
            out[key] = known[key].check(value)
        for d in self.details:
            out.setdefault(d.name, d.default)
        return out


INTERVENTIONS: dict[str, InterventionSpec] = {
    s.kind: s
    for s in [
        InterventionSpec(
            "champion_leaves",
            "An implementer leaves the service (the lead, unless told otherwise).",
            "001 §Pivot points (implementers leaving)",
            (
                Detail(
                    "who", "choice", "lead", choices=("lead", "newest", "all"), description="which implementer leaves"
                ),
            ),
        ),
        InterventionSpec(
            "funding_cut",
            "MBCT money is cut by a fraction.",
            "001 §Pivot points (resources withdrawn)",
            (Detail("fraction", "float", 0.5, 0.0, 1.0, description="share of recurrent and one-off money cut"),),
        ),
        InterventionSpec(
            "funding_boost",
            "New money arrives, recurrent or one-off.",
            "001 §Pivot points (securing resources)",
            (
                Detail("amount", "float", 30000.0, 0.0, 500000.0, description="GBP (per year if recurrent)"),
                Detail("recurrent", "bool", False, description="a funding line rather than a one-off sum"),
            ),
        ),
        InterventionSpec(
            "reorganisation",
            "A service reorganisation: fit lost, a new middle manager.",
            "001 §Pivot points (service reorganisations)",
        ),
        InterventionSpec(
            "new_senior_leader",
            "A new senior leader with their own view of MBCT.",
            "001 §Context (turnover including managers)",
            (Detail("priority", "float", 0.5, 0.0, 1.0, description="the new leader's view of MBCT"),),
        ),
        InterventionSpec(
            "start_succession_planning",
            "Implementers start growing second-generation implementers.",
            "004 'Building a team to deliver' (succession planning)",
        ),
        InterventionSpec(
            "invest_in_training",
            "Investment in a training pathway and supervision.",
            "001 §Discussion (investment in training and supervision)",
            (
                Detail(
                    "pathway",
                    "choice",
                    "internal",
                    choices=("commissioned", "internal"),
                    description="training pathway to establish",
                ),
                Detail("teachers", "int", 2, 0, 20, description="trainees funded at once"),
            ),
        ),
        InterventionSpec(
            "champion_joins",
            "A champion joins the service: newly self-designated, or moved from another service.",
            "001 §The implementation journey (journeys start with a self-designated champion)",
            (
                Detail(
                    "role",
                    "choice",
                    "teacher",
                    choices=("teacher", "manager", "service_user"),
                    description="organisational level of the newcomer",
                ),
                Detail("skill", "float", 0.6, 0.0, 1.0, description="communication, business and evaluation skills"),
                Detail("commitment", "float", 0.8, 0.0, 1.0, description="personal commitment and drive"),
            ),
        ),
        InterventionSpec(
            "training_places",
            "Teacher-training places paid from outside the service (a national or regional programme).",
            "001 §Top-down and bottom-up (national training programmes); brief §3 (Mindful Nation UK)",
            (Detail("teachers", "int", 1, 1, 50, description="trainees starting now"),),
        ),
        InterventionSpec(
            "supervision_link",
            "Supervision offered from outside: a linked service or a national supervision network.",
            "001 §Training and supervision (good practice expects supervision); 001 §MBCT implementers (networks)",
            (Detail("on", "bool", True, description="link starts (true) or ends (false)"),),
        ),
        InterventionSpec(
            "protect_champion_time",
            "A policy that champions' MBCT work goes into their job plans.",
            "001 §Context (work crowbarred into ordinary jobs); brief §1 (protected time as a policy lever)",
            (Detail("on", "bool", True, description="policy starts (true) or ends (false)"),),
        ),
        InterventionSpec(
            "funding_line_ends",
            "A funding line given for a fixed term ends: that amount of recurrent funding is withdrawn.",
            "001 §Pivot points (resources withdrawn)",
            (Detail("amount", "float", 30000.0, 0.0, 500000.0, description="GBP per year withdrawn"),),
        ),
    ]
}
