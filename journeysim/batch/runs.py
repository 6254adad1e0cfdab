"""Run identity and seeding: one run is (scenario hash, parameter point, replication seed).

Replication *i* of every scenario in a comparison gets the same child of the
comparison's ``SeedSequence`` (``SeedSequence(seed).spawn(n)[i]``), spawned
again per purpose: one child drives the model's streams, one the parameter
uncertainty draws. The same identity gives the same numbers on any executor.

A *point* maps factor names to values. A factor is either a declared
parameter (``"pressure"``) or a field of a scheduled intervention, written
``KIND.FIELD`` (``"funding_cut.month"``, ``"funding_boost.amount"``), or
``KIND[i].FIELD`` when the scenario schedules several of that kind.
"""

from __future__ import annotations

import hashlib
import json
import re
import traceback
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np

from journeysim.batch.errors import BatchInputError
from journeysim.model.interventions import INTERVENTIONS
from journeysim.scenario import Scenario, ScenarioError
from journeysim.uncertainty import Posterior, draw_parameters, set_on_purpose
from journeysim.values import ValueSpec

PURPOSES = ("model", "uncertainty")
ROW_PREFIX = ("run_id", "scenario", "replication")
_FIELD_KEY = re.compile(r"^(?P<kind>[a-z_]+)(?:\[(?P<index>\d+)\])?\.(?P<field>[a-z_]+)$")


def replication_seed(seed: int, replication: int) -> np.random.SeedSequence:
    """Child ``replication`` of ``SeedSequence(seed)``, without spawning the others."""
    return np.random.SeedSequence(seed, spawn_key=(replication,))


def purpose_seeds(seed: int, replication: int) -> dict[str, np.random.SeedSequence]:
    """The replication's children, one per purpose (:data:`PURPOSES`)."""
    children = replication_seed(seed, replication).spawn(len(PURPOSES))
    return dict(zip(PURPOSES, children, strict=True))


