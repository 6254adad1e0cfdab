"""Scenario discovery with PRIM: the boxes, their statistics and limits, on data with a known box."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from journeysim.analysis.discovery import feature_scores, find_boxes, in_box


@pytest.fixture
def planted() -> tuple[pd.DataFrame, np.ndarray]:
    """Runs where the condition holds (mostly) when a < 0.3 and the flag is on: a box PRIM should find."""
    rng = np.random.default_rng(3)
    n = 400
    x = pd.DataFrame(
        {
            "a": rng.random(n),
            "b": rng.integers(0, 10, n),
            "flag": rng.random(n) < 0.5,
            "noise": rng.random(n),
        }
    )
    y = ((x["a"] < 0.3) & x["flag"] & (rng.random(n) < 0.9)) | (rng.random(n) < 0.03)
    return x, y.to_numpy()


def test_the_first_box_is_the_planted_one_and_its_statistics_count_the_runs_in_it(planted):
    x, y = planted
    found = find_boxes(x, y, min_density=0.8, max_boxes=2)
    box = found.boxes[0]
    limits = box.limits.set_index("input")
    assert set(limits.index) >= {"a", "flag"}
    assert 0.25 <= limits.loc["a", "high"] <= 0.35
    assert limits.loc["flag", "values"] == ["true"]
    inside = in_box(x, box.limits)
    assert box.runs == inside.sum() and box.hits == (inside & y).sum()
    assert box.coverage == pytest.approx((inside & y).sum() / y.sum())
    assert box.density == pytest.approx((inside & y).sum() / inside.sum())
    assert box.mass == pytest.approx(inside.mean())
    assert box.coverage > 0.7 and box.density > 0.8
    assert found.runs == 400 and found.hits == y.sum()


def test_the_chosen_step_is_the_widest_one_dense_enough(planted):
    x, y = planted
    found = find_boxes(x, y, min_density=0.9, max_boxes=1)
    steps = found.trajectories
    chosen = steps[steps["chosen"]].iloc[0]
    dense = steps[steps["density"] >= 0.9]
    assert chosen["coverage"] == dense["coverage"].max()
    assert found.boxes[0].density >= 0.9


def test_no_box_when_no_step_is_dense_enough():
    rng = np.random.default_rng(0)
    x = pd.DataFrame({"a": rng.random(200)})
    y = rng.random(200) < 0.2  # unrelated to a
    found = find_boxes(x, y, min_density=0.95)
    assert found.boxes == []
    assert not found.trajectories["chosen"].any()


@pytest.mark.parametrize("y", [np.zeros(10, bool), np.ones(10, bool)])
def test_a_condition_true_for_none_or_all_is_refused(y):
    with pytest.raises(ValueError, match="some but not all"):
        find_boxes(pd.DataFrame({"a": np.arange(10.0)}), y)


def test_feature_scores_rank_the_inputs_that_matter_first(planted):
    x, y = planted
    scores = feature_scores(x, y, seed=1)
    assert scores.index[0] == "a"
    assert scores.sum() == pytest.approx(1.0)
    assert scores.equals(feature_scores(x, y, seed=1))  # seeded: the same ranking every time
