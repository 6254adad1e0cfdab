"""Embeddedness judged from observable service features.

The study judged how embedded a service was against features that national
guidance and good practice say an MBCT service should have (001 §Phase II
case studies). We do the same: the level is a function of features, never a
free-floating score, and the criteria below are the whole definition.

Level (the study's words, 001 §Results and 002):

* ``absent``   never started, or stopped: no course for ``stop_gap_months``
  (24 by default) after the last one;
* ``patchy``   running (a course within ``stop_gap_months``), but not regular
  (fewer than ``regular_courses_min``, 2 by default, in the last 12 months) or
  fewer than ``trained_teachers_min`` (2) trained teachers;
* ``fragile``  regular courses with a teaching team, but missing at least one
  of the five structural features below;
* ``embedded`` regular courses with a teaching team and all five.

The structural features are read from what can be observed, and each can be
reached from below as well as from above (seed 004; 001 §Top-down and
bottom-up), so no level needs a structure that only one kind of decision can
supply:

* ``supervision``: teachers are supervised (arranged from outside, among
  peers, or paid for);
* ``sustained_resources``: a recurrent funding line, or teaching time
  protected in job plans for at least ``resources_protected_share`` of the
  teaching (a middle manager can give this; 004 'Getting top-down buy in');
* ``referral_pathway``: MBCT is in the care pathway;
* ``accountability``: a governance structure, or a lead in post who
  evaluates and reports regularly (local evidence at the sustainable stage;
  004 'Creating a fit for purpose structure' and 'Developing an evaluation
  approach');
* ``succession``: a second-generation implementer (anyone who took up the
  work after the start) working beside another, or a funded or internal
  training pathway with a critical mass of teachers (004 'Building a team to
  deliver': second and third generation implementers). Founders working
  together are not yet succession.

A level reads a service's sustained state, not one month's noise: a group
programme that runs a course a year has months without one, so the level moves
only when the features have pointed above (or below) it for
``level_persistence_months`` in a row (:func:`settle`). A stop and a restart
are facts about courses and change the level at once.

Stages per domain follow the seed-004 checklist (starting out, developmental,
sustainable); the thresholds are documented in :func:`domain_stages`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, NamedTuple

from journeysim.declare import Parameter
from journeysim.model.params import Params
from journeysim.vocabulary import DOMAINS, FEATURES, FUNDED_PATHWAYS, LEVELS, STAGES, STRUCTURAL

# The level criteria (001 §Phase II case studies; 004): they define what is measured, so all but the
# protected share are fixed. The assessment mechanism declares them (its DECLARED).
# fmt: off
DECLARATIONS: tuple[Parameter, ...] = (
    Parameter("regular_courses_min", 2, "courses in 12 months", 2, 4, "001 §Phase II case studies (regular provision); value assumption",
              "Courses in the last 12 months that count as regular provision.", "level criteria", uncertain=False),
    Parameter("stop_gap_months", 24, "months", 18, 36, "001 §Phase II case studies (regular provision); value assumption: twice the longest usual interval between a lone champion's courses",
              "Months without a course after which a service has stopped (dated at its last course); a later course is a restart.", "level criteria", uncertain=False),
    Parameter("level_persistence_months", 6, "months", 3, 12, "001 §Pivot points (pivots change a service's course for good); value assumption",
              "Consecutive months the features must point to a new level (above or below) before the level changes; stops and restarts are immediate.", "level criteria", uncertain=False),
    Parameter("trained_teachers_min", 2, "teachers", 2, 3, "001 §Phase II case studies (more than one teacher)",
              "Trained teachers a service needs to count as having a teaching team.", "level criteria", uncertain=False),
    Parameter("resources_protected_share", 0.3, "fraction", 0.2, 0.6, "004 'Getting top-down buy in' (time in job plans); 001 §Context; value assumption",
              "Share of teaching time protected (paid for, or shielded by a manager) that counts as sustained resources without a funding line.", "level criteria"),
    Parameter("succession_implementers", 2, "implementers", 2, 3, "004 'Building a team to deliver' (more than one person carries the work)",
              "Implementers sharing the work that count as succession.", "level criteria", uncertain=False),
    Parameter("stage_developmental", 0.4, "index 0-1", 0.3, 0.5, "004 checklist; band edge assumption",
              "Fit, evidence, networks or senior priority at which a domain is developmental.", "level criteria", uncertain=False),
    Parameter("stage_sustainable", 0.7, "index 0-1", 0.6, 0.8, "004 checklist; band edge assumption",
              "Fit, evidence or networks at which a domain is sustainable.", "level criteria", uncertain=False),
    Parameter("nourishing_sustainable_energy", 0.6, "energy 0-1", 0.5, 0.7, "004 'Nourishing the people'; band edge assumption",
              "Implementers' mean energy that, with supervision, makes nourishing sustainable.", "level criteria", uncertain=False),
    Parameter("nourishing_developmental_energy", 0.4, "energy 0-1", 0.3, 0.5, "004 'Nourishing the people'; band edge assumption",
              "Implementers' mean energy that makes nourishing developmental.", "level criteria", uncertain=False),
)
# fmt: on

__all__ = [
    "DOMAINS",
    "FEATURES",
    "LEVELS",
    "STAGES",
    "STRUCTURAL",
    "Features",
    "domain_stages",
    "level_of",
    "observe",
    "settle",
]

STARTING_OUT, DEVELOPMENTAL, SUSTAINABLE = STAGES

# The declared criteria (group "level criteria"); a run passes its own parameters instead.
CRITERIA: Params = Params.of({p.name: p.default for p in DECLARATIONS})


class Features(NamedTuple):
    """The observable features that define the level (a named tuple: cheap to make every month, and immutable)."""

    running: bool
    regular_courses: bool
    trained_teachers: bool
    supervision: bool
    sustained_resources: bool
    referral_pathway: bool
    accountability: bool
    succession: bool

    def as_tuple(self) -> tuple[bool, ...]:
        """Features in :data:`FEATURES` order (the named tuple itself)."""
        return self


assert Features._fields == FEATURES, "Features must list the features in FEATURES order"


def observe(
    months_since_course: int | None,
    courses_last_12: int,
    teachers: int,
    implementers: int,
    second_generation: int,
    supervision: bool,
    recurrent_funding: float,
    protected_share: float,
    referral_pathway: bool,
    governance: bool,
    lead_in_post: bool,
    evidence: float,
    training_pathway: str,
    critical_mass: int,
    criteria: Params = CRITERIA,
) -> Features:
    """Read the features off the service's state (criteria in the module docstring).

    ``months_since_course`` is the months since the last course started (``None``
    if none ever did); ``second_generation`` counts implementers in post who took up the work
    after the start; ``criteria`` holds the declared level criteria (a run's
    parameters, or :data:`CRITERIA`).
    """
    # tuple.__new__ skips the named tuple's Python-level constructor (this runs every month); FEATURES order.
    return tuple.__new__(
        Features,
        (
            months_since_course is not None and months_since_course < criteria.stop_gap_months,  # running
            courses_last_12 >= criteria.regular_courses_min,  # regular_courses
            teachers >= criteria.trained_teachers_min,  # trained_teachers
            supervision,
            recurrent_funding > 0.0 or protected_share >= criteria.resources_protected_share,  # sustained_resources
            referral_pathway,
            governance or (lead_in_post and evidence >= criteria.stage_sustainable),  # accountability
            (second_generation >= 1 and implementers >= criteria.succession_implementers)  # succession
            or (training_pathway in FUNDED_PATHWAYS and teachers >= critical_mass),
        ),
    )


def level_of(f: Features) -> str:
    """The embeddedness level implied by the features (see module docstring)."""
    if not f.running:
        return "absent"
    if not (f.regular_courses and f.trained_teachers):
        return "patchy"
    if f.supervision and f.sustained_resources and f.referral_pathway and f.accountability and f.succession:
        return "embedded"
    return "fragile"


def settle(level: str, implied: str, streak: int, persistence: int) -> tuple[str, int]:
    """The level after one more month, and the signed run of months the features point away from it.

    The run counts months pointing above the level (positive) or below it (negative). ``implied``
    is the level today's features give (:func:`level_of`). The level follows it at once into or out
    of ``absent`` (a stop or a restart); otherwise only once it has pointed above, or below, the
    current level for ``persistence`` consecutive months, and then to where it points now.
    """
    if implied == level:
        return level, 0
    if implied == "absent" or level == "absent":
        return implied, 0
    if LEVELS.index(implied) > LEVELS.index(level):
        streak = streak + 1 if streak > 0 else 1
    else:
        streak = streak - 1 if streak < 0 else -1
    if abs(streak) >= persistence:
        return implied, 0
    return level, streak


def _stage(value: float, developmental: float, sustainable: float) -> str:
    if value >= sustainable:
        return SUSTAINABLE
    if value >= developmental:
        return DEVELOPMENTAL
    return STARTING_OUT


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
    criteria: Params = CRITERIA,
) -> dict[str, str]:
    """Stage of each seed-004 domain.

    Band edges are the declared level criteria (defaults in brackets):

    * fit, evaluation (local evidence), networks: developmental from
      ``stage_developmental`` (0.4), sustainable from ``stage_sustainable`` (0.7).
    * team: sustainable with a critical mass, supervision and succession;
      developmental with a teaching team (``trained_teachers_min``) or supervision.
    * top_down: senior priority developmental from ``stage_developmental``,
      sustainable from the investment threshold.
    * governance: sustainable with governance, lead role and funding line;
      developmental with a lead role or governance.
    * nourishing: sustainable with supervision and implementers' mean energy
      from ``nourishing_sustainable_energy`` (0.6); developmental with either
      energy from ``nourishing_developmental_energy`` (0.4) or supervision.
    """
    if teachers >= critical_mass and f.supervision and f.succession:
        team = SUSTAINABLE
    elif teachers >= criteria.trained_teachers_min or f.supervision:
        team = DEVELOPMENTAL
    else:
        team = STARTING_OUT
    if governance and lead_role and f.sustained_resources:
        gov = SUSTAINABLE
    elif governance or lead_role:
        gov = DEVELOPMENTAL
    else:
        gov = STARTING_OUT
    energy = mean_energy if mean_energy is not None else 0.0
    if f.supervision and energy >= criteria.nourishing_sustainable_energy:
        nourishing = SUSTAINABLE
    elif energy >= criteria.nourishing_developmental_energy or f.supervision:
        nourishing = DEVELOPMENTAL
    else:
        nourishing = STARTING_OUT
    low, high = criteria.stage_developmental, criteria.stage_sustainable
    return {
        "fit": _stage(fit, low, high),
        "evaluation": _stage(evidence, low, high),
        "networks": _stage(networks, low, high),
        "team": team,
        "top_down": _stage(senior_priority, low, priority_threshold),
        "governance": gov,
        "nourishing": nourishing,
    }


# What each domain's stage implies for the starting state. Numbers are declared parameters
# (``start_<quantity>_<stage>``, group "starting state", read by :func:`start_value`); the
# structures below are the stage's definition.
START_STRUCTURES: dict[str, dict[str, dict[str, object]]] = {
    "team": {
        "starting_out": {"supervision": False, "pathway": "none"},
        "developmental": {"supervision": True, "pathway": "ad_hoc"},
        "sustainable": {"supervision": True, "pathway": "internal"},
    },
    "governance": {
        "starting_out": {"lead_role": False, "governance": False, "referral": False},
        "developmental": {"lead_role": True, "governance": False, "referral": False},
        "sustainable": {"lead_role": True, "governance": True, "referral": True},
    },
}


FRESH_ENERGY = 1.0  # the top of the energy scale: an implementer who is not worn at all


def start_value(p: Mapping[str, Any], quantity: str, stage: str) -> Any:
    """The declared starting value of ``quantity`` (fit, evidence, teachers...) for a stage."""
    return p[f"start_{quantity}_{stage}"]


def start_energy(p: Mapping[str, Any], stage: str) -> float:
    """Implementers' starting energy for a nourishing stage.

    Where nourishing is sustainable the implementers start fresh, at the top of the scale: energy
    recovers toward full every month in such a team, so a declared value just below the top changed
    no outcome in the sensitivity analysis and was removed rather than kept as an inert parameter.
    """
    return FRESH_ENERGY if stage == "sustainable" else float(start_value(p, "energy", stage))


def start_structure(domain: str, stage: str) -> dict[str, object]:
    """The structures (supervision, pathway, lead role, governance, referral) a stage implies."""
    return START_STRUCTURES[domain][stage]
