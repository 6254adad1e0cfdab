"""One value specification behind every declared input.

Parameters, implementer fields, intervention details, sweep factors and
population settings are all :class:`ValueSpec` objects: a name, a default, a
kind (``float``, ``int``, ``bool`` or ``choice``), an allowed range or set of
choices, a unit, a source and a description. :meth:`ValueSpec.check` is the
single validation rule, and :meth:`ValueSpec.allowed` says in words what it
accepts, so every error message reads the same way.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

KINDS = ("float", "int", "bool", "choice")


def describe_allowed(kind: str, low: float | None, high: float | None, choices: tuple = ()) -> str:
    """Human description of the values a declared ``kind`` allows."""
    if kind == "choice":
        return "one of " + ", ".join(repr(c) for c in choices)
    if kind == "bool":
        return "true or false"
    return f"a {'whole number' if kind == 'int' else 'number'} from {low:g} to {high:g}"


def check_value(value: Any, kind: str, low: float | None, high: float | None, choices: tuple = ()) -> Any:
    """Return ``value`` coerced to a declared ``kind`` (choice, bool, int or float within low..high).

    Raises:
        ValueError: with a message saying what is allowed.

    """
    allowed = describe_allowed(kind, low, high, choices)
    if kind == "choice":
        if value not in choices:
            raise ValueError(f"must be {allowed}")
        return value
    if kind == "bool":
        if not isinstance(value, bool):
            raise ValueError("must be true or false")
        return value
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError(f"must be {allowed}")
    if isinstance(value, float) and not math.isfinite(value):
        raise ValueError(f"is not a finite number: must be {allowed}")
    if not (low <= value <= high):  # before any conversion: a huge integer never reaches float()
        raise ValueError(f"is outside the declared range: must be {allowed}")
    if kind == "int":
        if isinstance(value, float) and not value.is_integer():
            raise ValueError(f"must be {allowed}")
        value = int(value)
    else:
        value = float(value)
    return value


def kind_of(default: Any, choices: tuple = ()) -> str:
    """The kind implied by a default value (and choices, if any)."""
    if choices:
        return "choice"
    if isinstance(default, bool):
        return "bool"
    if isinstance(default, int):
        return "int"
    return "float"


@dataclass(frozen=True)
class ValueSpec:
    """A declared value: default, kind, allowed range or choices, unit and evidence.

    Attributes:
        name: The key used in files, ``--set``, sweeps and the Python API.
        default: Value used when nothing is given (``None`` where a default is derived elsewhere).
        unit: Unit of measure, in words.
        low: Lowest allowed value, for numbers.
        high: Highest allowed value, for numbers.
        source: Evidence (seed section or paper) or ``"assumption"``.
        description: What the value means in the service.
        group: Section it belongs to (the parameter table's groups).
        choices: Allowed values of a choice.
        uncertain: Whether uncertainty and sensitivity analyses draw it from its range.
        declared_kind: The kind, when the default does not imply it (a ``None`` default).

    """

    name: str
    default: Any
    unit: str = ""
    low: float | None = None
    high: float | None = None
    source: str = ""
    description: str = ""
    group: str = ""
    choices: tuple[Any, ...] = ()
    uncertain: bool = False
    declared_kind: str = ""

    @property
    def kind(self) -> str:
        """``"choice"``, ``"bool"``, ``"int"`` or ``"float"``."""
        return self.declared_kind or kind_of(self.default, self.choices)

    @property
    def numeric(self) -> bool:
        """Whether the value is a number (and so has a range)."""
        return self.kind in ("int", "float")

    def allowed(self) -> str:
        """Human description of the allowed values."""
        return describe_allowed(self.kind, self.low, self.high, self.choices)

    def check(self, value: Any) -> Any:
        """Return ``value`` coerced to this spec's kind; raise ``ValueError`` saying what is allowed."""
        return check_value(value, self.kind, self.low, self.high, self.choices)

    def range_text(self) -> str:
        """The allowed values as a table cell: choices, true / false, or low – high."""
        if self.kind == "choice":
            return " / ".join(str(c) for c in self.choices)
        if self.kind == "bool":
            return "true / false"
        return f"{self.low:g} – {self.high:g}"
