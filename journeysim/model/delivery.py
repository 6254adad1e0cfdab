"""Delivering courses: demand, referrals and the waiting list; teaching time; courses that run or are cancelled.

**Demand** (who the service is for): adults in the catchment who are in
remission from recurrent depression become eligible at a declared yearly rate
(MAPPG 2015). A share of them is referred: many more where MBCT sits in the
care pathway, and more the better it fits local pathways, since a good fit
includes the people referrers actually see (001 §Fit; 003 theme 2). Nobody is
referred to a service with no teacher. Referrals join a waiting list that
people leave if they wait long. Primary-care talking-therapy services see more
referrals; an island board's scattered population struggles to reach an
in-person group, which online groups overcome.

**Teaching time** (001 §Context): teachers deliver a declared number of courses
a year with protected time, less when teaching on top of their ordinary jobs,
much less when nobody coordinates them (no implementer, no lead, and no
supervised team with a critical mass of teachers to run itself; 001 §Pivot
points), and less again while training is frozen. Capacity builds up and a course falls due when enough has built up;
how much is needed varies from course to course, so timing is stochastic.

**Courses that run or are cancelled** (the start-up phase): a due course runs
if enough people are waiting; otherwise it is held for referrals for a few
months and then cancelled. A course whose teacher is ill or away is lost unless
the service has a critical mass of teachers whose rota covers it (001 §Pivot
points). A course adds local
evidence in proportion to how full it is; a cancelled one costs the middle
manager's support and tires the implementers who prepared it. Groups are
suspended while the national history says so (the 2020 pandemic). Part of the
teaching time may go to staff courses (:mod:`journeysim.model.staff_courses`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from journeysim.declare import A, Mechanism, Parameter
from journeysim.model import staff_courses
from journeysim.model.streams import MONTHS_PER_YEAR

if TYPE_CHECKING:
    from journeysim.model.model import JourneyModel
    from journeysim.model.record import Month

# The parameters this mechanism reads, here or in the agents it drives (docs/parameters.md lists them under its name).
# fmt: off
DECLARATIONS: tuple[Parameter, ...] = (
    Parameter("course_size_min", 8, "participants", 6, 10, "001 §Background (classes of 8-15)",
              "Smallest full class.", "courses", uncertain=False),
    Parameter("course_size_max", 15, "participants", 12, 20, "001 §Background (classes of 8-15)",
              "Largest full class.", "courses", uncertain=False),
    Parameter("courses_per_teacher_year", 2.0, "courses per year", 1.0, 4.0,
              "assumption: no per-teacher figure in the study (001, 003, 004) or in Crane & Kuyken 2013 (Mindfulness 4:246-254); range wide for that reason",
              "Courses a trained teacher with protected time delivers in a year.", "courses"),
    Parameter("goodwill_delivery_factor", 0.5, "ratio", 0.2, 0.8,
              "001 §Context (teaching on top of existing roles); value assumption: no published figure for teaching without protected time",
              "Delivery of a teacher without protected time, relative to one with it.", "courses"),
    Parameter("orphan_delivery_factor", 0.15, "ratio", 0.0, 0.4, "001 §Context ('the service would die with me'); value assumption",
              "Delivery when no implementer or lead role coordinates the courses.", "courses"),
    Parameter("course_cost", 1500.0, "GBP per course", 800.0, 3000.0, A,
              "Teacher time, venue and materials for one 8-week course.", "courses"),
    Parameter("evidence_per_course", 0.004, "per course", 0.001, 0.01, "001 §Facilitators (participant feedback)",
              "Local evidence added by each delivered course.", "evidence"),
    Parameter("manager_protected_share", 0.3, "fraction", 0.1, 0.5, "001 §Top-down and bottom-up (managers who protect time); value assumption",
              "Share of teaching time a protecting middle manager shields.", "leadership"),
    Parameter("frozen_delivery_factor", 0.4, "ratio", 0.1, 0.7, "001 §Context (teachers diverted to waiting lists)",
              "Courses delivered while training is frozen, relative to normal.", "courses"),
    Parameter("relapse_risk_share_annual", 0.0135, "per adult per year", 0.005, 0.025,
              "MAPPG 2015 (Mindful Nation UK): about 580,000 adults a year in England at risk of recurrent depression who could benefit, over about 43 million adults; range wide because eligibility criteria vary",
              "Share of adults a year in remission from recurrent depression and so eligible for MBCT.", "demand"),
    Parameter("referral_share_pathway", 0.05, "fraction", 0.02, 0.10, "001 §Fit (MBCT integrated into care pathways); value assumption",
              "Share of newly eligible adults referred where MBCT is in the care pathway and fits it fully.", "demand"),
    Parameter("referral_share_no_pathway", 0.008, "fraction", 0.003, 0.02, "001 §Facilitators (referrers need to experience and trust it); value assumption",
              "Share of newly eligible adults referred by word of mouth and interested clinicians, without a pathway.", "demand"),
    Parameter("referral_fit_floor", 0.3, "fraction", 0.1, 0.6, "001 §Fit; 003 theme 2 (inclusion criteria widened to fit local need); value assumption",
              "Share of referrals that come however poorly MBCT fits local pathways (fit 0); the rest grow with fit.", "demand"),
    Parameter("waiting_dropout_annual", 0.3, "per year", 0.1, 0.6, A,
              "Rate at which people waiting for a group stop waiting (relapse, other treatment, move away).", "demand"),
    Parameter("course_min_viable", 6, "participants", 4, 8, "001 §Background (groups of about 8 to 15); value assumption",
              "Fewest people waiting for which a due course goes ahead; with fewer it is cancelled.", "delivery"),
    Parameter("course_hold_months", 3, "months", 1, 6, A,
              "Months a due course waits for enough referrals before it is cancelled.", "delivery"),
    Parameter("course_timing_jitter", 0.5, "fraction", 0.0, 0.9, A,
              "Spread of the teaching capacity that builds up between one course and the next (0: clockwork).", "delivery"),
    Parameter("cancelled_course_alignment_loss", 0.05, "index 0-1", 0.0, 0.15, "001 §Pivot points (pilots that build or lose a platform); value assumption",
              "Loss of the middle manager's support when a due course is cancelled for want of referrals.", "delivery"),
    Parameter("cancelled_course_energy_loss", 0.05, "index 0-1", 0.0, 0.15, "001 §Discussion (over-extended champions); value assumption",
              "Energy an implementer loses when a course they prepared is cancelled.", "delivery"),
    Parameter("primary_care_referral_factor", 1.5, "ratio", 1.0, 2.5, "001 §Context (primary-care talking-therapy services: high volume, targets); value assumption",
              "Referrals in a primary-care talking-therapy service relative to secondary care, for the same eligible population.", "demand"),
    Parameter("remote_uptake_factor", 0.6, "ratio", 0.3, 0.9, "assumption: island boards serve scattered populations who must travel to a group",
              "Share of referred people in an island board who can attend an in-person group.", "demand"),
    Parameter("online_uptake_factor", 0.9, "ratio", 0.6, 1.2, "assumption: online groups remove travel but lose some who will not join online",
              "Share of referred people who join a group when groups run online (any service type).", "demand"),
    Parameter("teacher_absence_share", 0.1, "probability", 0.03, 0.2,
              "NHS sickness absence of about 4% of working days (NHS Digital sickness absence rates, 2010s) over a course of eight weekly sessions with preparation, plus leave and exhaustion; 001 §Pivot points (a critical mass of teachers); value assumption",
              "Chance that the teacher due to run a course is ill, worn out or away for it: below the critical mass the course is put back; at or above it another teacher on the rota covers, unless every teacher is away.", "demand"),
    Parameter("uncovered_delay_months", 4, "months", 2, 6,
              "groups start with an intake and are rescheduled for the next one when they cannot start (about a school term); value assumption",
              "Months a course that no teacher could cover is put back by.", "demand"),
    Parameter("staff_course_share", 0.0, "fraction", 0.0, 0.3,
              "001 §Facilitation (mindfulness classes for staff); 004 'Getting top-down buy in' (mindfulness offered to staff and gatekeepers); a choice, 0 = no staff offer",
              "Share of a service's teaching capacity given to mindfulness courses for its own staff.", "staff courses", uncertain=False),
    Parameter("staff_course_culture", 0.005, "index 0-1", 0.001, 0.015,
              "001 §Facilitation (MBCT in staff wellbeing); value assumption",
              "Shift of the service culture (and its baseline) toward wellbeing per staff course run.", "staff courses"),
    Parameter("staff_course_alignment", 0.02, "index 0-1", 0.0, 0.05,
              "004 'Getting top-down buy in' (gatekeepers who experience mindfulness themselves); value assumption",
              "Rise in the middle manager's alignment per staff course run.", "staff courses"),
)
DECLARED = Mechanism(
    "delivery",
    "Referrals join the waiting list; protected teaching time builds capacity; due courses run or are cancelled.",
    parameters=DECLARATIONS,
    state=("waiting", "course_due", "course_progress", "staff_course_progress", "course_held_months",
           "courses_window", "courses_total", "participants_total", "places_total", "cancelled_total",
           "eligible_total", "referrals_total", "last_course_month", "staff_courses_total"),
    columns=("courses", "participants", "places", "cancelled", "eligible", "referrals", "waiting", "courses_last_12"),
    modules=("staff_courses",),
)
# fmt: on


def protected_share(model: JourneyModel) -> float:
    """Share of teaching time that is protected: paid for, or shielded by the middle manager."""
    svc, p = model.service, model.p
    # Conditional expressions, not min()/max(): the same values (min(a, b) is b if b < a else a), twice a month.
    teachers = model.teachers_total
    demand = (teachers if teachers > 1 else 1) * p.courses_per_teacher_year * p.course_cost / float(MONTHS_PER_YEAR)
    monthly_amount = p.recurrent_funding_amount / float(MONTHS_PER_YEAR)
    one_off = monthly_amount if monthly_amount < svc.one_off_funds else svc.one_off_funds
    share = (svc.recurrent_funding / float(MONTHS_PER_YEAR) + one_off) / demand
    if model.middle_manager.protects():
        share += p.manager_protected_share
    return share if share < 1.0 else 1.0


def protect_time(model: JourneyModel, month: Month) -> None:
    """The month starts with the share of teaching time that is protected (:func:`protected_share`)."""
    month.protected = protected_share(model)


def coordinated(model: JourneyModel) -> bool:
    """Whether someone keeps courses going.

    An implementer, a lead in post, a national programme that organises its
    teachers' supervised teaching while it pays for their supervision (teacher
    training pathways include teaching under supervision; 001 §Training and
    supervision), or a supervised team with a critical mass that runs itself.
    """
    svc = model.service
    if model.roster or (svc.lead_role and svc.lead_vacant_until is None) or svc.programme_supervision:
        return True
    return svc.supervision and model.teachers_total >= model.p.critical_mass_teachers


def delivery_rate(model: JourneyModel, protected: float) -> float:
    """Expected courses (for patients and staff together) that fall due per month."""
    svc, p = model.service, model.p
    teachers = model.teachers_total
    if teachers == 0:
        return 0.0
    coordination = 1.0 if coordinated(model) else p.orphan_delivery_factor
    time = protected + (1.0 - protected) * p.goodwill_delivery_factor
    frozen = p.frozen_delivery_factor if svc.training_frozen else 1.0
    return teachers * p.courses_per_teacher_year / float(MONTHS_PER_YEAR) * coordination * time * frozen


def uptake(model: JourneyModel) -> float:
    """Share of referred people who can join a group: online groups, or in person (hard from an island)."""
    svc, p = model.service, model.p
    if svc.online_groups:
        return p.online_uptake_factor
    return p.remote_uptake_factor if svc.service_type == "island_board" else 1.0


def referrals(model: JourneyModel) -> tuple[float, float]:
    """Adults newly eligible this month, and the expected number referred (who can attend)."""
    svc, p = model.service, model.p
    eligible = svc.catchment_adults * p.relapse_risk_share_annual / float(MONTHS_PER_YEAR)
    if model.teachers_total == 0:
        return eligible, 0.0
    share = p.referral_share_pathway if svc.referral_pathway else p.referral_share_no_pathway
    floor = p.referral_fit_floor
    share *= floor + (1.0 - floor) * svc.fit
    if svc.service_type == "primary_care":
        share *= p.primary_care_referral_factor
    return eligible, eligible * share * uptake(model)


def next_course_due(model: JourneyModel) -> float:
    """Teaching capacity needed before the next course: one course, give or take the declared jitter."""
    jitter = model.p.course_timing_jitter
    low, high = 1.0 - jitter, 1.0 + jitter
    return low + (high - low) * model.draws["courses"].uniform()


def deliver_courses(model: JourneyModel, month: Month) -> None:
    """Referrals join the waiting list; due courses run or are cancelled; staff courses take their share."""
    svc, p, m = model.service, model.p, month.m
    draws = model.draws["referrals"]
    eligible, expected = referrals(model)
    referred = draws.poisson_aligned(expected)
    svc.waiting += referred
    svc.waiting -= draws.binomial_aligned(int(svc.waiting), model.monthly_rates.waiting_dropout_annual)
    svc.eligible_total += eligible
    svc.referrals_total += referred
    month.eligible, month.referrals = eligible, float(referred)
    if not model.teachers_total and svc.course_progress < svc.course_due and svc.staff_course_progress < 1.0:
        svc.add_courses(0)  # nobody to teach and nothing due: no capacity builds, no course runs
        return

    rate = delivery_rate(model, month.protected)
    staff_share = p.staff_course_share
    svc.staff_course_progress += rate * staff_share
    svc.course_progress += rate * (1.0 - staff_share)
    suspended = svc.delivery_suspended_until is not None and m < svc.delivery_suspended_until
    n = people = places = cancelled = lost = 0
    while svc.course_progress >= svc.course_due:
        if suspended:
            svc.course_progress = svc.course_due  # capacity does not pile up while groups are suspended
            break
        if svc.waiting < p.course_min_viable:
            # Too few people for a group: the course is held for referrals, then cancelled.
            svc.course_progress = svc.course_due
            svc.course_held_months += 1
            if svc.course_held_months > p.course_hold_months:
                svc.course_progress = 0.0
                svc.course_held_months = 0
                cancelled += 1
            break
        if uncovered(model):
            # The group waits for its teacher: rescheduled for a later intake, not lost for a whole cycle.
            svc.course_progress -= rate * (1.0 - staff_share) * p.uncovered_delay_months
            lost += 1
            break
        svc.course_progress -= svc.course_due
        svc.course_held_months = 0
        svc.course_due = next_course_due(model)
        size = model.draws["courses"].integer(int(p.course_size_min), int(p.course_size_max))
        waiting = int(svc.waiting)
        joined = waiting if waiting < size else size  # min(size, waiting): the same value
        svc.waiting -= joined
        n += 1
        people += joined
        places += size
        evidence = svc.evidence + p.evidence_per_course * joined / size
        svc.evidence = evidence if evidence < 1.0 else 1.0
    if cancelled:
        course_cancelled(model, m, cancelled)
    if lost:
        course_uncovered(model, m, lost)
        cancelled += lost
    staff = int(svc.staff_course_progress)
    if staff and not suspended:
        svc.staff_course_progress -= staff
        staff_courses.run_staff_courses(model, staff)
    svc.add_courses(n)
    if n:
        svc.last_course_month = m
    svc.courses_total += n
    svc.participants_total += people
    svc.places_total += places
    svc.cancelled_total += cancelled
    svc.cost_total += n * p.course_cost
    month.courses, month.participants = n, people
    month.places, month.cancelled = places, cancelled


def uncovered(model: JourneyModel) -> bool:
    """Whether a due course is lost because its teacher is ill, worn out or away (001 §Pivot points: critical mass).

    Below the critical mass of teachers each course rests on one teacher; at or
    above it the teachers keep a rota and another covers, so the course is lost
    only if every teacher is away. Drawn from the cover stream.
    """
    p = model.p
    away, teachers = p.teacher_absence_share, model.teachers_total
    chance = away if teachers < p.critical_mass_teachers else away**teachers
    return model.draws["cover"].uniform() < chance


def course_uncovered(model: JourneyModel, m: int, n: int) -> None:
    """A due course cannot start for want of a teacher to run it (logged; no cost to anyone's support)."""
    model.log.add(
        m,
        "course_uncovered",
        "down",
        "people",
        [f"{model.teachers_total} trained teacher(s)", "no rota to cover an absent teacher"],
        f"{n} course(s) put back: the teacher was ill or away and nobody could cover",
    )


def course_cancelled(model: JourneyModel, m: int, n: int) -> None:
    """Too few people waiting: a due course is cancelled; the manager's support and the champions' energy suffer."""
    svc, p = model.service, model.p
    mm = model.middle_manager
    mm.alignment = max(0.0, mm.alignment - n * p.cancelled_course_alignment_loss)
    for imp in model.roster:
        imp.energy = max(0.0, imp.energy - n * p.cancelled_course_energy_loss)
    model.log.add(  # an event in the log, not a pivot point: one course, not the service's course
        m,
        "course_cancelled",
        "down",
        "delivery",
        [f"{svc.waiting:.0f} people waiting", "referral pathway" if svc.referral_pathway else "no referral pathway"],
        f"{n} course(s) cancelled for want of referrals; middle manager alignment {mm.alignment:.2f}",
    )


def seed_course_history(model: JourneyModel) -> None:
    """A service that starts beyond 'starting out' ran courses in the year before the start, spread over the year."""
    rate = delivery_rate(model, protected_share(model))
    if rate <= 0:
        return
    per_year = max(1, round(rate * MONTHS_PER_YEAR))
    for k in range(per_year):
        model.service.courses_window[(k * MONTHS_PER_YEAR) // per_year] += 1
    model.service.recount_courses()
    model.service.last_course_month = ((per_year - 1) * MONTHS_PER_YEAR) // per_year - MONTHS_PER_YEAR
