"""The sensitivity study: its outcomes, its censoring rule, and a tiny end-to-end run on the sweep machinery."""

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from journeysim.cli import main
from journeysim.uncertainty import uncertain_parameters
from journeysim.validation.sensitivity import (
    AFTER_DEPARTURE,
    RUNNING,
    StudySettings,
    experiment_dict,
    months_after_departure,
    point_frame,
    render,
    run_study,
    screened_parameters,
    top_factors,
    write_study,
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


def test_every_uncertain_parameter_is_screened_over_its_declared_range():
    names = screened_parameters()
    assert names == [p.name for p in uncertain_parameters()]
    d = experiment_dict("x", "lone_champion", names, "morris", StudySettings())
    assert len(d["vary"]) == len(names)
    assert d["vary"]["staff_turnover_annual"] == {"low": 0.08, "high": 0.18}


def test_sobol_keeps_the_factors_with_the_largest_scaled_mu_star():
    class R:
        def __init__(self, mu):
            self.indices = pd.DataFrame({"mu_star": mu})

    morris = {"a": R({"x": 1.0, "y": 0.5, "z": 0.1}), "b": R({"x": 0.0, "y": 0.2, "z": 10.0})}
    assert top_factors(morris, 2) == ["x", "z"]


@pytest.fixture(scope="module")
def tiny_study(tmp_path_factory):
    settings = StudySettings(
        morris_trajectories=2, morris_replications=2, sobol_samples=4, sobol_replications=2, sobol_factors=2
    )
    factors = ["staff_turnover_annual", "handover_loss_alone", "orphan_delivery_factor"]
    return run_study(settings, tmp_path_factory.mktemp("results"), factors=factors)


def test_a_tiny_study_runs_on_the_sweep_machinery_and_reports_both_outcomes(tiny_study, tmp_path):
    assert set(tiny_study.morris) == {RUNNING, AFTER_DEPARTURE} == set(tiny_study.sobol)
    assert len(tiny_study.sobol_factors) == 2
    for r in tiny_study.sobol.values():
        assert {"S1", "S1_conf", "ST", "ST_conf"} <= set(r.indices.columns)
        assert np.all(np.isfinite(r.point_values))
    assert all(w["runs"] > 0 and w["failed"] == 0 for w in tiny_study.sweeps.values())
    written = write_study(tiny_study, tmp_path / "sensitivity.md", tmp_path / "figures")
    text = (tmp_path / "sensitivity.md").read_text()
    assert "## Which assumptions the conclusions hinge on" in text and "Censoring" in text
    assert "(figures/sensitivity_sobol_months_running_after_departure.html)" in text
    assert [p.name for p in written[1:]] == [
        "sensitivity_morris_running_at_year_10.html",
        "sensitivity_morris_months_running_after_departure.html",
        "sensitivity_sobol_running_at_year_10.html",
        "sensitivity_sobol_months_running_after_departure.html",
        "sensitivity_indices.json",
    ]
    data = json.loads((tmp_path / "figures" / "sensitivity_indices.json").read_text())
    assert set(data["morris"]) == {RUNNING, AFTER_DEPARTURE}


def test_a_rerun_with_the_same_settings_resumes_and_gives_the_same_indices(tiny_study):
    results = Path(next(iter(tiny_study.sweeps.values()))["folder"]).parent
    again = run_study(tiny_study.settings, results, factors=tiny_study.factors)
    assert again.sweeps == tiny_study.sweeps
    assert render(again, {}) == render(tiny_study, {})


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
    from journeysim.validation.sensitivity import sweep_indices

    sweep = next(w for name, w in tiny_study.sweeps.items() if name.startswith("sensitivity_sobol_"))
    folder = sweep["folder"]
    got = sweep_indices(folder, "participants_total", num_resamples=100, seed=7)  # SALib leaves seed 0 unseeded
    expected = analyze(read_runs(folder), read_design(folder), "participants_total", num_resamples=100, seed=7)
    pd.testing.assert_frame_equal(got, expected)
    assert list(got.columns) == ["S1", "S1_conf", "ST", "ST_conf"] and got.attrs["points"] == sweep["points"]
    with pytest.raises(InputError, match="'bogus' is not a run column"):
        sweep_indices(folder, "bogus")
