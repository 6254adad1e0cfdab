"""Patterns come from mechanisms: switch one off and the pattern it produces disappears.

Each knock-out (``journeysim.validation.patterns.KNOCKOUTS``) rebuilds the
pattern's scenarios with ``dataclasses.replace(scenario, parameters={...})``,
setting values outside the declared ranges (the model does not re-validate),
and reruns them on the same seeds as the intact runs, so "with" and
"without" are the same worlds. 100 replications per scenario.
"""

import pytest

from journeysim.validation.pattern_types import HOLDS, UNDEFINED

pytestmark = pytest.mark.statistical


def test_without_departures_several_implementers_no_longer_outlast_one(knockout):
    """K1: departures off (``staff_turnover_annual=0``, ``burnout_hazard_factor=1``, ``career_years_mean=1000``).

    Several implementers keep a service running to year 10 far more often than
    one champion only because champions leave; with nobody leaving, the
    advantage (P2a) shrinks to almost nothing.
    """
    r = knockout("K1", "P2a")
    assert r.present_verdict == HOLDS and r.present.value >= 0.25
    assert r.removed_verdict != HOLDS
    assert r.removed.value < 0.25 * r.present.value


def test_without_departures_no_service_can_die_with_its_champion(knockout):
    """K1 on P1b: with no natural departure there is no departure to contrast with the worlds where it stays."""
    r = knockout("K1", "P1b")
    assert r.present_verdict == HOLDS or r.present.value > 0.1
    assert r.removed.n == 0 and r.removed_verdict == UNDEFINED


def test_when_the_champion_leaves_a_team_that_carries_on_most_services_survive(knockout):
    """K2: colleagues trained from below at three a year, nothing lost, orphaned teachers deliver fully.

    P1a rests on the lone champion being nearly the only teacher: with a team left
    behind, the departure raises the chance of stopping within three years far less
    against the same worlds where the champion stays (+0.33 to +0.09 at 60 pairs).
    """
    r = knockout("K2", "P1a")
    assert r.present_verdict == HOLDS
    assert r.removed.value < 0.2 and r.removed_verdict != HOLDS


def test_without_training_freezes_misaligned_managers_cost_far_fewer_people(knockout):
    """K3: ``freeze_pressure=2`` (middle managers never freeze training).

    No service is frozen any more (P4a vanishes), and some of the people that
    misalignment cost (P4b) come back; most of the cost remains, because an
    unaligned manager also gives no protected time, no referral pathway and is
    hit by every cancelled course (docs/validation.md, 400 runs: +35% to +13%).
    """
    freezes, people = knockout("K3", "P4a"), knockout("K3", "P4b")
    assert freezes.removed.value == 0.0 and freezes.removed_verdict != HOLDS
    assert people.removed.value < people.present.value


def test_without_top_down_investment_nothing_embeds(knockout):
    """K4: ``senior_priority_threshold=2``, ``commissioning_threshold=2`` (no investment, no commissioning).

    A top-down overlay no longer changes anything (P3b goes to zero), and several
    implementers hardly embed more than one (P2b), since what they win from below
    (protected time, a pathway) no longer leads on to funding and governance.
    Services can still embed from below, so this is no longer true by definition.
    """
    for pid in ("P3b", "P2b"):
        r = knockout("K4", pid)
        assert r.present.value > 0.05, pid
        assert r.removed.value <= 0.05 and r.removed_verdict != HOLDS, pid


def test_when_national_funding_does_not_shrink_provision_does_not_erode(knockout):
    """K6: ``national_programme_decay_annual=0`` (the national programme keeps its funding).

    The erosion between 2015 and 2019 under the top-down programme (P8b, a prediction: +0.34 at 100 runs)
    disappears: with funding that does not shrink, provision holds (-0.05 at 60 runs).
    """
    r = knockout("K6", "P8b")
    assert r.present.low > 0.0
    assert r.removed.value < r.present.value - 0.2


def test_without_the_national_programme_its_services_run_no_more_often_than_without_it(knockout):
    """K14: the programme trains nobody and brings no money, so both arms of P8a are the same world."""
    r = knockout("K14", "P8a")
    assert r.present_verdict == HOLDS
    assert abs(r.removed.value) < 0.05 and r.removed_verdict != HOLDS


def test_when_a_team_carries_on_several_implementers_no_longer_protect_against_a_departure(knockout):
    """K2 on P2c: with colleagues trained from below and teachers who keep teaching alone, a lone champion's
    service survives the departure about as well as one with several implementers (+0.59 to +0.08 at 200 runs).
    """
    r = knockout("K2", "P2c")
    assert r.present_verdict == HOLDS
    assert r.removed_verdict != HOLDS and r.removed.value < 0.5 * r.present.value


def test_when_implementers_add_nothing_to_one_another_more_of_them_achieve_no_more(knockout):
    """K19: saturated effort, no shared load, no complementarity, no pull from a manager's position.

    In a hostile context several implementers reach a higher level than one (P7c, about +0.6 of a level)
    only through what they add to one another's work; without it the gap falls below the quarter level
    the study could see.
    """
    r = knockout("K19", "P7c")
    assert r.present_verdict == HOLDS and r.present.value > 0.4
    assert r.removed_verdict != HOLDS and r.removed.value < 0.25


def test_without_downward_forces_journeys_have_no_troughs(knockout):
    """K20: no shocks, departures or manager changes, referrals always there, nothing lapses or is withdrawn.

    Nearly every journey has pivot points both ways (P6b) and troughs on the way to embedded (P6c); with
    every local downward force off, only national history pushes services down and most journeys go one way.
    """
    for pid in ("P6b", "P6c"):
        r = knockout("K20", pid)
        assert r.present.value > 0.9, pid
        assert r.removed_verdict != HOLDS and r.removed.value < 0.5, pid


def test_when_everything_builds_at_once_embedding_takes_months_not_years(knockout):
    """K21: evidence, networks, fit and leaders' views a hundred times faster, training in a month.

    Journeys to embedded take years (P6a, a median of about 57 months) because these accumulate slowly and
    teachers take a year to train; at once, the median falls below the two-year criterion.
    """
    r = knockout("K21", "P6a")
    assert r.present_verdict == HOLDS and r.present.value > 36
    assert r.removed_verdict != HOLDS and r.removed.value < 24


def test_when_commissioners_fund_every_service_a_cut_line_comes_back(knockout):
    """K23: commissioning threshold below any score, no memory: every line cut in year 5 is back five years on.

    The cut's contrast with the same line never cut (P9b, -0.30 at 100 pairs) vanishes, and every grass-roots
    service holds a line at year 10 (P11).
    """
    r = knockout("K23", "P9b")
    assert r.present.value < -0.2
    assert abs(r.removed.value) < 0.05 and r.removed_verdict != HOLDS
    assert knockout("K23", "P11").removed.value > 0.9


def test_when_managers_support_gates_nothing_alignment_no_longer_matters(knockout):
    """K24: no freezes, protected time and the care pathway whatever the middle manager thinks.

    Aligned managers' services reach far more people than misaligned ones' (P4b, about +35%); K3 (no freezes
    alone) leaves most of that gap, and K24 leaves less than the ten per cent the study could see.
    """
    r = knockout("K24", "P4b")
    assert r.present_verdict == HOLDS
    assert r.removed_verdict != HOLDS and r.removed.value < 0.1
