"""A dormant month's fast path: the same state, draws, records and events as the full month."""

from __future__ import annotations

import numpy as np

from journeysim.library import load_scenario
from journeysim.model import dormant
from journeysim.model.draws import Draws
from journeysim.model.mechanisms import STEPS
from journeysim.model.model import JourneyModel
from journeysim.nation.model import NationModel


def run_nation(years: int, seed: int) -> NationModel:
    model = NationModel(load_scenario("uk_services", sets={"years": years}), seed)
    model.run()
    return model


def test_skipping_draws_what_drawing_one_by_one_would() -> None:
    a, b = Draws(np.random.default_rng(5)), Draws(np.random.default_rng(5))
    for n in (3, 0, 300, 1, 255, 2):
        a.skip(n)
        for _ in range(n):
            b.uniform()
        assert a.uniform() == b.uniform()


def test_the_fast_path_was_written_for_the_months_steps_as_they_are() -> None:
    steps = tuple(f"{step.__module__.rsplit('.', 1)[-1]}.{step.__name__}" for step in STEPS)
    assert steps == dormant.WRITTEN_FOR, "a step changed: make dormant_month do what it does in a dormant month"


def test_a_service_with_a_champion_is_not_dormant(build) -> None:
    assert not dormant.dormant(build("lone_champion"))


def test_a_national_run_is_identical_with_the_fast_path_on_or_off(monkeypatch) -> None:
    woken, fast_months = [], []
    real = dormant.dormant_month

    def counted(model, month):
        fast_months.append(month.m)
        real(model, month)

    def wake(model, month):
        woken.append(month.m)

    monkeypatch.setattr("journeysim.model.model.dormant_month", counted)
    monkeypatch.setattr(dormant, "REST_OF_MONTH", (wake, *dormant.REST_OF_MONTH))
    fast = run_nation(12, 3)
    monkeypatch.setattr(JourneyModel, "skip_dormant", False)
    full = run_nation(12, 3)
    months = sum(len(s.rows) for s in fast.services)
    assert len(fast_months) > months // 4  # the fast path was taken for many service-months
    assert woken  # and handed some months back to the full mechanisms when a decision woke the service
    for a, b in zip(fast.services, full.services, strict=True):
        assert a.rows == b.rows
        assert a.log.events == b.log.events
        assert a.service == b.service
        assert {k: (d._i, d._buffer[-1:]) for k, d in a.draws.items()} == {
            k: (d._i, d._buffer[-1:]) for k, d in b.draws.items()
        }
