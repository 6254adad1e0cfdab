"""The month: the values passed along its mechanisms, and the named row recorded at its end.

:class:`Month` carries one month's values from mechanism to mechanism (the
protected share of teaching time, advocacy, the training spend, courses run);
:class:`MonthRecord` is a named tuple, cheap to make and to pickle, read by
field name everywhere (``row.running``, ``row.participants``); a list of them
becomes a tidy DataFrame with :data:`SERIES_COLUMNS` as its columns.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, NamedTuple

from journeysim.vocabulary import FEATURES, LEVELS

if TYPE_CHECKING:
    from journeysim.model.model import JourneyModel


@dataclass(slots=True)
class Month:
    """One month's values, made at its start and passed along the mechanisms in step order, then recorded.

    Attributes:
        m: The month (0-based).
        protected: Share of teaching time that is protected (delivery, first).
        advocacy, manager_position: The champions' advocacy (0-1) and whether a manager is among
            them (0 or 1), as the managers hear them (champions; read by leadership and workforce).
        training_spend: Money spent on new trainees (workforce; paid by funding).
        eligible, referrals, courses, participants, places, cancelled: The month's demand and
            delivery (delivery; courses are paid by funding).

    """

    m: int
    protected: float = 0.0
    advocacy: float = 0.0
    manager_position: float = 0.0
    training_spend: float = 0.0
    eligible: float = 0.0
    referrals: float = 0.0
    courses: int = 0
    participants: int = 0
    places: int = 0
    cancelled: int = 0


class MonthRecord(NamedTuple):
    """What the service looked like at the end of one month."""

    month: int
    date: str
    level: str
    level_code: int
    courses: int
    participants: int
    places: int
    cancelled: int
    eligible: float
    referrals: float
    waiting: float
    online_groups: bool
    courses_last_12: int
    teachers: int
    trainees: int
    implementers: int
    mean_energy: float | None
    recurrent_funding: float
    one_off_funds: float
    fit: float
    case: float
    evidence: float
    guidance: float
    networks: float
    middle_alignment: float
    senior_priority: float
    pressure: float
    budget_health: float
    training_pathway: str
    training_frozen: bool
    lead_present: bool
    running: bool
    regular_courses: bool
    trained_teachers: bool
    supervision: bool
    sustained_resources: bool
    referral_pathway: bool
    accountability: bool
    succession: bool


SERIES_COLUMNS: tuple[str, ...] = MonthRecord._fields
LEVEL_CODES: dict[str, int] = {level: code for code, level in enumerate(LEVELS)}  # a level's code, read every month
assert SERIES_COLUMNS[-len(FEATURES) :] == FEATURES, "MonthRecord must end with the features, in order"


def record_month(model: JourneyModel, month: Month) -> MonthRecord:
    """The record of ``month`` (call at the end of the month)."""
    svc, imps, m = model.service, model.roster, month.m
    energy = sum([i.energy for i in imps]) / len(imps) if imps else None
    # tuple.__new__ skips the named tuple's Python-level constructor (this runs every month).
    return tuple.__new__(
        MonthRecord,
        (
            m,
            model.dates[m],
            model.level,
            LEVEL_CODES[model.level],
            month.courses,
            month.participants,
            month.places,
            month.cancelled,
            month.eligible,
            month.referrals,
            svc.waiting,
            svc.online_groups,
            svc.courses_last_12,
            model.teachers_total,
            len(svc.trainees),
            len(imps),
            energy,
            svc.recurrent_funding,
            svc.one_off_funds,
            svc.fit,
            model.case,
            svc.evidence,
            svc.guidance,
            svc.networks,
            model.middle_manager.alignment,
            model.senior_leader.priority,
            svc.pressure,
            svc.budget_health,
            svc.training_pathway,
            svc.training_frozen,
            model.lead() is not None,
            *model.features.as_tuple(),
        ),
    )
