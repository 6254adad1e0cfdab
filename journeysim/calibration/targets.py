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
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from journeysim.calibration.evidence import HELD_BACK, HeldBack, PatternEvidence, held_back, pattern_evidence
from journeysim.calibration.fields import BOUNDS, bad, number, one_sided, sds, standardised, text
from journeysim.errors import InputError
from journeysim.vocabulary import LEVELS, NATIONS

__all__ = ["OUTPUTS", "Target", "Targets", "load_targets", "one_sided", "shipped_targets", "target_values"]

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
OPTIONAL = ("nation", "bound", "held_out")


@dataclass(frozen=True)
class Target:
    """One real-world figure and the model output it maps to.

    Attributes:
        name: The target's table name in the file.
        figure: The measured value (a share, 0-1).
        sd: Its uncertainty as one standard deviation: the mean of the two sides of an interval.
        uncertainty: The uncertainty as written in the file.
        year: Calendar year the figure describes.
        nation: ``uk`` or one nation.
        output: One of :data:`OUTPUTS`.
        population: What the figure describes.
        source: Full citation.
        mapping: The mapping explained.
        bound: ``None`` (a point), or one of :data:`BOUNDS` for a figure biased in a known direction.
        sd_below: The standard deviation below the figure (an interval's lower side; ``sd`` if not given).
        sd_above: The standard deviation above the figure (an interval's upper side; ``sd`` if not given).
        held_out: A figure kept out of the distance, to check the calibration against data it was not fitted to.

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
    sd_below: float = 0.0
    sd_above: float = 0.0
    held_out: bool = False

    def __post_init__(self) -> None:
        if not self.sd_below:
            object.__setattr__(self, "sd_below", self.sd)
        if not self.sd_above:
            object.__setattr__(self, "sd_above", self.sd)

    def error(self, value: float) -> float:
        """Model output minus the figure, zero where the target's bound allows the output."""
        return one_sided(value - self.figure, self.bound)

    def standardised(self, value: float) -> float:
        """:meth:`error` in standard deviations of the side the output falls on."""
        return standardised(self.error(value), self.sd_below, self.sd_above)


@dataclass(frozen=True)
class Targets:
    """A targets file, where it came from and the hash of its bytes.

    Attributes:
        path: The file.
        sha256: Hash of its bytes.
        targets: The real-world figures the calibration is fitted to, in file order.
        patterns: The study's patterns used as evidence (:mod:`journeysim.calibration.evidence`).
        held_out: Real-world figures kept out of the fit, to check it against.
        held_back: The patterns kept for validation only, and why (``None`` if the file names no patterns).

    """

    path: str
    sha256: str
    targets: tuple[Target, ...]
    patterns: tuple[PatternEvidence, ...] = ()
    held_out: tuple[Target, ...] = ()
    held_back: HeldBack | None = None

    @property
    def evidence(self) -> tuple[Target | PatternEvidence, ...]:
        """Everything the distance adds up: the figures fitted to, then the patterns."""
        return (*self.targets, *self.patterns)

    @property
    def names(self) -> list[str]:
        """Names of the evidence in file order (figures, then patterns)."""
        return [t.name for t in self.evidence]

    @property
    def observed(self) -> dict[str, float]:
        """The figures (a pattern's is its threshold), keyed by name: the calibration's observed statistics."""
        return {t.name: t.figure for t in self.evidence}

    @property
    def sds(self) -> dict[str, float]:
        """Each piece of evidence's standard deviation (the mean of an interval's two sides), keyed by name."""
        return {t.name: t.sd for t in self.evidence}

    @property
    def scales(self) -> dict[str, tuple[float, float, str | None]]:
        """Each piece of evidence's standard deviations below and above its figure, and its bound, keyed by name."""
        return {t.name: (t.sd_below, t.sd_above, t.bound) for t in self.evidence}

    @property
    def bounds(self) -> dict[str, str | None]:
        """Each piece of evidence's bound (``None`` for a point figure), keyed by name."""
        return {t.name: t.bound for t in self.evidence}

    @property
    def last_year(self) -> int:
        """The latest year any figure describes (held-out figures included, so they can be compared)."""
        return max(t.year for t in (*self.targets, *self.held_out))


