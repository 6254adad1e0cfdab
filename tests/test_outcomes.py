"""The outcome declaration covers exactly the columns runs produce, so the two cannot drift apart."""

from __future__ import annotations

import pytest

from journeysim.model.record import SERIES_COLUMNS
from journeysim.nation.outputs import YEARLY_COLUMNS
from journeysim.outcomes import DERIVED, EVENT_COLUMNS, OUTCOMES, dtype_of, label, scope, spec, with_derived
from journeysim.outcomes import formats as f
from journeysim.runs import SERVICE_COLUMNS, run_journey, run_nation


def _covers(scope_name: str, columns: list[str]) -> None:
    """Every column is declared in the scope, and every declaration is some column."""
    specs = scope(scope_name)
    assert [c for c in columns if not any(s.matches(c) for s in specs)] == []
    assert [s.name for s in specs if not any(s.matches(c) for c in columns)] == []


@pytest.fixture(scope="module")
def journey(scenario):
    return run_journey(scenario("lone_champion+champion_leaves_year5"), 3)


@pytest.fixture(scope="module")
def nation(scenario):
    return run_nation(scenario("uk_services", years=10), 0, months=60)


def test_run_outcomes_declared(journey) -> None:
    _covers("run", [*journey.outcomes, *(s.name for s in DERIVED)])


def test_series_and_events_declared_in_order(journey) -> None:
    assert tuple(s.name for s in scope("series")) == SERIES_COLUMNS
    assert EVENT_COLUMNS == tuple(journey.event_frame.columns)
    assert set(journey.events[0]) == set(EVENT_COLUMNS)


def test_population_tables_declared(nation) -> None:
    _covers("population", list(nation.outcomes))
    assert tuple(s.name for s in scope("nation year")) == YEARLY_COLUMNS == tuple(nation.yearly.columns)
    assert tuple(s.name for s in scope("service")) == SERVICE_COLUMNS == tuple(nation.services.columns)
    _covers("service year", list(nation.service_years.columns))


def test_one_type_and_one_label_per_column_name() -> None:
    """A name means the same kind of value, and reads the same, in every table (one Arrow type serves them all)."""
    for attribute in ("dtype", "label"):
        seen: dict[str, set[str]] = {}
        for s in OUTCOMES:
            seen.setdefault(s.name, set()).add(getattr(s, attribute))
        assert {n: t for n, t in seen.items() if len(t) > 1} == {}


def test_declared_types_match_values(journey, nation) -> None:
    python = {"int": int, "float": float, "bool": bool, "str": str}
    for outcomes, scope_name in ((journey.outcomes, "run"), (nation.outcomes, "population")):
        for name, value in outcomes.items():
            kind = spec(name, scope_name).dtype
            if value is not None and kind != "float":  # an int total can stand in a float column
                assert type(value) is python[kind], (name, value)


def test_one_label_per_outcome() -> None:
    assert label("need_met_share") == spec("need_met_share", "population").label == "share of need met"
    assert label("embedded_at_year_15") == "embedded at year 15"
    assert dtype_of("causes") == "list" and dtype_of("no_such_column") is None
    with pytest.raises(KeyError, match="must be one of"):
        scope("galaxy")


def test_derived_cost_per_course() -> None:
    assert with_derived({"status": "ok", "cost_total": 1000.0, "courses_total": 3})["cost_per_course"] == 333.33
    assert with_derived({"status": "ok", "cost_total": 0.0, "courses_total": 0})["cost_per_course"] is None
    assert "cost_per_course" not in with_derived({"status": "failed"})
    assert "cost_per_course" not in with_derived({"status": "ok", "courses_total": 4})  # a population row


def test_formatters() -> None:
    assert f.percent(0.0204) == "2.0%" and f.percent(0.5, 0, "-") == "50%" and f.percent(float("nan")) == "—"
    assert f.count(1234.4) == "1,234" and f.money(4632700) == "£4,632,700" and f.money("x") == "—"
    assert f.decimal(0.12345, 3) == "0.123" and f.signed(0.015, 1, 100) == "+1.5" and f.signed(None) == "-"
    assert f.interval(0.1, 0.2, lambda v: f.percent(v, 0)) == "[10%-20%]" and f.interval(None, 1, str) == ""
    assert f.by_format(0.00123, "percent2") == "0.12%" and f.by_format(0.3, "decimal3") == "0.300"
    assert f.by_format(2.0, "money") == "£2" and f.by_format(None, "text") == "—"


def test_sensitivity_outcomes_read_declared_run_columns() -> None:
    from journeysim.validation.sensitivity_measures import OUTCOMES as STUDY

    assert all(spec(c).scope == "run" for o in STUDY.values() for c in o.columns)
