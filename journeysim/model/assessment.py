"""Assessing the service each month: its features, its level, and the coming together of conditions.

The level is read off observable features (:mod:`journeysim.model.embeddedness`)
and moves only on sustained change (:func:`~journeysim.model.embeddedness.settle`).
A service stops when no course has started for ``stop_gap_months`` after its
last one; the stop is logged when that gap is complete and dated, in its
words and in the run's outcomes, at the last course. A course after a stop is a
restart.
When resources, a structure, a critical mass of teachers and a compelling case
all hold at once, leaders' commitment rises — a pivot point upward; when most
of them are lost, the conditions that carried the service have fallen apart
(001 §Pivot points). Every change of level is logged with what was gained or
lost and what happened in the year before.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from journeysim.declare import A, Mechanism, Parameter
from journeysim.model import embeddedness
from journeysim.model.delivery import protected_share
from journeysim.model.embeddedness import Features, domain_stages, level_of, observe, settle
from journeysim.model.events import DOWN, UP, calendar
from journeysim.model.streams import MONTHS_PER_YEAR
from journeysim.vocabulary import FEATURES, LEVELS

if TYPE_CHECKING:
    from journeysim.model.model import JourneyModel
    from journeysim.model.record import Month

# The parameters this mechanism reads, here or in the agents it drives (docs/parameters.md lists them under its name).
# fmt: off
DECLARATIONS: tuple[Parameter, ...] = (
    Parameter("critical_mass_teachers", 3, "teachers", 2, 6, "001 §Pivot points (critical mass of teachers)",
              "Trained teachers that make a critical mass.", "training"),
    Parameter("compelling_case", 0.55, "index 0-1", 0.4, 0.7, "001 §Pivot points (a compelling case)",
              "Case strength that counts as compelling.", "evidence"),
    Parameter("alignment_boost", 0.1, "index 0-1", 0.0, 0.2, "001 §Pivot points (conditions coming together raise commitment); value assumption",
              "Rise in leaders' priority and alignment when resources, structure, critical mass and case come together.", "leadership"),
    Parameter("conditions_lost_at", 2, "conditions", 1, 3, A,
              "Conditions still met (of four) at or below which the aligned conditions count as fallen apart.", "leadership", uncertain=False),
)
DECLARED = Mechanism(
    "assessment",
    "The month's features, the embeddedness level (on sustained change) and the pivot points.",
    parameters=(*embeddedness.DECLARATIONS, *DECLARATIONS),
    state=("level", "features", "settled_features", "level_streak", "conditions_aligned", "ever_running"),
    columns=("level", "level_code", *FEATURES),
    modules=("embeddedness",),
)
# fmt: on


def observe_service(model: JourneyModel, m: int) -> Features:
    """The service's observable features at the end of month ``m``."""
    svc, p, roster = model.service, model.p, model.roster
    last = svc.last_course_month
    # The protected share only matters without a recurrent line (with one, resources are sustained anyway).
    protected = 1.0 if svc.recurrent_funding > 0.0 else protected_share(model)
    return observe(
        None if last is None else m - last,
        svc.courses_last_12,
        model.teachers_total,
        len(roster),
        model.second_generation,
        svc.supervision,
        svc.recurrent_funding,
        protected,
        svc.referral_pathway,
        svc.governance,
        bool(roster) or (svc.lead_role and svc.lead_vacant_until is None),
        svc.evidence,
        svc.training_pathway,
        int(p.critical_mass_teachers),
        p,
    )


def conditions(model: JourneyModel) -> dict[str, bool]:
    """The four conditions whose coming together is a pivot point (001 §Pivot points)."""
    svc, p = model.service, model.p
    return {
        "resources": svc.recurrent_funding > 0 or svc.one_off_funds > 0,
        "structure": svc.governance or svc.lead_role,
        "critical mass of teachers": model.teachers_total >= p.critical_mass_teachers,
        "compelling case": model.case >= p.compelling_case,
    }


def conditions_pivot(model: JourneyModel, m: int) -> None:
    """Log the conditions coming together (and raise leaders' commitment) or falling apart."""
    svc, p = model.service, model.p
    if not model.conditions_aligned and svc.recurrent_funding <= 0 and svc.one_off_funds <= 0:
        return  # without money the conditions cannot come together, and none have to fall apart
    held = conditions(model)
    met = sum(held.values())  # how many hold (named below only when there is something to log)
    if met == len(held) and not model.conditions_aligned:
        model.conditions_aligned = True
        model.senior_leader.priority = min(1.0, model.senior_leader.priority + p.alignment_boost)
        model.middle_manager.alignment = min(1.0, model.middle_manager.alignment + p.alignment_boost)
        model.log.add(
            m,
            "conditions_aligned",
            UP,
            "pivot",
            list(held),
            "resources, structure, a critical mass and a compelling case come together; leaders' commitment rises",
        )
    elif model.conditions_aligned and met <= p.conditions_lost_at:
        model.conditions_aligned = False
        lost = [k for k, v in held.items() if not v]
        model.log.add(
            m,
            "conditions_fell_apart",
            DOWN,
            "pivot",
            [f"lost: {k}" for k in lost],
            "the conditions that carried the service no longer hold",
        )


def assess(model: JourneyModel, month: Month) -> None:
    """Read features off the service; log pivot points and every change of level."""
    m = month.m
    features = observe_service(model, m)
    conditions_pivot(model, m)
    settle_level(model, m, features)


def settle_level(model: JourneyModel, m: int, features: Features) -> None:
    """Move the level on sustained change of this month's ``features`` (logged), and keep them."""
    level, model.level_streak = settle(
        model.level, level_of(features), model.level_streak, int(model.p.level_persistence_months)
    )
    if level != model.level:
        old = model.level
        pairs = list(zip(FEATURES, model.settled_features.as_tuple(), features.as_tuple(), strict=True))
        gained = [f for f, a, b in pairs if b and not a]
        lost = [f for f, a, b in pairs if a and not b]
        recent = sorted({e.kind for e in model.log.since(m - MONTHS_PER_YEAR) if e.category != "level"})
        up = LEVELS.index(level) > LEVELS.index(old)
        effect = f"{old} -> {level}"
        if level == "absent":
            kind = "service_stopped"
            last = model.service.last_course_month
            if last is not None:
                when = calendar(model.start_year, last)
                effect += f"; no course for {m - last} months: stopped after its last course, in {when}"
        elif old == "absent" and model.ever_running:
            kind = "service_restarted"
        else:
            kind = "level_up" if up else "level_down"
        model.log.add(
            m,
            kind,
            UP if up else DOWN,
            "level",
            [*(f"gained {g}" for g in gained), *(f"lost {x}" for x in lost), *(f"after {r}" for r in recent)],
            effect,
        )
        model.level = level
        model.settled_features = features
    model.features = features
    if features.running and not model.ever_running:
        model.ever_running = True


def stages(model: JourneyModel) -> dict[str, str]:
    """The seed-004 stage of each domain now (criteria in :func:`domain_stages`)."""
    svc, p, imps = model.service, model.p, model.roster
    return domain_stages(
        fit=svc.fit,
        evidence=svc.evidence,
        networks=svc.networks,
        f=model.features,
        teachers=model.teachers_total,
        critical_mass=int(p.critical_mass_teachers),
        senior_priority=model.senior_leader.priority,
        priority_threshold=float(p.senior_priority_threshold),
        governance=svc.governance,
        lead_role=svc.lead_role,
        mean_energy=sum(i.energy for i in imps) / len(imps) if imps else None,
        criteria=p,
    )
