"""The monthly record (journeysim.model.record)."""

import pytest

from journeysim.model.record import SERIES_COLUMNS, Month, MonthRecord, record_month
from journeysim.vocabulary import FEATURES, LEVELS


def test_month_record_fields_are_the_series_columns_ending_with_the_features():
    assert MonthRecord._fields == SERIES_COLUMNS
    assert SERIES_COLUMNS[-len(FEATURES) :] == FEATURES
    assert len(set(SERIES_COLUMNS)) == len(SERIES_COLUMNS)


def test_record_month_reads_the_models_named_values(build):
    model = build("mature_embedded")
    svc = model.service
    svc.trainees = [20, 21]
    svc.training_frozen = True
    model.roster[0].energy, model.roster[1].energy = 0.2, 0.6
    row = record_month(model, Month(3, courses=2, participants=19))
    assert row.month == 3 and row.date == model.dates[3] == "2012-04"
    assert (row.level, row.level_code) == ("embedded", LEVELS.index("embedded"))
    assert (row.courses, row.participants, row.courses_last_12) == (2, 19, svc.courses_last_12)
    assert (row.teachers, row.trainees, row.implementers) == (model.teachers_total, 2, 2)
    assert row.mean_energy == pytest.approx(0.4)
    assert (row.recurrent_funding, row.one_off_funds) == (svc.recurrent_funding, svc.one_off_funds)
    assert (row.fit, row.case, row.evidence, row.guidance, row.networks) == (
        svc.fit,
        model.case,
        svc.evidence,
        svc.guidance,
        svc.networks,
    )
    assert (row.middle_alignment, row.senior_priority) == (model.middle_manager.alignment, model.senior_leader.priority)
    assert (row.pressure, row.budget_health) == (svc.pressure, svc.budget_health)
    assert (row.training_pathway, row.training_frozen, row.lead_present) == ("internal", True, True)
    assert tuple(getattr(row, f) for f in FEATURES) == model.features.as_tuple()


def test_a_service_without_implementers_records_no_energy_and_no_lead(build):
    row = record_month(build(implementers=()), Month(0))
    assert (row.implementers, row.mean_energy, row.lead_present) == (0, None, False)
