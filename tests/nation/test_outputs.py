"""National accounts: inequality of access, relapses prevented, and the outcomes batch rows carry."""

import json

import numpy as np
import pytest

from journeysim.batch.replicate import replicate
from journeysim.cli import main
from journeysim.nation.outputs import gini, lorenz, relapses_prevented_per_participant
from journeysim.parameters import PARAMETERS
from journeysim.runs import run_nation


def test_gini_is_zero_for_equal_access_per_head_and_one_minus_one_over_n_for_a_single_provider():
    assert gini(np.array([1.0, 3.0]), np.array([100.0, 300.0])) == pytest.approx(0.0)
    assert gini(np.array([0.0, 0.0, 0.0, 8.0]), np.ones(4)) == pytest.approx(0.75)
    assert np.isnan(gini(np.zeros(3), np.ones(3)))
    # A bigger service reaching the same number of people gives less per head: more unequal than equal.
    assert 0 < gini(np.array([10.0, 10.0]), np.array([100.0, 300.0])) < 0.5


def test_the_concentration_curve_runs_from_0_to_1_below_the_diagonal():
    x, y = lorenz(np.array([5.0, 0.0, 20.0]), np.array([1.0, 1.0, 2.0]))
    assert x[0] == y[0] == 0 and x[-1] == pytest.approx(1) and y[-1] == pytest.approx(1)
    assert (y <= x + 1e-12).all() and (np.diff(x) > 0).all()


def test_relapses_prevented_follow_the_cited_hazard_ratio():
    p = {
        name: PARAMETERS[name].default
        for name in ("relapse_baseline_risk", "relapse_hazard_ratio", "relapse_group_share")
    }
    # Kuyken et al. 2016: about 49% relapse without MBCT; HR 0.69 -> about 37% with it.
    with_mbct = 1 - (1 - 0.49) ** 0.69
    assert with_mbct == pytest.approx(0.372, abs=0.001)
    assert relapses_prevented_per_participant(p) == pytest.approx(0.8 * (0.49 - with_mbct))
    assert relapses_prevented_per_participant({**p, "relapse_hazard_ratio": 1.0}) == 0.0


@pytest.fixture(scope="module")
def result(uk):
    return run_nation(uk, seed=1)


def test_a_run_reports_outcomes_overall_and_per_nation(result):
    o = result.outcomes
    assert o["services"] == 196 and o["months"] == 144 and o["final_year"] == 2015
    for nation in ("england", "scotland", "wales", "northern_ireland"):
        assert 0 <= o[f"{nation}_share_no_teacher_final"] <= 1
    assert o["participants_total"] == result.services["participants_total"].sum()
    assert o["relapses_prevented_total"] == pytest.approx(
        o["participants_total"]
        * relapses_prevented_per_participant(result.manifest["scenario_definition"]["parameters"])
    )
    assert o["cost_per_participant"] == pytest.approx(o["spend_total"] / o["participants_total"], abs=0.01)
    assert 0 < o["gini_final"] < 1
    assert len(result.services) == 196 and len(result.service_years) == 196 * 12


def test_nation_command_prints_json_with_the_yearly_accounts(capsys, tmp_path):
    assert (
        main(["nation", "uk_services", "--single", "--years", "10", "--seed", "2", "--json", "--out", str(tmp_path)])
        == 0
    )
    data = json.loads(capsys.readouterr().out)
    assert data["manifest"]["scenario"] == "uk_services" and data["manifest"]["seed"] == 2
    years = {row["year"] for row in data["yearly"] if row["nation"] == "uk"}
    assert years == set(range(2004, 2014))
    assert {"yearly.parquet", "services.parquet", "service_years.parquet", "manifest.json"} <= {
        p.name for p in tmp_path.iterdir()
    }


def test_nation_command_prints_a_readable_table(capsys):
    assert main(["nation", "uk_services", "--single", "--years", "10"]) == 0
    out = capsys.readouterr().out
    assert "England (170 services)" in out and "nobody trained" in out and "2013" in out
    assert "national guideline" in out


@pytest.mark.slow
def test_compare_runs_population_scenarios_with_paired_differences(capsys):
    argv = ["compare", "uk_services", "uk_services", "--years", "10", "-n", "2", "--bootstrap", "200", "--workers", "1"]
    assert main([*argv, "--json", "--compact", "--set", "policy_start_year=2008", "--no-progress"]) == 0
    comparison = json.loads(capsys.readouterr().out)
    assert comparison["kind"] == "population"
    assert set(comparison["scenarios"]) == {"uk_services", "uk_services#2"}
    same = [d for d in comparison["differences"] if d["metric"] == "participants_total"]
    assert same and same[0]["diff"] == 0  # the same scenario twice: identical paired replications


