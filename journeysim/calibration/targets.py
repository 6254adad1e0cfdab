"""Calibration targets: real-world figures the model is confronted with, read from a TOML file.

Each target is one table of the file::

    [crane_kuyken_no_provision]
    figure = 0.59
    uncertainty = {kind = "sd", value = 0.08, why = "..."}   # or {kind = "interval", low = 0.5, high = 0.9, ...}
    year = 2011
    population = "..."       # what the figure describes
    source = "..."           # full citation
    output = "share_not_running"
    nation = "uk"            # optional: uk (default), england, scotland, wales or northern_ireland
    bound = "lower"          # optional: the figure is a lower ("lower") or upper ("upper") bound on the truth
    mapping = "..."          # how the model output answers the figure, in words

``output`` comes from :data:`OUTPUTS`; :func:`target_values` computes each
from a population run's per-service years. A figure known to be biased in one
direction (a self-selected survey over-represents places with provision) is a
``bound``: a model output on the side the bias allows is no error at all, and
one on the other side is an error measured in the same sd as a plain figure
(:meth:`Target.error`). A bad file is an
:class:`~journeysim.errors.InputError` naming the file, the target, the key,
the value and what is allowed.
"""

from __future__ import annotations

import hashlib
import math
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from journeysim.errors import InputError
from journeysim.vocabulary import LEVELS, NATIONS

INTERVAL_Z = 1.959963984540054
"""An ``interval`` uncertainty is read as a 95% interval: its width is this many standard deviations each side."""

OUTPUTS: dict[str, str] = {
    **{f"share_{lv}": f"share of services whose level is {lv} at the end of the year" for lv in LEVELS},
    "share_no_teacher": "share of services with nobody trained to teach MBCT at the end of the year",
    "share_running": "share of services that ran a course in the 12 months to the end of the year",
    "share_not_running": "share of services that ran no course in the 12 months to the end of the year",
    "people_share_running": "share of the people (population-weighted) served by a service running courses",
}
"""The model outputs a target may map to: shares per year over the services of a nation (or the UK)."""

ALL_NATIONS = "uk"
REQUIRED = ("figure", "uncertainty", "year", "population", "source", "output", "mapping")
OPTIONAL = ("nation", "bound")
UNCERTAINTY_KINDS = ("sd", "interval")
BOUNDS: dict[str, str] = {
    "lower": "the true value is at or above the figure (the model may lie anywhere above it)",
    "upper": "the true value is at or below the figure (the model may lie anywhere below it)",
}
"""The values of a target's optional ``bound``; without one the figure is a point with a two-sided uncertainty."""


def one_sided(difference: float, bound: str | None) -> float:
    """``model - figure`` as an error: zero on the side a ``bound`` allows, unchanged without one."""
    if bound == "lower":
        return min(difference, 0.0)
    if bound == "upper":
        return max(difference, 0.0)
    return difference


@dataclass(frozen=True)
class Target:
    """One real-world figure and the model output it maps to.

    Attributes:
        name: The target's table name in the file.
        figure: The measured value (a share, 0-1).
        sd: Its uncertainty as one standard deviation (an interval is converted, see :data:`INTERVAL_Z`).
        uncertainty: The uncertainty as written in the file.
        year: Calendar year the figure describes.
        nation: ``uk`` or one nation.
        output: One of :data:`OUTPUTS`.
        population: What the figure describes.
        source: Full citation.
        mapping: The mapping explained.
        bound: ``None`` (a point), or one of :data:`BOUNDS` for a figure biased in a known direction.

    """

    name: str
    figure: float
    sd: float
    uncertainty: dict[str, Any]
    year: int
    nation: str
    output: str
    population: str
    source: str
    mapping: str
    bound: str | None = None

    def error(self, value: float) -> float:
        """Model output minus the figure, zero where the target's bound allows the output."""
        return one_sided(value - self.figure, self.bound)


@dataclass(frozen=True)
class Targets:
    """A targets file: its targets in file order, where it came from and the hash of its bytes."""

    path: str
    sha256: str
    targets: tuple[Target, ...]

    @property
    def names(self) -> list[str]:
        """Target names in file order."""
        return [t.name for t in self.targets]

    @property
    def observed(self) -> dict[str, float]:
        """The figures, keyed by target name (the observed summary statistics of the calibration)."""
        return {t.name: t.figure for t in self.targets}

    @property
    def sds(self) -> dict[str, float]:
        """Each target's standard deviation, keyed by target name."""
        return {t.name: t.sd for t in self.targets}

    @property
    def bounds(self) -> dict[str, str | None]:
        """Each target's bound (``None`` for a point figure), keyed by target name."""
        return {t.name: t.bound for t in self.targets}

    @property
    def last_year(self) -> int:
        """The latest year any target describes."""
        return max(t.year for t in self.targets)


def _bad(path: str, target: str, key: str, value: Any, allowed: str) -> InputError:
    return InputError(f"{path}: [{target}] {key} = {value!r}: {allowed}")


