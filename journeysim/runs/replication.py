"""One replication, built and run in one place (:func:`replicate`): seeds, parameter values, interventions.

Replication *i* of a root seed gets the child ``SeedSequence(seed, spawn_key=(i,))``, spawned again per
purpose: one child drives the model's streams, one the parameter uncertainty draws; every scenario of a
comparison takes the same children. A *point* maps factors to values: a declared parameter
(``"pressure"``) or a field of a scheduled intervention, ``KIND.FIELD`` (``"funding_cut.month"``) or
``KIND[i].FIELD`` when the scenario schedules several of that kind.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Any

import numpy as np

from journeysim.model.interventions import INTERVENTIONS
from journeysim.model.model import JourneyModel
from journeysim.nation.model import NationModel
from journeysim.scenario import Scenario, ScenarioError
from journeysim.uncertainty import Posterior, draw_parameters, set_on_purpose
from journeysim.values import ValueSpec

PURPOSES = ("model", "uncertainty")
_FIELD_KEY = re.compile(r"^(?P<kind>[a-z_]+)(?:\[(?P<index>\d+)\])?\.(?P<field>[a-z_]+)$")


def replication_seed(seed: int, replication: int) -> np.random.SeedSequence:
    """Child ``replication`` of ``SeedSequence(seed)``, without spawning the others."""
    return np.random.SeedSequence(seed, spawn_key=(replication,))


def purpose_seeds(seed: int, replication: int) -> dict[str, np.random.SeedSequence]:
    """The replication's children, one per purpose (:data:`PURPOSES`)."""
    children = replication_seed(seed, replication).spawn(len(PURPOSES))
    return dict(zip(PURPOSES, children, strict=True))


@dataclass(frozen=True)
class FieldSpec:
    """An intervention field a point can set, where it sits in the schedule, and the values it accepts.

    ``key`` is ``KIND.FIELD`` or ``KIND[i].FIELD``; ``spec`` the detail's own declaration (for ``month`` and
    ``year``, the run's months or years); ``index`` the intervention's place in the schedule; ``field``
    ``"month"``, ``"year"`` or a detail's name.
    """

    key: str
    spec: ValueSpec
    index: int
    field: str


def is_intervention_key(key: str) -> bool:
    """Whether a factor name refers to an intervention field rather than a parameter."""
    return "." in key


def intervention_field(scenario: Scenario, key: str, source: str = "design point") -> FieldSpec:
    """Resolve ``KIND.FIELD`` (or ``KIND[i].FIELD``) against a scenario's scheduled interventions.

    Raises:
        ScenarioError: naming the key and what is allowed.

    """
    match = _FIELD_KEY.match(key)
    if not match:
        raise ScenarioError(f"{source}: {key!r} is not a factor name: use a parameter name or KIND.FIELD")
    kind, index_s, name = match["kind"], match["index"], match["field"]
    if kind not in INTERVENTIONS:
        raise ScenarioError(f"{source}: {key!r}: {kind!r} is not an intervention. Allowed: " + ", ".join(INTERVENTIONS))
    positions = [i for i, item in enumerate(scenario.interventions) if item["kind"] == kind]
    if not positions:
        raise ScenarioError(
            f"{source}: {key!r}: the scenario schedules no '{kind}' intervention to vary;"
            " add one under [[interventions]] in the experiment file"
        )
    if index_s is None:
        if len(positions) > 1:
            raise ScenarioError(
                f"{source}: {key!r}: the scenario schedules {len(positions)} '{kind}' interventions;"
                f" name one as {kind}[0].{name} to {kind}[{len(positions) - 1}].{name}"
            )
        position = positions[0]
    else:
        if int(index_s) >= len(positions):
            raise ScenarioError(
                f"{source}: {key!r}: the scenario schedules only {len(positions)} '{kind}' intervention(s)"
            )
        position = positions[int(index_s)]
    start_year = int(scenario.parameters["start_year"])
    if name == "month":
        spec = ValueSpec(name, None, "month of the run", 0, scenario.months - 1, declared_kind="int")
        return FieldSpec(key, spec, position, name)
    if name == "year":
        last = start_year + (scenario.months - 1) / 12
        return FieldSpec(key, ValueSpec(name, None, "year", start_year, last, declared_kind="float"), position, name)
    details = {d.name: d for d in INTERVENTIONS[kind].details}
    if name not in details:
        allowed = ["month", "year", *details]
        raise ScenarioError(f"{source}: {key!r}: {name!r} is not a field of '{kind}'. Allowed: " + ", ".join(allowed))
    return FieldSpec(key, details[name], position, name)


