"""Links between services: who is linked, how much MBCT a link carries, shared supervision."""

from types import SimpleNamespace

import numpy as np
import pytest

from journeysim.nation import links
from journeysim.nation.links import Links


@pytest.fixture
def four():
    """Services 0-2 in region 0 (0 and 1 are buddies), service 3 alone in region 1 with a training centre."""
    sites = [
        SimpleNamespace(region=0, buddy=1, centre=False),
        SimpleNamespace(region=0, buddy=0, centre=False),
        SimpleNamespace(region=0, buddy=-1, centre=False),
        SimpleNamespace(region=1, buddy=-1, centre=True),
    ]
    return Links.of(sites)


def test_links_are_built_from_the_sites(four):
    np.testing.assert_array_equal(four.region_size, [3, 1])
    np.testing.assert_array_equal(four.has_buddy, [True, True, False, False])
    np.testing.assert_array_equal(four.region_mates(0), [1, 2])
    assert len(four.region_mates(3)) == 0


def test_peer_activity_mixes_region_mates_and_the_buddy(four):
    running = np.array([True, False, True, False])
    # Region shares: 1 of 2 mates, 2 of 2, 1 of 2, none; buddies: 1 is not running, 0 is.
    np.testing.assert_allclose(four.peer_activity(running, 0.5), [0.25, 1.0, 0.5, 0.0])
    np.testing.assert_allclose(four.peer_activity(running, 1.0), [0.0, 1.0, 0.5, 0.0])
    np.testing.assert_allclose(four.peer_activity(running, 0.0), [0.5, 1.0, 0.5, 0.0])


def test_a_provider_reaches_region_mates_and_buddy_and_a_centre_reaches_its_region(four):
    np.testing.assert_array_equal(four.linked(np.array([False, False, True, False])), [True, True, False, True])
    np.testing.assert_array_equal(four.linked(np.array([True, False, False, False])), [False, True, True, True])
    np.testing.assert_array_equal(four.linked(np.zeros(4, dtype=bool)), [False, False, False, True])


def test_know_how_flows_with_the_strength_of_links_and_a_training_centre(two_services, monkeypatch):
    model = two_services(nation="training_centres = 1\n")
    received = []
    for i, svc in enumerate(model.services):
        monkeypatch.setattr(svc, "peer_exchange", lambda s, i=i: received.append((i, s)))
    links.exchange_know_how(model, np.array([True, False]), np.array([0.25, 1.0]))
    assert received == [(0, 0.25 + model.p["centre_link_strength"])]  # service 1 has nobody to use it


def test_the_national_supervision_network_supervises_covered_services_while_it_runs(two_services):
    model = two_services()
    teachers = np.array([svc.teachers_total for svc in model.services])
    model.policy.network_on = True
    links.share_supervision(model, teachers)
    assert all(svc.service.external_supervision for svc in model.services)
    model.policy.network_on = False
    links.share_supervision(model, teachers)
    supervised = [svc.service.external_supervision for svc in model.services]
    np.testing.assert_array_equal(supervised, model.peer_supervised)
