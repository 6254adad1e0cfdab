"""Experiment files: a base scenario, the factors to vary, a design, and replications per point.

An experiment is a TOML file: ``scenario``, ``replications``, ``seed``, ``[set]``,
``[[interventions]]``, ``[design] method`` (grid, lhs, sobol or morris) and one ``[vary.NAME]``
table per factor, a declared parameter or a field of a scheduled intervention
(``"funding_cut.month"``). Every key is described in ``docs/experiments.md``;
``experiments/funding_sweep.toml`` is an example.

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
from functools import partial
from pathlib import Path
from typing import Any

import numpy as np

from journeysim.batch.checks import boolean, check_keys, fail, table, whole
from journeysim.batch.design import MAX_LEVELS, Design, Factor, parse_factor, salib_problem
from journeysim.batch.errors import BatchInputError
from journeysim.batch.posterior import load_posterior, posterior_record
from journeysim.batch.runs import RunSpec
from journeysim.batch.shipped import find_experiment
from journeysim.library import check_ref, is_file, load_scenario, read_toml
from journeysim.runs import apply_point
from journeysim.runs.manifest import build_manifest
from journeysim.scenario import Scenario, ScenarioError, _suggest, plain_text, shown, validate
from journeysim.uncertainty import Posterior

METHODS = ("grid", "lhs", "sobol", "morris")
TOP_KEYS = tuple(
    "name description scenario replications seed uncertain posterior set interventions design vary output".split()
)
DESIGN_KEYS = ("method", "samples", "levels", "second_order", "seed")
OUTPUT_KEYS = ("keep_series", "runs_per_file")
MAX_RUNS = 10_000_000
MAX_RUNS_PER_FILE = 10_000


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
        posterior: Draw them from a calibrated posterior instead (one particle per replication);
            the varied factors, ``[set]`` and what the scenario sets away from the defaults are kept.
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
    posterior: Posterior | None = field(default=None, compare=False)

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
        bad = partial(fail, source)
        check_keys(source, "", d, TOP_KEYS)
        name = d.get("name", Path(source).stem if source != "<dict>" else "experiment")
        if not isinstance(name, str) or not name.strip() or any(c in name for c in "/\\"):
            raise bad("name", name, "must be a non-empty string without slashes")
        try:
            plain_text(source, "name", name)
            description = plain_text(source, "description", d.get("description", ""), lines=True)
        except ScenarioError as exc:
            raise BatchInputError(str(exc)) from None
        if "scenario" not in d:
            raise BatchInputError(
                f'{source}: scenario is missing: name the base scenario (e.g. scenario = "lone_champion")'
            )
        ref = d["scenario"]
        if not isinstance(ref, str) or not ref:
            raise bad("scenario", ref, "must be a shipped scenario name, NAME+STRATEGY or a path")
        if "replications" not in d:
            raise BatchInputError(f"{source}: replications is missing: give the runs per design point (at least 1)")
        replications = whole(source, "replications", d["replications"], 1, MAX_RUNS)
        seed = whole(source, "seed", d.get("seed", 0), 0)
        uncertain = boolean(source, "uncertain", d.get("uncertain", False))
        posterior = _posterior(d.get("posterior"), source)
        if uncertain and posterior is not None:
            raise bad("uncertain", uncertain, "cannot be true with posterior: draw from one or the other")

        sets = dict(table(source, "set", d.get("set", {})))
        extra = d.get("interventions", [])
        if not isinstance(extra, list) or not all(isinstance(e, dict) for e in extra):
            raise bad("interventions", extra, "must be an array of tables ([[interventions]])")
        base = _resolve_base(ref, sets, extra, source)

        design = table(source, "design", d.get("design", {}))
        check_keys(source, "design", design, DESIGN_KEYS)
        method = design.get("method")
        if method not in METHODS:
            raise bad("design.method", method, "must be one of " + ", ".join(METHODS) + _suggest(str(method), METHODS))
        samples = design.get("samples")
        if method == "grid":
            if samples is not None:
                raise bad("design.samples", samples, "is not used by a grid design (give values or levels per factor)")
        else:
            if samples is None:
                raise BatchInputError(f"{source}: design.samples is missing: the {method} design needs a sample size")
            samples = whole(source, "design.samples", samples, 2 if method == "morris" else 1, MAX_RUNS)
            if method == "sobol" and samples & (samples - 1):
                raise bad("design.samples", samples, "must be a power of 2 for a Sobol design (e.g. 64, 128, 256)")
        levels = design.get("levels")
        if levels is not None:
            if method in ("lhs", "sobol"):
                raise bad("design.levels", levels, f"is not used by a {method} design")
            levels = whole(source, "design.levels", levels, 2, MAX_LEVELS)
            if method == "morris" and levels % 2:
                raise bad("design.levels", levels, "must be even for a Morris design (e.g. 4 or 6)")
        second_order = boolean(source, "design.second_order", design.get("second_order", False))
        if second_order and method != "sobol":
            raise bad("design.second_order", second_order, "is only for sobol designs")
        design_seed = whole(source, "design.seed", design.get("seed", seed), 0)

        vary = table(source, "vary", d.get("vary", {}))
        factors = tuple(parse_factor(name, spec, method, levels, sets, base, source) for name, spec in vary.items())
        if method != "grid" and not factors:
            raise BatchInputError(f"{source}: vary is empty: a {method} design needs at least one factor")

        output = table(source, "output", d.get("output", {}))
        check_keys(source, "output", output, OUTPUT_KEYS)
        keep_series = boolean(source, "output.keep_series", output.get("keep_series", False))
        runs_per_file = output.get("runs_per_file")
        if runs_per_file is not None:
            runs_per_file = whole(source, "output.runs_per_file", runs_per_file, 1)
            if runs_per_file > MAX_RUNS_PER_FILE:
                raise bad("output.runs_per_file", runs_per_file, f"must be at most {MAX_RUNS_PER_FILE:,}")

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
            posterior=posterior,
        )
        n_points = exp.size_of_design()
        if n_points * replications > MAX_RUNS:
            raise BatchInputError(
                f"{source}: the design has {n_points:,} points x {replications} replications = "
                f"{n_points * replications:,} runs; at most {MAX_RUNS:,} are allowed in one sweep"
            )
        exp.check_points()
        return exp

    def to_dict(self) -> dict[str, Any]:
        """Canonical plain-data form (stored in the manifest; what the hash covers, with the base scenario)."""
        design = (self.method, self.samples, self.levels, self.second_order, self.design_seed)
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
            "design": dict(zip(DESIGN_KEYS, design, strict=True)),
            "vary": {f.name: f.to_dict() for f in self.factors},
            "output": dict(zip(OUTPUT_KEYS, (self.keep_series, self.runs_per_file), strict=True)),
            **({"posterior": posterior_record(self.posterior)} if self.posterior is not None else {}),
        }

    @property
    def hash(self) -> str:
        """SHA-256 (first 16 hex digits) of :meth:`to_dict`; a results folder belongs to one hash.

        A posterior counts by its content (its digest), not by where its folder is, so moving the
        folder does not stop a sweep from resuming.
        """
        d = self.to_dict()
        if "posterior" in d:
            d["posterior"] = {"digest": d["posterior"]["digest"]}
        blob = json.dumps(d, sort_keys=True, separators=(",", ":"), default=str)
        return hashlib.sha256(blob.encode()).hexdigest()[:16]

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
            names, axes = [f.name for f in self.factors], [f.grid_values() for f in self.factors]
            return Design(points=[dict(zip(names, combo, strict=True)) for combo in itertools.product(*axes)])
        problem = salib_problem({f.name: f.to_dict() for f in self.factors})  # names and bounds of the factors
        if self.method == "lhs":
            from scipy.stats import qmc

            sampler = qmc.LatinHypercube(d=len(self.factors), rng=np.random.default_rng(self.design_seed))
            unit = sampler.random(self.samples)
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

    def run_specs(self) -> list[RunSpec]:
        """Every run of the experiment in canonical order (point-major, then replication)."""
        return [
            RunSpec(self.base, i, self.seed, point=p, uncertain=self.uncertain, posterior=self.posterior)
            for p in self.design().unique_points()
            for i in range(self.replications)
        ]

    def manifest(self, **details: Any) -> dict[str, Any]:
        """Identity and provenance of a sweep of this experiment (:func:`~journeysim.runs.manifest.build_manifest`).

        Args:
            **details: Further records (run counts, runs per part...), placed after the base scenario.

        """
        identity = {"experiment": self.to_dict(), "experiment_hash": self.hash, "source": self.source}
        return build_manifest(identity, {"scenario_definition": self.base.to_dict(), **details}, created=True)


def _resolve_base(ref: str, sets: dict[str, Any], extra: list[Any], source: str) -> Scenario:
    """Load the base scenario, apply ``[set]`` and append ``[[interventions]]``."""
    folder = Path(source).parent if source != "<dict>" else Path.cwd()
    head, *strategies = ref.split("+")
    candidate = folder / head
    if not is_file(ref) and is_file(candidate):
        ref = "+".join([str(candidate), *strategies])
    try:
        base = load_scenario(ref)
    except ScenarioError as exc:
        raise BatchInputError(f"{source}: scenario = {shown(ref)}: {exc}") from None
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


def _posterior(ref: Any, source: str) -> Posterior | None:
    """The ``posterior`` folder an experiment file names (relative to the file), read and checked, or ``None``."""
    if ref is None:
        return None
    if not isinstance(ref, str) or not ref:
        raise fail(source, "posterior", ref, "must be the path of a calibration's posterior folder")
    return load_posterior(Path(source).parent / ref if source != "<dict>" else Path(ref))  # an absolute ref stays


def load_experiment(path: str | Path) -> Experiment:
    """Read and validate an experiment TOML file, given by path or by shipped name (``funding_sweep``).

    Raises:
        BatchInputError: for a missing or malformed file, or any bad key or value
            (the message names the file, the key, the value and what is allowed).

    """
    try:
        check_ref(path, "experiment")
    except ScenarioError as exc:
        raise BatchInputError(str(exc)) from None
    path = find_experiment(path)
    if path.is_dir():
        raise BatchInputError(f"{path}: is a folder; give an experiment .toml file")
    try:
        raw = read_toml(path)
    except ScenarioError as exc:
        raise BatchInputError(str(exc).replace("no such scenario file", "no such experiment file")) from None
    return Experiment.from_dict(raw, str(path))
