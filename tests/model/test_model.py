"""The journey model: determinism, common random numbers, interventions and the event log."""

import json
import subprocess
import sys

import numpy as np
import pytest

from journeysim.model.interventions import INTERVENTIONS
from journeysim.model.model import SERIES_COLUMNS, JourneyModel
from journeysim.runs import run_journey


def test_same_scenario_and_seed_give_identical_series_and_events(scenario):
    a = run_journey(scenario("several_implementers"), 11)
    b = run_journey(scenario("several_implementers"), 11)
    assert a.series_rows == b.series_rows
    assert a.events == b.events
    assert a.outcomes == b.outcomes


def test_different_seeds_give_different_journeys(scenario):
    a = run_journey(scenario("several_implementers"), 1)
    b = run_journey(scenario("several_implementers"), 2)
    assert a.series_rows != b.series_rows


def test_identical_in_a_separate_process(scenario):
    code = (
        "import json; from journeysim.library import load_scenario; from journeysim.runs import run_journey;"
        "r = run_journey(load_scenario('lone_champion'), 5);"
        "print(json.dumps({'events': r.events, 'participants': [row[5] for row in r.series_rows]}))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    here = run_journey(scenario("lone_champion"), 5)
    other = json.loads(out)
    assert other["events"] == json.loads(json.dumps(here.events))
    assert other["participants"] == [row[5] for row in here.series_rows]


def test_seed_sequence_and_int_seeds_both_work(scenario):
    ss = np.random.SeedSequence(3, spawn_key=(7,))
    a = run_journey(scenario("lone_champion"), ss)
    b = run_journey(scenario("lone_champion"), np.random.SeedSequence(3, spawn_key=(7,)))
    assert a.series_rows == b.series_rows
    assert a.manifest["seed"] == {"entropy": 3, "spawn_key": [7]}


def test_strategy_does_not_change_the_worlds_shocks(scenario):
    """Common random numbers: the same seed gives the same local shocks whatever the strategy."""

    def shocks(name):
        r = run_journey(scenario(name), 4)
        return [(e["month"], e["kind"]) for e in r.events if e["category"] in ("shock", "national")]

    base = shocks("lone_champion")
    assert base == shocks("lone_champion_succession")
    assert base == shocks("lone_champion+top_down_investment")


def test_series_has_one_row_per_month_and_declared_columns(scenario):
    r = run_journey(scenario("lone_champion", years=12), 0)
    df = r.series
    assert list(df.columns) == list(SERIES_COLUMNS)
    assert len(df) == 144
    assert df["month"].tolist() == list(range(144))
    assert df["date"].iloc[0] == "2005-01" and df["date"].iloc[-1] == "2016-12"


def test_manifest_records_scenario_hash_seed_and_versions(scenario):
    s = scenario("lone_champion")
    r = run_journey(s, 9)
    m = r.manifest
    assert m["scenario"] == "lone_champion"
    assert m["scenario_hash"] == s.hash and len(s.hash) == 16
    assert m["seed"] == 9
    assert set(m["dependencies"]) >= {"mesa", "numpy", "pandas", "scipy"}
    assert m["dependencies"]["mesa"].startswith("3.")


@pytest.mark.parametrize("kind", sorted(INTERVENTIONS))
def test_every_intervention_is_applied_and_logged(scenario, kind):
    model = JourneyModel(scenario("several_implementers"), 0)
    model.run(30)
    before = len(model.log)
    model.intervene(kind)
    new = model.log.events[before:]
    assert any(e.kind == kind or e.category == "intervention" for e in new)
    assert all(e.month == 30 for e in new)
    model.run(6)
    assert model.steps == 36


def test_champion_leaves_removes_the_lead(scenario):
    model = JourneyModel(scenario("several_implementers"), 0)
    model.run(12)
    n = len(model.implementers)
    lead = [i for i in model.implementers if i.lead]
    assert len(lead) == 1
    model.intervene("champion_leaves")
    assert len(model.implementers) == n - 1
    assert lead[0] not in model.implementers
    assert sum(i.lead for i in model.implementers) == 1  # someone else takes the lead


def test_funding_boost_and_cut_move_money(scenario):
    model = JourneyModel(scenario("lone_champion"), 0)
    model.intervene("funding_boost", amount=50000.0, recurrent=True)
    assert model.service.recurrent_funding == 50000.0
    model.intervene("funding_cut", fraction=0.5)
    assert model.service.recurrent_funding == 25000.0


def test_unknown_intervention_and_bad_detail_raise_clear_errors(scenario):
    model = JourneyModel(scenario("lone_champion"), 0)
    with pytest.raises(ValueError, match="unknown intervention 'champion_quits'"):
        model.intervene("champion_quits")
    with pytest.raises(ValueError, match="no detail 'amount'"):
        model.intervene("funding_cut", amount=3)
    with pytest.raises(ValueError, match="range"):
        model.intervene("funding_cut", fraction=2.0)


def test_scheduled_intervention_fires_in_its_month(scenario):
    r = run_journey(scenario("trainer_demo"), 0)
    leaves = [e for e in r.events if e["kind"] == "champion_leaves"]
    assert [e["date"] for e in leaves] == ["2015-04"]
    assert leaves[0]["causes"] == ["scheduled in the scenario"]


def test_national_events_follow_the_calendar_and_nation(scenario):
    events = run_journey(scenario("lone_champion"), 0).events
    # the national events themselves, not the reorganisation one of them may cause
    england = [e["kind"] for e in events if e["category"] == "national" and e["kind"] != "reorganisation"]
    assert england[:5] == [
        "iapt_launch",
        "financial_crisis",
        "austerity",
        "commissioning_reorganised",
        "parliamentary_report",
    ]
    assert "national_training_commissioning" in england
    scotland = [e["kind"] for e in run_journey(scenario("top_down_scotland"), 0).events if e["category"] == "national"]
    assert "iapt_launch" not in scotland and "national_programme" in scotland


def test_mature_service_starts_embedded_and_lone_champion_starts_absent(scenario):
    assert JourneyModel(scenario("mature_embedded"), 0).level == "embedded"
    assert JourneyModel(scenario("lone_champion"), 0).level == "absent"


def test_protected_time_and_support_keep_champions_energetic(scenario):
    """A lone unpaid champion runs lower on energy than a funded, supported team (001 §Discussion)."""
    lone = [
        run_journey(scenario("lone_champion", years=10), s).series["mean_energy"].iloc[:36].mean() for s in range(8)
    ]
    mature = [
        run_journey(scenario("mature_embedded", years=10), s).series["mean_energy"].iloc[:36].mean() for s in range(8)
    ]
    assert np.nanmean(lone) < np.nanmean(mature) - 0.2
