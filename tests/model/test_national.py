"""National history and the national training programme (journeysim.model.national)."""

import dataclasses

import pytest

from journeysim.model import funding, national
from journeysim.model.events import DOWN, NATIONAL_TIMELINE, UP, month_of
from journeysim.vocabulary import NATIONS


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
    "financial_reset": {"budget_health": ["-reset_budget_drop"], "budget_baseline": ["-reset_budget_drop"]},
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
    assert england == [e.kind for e in NATIONAL_TIMELINE if "england" in e.nations]
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
    # The practitioner network is knocked out here: these tests are of the programme alone.
    model.p.update(national_programme_teachers=2.0, national_programme_funding=20000.0, practitioner_network_reach=0.0)
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


# --- Scotland's practitioner network (003) ----------------------------------------------------------


def test_a_network_at_full_strength_reaches_the_teachers_and_one_with_none_does_not(programme):
    model, svc = programme, programme.service
    model.p.update(practitioner_network_reach=1.0, practitioner_network_floor=0.0)
    national.practitioner_network(model, 1.0)
    assert svc.network_supervision
    assert model.log.events[-1].kind == "practitioner_network" and model.log.events[-1].direction == UP
    national.practitioner_network(model, 0.0)  # the money has gone and the network keeps nothing
    assert not svc.network_supervision
    assert model.log.events[-1].direction == DOWN


def test_the_network_reaches_teachers_as_often_as_its_strength_says(programme):
    model, svc = programme, programme.service
    model.p.update(practitioner_network_reach=0.8, practitioner_network_floor=0.25)
    reached = 0
    for _ in range(4000):
        national.practitioner_network(model, 0.5)
        reached += svc.network_supervision
    strength = 0.8 * (0.25 + 0.75 * 0.5)
    assert reached / 4000 == pytest.approx(strength, abs=0.025)


def test_the_network_keeps_supervision_going_when_the_programmes_ends(programme):
    model, svc = programme, programme.service
    model.p.update(practitioner_network_reach=1.0, practitioner_network_floor=1.0)
    svc.programme_supervision = svc.supervision = True
    model.programme_year = 10
    svc.networks = 0.0  # no local arrangement could replace it
    national.national_programme_year(model)
    assert svc.network_supervision and svc.supervision and not svc.programme_supervision


def test_after_the_programme_ends_the_network_carries_on_yearly_at_its_floor(programme, monkeypatch):
    model, svc = programme, programme.service
    model.p.update(practitioner_network_reach=1.0, practitioner_network_floor=1.0)
    scheduled = []
    monkeypatch.setattr(model, "schedule", lambda month, action, *args: scheduled.append(action))
    model.programme_year = 20
    national.national_programme_year(model)
    assert national.national_programme_year not in scheduled and scheduled[-1] is national.network_year
    national.network_year(model)
    assert svc.network_supervision and scheduled.count(national.network_year) == 2


# --- the national history to 2028 -------------------------------------------------------------------

DATED = {
    "trusts_merged": (2007, 4, ("northern_ireland",)),
    "health_boards_merged": (2009, 10, ("wales",)),
    "commissioning_reorganised": (2013, 4, ("england",)),
    "pandemic": (2020, 3, NATIONS),
    "integrated_care_boards": (2022, 7, ("england",)),
    "financial_reset": (2025, 3, ("england",)),
}


@pytest.mark.parametrize("kind", sorted(DATED))
def test_the_later_history_is_dated_for_the_right_nations(kind):
    (event,) = [e for e in NATIONAL_TIMELINE if e.kind == kind]
    assert (event.year, event.month, event.nations) == DATED[kind]


def test_the_timeline_is_in_date_order_and_ends_by_2028():
    dates = [(e.year, e.month) for e in NATIONAL_TIMELINE]
    assert dates == sorted(dates) and dates[-1] <= (2028, 12)


@pytest.fixture
def from_2010(build):
    """A service starting in January 2010 in the given nation, run to the end of 2025."""

    def make(nation, **params):
        model = build(start_year=2010, nation=nation, **params)
        model.run(month_of(2010, 2026, 1))
        return model

    return make


def test_each_nation_meets_its_own_later_events_in_the_right_month(from_2010):
    for nation in NATIONS:
        logged = {e.kind: e.date for e in from_2010(nation).log if e.category == "national"}
        expected = {k: f"{y}-{mo:02d}" for k, (y, mo, nations) in DATED.items() if nation in nations and y >= 2010}
        assert {k: logged[k] for k in expected} == expected, nation
        assert not {k for k in DATED if nation not in DATED[k][2]} & set(logged), nation


def test_commissioning_memory_is_forgotten_in_england_in_2013_and_2022_but_not_in_scotland(from_2010, monkeypatch):
    forgotten = []
    monkeypatch.setattr(funding, "forget_decommissioning", lambda model: forgotten.append(model.steps))
    from_2010("england")
    assert forgotten == [month_of(2010, 2013, 4), month_of(2010, 2022, 7)]
    forgotten.clear()
    from_2010("scotland")
    assert forgotten == []


