"""Robust conclusions: the unsettled parameters, and paired differences across a Sobol design (issue 26)."""

from __future__ import annotations

import numpy as np
import pytest

from journeysim.calibration.robust import CONTRASTS, Contrast, RobustSettings, run_contrast, unsettled
from journeysim.errors import InputError
from journeysim.parameters import PARAMETERS
from journeysim.uncertainty import Posterior
from journeysim.validation.sensitivity_measures import RUNNING

TINY = RobustSettings(samples=4, replications=2, difference_replications=12)


@pytest.fixture
def post(write_posterior) -> Posterior:
    """A posterior pinning ``champion_arrival_annual`` near its default, ``new_senior_view_weight`` over its range."""
    from journeysim.batch.posterior import load_posterior

    rng = np.random.default_rng(0)
    n, pn, pw = 200, PARAMETERS["champion_arrival_annual"], PARAMETERS["new_senior_view_weight"]
    narrow = np.clip(rng.normal(pn.default, 0.01 * (pn.high - pn.low), n), pn.low, pn.high)
    columns = {"champion_arrival_annual": narrow, "new_senior_view_weight": rng.uniform(pw.low, pw.high, n)}
    return load_posterior(write_posterior(columns, np.full(n, 1 / n)))


def test_a_calibrated_parameter_is_settled_only_if_the_posterior_identifies_it(post, tmp_path) -> None:
    candidates = ["champion_arrival_annual", "new_senior_view_weight", "staff_turnover_annual"]
    assert unsettled(post, candidates) == ["new_senior_view_weight", "staff_turnover_annual"]


def test_the_same_strategy_against_itself_differs_by_exactly_zero_everywhere(post, tmp_path) -> None:
    same = Contrast("same", "Is a service different from itself?", "lone_champion", "lone_champion", RUNNING)
    r = run_contrast(same, ["staff_turnover_annual", "new_senior_view_weight"], post, TINY, tmp_path / "runs")
    assert r.difference.estimate == 0.0 and r.difference.n == TINY.difference_replications
    assert len(r.point_differences) == TINY.samples * 4 and not np.any(r.point_differences)  # N (k + 2) points
    assert set(r.indices.index) == {"staff_turnover_annual", "new_senior_view_weight"}


def test_several_implementers_keep_more_services_running_than_one_champion(post, tmp_path) -> None:
    several = next(c for c in CONTRASTS if c.key == "several")
    settings = RobustSettings(samples=4, replications=3, difference_replications=40)
    r = run_contrast(several, ["staff_turnover_annual", "new_senior_view_weight"], post, settings, tmp_path / "runs")
    assert r.difference.estimate > 0.2 and r.difference.ci_low > 0
    assert r.point_differences.mean() > 0 and 0.5 < r.keeps_direction <= 1.0
    payload = r.to_json()
    assert payload["difference"]["estimate"] == pytest.approx(r.difference.estimate)
    assert payload["contrast"]["treated"] == "several_implementers"


def test_fewer_than_two_unsettled_parameters_is_refused(post, tmp_path) -> None:
    from journeysim.calibration.robust import run_robust

    with pytest.raises(InputError, match="at least two unsettled"):
        run_robust(post, ["champion_arrival_annual", "staff_turnover_annual"], TINY, tmp_path)


def test_a_posterior_not_read_from_a_folder_is_refused(post, tmp_path) -> None:
    from dataclasses import replace

    several = next(c for c in CONTRASTS if c.key == "several")
    in_memory = replace(post, source="<arrays>")
    with pytest.raises(InputError, match="read from its folder"):
        run_contrast(several, ["staff_turnover_annual", "new_senior_view_weight"], in_memory, TINY, tmp_path)
