"""Embeddedness levels and seed-004 stages follow their documented criteria."""

import pytest

from journeysim.model.embeddedness import FEATURES, Features, domain_stages, level_of, observe


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
        ({**ALL, "funding_line": False}, "fragile"),
        ({**ALL, "governance_and_lead": False}, "fragile"),
        ({**ALL, "succession": False}, "fragile"),
        ({**ALL, "running": False}, "absent"),
        (ALL, "embedded"),
    ],
)
def test_level_follows_features(given, level):
    assert level_of(features(**given)) == level


def test_observe_reads_thresholds():
    f = observe(
        courses_last_12=2,
        teachers=2,
        implementers=1,
        supervision=True,
        recurrent_funding=1.0,
        referral_pathway=True,
        governance=True,
        lead_role=True,
        training_pathway="none",
        critical_mass=3,
    )
    assert f.regular_courses and f.trained_teachers and f.funding_line and f.governance_and_lead
    assert not f.succession  # one implementer, no pathway
    g = observe(
        courses_last_12=1,
        teachers=3,
        implementers=1,
        supervision=False,
        recurrent_funding=0.0,
        referral_pathway=False,
        governance=True,
        lead_role=False,
        training_pathway="internal",
        critical_mass=3,
    )
    assert g.running and not g.regular_courses and g.succession and not g.governance_and_lead


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