def _target(path: str, name: str, table: Any, years: tuple[int, int]) -> Target:
    if not isinstance(table, dict):
        raise bad(path, name, "(table)", table, "each target must be a table [name] with its keys")
    for key in REQUIRED:
        if key not in table:
            raise bad(path, name, key, None, "is missing; every target needs " + ", ".join(REQUIRED))
    unknown = sorted(set(table) - set(REQUIRED) - set(OPTIONAL))
    if unknown:
        raise bad(path, name, unknown[0], table[unknown[0]], f"unknown key; allowed: {', '.join(REQUIRED + OPTIONAL)}")
    output = table["output"]
    if output not in OUTPUTS:
        raise bad(path, name, "output", output, f"unknown output; allowed: {', '.join(OUTPUTS)}")
    figure = number(path, name, "figure", table["figure"])
    if not 0 <= figure <= 1:
        raise bad(path, name, "figure", figure, "a share must be from 0 to 1")
    year = table["year"]
    if isinstance(year, bool) or not isinstance(year, int) or not years[0] <= year <= years[1]:
        raise bad(path, name, "year", year, f"must be a whole year within the run, {years[0]} to {years[1]}")
    nation = table.get("nation", ALL_NATIONS)
    if nation not in (ALL_NATIONS, *NATIONS):
        raise bad(path, name, "nation", nation, f"must be one of {', '.join((ALL_NATIONS, *NATIONS))}")
    held_out = table.get("held_out", False)
    if not isinstance(held_out, bool):
        raise bad(path, name, "held_out", held_out, "must be true (kept out of the fit, to check it) or false")
    below, above = sds(path, name, figure, table["uncertainty"])
    bound = table.get("bound")
    if bound is not None and bound not in BOUNDS:
        allowed = "must be " + " or ".join(f"{b!r} ({why})" for b, why in BOUNDS.items()) + ", or left out for a point"
        raise bad(path, name, "bound", bound, allowed)
    return Target(
        name=name,
        figure=figure,
        sd=(below + above) / 2,
        sd_below=below,
        sd_above=above,
        held_out=held_out,
        uncertainty=dict(table["uncertainty"]),
        year=year,
        nation=nation,
        output=output,
        population=text(path, name, "population", table["population"]),
        source=text(path, name, "source", table["source"]),
        mapping=text(path, name, "mapping", table["mapping"]),
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
    figures = [_target(where, n, t, years) for n, t in data.items() if n != HELD_BACK and not _is_pattern(t)]
    patterns = tuple(pattern_evidence(where, n, t) for n, t in data.items() if n != HELD_BACK and _is_pattern(t))
    fitted = tuple(t for t in figures if not t.held_out)
    if not fitted:
        raise InputError(f"{where}: no targets to fit; each target is a table [name] with {', '.join(REQUIRED)}")
    return Targets(
        path=_shown(Path(path)),
        sha256=hashlib.sha256(raw).hexdigest(),
        targets=fitted,
        patterns=patterns,
        held_out=tuple(t for t in figures if t.held_out),
        held_back=held_back(where, data.get(HELD_BACK), patterns),
    )


def _is_pattern(table: Any) -> bool:
    return isinstance(table, dict) and "pattern" in table


def _shown(path: Path) -> str:
    """A shipped targets file by its place in the package (no machine's folders in a manifest); others as given."""
    package = Path(__file__).resolve().parents[1]
    if path.resolve().is_relative_to(package):
        return path.resolve().relative_to(package.parent).as_posix()
    return str(path)


SHIPPED = {
    "uk": "uk_2009_2015.toml",
    "uk+patterns": "uk_figures_and_patterns.toml",
}
"""Targets files shipped with the package, by the name the command line takes."""


def shipped_targets(name: str = "uk") -> Path:
    """A targets file shipped with the package, by name (:data:`SHIPPED`).

    ``uk``: the UK figures, 2009-2015, as point targets; ``uk+patterns``: those figures read as
    intervals, later figures, and the study's patterns as evidence with the held-back split.
    """
    return Path(__file__).parent / "targets" / SHIPPED[name]


def target_values(targets: Targets, service_years: pd.DataFrame) -> dict[str, float]:
    """Each figure's model output (held-out ones too) from a run's per-service years.

    The per-service years are :func:`journeysim.nation.outputs.service_years`'s.
    """
    out: dict[str, float] = {}
    for t in (*targets.targets, *targets.held_out):
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
