"""National history and the national training programme (journeysim.model.national)."""

import dataclasses

import pytest

from journeysim.model import national
from journeysim.model.events import NATIONAL_TIMELINE


def changes(model, kind):
    before = dataclasses.asdict(model.service)
    effect = national.national_effect(model, kind)
    after = dataclasses.asdict(model.service)
    return {k: (before[k], after[k]) for k in before if before[k] != after[k]}, effect


EFFECTS = {
    "national_guideline": {"guidance": ["guidance_nice"]},
    "iapt_launch": {
        "guidance": ["iapt_guidance"],
        "pressure": ["iapt_pressure"],
        "pressure_baseline": ["iapt_pressure"],
    },
    "financial_crisis": {"budget_health": ["-crisis_budget_drop"], "budget_baseline": ["-crisis_budget_drop"]},
    "austerity": {
        "budget_health": ["-austerity_budget_drop"],
        "budget_baseline": ["-austerity_budget_drop"],
        "pressure": ["austerity_pressure"],
        "pressure_baseline": ["austerity_pressure"],
    },
    "parliamentary_report": {"guidance": ["guidance_report"]},
}


@pytest.mark.parametrize("kind", sorted(EFFECTS))
def test_a_national_event_changes_exactly_the_declared_quantities(build, kind):
    model = build()
    p = model.p
    changed, effect = changes(model, kind)
    assert set(changed) == set(EFFECTS[kind])
    for field, (before, after) in changed.items():
        (name,) = EFFECTS[kind][field]
        delta = -p[name[1:]] if name.startswith("-") else p[name]
        assert after == pytest.approx(before + delta), field
    assert effect != "no direct effect"


def test_national_training_commissioning_funds_places_nationally(build):
    model = build()
    changed, effect = changes(model, "national_training_commissioning")
    assert changed == {"national_training": (False, True)}
    assert "nationally" in effect


def test_every_timeline_event_has_an_effect(build):
    model = build()
    for event in NATIONAL_TIMELINE:
        assert national.national_effect(model, event.kind) != "no direct effect"


def test_an_unknown_event_changes_nothing(build):
    model = build()
    assert changes(model, "moon_landing") == ({}, "no direct effect")


def test_national_events_keep_budget_and_pressure_within_bounds(build):
    model = build()
    svc = model.service
    svc.budget_health = svc.budget_baseline = 0.05
    svc.pressure = svc.pressure_baseline = 0.99
    national.national_effect(model, "austerity")
    assert (svc.budget_health, svc.budget_baseline, svc.pressure, svc.pressure_baseline) == (0.0, 0.0, 1.0, 1.0)


def test_the_timeline_of_a_nation_is_the_events_naming_it(build):
    england = [e.kind for e in national.national_events(build())]
    assert england == [e.kind for e in NATIONAL_TIMELINE]
    scotland = build(nation="scotland")
    kinds = [e.kind for e in national.national_events(scotland)]
    assert "iapt_launch" not in kinds and "national_training_commissioning" not in kinds
    assert "austerity" in kinds


def test_history_before_the_start_shapes_the_starting_context(build):
    model = build("mature_embedded")  # starts in 2012, in England
    p = model.p
    assert model.service.guidance == pytest.approx(p["guidance_nice"] + p["iapt_guidance"])
    assert model.service.budget_health == pytest.approx(0.6 - p["crisis_budget_drop"] - p["austerity_budget_drop"])
    assert model.service.budget_baseline == model.service.budget_health
    assert len(model.log) == 1  # silently


def test_a_national_event_is_logged_with_its_effect(build):
    model = build()
    event = next(e for e in NATIONAL_TIMELINE if e.kind == "parliamentary_report")
    national.national_event(model, event)
    logged = model.log.events[-1]
    assert (logged.kind, logged.category, logged.direction) == ("parliamentary_report", "national", event.direction)
    assert logged.causes == (event.description,)


@pytest.fixture
def programme(build):
    model = build("mature_embedded")
    model.p.update(national_programme_teachers=2.0, national_programme_funding=20000.0)
    model.service.supervision = False
    return model


def test_a_national_programme_brings_money_supervision_and_trainees(programme):
    model, svc = programme, programme.service
    p = model.p
    funds = svc.one_off_funds
    national.national_programme_starts(model)
    assert svc.one_off_funds == funds + p["national_programme_funding"]
    assert svc.supervision and svc.programme_supervision
    assert all(g == model.steps + p["training_months"] for g in svc.trainees)
    assert model.programme_year == 1
    assert [e.kind for e in model.log.events[-1:]] == ["national_programme"]


def test_the_programme_shrinks_each_year(programme):
    model, svc = programme, programme.service
    p = model.p
    national.national_programme_starts(model)
    funds = svc.one_off_funds
    national.national_programme_year(model)
    assert svc.one_off_funds == pytest.approx(
        funds + p["national_programme_funding"] * (1 - p["national_programme_decay_annual"])
    )
    assert model.programme_year == 2


def test_programme_supervision_ends_with_its_money_unless_implementers_arrange_their_own(programme):
    model, svc = programme, programme.service
    p = model.p
    svc.programme_supervision = svc.supervision = True
    model.programme_year = 10  # the programme has shrunk below the supervision scale
    assert (1 - p["national_programme_decay_annual"]) ** 10 <= p["programme_supervision_scale"]
    svc.networks = p["peer_supervision_networks"] - 0.01
    national.national_programme_year(model)
    assert not svc.supervision and not svc.programme_supervision
    assert "supervision_lost" in [e.kind for e in model.log.events]


def test_local_peer_supervision_outlasts_the_programme(programme):
    model, svc = programme, programme.service
    svc.programme_supervision = svc.supervision = True
    model.programme_year = 10
    svc.networks = 1.0
    national.national_programme_year(model)
    assert svc.supervision and not svc.programme_supervision


def test_the_programme_ends_when_it_has_shrunk_away(programme):
    model = programme
    p = model.p
    model.programme_year = 20
    assert (1 - p["national_programme_decay_annual"]) ** 20 < p["programme_end_scale"]
    national.national_programme_year(model)
    assert model.log.events[-1].kind == "national_programme_ended"


def test_a_shrunken_programme_no_longer_brings_supervision(programme):
    model, svc = programme, programme.service
    model.programme_year = 10
    national.national_programme_year(model)
    assert not svc.supervision and not svc.programme_supervision
