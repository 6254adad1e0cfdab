"""The event log, and the dated national history a service lives through.

Every pivot point, shock, intervention and change of level is an
:class:`Event`: a plain record that the narrative, the dashboard and the tests
all read. National events are dated; which apply depends on the nation
(001 §Background and §Implementation journey; Mindful Nation UK, MAPPG 2015;
for the events from 2007 the acts, orders and letters named in the timeline).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from functools import cache
from typing import Any

from journeysim.vocabulary import NATIONS

UP, DOWN, NEUTRAL = "up", "down", "neutral"


@dataclass(frozen=True, slots=True)
class Event:
    """One entry in the event log.

    Attributes:
        month: Months since the start of the run (0-based).
        date: Calendar month, ``"YYYY-MM"``.
        kind: What happened, in the domain's words (``"champion_left"``...).
        direction: ``"up"``, ``"down"`` or ``"neutral"`` for the journey.
        category: ``national``, ``shock``, ``pivot``, ``people``,
            ``intervention``, ``level``, ``delivery`` (a cancelled course: an event,
            not a pivot point) or ``start``.
        causes: Why it happened.
        effect: What it changed.

    """

    month: int
    date: str
    kind: str
    direction: str
    category: str
    causes: tuple[str, ...]
    effect: str

    def to_dict(self) -> dict[str, Any]:
        """Plain dict (causes as a list) for JSON and DataFrames."""
        d = asdict(self)
        d["causes"] = list(self.causes)
        return d


@dataclass(frozen=True, slots=True)
class NationalEvent:
    """A dated event in national policy or the economy."""

    year: int
    month: int  # 1-12
    kind: str
    nations: tuple[str, ...]
    direction: str
    description: str


# Dates from 001 §Background and §Implementation journey, §Pivot points, §Discussion,
# the Mindful Nation UK report (MAPPG 2015), and for the events from 2007 the acts, orders, letters and
# announcements named beside each. Months within the year are assumptions where the sources give a year.
NATIONAL_TIMELINE: tuple[NationalEvent, ...] = (
    NationalEvent(
        2004,
        12,
        "national_guideline",
        NATIONS,
        UP,
        "National guideline recommends MBCT for relapse prevention; the case gains legitimacy.",
    ),
    # Northern Ireland's Review of Public Administration: five health and social care trusts from 1 April 2007.
    NationalEvent(
        2007,
        4,
        "trusts_merged",
        ("northern_ireland",),
        NEUTRAL,
        "Health and social care providers merge into five trusts: services are reorganised.",
    ),
    NationalEvent(
        2008,
        6,
        "iapt_launch",
        ("england",),
        NEUTRAL,
        "England-wide IAPT programme launches: evidence-based therapies favoured, targets tighten.",
    ),
    NationalEvent(
        2008, 9, "financial_crisis", NATIONS, DOWN, "Financial crisis: money for new services becomes scarcer."
    ),
    # NHS Wales reorganisation: seven local health boards from 1 October 2009 (trusts and boards merged).
    NationalEvent(
        2009,
        10,
        "health_boards_merged",
        ("wales",),
        NEUTRAL,
        "Welsh trusts and local health boards merge into seven health boards: services are reorganised.",
    ),
    NationalEvent(
        2010, 6, "austerity", NATIONS, DOWN, "Austerity: budgets shrink and local cuts become more frequent."
    ),
    # Health and Social Care Act 2012: primary care trusts abolished, clinical commissioning groups from 1 April 2013.
    NationalEvent(
        2013,
        4,
        "commissioning_reorganised",
        ("england",),
        NEUTRAL,
        "Primary care trusts are abolished and clinical commissioning groups take over commissioning "
        "(Health and Social Care Act 2012).",
    ),
    NationalEvent(
        2015,
        10,
        "parliamentary_report",
        NATIONS,
        UP,
        "The Mindful Nation UK parliamentary report recommends MBCT in the NHS.",
    ),
    NationalEvent(
        2018,
        4,
        "national_training_commissioning",
        ("england",),
        UP,
        "National commissioning of MBCT teacher training within the IAPT workforce.",
    ),
    # NHS England letter 'Next steps on NHS response to COVID-19' (17 March 2020); lockdowns in all four nations
    # from 23 March 2020.
    NationalEvent(
        2020,
        3,
        "pandemic",
        NATIONS,
        DOWN,
        "COVID-19 pandemic: non-urgent work is postponed, face-to-face groups stop and groups move online.",
    ),
    # Health and Care Act 2022: integrated care boards replace clinical commissioning groups on 1 July 2022.
    NationalEvent(
        2022,
        7,
        "integrated_care_boards",
        ("england",),
        NEUTRAL,
        "Integrated care boards replace clinical commissioning groups (Health and Care Act 2022).",
    ),
    # The Prime Minister's announcement of 13 March 2025 that NHS England will be abolished, with NHS England's
    # letters of 11 March and 1 April 2025 (integrated care boards to halve running costs; trusts to cut
    # corporate costs; deficits to be eliminated).
    NationalEvent(
        2025,
        3,
        "financial_reset",
        ("england",),
        DOWN,
        "NHS England to be abolished; a financial reset cuts commissioners' running costs and tightens budgets.",
    ),
)

_AUSTERITY = next(e for e in NATIONAL_TIMELINE if e.kind == "austerity")
AUSTERITY_START = (_AUSTERITY.year, _AUSTERITY.month)


@cache
def calendar(start_year: int, month: int) -> str:
    """``"YYYY-MM"`` for a month index from January of ``start_year`` (formatted once: every event has one)."""
    return f"{start_year + month // 12:04d}-{month % 12 + 1:02d}"


@cache
def calendar_months(start_year: int, months: int) -> tuple[str, ...]:
    """:func:`calendar` for months 0 to ``months - 1`` (made once per start and length: every run reads them)."""
    return tuple(calendar(start_year, m) for m in range(months))


def month_of(start_year: int, year: int, month: int) -> int:
    """Month index of calendar ``year``/``month`` (1-12) in a run starting in ``start_year``."""
    return (year - start_year) * 12 + (month - 1)


class EventLog:
    """Append-only list of :class:`Event` records for one run."""

    def __init__(self, start_year: int) -> None:
        self.start_year = start_year
        self.events: list[Event] = []

    def add(
        self, month: int, kind: str, direction: str, category: str, causes: tuple[str, ...] | list[str], effect: str
    ) -> Event:
        """Record an event and return it."""
        event = Event(month, calendar(self.start_year, month), kind, direction, category, tuple(causes), effect)
        self.events.append(event)
        return event

    def since(self, month: int) -> list[Event]:
        """Events from ``month`` onwards."""
        return [e for e in self.events if e.month >= month]

    def __len__(self) -> int:
        return len(self.events)

    def __iter__(self):
        return iter(self.events)
