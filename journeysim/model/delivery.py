"""Delivering courses: how much teaching time there is, and how many courses start and fill.

Teachers deliver a declared number of courses a year with protected time, less
when teaching on top of their ordinary jobs (001 §Context), much less when no
implementer or lead coordinates them, and less again while training is frozen
and teachers are diverted to waiting lists. Courses run in cycles: capacity
accumulates and a course starts when a whole one is due. Places fill according
to the referral pathway (001 §Background: classes of 8 to 15).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from journeysim.model.streams import MONTHS_PER_YEAR

if TYPE_CHECKING:
    from journeysim.model.model import JourneyModel


def protected_share(model: JourneyModel) -> float:
    """Share of teaching time that is protected: paid for, or shielded by the middle manager."""
    svc, p = model.service, model.p
    demand = max(1, model.teachers_total) * p["courses_per_teacher_year"] * p["course_cost"] / float(MONTHS_PER_YEAR)
    money = svc.recurrent_funding / float(MONTHS_PER_YEAR) + min(
        svc.one_off_funds, p["recurrent_funding_amount"] / float(MONTHS_PER_YEAR)
    )
    share = money / demand
    if model.middle_manager.protects():
        share += p["manager_protected_share"]
    return min(1.0, share)


def delivery_rate(model: JourneyModel, protected: float) -> float:
    """Expected courses started per month."""
    svc, p = model.service, model.p
    teachers = model.teachers_total
    if teachers == 0:
        return 0.0
    coordinated = bool(model.roster) or (svc.lead_role and svc.lead_vacant_until is None)
    coordination = 1.0 if coordinated else p["orphan_delivery_factor"]
    time = protected + (1.0 - protected) * p["goodwill_delivery_factor"]
    frozen = p["frozen_delivery_factor"] if svc.training_frozen else 1.0
    return teachers * p["courses_per_teacher_year"] / float(MONTHS_PER_YEAR) * coordination * time * frozen


def deliver_courses(model: JourneyModel, protected: float) -> None:
    """Courses start this month; places fill; each course adds a little local evidence."""
    svc, p, draws = model.service, model.p, model.draws["courses"]
    svc.course_progress += delivery_rate(model, protected)
    n = int(svc.course_progress)
    svc.course_progress -= n
    fill = 1.0 if svc.referral_pathway else p["referral_fill_without_pathway"]
    people = 0
    for _ in range(n):
        size = draws.integer(int(p["course_size_min"]), int(p["course_size_max"]))
        people += max(1, round(size * fill))
    svc.add_courses(n)
    svc.courses_total += n
    svc.participants_total += people
    svc.cost_total += n * p["course_cost"]
    svc.evidence = min(1.0, svc.evidence + n * p["evidence_per_course"])
    model.courses_now, model.participants_now = n, people


def seed_course_history(model: JourneyModel) -> None:
    """A service that starts beyond 'starting out' has run courses in the year before the start."""
    rate = delivery_rate(model, protected_share(model))
    per_month = max(1, round(rate * MONTHS_PER_YEAR)) if rate > 0 else 0
    for k in range(min(MONTHS_PER_YEAR, per_month)):
        model.service.courses_window[(k * MONTHS_PER_YEAR) // max(1, per_month)] += 1
    model.service.recount_courses()