def point_hash(point: dict[str, Any]) -> str:
    """Short hash of a parameter point (empty point -> ``"base"``)."""
    if not point:
        return "base"
    blob = json.dumps(point, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(blob.encode()).hexdigest()[:12]


@dataclass(frozen=True)
class FieldSpec:
    """An intervention field a point can set: its declared value spec and where it sits in the schedule.

    Attributes:
        key: The factor name, ``KIND.FIELD`` or ``KIND[i].FIELD``.
        spec: What values it accepts (the detail's own declaration; for ``month``
            and ``year``, the months or years of the run). ``spec.check`` validates.
        index: Position of the intervention in the scenario's schedule.
        field: ``"month"``, ``"year"`` or a detail name.

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
class RunSpec:
    """Everything needed to run one replication, picklable for any executor.

    Attributes:
        scenario: The validated scenario.
        replication: Replication index *i*.
        seed: The comparison's (or sweep's) root seed.
        point: Parameter overrides for this design point (part of the identity).
        uncertain: Whether to draw uncertain parameters from their declared ranges.
        label: Name shown in tables (defaults to the scenario's name).
        posterior: A calibrated posterior to draw one particle from instead (never with ``uncertain``);
            it leaves the point's parameters and those the scenario sets away from their defaults alone.

    """

    scenario: Scenario
    replication: int
    seed: int
    point: dict[str, Any] = field(default_factory=dict)
    uncertain: bool = False
    label: str = ""
    posterior: Posterior | None = None

    def __post_init__(self) -> None:
        if self.uncertain and self.posterior is not None:
            raise BatchInputError("a run draws from the declared ranges (uncertain) or from a posterior, not both")

    @property
    def run_id(self) -> str:
        """Stable identity: scenario hash, point hash, seed, replication, uncertainty flag or posterior."""
        u = "u" if self.uncertain else "f"
        if self.posterior is not None:
            u = f"p{self.posterior.digest[:12]}"
        return f"{self.scenario.hash}-{point_hash(self.point)}-{self.seed}-{self.replication}-{u}"


def drawn_values(
    scenario: Scenario,
    stream: np.random.SeedSequence,
    point: dict[str, Any],
    uncertain: bool = False,
    posterior: Posterior | None = None,
) -> dict[str, Any]:
    """The parameter values one replication runs with, on top of its scenario: the rule every runner shares.

    ``point`` (a design point's values) always wins. With ``uncertain``, every other uncertain parameter is
    drawn from its declared range; with a ``posterior``, the particle ``stream`` picks supplies the calibrated
    parameters the scenario does not set on purpose. ``stream`` is the replication's uncertainty stream, so
    replication *i* draws the same values in every scenario of a comparison.
    """
    population = scenario.is_population
    if uncertain:
        return {**draw_parameters(stream, fixed=point, population=population), **point}
    if posterior is not None:
        fixed = {**set_on_purpose(scenario.parameters), **point}
        return {**posterior.draw(stream, fixed, population=population), **point}
    return dict(point)


def execute(spec: RunSpec, keep_series: bool = False) -> tuple[dict[str, Any], list[tuple] | None]:
    """Run one replication; return its flat row and, if asked, its monthly series rows.

    Series rows are tuples of :data:`ROW_PREFIX` followed by the model's
    ``SERIES_COLUMNS``. A run that raises gives a failed row and no series.
    """
    # Imported here so workers import lazily. The model is run directly: a batch row needs only its
    # outcomes (and series if asked), not the manifest and event dicts that run_journey also builds.
    from journeysim.model.model import JourneyModel
    from journeysim.runs.single import outcomes_of

    seeds = purpose_seeds(spec.seed, spec.replication)
    label = spec.label or spec.scenario.name
    row: dict[str, Any] = {
        "run_id": spec.run_id,
        "scenario": label,
        "scenario_hash": spec.scenario.hash,
        "point_hash": point_hash(spec.point),
        "seed": spec.seed,
        "replication": spec.replication,
        "uncertain": spec.uncertain,
    }
    if spec.posterior is not None:
        row["posterior"] = spec.posterior.digest
        row["particle"] = spec.posterior.particle(seeds["uncertainty"])
    try:
        values = drawn_values(spec.scenario, seeds["uncertainty"], spec.point, spec.uncertain, spec.posterior)
        scenario = apply_point(spec.scenario, values) if values else spec.scenario
        if scenario.is_population:
            from journeysim.nation.model import NationModel
            from journeysim.nation.outputs import nation_outcomes

            model = NationModel(scenario, seeds["model"])
            model.run()
            outcomes = nation_outcomes(model)
        else:
            model = JourneyModel(scenario, seeds["model"])
            model.run()
            outcomes = outcomes_of(model)
    except Exception as exc:  # recorded, not raised: one bad point must not sink a sweep
        row.update(
            {"status": "failed", "error": f"{type(exc).__name__}: {exc}", "traceback": traceback.format_exc(limit=5)}
        )
        return row, None
    row["status"] = "ok"
    row["error"] = ""
    row["traceback"] = ""
    for key, value in values.items():
        row[f"param.{key}"] = value
    row.update(outcomes)
    series = None
    if keep_series and not scenario.is_population:  # a population's yearly accounts are in its outcomes
        prefix = (row["run_id"], label, spec.replication)
        series = [prefix + tuple(r) for r in model.series_rows()]
    return row, series


def run_spec(spec: RunSpec) -> dict[str, Any]:
    """Run one replication and return a flat row: identity, parameters drawn or set, outcomes.

    A run that raises is returned as a failed row carrying its error, so a
    batch goes on and the failure is recorded rather than lost.
    """
    return execute(spec)[0]


@dataclass
class BatchOutput:
    """Rows (and optionally monthly series rows) of a batch of runs, in the order given."""

    rows: list[dict[str, Any]]
    series: list[tuple] = field(default_factory=list)


def run_batch(specs: Sequence[RunSpec], keep_series: bool = False) -> BatchOutput:
    """Run several replications in one task (one executor call per batch keeps overhead low)."""
    out = BatchOutput(rows=[])
    for spec in specs:
        row, series = execute(spec, keep_series)
        out.rows.append(row)
        if series:
            out.series.extend(series)
    return out


def series_columns() -> list[str]:
    """Column names of the series rows from :func:`execute`."""
    from journeysim.model.model import SERIES_COLUMNS

    return [*ROW_PREFIX, *SERIES_COLUMNS]
