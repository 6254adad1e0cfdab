"""Money for MBCT: recurrent lines, time-limited grants, spending and cuts (001 §Context; §Pivot points).

Two kinds of money, as the NHS runs them. A recurrent funding line pays each
month's courses, supervision and training year after year until it is cut or
decommissioned. Non-recurrent money comes as :class:`Grant` s with an end date:
a pilot grant for a fixed term, a national programme's yearly allocation or a
one-off pot that must be spent within its financial year. Grants are drawn
down, the one ending soonest first, where the line does not cover spending;
when a grant ends its unspent money is gone (allocations that must be spent
in-year lapse at the end of March, bar a declared share that may be carried
over), and a downward pivot is logged if nothing replaces it.
``Service.one_off_funds`` always equals the money left in the grants; only the
functions here change it. Money left over after delivery and supervision buys
training places; while courses run that no money pays for, the implementers
resource them themselves, an extra load on them (:func:`self_resourcing_load`).
A cut takes a fraction of both kinds of money; a line cut to nothing is
decommissioned, and the commissioner remembers the case it was
closed on (:mod:`journeysim.model.commissioner`).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from journeysim.declare import A, Mechanism, Parameter
from journeysim.model.events import DOWN, NEUTRAL, calendar
from journeysim.model.streams import MONTHS_PER_YEAR

if TYPE_CHECKING:
    from journeysim.model.model import JourneyModel
    from journeysim.model.record import Month
    from journeysim.model.service import Service

# The parameters this mechanism reads, here or in the agents it drives (docs/parameters.md lists them under its name).
# fmt: off
DECLARATIONS: tuple[Parameter, ...] = (
    Parameter("training_cost", 4000.0, "GBP per teacher", 2000.0, 8000.0, A,
              "Cost of training one MBCT teacher when commissioned in.", "training"),
    Parameter("supervision_cost", 600.0, "GBP per teacher per year", 300.0, 1200.0, A,
              "Cost of supervising one teacher for a year.", "training"),
    Parameter("commissioning_threshold", 0.55, "index 0-1", 0.4, 0.7, "001 §Facilitators (guidelines help secure funding)",
              "Commissioning score needed to open a recurrent funding line.", "funding"),
    Parameter("recurrent_funding_amount", 30000.0, "GBP per year", 10000.0, 80000.0, A,
              "Size of a recurrent funding line when commissioned.", "funding"),
    Parameter("decommission_margin", 0.2, "index 0-1", 0.05, 0.35, A,
              "How far the score must fall below the threshold before funding is withdrawn.", "funding"),
    Parameter("commissioner_weight_case", 0.45, "weight", 0.3, 0.6, "001 §Facilitators (guidelines and evidence secure funding); value assumption",
              "Weight of the case in the commissioner's score.", "funding"),
    Parameter("commissioner_weight_senior", 0.35, "weight", 0.2, 0.5, "001 §Top-down and bottom-up (senior sponsorship); value assumption",
              "Weight of senior priority in the commissioner's score.", "funding"),
    Parameter("commissioner_weight_budget", 0.2, "weight", 0.1, 0.3, "001 §Context (money is scarce); value assumption",
              "Weight of budget health in the commissioner's score.", "funding"),
    Parameter("commissioner_request_bonus", 0.05, "index 0-1", 0.0, 0.1, A,
              "Extra score when the service's leaders have asked for funding.", "funding"),
    Parameter("commissioner_noise", 0.05, "index 0-1 (s.d.)", 0.0, 0.1, A,
              "Standard deviation of the judgement in a commissioner's yearly score.", "funding"),
    Parameter("financial_year_month", 4, "calendar month", 1, 12, "NHS financial year (from April); when in the year decisions fall is an assumption",
              "Calendar month the financial year starts: commissioners' yearly reviews, and the years of national programmes and national policies.", "funding", uncertain=False),
    Parameter("diluted_offer_margin", 0.1, "index 0-1", 0.0, 0.2, "001 §Training and supervision (a light version is offered); value assumption",
              "How far below the threshold a score can be and still bring an offer of a shortened programme.", "funding"),
    Parameter("diluted_offer_budget", 0.5, "index 0-1", 0.3, 0.7, A,
              "Budget health below which a commissioner offers a shortened programme.", "funding"),
    Parameter("diluted_funding_share", 0.5, "fraction", 0.3, 0.7, A,
              "Size of a shortened programme's funding line relative to a full one.", "funding"),
    Parameter("funding_floor_share", 0.25, "fraction", 0.1, 0.4, A,
              "A funding line cut below this share of a full line is closed altogether.", "funding"),
    Parameter("cut_budget_signal", 0.3, "index 0-1 per fraction cut", 0.1, 0.5, "001 §Pivot points (resources withdrawn); value assumption",
              "Fall in budget health per unit fraction of MBCT money cut.", "funding"),
    Parameter("cut_pressure_signal", 0.1, "index 0-1 per fraction cut", 0.0, 0.2, A,
              "Rise in pressure per unit fraction of MBCT money cut.", "funding"),
    Parameter("pilot_grant_months", 24, "months", 12, 36, "001 §Pivot points (time-limited money secured for a pilot); value assumption",
              "Term of a pilot grant or other one-off sum given without a stated term; what is unspent at its end is gone.", "funding"),
    Parameter("grant_carryover_share", 0.0, "fraction", 0.0, 0.5,
              "NHS practice: non-recurrent allocations are generally to be spent within the financial year; value assumption",
              "Share of unspent non-recurrent money that must be spent in-year which a service may carry into the next year (for one more year).",
              "funding"),
    Parameter("contract_months_min", 12, "months", 12, 36,
              "NHS practice: commissioning runs on yearly contract rounds, and a new service is sometimes agreed a longer first term; value assumption",
              "Months a newly opened funding line runs before a yearly review may withdraw it (its first contract term).",
              "funding"),
    Parameter("recommission_case_margin", 0.1, "index 0-1", 0.0, 0.25, A,
              "How much stronger the case must be than when a funding line was decommissioned before the commissioner reopens it.",
              "funding"),
    Parameter("commissioner_weight_delivery", 0.3, "weight", 0.1, 0.5,
              "001 §MBCT implementers and §Facilitators (audits, evaluation and demonstrated impact make the case to commissioners); "
              "001 §Context (a service that would die with its one champion); value assumption",
              "Weight of the delivery record (courses run in the last year, a named lead in post, a waiting list) in the commissioner's score, "
              "beside the weights of case, senior priority and budget health (the score is their weighted mean).", "funding"),
    Parameter("commissioner_courses_reference", 4.0, "courses per year", 2.0, 8.0, A,
              "Courses a year that count as a full delivery record for a commissioner (fewer count in proportion).", "funding"),
    Parameter("self_resourcing_load", 0.2, "ratio", 0.1, 0.4,
              "001 §Context (teachers paid for training and supervision and resourced venues, recordings and mats themselves: "
              "a major barrier); value assumption, above the extra load of mentoring successors (succession_effort)",
              "Extra load on implementers while their service runs courses that no funding line or grant pays for.",
              "funding"),
)
DECLARED = Mechanism(
    "funding",
    "The commissioner's yearly review of a funding line; money spent, grants used up, funding cut.",
    parameters=DECLARATIONS,
    state=("recurrent_funding", "one_off_funds", "grants", "funding_since", "decommissioned_case", "cost_total"),
    columns=("recurrent_funding", "one_off_funds"),
    modules=("commissioner",),
)
# fmt: on

# Money put straight into ``one_off_funds`` (by a test or an older caller) is adopted as a grant from here.
ADOPTED_SOURCE = "one-off money"


@dataclass(frozen=True, slots=True)
class Grant:
    """Time-limited, non-recurrent money.

    Attributes:
        amount_left: GBP not yet spent.
        ends_month: First month (0-based, from the run's January) without it; ``None``: no end date.
        source: Where it came from, in words (for the log).
        year_end_lapse: Whether it must be spent within the financial year it was given in.

    """

    amount_left: float
    ends_month: int | None
    source: str
    year_end_lapse: bool = False


def _sync(svc: Service) -> None:
    """Keep ``one_off_funds`` equal to the money left in the grants."""
    svc.one_off_funds = sum((g.amount_left for g in svc.grants), 0.0)


def _adopt(svc: Service) -> None:
    """Reconcile money written straight into ``one_off_funds`` with the grants (tests, older callers)."""
    gap = svc.one_off_funds - sum((g.amount_left for g in svc.grants), 0.0)
    if gap > 0.0:
        svc.grants.append(Grant(gap, None, ADOPTED_SOURCE))
    elif gap < 0.0:
        _draw(svc, -gap)
    if gap:
        _sync(svc)


def _ending_order(g: Grant) -> tuple[bool, int]:
    return (g.ends_month is None, g.ends_month or 0)


def _draw(svc: Service, amount: float) -> None:
    """Take ``amount`` from the grants, the one ending soonest first, never below zero."""
    for i in sorted(range(len(svc.grants)), key=lambda k: _ending_order(svc.grants[k])):
        if amount <= 0.0:
            break
        g = svc.grants[i]
        take = min(g.amount_left, amount)
        if take > 0.0:
            svc.grants[i] = replace(g, amount_left=g.amount_left - take)
            amount -= take


def year_end_after(model: JourneyModel, month: int) -> int:
    """The first month of the next financial year after ``month`` (when in-year money lapses)."""
    ahead = (model.p.financial_year_month - 1 - month) % MONTHS_PER_YEAR
    return month + (ahead or MONTHS_PER_YEAR)


def add_grant(
    model: JourneyModel,
    amount: float,
    months: int | None = None,
    source: str = ADOPTED_SOURCE,
    year_end_lapse: bool = False,
    month: int | None = None,
) -> Grant | None:
    """Give the service time-limited money; return the grant (``None`` for no money).

    Args:
        model: The service's model.
        amount: GBP.
        months: Its term from ``month``; ``None`` or 0: the declared ``pilot_grant_months``.
        source: Where it comes from, in words.
        year_end_lapse: Whether it must be spent within this financial year (it lapses at the
            next financial year's start, or its term's end if sooner).
        month: The month it arrives (default: the month about to be simulated).

    """
    if amount <= 0.0:
        return None
    svc = model.service
    _adopt(svc)
    now = model.steps if month is None else month
    term = int(months) if months else round(model.p.pilot_grant_months)
    ends = now + term
    if year_end_lapse:
        ends = min(ends, year_end_after(model, now))
    grant = Grant(float(amount), ends, source, year_end_lapse)
    svc.grants.append(grant)
    _sync(svc)
    if ends < model.horizon:
        model.schedule(ends, grants_end)
    return grant


def grants_end(model: JourneyModel) -> None:
    """Grants whose end has come close: unspent money is gone, bar a share of in-year money carried over.

    Whether anything replaces the money is judged after everything else that happens at
    the same moment (a national programme's next allocation, say).
    """
    svc, now = model.service, model.steps
    _adopt(svc)
    ended = [g for g in svc.grants if g.ends_month is not None and g.ends_month <= now]
    if not ended:
        return
    svc.grants = [g for g in svc.grants if g.ends_month is None or g.ends_month > now]
    share = model.p.grant_carryover_share
    for g in ended:
        if g.year_end_lapse and share > 0.0 and g.amount_left > 0.0 and now == year_end_after(model, now - 1):
            carried = Grant(share * g.amount_left, now + MONTHS_PER_YEAR, f"{g.source} (carried over)")
            svc.grants.append(carried)
            if carried.ends_month < model.horizon:
                model.schedule(carried.ends_month, grants_end)
    _sync(svc)
    model.schedule(now, _unless_replaced, tuple(ended))


def _unless_replaced(model: JourneyModel, ended: tuple[Grant, ...]) -> None:
    """Log the end of money when no recurrent line and no other money replace it (001 §Pivot points)."""
    svc = model.service
    if svc.recurrent_funding > 0.0 or svc.one_off_funds > 0.0:
        return
    causes = [
        f"{g.source}: {'must be spent within the financial year' if g.year_end_lapse else 'its term ends'}"
        for g in ended
    ]
    lost = sum(g.amount_left for g in ended)
    effect = f"£{lost:,.0f} unspent is gone" if lost > 0.0 else "the money was spent"
    model.log.add(
        model.steps, "grant_ended", DOWN, "pivot", causes, f"{effect}; no recurrent line or other money replaces it"
    )


def money_until(model: JourneyModel, grant: Grant) -> str:
    """The grant's term in words, for the log."""
    if grant.ends_month is None:
        return "with no end date"
    last = calendar(model.start_year, grant.ends_month - 1)
    return f"to be spent by {last}" + (" (within its financial year)" if grant.year_end_lapse else "")


def funded_places(model: JourneyModel) -> float:
    """Training places a year that MBCT money can pay for once delivery and supervision are paid."""
    svc, p = model.service, model.p
    money = svc.recurrent_funding + min(svc.one_off_funds, p.recurrent_funding_amount)
    if money <= 0.0:
        return 0.0
    teachers = model.teachers_total
    need = teachers * p.courses_per_teacher_year * p.course_cost
    if svc.supervision:
        need += teachers * p.supervision_cost
    return max(0.0, money - need) / p.training_cost


def commissioner_reviews(model: JourneyModel, month: Month) -> None:
    """The commissioner's yearly review of the funding line, in its month (:class:`~journeysim.model.commissioner.Commissioner`)."""
    if model.commissioner.reviews_in(month.m):
        model.commissioner.review(month.m)


def spend_money(model: JourneyModel, month: Month) -> None:
    """Supervision costs; grants pay, soonest-ending first, for what the funding line does not cover."""
    svc, p = model.service, model.p
    if not svc.supervision and not svc.grants and svc.one_off_funds <= 0.0:
        return  # nothing to pay and nothing to pay it with (a course or trainee is paid for where it is bought)
    supervision = model.teachers_total * p.supervision_cost / float(MONTHS_PER_YEAR) if svc.supervision else 0.0
    svc.cost_total += supervision
    spend = month.courses * p.course_cost + supervision + month.training_spend
    uncovered = max(0.0, spend - svc.recurrent_funding / float(MONTHS_PER_YEAR))
    if svc.grants or svc.one_off_funds > 0.0:
        _adopt(svc)
        if uncovered > 0.0:
            _draw(svc, uncovered)
            _sync(svc)


def self_resourcing_load(model: JourneyModel) -> float:
    """Extra load on the implementers while they run courses that no MBCT money pays for.

    With no funding line and no grant, the implementers find and pay for venues,
    recordings and mats themselves, a major barrier in the study (001 §Context).
    """
    svc = model.service
    unfunded = svc.recurrent_funding <= 0.0 and svc.one_off_funds <= 0.0
    return model.p.self_resourcing_load if unfunded and svc.courses_last_12 > 0 else 0.0


def decommission(model: JourneyModel) -> None:
    """The recurrent line is closed: remember the case it was closed on (a new case must beat it)."""
    model.service.recurrent_funding = 0.0
    model.service.decommissioned_case = model.case


def forget_decommissioning(model: JourneyModel) -> None:
    """Commissioning is reorganised: new commissioners take a fresh look at a closed line."""
    model.service.decommissioned_case = None


def cut_funding(model: JourneyModel, m: int, fraction: float, causes: list[str], category: str, kind: str) -> None:
    """MBCT money is cut by ``fraction``; a line cut to a sliver is closed and remembered (001 §Pivot points).

    The cut tightens budgets all round whether or not MBCT has money. With no MBCT money to
    cut, nothing of the service's changes hands: the cut is logged as a neutral event of its
    category, not as a fall in funding (and so is no pivot).
    """
    svc, p = model.service, model.p
    before = svc.recurrent_funding
    _adopt(svc)
    one_off = svc.one_off_funds
    had_money = before > 0.0 or svc.one_off_funds > 0.0
    svc.recurrent_funding *= 1.0 - fraction
    if before > 0.0 and svc.recurrent_funding < p.funding_floor_share * p.recurrent_funding_amount:
        decommission(model)
    svc.grants = [replace(g, amount_left=g.amount_left * (1.0 - fraction)) for g in svc.grants]
    _sync(svc)
    # A cut signals tighter money all round, in proportion to its size.
    svc.budget_health = max(0.0, svc.budget_health - p.cut_budget_signal * fraction)
    svc.pressure = min(1.0, svc.pressure + p.cut_pressure_signal * fraction)
    if not had_money:
        model.log.add(
            m, kind, NEUTRAL, category, causes, f"no MBCT money to cut; budget health {svc.budget_health:.2f}"
        )
        return
    closed = "; the line is decommissioned" if before > 0.0 and svc.recurrent_funding == 0.0 else ""
    cut = [f"recurrent funding £{before:,.0f} -> £{svc.recurrent_funding:,.0f}{closed}"] if before > 0.0 else []
    if one_off > 0.0:
        cut.append(f"one-off money £{one_off:,.0f} -> £{svc.one_off_funds:,.0f}")
    model.log.add(m, kind, DOWN, category, causes, "; ".join([*cut, f"budget health {svc.budget_health:.2f}"]))
