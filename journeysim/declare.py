"""The declaration types: a model parameter, and a mechanism with what it reads, owns and records.

Each monthly mechanism (``journeysim/model/<mechanism>.py``) declares, near its
top, the parameters it reads and a :class:`Mechanism` naming the service state
it owns and the monthly record columns it writes. Declarations that belong to no
monthly mechanism (the service's description, starting stages, populations,
national history and policy) live in :mod:`journeysim.parameters`, whose
registry gathers both.
"""

from __future__ import annotations

from dataclasses import dataclass

from journeysim.values import ValueSpec

A = "assumption"
POPULATION_GROUPS = ("population", "national policy", "outcomes")


@dataclass(frozen=True)
class Parameter(ValueSpec):
    """One declared model parameter (a :class:`~journeysim.values.ValueSpec` with a group).

    Positional order: name, default, unit, low, high, source, description, group,
    then ``choices`` and ``uncertain`` (true unless said otherwise: uncertainty and
    sensitivity analyses draw it from its range).
    """

    uncertain: bool = True

    @property
    def population_only(self) -> bool:
        """Whether only a population of services uses it (links, national policy, what courses achieve)."""
        return self.group in POPULATION_GROUPS


@dataclass(frozen=True, slots=True)
class Mechanism:
    """What one monthly mechanism declares next to its code.

    Attributes:
        name: The mechanism's name (its module's name).
        does: One line on what it does each month.
        parameters: The parameters it reads (its own declarations).
        state: The :class:`~journeysim.model.service.Service` fields it owns (writes).
        columns: The monthly record columns it writes.
        modules: Other model modules whose code belongs to it (the agents it drives),
            which read some of its parameters.

    """

    name: str
    does: str
    parameters: tuple[Parameter, ...] = ()
    state: tuple[str, ...] = ()
    columns: tuple[str, ...] = ()
    modules: tuple[str, ...] = ()
