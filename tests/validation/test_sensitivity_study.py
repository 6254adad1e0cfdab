"""The sensitivity study: its outcomes, scenarios, censoring rule, inertness check, and a tiny end-to-end run."""

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from journeysim.batch.experiment import Experiment
from journeysim.cli import main
from journeysim.parameters import PARAMETERS
from journeysim.uncertainty import uncertain_parameters
from journeysim.validation.sensitivity_measures import (
    AFTER_DEPARTURE,
    COST,
    EMBEDDED_20,
    LEVEL_10,
    NEED_MET,
    NOISE_MULTIPLE,
    OUTCOMES,
    PARTICIPANTS,
    RUNNING,
    RUNNING_20,
    SCENARIOS,
    SOBOL,
    TO_LAST_COURSE,
    StudyScenario,
    above_floor,
    inert_parameters,
    largest_effects,
    measured_outcomes,
    months_after_departure,
    months_to_last_course,
    noise_floor,
    per_run_outcome,
)
from journeysim.validation.sensitivity_report import render, write_study
from journeysim.validation.sensitivity_study import (
    OutcomeResult,
    Study,
    StudySettings,
    experiment_dict,
    point_frame,
    run_study,
    screened_parameters,
    top_factors,
)


def runs_frame(rows):
    cols = [
        "running_at_first_departure",
        "collapsed_after_departure",
        "months_departure_to_collapse",
        "first_departure_month",
        "months",
    ]
    return pd.DataFrame(rows, columns=cols)


def test_months_after_departure_is_a_restricted_mean_with_zero_for_services_already_stopped():
    runs = runs_frame(
        [
            (True, True, 10, 48, 240),  # stopped 10 months after the champion left
            (True, False, 192, 48, 240),  # still running at the horizon: counts the whole window
            (True, True, 150, 30, 240),  # stopped after the window: counts the window
            (False, True, 70, 40, 240),  # already stopped when the champion left
        ]
    )
    assert months_after_departure(runs).tolist() == [10.0, 120.0, 120.0, 0.0]


def test_a_window_longer_than_the_follow_up_is_refused_as_censored():
    runs = runs_frame([(True, False, 60, 180, 240)])
    with pytest.raises(ValueError, match="censored"):
        months_after_departure(runs)


def test_months_to_last_course_is_capped_at_the_window_with_zero_when_no_course_followed():
    runs = pd.DataFrame(
        {
            "months_departure_to_last_course": [14, 0, 190, None, 119],
            "first_departure_month": [48, 48, 48, None, 30],
            "months": [240] * 5,
        }
    )
    assert months_to_last_course(runs).tolist() == [14.0, 0.0, 120.0, 0.0, 119.0]
    late = pd.DataFrame({"months_departure_to_last_course": [20], "first_departure_month": [200], "months": [240]})
    with pytest.raises(ValueError, match="censored"):
        months_to_last_course(late)


def full_runs():
    """Two runs as the store holds them, with every column the study reads."""
    return pd.DataFrame(
        {
            "point_hash": ["a", "a"],
            "replication": [0, 1],
            "status": ["ok", "ok"],
            "running_at_year_10": [True, False],
            "running_at_year_20": [False, None],
            "level_at_year_10": ["embedded", "patchy"],
            "embedded_at_year_20": [True, False],
            "participants_total": [120, 30],
            "need_met_share": [0.02, None],
            "cost_total": [48000.0, 9500.0],
            "running_at_first_departure": [True, False],
            "collapsed_after_departure": [True, True],
            "months_departure_to_collapse": [30, 5],
            "first_departure_month": [48, 20],
            "months": [240, 240],
            "months_departure_to_last_course": [40, 0],
        }
    )


