"""Morris screening of the targets' outputs: effects in target sds, a noise floor, a ranking."""

import numpy as np
import pandas as pd
import pytest

from journeysim.calibration.screen import (
    LEVELS,
    ScreenSettings,
    candidates,
    rank,
    read_screen,
    screen,
    write_screen,
)
from journeysim.calibration.targets import load_targets, shipped_targets
from journeysim.cli.main import main
from journeysim.errors import InputError
from journeysim.library import load_scenario

NAMES = ["champion_arrival_annual", "icb_line_loss"]
SETTINGS = ScreenSettings(trajectories=3, services=20, noise_runs=4)


@pytest.fixture(scope="module")
def targets():
    return load_targets(shipped_targets())


@pytest.fixture(scope="module")
def small(targets):
    return screen(targets, SETTINGS, names=NAMES)


def test_runs_one_trajectory_per_seed_plus_runs_at_the_defaults(small):
    assert small.runs == SETTINGS.trajectories * (len(NAMES) + 1) + SETTINGS.noise_runs
    assert set(small.effects["parameter"]) == set(NAMES)
    assert len(small.effects) == len(NAMES) * 4  # four shipped targets


def test_a_parameter_that_acts_only_after_the_last_target_year_has_no_effect(small):
    """Integrated care boards come in 2022; the targets end in 2015, and a trajectory shares one seed."""
    late = small.effects[small.effects["parameter"] == "icb_line_loss"]
    assert (late["mu_star"] == 0.0).all()
    assert not late["informs"].any()


def test_how_often_services_gain_a_champion_moves_the_provision_targets(small):
    arrival = small.effects[small.effects["parameter"] == "champion_arrival_annual"].set_index("target")
    assert arrival.loc["crane_kuyken_no_provision", "mu_star"] > 0.5
    assert arrival.loc["census_2015_nobody_trained", "mu_star"] > 0.5
    assert small.ranking.iloc[0]["parameter"] == "champion_arrival_annual"


def test_noise_floor_follows_the_run_to_run_spread_at_the_defaults(small, targets):
    delta = LEVELS / (2.0 * (LEVELS - 1))
    for row in small.noise.itertuples():
        floor = small.effects.loc[small.effects["target"] == row.target, "floor"].iloc[0]
        assert floor == pytest.approx(SETTINGS.floor_factor * 2 / np.sqrt(np.pi) * row.run_sd_in_target_sds / delta)
        assert row.run_sd_in_target_sds == pytest.approx(row.run_sd / targets.sds[row.target])


def test_same_seed_same_screen(small, targets):
    again = screen(targets, SETTINGS, names=NAMES)
    pd.testing.assert_frame_equal(again.effects, small.effects)


def test_rank_orders_by_effect_over_the_floor():
    effects = pd.DataFrame(
        {
            "parameter": ["a", "a", "b", "b", "c", "c"],
            "target": ["x", "y", "x", "y", "x", "y"],
            "mu_star": [1.0, 3.0, 4.0, 0.0, 0.0, 0.0],
            "sigma": [0.0] * 6,
            "floor": [2.0, 1.0, 2.0, 1.0, 2.0, 1.0],
            "informs": [False, True, True, False, False, False],
        }
    )
    ranked = rank(effects)
    assert ranked["parameter"].tolist() == ["a", "b", "c"]
    assert ranked["signal"].tolist() == [3.0, 2.0, 0.0]
    assert ranked["moves_most"].tolist() == ["y", "x", "x"]
    assert ranked["informs"].tolist() == [1, 1, 0]


def test_candidates_leave_out_what_the_scenario_sets_on_purpose():
    scenario = load_scenario("uk_services")
    names = candidates({**scenario.parameters, "champion_arrival_annual": 0.2})
    assert "champion_arrival_annual" not in names
    assert "peer_spread_rate" in names and "icb_line_loss" in names


def test_written_screen_reads_back(small, targets, tmp_path):
    write_screen(small, tmp_path, targets)
    effects, ranking, noise, meta = read_screen(tmp_path)
    pd.testing.assert_frame_equal(effects, small.effects)
    pd.testing.assert_frame_equal(noise, small.noise)
    assert ranking["parameter"].tolist() == small.ranking["parameter"].tolist()
    assert meta["runs"] == small.runs and meta["targets_sha256"] == targets.sha256
    with pytest.raises(InputError, match="holds no screen"):
        read_screen(tmp_path / "nothing")


def test_cli_refuses_too_few_trajectories(capsys):
    assert main(["screen", "uk", "--trajectories", "1", "--workers", "1"]) == 2
    assert "--trajectories 1" in capsys.readouterr().err


def test_section_names_the_design_the_noise_and_marks_the_calibrated(small, targets, tmp_path):
    from journeysim.calibration.screen_report import screen_lines

    write_screen(small, tmp_path, targets)
    text = "\n".join(screen_lines(tmp_path, ["champion_arrival_annual"]))
    assert f"{small.runs} runs" in text and "3 trajectories" in text
    assert "| 1 | **`champion_arrival_annual`** |" in text
    assert "`icb_line_loss`" in text and "**`icb_line_loss`**" not in text
    for row in small.noise.itertuples():
        assert f"| `{row.target}` | {row.run_sd:.3f} |" in text
