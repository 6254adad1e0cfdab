"""The journey model: agents, service, events and embeddedness. No I/O here.

:class:`JourneyModel` is imported on first use, so the mechanisms' declarations
(which the parameter registry reads) load without Mesa or NumPy.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from journeysim.model.model import JourneyModel

__all__ = ["JourneyModel"]


def __getattr__(name: str) -> Any:
    if name == "JourneyModel":
        from journeysim.model.model import JourneyModel

        return JourneyModel
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