def test_outcomes_cover_survival_embedding_reach_cost_and_fade_out():
    assert {o.theme for o in OUTCOMES.values()} == {"survival", "embedding", "reach", "cost", "fade-out"}
    assert set(OUTCOMES) == {
        RUNNING,
        RUNNING_20,
        LEVEL_10,
        EMBEDDED_20,
        PARTICIPANTS,
        NEED_MET,
        COST,
        AFTER_DEPARTURE,
        TO_LAST_COURSE,
    }
    runs = full_runs()
    got = {o: per_run_outcome(runs, o).tolist() for o in OUTCOMES}
    assert got == {
        RUNNING: [1.0, 0.0],
        RUNNING_20: [0.0, 0.0],
        LEVEL_10: [3.0, 1.0],  # embedded, patchy
        EMBEDDED_20: [1.0, 0.0],
        PARTICIPANTS: [120.0, 30.0],
        NEED_MET: [0.02, 0.0],  # no eligible adults: nobody's need met
        COST: [48000.0, 9500.0],
        AFTER_DEPARTURE: [30.0, 0.0],
        TO_LAST_COURSE: [40.0, 0.0],
    }


def test_fade_out_is_measured_only_with_a_scripted_departure_and_columns_only_when_the_runs_report_them():
    runs = full_runs()
    runs["running_at_year_20"] = [False, True]
    leaves = StudyScenario("x", "lone_champion+champion_leaves_year5", departure=True)
    assert measured_outcomes(runs, leaves) == list(OUTCOMES)
    assert measured_outcomes(runs, StudyScenario("x", "lone_champion")) == [
        o for o in OUTCOMES if not OUTCOMES[o].departure
    ]
    older = runs.drop(columns=["need_met_share", "months_departure_to_last_course"])
    assert NEED_MET not in measured_outcomes(older, leaves) and TO_LAST_COURSE not in measured_outcomes(older, leaves)
    short = runs.assign(running_at_year_20=[None, None])  # the run ends before year 20
    assert RUNNING_20 not in measured_outcomes(short, leaves)


def test_the_scenario_set_resolves_and_gives_each_parameter_family_a_scenario_where_it_acts():
    assert set(SOBOL.values()) <= set(SCENARIOS)
    assert SCENARIOS[SOBOL[RUNNING]].reference == "lone_champion"
    assert SCENARIOS[SOBOL[AFTER_DEPARTURE]].reference == "lone_champion+champion_leaves_year5"
    bases = {}
    for key, s in SCENARIOS.items():
        assert s.why, key
        exp = Experiment.from_dict(experiment_dict(key, s, ["staff_turnover_annual"], "morris", StudySettings()))
        bases[key] = exp.base
        assert exp.base.parameters["years"] == 20  # every outcome, year 20 included, is defined
    params = {k: b.parameters for k, b in bases.items()}
    implementers = {k: len(b.implementers) for k, b in bases.items()}
    stages = {k: set(b.start.values()) for k, b in bases.items()}
    assert any(n >= 3 for n in implementers.values())  # handover when others remain, complementarity
    assert any(p["fidelity_stance"] == "gold_standard" for p in params.values())
    assert any(p["succession_planning"] for p in params.values())
    assert any(p["national_programme_teachers"] > 0 for p in params.values())
    assert any(p["initial_recurrent_funding"] > 0 for p in params.values())
    assert any(p["initial_one_off_funds"] > 0 for p in params.values())
    assert {p["service_type"] for p in params.values()} == {"primary_care", "secondary_care", "island_board"}
    assert set().union(*stages.values()) == {"starting_out", "developmental", "sustainable"}
    departures = {k for k, s in SCENARIOS.items() if s.departure}
    for key in departures:  # scripted by month 48, so the 120-month window is never censored
        months = [i["month"] for i in bases[key].interventions if i["kind"] == "champion_leaves"]
        assert months and max(months) <= 48, key


def test_point_means_and_noise_share():
    runs = pd.DataFrame(
        {
            "point_hash": ["a", "a", "b", "b"],
            "status": ["ok"] * 4,
            RUNNING: [True, False, True, True],
        }
    )
    points, noise = point_frame(runs, RUNNING)
    assert dict(zip(points["point_hash"], points[RUNNING], strict=True)) == {"a": 0.5, "b": 1.0}
    assert noise == pytest.approx((0.5 / 2 + 0.0) / 2 / 0.125)
    assert points.attrs["spread"] == pytest.approx(np.std([1, 0, 1, 1], ddof=1))
    assert points.attrs["point_sd"] == pytest.approx(
        np.sqrt((0.5 / 2 + 0.0) / 2)
    )  # root of the noise share's numerator


