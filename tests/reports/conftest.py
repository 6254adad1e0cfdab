"""Fixtures for the report tests: a few real replications, built here (not by the batch runner)."""

from __future__ import annotations

import math
from typing import Any

import pandas as pd
import pytest

from journeysim.batch.runs import RunSpec, run_spec
from journeysim.library import load_scenario
from journeysim.model.model import SERIES_COLUMNS, JourneyModel
from journeysim.runs import purpose_seeds

MONTHLY = ["month", "date", "level_code", "running", "participants", "teachers", "courses_last_12"]
SCENARIOS = ("trainer_demo", "trainer_demo+succession_planning")
SEED = 11
REPS = 8


def _paired(runs: pd.DataFrame, metric: str, a: str, b: str) -> dict[str, Any]:
    wide = runs.pivot(index="replication", columns="scenario", values=metric).astype(float)
    diff = wide[a] - wide[b]
    half = 1.96 * diff.std(ddof=1) / math.sqrt(len(diff)) if len(diff) > 1 else 0.0
    return {
        "metric": metric,
        "a": a,
        "b": b,
        "diff": float(diff.mean()),
        "ci_low": float(diff.mean() - half),
        "ci_high": float(diff.mean() + half),
    }


@pytest.fixture(scope="session")
def compare_data() -> dict[str, Any]:
    rows, monthly = [], []
    definitions = {}
    for ref in SCENARIOS:
        scenario = load_scenario(ref)
        definitions[scenario.name] = scenario.to_dict()
        for rep in range(REPS):
            rows.append(run_spec(RunSpec(scenario, rep, SEED)))
            model = JourneyModel(scenario, purpose_seeds(SEED, rep)["model"])
            model.run()
            frame = pd.DataFrame(model.series_rows(), columns=list(SERIES_COLUMNS))[MONTHLY]
            frame.insert(0, "replication", rep)
            frame.insert(0, "scenario", scenario.name)
            monthly.append(frame)
    runs = pd.DataFrame(rows)
    a, b = (load_scenario(s).name for s in SCENARIOS)
    comparison = {
        "scenarios": {
            name: {
                "p_embedded_at": {
                    str(y): float(runs.loc[runs.scenario == name, f"embedded_at_year_{y}"].astype(float).mean())
                    for y in (5, 10)
                },
                "p_running_at_end": float(runs.loc[runs.scenario == name, "running_at_end"].mean()),
            }
            for name in (a, b)
        },
        "differences": [_paired(runs, m, a, b) for m in ("running_at_end", "participants_total")],
    }
    manifest = {"seed": SEED, "replications": REPS, "journeysim": "test", "scenarios": definitions}
    return {
        "runs": runs,
        "monthly": pd.concat(monthly, ignore_index=True),
        "comparison": comparison,
        "manifest": manifest,
        "names": (a, b),
    }


@pytest.fixture(scope="session")
def sweep_data() -> dict[str, Any]:
    scenario = load_scenario("trainer_demo")
    rows = []
    for pressure in (0.3, 0.7):
        for budget in (0.4, 0.8):
            for rep in range(3):
                rows.append(
                    run_spec(RunSpec(scenario, rep, SEED, point={"pressure": pressure, "budget_health": budget}))
                )
    experiment = {
        "name": "pressure_by_budget",
        "description": "Two context parameters on a grid.",
        "design": "grid",
        "parameters": {"pressure": [0.3, 0.7], "budget_health": [0.4, 0.8]},
        "replications": 3,
    }
    return {"runs": pd.DataFrame(rows), "experiment": experiment, "manifest": {"seed": SEED, "design": "grid"}}
