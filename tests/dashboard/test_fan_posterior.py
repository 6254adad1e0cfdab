"""The fan chart's parameters: fixed, drawn from the declared ranges, or from a calibrated posterior.

A posterior is given at startup (``journeysim dashboard --posterior DIR``) or found under the results folder.
"""

from __future__ import annotations

import json

import numpy as np
import pytest

from journeysim.batch.posterior import PosteriorError, load_posterior
from journeysim.batch.runs import RunSpec, execute
from journeysim.cli import main
from journeysim.dashboard import draws as drawsmod
from journeysim.dashboard import fan
from journeysim.dashboard.app import create_app
from journeysim.dashboard.widgets import draws_control, posterior_line
from journeysim.fingerprint import code_fingerprint
from journeysim.library import load_scenario
from journeysim.model.model import JourneyModel
from journeysim.model.record import MonthRecord
from journeysim.runs import apply_point, purpose_seeds

VALUES = {"staff_turnover_annual": [0.09, 0.17], "burnout_threshold": [0.15, 0.35]}


def test_world_i_runs_with_the_particle_replication_i_draws(write_posterior) -> None:
    posterior = load_posterior(write_posterior(VALUES, [0.5, 0.5]))
    scenario = load_scenario("trainer_demo")
    arrays = fan.run_worlds(scenario, 5, [0, 1, 2, 3], drawsmod.Draws(drawsmod.POSTERIOR, posterior))
    for row, r in enumerate([0, 1, 2, 3]):
        seeds = purpose_seeds(5, r)
        world = apply_point(scenario, posterior.draw(seeds["uncertainty"]))
        model = JourneyModel(world, seeds["model"])
        model.run()
        assert arrays["teachers"][row].tolist() == fan.metric_values(list(model.series_rows()), "teachers")


def test_a_weight_of_one_gives_the_worlds_of_that_particle(write_posterior) -> None:
    scenario = load_scenario("trainer_demo")
    fixed = scenario.with_parameters({"staff_turnover_annual": 0.17, "burnout_threshold": 0.35})
    posterior = load_posterior(write_posterior(VALUES, [0.0, 1.0]))
    drawn = fan.run_worlds(scenario, 2, [0, 1, 2], drawsmod.Draws(drawsmod.POSTERIOR, posterior))
    direct = fan.run_worlds(fixed, 2, [0, 1, 2])
    assert all(np.array_equal(drawn[m], direct[m]) for m in drawn)


def test_the_app_sets_the_fan_posterior_and_jobs_use_it(write_posterior) -> None:
    posterior = load_posterior(write_posterior(VALUES, [1.0, 0.0]))
    try:
        create_app(posterior=posterior)
        assert drawsmod.posterior() is posterior
        scenario = load_scenario("trainer_demo", sets={"years": 10})
        job = fan.fan_job(scenario, 7, 5).start().wait(120)
        assert job.result is not None, job.error
        fixed = scenario.with_parameters({"staff_turnover_annual": 0.09, "burnout_threshold": 0.15})
        expected = fan.summarise(scenario, 7, fan.run_worlds(fixed, 7, list(range(5))))
        assert job.result.bands == expected.bands
    finally:
        fan.use_posterior(None)


