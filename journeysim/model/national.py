"""The national history a service lives through, and a national top-down training programme.

Dated national events (:data:`journeysim.model.events.NATIONAL_TIMELINE`;
001 §Background, §Implementation journey) reach a service on their date; those
dated before the run starts shape its starting context silently, except the
passing shocks (reorganisations, the pandemic), which leave no mark on a
context the scenario already describes. When commissioning passes to new
bodies in England (2013, 2022) the new commissioners take a fresh look at a
closed line, a recurrent line may not survive the transfer, and the service
may be re-specified and reorganised. The pandemic (March 2020) stops groups
for some months, raises pressure, tires implementers and moves groups online;
some services later return to in-person groups. A Scotland-like national
programme (001 §Top-down and bottom-up) trains teachers for the service and
brings money and supervision, all shrinking year by year until it ends; its
supervision ends with its money unless local implementers arrange their own.
Its teachers join a national practitioners' network (003) that offers peer
supervision; the network's strength follows the programme's money down to a
floor it keeps once the money has gone.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

from journeysim.model import funding
from journeysim.model.context import reorganise
from journeysim.model.events import DOWN, NATIONAL_TIMELINE, NEUTRAL, UP, NationalEvent, month_of
from journeysim.model.streams import MONTHS_PER_YEAR

if TYPE_CHECKING:
    from journeysim.model.model import JourneyModel


def national_events(model: JourneyModel) -> list[NationalEvent]:
    """The dated events that apply to the service's nation."""
    return list(timeline_of(model.p.nation))


@functools.cache
def timeline_of(nation: str) -> tuple[NationalEvent, ...]:
    """The dated events that apply to ``nation``, in the timeline's order (found once per nation; a tuple)."""
    return tuple(e for e in NATIONAL_TIMELINE if nation in e.nations)


# Passing shocks: before the run starts they leave no mark (the scenario describes the context they left).
PASSING = frozenset(
    {"trusts_merged", "health_boards_merged", "commissioning_reorganised", "integrated_care_boards", "pandemic"}
)
# The line each reorganisation of commissioning puts at risk: kind -> parameter.
LINE_LOSS = {"commissioning_reorganised": "ccg_line_loss", "integrated_care_boards": "icb_line_loss"}


def apply_history_before_start(model: JourneyModel) -> None:
    """Events before the start year shape the starting context silently (passing shocks leave no mark)."""
    for event in timeline_of(model.p.nation):
        if month_of(model.start_year, event.year, event.month) < 0 and event.kind not in PASSING:
            national_effect(model, event.kind)


def schedule_national_history(model: JourneyModel) -> None:
    """Schedule the nation's dated events within the run, and the national programme if there is one."""
    for event in timeline_of(model.p.nation):
        m = month_of(model.start_year, event.year, event.month)
        if 0 <= m < model.horizon:
            model.schedule(m, national_event, event)
    p = model.p
    if p.national_programme_teachers > 0:
        m0 = month_of(model.start_year, int(p.national_programme_start_year), p.financial_year_month)
        if m0 < model.horizon:
            model.schedule(max(0, m0), national_programme_starts)


def national_event(model: JourneyModel, event: NationalEvent) -> None:
    """A dated national event happens now and is logged with its effect on this service.

    Events its effect logs (a reorganisation, a lost funding line) follow it in the log.
    """
    before = len(model.log.events)
    effect = national_effect(model, event.kind)
    model.log.add(model.steps, event.kind, event.direction, "national", [event.description], effect)
    model.log.events.insert(before, model.log.events.pop())


