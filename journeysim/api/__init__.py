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

from journeysim.api.functions import compare, load_scenario, run, run_nation, scenarios, strategies, sweep
from journeysim.api.results import Comparison, Journey, Nation, Sweep

__all__ = [
    "Comparison",
    "Journey",
    "Nation",
    "Sweep",
    "compare",
    "load_scenario",
    "run",
    "run_nation",
    "scenarios",
    "strategies",
    "sweep",
]
