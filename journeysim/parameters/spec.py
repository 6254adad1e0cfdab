"""The parameter declaration type and the registry built from every declaration module."""

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
