"""The commissioner: funds services on evidence, guidance and budget (001 §Facilitators; §Pivot points).

Once a year (at the start of the NHS financial year) the commissioner scores
the service: the case, senior priority and budget health, and what the service
delivers (:meth:`Commissioner.delivery_record`: courses run in the last year,
a named lead in post, a waiting list), as a weighted mean of declared weights.
Implementers made their case to commissioners with audits, evaluation and
demonstrated impact (001 §MBCT implementers; §Facilitators), and a service
that runs on one person's goodwill with no lead in post is fragile (001
§Context), so a commissioner funding recurrent provision looks at what is
delivered and who will deliver it, not at the case alone.

A funding line opens when the score passes the threshold; a service just
short of it in a tight budget may be offered a shortened, cheaper programme,
which a gold-standard stance refuses (001 §Training and supervision). A new
line runs for its first contract term (``contract_months_min``) and is then
withdrawn only when the score falls well below the threshold.

Commissioning has a memory: a line that was decommissioned (withdrawn here, or
cut to nothing, :func:`journeysim.model.funding.cut_funding`) stays closed until
a new case is made, that is until the case beats the one it was closed on by a
declared margin, however well the rest of the score reads. A reorganisation of
commissioning wipes the memory (:func:`journeysim.model.funding.forget_decommissioning`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import mesa
import numpy as np

from journeysim.model.events import DOWN, UP
from journeysim.model.funding import decommission
from journeysim.model.streams import MONTHS_PER_YEAR

if TYPE_CHECKING:
    from journeysim.model.model import JourneyModel


class Commissioner(mesa.Agent):
    """Reviews the service once a year and opens, keeps or withdraws its funding line."""

    def __init__(self, model: JourneyModel, rng: np.random.Generator) -> None:
        super().__init__(model)
        self.stream = rng
        self.requested = False  # the service's leaders have asked for funding
        self.refused_on: float | None = None  # the closing case a refusal was last logged for (once per closure)

    def delivery_record(self) -> float:
        """What the service delivers, 0-1, as a commissioner sees it.

        The mean of courses run in the last 12 months (against the declared reference; a proxy
        for people reached), a named lead in post, and a waiting list (a full group waiting).
        """
        model = self.model
        svc, p = model.service, model.p
        reached = min(1.0, svc.courses_last_12 / p.commissioner_courses_reference)
        lead = 1.0 if svc.lead_role and svc.lead_vacant_until is None else 0.0
        waiting = min(1.0, svc.waiting / p.course_size_max)
        parts = (reached, lead, waiting)
        return sum(parts) / len(parts)

    def score(self, case: float, senior_priority: float, budget_health: float, delivered: float | None = None) -> float:
        """Commissioning score, with the noise of a commissioner's judgement.

        The weighted mean (declared weights) of case, senior priority, budget health and the
        delivery record (default: :meth:`delivery_record`), plus a bonus when funding was requested.
        """
        p = self.model.p
        noise = float(self.stream.normal(0.0, p.commissioner_noise))
        delivered = self.delivery_record() if delivered is None else delivered
        weights = (
            p.commissioner_weight_case,
            p.commissioner_weight_senior,
            p.commissioner_weight_budget,
            p.commissioner_weight_delivery,
        )
        mean = sum(w * x for w, x in zip(weights, (case, senior_priority, budget_health, delivered), strict=True))
        return mean / sum(weights) + (p.commissioner_request_bonus if self.requested else 0.0) + noise

    def reviews_in(self, month: int) -> bool:
        """Whether ``month`` (counted from a January start) is the yearly review month."""
        return month % MONTHS_PER_YEAR == self.model.p.financial_year_month - 1

    def review(self, m: int) -> None:
        """The yearly review: open, keep or withdraw a funding line, and log why."""
        model = self.model
        svc, p = model.service, model.p
        case, priority = model.case, model.senior_leader.priority
        delivered = self.delivery_record()
        score = self.score(case, priority, svc.budget_health, delivered)
        why = [
            f"case {case:.2f}",
            f"senior priority {priority:.2f}",
            f"budget health {svc.budget_health:.2f}",
            f"delivery record {delivered:.2f}",
        ]
        threshold = p.commissioning_threshold
        if svc.recurrent_funding <= 0:
            passes = score >= threshold
            near = (
                not passes
                and score >= threshold - p.diluted_offer_margin
                and svc.budget_health < p.diluted_offer_budget
                and model.teachers_total >= 1
            )
            if (passes or near) and self.remembers_closing(case):
                self._refuse(m, why)
            elif passes:
                svc.recurrent_funding = p.recurrent_funding_amount
                svc.funding_since = m
                svc.decommissioned_case = None
                model.log.add(
                    m,
                    "funding_secured",
                    UP,
                    "pivot",
                    why,
                    f"recurrent funding line of £{svc.recurrent_funding:,.0f} a year",
                )
            elif near:
                self._diluted_offer(m, why)
        elif score < threshold - p.decommission_margin and m - svc.funding_since >= p.contract_months_min:
            decommission(model)
            model.log.add(m, "funding_withdrawn", DOWN, "pivot", why, "the recurrent funding line is decommissioned")

    def remembers_closing(self, case: float) -> bool:
        """Whether a line decommissioned before stays closed: no new case beats the old by the declared margin."""
        closed_on = self.model.service.decommissioned_case
        return closed_on is not None and case < closed_on + self.model.p.recommission_case_margin

    def _refuse(self, m: int, why: list[str]) -> None:
        """The score would fund the service, but the line was closed and no new case has been made.

        Logged the first time only for each closure: the line staying closed is one pivot, not one a year.
        """
        model = self.model
        closed_on = model.service.decommissioned_case
        if closed_on == self.refused_on:
            return
        self.refused_on = closed_on
        model.log.add(
            m,
            "recommissioning_refused",
            DOWN,
            "pivot",
            [*why, f"line decommissioned on a case of {closed_on:.2f}, no new case"],
            f"the funding line stays closed until the case reaches "
            f"{closed_on + model.p['recommission_case_margin']:.2f}",
        )

    def _diluted_offer(self, m: int, why: list[str]) -> None:
        """A cheaper, shortened programme is offered: refusing it can cost (001 §Training and supervision)."""
        model = self.model
        svc, p = model.service, model.p
        if svc.fidelity_stance == "gold_standard":
            model.log.add(
                m,
                "diluted_offer_declined",
                DOWN,
                "pivot",
                [*why, "gold-standard stance"],
                "a funding offer for a shortened programme is refused",
            )
            return
        svc.recurrent_funding = p.diluted_funding_share * p.recurrent_funding_amount
        svc.funding_since = m
        svc.decommissioned_case = None
        model.log.add(
            m,
            "funding_secured",
            UP,
            "pivot",
            [*why, "good-enough stance accepts a lighter offer"],
            f"reduced funding line of £{svc.recurrent_funding:,.0f} a year",
        )
