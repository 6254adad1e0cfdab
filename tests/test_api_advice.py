"""``journeysim.advise``: its ranking agrees with ``compare``; what it weighs; bad input."""

from __future__ import annotations

import pytest

import journeysim
from journeysim.batch.advice import strategy_choices
from journeysim.errors import InputError

FEW = {"replications": 12, "bootstrap": 200}


def _agrees_with_compare(service: str, **settings) -> None:
    """The top option's effect and interval are ``compare``'s on the same scenarios and seed."""
    advice = journeysim.advise(service, **settings)
    top = advice.summary["options"][0]
    comparison = journeysim.compare(
        [service, f"{service}+{'+'.join(top['strategies'])}"],
        replications=settings["replications"],
        seed=settings.get("seed", 0),
        years=10,
        posterior="default",
        bootstrap=settings["bootstrap"],
        confidence=0.9,
    )
    row = comparison.differences.set_index("metric").loc["p_running_at_end"]
    assert (top["effect"]["diff"], top["effect"]["ci_low"], top["effect"]["ci_high"]) == pytest.approx(
        (row["diff"], row["ci_low"], row["ci_high"])
    )


def test_the_top_strategy_s_effect_and_interval_are_compare_s():
    _agrees_with_compare("lone_champion", strategies=["succession_planning", "several_implementers"], seed=3, **FEW)


def test_advice_weighs_each_choice_and_each_pair_and_ranks_them():
    advice = journeysim.advise(
        "mature_embedded", strategies=["gold_standard", "staff_courses", "recurrent_funding"], **FEW
    )
    options = advice.options
    assert len(options) == 3 + 3  # three strategies and the three pairs of them
    assert list(options["effect"]) == sorted(options["effect"], reverse=True)
    assert set(advice.runs["scenario"]) == {
        "mature_embedded",
        *(f"mature_embedded+{s}" for s in options["strategies"].str.replace(" + ", "+")),
    }
    assert advice.runs.groupby("scenario")["replication"].nunique().eq(12).all()
    forecast = advice.summary["forecast"]
    assert set(forecast["shares"]) == {f"{w}_at_year_{y}" for w in ("running", "embedded") for y in (5, 10)}
    assert 0 <= forecast["months_running"]["value"] <= 120
    assert advice.summary["drawn_from"] == "default" and advice.summary["posterior"]["particles"] > 0


def test_a_strategy_the_service_already_has_is_not_weighed():
    advice = journeysim.advise(
        "lone_champion_succession", strategies=["succession_planning", "gold_standard"], pairs=False, **FEW
    )
    assert [o["strategies"] for o in advice.summary["options"]] == [["gold_standard"]]


def test_shocks_counterfactuals_and_national_policies_are_not_choices():
    choices = strategy_choices()
    assert "succession_planning" in choices and "several_implementers" in choices
    assert not {"champion_leaves_year5", "funding_cut_year5", "champion_stays", "mindful_nation_training"} & set(
        choices
    )


def test_fixed_parameters_draw_nothing():
    advice = journeysim.advise("lone_champion", strategies=["recurrent_funding"], posterior=None, **FEW)
    assert advice.summary["drawn_from"] == "fixed" and advice.summary["posterior"] is None
    assert "particle" not in advice.runs or advice.runs["particle"].isna().all()


@pytest.mark.parametrize(
    ("kwargs", "named"),
    [
        ({"service": "uk_services"}, "population"),
        ({"service": "no_such_service"}, "no_such_service"),
        ({"service": "lone_champion", "strategies": ["champion_leaves_year5"]}, "champion_leaves_year5"),
        ({"service": "lone_champion", "replications": 0}, "replications=0"),
    ],
)
def test_bad_input_is_named(kwargs, named):
    with pytest.raises(InputError, match=named):
        journeysim.advise(**{**FEW, **kwargs})


@pytest.mark.slow
@pytest.mark.parametrize(
    "service", [s for s in journeysim.scenarios() if not journeysim.load_scenario(s).is_population]
)
def test_every_shipped_service_s_top_strategy_agrees_with_compare(service):
    _agrees_with_compare(service, replications=20, bootstrap=200)


@pytest.mark.slow
def test_default_settings_weigh_every_strategy_and_pair_once():
    """Its cost is measured by benchmarks/bench_advise.py, not asserted here (a test never times a machine)."""
    advice = journeysim.advise("trainer_demo")
    # 8 strategies and 28 pairs, less one pair: top_down_investment's one-off money replaces one_off_funding's
    assert len(advice.summary["options"]) == 8 + 28 - 1
    assert ["one_off_funding", "top_down_investment"] not in [o["strategies"] for o in advice.summary["options"]]