def test_every_uncertain_parameter_is_screened_over_its_declared_range():
    names = screened_parameters()
    assert names == [p.name for p in uncertain_parameters()]
    d = experiment_dict("x", SCENARIOS["scotland_island"], names, "morris", StudySettings())
    assert len(d["vary"]) == len(names) and d["set"] == {"service_type": "island_board"}
    assert d["vary"]["staff_turnover_annual"] == {"low": 0.08, "high": 0.18}


def test_sobol_keeps_the_factors_with_the_largest_scaled_mu_star():
    class R:
        def __init__(self, mu):
            self.indices = pd.DataFrame({"mu_star": mu})

    morris = {"a": R({"x": 1.0, "y": 0.5, "z": 0.1}), "b": R({"x": 0.0, "y": 0.2, "z": 10.0})}
    assert top_factors(morris, 2) == ["x", "z"]


def result(outcome, scenario, mu_star, spread, floor=0.0, conf=0.0):
    indices = pd.DataFrame(
        {"mu": mu_star, "mu_star": mu_star, "sigma": 0.0, "mu_star_conf": conf}, index=list(mu_star.keys())
    )
    return OutcomeResult(outcome, indices, 0.1, np.zeros(3), scenario=scenario, spread=spread, noise_floor=floor)


def test_the_noise_floor_is_the_mu_star_that_pure_replication_noise_gives():
    from SALib.analyze import morris as analyze
    from SALib.sample import morris as sample

    problem = {"num_vars": 12, "names": [f"x{i}" for i in range(12)], "bounds": [[0.0, 1.0]] * 12}
    x = sample.sample(problem, 60, num_levels=4, seed=3)
    point_sd = 0.2  # s.d. of a point mean; nothing in the design acts
    y = np.random.default_rng(3).normal(0.5, point_sd, len(x))
    mu_star = np.asarray(analyze.analyze(problem, x, y, num_levels=4, seed=3)["mu_star"])
    floor = noise_floor(point_sd, 4)
    assert floor == pytest.approx(2 / np.sqrt(np.pi) * 0.2 / (2 / 3))  # step 2/3 of the range at 4 levels
    assert mu_star.mean() == pytest.approx(floor, rel=0.1)
    assert mu_star.max() < NOISE_MULTIPLE * floor  # noise alone never reads as acting here


def test_mu_star_is_read_in_noise_floors():
    got = above_floor(pd.Series([0.3, 0.0, 0.2, 0.0]), pd.Series([0.1, 0.1, 0.0, 0.0]))
    assert got.tolist() == pytest.approx([3.0, 0.0, np.inf, 0.0])  # no noise: any change acts


def test_a_parameter_acts_only_above_the_noise_floor_of_the_same_outcome():
    a, b, c, d = "staff_turnover_annual", "champion_turnover_factor", "career_years_mean", "manager_turnover_annual"
    morris = {
        "s1": {RUNNING: result(RUNNING, "s1", {a: 0.25, b: 0.19, c: 0.0, d: 0.0}, 0.4, floor=0.1)},
        "s2": {
            PARTICIPANTS: result(PARTICIPANTS, "s2", {a: 10.0, b: 30.0, c: 5.0, d: 0.0}, 100.0, floor=20.0),
            RUNNING: result(RUNNING, "s2", {a: 0.0, b: 0.0, c: 0.0, d: 0.01}, 0.3, floor=0.0),
        },
    }
    study = Study(StudySettings(), [a, b, c, d], morris, [], {}, code="x")
    # a clears 2 floors once; b and c move outcomes, but never by 2 floors; d moves a noiseless outcome
    assert inert_parameters(study) == study.inert() == [b, c]
    assert NOISE_MULTIPLE == 2
    reach = largest_effects(study)
    assert reach.loc[a].to_dict() == {
        "ratio": 2.5,
        "mu_star": 0.25,
        "floor": 0.1,
        "normalised": 0.625,
        "outcome": RUNNING,
        "scenario": "s1",
        "acts": 1,
    }
    # b's largest ratio is on running (1.9 floors), though its μ* is larger on participants (1.5 floors)
    assert (reach.loc[b, "ratio"], reach.loc[b, "outcome"], reach.loc[b, "acts"]) == (1.9, RUNNING, 0)
    assert (reach.loc[c, "ratio"], reach.loc[c, "scenario"]) == (0.25, "s2")
    assert np.isinf(reach.loc[d, "ratio"]) and reach.loc[d, "acts"] == 1
    text = render(study, {})
    assert "**Fails**: 2 of 4 screened parameters stay inside the noise floor on every outcome" in text
    assert f"- `{b}`: 1.90 floors (running_at_year_10 in s1)" in text and f"- `{c}`: 0.25 floors" in text
    assert f"| `{a}` | people | 2.50 floors | running_at_year_10 | s1 | 0.62 | 1 of 3 |" in text
    assert f"| `{b}` | people | 1.90 floors **(inert)** | running_at_year_10 | s1 | 0.47 | 0 of 3 |" in text
    assert study.to_json()["largest_effect"][b]["ratio"] == 1.9


