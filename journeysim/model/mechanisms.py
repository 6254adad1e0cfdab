"""The monthly mechanisms in step order: their declarations, and the functions a month calls.

A month (:meth:`~journeysim.model.model.JourneyModel.step`) calls each function of
:data:`STEPS` in turn as ``step(model, month)`` with the month's
:class:`~journeysim.model.record.Month`, then records the month. Each mechanism's
module declares what it reads, owns and records (its ``DECLARED``); the parameter
registry (:mod:`journeysim.parameters`) gathers :data:`MECHANISMS`. Adding a
mechanism: its module, one line in each tuple below, and its tests
(``docs/architecture.md``).
"""

from __future__ import annotations

from journeysim.declare import Mechanism
from journeysim.model import arrangements, assessment, champions, context, delivery, funding, leadership, workforce

MECHANISMS: tuple[Mechanism, ...] = (
    delivery.DECLARED,
    champions.DECLARED,
    context.DECLARED,
    leadership.DECLARED,
    funding.DECLARED,
    arrangements.DECLARED,
    workforce.DECLARED,
    assessment.DECLARED,
)
