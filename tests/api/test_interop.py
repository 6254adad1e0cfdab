"""journeysim with SALib, EMA Workbench and Mesa's batch runner: the documented examples, checked."""

from __future__ import annotations

import multiprocessing
import warnings

import mesa
import pandas as pd
import pytest

import journeysim
from journeysim.api.interop import MesaJourney, ema_model, salib_problem
from journeysim.errors import InputError


def test_a_sweep_design_is_a_salib_problem_salib_samples():
    from SALib.sample import latin

    problem = salib_problem("national_policy_futures")
    assert problem == {
        "num_vars": 2,
        "names": ["policy_training_places", "policy_service_funding"],
        "bounds": [[0.0, 600.0], [0.0, 20000.0]],
    }
    sample = latin.sample(problem, 8, seed=1)
    assert sample.shape == (8, 2) and (sample[:, 0] <= 600).all() and (sample[:, 1] <= 20000).all()
    with pytest.raises(InputError, match=r"vary\.funding_boost\.recurrent is a bool factor"):
        salib_problem("funding_sweep")


def test_the_ema_model_runs_journeysim_with_the_sampled_values():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # EMA Workbench notes that ipyparallel (not used here) is missing
        import ema_workbench as ema

    model = ema_model("lone_champion", uncertainties=["pressure", "staff_turnover_annual"], years=10, seed=2)
    assert [u.name for u in model.uncertainties] == ["pressure", "staff_turnover_annual"]
    assert model.uncertainties[0].lower_bound == 0.0 and model.uncertainties[0].upper_bound == 1.0
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # EMA Workbench's own notices
        with ema.SequentialEvaluator(model) as evaluator:
            experiments, outcomes = evaluator.perform_experiments(scenarios=3)
    assert len(experiments) == 3 and set(outcomes) >= {"running_at_end", "participants_total"}
    for i, row in experiments.iterrows():
        values = {"pressure": float(row["pressure"]), "staff_turnover_annual": float(row["staff_turnover_annual"])}
        journey = journeysim.run("lone_champion", seed=2, years=10, parameters=values)
        assert outcomes["participants_total"][i] == journey.outcomes["participants_total"]
        assert outcomes["running_at_end"][i] == float(journey.outcomes["running_at_end"])
    with pytest.raises(InputError, match="'nonsense': is not a declared parameter"):
        ema_model("lone_champion", uncertainties=["nonsense"])
    with pytest.raises(InputError, match="'final_level': is not a numeric outcome"):
        ema_model("lone_champion", outcomes=["final_level"])


def test_a_mesa_journey_collects_the_monthly_record_journeysim_run_gives():
    model = MesaJourney("lone_champion", seed=3, pressure=0.7)
    while model.running:
        model.step()
    collected = model.datacollector.get_model_vars_dataframe().reset_index(drop=True)
    series = journeysim.run("lone_champion", seed=3, parameters={"pressure": 0.7}).series.reset_index(drop=True)
    assert len(collected) == model.horizon == len(series)
    pd.testing.assert_frame_equal(collected[series.columns], series, check_dtype=False)


def test_mesa_batch_run_runs_the_mesa_journey():
    before = multiprocessing.get_start_method(allow_none=True)
    try:
        rows = mesa.batch_run(
            MesaJourney,
            # (a parameter named like a column of the monthly record, such as pressure, is shown by its record)
            parameters={"scenario": "lone_champion", "years": 10, "staff_turnover_annual": [0.08, 0.18]},
            rng=[0, 1],
            number_processes=1,
            data_collection_period=-1,
            display_progress=False,
        )
    finally:
        multiprocessing.set_start_method(before, force=True)  # batch_run sets "spawn" for the whole process
    assert len(rows) == 4
    for row in rows:
        turnover = row["staff_turnover_annual"]
        direct = MesaJourney("lone_champion", seed=row["seed"], years=10, staff_turnover_annual=turnover)
        direct.run_for(direct.horizon)
        last = direct.datacollector.get_model_vars_dataframe().iloc[-1]
        assert (row["Step"], row["level"], row["teachers"]) == (direct.horizon, last["level"], last["teachers"])
        assert row["participants"] == last["participants"]
    assert sorted((r["seed"], r["staff_turnover_annual"]) for r in rows) == [(0, 0.08), (0, 0.18), (1, 0.08), (1, 0.18)]
