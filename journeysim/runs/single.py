"""One single-service run as a pure function: (scenario, seed, version) -> outcomes.

:func:`run_journey` runs one service (through :func:`~journeysim.runs.replicate`) and returns a picklable
:class:`RunResult`: monthly series, event log, manifest, and the outcomes every other layer reads.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from journeysim.model.embeddedness import LEVELS
from journeysim.model.leadership import TOP_DOWN_KINDS
from journeysim.model.model import SERIES_COLUMNS, JourneyModel
from journeysim.model.record import MonthRecord
from journeysim.model.service import Service
from journeysim.outcomes import EVENT_COLUMNS
from journeysim.runs.manifest import manifest_for, seed_identity
from journeysim.runs.outcomes import SERVICE_OUTCOME_YEARS
from journeysim.runs.replication import replicate
from journeysim.scenario import Scenario


@dataclass
class RunResult:
    """Everything one run produced.

    Attributes:
        scenario: The scenario's canonical dict.
        seed: The seed as given (an int, or a ``SeedSequence``'s entropy and spawn key).
        series: Rows of the monthly time series (:data:`SERIES_COLUMNS` order).
        events: The event log as dicts.
        outcomes: Scalar outcomes (see :func:`outcomes_of`).
        manifest: Scenario name and hash, seed, package and dependency versions.

    """

    scenario: dict[str, Any]
    seed: Any
    series_rows: list[MonthRecord]
    events: list[dict[str, Any]]
    outcomes: dict[str, Any]
    manifest: dict[str, Any] = field(default_factory=dict)

    @property
    def series(self) -> pd.DataFrame:
        """The monthly time series as a tidy DataFrame (one row per month)."""
        return pd.DataFrame(self.series_rows, columns=list(SERIES_COLUMNS))

    @property
    def event_frame(self) -> pd.DataFrame:
        """The event log as a DataFrame."""
        return pd.DataFrame(self.events, columns=list(EVENT_COLUMNS))


def last_course_outcomes(courses: Sequence[int], departure: int | None, gap: int) -> dict[str, Any]:
    """When courses stopped after a departure: the fade-out outcome beside the stop.

    Args:
        courses: Courses started in each month of the run.
        departure: Month of the first champion departure, or ``None``.
        gap: Months without a course that make a stop (``stop_gap_months``).

    Returns:
        ``last_course_month``: the last month with a course at or after the departure (with no
        departure, the last month with a course at all), ``None`` if there is none;
        ``months_departure_to_last_course``: that month minus the departure (0 when no course
        started at or after it; ``None`` with no departure); ``last_course_censored``: a course
        started in the last ``gap`` months of the run, so whether it was the last is not yet known.

    """
    n = len(courses)
    start = 0 if departure is None else departure
    last = next((m for m in range(n - 1, start - 1, -1) if courses[m] > 0), None)
    lag = None if departure is None else (0 if last is None else last - departure)
    return {
        "last_course_month": last,
        "months_departure_to_last_course": lag,
        "last_course_censored": any(c > 0 for c in courses[max(0, n - gap) :]),
    }


def stops_of(running: Sequence[bool], gap: int) -> list[tuple[int, int]]:
    """Every stop as (month of its last course, month the gap completed), in order.

    Running month by month is what an observer knew then: a service runs while its last course is
    less than ``gap`` months old. A stop is seen when the gap completes; it happened at the last course.
    """
    return [(i - gap, i) for i in range(1, len(running)) if running[i - 1] and not running[i]]


def running_known_after(running: Sequence[bool], gap: int) -> list[bool]:
    """Running month by month as known at the end of the run: a service has stopped from its last course on."""
    out = list(running)
    for last, seen in stops_of(running, gap):
        out[max(0, last + 1) : seen] = [False] * (seen - max(0, last + 1))
    return out


def demand_outcomes(svc: Service, waiting_at_end: float) -> dict[str, Any]:
    """What a service's courses met of the need it serves (running totals kept by the service).

    ``eligible_total`` and ``referrals_total`` (people), ``places_total``, ``courses_cancelled``,
    ``need_met_share`` = participants / eligible adults (``None`` if none were eligible),
    ``fill_rate`` = participants / places offered (``None`` if none were), ``waiting_at_end``.
    """
    return {
        "eligible_total": round(float(svc.eligible_total), 2),
        "referrals_total": round(float(svc.referrals_total), 2),
        "places_total": int(svc.places_total),
        "courses_cancelled": int(svc.cancelled_total),
        "need_met_share": svc.participants_total / svc.eligible_total if svc.eligible_total > 0 else None,
        "fill_rate": svc.participants_total / svc.places_total if svc.places_total > 0 else None,
        "waiting_at_end": round(float(waiting_at_end), 2),
    }


def outcomes_of(model: JourneyModel) -> dict[str, Any]:
    """Scalar outcomes of a finished (or partly run) model.

    * ``final_level``; ``level_at_year_N``, ``embedded_at_year_N``, ``running_at_year_N`` for N in
      :data:`~journeysim.runs.outcomes.SERVICE_OUTCOME_YEARS` (None beyond the run).
    * ``months_to_embedded``: first month at ``embedded`` (None if never).
    * ``running_at_end``: a course started within ``stop_gap_months`` of the end.
    * A service **stops** when no course starts for ``stop_gap_months`` after its last one; the stop
      is dated at that last course and a later course is a **restart** (:func:`stops_of`).
      ``running_at_year_N`` and ``level_at_year_N`` read the run as known at its end
      (:func:`running_known_after`): a service that had stopped by then is not running, even if
      the gap was still open at the time.
    * ``stops``, ``restarts``: how many times the service stopped and started again.
    * ``first_departure_month``: first month an implementer left (None if none did).
    * ``first_top_down_month``: first month a senior leader or a national programme invested
      (:data:`~journeysim.model.leadership.TOP_DOWN_KINDS`; None if none did).
    * ``collapse_month``: the last course of the first stop after having run.
    * ``running_at_first_departure``: running as seen the month before the departure (its last
      course less than the gap old).
    * ``collapsed_after_departure`` and ``months_departure_to_collapse``: whether a stop was seen
      after the departure, and the months from the departure to its last course (0 when that
      course came before the departure: the departure ended it); without a stop, the months a
      stop could have been seen in (``departure_follow_up_months``: to the horizon less the gap).
    * ``last_course_month``, ``months_departure_to_last_course``, ``last_course_censored``:
      months from the first departure to the last course (:func:`last_course_outcomes`).
    * ``months_departure_to_next_course``: months from the first departure to the first course started in a
      later month, so run by someone else (None with no departure or no course after it).
    * ``eligible_total``, ``referrals_total``, ``places_total``, ``courses_cancelled``,
      ``need_met_share``, ``fill_rate``, ``waiting_at_end`` (:func:`demand_outcomes`).
    * ``participants_total``, ``courses_total``, ``cost_total``, ``cost_per_participant``.
    * ``pivots_up``, ``pivots_down``, ``troughs``: counts of upward and downward
      pivot points and of level falls.
    """
    rows = model.series_rows()
    n = len(rows)
    gap = int(model.p["stop_gap_months"])
    live = [bool(r.running) for r in rows]
    running = running_known_after(live, gap)
    levels = [r.level if running[i] or r.level == "absent" else "absent" for i, r in enumerate(rows)]
    svc = model.service
    events = model.log.events
    embedded_at = next((i for i, lv in enumerate(levels) if lv == "embedded"), None)
    departures = [e.month for e in events if e.kind == "champion_left"]
    first_departure = departures[0] if departures else None
    stops = stops_of(live, gap)
    collapse = stops[0][0] if stops else None
    collapse_after = running_at_departure = follow_up = None
    if first_departure is not None:
        running_at_departure = live[first_departure - 1] if first_departure > 0 else bool(model.ever_running)
        collapse_after = next((last for last, seen in stops if seen >= first_departure), None)
        follow_up = max(0, n - gap - first_departure)
    out: dict[str, Any] = {
        "months": n,
        "final_level": levels[-1] if levels else model.level,
        "final_level_code": LEVELS.index(levels[-1]) if levels else LEVELS.index(model.level),
        "months_to_embedded": embedded_at,
        "ever_embedded": embedded_at is not None,
        "running_at_end": running[-1] if rows else model.features.running,
        "first_departure_month": first_departure,
        "first_top_down_month": next((e.month for e in events if e.kind in TOP_DOWN_KINDS), None),
        "departures": len(departures),
        "running_at_first_departure": running_at_departure,
        "stops": len(stops),
        "restarts": sum(1 for _, seen in stops if any(live[seen:])),
        "collapse_month": collapse,
        "collapsed_after_departure": collapse_after is not None,
        "months_departure_to_collapse": max(0, collapse_after - first_departure)
        if collapse_after is not None and first_departure is not None
        else follow_up,
        "departure_follow_up_months": follow_up,
        "participants_total": svc.participants_total,
        "courses_total": svc.courses_total,
        "cost_total": round(svc.cost_total, 2),
        "cost_per_participant": round(svc.cost_total / svc.participants_total, 2) if svc.participants_total else None,
        "pivots_up": sum(1 for e in events if e.category == "pivot" and e.direction == "up"),
        "pivots_down": sum(1 for e in events if e.category == "pivot" and e.direction == "down"),
        "troughs": sum(1 for e in events if e.category == "level" and e.direction == "down"),
        **last_course_outcomes([r.courses for r in rows], first_departure, gap),
        **demand_outcomes(svc, rows[-1].waiting if rows else svc.waiting),
        "months_departure_to_next_course": None
        if first_departure is None
        else next((m - first_departure for m in range(first_departure + 1, n) if rows[m].courses), None),
    }
    for year in SERVICE_OUTCOME_YEARS:
        idx = year * 12 - 1
        out[f"level_at_year_{year}"] = levels[idx] if idx < n else None
        out[f"embedded_at_year_{year}"] = (levels[idx] == "embedded") if idx < n else None
        out[f"running_at_year_{year}"] = running[idx] if idx < n else None
    return out


def run_journey(scenario: Scenario, seed: int | np.random.SeedSequence = 0, months: int | None = None) -> RunResult:
    """Run one journey to its horizon (or for ``months``) and collect the results."""
    return result_of(replicate(scenario, seed, months=months, population=False).model, seed)


def result_of(model: JourneyModel, seed: int | np.random.SeedSequence) -> RunResult:
    """Package a model's state as a :class:`RunResult`."""
    return RunResult(
        scenario=model.scenario_spec.to_dict(),
        seed=seed_identity(seed),
        series_rows=list(model.series_rows()),
        events=[e.to_dict() for e in model.log.events],
        outcomes=outcomes_of(model),
        manifest=manifest_for(model.scenario_spec, seed),
    )
