"""Context drift, local shocks and reorganisations (journeysim.model.context), one mechanism at a time."""

import pytest

from journeysim.model import context
from journeysim.model.events import DOWN, UP
from journeysim.model.record import Month
from journeysim.model.streams import MONTHS_PER_YEAR


def test_context_drifts_closes_the_recovery_rate_of_each_gap(build):
    model = build()
    svc, rate = model.service, model.p["context_recovery_rate"]
    svc.budget_health, svc.pressure, svc.culture = 0.2, 0.9, 0.1
    gaps = (svc.budget_baseline - 0.2, svc.pressure_baseline - 0.9, svc.culture_baseline - 0.1)
    context.context_drifts(model, Month(0))
    after = (
        svc.budget_baseline - svc.budget_health,
        svc.pressure_baseline - svc.pressure,
        svc.culture_baseline - svc.culture,
    )
    assert after == pytest.approx([(1 - rate) * g for g in gaps])
    assert svc.budget_health == pytest.approx(0.2 + rate * (svc.budget_baseline - 0.2))


def test_context_at_its_baselines_stays_put(build):
    model = build()
    svc = model.service
    before = (svc.budget_health, svc.pressure, svc.culture, svc.culture_baseline)
    context.context_drifts(model, Month(0))
    assert (svc.budget_health, svc.pressure, svc.culture, svc.culture_baseline) == before


def test_an_embedded_well_networked_service_shifts_the_culture_baseline(build):
    model = build("mature_embedded")
    svc, p = model.service, model.p
    assert model.level == "embedded" and svc.networks >= p["culture_shift_networks"]
    before = svc.culture_baseline
    context.context_drifts(model, Month(0))
    assert svc.culture_baseline == pytest.approx(before + p["culture_shift_annual"] / MONTHS_PER_YEAR)


def test_a_poorly_networked_embedded_service_leaves_the_culture_baseline(build):
    model = build("mature_embedded")
    model.service.networks = model.p["culture_shift_networks"] - 0.01
    before = model.service.culture_baseline
    context.context_drifts(model, Month(0))
    assert model.service.culture_baseline == before


def test_a_worse_priority_change_raises_pressure_and_lowers_culture(build):
    model = build()
    svc, p = model.service, model.p
    pressure, culture = svc.pressure, svc.culture
    context.shock(model, "priority_change", 0.5, 1.0)
    assert svc.pressure == pytest.approx(pressure + p["priority_shock_pressure"])
    assert svc.culture == pytest.approx(culture - p["priority_shock_culture"])
    event = model.log.events[-1]
    assert (event.kind, event.direction, event.category) == ("priority_change", DOWN, "shock")


def test_a_better_priority_change_lowers_pressure_and_raises_culture(build):
    model = build()
    svc, p = model.service, model.p
    pressure, culture = svc.pressure, svc.culture
    context.shock(model, "priority_change", 0.5, -1.0)
    assert svc.pressure == pytest.approx(pressure - p["priority_shock_pressure"])
    assert svc.culture == pytest.approx(culture + p["priority_shock_culture"])
    assert model.log.events[-1].direction == UP


def test_a_priority_change_keeps_pressure_and_culture_within_bounds(build):
    model = build()
    model.service.pressure, model.service.culture = 0.99, 0.01
    context.shock(model, "priority_change", 0.5, 1.0)
    assert (model.service.pressure, model.service.culture) == (1.0, 0.0)


def test_a_budget_cut_shock_cuts_the_declared_fraction(build):
    model = build()
    svc, p = model.service, model.p
    svc.recurrent_funding, svc.one_off_funds = 30000.0, 10000.0
    context.shock(model, "budget_cut", 0.5, 1.0)
    assert svc.recurrent_funding == pytest.approx(30000.0 * (1 - p["budget_cut_fraction"]))
    assert svc.one_off_funds == pytest.approx(10000.0 * (1 - p["budget_cut_fraction"]))
    assert (model.log.events[-1].kind, model.log.events[-1].category) == ("budget_cut", "shock")