def test_new_commissioners_take_a_fresh_look_and_the_service_may_be_reorganised(build):
    model = build(ccg_line_loss=0.0, commissioning_disruption_share=1.0)
    svc, p = model.service, model.p
    svc.decommissioned_case = 0.6
    svc.fit = 0.8
    manager = model.middle_manager
    event = next(e for e in NATIONAL_TIMELINE if e.kind == "commissioning_reorganised")
    national.national_event(model, event)
    assert svc.decommissioned_case is None
    assert svc.fit == pytest.approx(0.8 - p["reorganisation_fit_loss"])
    assert model.middle_manager is not manager
    kinds = [e.kind for e in model.log.events[1:]]
    assert kinds[:2] == ["commissioning_reorganised", "reorganisation"]  # the national event first
    assert "funding_withdrawn" not in kinds
    calm = build(ccg_line_loss=0.0, commissioning_disruption_share=0.0)
    calm.service.decommissioned_case, calm.service.fit = 0.6, 0.8
    national.national_effect(calm, "commissioning_reorganised")
    assert calm.service.decommissioned_case is None and calm.service.fit == 0.8
    assert "reorganisation" not in [e.kind for e in calm.log]


@pytest.mark.parametrize(
    ("kind", "chance"), [("commissioning_reorganised", "ccg_line_loss"), ("integrated_care_boards", "icb_line_loss")]
)
def test_a_funding_line_may_not_survive_the_transfer(build, kind, chance):
    model = build(**{chance: 1.0})
    svc = model.service
    svc.recurrent_funding = 30000.0
    effect = national.national_effect(model, kind)
    assert svc.recurrent_funding == 0.0
    assert svc.decommissioned_case is None  # a lapse is not a judgement on the case
    assert "does not survive" in effect
    assert "funding_withdrawn" in [e.kind for e in model.log]
    kept = build(**{chance: 0.0})
    kept.service.recurrent_funding = 30000.0
    national.national_effect(kept, kind)
    assert kept.service.recurrent_funding == 30000.0


def test_the_transfer_draw_is_made_whether_or_not_there_is_a_line(build):
    with_line, without = build(seed=3), build(seed=3)
    with_line.service.recurrent_funding = 30000.0
    without.service.recurrent_funding = 0.0
    for model in (with_line, without):
        national.national_effect(model, "commissioning_reorganised")
    assert with_line.streams["shocks"].random() == without.streams["shocks"].random()


@pytest.mark.parametrize("kind", ["trusts_merged", "health_boards_merged"])
def test_provider_mergers_reorganise_the_service(build, kind):
    model = build()
    model.service.fit = 0.8
    national.national_effect(model, kind)
    assert model.service.fit == pytest.approx(0.8 - model.p["reorganisation_fit_loss"])
    assert model.log.events[-1].kind in ("reorganisation", "new_middle_manager")
    assert "reorganisation" in [e.kind for e in model.log]


def test_the_pandemic_suspends_groups_raises_pressure_tires_implementers_and_moves_groups_online(build):
    model = build()
    svc, p = model.service, model.p
    pressure = svc.pressure
    energy = [imp.energy for imp in model.roster]
    effect = national.national_effect(model, "pandemic")
    assert svc.delivery_suspended_until == model.steps + p["pandemic_suspension_months"]
    assert svc.pressure == pytest.approx(min(1.0, pressure + p["pandemic_pressure"]))
    assert [imp.energy for imp in model.roster] == pytest.approx(
        [max(0.0, e - p["pandemic_energy_loss"]) for e in energy]
    )
    assert svc.online_groups
    assert "online" in effect


@pytest.mark.parametrize(("keep", "online_in_2022"), [(0.0, False), (1.0, True)])
def test_groups_return_in_person_unless_the_service_keeps_them_online(from_2010, keep, online_in_2022):
    model = from_2010("scotland", online_keep_share=keep)
    rows = model.series_rows()
    pandemic = month_of(2010, 2020, 3)
    back = pandemic + int(model.p["pandemic_in_person_months"])
    assert not rows[pandemic - 1].online_groups and rows[pandemic].online_groups
    assert rows[back - 1].online_groups
    assert rows[back].online_groups is online_in_2022
    returned = [e.date for e in model.log if e.kind == "groups_in_person"]
    assert returned == ([] if online_in_2022 else ["2021-07"])


def test_no_course_starts_while_groups_are_suspended(build):
    model = build("mature_embedded", start_year=2010)  # England, delivering from the start
    model.run(month_of(2010, 2021, 1))
    rows = model.series_rows()
    pandemic = month_of(2010, 2020, 3)
    suspended = rows[pandemic : pandemic + int(model.p["pandemic_suspension_months"])]
    assert sum(r.courses for r in rows[:pandemic]) > 0
    assert [r.courses for r in suspended] == [0] * len(suspended)
    assert model.service.delivery_suspended_until == pandemic + model.p["pandemic_suspension_months"]


def test_passing_shocks_before_the_start_leave_no_mark(build):
    model = build(start_year=2026)
    svc, p = model.service, model.p
    assert svc.delivery_suspended_until is None and not svc.online_groups
    assert svc.fit == build(start_year=2012).service.fit  # no reorganisation's fit loss, before or after 2013
    # the 2025 financial reset is lasting: it shapes the starting budget
    assert svc.budget_health == pytest.approx(build(start_year=2024).service.budget_health - p["reset_budget_drop"])
    assert len(model.log) == 1
