"""Middle managers and senior leaders (journeysim.model.leaders)."""

import pytest


def middle_target(model, case, fit, advocacy, position, pressure, senior, governance):
    p, view = model.p, model.middle_manager.view
    return (
        p["middle_weight_view"] * view
        + p["middle_weight_case"] * case
        + p["middle_weight_fit"] * fit
        + p["middle_weight_advocacy"] * advocacy
        + p["middle_weight_senior"] * senior
        + p["middle_governance_bonus"] * governance
        + p["position_influence"] * position
        - p["manager_pressure_weight"] * (pressure - p["middle_pressure_reference"])
    )


def test_middle_manager_moves_the_adjust_rate_of_the_way_to_the_weighted_target(build):
    model = build()
    mm, p = model.middle_manager, model.p
    args = (0.5, 0.4, 0.6, 1.0, 0.7, 0.3, True)
    target = middle_target(model, *args)
    assert 0.0 < target < 1.0
    before = mm.alignment
    mm.update(*args)
    assert mm.alignment == pytest.approx(before + p["manager_adjust_rate"] * (target - before))
    assert mm.months_in_post == 1


def test_middle_manager_target_is_clipped_to_the_unit_interval(build):
    model = build()
    mm, rate = model.middle_manager, model.p["manager_adjust_rate"]
    mm.alignment = 0.5
    mm.update(1.0, 1.0, 1.0, 1.0, 0.0, 1.0, True)
    assert mm.alignment == pytest.approx(0.5 + rate * 0.5)
    mm.alignment = 0.5
    mm.update(0.0, 0.0, 0.0, 0.0, 1.0, 0.0, False)
    assert mm.alignment == pytest.approx(0.5 - rate * 0.5)


def test_pressure_lowers_alignment(build):
    calm, pressed = build(), build()
    calm.middle_manager.update(0.5, 0.5, 0.5, 0.0, 0.3, 0.5, False)
    pressed.middle_manager.update(0.5, 0.5, 0.5, 0.0, 0.9, 0.5, False)
    assert pressed.middle_manager.alignment < calm.middle_manager.alignment


def test_an_unaligned_manager_under_pressure_freezes_training(build):
    model = build()
    mm, p = model.middle_manager, model.p
    mm.alignment = p["freeze_alignment"] - 0.01
    assert mm.freezes(p["freeze_pressure"], False)
    assert not mm.freezes(p["freeze_pressure"] - 0.01, False)
    mm.alignment = p["freeze_alignment"]
    assert not mm.freezes(1.0, False)


def test_a_freeze_has_hysteresis(build):
    model = build()
    mm, p = model.middle_manager, model.p
    slack = p["freeze_hysteresis"]
    pressure = p["freeze_pressure"] - slack / 2  # just short of starting a freeze
    mm.alignment = p["freeze_alignment"] + slack / 2  # just aligned enough not to start one
    assert not mm.freezes(pressure, False)
    assert mm.freezes(pressure, True)
    assert not mm.freezes(p["freeze_pressure"] - 2 * slack, True)
    mm.alignment = p["freeze_alignment"] + 2 * slack
    assert not mm.freezes(1.0, True)


def test_an_aligned_manager_protects_staff_time(build):
    model = build()
    mm, threshold = model.middle_manager, model.p["protect_alignment"]
    mm.alignment = threshold
    assert mm.protects()
    mm.alignment = threshold - 0.01
    assert not mm.protects()


def test_senior_leader_moves_the_adjust_rate_of_the_way_to_the_weighted_target(build):
    model = build()
    sl, p = model.senior_leader, model.p
    case, middle, networks, position, pressure, budget = 0.5, 0.6, 0.4, 1.0, 0.8, 0.3
    target = (
        p["senior_weight_view"] * sl.view
        + p["senior_weight_case"] * case
        + p["senior_weight_middle"] * middle
        + p["senior_weight_networks"] * networks
        + p["senior_governance_bonus"]
        + p["senior_position_share"] * p["position_influence"] * position
        - p["senior_pressure_weight"] * pressure * (1 - budget)
    )
    assert 0.0 < target < 1.0
    before = sl.priority
    sl.update(case, middle, networks, position, pressure, budget, True)
    assert sl.priority == pytest.approx(before + p["senior_adjust_rate"] * (target - before))


def test_pressure_weighs_on_a_senior_leader_only_when_money_is_short(build):
    rich_calm, rich_pressed = build(), build()
    rich_calm.senior_leader.update(0.5, 0.5, 0.5, 0.0, 0.0, 1.0, False)
    rich_pressed.senior_leader.update(0.5, 0.5, 0.5, 0.0, 1.0, 1.0, False)
    assert rich_pressed.senior_leader.priority == rich_calm.senior_leader.priority
    poor_pressed = build()
    poor_pressed.senior_leader.update(0.5, 0.5, 0.5, 0.0, 1.0, 0.0, False)
    assert poor_pressed.senior_leader.priority < rich_calm.senior_leader.priority


def test_senior_leader_invests_from_the_priority_threshold(build):
    model = build()
    sl, threshold = model.senior_leader, model.p["senior_priority_threshold"]
    sl.priority = threshold
    assert sl.invests()
    sl.priority = threshold - 0.01
    assert not sl.invests()


def test_senior_leader_withdraws_only_when_disengaged_and_short_of_money(build):
    model = build()
    sl, p = model.senior_leader, model.p
    low = p["senior_priority_threshold"] - p["withdraw_priority_margin"] - 0.01
    poor = p["withdraw_budget"] - 0.01
    sl.priority = low
    assert sl.withdraws(poor)
    assert not sl.withdraws(p["withdraw_budget"])
    sl.priority = low + 0.02
    assert not sl.withdraws(poor)
