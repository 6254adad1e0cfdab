"""The shipped scenarios reproduce the study's main patterns over seeded replications.

No parameter is tuned per scenario: scenarios differ only in what the study
says differs between services (who the implementers are, context, strategy).
Sixty paired replications per scenario keep these proportions stable
(a binomial standard error of about 0.06).
"""

import numpy as np
import pytest

from journeysim.library import load_scenario
from journeysim.runs import run_journey

N = 60


def runs(name):
    scenario = load_scenario(name)
    return [run_journey(scenario, seed) for seed in range(N)]


@pytest.fixture(scope="module")
def fragility():
    return {
        name: runs(f"{name}+champion_leaves_year5")
        for name in ("lone_champion", "lone_champion_succession", "several_implementers")
    }


def collapse_within(results, months=36):
    """Share of runs running when the champion left that stopped within ``months``."""
    hits = [
        r.outcomes["collapsed_after_departure"] and r.outcomes["months_departure_to_collapse"] <= months
        for r in results
        if r.outcomes["running_at_first_departure"]
    ]
    assert len(hits) >= N // 2
    return float(np.mean(hits))


def test_lone_champion_service_usually_stops_within_three_years_of_the_champion_leaving(fragility):
    assert collapse_within(fragility["lone_champion"]) >= 0.7


def test_succession_planning_and_several_implementers_usually_survive_the_departure(fragility):
    lone = collapse_within(fragility["lone_champion"])
    succession = collapse_within(fragility["lone_champion_succession"])
    several = collapse_within(fragility["several_implementers"])
    assert several <= 0.45
    assert succession <= 0.75  # docs/validation.md P5c: planning succession saves about a quarter more
    assert lone - succession >= 0.15 and lone - several >= 0.3


def test_bottom_up_alone_rarely_embeds_and_embedding_follows_top_down_support():
    bottom_up = runs("lone_champion")
    top_down = runs("lone_champion+top_down_investment")
    p_bottom = np.mean([r.outcomes["ever_embedded"] for r in bottom_up])
    p_top = np.mean([r.outcomes["ever_embedded"] for r in top_down])
    # "Bottom-up" here is a lone champion's start: senior leaders may still come to invest on their own,
    # so some of these services do embed (0.17 at year 10 and 0.33 ever, over these 60 seeds).
    assert np.mean([bool(r.outcomes["embedded_at_year_10"]) for r in bottom_up]) <= 0.25
    assert p_bottom <= 0.45
    assert p_top >= p_bottom + 0.3
    # The level criteria can be met from below (docs/odd.md §7.9), so embedding no longer needs a top-down
    # event by definition; top-down support makes it more likely through what it brings.


def test_journeys_to_embedded_take_years_with_troughs_and_peaks():
    results = runs("several_implementers")
    times = [r.outcomes["months_to_embedded"] for r in results if r.outcomes["ever_embedded"]]
    assert len(times) >= 10
    assert np.median(times) >= 24
    both = [r.outcomes["pivots_up"] > 0 and r.outcomes["pivots_down"] > 0 for r in results]
    assert np.mean(both) >= 0.6
    troughs = [r.outcomes["troughs"] for r in results]
    assert np.mean([t > 0 for t in troughs]) >= 0.5