def _number(path: str, name: str, key: str, value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise _bad(path, name, key, value, "must be a finite number")
    return float(value)


def _text(path: str, name: str, key: str, value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise _bad(path, name, key, value, "must be a non-empty text")
    return value.strip()


def _sd(path: str, name: str, figure: float, value: Any) -> float:
    where = "uncertainty"
    if not isinstance(value, dict):
        raise _bad(path, name, where, value, 'must be a table, e.g. {kind = "sd", value = 0.05, why = "..."}')
    kind = value.get("kind")
    if kind not in UNCERTAINTY_KINDS:
        raise _bad(path, name, f"{where}.kind", kind, f"must be one of {', '.join(UNCERTAINTY_KINDS)}")
    _text(path, name, f"{where}.why", value.get("why"))
    keys = ("kind", "why", "value") if kind == "sd" else ("kind", "why", "low", "high")
    extra = sorted(set(value) - set(keys))
    if extra:
        raise _bad(path, name, f"{where}.{extra[0]}", value[extra[0]], f"unknown key; allowed: {', '.join(keys)}")
    if kind == "sd":
        sd = _number(path, name, f"{where}.value", value.get("value"))
        if not 0 < sd <= 1:
            allowed = "a standard deviation of a share must be above 0 and at most 1"
            raise _bad(path, name, f"{where}.value", sd, allowed)
        return sd
    low = _number(path, name, f"{where}.low", value.get("low"))
    high = _number(path, name, f"{where}.high", value.get("high"))
    if not 0 <= low <= figure <= high <= 1 or low == high:
        allowed = f"a 95% interval must satisfy 0 <= low <= figure ({figure}) <= high <= 1"
        raise _bad(path, name, where, f"{low}-{high}", allowed)
    return (high - low) / (2 * INTERVAL_Z)


def _target(path: str, name: str, table: Any, years: tuple[int, int]) -> Target:
    if not isinstance(table, dict):
        raise _bad(path, name, "(table)", table, "each target must be a table [name] with its keys")
    for key in REQUIRED:
        if key not in table:
            raise _bad(path, name, key, None, "is missing; every target needs " + ", ".join(REQUIRED))
    unknown = sorted(set(table) - set(REQUIRED) - set(OPTIONAL))
    if unknown:
        raise _bad(path, name, unknown[0], table[unknown[0]], f"unknown key; allowed: {', '.join(REQUIRED + OPTIONAL)}")
    output = table["output"]
    if output not in OUTPUTS:
        raise _bad(path, name, "output", output, f"unknown output; allowed: {', '.join(OUTPUTS)}")
    figure = _number(path, name, "figure", table["figure"])
    if not 0 <= figure <= 1:
        raise _bad(path, name, "figure", figure, "a share must be from 0 to 1")
    year = table["year"]
    if isinstance(year, bool) or not isinstance(year, int) or not years[0] <= year <= years[1]:
        raise _bad(path, name, "year", year, f"must be a whole year within the run, {years[0]} to {years[1]}")
    nation = table.get("nation", ALL_NATIONS)
    if nation not in (ALL_NATIONS, *NATIONS):
        raise _bad(path, name, "nation", nation, f"must be one of {', '.join((ALL_NATIONS, *NATIONS))}")
    bound = table.get("bound")
    if bound is not None and bound not in BOUNDS:
        allowed = "must be " + " or ".join(f"{b!r} ({why})" for b, why in BOUNDS.items()) + ", or left out for a point"
        raise _bad(path, name, "bound", bound, allowed)
    return Target(
        name=name,
        figure=figure,
        sd=_sd(path, name, figure, table["uncertainty"]),
        uncertainty=dict(table["uncertainty"]),
        year=year,
        nation=nation,
        output=output,
        population=_text(path, name, "population", table["population"]),
        source=_text(path, name, "source", table["source"]),
        mapping=_text(path, name, "mapping", table["mapping"]),
        bound=bound,
    )


def load_targets(path: str | Path, years: tuple[int, int] = (2004, 2028)) -> Targets:
    """Read and check a targets file.

    Args:
        path: The TOML file.
        years: First and last calendar year of the run the targets are compared with.

    Raises:
        InputError: for a missing or unreadable file, or any bad target (named with its key and value).

    """
    where = str(path)
    try:
        raw = Path(path).read_bytes()
    except OSError as exc:
        raise InputError(f"{where}: cannot read the targets file ({exc.strerror or exc})") from None
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise InputError(f"{where}: not a valid TOML file ({exc})") from None
    if not data:
        raise InputError(f"{where}: no targets; each target is a table [name] with {', '.join(REQUIRED)}")
    targets = tuple(_target(where, name, table, years) for name, table in data.items())
    return Targets(path=where, sha256=hashlib.sha256(raw).hexdigest(), targets=targets)


def shipped_targets() -> Path:
    """The targets file shipped with the package (UK, 2009-2015)."""
    return Path(__file__).parent / "targets" / "uk_2009_2015.toml"


def target_values(targets: Targets, service_years: pd.DataFrame) -> dict[str, float]:
    """Each target's model output from a run's per-service years (:func:`journeysim.nation.outputs.service_years`)."""
    out: dict[str, float] = {}
    for t in targets.targets:
        rows = service_years[service_years["year"] == t.year]
        if t.nation != ALL_NATIONS:
            rows = rows[rows["nation"] == t.nation]
        if rows.empty:
            raise InputError(f"{targets.path}: [{t.name}] has no services in {t.nation} in {t.year} in this run")
        out[t.name] = output_value(t.output, rows)
    return out


def output_value(output: str, rows: pd.DataFrame) -> float:
    """One output of :data:`OUTPUTS` over the services in ``rows`` (one year)."""
    running = rows["running"].to_numpy(dtype=float)
    if output == "share_running":
        return float(running.mean())
    if output == "share_not_running":
        return float(1.0 - running.mean())
    if output == "people_share_running":
        people = rows["people"].to_numpy(dtype=float)
        return float(np.sum(people * running) / np.sum(people))
    if output == "share_no_teacher":
        return float((rows["teachers"].to_numpy() == 0).mean())
    level = LEVELS.index(output.removeprefix("share_"))
    return float((rows["level_code"].to_numpy() == level).mean())
