"""Supervision and referrals arranged from below (journeysim.model.arrangements)."""

import pytest

from journeysim.model import arrangements
from journeysim.model.events import DOWN, UP
from journeysim.model.record import Month


def last(model):
    e = model.log.events[-1]
    return e.kind, e.direction


def test_an_outside_link_supervises_even_a_single_teacher(build):
    model = build()
    assert model.teachers_total == 1 and not model.service.supervision
    model.service.external_supervision = True
    arrangements.arrange_supervision(model, 0)
    assert model.service.supervision
    assert last(model) == ("supervision_arranged", UP)


def test_the_national_practitioner_network_supervises_a_single_teacher_and_keeps_it(build):
    model = build()
    svc = model.service
    svc.network_supervision = True
    arrangements.arrange_supervision(model, 0)
    assert svc.supervision
    assert "practitioners' network" in model.log.events[-1].causes[-1]
    svc.networks = 0.0  # alone and unnetworked, supervision would lapse without the network
    arrangements.arrange_supervision(model, 1)
    assert svc.supervision
    svc.network_supervision = False
    arrangements.arrange_supervision(model, 2)
    assert not svc.supervision


def test_enough_networked_teachers_arrange_peer_supervision(build):
    model = build()
    svc, p = model.service, model.p
    svc.pool_teachers = int(p["peer_supervision_teachers"]) - 1
    svc.networks = p["peer_supervision_networks"]
    arrangements.arrange_supervision(model, 0)
    assert svc.supervision
    assert "peer supervision" in model.log.events[-1].effect


@pytest.mark.parametrize(("teachers_short", "networks_short"), [(1, 0.0), (0, 0.01)])
def test_no_peer_supervision_with_too_few_teachers_or_networks(build, teachers_short, networks_short):
    model = build()
    svc, p = model.service, model.p
    svc.pool_teachers = int(p["peer_supervision_teachers"]) - 1 - teachers_short
    svc.networks = p["peer_supervision_networks"] - networks_short
    arrangements.arrange_supervision(model, 0)
    assert not svc.supervision


def test_no_peer_supervision_without_an_implementer(build):
    model = build(implementers=())
    svc = model.service
    svc.pool_teachers, svc.networks = 5, 1.0
    arrangements.arrange_supervision(model, 0)
    assert not svc.supervision


def test_supervision_is_lost_with_too_few_teachers(build):
    model = build()
    svc = model.service
    svc.supervision, svc.networks = True, 1.0
    arrangements.arrange_supervision(model, 0)
    assert not svc.supervision
    assert last(model) == ("supervision_lost", DOWN)


def test_an_outside_link_keeps_a_single_teacher_supervised(build):
    model = build()
    svc = model.service
    svc.supervision = svc.external_supervision = True
    svc.networks = 0.0
    arrangements.arrange_supervision(model, 0)
    assert svc.supervision


@pytest.mark.parametrize(
    ("pathway", "kept"), [("ad_hoc", False), ("none", False), ("commissioned", True), ("internal", True)]
)
def test_unfunded_supervision_is_lost_when_networks_fade(build, pathway, kept):
    model = build("mature_embedded")
    svc, p = model.service, model.p
    svc.training_pathway = pathway
    svc.networks = p["supervision_lost_networks"] - 0.01
    arrangements.arrange_supervision(model, 0)
    assert svc.supervision is kept


def test_mbct_enters_the_care_pathway_with_fit_support_and_courses(build):
    model = build()
    svc, p = model.service, model.p
    svc.fit = p["referral_fit"]
    model.middle_manager.alignment = p["referral_alignment"]
    svc.add_courses(1)
    arrangements.arrange_referrals(model, 0)
    assert svc.referral_pathway
    assert last(model) == ("referral_pathway_established", UP)


@pytest.mark.parametrize("missing", ["fit", "alignment", "courses"])
def test_no_referral_pathway_without_each_condition(build, missing):
    model = build()
    svc, p = model.service, model.p
    svc.fit = p["referral_fit"] - (0.01 if missing == "fit" else 0.0)
    model.middle_manager.alignment = p["referral_alignment"] - (0.01 if missing == "alignment" else 0.0)
    svc.add_courses(0 if missing == "courses" else 1)
    arrangements.arrange_referrals(model, 0)
    assert not svc.referral_pathway


@pytest.mark.parametrize(("fit_drop", "alignment_drop"), [(0.01, 0.0), (0.0, 0.01)])
def test_referrals_dry_up_when_fit_or_the_managers_support_collapses(build, fit_drop, alignment_drop):
    model = build("mature_embedded")
    svc, p = model.service, model.p
    svc.fit = p["referral_lost_fit"] - fit_drop
    model.middle_manager.alignment = p["referral_lost_alignment"] - alignment_drop
    arrangements.arrange_referrals(model, 0)
    assert not svc.referral_pathway
    assert last(model) == ("referral_pathway_lost", DOWN)


def test_referrals_hold_between_the_thresholds(build):
    model = build("mature_embedded")
    svc, p = model.service, model.p
    svc.fit = p["referral_lost_fit"]
    model.middle_manager.alignment = p["referral_lost_alignment"]
    arrangements.arrange_referrals(model, 0)
    assert svc.referral_pathway


def test_bottom_up_arrangements_do_supervision_then_referrals(build):
    model = build()
    svc = model.service
    svc.external_supervision = True
    svc.fit, model.middle_manager.alignment = 1.0, 1.0
    svc.add_courses(1)
    arrangements.bottom_up_arrangements(model, Month(0))
    assert [e.kind for e in model.log.events[-2:]] == ["supervision_arranged", "referral_pathway_established"]
