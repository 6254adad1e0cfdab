"""The national history as the population sees it: dated events and national training programmes.

Each service applies the national timeline through its own schedule
(:class:`~journeysim.model.JourneyModel`); here the same history is put in the
population's own log, so a national run says what happened to every service
and when.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from journeysim.model.events import NATIONAL_TIMELINE, UP

if TYPE_CHECKING:
    from journeysim.nation.model import NationModel


def schedule_history(model: NationModel) -> None:
    """Put the dated national events, and each nation's top-down training programme, on the national log.

    Only events touching a nation present in the population, within the run, are kept.
    A programme starts in the policy month of its first year (001 §Top-down and bottom-up:
    national programmes such as Scotland's train teachers from the top down).
    """
    present = {s.nation for s in model.sites}
    for event in NATIONAL_TIMELINE:
        nations = [n for n in event.nations if n in present]
        m = model.month_index(event.year, event.month)
        if nations and 0 <= m < model.horizon:
            model.schedule(m, national_event, event.kind, event.direction, event.description, nations)
    for spec in model.scenario_spec.population.nations:  # type: ignore[union-attr]
        params = {**model.p, **spec.parameters}
        m = model.month_index(int(params["national_programme_start_year"]))
        if spec.services and params["national_programme_teachers"] > 0 and m < model.horizon:
            description = (
                f"national top-down training programme: {params['national_programme_teachers']:g} teachers "
                f"a year per service, funding shrinking {params['national_programme_decay_annual']:.0%} a year"
            )
            model.schedule(max(0, m), national_event, "national_programme", UP, description, [spec.nation])


def national_event(model: NationModel, kind: str, direction: str, description: str, nations: list[str]) -> None:
    """Record one national event in the population's log (the services act on it themselves)."""
    model.log.add(model.steps, kind, direction, "national", [description], "every service in " + ", ".join(nations))