def test_dashboard_with_a_bad_posterior_exits_2_before_serving(capsys, tmp_path) -> None:
    assert main(["dashboard", "--posterior", str(tmp_path / "none"), "--port", "1"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "no such folder" in err[0]


def batch_teachers(spec: RunSpec) -> list[float]:
    """Teachers per month of one replication as the batch runner runs it."""
    row, series = execute(spec, keep_series=True)
    assert row["status"] == "ok", row["error"]
    column = 3 + MonthRecord._fields.index("teachers")  # after run id, label, replication
    return [float(r[column]) for r in series]


@pytest.mark.parametrize("how", ["ranges", "posterior"])
def test_world_i_draws_as_replication_i_of_the_batch_runner(write_posterior, how) -> None:
    scenario = load_scenario("trainer_demo", sets={"years": 10})
    posterior = load_posterior(write_posterior(VALUES, [0.3, 0.7])) if how == "posterior" else None
    draws = drawsmod.Draws(drawsmod.POSTERIOR, posterior) if posterior else drawsmod.Draws(drawsmod.RANGES)
    arrays = fan.run_worlds(scenario, 9, [0, 1, 2], draws)
    for r in (0, 1, 2):
        spec = RunSpec(scenario, r, 9, uncertain=how == "ranges", posterior=posterior)
        assert arrays["teachers"][r].tolist() == batch_teachers(spec)
    plain = fan.run_worlds(scenario, 9, [0, 1, 2])
    assert not all(np.array_equal(plain[m], arrays[m]) for m in plain)  # the draws changed the worlds


def test_each_choice_has_its_own_fan_in_the_cache(write_posterior) -> None:
    scenario = load_scenario("trainer_demo", sets={"years": 10})
    posterior = load_posterior(write_posterior(VALUES, [0.5, 0.5]))
    choices = [drawsmod.Draws(), drawsmod.Draws(drawsmod.RANGES), drawsmod.Draws(drawsmod.POSTERIOR, posterior)]
    keys = {d.key for d in choices}
    assert len(keys) == 3 and f"posterior:{posterior.digest}" in keys
    for draws in choices:
        job = fan.fan_job(scenario, 4, 5, draws).start().wait(120)
        assert job.result is not None, job.error
        assert job.about[0] == (scenario.hash, 4, 5, draws.key)
        assert fan.remember(job.about[0], job.result) is fan.cached(job.about[0])
        assert job.result.bands == fan.summarise(scenario, 4, fan.run_worlds(scenario, 4, list(range(5)), draws)).bands
    assert fan.cached((scenario.hash, 4, 5)) is fan.cached((scenario.hash, 4, 5, "fixed"))  # no posterior at startup
    with pytest.raises(ValueError):
        drawsmod.Draws(drawsmod.POSTERIOR)
    with pytest.raises(ValueError):
        drawsmod.Draws("sometimes")


def write_manifest(folder, kind: str) -> None:
    folder.mkdir(parents=True)
    (folder / "manifest.json").write_text(json.dumps({"kind": kind}))


def test_posteriors_are_found_under_the_results_folder_and_the_startup_one_comes_first(write_posterior, tmp_path):
    (tmp_path / "results" / "a" / "b").mkdir(parents=True)
    good = write_posterior(VALUES, [0.5, 0.5], name="results/cal")
    deep = write_posterior(VALUES, [0.25, 0.75], name="results/a/b/deep")
    write_posterior(VALUES, [0.5, 0.4], name="results/bad")  # weights sum to 0.9
    write_manifest(tmp_path / "results" / "sweep", "journeysim-sweep")
    (tmp_path / "results" / "sweep" / "parts").mkdir()
    (tmp_path / "startup").mkdir()
    startup = load_posterior(write_posterior(VALUES, [1.0, 0.0], name="startup/given"))
    create_app(posterior=startup, results=tmp_path / "results")
    choices = drawsmod.posterior_choices()
    assert [c.label for c in choices] == ["given (given at start)", "a/b/deep", "bad (cannot be used)", "cal"]
    assert choices[0].startup and drawsmod.open_posterior(choices[0].path) is startup
    assert "'weight' sums to 0.9" in choices[2].problem
    assert drawsmod.open_posterior(str(good.resolve())).digest == load_posterior(good).digest
    assert drawsmod.open_posterior(str(deep.resolve())).particles == 2
    with pytest.raises(PosteriorError, match="weight"):
        drawsmod.draws_for(drawsmod.POSTERIOR, choices[2].path)
    with pytest.raises(PosteriorError, match="not a posterior this server offers"):
        drawsmod.open_posterior(str(tmp_path / "startup"))  # a folder the page did not offer
    assert drawsmod.draws_for(drawsmod.RANGES, choices[3].path).posterior is None
    assert drawsmod.draws_for(drawsmod.POSTERIOR, choices[3].path).posterior.source == str(good)
    assert drawsmod.default_draws().posterior is startup


def test_the_control_offers_the_posterior_only_when_there_is_one(write_posterior, tmp_path) -> None:
    create_app(results=tmp_path / "results")  # no such folder: nothing found
    radio = find(draws_control(), "fan-params")
    assert [o["value"] for o in radio.options] == ["fixed", "ranges"] and radio.value == "fixed"
    (tmp_path / "results").mkdir()
    write_posterior(VALUES, [0.5, 0.5], name="results/cal")
    control = draws_control()
    radio, chooser = find(control, "fan-params"), find(control, "fan-posterior")
    assert [o["label"] for o in radio.options] == [
        "fixed at defaults",
        "drawn from declared ranges",
        "drawn from the calibrated posterior",
    ]
    assert radio.value == "fixed" and [o["label"] for o in chooser.options] == ["cal"]


def test_the_line_names_the_posterior_and_warns_of_other_code(write_posterior) -> None:
    posterior = load_posterior(write_posterior(VALUES, [0.5, 0.5], name="cal_2015"))
    line, warning = posterior_line(posterior)
    assert line == "Posterior 'cal_2015': 2 particles, 2 calibrated parameters, targets targets.toml."
    assert warning == ""
    old = load_posterior(write_posterior(VALUES, [0.5, 0.5], name="old", manifest={"code_fingerprint": "0" * 12}))
    line, warning = posterior_line(old)
    assert line.startswith("Posterior 'old': 2 particles")
    assert "Warning: calibrated with other model code" in warning and code_fingerprint() in warning


def find(component, id_):
    """The component with ``id_`` inside a Dash layout."""
    if getattr(component, "id", None) == id_:
        return component
    children = getattr(component, "children", None)
    for child in children if isinstance(children, list) else [children]:
        if child is not None and not isinstance(child, str):
            hit = find(child, id_)
            if hit is not None:
                return hit
    return None


@pytest.fixture(autouse=True)
def _no_posterior_left_behind():
    yield
    fan.use_posterior(None)
    drawsmod.use_results("results")
