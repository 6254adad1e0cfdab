"""Checks of values read from an experiment file: a failure names the file, the key, the value, what is allowed."""

from __future__ import annotations

from typing import Any

from journeysim.batch.errors import BatchInputError
from journeysim.scenario import _suggest, shown

MAX_WHOLE = 2**63 - 1
"""Largest whole number an experiment file may give (seeds are stored as 64-bit integers)."""


def fail(source: str, key: str, value: Any, problem: str) -> BatchInputError:
    """``SOURCE: KEY = VALUE PROBLEM`` as a :class:`BatchInputError` (the value cut and escaped)."""
    return BatchInputError(f"{source}: {key} = {shown(value)} {problem}")


def whole(source: str, key: str, value: Any, minimum: int, maximum: int = MAX_WHOLE) -> int:
    """``value`` if it is a whole number from ``minimum`` to ``maximum``."""
    if isinstance(value, bool) or not isinstance(value, int) or not minimum <= value <= maximum:
        raise fail(source, key, value, f"must be a whole number from {minimum:,} to {maximum:,}")
    return value


def boolean(source: str, key: str, value: Any) -> bool:
    """``value`` if it is true or false."""
    if not isinstance(value, bool):
        raise fail(source, key, value, "must be true or false")
    return value


def table(source: str, key: str, value: Any) -> dict[str, Any]:
    """``value`` if it is a table."""
    if not isinstance(value, dict):
        raise fail(source, key, value, "must be a table")
    return value


def check_keys(source: str, where: str, table: dict[str, Any], allowed: tuple[str, ...]) -> None:
    """Refuse any key of ``table`` not in ``allowed`` (suggesting the nearest)."""
    for key in table:
        if key not in allowed:
            name = f"{where}.{key}" if where else key
            raise fail(
                source,
                name,
                table[key],
                "is not allowed here." + _suggest(key, allowed) + " Allowed: " + ", ".join(allowed),
            )
