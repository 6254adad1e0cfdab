"""Embeddedness judged from observable service features.

The study judged how embedded a service was against features that national
guidance and good practice say an MBCT service should have (001 §Phase II
case studies). We do the same: the level is a function of features, never a
free-floating score, and the criteria below are the whole definition.

Level (the study's words, 001 §Results and 002):

* ``absent``   no course started in the last 12 months;
* ``patchy``   courses in the last 12 months, but not regular (fewer than 2)
  or fewer than 2 trained teachers;
* ``fragile``  regular courses with 2+ teachers, but missing at least one of
  supervision, a recurrent funding line, a referral pathway, governance with
  a lead role, or succession;
* ``embedded`` regular courses with 2+ teachers and all five of those.

Stages per domain follow the seed-004 checklist (starting out, developmental,
sustainable); the thresholds are documented in :func:`domain_stages`.
"""

from __future__ import annotations

from dataclasses import dataclass

LEVELS = ("absent", "patchy", "fragile", "embedded")
STAGES = ("starting_out", "developmental", "sustainable")
DOMAINS = ("fit", "evaluation", "networks", "team", "top_down", "governance", "nourishing")
FEATURES = (
    "running",
    "regular_courses",
    "trained_teachers",
    "supervision",
    "funding_line",
    "referral_pathway",
    "governance_and_lead",
    "succession",
)
STRUCTURAL = ("supervision", "funding_line", "referral_pathway", "governance_and_lead", "succession")


@dataclass(frozen=True, slots=True)
class Features:
    """The observable features that define the level."""

    running: bool
    regular_courses: bool
    trained_teachers: bool
    supervision: bool
    funding_line: bool
    referral_pathway: bool
    governance_and_lead: bool
    succession: bool

    def as_tuple(self) -> tuple[bool, ...]:
        """Features in :data:`FEATURES` order."""
        return (
            self.running,
            self.regular_courses,
            self.trained_teachers,
            self.supervision,
            self.funding_line,
            self.referral_pathway,
            self.governance_and_lead,
            self.succession,
        )


def observe(
    courses_last_12: int,
    teachers: int,
    implementers: int,
    supervision: bool,
    recurrent_funding: float,
    referral_pathway: bool,
    governance: bool,
    lead_role: bool,
    training_pathway: str,
    critical_mass: int,
) -> Features:
    """Read the features off the service's state.

    Succession holds when two or more implementers share the work, or when a
    commissioned or internal pathway keeps a critical mass of teachers coming
    (004 'Building a team to deliver').
    """
    return Features(
        running=courses_last_12 >= 1,
        regular_courses=courses_last_12 >= 2,
        trained_teachers=teachers >= 2,
        supervision=supervision,
        funding_line=recurrent_funding > 0.0,
        referral_pathway=referral_pathway,
        governance_and_lead=governance and lead_role,
        succession=implementers >= 2
        or (training_pathway in ("commissioned", "internal") and teachers >= critical_mass),
    )


def level_of(f: Features) -> str:
    """The embeddedness level implied by the features (see module docstring)."""
    if not f.running:
        return "absent"
    if not (f.regular_courses and f.trained_teachers):
        return "patchy"
    if f.supervision and f.funding_line and f.referral_pathway and f.governance_and_lead and f.succession:
        return "embedded"
    return "fragile"


def _stage(value: float, developmental: float, sustainable: float) -> str:
    if value >= sustainable:
        return STAGES[2]
    if value >= developmental:
        return STAGES[1]
    return STAGES[0]


def domain_stages(
    fit: float,
    evidence: float,
    networks: float,
    f: Features,
    teachers: int,
    critical_mass: int,
    senior_priority: float,
    priority_threshold: float,
    governance: bool,
    lead_role: bool,
    mean_energy: float | None,
) -> dict[str, str]:
    """Stage of each seed-004 domain.

    * fit, evaluation (local evidence), networks: below 0.4 / 0.4-0.7 / 0.7+.
    * team: sustainable with a critical mass, supervision and succession;
      developmental with 2+ teachers or supervision; otherwise starting out.
    * top_down: senior priority below 0.4 / up to the investment threshold / above it.
    * governance: sustainable with governance, lead role and funding line;
      developmental with a lead role or governance.
    * nourishing: sustainable with supervision and implementers' mean energy
      0.6+; developmental with either energy 0.4+ or supervision.
    """
    if teachers >= critical_mass and f.supervision and f.succession:
        team = STAGES[2]
    elif teachers >= 2 or f.supervision:
        team = STAGES[1]
    else:
        team = STAGES[0]
    if governance and lead_role and f.funding_line:
        gov = STAGES[2]
    elif governance or lead_role:
        gov = STAGES[1]
    else:
        gov = STAGES[0]
    energy = mean_energy if mean_energy is not None else 0.0
    if f.supervision and energy >= 0.6:
        nourishing = STAGES[2]
    elif energy >= 0.4 or f.supervision:
        nourishing = STAGES[1]
    else:
        nourishing = STAGES[0]
    return {
        "fit": _stage(fit, 0.4, 0.7),
        "evaluation": _stage(evidence, 0.4, 0.7),
        "networks": _stage(networks, 0.4, 0.7),
        "team": team,
        "top_down": _stage(senior_priority, 0.4, priority_threshold),
        "governance": gov,
        "nourishing": nourishing,
    }


# Starting state implied by each domain's stage (the inverse mapping used when a
# practitioner describes their own service; values sit inside each stage's band).
START_VALUES: dict[str, dict[str, dict[str, object]]] = {
    "fit": {"starting_out": {"fit": 0.25}, "developmental": {"fit": 0.5}, "sustainable": {"fit": 0.75}},
    "evaluation": {
        "starting_out": {"evidence": 0.1},
        "developmental": {"evidence": 0.45},
        "sustainable": {"evidence": 0.75},
    },
    "networks": {
        "starting_out": {"networks": 0.1},
        "developmental": {"networks": 0.45},
        "sustainable": {"networks": 0.75},
    },
    "team": {
        "starting_out": {"pool_teachers": 0, "supervision": False, "pathway": "none"},
        "developmental": {"pool_teachers": 2, "supervision": True, "pathway": "ad_hoc"},
        "sustainable": {"pool_teachers": 5, "supervision": True, "pathway": "internal"},
    },
    "top_down": {
        "starting_out": {"senior": 0.2, "middle": 0.35},
        "developmental": {"senior": 0.45, "middle": 0.5},
        "sustainable": {"senior": 0.7, "middle": 0.7},
    },
    "governance": {
        "starting_out": {"lead_role": False, "governance": False, "referral": False},
        "developmental": {"lead_role": True, "governance": False, "referral": False},
        "sustainable": {"lead_role": True, "governance": True, "referral": True},
    },
    "nourishing": {
        "starting_out": {"energy": 0.65, "recovery": 0.85},
        "developmental": {"energy": 0.8, "recovery": 1.0},
        "sustainable": {"energy": 0.9, "recovery": 1.15},
    },
}
