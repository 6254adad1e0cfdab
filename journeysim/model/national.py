"""The national history a service lives through, and a national top-down training programme.

Dated national events (:data:`journeysim.model.events.NATIONAL_TIMELINE`;
001 §Background, §Implementation journey) reach a service on their date; those
dated before the run starts shape its starting context silently. A
Scotland-like national programme (001 §Top-down and bottom-up) trains teachers
for the service and brings money and supervision, all shrinking year by year
until it ends; its supervision ends with its money unless local implementers
arrange their own.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from journeysim.model.events import DOWN, NATIONAL_TIMELINE, UP, NationalEvent, month_of
from journeysim.model.streams import MONTHS_PER_YEAR

if TYPE_CHECKING:
    from journeysim.model.model import JourneyModel


def national_events(model: JourneyModel) -> list[NationalEvent]:
    """The dated events that apply to the service's nation."""
    return [e for e in NATIONAL_TIMELINE if model.p["nation"] in e.nations]


def apply_history_before_start(model: JourneyModel) -> None:
    """Events before the start year shape the starting context silently."""
    for event in national_events(model):
        if month_of(model.start_year, event.year, event.month) < 0:
            national_effect(model, event.kind)


def schedule_national_history(model: JourneyModel) -> None:
    """Schedule the nation's dated events within the run, and the national programme if there is one."""
    for event in national_events(model):
        m = month_of(model.start_year, event.year, event.month)
        if 0 <= m < model.horizon:
            model.schedule(m, national_event, event)
    p = model.p
    if p["national_programme_teachers"] > 0:
        m0 = month_of(model.start_year, int(p["national_programme_start_year"]), p["financial_year_month"])
        if m0 < model.horizon:
            model.schedule(max(0, m0), national_programme_starts)


def national_event(model: JourneyModel, event: NationalEvent) -> None:
    """A dated national event happens now and is logged with its effect on this service."""
    effect = national_effect(model, event.kind)
    model.log.add(model.steps, event.kind, event.direction, "national", [event.description], effect)


def national_effect(model: JourneyModel, kind: str) -> str:
    """Apply a national event's effect on this service; return it in words."""
    svc, p = model.service, model.p
    if kind == "national_guideline":
        svc.guidance += p["guidance_nice"]
        return f"national guidance strength {svc.guidance:.2f}"
    if kind == "iapt_launch":
        svc.guidance += p["iapt_guidance"]
        svc.pressure = min(1.0, svc.pressure + p["iapt_pressure"])
        svc.pressure_baseline = min(1.0, svc.pressure_baseline + p["iapt_pressure"])
        return f"pressure {svc.pressure:.2f}; guidance {svc.guidance:.2f}"
    if kind == "financial_crisis":
        svc.budget_health = max(0.0, svc.budget_health - p["crisis_budget_drop"])
        svc.budget_baseline = max(0.0, svc.budget_baseline - p["crisis_budget_drop"])
        return f"budget health {svc.budget_health:.2f}"
    if kind == "austerity":
        drop = p["austerity_budget_drop"]
        svc.budget_health = max(0.0, svc.budget_health - drop)
        svc.budget_baseline = max(0.0, svc.budget_baseline - drop)
        svc.pressure = min(1.0, svc.pressure + p["austerity_pressure"])
        svc.pressure_baseline = min(1.0, svc.pressure_baseline + p["austerity_pressure"])
        return f"budget health {svc.budget_health:.2f}; local cuts twice as likely"
    if kind == "parliamentary_report":
        svc.guidance += p["guidance_report"]
        return f"national guidance strength {svc.guidance:.2f}"
    if kind == "national_training_commissioning":
        svc.national_training = True
        return "teacher training places funded nationally"
    return "no direct effect"


def national_programme_starts(model: JourneyModel) -> None:
    """A national top-down training programme begins (Scotland-like, 001 §Top-down and bottom-up)."""
    svc, p = model.service, model.p
    svc.one_off_funds += p["national_programme_funding"]
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
    scale = (1.0 - p["national_programme_decay_annual"]) ** model.programme_year
    rng = model.streams["teachers"]
    n = int(rng.poisson(p["national_programme_teachers"] * scale))
    for _ in range(n):
        svc.trainees.append(model.steps + int(p["training_months"]))
    if model.programme_year > 0:
        svc.one_off_funds += p["national_programme_funding"] * scale
    if scale > p["programme_supervision_scale"] and not svc.supervision:
        svc.supervision = svc.programme_supervision = True
    elif scale <= p["programme_supervision_scale"] and svc.programme_supervision:
        _programme_supervision_ends(model)
    model.programme_year += 1
    if scale < p["programme_end_scale"]:
        model.log.add(
            model.steps,
            "national_programme_ended",
            DOWN,
            "national",
            ["funding reduced over time"],
            "the national programme no longer trains teachers for the service",
        )
        return
    if model.steps + MONTHS_PER_YEAR < model.horizon:
        model.schedule(model.steps + MONTHS_PER_YEAR, national_programme_year)


def _programme_supervision_ends(model: JourneyModel) -> None:
    """The programme's supervision ends with its money unless local implementers arrange their own."""
    svc, p = model.service, model.p
    svc.programme_supervision = False
    local = (
        model.roster
        and svc.networks >= p["peer_supervision_networks"]
        and model.teachers_total >= p["peer_supervision_teachers"]
    )
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
