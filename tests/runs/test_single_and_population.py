"""One run as a pure function: outcomes at the milestone years, for a single service and a population."""

import numpy as np

from journeysim.model.embeddedness import LEVELS
from journeysim.runs import run_journey, run_nation
from journeysim.runs.outcomes import (
    OUTCOME_YEARS,
    POPULATION_OUTCOME_YEARS,
    SERVICE_HORIZON_YEARS,
    SERVICE_OUTCOME_YEARS,
)


def test_one_tuple_of_milestones_and_the_rule_that_picks_from_it():
    assert OUTCOME_YEARS == (5, 10, 15, 20, 25)
    assert SERVICE_OUTCOME_YEARS == (5, 10, 15, 20) and SERVICE_HORIZON_YEARS == 20
    assert POPULATION_OUTCOME_YEARS == OUTCOME_YEARS


def test_single_service_milestones_read_the_series_at_the_end_of_each_year(scenario):
    r = run_journey(scenario("lone_champion", years=12), 3)
    series = r.series
    keys = sorted(k for k in r.outcomes if k.startswith("level_at_year_"))
    assert keys == sorted(f"level_at_year_{y}" for y in (5, 10, 15, 20))
    for year in (5, 10):
        row = series.iloc[year * 12 - 1]
        assert r.outcomes[f"level_at_year_{year}"] == LEVELS[int(row["level_code"])]
        assert r.outcomes[f"running_at_year_{year}"] == bool(row["running"])
        assert r.outcomes[f"embedded_at_year_{year}"] == (row["level_code"] == LEVELS.index("embedded"))
    for year in (15, 20):  # beyond a 12-year run
        assert r.outcomes[f"level_at_year_{year}"] is None and r.outcomes[f"running_at_year_{year}"] is None
    assert r.outcomes["months"] == 144 == len(series)
    assert r.outcomes["participants_total"] == int(series["participants"].sum())


def test_population_milestones_read_the_yearly_table(scenario):
    r = run_nation(scenario("uk_services", years=10), 1)
    uk = r.yearly[r.yearly["nation"] == "uk"].reset_index(drop=True)
    start = int(r.manifest["scenario_definition"]["parameters"]["start_year"])
    row = uk[uk["year"] == start + 4].iloc[0]
    assert np.isclose(r.outcomes["share_embedded_at_year_5"], row["share_embedded"])
    assert np.isclose(r.outcomes["share_running_at_year_10"], uk.iloc[-1]["share_running"])
    assert r.outcomes["share_embedded_at_year_25"] is None  # beyond a ten-year run
    assert {f"share_running_at_year_{y}" for y in POPULATION_OUTCOME_YEARS} <= set(r.outcomes)
