"""What an experiment varies and the points it samples: factors checked against their declarations, and designs.

A factor is a declared parameter or a field of a scheduled intervention
(``KIND.FIELD``); either way its allowed values come from one
:class:`~journeysim.values.ValueSpec`, whose :meth:`~journeysim.values.ValueSpec.check`
validates every value an experiment file gives for it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from journeysim.batch.checks import check_keys, fail, whole
from journeysim.batch.errors import BatchInputError
from journeysim.batch.runs import point_hash
from journeysim.parameters import PARAMETERS
from journeysim.runs.replication import intervention_field, is_intervention_key
from journeysim.scenario import Scenario, ScenarioError, _suggest, check_spec
from journeysim.values import ValueSpec

FACTOR_KEYS = ("low", "high", "values", "levels")
MAX_LEVELS = 1000
"""Most evenly spaced values a grid factor may take (checked before any grid is built)."""


@dataclass(frozen=True)
class Factor:
    """One varied input: a declared parameter or an intervention field, with its range or values.

    Attributes:
        name: Parameter name, or ``KIND.FIELD`` for an intervention field.
        kind: ``"int"``, ``"float"``, ``"bool"`` or ``"choice"``.
        low: Lowest value sampled (numbers; defaults to the declared low).
        high: Highest value sampled (numbers; defaults to the declared high).
        values: Explicit values (grid designs only).
        levels: Number of evenly spaced values between low and high (grid designs only).

    """

    name: str
    kind: str
    low: float | None = None
    high: float | None = None
    values: tuple[Any, ...] | None = None
    levels: int | None = None

    @property
    def numeric(self) -> bool:
        """Whether the factor takes numbers (and so can be sampled)."""
        return self.kind in ("int", "float")

    def coerce(self, x: float) -> Any:
        """A sampled number turned into an allowed value (rounded for whole numbers)."""
        if self.kind == "int":
            return int(min(self.high, max(self.low, round(float(x)))))
        return float(min(self.high, max(self.low, float(x))))

    def grid_values(self) -> list[Any]:
        """The values a grid design takes for this factor."""
        if self.values is not None:
            return list(self.values)
        if not self.numeric:
            return [False, True] if self.kind == "bool" else list(self.values or ())
        raw = np.linspace(self.low, self.high, self.levels or 3)
        return list(dict.fromkeys(self.coerce(x) for x in raw))

    def to_dict(self) -> dict[str, Any]:
        """Canonical form (as stored in the manifest)."""
        out: dict[str, Any] = {"kind": self.kind}
        if self.low is not None:
            out.update(low=self.low, high=self.high)
        if self.values is not None:
            out["values"] = list(self.values)
        if self.levels is not None:
            out["levels"] = self.levels
        return out


@dataclass
class Design:
    """The sampled points of an experiment.

    Attributes:
        points: One mapping factor -> value per design point, in design order.
        matrix: The raw sample (points x factors) for sampled designs; ``None`` for grids.

    """

    points: list[dict[str, Any]]
    matrix: np.ndarray | None = None

    @property
    def hashes(self) -> list[str]:
        """Point hashes, one per design point (equal points share one)."""
        return [point_hash(p) for p in self.points]

    def unique_points(self) -> list[dict[str, Any]]:
        """Distinct points in order of first appearance (each is run once per replication)."""
        seen: dict[str, dict[str, Any]] = {}
        for h, p in zip(self.hashes, self.points, strict=True):
            seen.setdefault(h, p)
        return list(seen.values())

    def frame(self, factors: tuple[Factor, ...]) -> pd.DataFrame:
        """The design as a table: ``point_index``, ``point_hash``, one column per factor, ``x.*`` raw samples."""
        data: dict[str, Any] = {"point_index": np.arange(len(self.points)), "point_hash": self.hashes}
        for f in factors:
            data[f.name] = [p[f.name] for p in self.points]
        if self.matrix is not None:
            for j, f in enumerate(factors):
                data[f"x.{f.name}"] = self.matrix[:, j]
        return pd.DataFrame(data)


def salib_problem(vary: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """The SALib problem of factors in their stored form (:meth:`Factor.to_dict`): names and bounds.

    The bounds are empty unless every factor has a range (a grid of choices has none).
    """
    numeric = all("low" in v and "high" in v for v in vary.values())
    return {
        "num_vars": len(vary),
        "names": list(vary),
        "bounds": [[float(v["low"]), float(v["high"])] for v in vary.values()] if numeric else [],
    }


def declared_spec(name: str, base: Scenario, source: str) -> ValueSpec:
    """The declaration of a factor name: a parameter's, or an intervention field's (``KIND.FIELD``).

    Raises:
        BatchInputError: for a name that is neither, naming what is allowed.

    """
    if is_intervention_key(name):
        try:
            return intervention_field(base, name, source=f"{source}: vary").spec
        except ScenarioError as exc:
            raise BatchInputError(str(exc)) from None
    if name not in PARAMETERS:
        raise BatchInputError(
            f"{source}: vary.{name}: {name!r} is not a declared parameter."
            + _suggest(name, tuple(PARAMETERS))
            + " See docs/parameters.md, or write KIND.FIELD to vary a scheduled intervention"
        )
    return PARAMETERS[name]


def parse_factor(
    name: str, spec: Any, method: str, levels: int | None, sets: dict[str, Any], base: Scenario, source: str
) -> Factor:
    """One ``[vary.NAME]`` table as a :class:`Factor`, every value checked against the factor's declaration.

    Raises:
        BatchInputError: naming the source, the key, the value and what is allowed.

    """
    where = f"vary.{name}"
    if not isinstance(spec, dict):
        raise fail(source, where, spec, "must be a table (e.g. low = 0.2, high = 0.8, or values = [...])")
    check_keys(source, where, spec, FACTOR_KEYS)
    declared = declared_spec(name, base, source)
    kind, dlow, dhigh = declared.kind, declared.low, declared.high
    choices = (False, True) if kind == "bool" else tuple(declared.choices)
    if name in sets:
        raise fail(
            source, where, spec, f"is also fixed in [set] ({name} = {sets[name]!r}); vary it or set it, not both"
        )

    def check(value: Any, key: str) -> Any:
        try:
            return check_spec(declared, value)
        except ValueError as exc:
            raise fail(source, key, value, str(exc)) from None

    values = spec.get("values")
    factor_levels = spec.get("levels")
    if method != "grid":
        for key in ("values", "levels"):
            if key in spec:
                raise fail(
                    source,
                    f"{where}.{key}",
                    spec[key],
                    f"is only for grid designs; a {method} design samples low..high",
                )
        if kind not in ("int", "float"):
            raise fail(source, where, spec, f"is a {kind} factor; only a grid design can vary it (or fix it in [set])")
    if values is not None:
        if "low" in spec or "high" in spec or factor_levels is not None:
            raise fail(source, f"{where}.values", values, "excludes low, high and levels: give one or the other")
        if not isinstance(values, list) or not values:
            raise fail(source, f"{where}.values", values, "must be a non-empty list")
        checked = [check(v, f"{where}.values[{i}]") for i, v in enumerate(values)]
        if len({json.dumps(v) for v in checked}) != len(checked):
            raise fail(source, f"{where}.values", values, "must not repeat a value")
        return Factor(name, kind, values=tuple(checked))
    if kind in ("choice", "bool"):
        if "low" in spec or "high" in spec or factor_levels is not None:
            raise fail(source, where, spec, f"is a {kind} factor: give values = [...] (or nothing, for every choice)")
        return Factor(name, kind, values=choices)
    low = check(spec.get("low", dlow), f"{where}.low")
    high = check(spec.get("high", dhigh), f"{where}.high")
    if not low < high:
        raise fail(source, f"{where}.low", low, f"must be below {where}.high = {high!r}")
    if factor_levels is not None:
        factor_levels = whole(source, f"{where}.levels", factor_levels, 2, MAX_LEVELS)
    elif method == "grid":
        factor_levels = levels or 3
    return Factor(name, kind, low=low, high=high, levels=factor_levels)
