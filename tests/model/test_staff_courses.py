"""Mindfulness courses for a service's own staff (journeysim.model.staff_courses)."""

import pytest

from journeysim.api import load_scenario
from journeysim.model.staff_courses import run_staff_courses


def test_each_staff_course_shifts_culture_and_alignment_by_the_declared_amounts(build):
    model = build()
    svc, p, manager = model.service, model.p, model.middle_manager
    culture, baseline, alignment = svc.culture, svc.culture_baseline, manager.alignment
    assert run_staff_courses(model, 2.0) == 2
    assert svc.staff_courses_total == 2
    assert svc.culture == pytest.approx(culture + 2 * p["staff_course_culture"])
    assert svc.culture_baseline == pytest.approx(baseline + 2 * p["staff_course_culture"])
    assert manager.alignment == pytest.approx(alignment + 2 * p["staff_course_alignment"])


def test_only_the_first_staff_course_is_logged(build):
    model = build()
    run_staff_courses(model, 1.0)
    run_staff_courses(model, 3.0)
    logged = [e for e in model.log if e.kind == "staff_courses_begin"]
    assert len(logged) == 1
    assert (logged[0].direction, logged[0].category) == ("up", "pivot")
    assert model.service.staff_courses_total == 4


def test_part_of_a_course_runs_nothing(build):
    model = build()
    culture = model.service.culture
    assert run_staff_courses(model, 0.7) == 0
    assert model.service.staff_courses_total == 0 and model.service.culture == culture
    assert len(model.log) == 1


def test_culture_and_alignment_stay_within_bounds(build):
    model = build()
    model.service.culture = model.service.culture_baseline = 0.99
    model.middle_manager.alignment = 0.99
    run_staff_courses(model, 10.0)
    assert model.service.culture == model.service.culture_baseline == 1.0
    assert model.middle_manager.alignment == 1.0


def test_a_service_that_gives_teaching_time_to_staff_runs_staff_courses(build):
    model = build("mature_embedded", staff_course_share=0.3)
    model.run(60)
    assert model.service.staff_courses_total > 0
    assert "staff_courses_begin" in [e.kind for e in model.log]
    none = build("mature_embedded")
    none.run(60)
    assert none.service.staff_courses_total == 0


def test_the_staff_courses_strategy_sets_a_share():
    assert load_scenario("lone_champion+staff_courses").parameters["staff_course_share"] == 0.15
