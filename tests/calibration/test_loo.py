"""Leave-one-out checks: the left-out output's prediction is read from the particles' own runs."""

import json

import numpy as np
import pandas as pd
import pytest

from journeysim.calibration.abc import MANIFEST, STATISTICS, Settings, calibrate
from journeysim.calibration.loo import prediction, predictions
from journeysim.calibration.posterior_checks import weighted_quantile
from journeysim.calibration.targets import load_targets, shipped_targets
from journeysim.errors import InputError


@pytest.fixture(scope="module")
def left_out(tmp_path_factory):
    targets = load_targets(shipped_targets())
    folder = tmp_path_factory.mktemp("loo") / "gp"
    settings = Settings(
        population_size=6,
        generations=1,
        services=12,
        seed=5,
        parameters=("champion_arrival_annual",),
        leave_out=("be_mindful_gp_access",),
    )
    calibrate(targets, folder, settings)
    return targets, folder


def test_the_prediction_is_the_weighted_interval_of_the_particles_own_runs(left_out):
    targets, folder = left_out
    row = prediction(folder, targets)
    stats = pd.read_parquet(folder / STATISTICS)
    q = weighted_quantile(stats["be_mindful_gp_access"], stats["weight"], [0.05, 0.5, 0.95])
    assert (row["q05"], row["median"], row["q95"]) == pytest.approx(tuple(q))
    assert row["figure"] == 0.20 and row["particles"] == 6
    assert row["predicted"] == bool(q[0] <= 0.20 <= q[2])
    table = predictions([folder], targets)
    assert list(table["left_out"]) == ["be_mindful_gp_access"] and np.isfinite(table["median"]).all()


def test_a_folder_that_left_out_nothing_or_is_not_a_calibration_is_refused(left_out, tmp_path):
    targets, folder = left_out
    with pytest.raises(InputError, match="not a finished calibration folder"):
        prediction(tmp_path, targets)
    (tmp_path / STATISTICS).write_bytes((folder / STATISTICS).read_bytes())
    manifest = json.loads((folder / MANIFEST).read_text())
    manifest["settings"]["leave_out"] = []
    (tmp_path / MANIFEST).write_text(json.dumps(manifest))
    with pytest.raises(InputError, match="leaves out exactly one"):
        prediction(tmp_path, targets)
