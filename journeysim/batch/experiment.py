"""Experiment files: a base scenario, the factors to vary, a design, and replications per point.

An experiment is a TOML file (format in ``docs/experiments.md``)::

    name = "funding_sweep"
    scenario = "lone_champion"        # shipped name, NAME+STRATEGY, or a path relative to this file
    replications = 20
    seed = 0

    [set]                              # fixed overrides for every run
    years = 15

    [[interventions]]                  # added to every run (same form as in scenario files)
    kind = "funding_cut"
    month = 60

    [design]
    method = "grid"                    # grid | lhs | sobol | morris

    [vary.initial_recurrent_funding]   # a declared parameter...
    values = [0, 30000, 60000]

    [vary."funding_cut.month"]         # ...or a field of a scheduled intervention
    values = [36, 72, 108]

Every factor is checked against its declaration (parameter or intervention
detail): unknown names, ranges outside the declared one, and options that do
not belong to the chosen design are refused with a message naming the file,
the key, the value and what is allowed.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import math
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from journeysim import __version__
from journeysim.batch.errors import BatchInputError
from journeysim.batch.runs import (
    RunSpec,
    apply_point,
    intervention_field,
    is_intervention_key,
    point_hash,
)
from journeysim.fingerprint import code_fingerprint
from journeysim.library import load_scenario, read_toml
from journeysim.parameters import PARAMETERS
from journeysim.scenario import Scenario, ScenarioError, _suggest, validate

METHODS = ("grid", "lhs", "sobol", "morris")
TOP_KEYS = (
    "name",
    "description",
    "scenario",
    "replications",
    "seed",
    "uncertain",
    "set",
    "interventions",
    "design",
    "vary",
    "output",
)
DESIGN_KEYS = ("method", "samples", "levels", "second_order", "seed")
FACTOR_KEYS = ("low", "high", "values", "levels")
OUTPUT_KEYS = ("keep_series", "runs_per_file")
MAX_RUNS = 10_000_000
MAX_RUNS_PER_FILE = 10_000


def _fail(source: str, key: str, value: Any, problem: str) -> BatchInputError:
    return BatchInputError(f"{source}: {key} = {value!r} {problem}")


def _whole(source: str, key: str, value: Any, minimum: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        raise _fail(source, key, value, f"must be a whole number of at least {minimum}")
    return value


def _boolean(source: str, key: str, value: Any) -> bool:
    if not isinstance(value, bool):
        raise _fail(source, key, value, "must be true or false")
    return value


def _table(source: str, key: str, value: Any) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise _fail(source, key, value, "must be a table")
    return value


def _check_keys(source: str, where: str, table: dict[str, Any], allowed: tuple[str, ...]) -> None:
    for key in table:
        if key not in allowed:
            name = f"{where}.{key}" if where else key
            raise _fail(
                source,
                name,
                table[key],
                "is not allowed here." + _suggest(key, allowed) + " Allowed: " + ", ".join(allowed),
            )


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


@dataclass(frozen=True)
class Experiment:
    """A validated experiment: build with :func:`load_experiment` or :meth:`from_dict`.

    Attributes:
        name: Short identifier (default: the file's stem).
        description: One line for people.
        scenario: The base scenario reference as written (name, NAME+STRATEGY or path).
        base: The resolved base scenario, with ``[set]`` and ``[[interventions]]`` applied.
        replications: Runs per design point.
        seed: Root seed; replication *i* of every point shares ``SeedSequence(seed, spawn_key=(i,))``.
        uncertain: Draw the undeclared-varied uncertain parameters from their ranges.
        method: ``grid``, ``lhs``, ``sobol`` or ``morris``.
        samples: Points for ``lhs``; base sample N for ``sobol`` (a power of 2); trajectories for ``morris``.
        levels: Grid levels for factors given by a range (default 3); Morris levels (default 4, even).
        second_order: Sobol only: also sample for second-order indices.
        design_seed: Seed of the design's sampler (default: ``seed``).
        factors: The varied factors, in file order.
        keep_series: Also store every run's monthly series.
        runs_per_file: Runs per committed Parquet part (default: chosen from the size).
        sets: The fixed overrides of ``[set]``.
        interventions: The raw ``[[interventions]]`` added to every run.
        source: Where it came from.

    """

    name: str
    description: str
    scenario: str
    base: Scenario
    replications: int
    seed: int
    uncertain: bool
    method: str
    samples: int | None
    levels: int | None
    second_order: bool
    design_seed: int
    factors: tuple[Factor, ...]
    keep_series: bool = False
    runs_per_file: int | None = None
    sets: dict[str, Any] = field(default_factory=dict)
    interventions: tuple[dict[str, Any], ...] = ()
    source: str = field(default="<dict>", compare=False)

    # ------------------------------------------------------------ building
    @classmethod
    def from_dict(cls, d: dict[str, Any], source: str = "<dict>") -> Experiment:
        """Validate a raw mapping (as read from TOML) and build an experiment.

        Args:
            d: The mapping.
            source: A file path (relative scenario paths are read from its folder) or a label.

        Raises:
            BatchInputError: naming the source, the key, the value and what is allowed.

        """
        if not isinstance(d, dict):
            raise BatchInputError(f"{source}: an experiment must be a TOML table")
        _check_keys(source, "", d, TOP_KEYS)
        name = d.get("name", Path(source).stem if source != "<dict>" else "experiment")
        if not isinstance(name, str) or not name.strip() or any(c in name for c in "/\\"):
            raise _fail(source, "name", name, "must be a non-empty string without slashes")
        description = d.get("description", "")
        if not isinstance(description, str):
            raise _fail(source, "description", description, "must be a string")
        if "scenario" not in d:
            raise BatchInputError(
                f'{source}: scenario is missing: name the base scenario (e.g. scenario = "lone_champion")'
            )
        ref = d["scenario"]
        if not isinstance(ref, str) or not ref:
            raise _fail(source, "scenario", ref, "must be a shipped scenario name, NAME+STRATEGY or a path")
        if "replications" not in d:
            raise BatchInputError(f"{source}: replications is missing: give the runs per design point (at least 1)")
        replications = _whole(source, "replications", d["replications"], 1)
        seed = _whole(source, "seed", d.get("seed", 0), 0)
        uncertain = _boolean(source, "uncertain", d.get("uncertain", False))

        sets = dict(_table(source, "set", d.get("set", {})))
        extra = d.get("interventions", [])
        if not isinstance(extra, list):
            raise _fail(source, "interventions", extra, "must be an array of tables ([[interventions]])")
        base = _resolve_base(ref, sets, extra, source)

        design = _table(source, "design", d.get("design", {}))
        _check_keys(source, "design", design, DESIGN_KEYS)
        method = design.get("method")
        if method not in METHODS:
            raise _fail(
                source, "design.method", method, "must be one of " + ", ".join(METHODS) + _suggest(str(method), METHODS)
            )
        samples = design.get("samples")
        if method == "grid":
            if samples is not None:
                raise _fail(
                    source, "design.samples", samples, "is not used by a grid design (give values or levels per factor)"
                )
        else:
            if samples is None:
                raise BatchInputError(f"{source}: design.samples is missing: the {method} design needs a sample size")
            samples = _whole(source, "design.samples", samples, 2 if method == "morris" else 1)
            if method == "sobol" and samples & (samples - 1):
                raise _fail(
                    source, "design.samples", samples, "must be a power of 2 for a Sobol design (e.g. 64, 128, 256)"
                )
        levels = design.get("levels")
        if levels is not None:
            if method in ("lhs", "sobol"):
                raise _fail(source, "design.levels", levels, f"is not used by a {method} design")
            levels = _whole(source, "design.levels", levels, 2)
            if method == "morris" and levels % 2:
                raise _fail(source, "design.levels", levels, "must be even for a Morris design (e.g. 4 or 6)")
        second_order = _boolean(source, "design.second_order", design.get("second_order", False))
        if second_order and method != "sobol":
            raise _fail(source, "design.second_order", second_order, "is only for sobol designs")
        design_seed = _whole(source, "design.seed", design.get("seed", seed), 0)

        vary = _table(source, "vary", d.get("vary", {}))
        factors = tuple(_factor(name, spec, method, levels, sets, base, source) for name, spec in vary.items())
        if method != "grid" and not factors:
            raise BatchInputError(f"{source}: vary is empty: a {method} design needs at least one factor")

        output = _table(source, "output", d.get("output", {}))
        _check_keys(source, "output", output, OUTPUT_KEYS)
        keep_series = _boolean(source, "output.keep_series", output.get("keep_series", False))
        runs_per_file = output.get("runs_per_file")
        if runs_per_file is not None:
            runs_per_file = _whole(source, "output.runs_per_file", runs_per_file, 1)
            if runs_per_file > MAX_RUNS_PER_FILE:
                raise _fail(source, "output.runs_per_file", runs_per_file, f"must be at most {MAX_RUNS_PER_FILE:,}")

        exp = cls(
            name=name.strip(),
            description=description,
            scenario=ref,
            base=base,
            replications=replications,
            seed=seed,
            uncertain=uncertain,
            method=method,
            samples=samples,
            levels=levels,
            second_order=second_order,
            design_seed=design_seed,
            factors=factors,
            keep_series=keep_series,
            runs_per_file=runs_per_file,
            sets=sets,
            interventions=tuple(extra),
            source=source,
        )
        n_points = exp.size_of_design()
        if n_points * replications > MAX_RUNS:
            raise BatchInputError(
                f"{source}: the design has {n_points:,} points x {replications} replications = "
                f"{n_points * replications:,} runs; at most {MAX_RUNS:,} are allowed in one sweep"
            )
        exp.check_points()
        return exp

    # ------------------------------------------------------------ identity
    def to_dict(self) -> dict[str, Any]:
        """Canonical plain-data form (stored in the manifest; what the hash covers, with the base scenario)."""
        return {
            "name": self.name,
            "description": self.description,
            "scenario": self.scenario,
            "scenario_hash": self.base.hash,
            "replications": self.replications,
            "seed": self.seed,
            "uncertain": self.uncertain,
            "set": dict(sorted(self.sets.items())),
            "interventions": [dict(i) for i in self.interventions],
            "design": {
                "method": self.method,
                "samples": self.samples,
                "levels": self.levels,
                "second_order": self.second_order,
                "seed": self.design_seed,
            },
            "vary": {f.name: f.to_dict() for f in self.factors},
            "output": {"keep_series": self.keep_series, "runs_per_file": self.runs_per_file},
        }

    @property
    def hash(self) -> str:
        """SHA-256 (first 16 hex digits) of :meth:`to_dict`; a results folder belongs to one hash."""
        blob = json.dumps(self.to_dict(), sort_keys=True, separators=(",", ":"), default=str)
        return hashlib.sha256(blob.encode()).hexdigest()[:16]

    # -------------------------------------------------------------- design
    def problem(self) -> dict[str, Any]:
        """The SALib problem: names and bounds of the (numeric) factors."""
        return {
            "num_vars": len(self.factors),
            "names": [f.name for f in self.factors],
            "bounds": [[float(f.low), float(f.high)] for f in self.factors],
        }

    def size_of_design(self) -> int:
        """Number of design points (before equal points are merged)."""
        k = len(self.factors)
        if self.method == "grid":
            return math.prod(len(f.grid_values()) for f in self.factors)
        if self.method == "lhs":
            return int(self.samples)
        if self.method == "sobol":
            return int(self.samples) * (2 * k + 2 if self.second_order else k + 2)
        return int(self.samples) * (k + 1)

    def design(self) -> Design:
        """The design points (deterministic: the sampler is seeded with ``design_seed``)."""
        if self.method == "grid":
            axes = [f.grid_values() for f in self.factors]
            points = [
                dict(zip([f.name for f in self.factors], combo, strict=True)) for combo in itertools.product(*axes)
            ]
            return Design(points=points)
        problem = self.problem()
        if self.method == "lhs":
            from scipy.stats import qmc

            unit = qmc.LatinHypercube(d=len(self.factors), rng=np.random.default_rng(self.design_seed)).random(
                self.samples
            )
            bounds = np.array(problem["bounds"])
            matrix = bounds[:, 0] + unit * (bounds[:, 1] - bounds[:, 0])
        elif self.method == "sobol":
            from SALib.sample import sobol

            matrix = sobol.sample(problem, self.samples, calc_second_order=self.second_order, seed=self.design_seed)
        else:
            from SALib.sample import morris

            matrix = morris.sample(problem, self.samples, num_levels=self.levels or 4, seed=self.design_seed)
        points = [{f.name: f.coerce(x) for f, x in zip(self.factors, row, strict=True)} for row in matrix]
        return Design(points=points, matrix=np.asarray(matrix, dtype=float))

    def check_points(self) -> None:
        """Check that the design's extreme points give valid scenarios (an intervention month inside the run...)."""
        corners: list[dict[str, Any]] = [{}]
        for f in self.factors:
            options = f.grid_values() if self.method == "grid" else [f.coerce(f.low), f.coerce(f.high)]
            options = [options[0], options[-1]] if len(options) > 1 else options
            corners = [{**c, f.name: v} for c in corners for v in options][:4096]
        for point in corners:
            try:
                apply_point(self.base, point, source=f"{self.source}: vary")
            except ScenarioError as exc:
                raise BatchInputError(str(exc)) from None

    def run_specs(self, points: list[dict[str, Any]] | None = None) -> list[RunSpec]:
        """Every run of the experiment in canonical order (point-major, then replication)."""
        unique = points if points is not None else self.design().unique_points()
        return [
            RunSpec(self.base, i, self.seed, point=p, uncertain=self.uncertain)
            for p in unique
            for i in range(self.replications)
        ]

    def manifest(self) -> dict[str, Any]:
        """Identity and provenance of a sweep of this experiment."""
        return {
            "experiment": self.to_dict(),
            "experiment_hash": self.hash,
            "source": self.source,
            "journeysim": __version__,
            "code": code_fingerprint(),
            "scenario_definition": self.base.to_dict(),
        }


def _resolve_base(ref: str, sets: dict[str, Any], extra: list[Any], source: str) -> Scenario:
    """Load the base scenario, apply ``[set]`` and append ``[[interventions]]``."""
    folder = Path(source).parent if source != "<dict>" else Path.cwd()
    head, *strategies = ref.split("+")
    candidate = folder / head
    if not Path(ref).is_file() and candidate.is_file():
        ref = "+".join([str(candidate), *strategies])
    try:
        base = load_scenario(ref)
    except ScenarioError as exc:
        raise BatchInputError(f"{source}: scenario = {ref!r}: {exc}") from None
    try:
        if sets:
            base = base.with_parameters(sets, source=f"{source}: set")
        raw = {"name": base.name, "parameters": dict(base.parameters), "interventions": extra}
        added = validate(raw, source=source).interventions if extra else ()
    except ScenarioError as exc:
        raise BatchInputError(str(exc)) from None
    if added:
        merged = sorted([*base.interventions, *added], key=lambda i: i["month"])
        base = replace(base, interventions=tuple(merged))
    return base


def _declared(name: str, base: Scenario, source: str) -> tuple[str, float | None, float | None, tuple[Any, ...]]:
    """Kind, declared low/high and choices of a factor name."""
    if is_intervention_key(name):
        try:
            spec = intervention_field(base, name, source=f"{source}: vary")
        except ScenarioError as exc:
            raise BatchInputError(str(exc)) from None
        return spec.kind, spec.low, spec.high, (False, True) if spec.kind == "bool" else spec.choices
    if name not in PARAMETERS:
        raise BatchInputError(
            f"{source}: vary.{name}: {name!r} is not a declared parameter."
            + _suggest(name, tuple(PARAMETERS))
            + " See docs/parameters.md, or write KIND.FIELD to vary a scheduled intervention"
        )
    p = PARAMETERS[name]
    kind = p.kind
    choices = (False, True) if kind == "bool" else tuple(p.choices)
    return kind, p.low, p.high, choices


def _factor(
    name: str, spec: Any, method: str, levels: int | None, sets: dict[str, Any], base: Scenario, source: str
) -> Factor:
    where = f"vary.{name}"
    if not isinstance(spec, dict):
        raise _fail(source, where, spec, "must be a table (e.g. low = 0.2, high = 0.8, or values = [...])")
    _check_keys(source, where, spec, FACTOR_KEYS)
    kind, dlow, dhigh, choices = _declared(name, base, source)
    if name in sets:
        raise _fail(
            source, where, spec, f"is also fixed in [set] ({name} = {sets[name]!r}); vary it or set it, not both"
        )

    def check(value: Any, key: str) -> Any:
        if kind in ("choice", "bool"):
            if value not in choices or (kind == "bool" and not isinstance(value, bool)):
                raise _fail(source, key, value, "must be one of " + ", ".join(repr(c) for c in choices))
            return value
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise _fail(source, key, value, f"must be a number from {dlow:g} to {dhigh:g}")
        if kind == "int" and float(value) != int(value):
            raise _fail(source, key, value, f"must be a whole number from {dlow:g} to {dhigh:g}")
        if not dlow <= value <= dhigh:
            raise _fail(
                source, key, value, f"is outside the declared range of '{name}': must be from {dlow:g} to {dhigh:g}"
            )
        return int(value) if kind == "int" else float(value)

    values = spec.get("values")
    factor_levels = spec.get("levels")
    if method != "grid":
        for key in ("values", "levels"):
            if key in spec:
                raise _fail(
                    source,
                    f"{where}.{key}",
                    spec[key],
                    f"is only for grid designs; a {method} design samples low..high",
                )
        if kind not in ("int", "float"):
            raise _fail(source, where, spec, f"is a {kind} factor; only a grid design can vary it (or fix it in [set])")
    if values is not None:
        if "low" in spec or "high" in spec or factor_levels is not None:
            raise _fail(source, f"{where}.values", values, "excludes low, high and levels: give one or the other")
        if not isinstance(values, list) or not values:
            raise _fail(source, f"{where}.values", values, "must be a non-empty list")
        checked = [check(v, f"{where}.values[{i}]") for i, v in enumerate(values)]
        if len({json.dumps(v) for v in checked}) != len(checked):
            raise _fail(source, f"{where}.values", values, "must not repeat a value")
        return Factor(name, kind, values=tuple(checked))
    if kind in ("choice", "bool"):
        if "low" in spec or "high" in spec or factor_levels is not None:
            raise _fail(source, where, spec, f"is a {kind} factor: give values = [...] (or nothing, for every choice)")
        return Factor(name, kind, values=choices)
    low = check(spec.get("low", dlow), f"{where}.low")
    high = check(spec.get("high", dhigh), f"{where}.high")
    if not low < high:
        raise _fail(source, f"{where}.low", low, f"must be below {where}.high = {high!r}")
    if factor_levels is not None:
        factor_levels = _whole(source, f"{where}.levels", factor_levels, 2)
    elif method == "grid":
        factor_levels = levels or 3
    return Factor(name, kind, low=low, high=high, levels=factor_levels)


def load_experiment(path: str | Path) -> Experiment:
    """Read and validate an experiment TOML file.

    Raises:
        BatchInputError: for a missing or malformed file, or any bad key or value
            (the message names the file, the key, the value and what is allowed).

    """
    path = Path(path)
    if path.is_dir():
        raise BatchInputError(f"{path}: is a folder; give an experiment .toml file")
    try:
        raw = read_toml(path)
    except ScenarioError as exc:
        raise BatchInputError(str(exc).replace("no such scenario file", "no such experiment file")) from None
    return Experiment.from_dict(raw, str(path))
