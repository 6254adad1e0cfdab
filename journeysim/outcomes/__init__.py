"""Declared outcomes and the number formatters: the vocabulary of everything a run reports.

* :mod:`~journeysim.outcomes.declared` - one :class:`OutcomeSpec` per outcome and table column.
* :mod:`~journeysim.outcomes.formats` - percent, count, money, decimals, signed differences, intervals.

Layering: below the model and everything that prints; imports only the shared vocabulary.
"""

from journeysim.outcomes.declared import (
    DERIVED,
    EVENT_COLUMNS,
    OUTCOMES,
    SCOPES,
    OutcomeSpec,
    dtype_of,
    label,
    scope,
    spec,
    with_derived,
)

__all__ = [
    "DERIVED",
    "EVENT_COLUMNS",
    "OUTCOMES",
    "SCOPES",
    "OutcomeSpec",
    "dtype_of",
    "label",
    "scope",
    "spec",
    "with_derived",
]
