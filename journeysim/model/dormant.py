"""A dormant month: a service with nobody and nothing to work with lives it at a fraction of the cost.

In a national population most service-months are dormant: no implementer, no
trained teacher, no trainee, nobody waiting, no MBCT money, no structure that
acts on its own (a lead post, supervision, a referral pathway) and no course
in the last year. Most of the month's mechanisms then do nothing, yet a full
month still calls them all. :func:`dormant_month` does only what a dormant
month changes, in the same order and with the same arithmetic, and draws the
same random numbers from the same streams (advancing a stream by the numbers
a mechanism would have drawn and not used), so a run is identical, number for
number, with the fast path on or off (``tests/model/test_dormant.py``; the
golden outputs). What it still does in full: context drifts, managers and
leaders respond, top-down decisions, the commissioner's review, the trainees a
pathway brings without a champion, manager turnover, the assessment and the
record. If one of those wakes the service in the month (a lead post, a funding
line, a trainee), the rest of the month runs the ordinary mechanisms.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from journeysim.model import assessment, context, delivery, funding, leadership, workforce
from journeysim.model.embeddedness import observe
from journeysim.model.mechanisms import STEPS

if TYPE_CHECKING:
    from journeysim.model.model import JourneyModel
    from journeysim.model.record import Month

# Uniforms the referral step draws and does not use in a dormant month: a Poisson count of zero
# expected referrals, then the binomial of nobody waiting dropping out (a count, not a coefficient).
UNUSED_REFERRAL_DRAWS = 2


def dormant(model: JourneyModel) -> bool:
    """Whether the month about to be lived is dormant (the state at its start; see the module docstring)."""
    svc = model.service
    return (
        not model.roster
        and not svc.pool_teachers
        and not svc.trainees
        and not svc.waiting
        and not svc.courses_last_12
        and svc.recurrent_funding == 0.0
        and svc.one_off_funds == 0.0
        and not svc.grants
        and not svc.lead_role
        and not svc.supervision
        and not svc.referral_pathway
        and svc.course_progress < svc.course_due
        and svc.staff_course_progress < 1.0
    )


def dormant_month(model: JourneyModel, month: Month) -> None:
    """Live a dormant month: what the mechanisms of :data:`~journeysim.model.mechanisms.STEPS` change in it.

    Call only when :func:`dormant` holds at the month's start. The protected share is not
    computed (only champions and courses read it, and there are none); the assessment
    computes its own.
    """
    svc, rates = model.service, model.monthly_rates
    # champions.implementers_work with nobody in post: nothing is built; evidence, networks and fit fade.
    svc.evidence -= svc.evidence * rates.evidence_decay_annual
    svc.networks -= svc.networks * rates.networks_decay_annual
    svc.fit -= svc.fit * rates.fit_erosion_annual
    context.context_drifts(model, month)
    leadership.managers_respond(model, month)
    leadership.top_down_decisions(model, month)
    funding.commissioner_reviews(model, month)
    if not dormant(model):  # a decision woke the service: the rest of the month in full
        for step in REST_OF_MONTH:
            step(model, month)
        return
    # arrangements.bottom_up_arrangements: no teachers, supervision, pathway or courses to arrange.
    pathway = svc.training_pathway
    if pathway == "internal":
        pathway = "commissioned"  # no teachers to run an apprenticeship (workforce.train_teachers)
    if workforce.trainee_rate(model, pathway, month.advocacy) > 0.0:
        workforce.train_teachers(model, month)  # a trainee may come without a champion
    # delivery.deliver_courses with no teachers and nobody waiting: the newly eligible, and no course.
    eligible, _ = delivery.referrals(model)
    model.draws["referrals"].skip(UNUSED_REFERRAL_DRAWS)
    svc.eligible_total += eligible
    month.eligible = eligible
    svc.add_courses(0)
    # funding.spend_money: no supervision to pay and no money to spend.
    # workforce.people_come_and_go with nobody in post: the middle manager may move on.
    if model.draws["managers"].uniform() < rates.manager_turnover_annual:
        leadership.new_middle_manager(model, month.m, "manager moved on")
    model.draws["emergence"].skip(workforce.EMERGENCE_DRAWS)  # drawn every month, used with teachers
    assess_dormant(model, month.m)


def assess_dormant(model: JourneyModel, m: int) -> None:
    """:func:`~journeysim.model.assessment.assess` for a service still dormant at the month's end.

    The same features, read off what a dormant service has: no courses in the last year, no
    teachers or implementers, no money (so the protected share is the middle manager's, if they
    protect time), no supervision, pathway or lead post. All four conditions cannot hold without
    money, so only their falling apart can be a pivot point.
    """
    svc, p = model.service, model.p
    last = svc.last_course_month
    # delivery.protected_share with no teachers and no money: (0 + 0) / demand, plus the manager's share.
    protected = p.manager_protected_share if model.middle_manager.protects() else 0.0
    features = observe(
        None if last is None else m - last,
        0,
        0,
        0,
        0,
        False,
        0.0,
        protected if protected < 1.0 else 1.0,
        False,
        svc.governance,
        False,
        svc.evidence,
        svc.training_pathway,
        int(p.critical_mass_teachers),
        p,
    )
    if model.conditions_aligned:
        assessment.conditions_pivot(model, m)
    assessment.settle_level(model, m, features)


# The month's steps this fast path was written for, in order: a step added to STEPS must be added
# here once dormant_month does what it does in a dormant month (tests/model/test_dormant.py checks).
WRITTEN_FOR = (
    "delivery.protect_time",
    "champions.implementers_work",
    "context.context_drifts",
    "leadership.managers_respond",
    "leadership.top_down_decisions",
    "funding.commissioner_reviews",
    "arrangements.bottom_up_arrangements",
    "workforce.train_teachers",
    "delivery.deliver_courses",
    "funding.spend_money",
    "workforce.people_come_and_go",
    "assessment.assess",
)
# The steps after the decisions a dormant month runs in full (for a month they wake the service in).
REST_OF_MONTH = STEPS[STEPS.index(funding.commissioner_reviews) + 1 :]