def national_effect(model: JourneyModel, kind: str) -> str:
    """Apply a national event's effect on this service; return it in words."""
    svc, p = model.service, model.p
    if kind == "national_guideline":
        svc.guidance += p.guidance_nice
        return f"national guidance strength {svc.guidance:.2f}"
    if kind == "iapt_launch":
        svc.guidance += p.iapt_guidance
        svc.pressure = min(1.0, svc.pressure + p.iapt_pressure)
        svc.pressure_baseline = min(1.0, svc.pressure_baseline + p.iapt_pressure)
        return f"pressure {svc.pressure:.2f}; guidance {svc.guidance:.2f}"
    if kind == "financial_crisis":
        svc.budget_health = max(0.0, svc.budget_health - p.crisis_budget_drop)
        svc.budget_baseline = max(0.0, svc.budget_baseline - p.crisis_budget_drop)
        return f"budget health {svc.budget_health:.2f}"
    if kind == "austerity":
        drop = p.austerity_budget_drop
        svc.budget_health = max(0.0, svc.budget_health - drop)
        svc.budget_baseline = max(0.0, svc.budget_baseline - drop)
        svc.pressure = min(1.0, svc.pressure + p.austerity_pressure)
        svc.pressure_baseline = min(1.0, svc.pressure_baseline + p.austerity_pressure)
        return f"budget health {svc.budget_health:.2f}; local cuts twice as likely"
    if kind == "parliamentary_report":
        svc.guidance += p.guidance_report
        return f"national guidance strength {svc.guidance:.2f}"
    if kind == "national_training_commissioning":
        svc.national_training = True
        return "teacher training places funded nationally"
    if kind in LINE_LOSS:
        return commissioning_passes(model, LINE_LOSS[kind])
    if kind in ("trusts_merged", "health_boards_merged"):
        reorganise(model, model.steps, ["providers merge"], "national")
        return f"the service is reorganised: fit {svc.fit:.2f}"
    if kind == "pandemic":
        return pandemic(model)
    if kind == "financial_reset":
        drop = p.reset_budget_drop
        svc.budget_health = max(0.0, svc.budget_health - drop)
        svc.budget_baseline = max(0.0, svc.budget_baseline - drop)
        return f"budget health {svc.budget_health:.2f}"
    return "no direct effect"


def commissioning_passes(model: JourneyModel, line_loss: str) -> str:
    """Commissioning passes to new bodies: a fresh look, a line that may not survive, a reorganisation.

    New commissioners carry no memory of a line their predecessors closed. Whether
    a recurrent line lapses in the transfer, and whether the new commissioners
    re-specify the service so that it is itself reorganised, are drawn every time
    (from the shocks stream, whose run-long draws are already made), so two
    worlds that differ only in strategy share the draws. A lapsed line is not a
    judgement on the case, so nothing is remembered against it.
    """
    svc, p, m = model.service, model.p, model.steps
    funding.forget_decommissioning(model)
    shocks = model.streams["shocks"]
    lapses = float(shocks.random()) < p[line_loss]
    disrupted = float(shocks.random()) < p.commissioning_disruption_share
    effect = "new commissioners take a fresh look at MBCT"
    if lapses and svc.recurrent_funding > 0.0:
        before = svc.recurrent_funding
        svc.recurrent_funding = 0.0
        effect += "; the recurrent funding line does not survive the transfer"
        model.log.add(
            m,
            "funding_withdrawn",
            DOWN,
            "pivot",
            ["commissioning passes to new bodies"],
            f"the recurrent funding line of £{before:,.0f} a year lapses in the transfer",
        )
    if disrupted:
        effect += "; the service is re-specified and reorganised"
        reorganise(model, m, ["commissioning reorganised nationally"], "national")
    return effect


def pandemic(model: JourneyModel) -> str:
    """The pandemic: groups stop for some months, pressure rises, implementers tire, groups move online.

    Whether the service keeps its groups online once in-person groups are possible
    again is drawn now, every time (shocks stream), and a return is scheduled.
    """
    svc, p, m = model.service, model.p, model.steps
    svc.delivery_suspended_until = m + int(p.pandemic_suspension_months)
    svc.pressure = min(1.0, svc.pressure + p.pandemic_pressure)
    for imp in model.roster:
        imp.energy = max(0.0, imp.energy - p.pandemic_energy_loss)
    svc.online_groups = True
    keeps_online = float(model.streams["shocks"].random()) < p.online_keep_share
    back = m + int(p.pandemic_in_person_months)
    if not keeps_online and back < model.horizon:
        model.schedule(back, groups_return_in_person)
    later = "groups stay online" if keeps_online else "groups return in person later"
    return (
        f"no group starts for {int(p['pandemic_suspension_months'])} months, then groups run online ({later}); "
        f"pressure {svc.pressure:.2f}"
    )


