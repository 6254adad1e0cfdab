"""Supervision and a referral pathway, arranged from below and lost when conditions go.

Teachers are supervised through an outside link (a linked service, a national
network, Scotland's practitioners' network; 003) or, with enough teachers and networks, by peer supervision; without a
funded pathway, supervision lapses when teachers or networks fall away
(001 §Training and supervision). MBCT enters the care pathway once fit is good
enough, the middle manager supports it and courses run; referrals dry up when
fit or the manager's support collapses (001 §Fit).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from journeysim.declare import A, Mechanism, Parameter
from journeysim.model.events import DOWN, UP
from journeysim.vocabulary import UNFUNDED_PATHWAYS

if TYPE_CHECKING:
    from journeysim.model.model import JourneyModel
    from journeysim.model.record import Month

# The parameters this mechanism reads, here or in the agents it drives (docs/parameters.md lists them under its name).
# fmt: off
DECLARATIONS: tuple[Parameter, ...] = (
    Parameter("referral_fit", 0.45, "index 0-1", 0.3, 0.6, "001 §Fit (integration with care pathways)",
              "Fit needed before MBCT can enter the referral pathway.", "fit"),
    Parameter("peer_supervision_teachers", 2, "teachers", 2, 4, "001 §Training and supervision (peer supervision needs colleagues)",
              "Trained teachers needed for peer supervision (and below which it lapses).", "training", uncertain=False),
    Parameter("peer_supervision_networks", 0.3, "index 0-1", 0.15, 0.45, A,
              "Networks needed to arrange peer supervision (or keep a national programme's going).", "training"),
    Parameter("supervision_lost_networks", 0.15, "index 0-1", 0.05, 0.3, A,
              "Networks below which supervision without a funded pathway lapses.", "training"),
    Parameter("referral_alignment", 0.55, "index 0-1", 0.4, 0.7, "001 §Fit (integration into care pathways needs managers); value assumption",
              "Middle-manager alignment needed to put MBCT in the referral pathway.", "fit"),
    Parameter("referral_lost_fit", 0.3, "index 0-1", 0.15, 0.45, A,
              "Fit below which referrals dry up.", "fit"),
    Parameter("referral_lost_alignment", 0.25, "index 0-1", 0.1, 0.4, A,
              "Middle-manager alignment below which referrals dry up.", "fit"),
)
DECLARED = Mechanism(
    "arrangements",
    "Bottom-up arrangements: supervision and a referral pathway are set up or lost.",
    parameters=DECLARATIONS,
    state=("supervision", "referral_pathway"),
    columns=(),
    modules=(),
)
# fmt: on


def arrange_supervision(model: JourneyModel, m: int) -> None:
    """Supervision arranged from outside or among peers, or lost."""
    svc, p = model.service, model.p
    teachers = model.teachers_total
    peers = p.peer_supervision_teachers
    outside = svc.external_supervision or svc.network_supervision
    if not svc.supervision and teachers >= 1 and outside:
        svc.supervision = True
        model.log.add(
            m,
            "supervision_arranged",
            UP,
            "pivot",
            [
                f"{teachers} teacher(s)",
                "supervision offered from outside the service"
                if svc.external_supervision
                else "peer supervision through the national practitioners' network",
            ],
            "teachers supervised through an outside link",
        )
    elif not svc.supervision and teachers >= peers and svc.networks >= p.peer_supervision_networks and model.roster:
        svc.supervision = True
        model.log.add(
            m,
            "supervision_arranged",
            UP,
            "pivot",
            [f"{teachers} teachers", f"networks {svc.networks:.2f}"],
            "peer supervision in place",
        )
    elif (
        svc.supervision
        and not svc.programme_supervision  # a national programme's supervision ends only with its money
        and not (outside and teachers >= 1)
        and (
            teachers < peers
            or (svc.training_pathway in UNFUNDED_PATHWAYS and svc.networks < p.supervision_lost_networks)
        )
    ):
        svc.supervision = False
        model.log.add(
            m,
            "supervision_lost",
            DOWN,
            "pivot",
            [f"{teachers} teachers", f"networks {svc.networks:.2f}"],
            "no supervision for teachers",
        )


def referrals_hold(model: JourneyModel) -> bool:
    """Whether a referral pathway, once in place, keeps its referrals.

    It does while fit and the middle manager's support stay above the points at which clinicians stop
    referring (001 §Fit).
    """
    p, alignment = model.p, model.middle_manager.alignment
    return model.service.fit >= p.referral_lost_fit and alignment >= p.referral_lost_alignment


def arrange_referrals(model: JourneyModel, m: int) -> None:
    """MBCT enters the referral pathway, or referrals dry up."""
    svc, p = model.service, model.p
    mm = model.middle_manager.alignment
    if (
        not svc.referral_pathway
        and mm >= p.referral_alignment
        and svc.fit >= p.referral_fit
        and svc.courses_last_12 >= 1
    ):
        svc.referral_pathway = True
        model.log.add(
            m,
            "referral_pathway_established",
            UP,
            "pivot",
            [f"fit {svc.fit:.2f}", f"middle manager alignment {mm:.2f}"],
            "MBCT integrated into the care pathway",
        )
    elif svc.referral_pathway and not referrals_hold(model):
        svc.referral_pathway = False
        model.log.add(
            m,
            "referral_pathway_lost",
            DOWN,
            "pivot",
            [f"fit {svc.fit:.2f}", f"middle manager alignment {mm:.2f}"],
            "referrals dry up",
        )


def bottom_up_arrangements(model: JourneyModel, month: Month) -> None:
    """Supervision, then referrals."""
    arrange_supervision(model, month.m)
    arrange_referrals(model, month.m)
