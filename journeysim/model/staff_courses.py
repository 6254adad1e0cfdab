"""Mindfulness courses for a service's own staff (001 §Facilitation; 004 'Getting top-down buy in').

A service may give part of its teaching capacity (``staff_course_share``,
split off by :mod:`journeysim.model.delivery`) to courses for its own staff
rather than patients. Staff who take part carry the approach into the
service: each staff course shifts the culture, and the baseline it drifts
back to, a little toward wellbeing, and raises the middle manager's
alignment, since gatekeepers who have experienced mindfulness themselves
support it more readily. The first staff course is a pivot in the log; the
rest are counted, not logged.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from journeysim.model.events import UP

if TYPE_CHECKING:
    from journeysim.model.model import JourneyModel


def run_staff_courses(model: JourneyModel, courses: float) -> int:
    """Run the whole staff courses in ``courses`` in the month being simulated; return how many ran.

    Called from the monthly step (so the month is ``model.steps - 1``). Each raises the culture
    and its baseline by ``staff_course_culture`` and the middle manager's alignment by
    ``staff_course_alignment`` (all capped at 1).
    """
    n = int(courses)
    if n <= 0:
        return 0
    svc, p = model.service, model.p
    first = svc.staff_courses_total == 0
    svc.staff_courses_total += n
    shift = n * p.staff_course_culture
    svc.culture = min(1.0, svc.culture + shift)
    svc.culture_baseline = min(1.0, svc.culture_baseline + shift)
    manager = model.middle_manager
    manager.alignment = min(1.0, manager.alignment + n * p.staff_course_alignment)
    if first:
        model.log.add(
            max(0, model.steps - 1),
            "staff_courses_begin",
            UP,
            "pivot",
            ["mindfulness courses offered to the service's own staff"],
            f"culture {svc.culture:.2f}; middle manager's alignment {manager.alignment:.2f}",
        )
    return n