def groups_return_in_person(model: JourneyModel) -> None:
    """Restrictions have ended and the service goes back to in-person groups."""
    model.service.online_groups = False
    model.log.add(
        model.steps,
        "groups_in_person",
        NEUTRAL,
        "national",
        ["pandemic restrictions lifted"],
        "groups run in person again",
    )


def national_programme_starts(model: JourneyModel) -> None:
    """A national top-down training programme begins (Scotland-like, 001 §Top-down and bottom-up)."""
    p = model.p
    funding.add_grant(model, p.national_programme_funding, MONTHS_PER_YEAR, "national programme", True)
    model.log.add(
        model.steps,
        "national_programme",
        UP,
        "national",
        ["national top-down training programme"],
        f"{p['national_programme_teachers']:.1f} teachers a year trained for the service, "
        f"£{p['national_programme_funding']:,.0f} a year, shrinking",
    )
    model.programme_year = 0
    national_programme_year(model)


def national_programme_year(model: JourneyModel) -> None:
    """Each programme year trains teachers and brings money, both shrinking over time."""
    svc, p = model.service, model.p
    scale = (1.0 - p.national_programme_decay_annual) ** model.programme_year
    rng = model.streams["teachers"]
    n = int(rng.poisson(p.national_programme_teachers * scale))
    for _ in range(n):
        svc.trainees.append(model.steps + int(p.training_months))
    if model.programme_year > 0:
        funding.add_grant(model, p.national_programme_funding * scale, MONTHS_PER_YEAR, "national programme", True)
    practitioner_network(model, scale)
    if scale > p.programme_supervision_scale and not svc.supervision:
        svc.supervision = svc.programme_supervision = True
    elif scale <= p.programme_supervision_scale and svc.programme_supervision:
        _programme_supervision_ends(model)
    model.programme_year += 1
    if scale < p.programme_end_scale:
        model.log.add(
            model.steps,
            "national_programme_ended",
            DOWN,
            "national",
            ["funding reduced over time"],
            "the national programme no longer trains teachers for the service",
        )
        next_year = network_year
    else:
        next_year = national_programme_year
    if model.steps + MONTHS_PER_YEAR < model.horizon:
        model.schedule(model.steps + MONTHS_PER_YEAR, next_year)


def network_year(model: JourneyModel) -> None:
    """After the programme has ended, the practitioner network carries on at its floor, year by year."""
    practitioner_network(model, 0.0)
    if model.steps + MONTHS_PER_YEAR < model.horizon:
        model.schedule(model.steps + MONTHS_PER_YEAR, network_year)


def practitioner_network(model: JourneyModel, scale: float) -> None:
    """Scotland's practitioner network reaches this service's teachers this year, or does not (003).

    Teachers trained through the national programme support one another through a
    national network, which the model counts as peer supervision from outside the
    service (:func:`journeysim.model.arrangements.arrange_supervision`). Its
    strength follows the programme's money (``scale``, 1 in its first year) down to
    ``practitioner_network_floor``; the chance, drawn yearly from the network stream,
    that it reaches the service's teachers is ``practitioner_network_reach`` times it.
    """
    svc, p = model.service, model.p
    floor = p.practitioner_network_floor
    strength = p.practitioner_network_reach * (floor + (1.0 - floor) * scale)
    reached = model.draws["network"].uniform() < strength
    if reached == svc.network_supervision:
        return
    svc.network_supervision = reached
    model.log.add(
        model.steps,
        "practitioner_network",
        UP if reached else DOWN,
        "national",
        [f"network strength {strength:.2f}"],
        "teachers supported through the national practitioners' network"
        if reached
        else "the national practitioners' network no longer reaches the service's teachers",
    )


def _programme_supervision_ends(model: JourneyModel) -> None:
    """The programme's supervision ends with its money unless local implementers arrange their own."""
    svc, p = model.service, model.p
    svc.programme_supervision = False
    local = (
        model.roster
        and svc.networks >= p.peer_supervision_networks
        and model.teachers_total >= p.peer_supervision_teachers
    ) or (svc.network_supervision and model.teachers_total >= 1)
    if local:
        return
    svc.supervision = False
    model.log.add(
        model.steps,
        "supervision_lost",
        DOWN,
        "pivot",
        ["national programme funding shrinks"],
        "the programme's supervision ends and no local arrangement replaces it",
    )
