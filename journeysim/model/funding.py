"""Money for MBCT: what it pays for, what is left for training, and cuts (001 §Context; §Pivot points).

A recurrent funding line pays each month's courses, supervision and training;
one-off money (a pilot grant, say) is drawn down where the line does not cover
spending. Money left over after delivery and supervision buys training places.
A cut takes a fraction of both and signals tighter money all round. The
commissioner who opens and withdraws funding lines is in
:mod:`journeysim.model.commissioner`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from journeysim.model.events import DOWN
from journeysim.model.streams import MONTHS_PER_YEAR

if TYPE_CHECKING:
    from journeysim.model.model import JourneyModel


def funded_places(model: JourneyModel) -> float:
    """Training places a year that MBCT money can pay for once delivery and supervision are paid."""
    svc, p = model.service, model.p
    money = svc.recurrent_funding + min(svc.one_off_funds, p["recurrent_funding_amount"])
    if money <= 0.0:
        return 0.0
    teachers = model.teachers_total
    need = teachers * p["courses_per_teacher_year"] * p["course_cost"]
    if svc.supervision:
        need += teachers * p["supervision_cost"]
    return max(0.0, money - need) / p["training_cost"]


def spend_money(model: JourneyModel) -> None:
    """Supervision costs; one-off money is drawn down where the funding line does not cover spending."""
    svc, p = model.service, model.p
    supervision = model.teachers_total * p["supervision_cost"] / float(MONTHS_PER_YEAR) if svc.supervision else 0.0
    svc.cost_total += supervision
    spend = model.courses_now * p["course_cost"] + supervision + model.training_spend
    model.training_spend = 0.0
    uncovered = max(0.0, spend - svc.recurrent_funding / float(MONTHS_PER_YEAR))
    svc.one_off_funds = max(0.0, svc.one_off_funds - uncovered)


def cut_funding(model: JourneyModel, m: int, fraction: float, causes: list[str], category: str, kind: str) -> None:
    """MBCT money is cut by ``fraction``; a line cut to a sliver is closed (001 §Pivot points)."""
    svc, p = model.service, model.p
    before = svc.recurrent_funding
    svc.recurrent_funding *= 1.0 - fraction
    if 0 < svc.recurrent_funding < p["funding_floor_share"] * p["recurrent_funding_amount"]:
        svc.recurrent_funding = 0.0
    svc.one_off_funds *= 1.0 - fraction
    # A cut signals tighter money all round, in proportion to its size.
    svc.budget_health = max(0.0, svc.budget_health - p["cut_budget_signal"] * fraction)
    svc.pressure = min(1.0, svc.pressure + p["cut_pressure_signal"] * fraction)
    model.log.add(
        m,
        kind,
        DOWN,
        category,
        causes,
        f"recurrent funding £{before:,.0f} -> £{svc.recurrent_funding:,.0f}; budget health {svc.budget_health:.2f}",
    )
