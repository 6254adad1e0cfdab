"""journeysim: an agent-based model of how MBCT is implemented, embedded or lost in health services.

The public Python API (:mod:`journeysim.api`), importable from here::

    import journeysim

    journeysim.scenarios()                                   # shipped scenario names
    journey = journeysim.run("lone_champion", seed=3)        # one service: outcomes, series, events
    comparison = journeysim.compare(["lone_champion", "lone_champion_succession"], replications=50)
    comparison.differences                                   # paired differences with intervals
    uk = journeysim.run_nation("uk_services", years=10)      # a population of services

``import journeysim`` stays fast: the API (and pandas, Mesa...) is imported on
first use of one of these names.
"""

from __future__ import annotations

import importlib
from typing import Any

__version__ = "0.1.0"

# Names served lazily from journeysim.api (PEP 562), so that importing the package stays cheap and the
# lower layers, which read __version__ from here, never import the API.
API = (
    "Advice",
    "Comparison",
    "InputError",
    "Journey",
    "Nation",
    "Sweep",
    "advise",
    "compare",
    "discover",
    "load_scenario",
    "run",
    "run_nation",
    "scenarios",
    "strategies",
    "sweep",
)

__all__ = ["__version__", *API]


def __getattr__(name: str) -> Any:
    """Import an API name on first use."""
    if name == "InputError":
        return importlib.import_module("journeysim.errors").InputError
    if name in API:
        return getattr(importlib.import_module("journeysim.api"), name)
    raise AttributeError(f"module 'journeysim' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted([*globals(), *API])