def apply_point(scenario: Scenario, point: dict[str, Any], source: str = "design point") -> Scenario:
    """The scenario with a point's parameters and intervention fields set (each validated).

    Parameters are applied first, so an intervention's ``year`` is read
    against the point's own ``start_year`` and horizon.

    Raises:
        ScenarioError: for an unknown factor or a value outside what is allowed.

    """
    params = {k: v for k, v in point.items() if not is_intervention_key(k)}
    out = scenario.with_parameters(params, source=source) if params else scenario
    fields = {k: v for k, v in point.items() if is_intervention_key(k)}
    if not fields:
        return out
    items = [dict(i, details=dict(i["details"])) for i in out.interventions]
    start_year = int(out.parameters["start_year"])
    for key, value in fields.items():
        target = intervention_field(out, key, source)
        try:
            checked = target.spec.check(value)
        except ValueError as exc:
            raise ScenarioError(f"{source}: {key} = {value!r} {exc}") from None
        item = items[target.index]
        if target.field == "month":
            item["month"] = checked
        elif target.field == "year":
            item["month"] = round((checked - start_year) * 12)
        else:
            item["details"][target.field] = checked
    items.sort(key=lambda d: d["month"])
    return replace(out, interventions=tuple(items))


@dataclass(frozen=True)
class Replication:
    """One replication: the scenario as it runs (values applied), the model's seed, the values, the particle drawn.

    ``model`` is the :class:`JourneyModel` or :class:`NationModel` :func:`replicate` ran (``None`` from
    :func:`assemble`); ``particle`` is ``None`` without a posterior.
    """

    scenario: Scenario
    seed: int | np.random.SeedSequence
    values: dict[str, Any]
    particle: int | None = None
    model: JourneyModel | NationModel | None = None


def assemble(
    scenario: Scenario,
    seed: int | np.random.SeedSequence,
    replication: int | None = None,
    point: dict[str, Any] | None = None,
    *,
    uncertain: bool = False,
    posterior: Posterior | None = None,
) -> Replication:
    """A replication ready to run: its model seed, and the scenario with the point and drawn values applied.

    Replication *i* runs on its model stream and draws from its uncertainty stream (:func:`purpose_seeds`),
    so it draws the same values in every scenario of a comparison. A single run (no ``replication``) runs on
    ``seed`` itself and draws from replication 0's uncertainty stream. The ``point`` always wins; with
    ``uncertain``, every other uncertain parameter is drawn from its declared range; with a ``posterior``,
    its particle supplies the calibrated parameters the scenario does not set on purpose.
    """
    if replication is not None:
        seeds = purpose_seeds(seed, replication)
        model_seed = seeds["model"]
    else:
        seeds = purpose_seeds(seed, 0) if uncertain or posterior is not None else {}
        model_seed = seed
    stream, point, population = seeds.get("uncertainty"), point or {}, scenario.is_population
    if uncertain:
        values = {**draw_parameters(stream, fixed=point, population=population), **point}
    elif posterior is not None:
        fixed = {**set_on_purpose(scenario.parameters), **point}
        values = {**posterior.draw(stream, fixed, population=population), **point}
    else:
        values = dict(point)
    particle = None if posterior is None else posterior.particle(stream)
    source = "design point" if posterior is None else f"posterior {posterior.source}"
    return Replication(apply_point(scenario, values, source), model_seed, values, particle)


def replicate(
    scenario: Scenario,
    seed: int | np.random.SeedSequence = 0,
    replication: int | None = None,
    point: dict[str, Any] | None = None,
    *,
    uncertain: bool = False,
    posterior: Posterior | None = None,
    months: int | None = None,
    population: bool | None = None,
) -> Replication:
    """Build and run one replication to the horizon (or for ``months``): the one way every runner runs one.

    Args:
        scenario: A single service or a population scenario.
        seed: The root seed of replication ``replication``; for a single run, the model's own seed.
        replication: Replication index *i* of a comparison or sweep, or ``None`` for a single run.
        point: Parameter values and intervention fields (``KIND.FIELD``) to set; they always win.
        uncertain: Draw the other uncertain parameters from their declared ranges.
        posterior: Draw the calibrated parameters from one of its particles (not with ``uncertain``).
        months: Months to run (default: to the horizon).
        population: ``True`` builds a :class:`NationModel`, ``False`` a :class:`JourneyModel`; default: by the scenario.

    """
    ready = assemble(scenario, seed, replication, point, uncertain=uncertain, posterior=posterior)
    population = ready.scenario.is_population if population is None else population
    model = (NationModel if population else JourneyModel)(ready.scenario, ready.seed)
    model.run(months)
    return replace(ready, model=model)