def test_compare_refuses_to_mix_a_population_with_a_single_service(capsys):
    assert main(["compare", "uk_services", "lone_champion", "-n", "2"]) == 2
    assert "cannot compare population scenarios with single services" in capsys.readouterr().err


def test_population_runs_go_through_the_batch_runner_with_uncertainty(uk):
    short = uk.with_parameters({"years": 10})
    rows = replicate([short], 2, seed=3, uncertain=True)
    assert (rows["status"] == "ok").all()
    drawn = rows["param.peer_spread_rate"]
    assert drawn.nunique() == 2 and drawn.between(0.0, 0.05).all()  # population parameters drawn for populations
    assert "share_embedded_final" in rows and "england_participants_per_100k_year" in rows


@pytest.mark.slow
def test_a_sweep_varies_national_policy_levers_over_a_population(tmp_path):
    from journeysim.batch.experiment import load_experiment
    from journeysim.batch.store import read_runs
    from journeysim.batch.sweep import run_sweep

    path = tmp_path / "policy.toml"
    path.write_text(
        'name = "policy"\nscenario = "uk_services"\nreplications = 1\nseed = 1\n'
        "[set]\nyears = 10\npolicy_start_year = 2008\n"
        '[design]\nmethod = "grid"\n[vary.policy_training_places]\nvalues = [0, 300]\n'
    )
    summary = run_sweep(load_experiment(path), tmp_path / "out", progress=False)
    assert summary.complete and summary.runs_done == 2
    runs = read_runs(tmp_path / "out").sort_values("param.policy_training_places")
    assert runs["policy_money_total"].tolist() == [0.0, 300 * 5 * 4000.0]
    assert runs["participants_total"].iloc[1] > runs["participants_total"].iloc[0]


# ------------------------------------------------- need met, cancelled courses and fill, per nation and year
def test_mean_fill_averages_the_services_that_offered_places():
    from journeysim.nation.outputs import mean_fill, share

    assert mean_fill(np.array([8.0, 6.0, 0.0]), np.array([10.0, 12.0, 0.0])) == pytest.approx((0.8 + 0.5) / 2)
    assert np.isnan(mean_fill(np.zeros(2), np.zeros(2)))
    assert share(5.0, 200.0) == 0.025 and np.isnan(share(5.0, 0.0))


def test_the_yearly_table_turns_running_totals_into_each_years_need_met(two_services):
    from journeysim.nation.outputs import nation_outcomes, yearly_table

    model = two_services()
    model.run(24)
    first, second = model.snapshots
    # Running totals at the end of each year, set by hand: service 0 and service 1.
    first.update(
        eligible_total=np.array([1000.0, 500.0]),
        participants_total=np.array([20, 0]),
        places_total=np.array([24, 0]),
        cancelled_total=np.array([0, 1]),
    )
    second.update(
        eligible_total=np.array([2000.0, 1000.0]),
        participants_total=np.array([30, 9]),
        places_total=np.array([36, 12]),
        cancelled_total=np.array([1, 1]),
    )
    table = yearly_table(model)
    uk = table[table["nation"] == "uk"].set_index("year")
    y0, y1 = model.start_year, model.start_year + 1
    assert uk.at[y0, "eligible"] == 1500 and uk.at[y1, "eligible"] == 1500
    assert uk.at[y0, "need_met_share"] == pytest.approx(20 / 1500)
    assert uk.at[y1, "need_met_share"] == pytest.approx((10 + 9) / 1500)
    assert uk.at[y0, "courses_cancelled"] == 1 and uk.at[y1, "courses_cancelled"] == 1
    assert uk.at[y0, "mean_fill"] == pytest.approx(20 / 24)  # service 1 offered no place
    assert uk.at[y1, "mean_fill"] == pytest.approx((10 / 12 + 9 / 12) / 2)
    assert uk.at[y1, "places"] == 24
    wales = table[table["nation"] == "wales"].set_index("year")
    assert wales.at[y1, "need_met_share"] == uk.at[y1, "need_met_share"]
    o = nation_outcomes(model, table)
    assert o["eligible_total"] == 3000 and o["need_met_share"] == pytest.approx(39 / 3000)
    assert o["fill_rate"] == pytest.approx(39 / 48) and o["courses_cancelled"] == 2
    assert o["need_met_share_final"] == pytest.approx(19 / 1500) and o["wales_need_met_share"] == o["need_met_share"]


def test_each_service_gets_its_catchment_and_kind_in_the_nation_model(two_services):
    model = two_services(nation="island_boards = 1\nisland_board_people = 20000\n")
    kinds = sorted(s.service_type for s in model.sites)
    assert kinds == ["island_board", "secondary_care"]
    for site, service in zip(model.sites, model.services, strict=True):
        assert service.p["catchment_adults"] == round(site.people * service.p["adult_share"])
        assert service.p["service_type"] == site.service_type
