"""One population run as a pure function: (scenario, seed, version) -> national results."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from journeysim.model.embeddedness import LEVELS
from journeysim.nation.model import NationModel
from journeysim.nation.outputs import lorenz, nation_outcomes, service_years, yearly_table
from journeysim.outcomes import scope
from journeysim.runs.manifest import manifest_for, seed_identity
from journeysim.runs.replication import replicate
from journeysim.scenario import Scenario

SERVICE_COLUMNS: tuple[str, ...] = tuple(s.name for s in scope("service"))
"""The columns of a population run's end-of-run services table (declared in :mod:`journeysim.outcomes`)."""


@dataclass
class NationResult:
    """Everything a population run produced.

    Attributes:
        scenario: The scenario's canonical dict.
        seed: The seed's identity.
        yearly: One row per calendar year and nation (plus ``uk`` for all); see
            :data:`journeysim.nation.outputs.YEARLY_COLUMNS`.
        services: One row per service at the end (:data:`SERVICE_COLUMNS`).
        service_years: One row per service and year (level code, teachers, participants...).
        events: National events and policy actions as dicts.
        outcomes: Scalar outcomes (:func:`journeysim.nation.outputs.nation_outcomes`).
        lorenz: Final-year concentration curve of people reached per head, ``{"x": [...], "y": [...]}``.
        manifest: Scenario name and hash, seed, package and dependency versions.

    """

    scenario: dict[str, Any]
    seed: Any
    yearly: pd.DataFrame
    services: pd.DataFrame
    service_years: pd.DataFrame
    events: list[dict[str, Any]]
    outcomes: dict[str, Any]
    lorenz: dict[str, list[float]]
    manifest: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form (``journeysim nation --json``): manifest, outcomes, yearly table, events."""
        yearly = self.yearly.astype(object).where(pd.notna(self.yearly), None)
        return {
            "manifest": self.manifest,
            "outcomes": self.outcomes,
            "yearly": yearly.to_dict("records"),
            "events": self.events,
        }


def _service_table(model: NationModel) -> pd.DataFrame:
    years = max(1, model.steps / 12)
    rows = []
    for site, svc, arrived, moved in zip(model.sites, model.services, model.arrivals_in, model.moves_in, strict=True):
        rows.append(
            (
                site.scenario.name,
                site.nation,
                site.region,
                site.people,
                site.service_type,
                site.urban,
                site.centre,
                site.archetype,
                svc.level,
                svc.teachers_total,
                svc.implementer_count,
                svc.service.participants_total,
                svc.service.participants_total / site.people * 100_000 / years,
                round(svc.service.cost_total, 2),
                float(svc.service.eligible_total),
                svc.service.participants_total / svc.service.eligible_total if svc.service.eligible_total > 0 else None,
                bool(arrived),
                int(moved),
            )
        )
    return pd.DataFrame(rows, columns=list(SERVICE_COLUMNS))


def nation_result_of(model: NationModel, seed: int | np.random.SeedSequence) -> NationResult:
    """Package a (finished or partly run) population model as a :class:`NationResult`."""
    per_service = service_years(model)
    table = yearly_table(model, per_service)
    curve_x, curve_y = [0.0, 1.0], [None, None]  # no finished year: no curve (the Gini is undefined too)
    if not per_service.empty:
        last = per_service[per_service["year"] == per_service["year"].max()]
        x, y = lorenz(last["participants"].to_numpy(float), last["people"].to_numpy(float))
        curve_x, curve_y = x.tolist(), [None if np.isnan(v) else float(v) for v in y]
        per_service = per_service.assign(level=[LEVELS[c] for c in per_service["level_code"]])
    return NationResult(
        scenario=model.scenario_spec.to_dict(),
        seed=seed_identity(seed),
        yearly=table,
        services=_service_table(model),
        service_years=per_service,
        events=[e.to_dict() for e in model.log.events],
        outcomes=nation_outcomes(model, table),
        lorenz={"x": curve_x, "y": curve_y},
        manifest=manifest_for(model.scenario_spec, seed),
    )


def run_nation(scenario: Scenario, seed: int | np.random.SeedSequence = 0, months: int | None = None) -> NationResult:
    """Run a population scenario to its horizon (or for ``months``) and collect the results."""
    return nation_result_of(replicate(scenario, seed, months=months, population=True).model, seed)
