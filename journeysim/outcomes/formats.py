"""One set of number formatters, below everything that prints.

Every table, report, dashboard card and terminal line formats a number with
these: a share in percent, a count, money, a rate, an index, a signed
difference and an interval. Each takes the text it shows for a missing value
(``None``, NaN, infinite, or not a number at all) so a caller keeps its own dash.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

MISSING = "—"


def finite(value: Any) -> float | None:
    """``value`` as a finite float, or ``None`` (missing, NaN, infinite or not a number)."""
    if value is None or isinstance(value, str):
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None


def percent(value: Any, digits: int = 1, missing: str = MISSING, suffix: str = "%") -> str:
    """A share as a percentage (``0.0204`` -> ``"2.0%"``; ``suffix=""`` for the number alone)."""
    v = finite(value)
    return missing if v is None else f"{100 * v:.{digits}f}{suffix}"


def count(value: Any, missing: str = MISSING) -> str:
    """A whole number with thousands separators (``1234.4`` -> ``"1,234"``)."""
    return decimal(value, 0, missing)


def decimal(value: Any, digits: int = 1, missing: str = MISSING) -> str:
    """A number with thousands separators and ``digits`` decimals (a rate per 100,000, an index)."""
    v = finite(value)
    return missing if v is None else f"{v:,.{digits}f}"


def money(value: Any, missing: str = MISSING) -> str:
    """Pounds, rounded (``4632700`` -> ``"£4,632,700"``)."""
    v = finite(value)
    return missing if v is None else f"£{v:,.0f}"


def signed(value: Any, digits: int = 1, scale: float = 1.0, missing: str = "-") -> str:
    """A difference with its sign (``+1.5``), scaled first (100 for a share in points)."""
    v = finite(value)
    return missing if v is None else f"{scale * v:+,.{digits}f}"


def interval(low: Any, high: Any, show: Callable[[Any], str], sep: str = "-") -> str:
    """``"[lo-hi]"`` with each end shown by ``show``; empty when either end is missing."""
    if finite(low) is None or finite(high) is None:
        return ""
    return f"[{show(low)}{sep}{show(high)}]"


def by_format(value: Any, fmt: str, missing: str = MISSING) -> str:
    """A value shown by its declared format (:attr:`journeysim.outcomes.OutcomeSpec.format`).

    ``percentN`` a share in percent with N decimals, ``decimalN`` a number with N decimals,
    ``count`` a whole number, ``money`` pounds; anything else (``text``, ``flag``) as given.
    """
    if fmt.startswith("percent"):
        return percent(value, int(fmt[-1]), missing)
    if fmt.startswith("decimal"):
        return decimal(value, int(fmt[-1]), missing)
    if fmt == "money":
        return money(value, missing)
    if fmt == "count":
        return count(value, missing)
    return missing if value is None else str(value)
