"""``journeysim nation`` headlines an ensemble of worlds by default; one world only when asked (issue 27)."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from journeysim.analysis.nation import ensemble_bands
from journeysim.api.nation import nation_ensemble
from journeysim.cli import main

SMALL = (
    "name = 'small'\n[parameters]\nstart_year = 2004\nyears = 10\n"
    "[population.start]\nnobody = 0.5\nlone_champion = 0.5\n"
    "[population.nations.wales]\nservices = 6\npopulation = 3000000\nregions = 2\ntraining_centres = 1\n"
)


@pytest.fixture
def small(tmp_path):
    path = tmp_path / "small.toml"
    path.write_text(SMALL)
    return path


def test_bands_are_the_median_and_the_central_quantiles_of_the_worlds():
    runs = pd.DataFrame({"status": ["ok"] * 21 + ["failed"], "x": [*range(21), 999], "y": [3.0] * 22})
    bands = ensemble_bands(runs, ["x", "y", "absent"], band=0.9)
    assert bands["worlds"] == 21 and bands["failed"] == 1 and set(bands["outcomes"]) == {"x", "y"}
    x = bands["outcomes"]["x"]
    assert (x["median"], x["low"], x["high"]) == pytest.approx((10.0, 1.0, 19.0))  # quantiles 0.05, 0.95 of 0..20
    assert bands["outcomes"]["y"] == {"median": 3.0, "low": 3.0, "high": 3.0, "n": 21}


def test_the_ensemble_runs_the_worlds_compare_runs(small):
    ensemble = nation_ensemble(small, replications=3, seed=5, workers=1)
    assert list(ensemble.runs["replication"]) == [0, 1, 2]
    shares = ensemble.runs["share_running_final"].to_numpy(dtype=float)
    assert ensemble.summary["outcomes"]["share_running_final"]["median"] == pytest.approx(np.median(shares))


def test_nation_prints_the_ensemble_by_default_and_one_world_when_asked(small, capsys, tmp_path):
    report = tmp_path / "n.html"
    assert main(["nation", str(small), "-n", "3", "--workers", "1", "--report", str(report), "--no-progress"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("small: 3 simulated worlds (replications 0-2 of seed 0) to the end of 2013")
    assert "Median and 90% band across the worlds" in out and "Wales" in out
    assert "--single --seed 0" in out
    html = report.read_text(encoding="utf-8")
    assert "Across 3 worlds" in html and "One world in detail (seed 0)" in html
    assert main(["nation", str(small), "--single", "--seed", "2"]) == 0
    single = capsys.readouterr().out
    assert single.startswith("A single simulated world (seed 2), not an ensemble")


def test_nation_json_holds_the_ensemble(small, capsys):
    assert main(["nation", str(small), "-n", "2", "--workers", "1", "--json", "--no-progress"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["scenario"] == "small" and data["ensemble"]["worlds"] == 2 and data["ensemble"]["band"] == 0.9
    assert {"median", "low", "high"} <= set(data["ensemble"]["outcomes"]["share_embedded_final"])