def test_one_flipped_run_on_an_outcome_that_rarely_varies_is_not_an_effect():
    a, b = "staff_turnover_annual", "champion_turnover_factor"
    # one of two elementary effects is 0.75 (one replication of two flipped), the other 0: μ* 0.375,
    # 9.4 floors, but its bootstrap half-width 0.52 leaves nothing above one floor; b's effects agree
    lumpy = result(RUNNING, "s", {a: 0.375, b: 0.375}, 0.2, floor=0.04, conf=pd.Series({a: 0.52, b: 0.05}))
    study = Study(StudySettings(), [a, b], {"s": {RUNNING: lumpy}}, [], {}, code="x")
    assert study.inert() == [a]
    assert largest_effects(study)["ratio"].tolist() == pytest.approx([9.375, 9.375])


@pytest.fixture(scope="module")
def tiny_study(tmp_path_factory):
    settings = StudySettings(
        morris_trajectories=2, morris_replications=2, sobol_samples=4, sobol_replications=2, sobol_factors=2
    )
    population_only = next(p.name for p in uncertain_parameters(population=True) if p.population_only)
    factors = ["staff_turnover_annual", "handover_loss_shared", population_only]
    return run_study(settings, tmp_path_factory.mktemp("results"), factors=factors)


def test_a_tiny_study_runs_every_scenario_and_outcome_on_the_sweep_machinery(tiny_study, tmp_path):
    assert list(tiny_study.morris) == list(SCENARIOS)
    for key, by in tiny_study.morris.items():
        expected = list(OUTCOMES) if SCENARIOS[key].departure else [o for o in OUTCOMES if not OUTCOMES[o].departure]
        assert list(by) == expected, key
    assert set(tiny_study.sobol) == {RUNNING, AFTER_DEPARTURE}
    assert len(tiny_study.sobol_factors) == 2
    for r in tiny_study.sobol.values():
        assert {"S1", "S1_conf", "ST", "ST_conf"} <= set(r.indices.columns)
        assert np.all(np.isfinite(r.point_values))
    assert len(tiny_study.sweeps) == len(SCENARIOS) + 2
    floors = [r.noise_floor for by in tiny_study.morris.values() for r in by.values()]
    assert all(np.isfinite(f) and f >= 0 for f in floors) and max(floors) > 0
    assert all(np.isnan(r.noise_floor) for r in tiny_study.sobol.values())  # a Morris quantity
    assert all(w["runs"] > 0 and w["failed"] == 0 for w in tiny_study.sweeps.values())


def test_a_parameter_that_cannot_act_in_a_single_service_is_named_inert(tiny_study):
    population_only = tiny_study.factors[-1]
    assert PARAMETERS[population_only].population_only
    assert population_only in tiny_study.inert()
    assert largest_effects(tiny_study).loc[population_only, "ratio"] == 0
    # a real assumption moves outcomes; whether by two noise floors, two trajectories cannot tell
    assert largest_effects(tiny_study).loc["staff_turnover_annual", "ratio"] > 0
    for by in tiny_study.morris.values():
        for r in by.values():
            assert r.indices.loc[population_only, "mu_star"] == 0