def test_a_leadership_change_shock_brings_a_new_senior_leader(build):
    model = build()
    old = model.senior_leader
    context.shock(model, "leadership_change", 0.9, 1.0)
    assert model.senior_leader is not old
    assert model.senior_leader.view == 0.9
    assert (model.log.events[-1].kind, model.log.events[-1].category) == ("leadership_change", "shock")


def test_reorganise_loses_fit_and_energy_and_brings_a_new_middle_manager(build):
    model = build("several_implementers", reorganisation_post_loss=0.0)
    svc, p = model.service, model.p
    svc.fit = 0.6
    energies = [i.energy for i in model.roster]
    manager = model.middle_manager
    context.reorganise(model, 0, ["test"])
    assert svc.fit == pytest.approx(0.6 - p["reorganisation_fit_loss"])
    assert [i.energy for i in model.roster] == pytest.approx([e - p["reorganisation_energy_loss"] for e in energies])
    assert model.middle_manager is not manager
    assert [e.kind for e in model.log.events[-2:]] == ["reorganisation", "new_middle_manager"]


def test_reorganise_floors_fit_and_energy_at_zero(build):
    model = build(reorganisation_post_loss=0.0)
    model.service.fit = 0.01
    model.roster[0].energy = 0.01
    context.reorganise(model, 0, ["test"])
    assert model.service.fit == 0.0
    assert model.roster[0].energy == 0.0


@pytest.mark.parametrize(("governance", "kept"), [(False, False), (True, True)])
def test_reorganise_loses_a_referral_pathway_only_without_governance(build, governance, kept):
    model = build()
    model.service.referral_pathway, model.service.governance = True, governance
    context.reorganise(model, 0, ["test"])
    assert model.service.referral_pathway is kept
    assert ("referral pathway lost" in model.log.events[-2].effect) is not kept


def test_a_reorganisation_that_takes_every_post_leaves_no_implementer_and_no_teacher(build):
    model = build("several_implementers", reorganisation_post_loss=1.0)
    model.service.pool_teachers = 4
    n = len(model.roster)
    context.reorganise(model, 0, ["test"])
    assert model.roster == [] and model.teachers_total == 0
    assert [d[1] for d in model.departures] == ["post lost in a reorganisation"] * n
    assert "4 trained teacher(s) moved to other work" in next(
        e.effect for e in model.log.events if e.kind == "reorganisation"
    )


def test_a_reorganisation_that_takes_no_post_keeps_implementers_and_teachers(build):
    model = build("several_implementers", reorganisation_post_loss=0.0, reorganisation_time_loss=0.0)
    model.service.pool_teachers = 4
    roster = list(model.roster)
    context.reorganise(model, 0, ["test"])
    assert model.roster == roster and model.service.pool_teachers == 4
    assert model.departures == []


def test_a_reorganisation_takes_protected_time_but_not_a_formal_lead_posts(build):
    model = build("several_implementers", reorganisation_post_loss=0.0, reorganisation_time_loss=1.0)
    lead, other = model.roster[0], model.roster[1]
    model.service.lead_role = True
    lead.lead, other.lead = True, False
    lead.protected_time = other.protected_time = True
    context.reorganise(model, 0, ["test"])
    assert lead.protected_time and not other.protected_time
    assert "loses protected time" in next(e.effect for e in model.log.events if e.kind == "reorganisation")


def test_posts_lost_in_reorganisations_come_from_their_own_stream(build):
    # Losing posts draws only from the reorganisation stream: the shocks stream is untouched.
    model = build("several_implementers", reorganisation_post_loss=0.5)
    before = model.streams["shocks"].bit_generator.state
    context.reorganise(model, 0, ["test"])
    assert model.streams["shocks"].bit_generator.state == before


def scheduled_shocks(model, monkeypatch):
    calls = []
    monkeypatch.setattr(model, "schedule", lambda month, action, *args: calls.append((month, action, *args)))
    context.schedule_local_shocks(model)
    assert all(action is context.shock for _, action, *_ in calls)
    return [(month, *args) for month, _, *args in calls]


