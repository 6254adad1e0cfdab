"""Embeddedness levels and seed-004 stages follow their documented criteria."""

import pytest

from journeysim.model.embeddedness import CRITERIA, FEATURES, Features, domain_stages, level_of, observe, settle


def features(**on):
    return Features(**{f: on.get(f, False) for f in FEATURES})


ALL = dict.fromkeys(FEATURES, True)


@pytest.mark.parametrize(
    ("given", "level"),
    [
        ({}, "absent"),
        ({"running": True}, "patchy"),
        ({"running": True, "regular_courses": True}, "patchy"),
        ({"running": True, "regular_courses": True, "trained_teachers": True}, "fragile"),
        ({**ALL, "sustained_resources": False}, "fragile"),
        ({**ALL, "accountability": False}, "fragile"),
        ({**ALL, "succession": False}, "fragile"),
        ({**ALL, "running": False}, "absent"),
        (ALL, "embedded"),
    ],
)
def test_level_follows_features(given, level):
    assert level_of(features(**given)) == level


def observed(**given):
    state = dict(
        months_since_course=3,
        courses_last_12=2,
        teachers=2,
        implementers=1,
        second_generation=0,
        supervision=True,
        recurrent_funding=1.0,
        protected_share=0.0,
        referral_pathway=True,
        governance=True,
        lead_in_post=True,
        evidence=0.0,
        training_pathway="none",
        critical_mass=3,
    )
    return observe(**{**state, **given})


def test_running_lasts_until_the_stop_gap_is_complete():
    gap = CRITERIA["stop_gap_months"]
    assert observed(months_since_course=gap - 1, courses_last_12=0).running
    assert not observed(months_since_course=gap, courses_last_12=0).running
    assert not observed(months_since_course=None, courses_last_12=0).running


def test_a_level_moves_only_after_the_features_hold_for_the_persistence():
    level, streak = "fragile", 0
    for month in range(5):  # the features point up for five months, then down once: nothing moves
        level, streak = settle(level, "embedded", streak, 6)
        assert (level, streak) == ("fragile", month + 1)
    assert settle(level, "patchy", streak, 6) == ("fragile", -1)  # a change of direction starts again
    for _ in range(6):
        level, streak = settle(level, "embedded", streak if streak > 0 else 0, 6)
    assert (level, streak) == ("embedded", 0)
    assert settle("embedded", "embedded", 4, 6) == ("embedded", 0)


def test_stops_and_restarts_move_the_level_at_once():
    assert settle("embedded", "absent", 0, 6) == ("absent", 0)
    assert settle("absent", "patchy", 0, 6) == ("patchy", 0)


def test_observe_reads_thresholds():
    f = observed()
    assert f.regular_courses and f.trained_teachers and f.sustained_resources and f.accountability
    assert not f.succession  # one implementer, no pathway
    g = observed(
        courses_last_12=1,
        teachers=3,
        supervision=False,
        recurrent_funding=0.0,
        governance=False,
        lead_in_post=False,
        training_pathway="internal",
    )
    assert g.running and not g.regular_courses and g.succession and not g.accountability


def test_protected_teaching_time_counts_as_sustained_resources_without_a_line():
    share = CRITERIA["resources_protected_share"]
    assert observed(recurrent_funding=0.0, protected_share=share).sustained_resources
    assert not observed(recurrent_funding=0.0, protected_share=share - 0.01).sustained_resources


def test_a_lead_who_reports_regularly_is_accountable_without_governance():
    high = CRITERIA["stage_sustainable"]
    assert observed(governance=False, evidence=high).accountability
    assert not observed(governance=False, evidence=high - 0.01).accountability
    assert not observed(governance=False, lead_in_post=False, evidence=1.0).accountability


def test_founders_together_are_not_yet_succession_but_a_second_generation_is():
    assert not observed(implementers=3, second_generation=0).succession
    assert observed(implementers=2, second_generation=1).succession
    assert not observed(implementers=1, second_generation=1).succession  # the heir alone has no heir yet


def test_domain_stages_use_documented_bands():
    f = features(**ALL)
    stages = domain_stages(0.75, 0.2, 0.5, f, 4, 3, 0.7, 0.6, True, True, 0.8)
    assert stages == {
        "fit": "sustainable",
        "evaluation": "starting_out",
        "networks": "developmental",
        "team": "sustainable",
        "top_down": "sustainable",
        "governance": "sustainable",
        "nourishing": "sustainable",
    }


def test_model_reports_stages_of_a_mature_service():
    from journeysim.library import load_scenario
    from journeysim.model.model import JourneyModel

    model = JourneyModel(load_scenario("mature_embedded"), 0)
    stages = model.stages()
    assert set(stages) == {"fit", "evaluation", "networks", "team", "top_down", "governance", "nourishing"}
    assert stages["governance"] == "sustainable" and stages["team"] == "sustainable"
    assert JourneyModel(load_scenario("lone_champion"), 0).stages()["governance"] == "starting_out"