def test_the_report_shows_the_inertness_check_and_every_parameters_largest_effect(tiny_study, tmp_path):
    population_only = tiny_study.factors[-1]
    written = write_study(tiny_study, tmp_path / "sensitivity.md", tmp_path / "figures")
    text = (tmp_path / "sensitivity.md").read_text()
    assert "## No inert parameter" in text and "**Fails**" in text
    assert f"| `{population_only}` | population | 0.00 floors **(inert)** | – | – | – | 0 of" in text
    assert f"- `{population_only}`: 0.00 floors (μ* = 0 everywhere)" in text
    assert "## Which assumptions the conclusions hinge on" not in text  # renamed: the fragility conclusions
    assert "## Which assumptions the fragility conclusions hinge on" in text and "Censoring" in text
    assert "### fade-out: `months_departure_to_last_course`" in text
    for s in SCENARIOS.values():
        assert f"`{s.label}`" in text
    assert "(figures/sensitivity_sobol_months_running_after_departure.html)" in text
    names = [p.name for p in written[1:]]
    assert names[0] == "sensitivity_morris_running_at_year_10.html" and "sensitivity_morris_all.html" in names
    assert names[-3:] == [
        "sensitivity_sobol_running_at_year_10.html",
        "sensitivity_sobol_months_running_after_departure.html",
        "sensitivity_indices.json",
    ]
    data = json.loads((tmp_path / "figures" / "sensitivity_indices.json").read_text())
    assert set(data["morris"]) == set(SCENARIOS) and data["inert"] == tiny_study.inert()
    assert set(data["morris"]["lone_champion_leaves"]) == set(OUTCOMES)
    assert data["largest_effect"][population_only]["acts"] == 0


def test_a_rerun_with_the_same_settings_resumes_and_gives_the_same_indices(tiny_study):
    results = Path(next(iter(tiny_study.sweeps.values()))["folder"]).parent
    before = {p: p.stat().st_mtime_ns for p in results.rglob("*.parquet")}
    again = run_study(tiny_study.settings, results, factors=tiny_study.factors)
    assert again.sweeps == tiny_study.sweeps
    assert {p: p.stat().st_mtime_ns for p in results.rglob("*.parquet")} == before  # nothing was rerun
    assert render(again, {}) == render(tiny_study, {})


def test_the_command_writes_the_report_and_exits_1_when_a_parameter_is_inert(tiny_study, tmp_path, monkeypatch, capsys):
    import journeysim.validation.sensitivity_study as sensitivity

    monkeypatch.setattr(sensitivity, "run_study", lambda *a, **k: tiny_study)
    out = tmp_path / "s.md"
    code = main(["sensitivity-report", "--out", str(out), "--workers", "1", "--no-progress"])
    text = capsys.readouterr().out
    assert code == 1 and out.exists()
    assert "Inert (inside the replication-noise floor on every outcome in every scenario): " in text
    assert tiny_study.factors[-1] in text.split("Inert (", 1)[1].splitlines()[0]


@pytest.mark.parametrize(
    ("argv", "message"),
    [(["--sobol-samples", "100"], "power of 2"), (["--morris-trajectories", "1"], "from 2 to")],
)
def test_sensitivity_report_refuses_bad_sample_sizes_with_status_2(capsys, argv, message):
    code = main(["sensitivity-report", *argv])
    _, err = capsys.readouterr()
    assert code == 2 and message in err


def test_sweep_indices_read_a_folder_through_batch_and_compute_through_analysis(tiny_study):
    from journeysim.analysis.sensitivity import analyze
    from journeysim.batch.results import read_design
    from journeysim.batch.store import read_runs
    from journeysim.errors import InputError
    from journeysim.validation.sensitivity_study import sweep_indices

    sweep = next(w for name, w in tiny_study.sweeps.items() if name.startswith("sensitivity_sobol_"))
    folder = sweep["folder"]
    got = sweep_indices(folder, "participants_total", num_resamples=100, seed=7)  # SALib leaves seed 0 unseeded
    expected = analyze(read_runs(folder), read_design(folder), "participants_total", num_resamples=100, seed=7)
    pd.testing.assert_frame_equal(got, expected)
    assert list(got.columns) == ["S1", "S1_conf", "ST", "ST_conf"] and got.attrs["points"] == sweep["points"]
    with pytest.raises(InputError, match="'bogus' is not a run column"):
        sweep_indices(folder, "bogus")
