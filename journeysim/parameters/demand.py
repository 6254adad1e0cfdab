"""Declarations for demand (filled in by the mechanism that reads them)."""

from __future__ import annotations

from journeysim.parameters.spec import A, Parameter  # noqa: F401

# fmt: off
DECLARATIONS: list[Parameter] = [
]
# fmt: on
