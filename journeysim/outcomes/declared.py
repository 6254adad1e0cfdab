"""Every outcome and table column a run produces, declared once (like the parameters).

An :class:`OutcomeSpec` names a column and gives its type, unit, plain label,
format and scope:

* ``run`` - a single-service run's scalar outcomes (one row of a run table);
* ``population`` - a population run's scalar outcomes;
* ``series`` - the monthly record of a single service;
* ``event`` - a column of an event log;
* ``nation year`` - the yearly accounts of a population, per nation;
* ``service year`` - one service in one year of a population run;
* ``service`` - one service at the end of a population run.

Names with ``{year}`` or ``{nation}`` stand for one column per milestone year
(:data:`~journeysim.vocabulary.OUTCOME_YEARS`) or nation. A *derived* outcome has a
``derive`` function of a run's row: tables, comparisons and reports add it from
the row, so declaring it here (and testing it) is all that adding it takes.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from journeysim.vocabulary import FEATURES, LEVELS, NATIONS, OUTCOME_YEARS

SCOPES = ("run", "population", "series", "event", "nation year", "service year", "service")


@dataclass(frozen=True)
class OutcomeSpec:
    """A declared outcome or column.

    Attributes:
        name: Column name (``{year}``/``{nation}`` in a name that stands for several).
        dtype: ``int``, ``float``, ``bool``, ``str`` or ``list`` (of strings).
        unit: Unit, in words (``share``, ``people``, ``GBP``, ``months`` ...).
        label: Plain label, the one every table, report and dashboard shows.
        format: How it is shown: ``percentN``, ``decimalN``, ``count``, ``money``, ``text`` or ``flag``
            (:func:`journeysim.outcomes.formats.by_format`).
        scope: One of :data:`SCOPES`.
        compare: ``mean`` if comparisons of runs estimate its mean with an interval, ``paired``
            if they also give the paired difference of the means.
        derive: For a derived outcome, its value from a run's row (``None`` if undefined).
        inputs: The run columns a derived outcome is computed from.

    """

    name: str
    dtype: str
    unit: str
    label: str
    format: str
    scope: str
    compare: str = ""
    derive: Callable[[dict[str, Any]], Any] | None = None
    inputs: tuple[str, ...] = ()

    @property
    def share(self) -> bool:
        """Whether the value is a share (shown in percent, differences in points)."""
        return self.unit == "share"

    @property
    def kind(self) -> str:
        """How a comparison shows it: ``share`` (percent, differences in points), ``money``, ``index`` or ``count``."""
        return {"share": "share", "GBP": "money", "index": "index"}.get(self.unit, "count")

    def names(self) -> tuple[str, ...]:
        """The concrete column names: one per milestone year or nation for a template."""
        if "{year}" in self.name:
            return tuple(self.name.format(year=y) for y in OUTCOME_YEARS)
        if "{nation}" in self.name:
            return tuple(self.name.format(nation=n) for n in NATIONS)
        return (self.name,)

    def matches(self, column: str) -> bool:
        """Whether ``column`` is this declaration's column (or one of its template's)."""
        if "{" not in self.name:
            return column == self.name
        nations = "(?:" + "|".join(NATIONS) + ")"
        pattern = re.escape(self.name).replace(r"\{year\}", r"\d+").replace(r"\{nation\}", nations)
        return re.fullmatch(pattern, column) is not None


_KNOWN: dict[str, OutcomeSpec] = {}


def _declare(scope: str, rows: tuple[tuple[Any, ...] | str, ...]) -> tuple[OutcomeSpec, ...]:
    """Declarations of one scope, in order: a column is declared once, then named again (with how it compares)."""
    out = []
    for row in rows:
        name, *rest = (row,) if isinstance(row, str) else row
        if name in _KNOWN and len(rest) > 1:
            raise ValueError(f"outcome {name!r} is declared twice: name it again instead")
        if name in _KNOWN:
            out.append(replace(_KNOWN[name], scope=scope, compare=rest[0] if rest else "", derive=None, inputs=()))
        else:
            out.append(_KNOWN.setdefault(name, OutcomeSpec(name, *rest[:4], scope, *rest[4:])))
    return tuple(out)


def _ratio(numerator: str, denominator: str) -> Callable[[dict[str, Any]], float | None]:
    def value(row: dict[str, Any]) -> float | None:
        top, bottom = row.get(numerator), row.get(denominator)
        if top is None or not bottom or bottom != bottom:
            return None
        return round(float(top) / float(bottom), 2)

    return value


# (name, dtype, unit, label, format[, compare[, derive]])
RUN = _declare("run", (
    ("months", "int", "months", "months run", "count"),
    ("final_level", "str", "level", "level at the end", "text"),
    ("final_level_code", "int", "level code", "level at the horizon (0 absent to 3 embedded)", "count"),
    ("months_to_embedded", "int", "months", "months to embedded", "count"),
    ("ever_embedded", "bool", "yes/no", "ever embedded", "flag"),
    ("running_at_end", "bool", "yes/no", "running at the horizon", "flag"),
    ("first_departure_month", "int", "month", "month the first implementer left", "count"),
    ("departures", "int", "people", "implementers who left", "count"),
    ("first_top_down_month", "int", "month", "month of the first top-down investment", "count"),
    ("running_at_first_departure", "bool", "yes/no", "running when the first implementer left", "flag"),
    ("stops", "int", "events", "times courses stopped", "count"),
    ("restarts", "int", "events", "times courses started again after a stop", "count"),
    ("collapse_month", "int", "month", "month of the last course before the first stop", "count"),
    ("collapsed_after_departure", "bool", "yes/no", "courses stopped after a champion left", "flag"),
    ("months_departure_to_collapse", "int", "months", "months from departure to the stop (or follow-up)", "count"),
    ("departure_follow_up_months", "int", "months", "months after departure a stop could be seen in", "count"),
    ("participants_total", "int", "people", "people reached", "count"),
    ("courses_total", "int", "courses", "courses run", "count"),
    ("cost_total", "float", "GBP", "spending on MBCT", "money"),
    ("cost_per_participant", "float", "GBP", "cost per participant (GBP)", "money"),
    ("pivots_up", "int", "events", "upward pivot points", "count"),
    ("pivots_down", "int", "events", "downward pivot points", "count"),
    ("troughs", "int", "events", "falls in level", "count"),
    ("months_departure_to_next_course", "int", "months", "months from departure to a course by someone else", "count"),
    ("last_course_month", "int", "month", "month of the last course", "count"),
    ("months_departure_to_last_course", "int", "months", "months from departure to the last course", "count"),
    ("last_course_censored", "bool", "yes/no", "a course in the stop gap before the end (last unknown)", "flag"),
    ("eligible_total", "float", "people", "adults eligible for MBCT", "count", "mean"),
    ("referrals_total", "float", "people", "people referred", "count", "mean"),
    ("places_total", "int", "places", "places offered", "count"),
    ("need_met_share", "float", "share", "share of need met", "percent2", "paired"),
    ("fill_rate", "float", "share", "share of places filled", "percent1", "paired"),
    ("courses_cancelled", "int", "courses", "courses cancelled", "count", "paired"),
    ("waiting_at_end", "float", "people", "waiting at the horizon", "count", "mean"),
    ("level_at_year_{year}", "str", "level", "level at year {year}", "text"),
    ("embedded_at_year_{year}", "bool", "yes/no", "embedded at year {year}", "flag"),
    ("running_at_year_{year}", "bool", "yes/no", "running at year {year}", "flag"),
))  # fmt: skip

# Run outcomes computed from a run's row (every run table, comparison and report adds them).
DERIVED = _declare("run", (
    ("cost_per_course", "float", "GBP", "cost per course in GBP", "money", "paired",
     _ratio("cost_total", "courses_total"), ("cost_total", "courses_total")),
))  # fmt: skip

_RATE = "people per 100,000 a year"
POPULATION = _declare("population", (
    "months",
    ("services", "int", "services", "services", "count"),
    ("people", "int", "people", "people served", "count"),
    ("final_year", "int", "year", "last year of the run", "text"),
    ("share_embedded_final", "float", "share", "services embedded at the end", "percent1", "mean"),
    ("share_fragile_or_better_final", "float", "share", "services fragile or embedded at the end", "percent1", "mean"),
    ("share_running_final", "float", "share", "services running courses at the end", "percent1", "mean"),
    ("share_no_teacher_final", "float", "share", "services with nobody trained at the end", "percent1", "mean"),
    ("participants_per_100k_year", "float", _RATE, "people reached per 100,000 a year", "decimal1", "mean"),
    ("participants_total", "mean"),
    "courses_total",
    ("relapses_prevented_total", "float", "relapses", "relapses prevented", "count", "mean"),
    ("spend_total", "float", "GBP", "spending on MBCT", "money"),
    ("policy_money_total", "float", "GBP", "national policy money (GBP)", "money", "mean"),
    "cost_per_participant",
    ("gini_final", "float", "index", "inequality of access at the end (Gini)", "decimal2", "mean"),
    ("gini_mean", "float", "index", "inequality of access, mean over the years (Gini)", "decimal2"),
    "eligible_total",
    ("need_met_share", "mean"),
    ("need_met_share_final", "float", "share", "share of need met in the last year", "percent2"),
    ("fill_rate", "mean"),
    ("courses_cancelled", "mean"),
    ("champion_arrivals", "int", "people", "champions who took MBCT up where there was nobody", "count"),
    ("champion_moves", "int", "people", "implementers who took MBCT to another service when they moved", "count"),
    ("share_embedded_at_year_{year}", "float", "share", "services embedded at year {year}", "percent1"),
    ("share_running_at_year_{year}", "float", "share", "services running courses at year {year}", "percent1"),
    ("share_no_teacher_at_year_{year}", "float", "share", "services with nobody trained at year {year}", "percent1"),
    ("{nation}_share_embedded_final", "float", "share", "services embedded at the end", "percent1"),
    ("{nation}_share_running_final", "float", "share", "services running courses at the end", "percent1"),
    ("{nation}_share_no_teacher_final", "float", "share", "services with nobody trained at the end", "percent1"),
    ("{nation}_participants_per_100k_year", "float", _RATE, "people reached per 100,000 a year", "decimal1"),
    ("{nation}_need_met_share", "float", "share", "share of need met", "percent2"),
))  # fmt: skip

_SCORE = "score from 0 to 1"
SERIES = _declare("series", (
    ("month", "int", "month", "month of the run (0 first)", "count"),
    ("date", "str", "date", "calendar month", "text"),
    ("level", "str", "level", "level", "text"),
    ("level_code", "int", "level code", "embeddedness level", "count"),
    ("courses", "int", "courses", "courses started", "count"),
    ("participants", "int", "people", "people reached", "count"),
    ("places", "int", "places", "places offered", "count"),
    ("cancelled", "int", "courses", "courses cancelled", "count"),
    ("eligible", "float", "people", "adults eligible", "count"),
    ("referrals", "float", "people", "people referred", "count"),
    ("waiting", "float", "people", "people waiting", "count"),
    ("online_groups", "bool", "yes/no", "courses run online", "flag"),
    ("courses_last_12", "int", "courses", "courses in the last 12 months", "count"),
    ("teachers", "int", "people", "trained teachers", "count"),
    ("trainees", "int", "people", "teachers in training", "count"),
    ("implementers", "int", "people", "implementers", "count"),
    ("mean_energy", "float", _SCORE, "implementers' mean energy", "decimal1"),
    ("recurrent_funding", "float", "GBP a year", "recurrent funding", "money"),
    ("one_off_funds", "float", "GBP", "one-off funds left", "money"),
    ("fit", "float", _SCORE, "fit with the service", "decimal1"),
    ("case", "float", _SCORE, "the case for MBCT", "decimal1"),
    ("evidence", "float", _SCORE, "local evidence", "decimal1"),
    ("guidance", "float", _SCORE, "national guidance", "decimal1"),
    ("networks", "float", _SCORE, "networks", "decimal1"),
    ("middle_alignment", "float", _SCORE, "middle managers' alignment", "decimal1"),
    ("senior_priority", "float", _SCORE, "senior leaders' priority", "decimal1"),
    ("pressure", "float", _SCORE, "service pressure", "decimal1"),
    ("budget_health", "float", _SCORE, "budget health", "decimal1"),
    ("training_pathway", "str", "pathway", "training pathway", "text"),
    ("training_frozen", "bool", "yes/no", "training frozen", "flag"),
    ("lead_present", "bool", "yes/no", "a lead in post", "flag"),
    *((feature, "bool", "yes/no", feature.replace("_", " "), "flag") for feature in FEATURES),
))  # fmt: skip

EVENT = _declare("event", (
    "month", "date",
    ("kind", "str", "kind", "what happened", "text"),
    ("direction", "str", "up/down", "direction", "text"),
    ("category", "str", "category", "category", "text"),
    ("causes", "list", "causes", "causes", "text"),
    ("effect", "str", "effect", "effect", "text"),
))  # fmt: skip

NATION_YEAR = _declare("nation year", (
    ("year", "int", "year", "year", "text"),
    ("nation", "str", "nation", "nation", "text"),
    "services", "people",
    *((f"share_{lv}", "float", "share", lv, "percent1") for lv in LEVELS),
    ("share_no_teacher", "float", "share", "nobody trained", "percent1"),
    ("share_running", "float", "share", "running courses", "percent1"),
    "teachers", "implementers", "courses", "participants",
    ("courses_per_100k", "float", "courses per 100,000", "courses per 100,000", "decimal1"),
    ("participants_per_100k", "float", "people per 100,000", "reached per 100,000", "decimal1"),
    ("spend", "float", "GBP", "spending", "money"),
    "cost_per_participant",
    ("policy_money", "float", "GBP", "policy money", "money"),
    ("relapses_prevented", "float", "relapses", "relapses prevented", "count"),
    ("gini", "float", "index", "inequality (Gini)", "decimal2"),
    "eligible", "places", "need_met_share", "courses_cancelled",
    ("mean_fill", "float", "share", "mean fill of places", "percent1"),
))  # fmt: skip

SERVICE_YEAR = _declare("service year", (
    "year",
    ("service", "str", "service", "service", "text"),
    *("nation", "people", "level_code", "level", "teachers", "implementers", "running", "supervision"),
    *("sustained_resources", "courses", "participants", "spend", "eligible", "places", "cancelled"),
))  # fmt: skip

SERVICE = _declare("service", (
    "service", "nation",
    ("region", "str", "region", "region", "text"),
    "people",
    ("service_type", "str", "type", "type of service", "text"),
    ("urban", "bool", "yes/no", "urban", "flag"),
    ("training_centre", "bool", "yes/no", "near a training centre", "flag"),
    ("start", "str", "archetype", "starting point", "text"),
    *("final_level", "teachers", "implementers", "participants_total", "participants_per_100k_year", "cost_total"),
    *("eligible_total", "need_met_share"),
    ("champion_arrived", "bool", "yes/no", "a champion took MBCT up here", "flag"),
    ("champions_moved_in", "int", "people", "implementers who moved in", "count"),
))  # fmt: skip

OUTCOMES: tuple[OutcomeSpec, ...] = (*RUN, *DERIVED, *POPULATION, *SERIES, *EVENT, *NATION_YEAR, *SERVICE_YEAR)
OUTCOMES += SERVICE
EVENT_COLUMNS: tuple[str, ...] = tuple(s.name for s in EVENT)
"""The columns of every event log, in order."""


def scope(name: str) -> tuple[OutcomeSpec, ...]:
    """The declarations of one scope, in order."""
    if name not in SCOPES:
        raise KeyError(f"unknown outcome scope {name!r}: must be one of {', '.join(SCOPES)}")
    return tuple(s for s in OUTCOMES if s.scope == name)


def spec(column: str, scope_name: str = "run") -> OutcomeSpec:
    """The declaration of ``column`` in a scope (a template's for ``level_at_year_10``)."""
    for s in scope(scope_name):
        if s.matches(column):
            return s
    raise KeyError(f"no declared {scope_name} outcome {column!r}")


def label(column: str, scope_name: str = "run") -> str:
    """The plain label of ``column`` (a milestone year filled in: ``embedded at year 10``)."""
    s = spec(column, scope_name)
    year = re.search(r"_(\d+)$", column)
    return s.label.format(year=year.group(1) if year else "")


def dtype_of(column: str) -> str | None:
    """The declared type of a column of that name in any scope (``None`` if undeclared)."""
    for s in OUTCOMES:
        if s.matches(column):
            return s.dtype
    return None


def with_derived(row: dict[str, Any]) -> dict[str, Any]:
    """A run row with its derived outcomes (:data:`DERIVED`) added; rows without their inputs are left as they are."""
    if row.get("status", "ok") != "ok":
        return row
    return {**row, **{s.name: s.derive(row) for s in DERIVED if s.derive and set(s.inputs) <= set(row)}}
