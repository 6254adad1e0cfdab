"""Features, level and the coming together of conditions (journeysim.model.assessment)."""

from journeysim.model import assessment
from journeysim.model.events import DOWN, UP
from journeysim.model.record import Month
from journeysim.vocabulary import DOMAINS, STAGES

CONDITIONS = ["resources", "structure", "critical mass of teachers", "compelling case"]


def all_conditions(model):
    svc, p = model.service, model.p
    svc.one_off_funds = 1000.0
    svc.lead_role = True
    svc.pool_teachers = int(p["critical_mass_teachers"])
    svc.guidance = svc.evidence = 1.0


def test_the_four_conditions_read_the_declared_thresholds(build):
    model = build()
    assert assessment.conditions(model) == dict.fromkeys(CONDITIONS, False)
    all_conditions(model)
    assert assessment.conditions(model) == dict.fromkeys(CONDITIONS, True)
    model.service.pool_teachers -= 1 + model.teachers_total - int(model.p["critical_mass_teachers"])
    assert not assessment.conditions(model)["critical mass of teachers"]


def test_conditions_coming_together_raise_leaders_commitment_once(build):
    model = build()
    all_conditions(model)
    boost = model.p["alignment_boost"]
    priority, alignment = model.senior_leader.priority, model.middle_manager.alignment
    assessment.conditions_pivot(model, 6)
    assessment.conditions_pivot(model, 7)
    aligned = [e for e in model.log.events if e.kind == "conditions_aligned"]
    assert len(aligned) == 1 and aligned[0].direction == UP and aligned[0].month == 6
    assert model.conditions_aligned
    assert model.senior_leader.priority == priority + boost
    assert model.middle_manager.alignment == alignment + boost


def test_the_boost_is_capped_at_one(build):
    model = build()
    all_conditions(model)
    model.senior_leader.priority = model.middle_manager.alignment = 0.99
    assessment.conditions_pivot(model, 0)
    assert model.senior_leader.priority == model.middle_manager.alignment == 1.0


def test_conditions_fall_apart_when_most_are_lost(build):
    model = build()
    all_conditions(model)
    assessment.conditions_pivot(model, 0)
    model.service.one_off_funds = 0.0
    assessment.conditions_pivot(model, 1)
    assert model.conditions_aligned  # three still hold
    model.service.lead_role = False
    held = sum(assessment.conditions(model).values())
    assert held <= model.p["conditions_lost_at"]
    assessment.conditions_pivot(model, 2)
    event = model.log.events[-1]
    assert (event.kind, event.direction) == ("conditions_fell_apart", DOWN)
    assert set(event.causes) == {"lost: resources", "lost: structure"}
    assert not model.conditions_aligned


def test_assess_logs_service_stopped_when_no_course_starts_for_the_gap(build):
    model = build("mature_embedded")
    assert model.level == "embedded"
    gap = int(model.p["stop_gap_months"])
    model.service.courses_window.extend([0] * 12)
    model.service.recount_courses()
    model.service.last_course_month = 30 - gap + 1
    assessment.assess(model, Month(30))  # a month short of the gap: still running
    assert model.features.running and not any(e.kind == "service_stopped" for e in model.log.events)
    assessment.assess(model, Month(31))
    event = model.log.events[-1]
    assert (event.kind, event.direction, event.category) == ("service_stopped", DOWN, "level")
    assert event.effect.startswith("embedded -> absent; no course for 24 months")
    assert event.effect.endswith(model.dates[30 - gap + 1])  # dated at the last course
    assert "lost running" in event.causes
    assert model.level == "absent" and not model.features.running
    assert model.ever_running


def test_assess_logs_a_level_up_with_what_was_gained(build):
    model = build()
    assert model.level == "absent" and not model.ever_running
    model.service.add_courses(1)
    model.service.last_course_month = 3
    assessment.assess(model, Month(3))
    event = model.log.events[-1]
    assert (event.kind, event.direction, event.effect) == ("level_up", UP, "absent -> patchy")
    assert "gained running" in event.causes
    assert model.ever_running


def test_a_course_after_a_stop_is_a_restart(build):
    model = build("mature_embedded")
    model.service.last_course_month = 0
    assessment.assess(model, Month(40))
    assert model.level == "absent"
    model.service.last_course_month = 41
    assessment.assess(model, Month(41))
    assert model.log.events[-1].kind == "service_restarted" and model.level != "absent"


def test_assess_logs_a_level_down_short_of_stopping_once_it_has_lasted(build):
    model = build("mature_embedded")
    model.service.supervision = False
    persistence = int(model.p["level_persistence_months"])
    for m in range(3, 3 + persistence - 1):
        assessment.assess(model, Month(m))
        assert model.level == "embedded"  # a few months without supervision are not yet a fall
    assessment.assess(model, Month(3 + persistence - 1))
    event = model.log.events[-1]
    assert (event.kind, event.effect) == ("level_down", "embedded -> fragile")
    assert "lost supervision" in event.causes


def test_assess_logs_what_happened_in_the_year_before_a_change(build):
    model = build("mature_embedded")
    model.log.add(1, "reorganisation", DOWN, "shock", ["test"], "test")
    model.service.supervision = False
    for m in range(12 - int(model.p["level_persistence_months"]) + 1, 13):
        assessment.assess(model, Month(m))
    assert "after reorganisation" in model.log.events[-1].causes


def test_assess_logs_nothing_when_the_level_holds(build):
    model = build("mature_embedded")
    model.conditions_aligned = True
    n = len(model.log)
    assessment.assess(model, Month(3))
    assert len(model.log) == n and model.level == "embedded"


def test_observe_service_reads_the_service(build):
    model = build("mature_embedded")
    f = assessment.observe_service(model, 0)
    assert f.running and f.regular_courses and f.trained_teachers and f.sustained_resources and f.succession
    model.service.recurrent_funding = 0.0
    assert assessment.observe_service(model, 0).sustained_resources  # the manager protects teaching time
    model.middle_manager.alignment = 0.0
    assert not assessment.observe_service(model, 0).sustained_resources


def test_stages_give_every_domain_a_stage(build):
    model = build("mature_embedded")
    stages = assessment.stages(model)
    assert set(stages) == set(DOMAINS) and set(stages.values()) <= set(STAGES)
    assert stages == dict.fromkeys(DOMAINS, "sustainable")
    assert assessment.stages(build())["team"] == "starting_out"
