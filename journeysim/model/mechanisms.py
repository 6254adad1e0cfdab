"""The monthly mechanisms in step order: the functions a month calls, and what each mechanism declares.

A month (:meth:`~journeysim.model.model.JourneyModel.step`) makes a
:class:`~journeysim.model.record.Month`, calls each function of :data:`STEPS` in
turn as ``step(model, month)`` and records the month. Each function's module is a
mechanism that declares what it reads, owns and records (its ``DECLARED``);
:data:`MECHANISMS` lists them in the order they first act, and the parameter
registry (:mod:`journeysim.parameters`) gathers their parameters. Adding a
mechanism: its module, one line in :data:`STEPS`, and its tests
(``docs/architecture.md``). Everything imported here loads without Mesa or NumPy.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import TYPE_CHECKING

from journeysim.declare import Mechanism
from journeysim.model import arrangements, assessment, champions, context, delivery, funding, leadership, workforce

if TYPE_CHECKING:
    from journeysim.model.model import JourneyModel
    from journeysim.model.record import Month

STEPS: tuple[Callable[[JourneyModel, Month], None], ...] = (
    delivery.protect_time,  # teaching time protected this month (read by champions and delivery)
    champions.implementers_work,
    context.context_drifts,
    leadership.managers_respond,
    leadership.top_down_decisions,
    funding.commissioner_reviews,
    arrangements.bottom_up_arrangements,
    workforce.train_teachers,
    delivery.deliver_courses,
    funding.spend_money,
    workforce.people_come_and_go,
    assessment.assess,
)

MECHANISMS: tuple[Mechanism, ...] = tuple(
    sys.modules[module].DECLARED for module in dict.fromkeys(step.__module__ for step in STEPS)
)
