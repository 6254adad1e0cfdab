"""Patterns come from mechanisms: switch one off and the pattern it produces disappears.

Each knock-out (``journeysim.validation.patterns.KNOCKOUTS``) rebuilds the
pattern's scenarios with ``dataclasses.replace(scenario, parameters={...})``,
setting values outside the declared ranges (the model does not re-validate),
and reruns them on the same seeds as the intact runs, so "with" and
"without" are the same worlds. 100 replications per scenario.
"""

from journeysim.validation.patterns import HOLDS, UNDEFINED


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
    """K1 on P1b: with no natural departure there is no collapse after one to measure."""
    r = knockout("K1", "P1b")
    assert r.present_verdict == HOLDS or r.present.value > 0.5
    assert r.removed.n == 0 and r.removed_verdict == UNDEFINED


def test_when_the_champion_leaves_a_team_that_carries_on_most_services_survive(knockout):
    """K2: colleagues trained from below at three a year, nothing lost, orphaned teachers deliver fully.

    P1a rests on the lone champion being nearly the only teacher: with a team left
    behind, fewer than half stop within three years of the departure (0.35 at 150 runs).
    """
    r = knockout("K2", "P1a")
    assert r.present_verdict == HOLDS
    assert r.removed.value < 0.5 and r.removed_verdict != HOLDS


def test_without_training_freezes_misaligned_managers_cost_far_fewer_people(knockout):
    """K3: ``freeze_pressure=2`` (middle managers never freeze training).

    No service is frozen any more (P4a vanishes), and some of the people that
    misalignment cost (P4b) come back; most of the cost remains, because an
    unaligned manager also gives no protected time, no referral pathway and is
    hit by every cancelled course (docs/validation.md: +75% to +63%).
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

    The (modest) erosion between years 10 and 20 of the top-down programme
    (P8b, which at present falls short of its +0.1 criterion) disappears: with
    funding that does not shrink, provision holds or grows.
    """
    r = knockout("K6", "P8b")
    assert r.present.low > 0.0
    assert r.removed.value <= 0.0 and r.removed_verdict != HOLDS
    assert r.present.value - r.removed.value >= 0.05
