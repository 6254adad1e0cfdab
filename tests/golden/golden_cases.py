"""Golden outputs: exact model results recorded before a refactor, compared after.

``python tests/golden/golden_cases.py record`` rewrites the files in ``data/``; the test
in ``test_golden.py`` recomputes every case and compares cell for cell. A change
that is meant to move numbers says so and re-records; a refactor never does.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pandas as pd

from journeysim.library import load_scenario, shipped_scenarios, shipped_strategies
from journeysim.model.interventions import INTERVENTIONS
from journeysim.runs import run_journey, run_nation
from journeysim.scenario import ScenarioError

DATA = Path(__file__).parent / "data"
SEEDS = (0, 1, 2, 3, 4)
NATION_SEEDS = (0, 1)
NATION_STRATEGY_SEED = 0
STRATEGY_SEEDS = (0, 1)
SINGLE = "single"
NATION = "nation"


def single_cases() -> list[tuple[str, str, tuple[str, ...], int]]:
    """(case id, scenario, strategies, seed) for every single-service case."""
    cases = []
    for name in sorted(shipped_scenarios()):
        if load_scenario(name).population is None:
            cases += [(f"{name}@{s}", name, (), s) for s in SEEDS]
    for strategy in sorted(shipped_strategies()):
        try:
            load_scenario("lone_champion", strategies=(strategy,))
        except ScenarioError:  # a national policy lever: population scenarios only
            continue
        cases += [(f"lone_champion+{strategy}@{s}", "lone_champion", (strategy,), s) for s in STRATEGY_SEEDS]
    return cases


def nation_cases() -> list[tuple[str, str, tuple[str, ...], int]]:
    """(case id, scenario, strategies, seed) for the population cases."""
    cases = [(f"uk_services@{s}", "uk_services", (), s) for s in NATION_SEEDS]
    for strategy in ("national_support", "mindful_nation_training", "recurrent_service_funding"):
        cases.append(
            (f"uk_services+{strategy}@{NATION_STRATEGY_SEED}", "uk_services", (strategy,), NATION_STRATEGY_SEED)
        )
    return cases


def every_intervention(seed: int) -> tuple[pd.DataFrame, list[dict]]:
    """A lone champion who lives through every intervention kind, one a year from year 2."""
    from journeysim.model.model import JourneyModel

    model = JourneyModel(load_scenario("several_implementers"), seed)
    model.run(18)
    for kind in INTERVENTIONS:
        model.intervene(kind)
        model.run(9)
    from journeysim.runs import result_of

    r = result_of(model, seed)
    return r.series, r.events


def _events_frame(events: list[dict]) -> pd.DataFrame:
    frame = pd.DataFrame(events)
    frame["causes"] = frame["causes"].map(lambda c: json.dumps(list(c)))
    return frame


def compute_single(scenario: str, strategies: tuple[str, ...], seed: int) -> dict[str, pd.DataFrame]:
    """Monthly series, events and outcomes of one single-service case."""
    r = run_journey(load_scenario(scenario, strategies=strategies), seed)
    outcomes = pd.DataFrame([{k: json.dumps(v) for k, v in r.outcomes.items()}])
    return {"series": r.series, "events": _events_frame(r.events), "outcomes": outcomes}


def compute_nation(scenario: str, strategies: tuple[str, ...], seed: int) -> dict[str, pd.DataFrame]:
    """Yearly table, end-of-run services, events and outcomes of one population case."""
    r = run_nation(load_scenario(scenario, strategies=strategies), seed)
    outcomes = pd.DataFrame([{k: json.dumps(v) for k, v in r.outcomes.items()}])
    return {"yearly": r.yearly, "services": r.services, "events": _events_frame(r.events), "outcomes": outcomes}


def compute_interventions(seed: int) -> dict[str, pd.DataFrame]:
    """The every-intervention case."""
    series, events = every_intervention(seed)
    return {"series": series, "events": _events_frame(events)}


def path_for(case: str, table: str) -> Path:
    """Where one table of one case is stored."""
    return DATA / f"{case}.{table}.parquet"


def all_cases() -> list[tuple[str, object]]:
    """Every case as (id, thunk computing its tables)."""
    out: list[tuple[str, object]] = []
    for case, name, strategies, seed in single_cases():
        out.append((case, lambda n=name, st=strategies, s=seed: compute_single(n, st, s)))
    for case, name, strategies, seed in nation_cases():
        out.append((case, lambda n=name, st=strategies, s=seed: compute_nation(n, st, s)))
    for seed in (0, 1):
        out.append((f"every_intervention@{seed}", lambda s=seed: compute_interventions(s)))
    return out


def record() -> None:
    """Rewrite every golden file."""
    DATA.mkdir(parents=True, exist_ok=True)
    for old in DATA.glob("*.parquet"):
        old.unlink()
    for case, thunk in all_cases():
        for table, frame in thunk().items():
            frame.to_parquet(path_for(case, table), compression="zstd", index=False)
        print("recorded", case)


if __name__ == "__main__":
    if sys.argv[1:] == ["record"]:
        record()
    else:
        print("usage: python tests/golden/golden_cases.py record")
