"""The commissioner: funds services on evidence, guidance and budget (001 §Facilitators; §Pivot points).

Once a year (at the start of the NHS financial year) the commissioner scores
the service. A funding line opens when the score passes the threshold; a
service just short of it in a tight budget may be offered a shortened, cheaper
programme, which a gold-standard stance refuses (001 §Training and
supervision). A line is a contract of at least a year and is withdrawn only
when the score falls well below the threshold.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import mesa
import numpy as np

from journeysim.model.events import DOWN, UP
from journeysim.model.streams import MONTHS_PER_YEAR

if TYPE_CHECKING:
    from journeysim.model.model import JourneyModel


class Commissioner(mesa.Agent):
    """Reviews the service once a year and opens, keeps or withdraws its funding line."""

    def __init__(self, model: JourneyModel, rng: np.random.Generator) -> None:
        super().__init__(model)
        self.stream = rng
        self.requested = False  # the service's leaders have asked for funding

    def score(self, case: float, senior_priority: float, budget_health: float) -> float:
        """Commissioning score, with the noise of a commissioner's judgement (weights declared)."""
        p = self.model.p
        noise = float(self.stream.normal(0.0, p["commissioner_noise"]))
        return (
            p["commissioner_weight_case"] * case
            + p["commissioner_weight_senior"] * senior_priority
            + p["commissioner_weight_budget"] * budget_health
            + (p["commissioner_request_bonus"] if self.requested else 0.0)
            + noise
        )

    def reviews_in(self, month: int) -> bool:
        """Whether ``month`` (counted from a January start) is the yearly review month."""
        return month % MONTHS_PER_YEAR == self.model.p["financial_year_month"] - 1

    def review(self, m: int) -> None:
        """The yearly review: open, keep or withdraw a funding line, and log why."""
        model = self.model
        svc, p = model.service, model.p
        case, priority = model.case, model.senior_leader.priority
        score = self.score(case, priority, svc.budget_health)
        why = [f"case {case:.2f}", f"senior priority {priority:.2f}", f"budget health {svc.budget_health:.2f}"]
        threshold = p["commissioning_threshold"]
        if svc.recurrent_funding <= 0:
            if score >= threshold:
                svc.recurrent_funding = p["recurrent_funding_amount"]
                svc.funding_since = m
                model.log.add(
                    m,
                    "funding_secured",
                    UP,
                    "pivot",
                    why,
                    f"recurrent funding line of £{svc.recurrent_funding:,.0f} a year",
                )
            elif (
                score >= threshold - p["diluted_offer_margin"]
                and svc.budget_health < p["diluted_offer_budget"]
                and model.teachers_total >= 1
            ):
                self._diluted_offer(m, why)
        elif score < threshold - p["decommission_margin"] and m - svc.funding_since >= MONTHS_PER_YEAR:
            svc.recurrent_funding = 0.0
            model.log.add(m, "funding_withdrawn", DOWN, "pivot", why, "the recurrent funding line is decommissioned")

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
        svc.recurrent_funding = p["diluted_funding_share"] * p["recurrent_funding_amount"]
        svc.funding_since = m
        model.log.add(
            m,
            "funding_secured",
            UP,
            "pivot",
            [*why, "good-enough stance accepts a lighter offer"],
            f"reduced funding line of £{svc.recurrent_funding:,.0f} a year",
        )
