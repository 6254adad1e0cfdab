"""The public Python API: run, compare and sweep scenarios, run a nation, load and list scenarios.

Every function here is also available at the top of the package
(``journeysim.run`` is ``journeysim.api.run``) and returns results with tidy
pandas frames. Arguments are checked the Python way: a bad one raises
:class:`~journeysim.errors.InputError` naming the argument.

Examples:
    >>> import journeysim
    >>> journey = journeysim.run("lone_champion", seed=3)
    >>> comparison = journeysim.compare(["lone_champion", "lone_champion_succession"], replications=5, bootstrap=200)
    >>> comparison.differences.columns[0]
    'metric'

"""

from __future__ import annotations

import importlib
from typing import Any

from journeysim import API

# Served lazily (PEP 562): the command line imports journeysim.api.inputs to build and check its
# options, which must not pull in pandas or the model. The names are the package's own lazy list.
__all__ = [name for name in API if name != "InputError"]
# Names served from their own module rather than results or functions.
MODULES = {"discover": "discovery", "advise": "advice", "Advice": "advice"}


def __getattr__(name: str) -> Any:
    """Import an API name on first use: result classes from ``results``, functions from ``functions``."""
    if name in __all__:
        module = MODULES.get(name, "results" if name[0].isupper() else "functions")
        return getattr(importlib.import_module(f"journeysim.api.{module}"), name)
    raise AttributeError(f"module 'journeysim.api' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted([*globals(), *__all__])
