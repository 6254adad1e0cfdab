"""The population model: one national history, links between services, national policy levers."""

import numpy as np
import pandas as pd
import pytest

from journeysim.batch.executors import make_executor
from journeysim.batch.replicate import replicate
from journeysim.library import scenario_from_text
from journeysim.model.model import SERIES_COLUMNS, JourneyModel
from journeysim.nation.model import NationModel
from journeysim.nation.outputs import yearly_table


def _run(scenario, seed=0, months=None):
    model = NationModel(scenario, seed)
    model.run(months)
    return model


@pytest.fixture(scope="module")
def census(uk):
    """Four seeded runs of the UK population to the end of 2015."""
    return [yearly_table(_run(uk, seed)) for seed in range(4)]


@pytest.mark.statistical
def test_most_english_services_have_nobody_trained_by_2015(census):
    """Brief §3: the 2015 workforce census found most NHS trusts in England with nobody trained in MBCT."""
    nobody = np.array([t[(t.nation == "england") & (t.year == 2015)]["share_no_teacher"].iloc[0] for t in census])
    assert nobody.mean() > 0.5
    assert (nobody > 0.45).all()
    # ...but access is patchy, not absent: some services run courses and a few are embedded.
    running = np.array([t[(t.nation == "england") & (t.year == 2015)]["share_running"].iloc[0] for t in census])
    assert (running > 0.15).all()
    assert all(t[(t.nation == "uk") & (t.year == 2015)]["share_embedded"].iloc[0] > 0 for t in census)


@pytest.mark.statistical
def test_provision_grows_over_the_years_from_a_few_pioneers(census):
    for t in census:
        uk = t[t.nation == "uk"].set_index("year")
        assert uk.at[2004, "share_no_teacher"] > 0.85
        assert uk.at[2015, "share_no_teacher"] < uk.at[2004, "share_no_teacher"] - 0.2
        assert uk.at[2015, "participants_per_100k"] > uk.at[2005, "participants_per_100k"]


@pytest.mark.statistical
def test_the_yearly_accounts_add_up(census):
    t = census[0]
    levels = t[["share_absent", "share_patchy", "share_fragile", "share_embedded"]].sum(axis=1)
    np.testing.assert_allclose(levels, 1.0)
    for _, g in t.groupby("year"):
        uk, nations = g[g.nation == "uk"].iloc[0], g[g.nation != "uk"]
        assert uk["services"] == nations["services"].sum() == 196
        assert uk["participants"] == nations["participants"].sum()
        assert uk["participants_per_100k"] == pytest.approx(uk["participants"] / uk["people"] * 1e5)


def test_same_seed_same_nation_and_different_seeds_differ(uk):
    a, b, c = (yearly_table(_run(uk, s, months=60)) for s in (7, 7, 8))
    pd.testing.assert_frame_equal(a, b)
    assert not a.equals(c)


@pytest.mark.slow
def test_same_national_result_serially_or_across_workers(uk):
    short = uk.with_parameters({"years": 10})
    serial = replicate([short], 2, seed=5)
    with make_executor(2, None, 10.0) as pool:
        parallel = replicate([short], 2, seed=5, executor=pool)
    assert (serial["status"] == "ok").all()
    columns = ["share_embedded_final", "participants_total", "gini_final", "england_share_no_teacher_final"]
    pd.testing.assert_frame_equal(serial[columns], parallel[columns])


def _population(extra="", nations=None, start="lone_champion = 1.0"):
    nations = nations or "[population.nations.wales]\nservices = 8\npopulation = 3000000\nregions = 2\n"
    return scenario_from_text(
        f"name = 'p'\n[parameters]\nstart_year = 2004\nyears = 10\n{extra}\n[population.start]\n{start}\n{nations}"
    )


def test_a_service_without_links_lives_exactly_the_journey_of_a_single_service():
    """No mechanism is written twice: until the national layer acts on it, a service is a JourneyModel."""
    scenario = _population(nations="[population.nations.wales]\nservices = 1\npopulation = 3000000\n")
    nation = _run(scenario, seed=3)
    service, site = nation.services[0], nation.sites[0]
    alone = JourneyModel(site.scenario, np.random.SeedSequence(3).spawn(2)[1].spawn(1)[0])
    alone.run()
    touched = [e.month for e in service.log.events if e.category == "intervention"]
    until = min(touched) if touched else alone.horizon
    assert until > 12
    assert service.series_rows()[:until] == alone.series_rows()[:until]


def test_champions_who_move_on_carry_the_work_to_a_linked_service():
    moving = _run(_population("mover_carry_share = 0.6\nstaff_turnover_annual = 0.18"), seed=1)
    staying = _run(_population("mover_carry_share = 0.0\nstaff_turnover_annual = 0.18"), seed=1)
    assert moving.moves > 0 and staying.moves == 0
    joined = [
        (svc, e)
        for svc in moving.services
        for e in svc.log.events
        if e.kind == "champion_joins" and e.causes[0].startswith("moved from")
    ]
    assert len(joined) == moving.moves
    # Movers stay within their region's network.
    names = {s.scenario.name: s for s in moving.sites}
    for svc, e in joined:
        origin = names[e.causes[0].removeprefix("moved from ")]
        target = names[svc.scenario_spec.name]
        assert origin.region == target.region and origin.index != target.index


def test_services_with_nobody_gain_champions_more_often_where_links_run_mbct():
    plain = _run(_population("peer_arrival_factor = 0.0", start="nobody = 0.5\nlone_champion = 0.5"), seed=2)
    linked = _run(_population("peer_arrival_factor = 5.0", start="nobody = 0.5\nlone_champion = 0.5"), seed=2)
    assert linked.arrivals > plain.arrivals