def test_local_shocks_fall_within_the_run_and_leaders_change(build, monkeypatch):
    model = build(seed=1)
    shocks = scheduled_shocks(model, monkeypatch)
    assert all(1 <= month < model.horizon for month, *_ in shocks)
    assert {kind for _, kind, _, _ in shocks} <= {*context.SHOCK_KINDS, "leadership_change"}
    changes = [(view, sign) for _, kind, view, sign in shocks if kind == "leadership_change"]
    assert changes and all(sign == 1.0 and 0.0 < view < 1.0 for view, sign in changes)


def test_a_less_stable_service_meets_the_same_reorganisations_and_more(build, monkeypatch):
    def reorganisations(stability):
        model = build(seed=2)
        model.p["stability"] = stability
        return {month for month, kind, *_ in scheduled_shocks(model, monkeypatch) if kind == "reorganisation"}

    stable, unstable = reorganisations(0.95), reorganisations(0.05)
    assert stable < unstable


def test_more_frequent_cuts_include_the_rarer_ones(build, monkeypatch):
    def cuts(annual):
        model = build(seed=2)
        model.p["budget_cut_annual"] = annual
        return {month for month, kind, *_ in scheduled_shocks(model, monkeypatch) if kind == "budget_cut"}

    assert cuts(0.03) < cuts(0.3)


def test_local_shocks_do_not_depend_on_strategy(build):
    def shocks(model):
        return [s.args for s in model._held if s.method is context.shock]

    assert shocks(build("lone_champion", seed=3)) == shocks(build("several_implementers", seed=3))
    assert shocks(build("lone_champion", seed=3)) != shocks(build("lone_champion", seed=4))


def _shocks_the_array_way(model):
    """The local shocks as first written (each kind's months found with NumPy, one kind at a time): the reference."""
    import numpy as np

    from journeysim.model.streams import monthly

    p, rng = model.p, model.streams["shocks"]
    reorg = monthly(p.reorganisation_annual * (p.reorganisation_instability_base - p.stability))
    cut = monthly(p.budget_cut_annual)
    cut_austerity = 1.0 - (1.0 - cut) ** p.austerity_cut_multiplier
    priority = monthly(p.priority_change_annual)
    months = np.arange(1, model.horizon)
    u = rng.random((len(months), len(context.SHOCK_KINDS) + 1))
    mean, concentration = p.senior_view_mean, p.view_concentration
    views = rng.beta(concentration * mean, concentration * (1.0 - mean), size=len(months))
    after = months >= model.austerity_month
    worse = np.where(after, p.priority_worse_share_austerity, p.priority_worse_share)
    signs = np.where(u[:, len(context.SHOCK_KINDS)] < worse, 1.0, -1.0)
    cut_p = np.where(after, cut_austerity, cut)
    out = []
    for col, (kind, chance) in enumerate(zip(context.SHOCK_KINDS, (reorg, cut_p, priority), strict=True)):
        for i in np.flatnonzero(u[:, col] < chance):
            out.append((int(months[i]), kind, float(views[i]), float(signs[i])))
    return out


@pytest.mark.parametrize("start_year", [2004, 2009, 2010, 2011, 2016])
@pytest.mark.parametrize("name", ["lone_champion", "hostile_context"])
def test_local_shocks_are_scheduled_as_the_array_way_scheduled_them(build, start_year, name):
    for seed in range(12):
        model = build(name, seed, start_year=start_year, budget_cut_annual=0.3, priority_change_annual=0.4)
        state = model.streams["shocks"].bit_generator.state
        got = []
        model.schedule = lambda m, fn, *args: got.append((m, *args))  # noqa: B023 - used at once
        context.schedule_local_shocks(model)
        model.streams["shocks"].bit_generator.state = state
        expected = _shocks_the_array_way(model)
        assert got[: len(expected)] == expected  # then the leadership changes
        assert all(kind == "leadership_change" for _, kind, *_ in got[len(expected) :])
