"""`discover` on a real (reduced) population sweep: a small nation in 20 futures under two policies."""

from __future__ import annotations

import pytest

import journeysim

NATION = """name = "small_nation"
description = "A small nation of 24 services, 2004-2028."
[parameters]
start_year = 2004
years = 25
[population.start]
nobody = 0.9
lone_champion = 0.1
[population.nations.wales]
services = 24
population = 3000000
regions = 2
training_centres = 1
"""

EXPERIMENT = """name = "small_futures"
scenario = "small_nation.toml"
replications = 20
seed = 7
uncertain = true
[set]
policy_start_year = 2016
[design]
method = "grid"
[vary.policy_training_places]
values = [0, 300]
"""


@pytest.mark.slow
def test_a_reduced_real_sweep_gives_a_box_with_coverage_and_density_above_one_half(tmp_path):
    (tmp_path / "small_nation.toml").write_text(NATION)
    (tmp_path / "small_futures.toml").write_text(EXPERIMENT)
    out = tmp_path / "results"
    journeysim.sweep(tmp_path / "small_futures.toml", out=out, workers=1)
    found = journeysim.discover(out, "share_running_final < 1/3")
    assert 0 < found.hits < found.runs == 40
    best = found.boxes.iloc[0]
    assert best["coverage"] > 0.5 and best["density"] > 0.5, found.boxes


@pytest.mark.slow
def test_the_shipped_example_cut_to_8_futures_gives_a_box_that_duckdb_counts_again(tmp_path):
    """The shipped national_policy_futures (48 UK runs: six policies in 8 futures): the issue's acceptance check."""
    from journeysim.batch.store import query

    out = tmp_path / "futures-8"
    journeysim.sweep("national_policy_futures", replications=8, out=out, workers=1)
    found = journeysim.discover(out, "share_running_final < 1/3")
    best = found.boxes.iloc[0]
    assert best["coverage"] > 0.5 and best["density"] > 0.5, found.boxes
    counted = query(
        out, f"SELECT count(*) AS n, count(*) FILTER (share_running_final < 1/3) AS k FROM runs WHERE {best['sql']}"
    )
    assert (best["runs"], best["hits"]) == (counted["n"].iloc[0], counted["k"].iloc[0])
    assert best["coverage"] == pytest.approx(best["hits"] / found.hits)
    assert found.settings["futures"]["total"] == 8
