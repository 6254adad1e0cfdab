"""Reading the keys of a targets file, and how far a model output lies from a figure in its uncertainty.

Shared by the real-world figures (:mod:`journeysim.calibration.targets`) and the study's patterns used as
evidence (:mod:`journeysim.calibration.evidence`). Every bad value is an :class:`~journeysim.errors.InputError`
naming the file, the table, the key, the value and what is allowed.
"""

from __future__ import annotations

import math
from typing import Any

from journeysim.errors import InputError

INTERVAL_Z = 1.959963984540054
"""An ``interval`` uncertainty is read as a 95% interval: each side is this many standard deviations wide."""

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


def standardised(error: float, sd_below: float, sd_above: float) -> float:
    """An error (model minus figure) in standard deviations of the side it falls on."""
    return error / (sd_above if error > 0 else sd_below)


def bad(path: str, table: str, key: str, value: Any, allowed: str) -> InputError:
    """The error for one bad key of one table."""
    return InputError(f"{path}: [{table}] {key} = {value!r}: {allowed}")


def number(path: str, name: str, key: str, value: Any) -> float:
    """A finite number."""
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise bad(path, name, key, value, "must be a finite number")
    return float(value)


def text(path: str, name: str, key: str, value: Any) -> str:
    """A non-empty text, stripped."""
    if not isinstance(value, str) or not value.strip():
        raise bad(path, name, key, value, "must be a non-empty text")
    return value.strip()


def sds(path: str, name: str, figure: float, value: Any, share: bool = True) -> tuple[float, float]:
    """An ``uncertainty`` table as standard deviations below and above the figure.

    ``{kind = "sd", value = s}`` is ``s`` on both sides. ``{kind = "interval", low = a, high = b}`` is a 95%
    interval, which need not be centred on the figure: a figure biased in a known direction is widened on the
    side its bias allows, and each side is read as its own standard deviation. ``share`` limits a value to 0-1.
    """
    where = "uncertainty"
    if not isinstance(value, dict):
        raise bad(path, name, where, value, 'must be a table, e.g. {kind = "sd", value = 0.05, why = "..."}')
    kind = value.get("kind")
    if kind not in UNCERTAINTY_KINDS:
        raise bad(path, name, f"{where}.kind", kind, f"must be one of {', '.join(UNCERTAINTY_KINDS)}")
    text(path, name, f"{where}.why", value.get("why"))
    keys = ("kind", "why", "value") if kind == "sd" else ("kind", "why", "low", "high")
    extra = sorted(set(value) - set(keys))
    if extra:
        raise bad(path, name, f"{where}.{extra[0]}", value[extra[0]], f"unknown key; allowed: {', '.join(keys)}")
    if kind == "sd":
        sd = number(path, name, f"{where}.value", value.get("value"))
        if not 0 < sd <= (1 if share else math.inf):
            allowed = "a standard deviation of a share must be above 0 and at most 1" if share else "must be above 0"
            raise bad(path, name, f"{where}.value", sd, allowed)
        return sd, sd
    low = number(path, name, f"{where}.low", value.get("low"))
    high = number(path, name, f"{where}.high", value.get("high"))
    if not (0 <= low < figure < high <= 1 if share else low < figure < high):
        within = "0 <= low < figure ({}) < high <= 1" if share else "low < figure ({}) < high"
        raise bad(path, name, where, f"{low}-{high}", "a 95% interval must satisfy " + within.format(figure))
    return (figure - low) / INTERVAL_Z, (high - figure) / INTERVAL_Z