def test_national_training_places_are_shared_out_and_counted_as_policy_money(uk):
    levers = {"policy_start_year": 2008, "policy_training_places": 300, "policy_training_years": 3}
    base = _run(uk, seed=4)
    policy = _run(uk.with_parameters(levers), seed=4)
    places = [
        e
        for svc in policy.services
        for e in svc.log.events
        if e.kind == "training_places" and e.causes == ("national training places",)
    ]
    assert sum(int(e.effect.split()[0]) for e in places) == 900
    assert policy.policy_money == 900 * uk.parameters["training_cost"]
    teachers = lambda m: sum(s.teachers_total for s in m.services)  # noqa: E731
    # Many of the 900 trained teachers later stop teaching where too few are referred to keep them teaching
    # (trainees who do not reach competence; idle teachers lapse), but a lasting gain remains.
    assert teachers(policy) > teachers(base) + 50


def test_policy_can_target_one_nation(uk):
    levers = {"policy_start_year": 2008, "policy_training_places": 100, "policy_nations": "scotland"}
    model = _run(uk.with_parameters(levers), seed=4, months=60)
    given = {
        site.nation
        for site, svc in zip(model.sites, model.services, strict=True)
        for e in svc.log.events
        if e.kind == "training_places" and e.causes == ("national training places",)
    }
    assert given == {"scotland"}


def test_recurrent_service_funding_opens_funding_lines_that_end_with_the_term(uk):
    levers = {
        "policy_start_year": 2006,
        "policy_service_funding": 20000.0,
        "policy_funding_recurrent": True,
        "policy_funding_years": 4,
    }
    model = _run(uk.with_parameters(levers), seed=6)
    given = sum(1 for s in model.services for e in s.log.events if e.kind == "funding_boost")
    ended = sum(1 for s in model.services for e in s.log.events if e.kind == "funding_line_ends")
    assert given > 0 and ended == given
    one_off = _run(uk.with_parameters({**levers, "policy_funding_recurrent": False}), seed=6)
    lines = lambda m, year: next(s for s in m.snapshots if s["year"] == year)["sustained_resources"].mean()  # noqa: E731
    assert lines(model, 2008) > lines(one_off, 2008)
    assert one_off.policy_money == pytest.approx(
        20000.0 * sum(1 for s in one_off.services for e in s.log.events if e.kind == "funding_boost")
    )


def test_protected_time_and_a_supervision_network_reach_every_covered_service(uk):
    levers = {
        "policy_start_year": 2006,
        "policy_protected_time": True,
        "policy_supervision_network": True,
        "policy_support_years": 3,
    }
    model = NationModel(uk.with_parameters(levers), 2)
    model.run(12 * 2 + 3 + 6)  # into the policy's first year (April 2006 + 6 months)
    imps = [imp for svc in model.services for imp in svc.implementers]
    assert imps and all(imp.protected_time for imp in imps)
    taught = [svc for svc in model.services if svc.teachers_total >= 1]
    assert all(svc.service.supervision for svc in taught)
    model.run(12 * 4)  # the policy ended in April 2009
    assert not any(svc.service.protected_champions for svc in model.services)


def test_a_national_cut_hits_every_covered_service_in_its_year(uk):
    model = _run(uk.with_parameters({"policy_cut_year": 2012, "policy_cut_fraction": 0.5}), seed=1)
    cut_month = (2012 - 2004) * 12 + 3
    assert all(any(e.kind == "funding_cut" and e.month == cut_month for e in svc.log.events) for svc in model.services)


def test_the_national_log_records_history_and_programmes(uk):
    model = _run(uk, seed=0, months=12 * 12)
    kinds = [e.kind for e in model.log.events]
    assert kinds[:3] == ["national_guideline", "trusts_merged", "iapt_launch"]
    assert "national_programme" in kinds  # Scotland's, from 2012
    assert len(model.services[0].series_rows()[0]) == len(SERIES_COLUMNS)


def test_support_policies_cost_national_money_while_they_last(uk):
    levers = {"policy_start_year": 2008, "policy_protected_time": True, "policy_supervision_network": True}
    model = _run(uk.with_parameters({**levers, "policy_support_years": 2}), seed=3)
    longer = _run(uk.with_parameters({**levers, "policy_support_years": 4}), seed=3)
    assert 0 < model.policy_money < longer.policy_money
    spent = [s["policy_money"] for s in model.snapshots]
    assert spent[3] == 0 and spent[-1] == spent[6]  # nothing before April 2008, nothing after April 2010


def test_champions_without_a_pathway_train_teachers_with_a_linked_apprenticeship():
    text = "shared_training_annual = {rate}"
    nations = "[population.nations.wales]\nservices = 8\npopulation = 3000000\nregions = 2\ntraining_centres = 1\n"
    shared = _run(_population(text.format(rate=2.0), nations=nations), seed=5)
    none = _run(_population(text.format(rate=0.0), nations=nations), seed=5)

    def trained(model):
        return [
            (site, e)
            for site, svc in zip(model.sites, model.services, strict=True)
            for e in svc.log.events
            if e.kind == "training_places" and "apprenticeship" in e.causes[0]
        ]

    assert trained(shared) and not trained(none)


def test_a_provider_reaches_its_region_mates_its_buddy_and_a_training_centres_region():
    nations = "[population.nations.wales]\nservices = 9\npopulation = 3000000\nregions = 3\ntraining_centres = 1\n"
    model = NationModel(_population(nations=nations), 0)
    j = 0
    provider = np.zeros(len(model.sites), dtype=bool)
    provider[j] = True
    linked = model.links.linked(provider)
    for site in model.sites:
        expected = (site.index != j and (site.region == model.sites[j].region or site.buddy == j)) or site.centre
        assert linked[site.index] == expected
