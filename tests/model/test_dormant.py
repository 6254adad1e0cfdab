"""A dormant service's months are cheap through the mechanisms' own early returns, which change nothing.

Each shortcut (an early return when a mechanism has nothing to act on) is checked against the
same function with the shortcut taken out: national runs must agree in every record, event,
service state and random stream, the shortcut must be taken in many service-months, and it
must save work (fewer Python calls).
"""

from __future__ import annotations

import ast
import inspect
import sys
import textwrap
from collections.abc import Callable

import numpy as np
import pytest

from journeysim.library import load_scenario
from journeysim.model import assessment, champions, delivery, funding
from journeysim.model.draws import Draws
from journeysim.model.mechanisms import STEPS
from journeysim.nation.model import NationModel

# The mechanisms' functions that return early when they have nothing to act on.
SHORTCUTS = (
    champions.implementers_work,
    delivery.deliver_courses,
    funding.spend_money,
    assessment.conditions_pivot,
)


def without_shortcut(step: Callable, taken: list[int]) -> Callable:
    """``step`` with its first top-level early return replaced by a note in ``taken``: the full path always runs."""
    tree = ast.parse(textwrap.dedent(inspect.getsource(step)))
    fn = tree.body[0]
    at = next(i for i, s in enumerate(fn.body) if isinstance(s, ast.If) and isinstance(s.body[-1], ast.Return))
    fn.body[at].body = ast.parse("_taken.append(0)").body
    namespace = {**sys.modules[step.__module__].__dict__, "_taken": taken}
    exec(compile(ast.fix_missing_locations(tree), inspect.getfile(step), "exec"), namespace)
    return namespace[step.__name__]


def run_nation(seed: int, years: int) -> NationModel:
    model = NationModel(load_scenario("uk_services", sets={"years": years}), seed)
    model.run()
    return model


def full_steps(monkeypatch, taken: dict[str, list[int]]) -> None:
    """Make every month run each shortcut's mechanism in full (noting in ``taken`` when it would have returned)."""
    replaced = {}
    for step in SHORTCUTS:
        taken[step.__name__] = []
        replaced[step] = without_shortcut(step, taken[step.__name__])
        monkeypatch.setattr(sys.modules[step.__module__], step.__name__, replaced[step])
    monkeypatch.setattr("journeysim.model.model.STEPS", tuple(replaced.get(s, s) for s in STEPS))


def test_skipping_draws_what_drawing_one_by_one_would() -> None:
    a, b = Draws(np.random.default_rng(5)), Draws(np.random.default_rng(5))
    for n in (3, 0, 300, 1, 255, 2):
        a.skip(n)
        for _ in range(n):
            b.uniform()
        assert a.uniform() == b.uniform()


def test_every_shortcut_has_an_early_return() -> None:
    for step in SHORTCUTS:
        assert without_shortcut(step, []).__code__.co_code != step.__code__.co_code


@pytest.mark.parametrize("seed", [1, 2, 3, 4])
def test_the_shortcuts_change_nothing_in_a_national_run(monkeypatch, seed: int) -> None:
    short = run_nation(seed, 12)
    taken: dict[str, list[int]] = {}
    full_steps(monkeypatch, taken)
    full = run_nation(seed, 12)
    months = sum(len(s.rows) for s in full.services)
    for name, hits in taken.items():
        assert len(hits) > months // 4, name  # the shortcut applies in many service-months
    for a, b in zip(short.services, full.services, strict=True):
        assert a.rows == b.rows
        assert a.log.events == b.log.events
        assert a.service == b.service
        assert [(i.energy, i.skill) for i in a.roster] == [(i.energy, i.skill) for i in b.roster]
        assert {k: (d._i, d._buffer[-1:]) for k, d in a.draws.items()} == {
            k: (d._i, d._buffer[-1:]) for k, d in b.draws.items()
        }


def calls_in_a_run(seed: int, years: int) -> int:
    """Python function calls made while a national run steps (its set-up excluded)."""
    model = NationModel(load_scenario("uk_services", sets={"years": years}), seed)
    count = [0]

    def profile(frame, event, arg) -> None:
        if event == "call":
            count[0] += 1

    sys.setprofile(profile)
    try:
        model.run()
    finally:
        sys.setprofile(None)
    return count[0]


def test_the_shortcuts_save_work(monkeypatch) -> None:
    short = calls_in_a_run(1, 10)
    full_steps(monkeypatch, {})
    full = calls_in_a_run(1, 10)
    assert short < full * 0.95  # at least 5% fewer calls with the shortcuts
