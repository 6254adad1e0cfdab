"""Randomness and timing: named random streams, rates per month, scheduled callbacks.

Separate streams mean that a strategy which changes one process (say, training)
does not shift the random numbers of another (say, shocks), so two worlds that
differ only in strategy share their luck (common random numbers).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import mesa
    import numpy as np

# New streams go at the end: SeedSequence children are numbered, so the others keep their seeds.
STREAMS = (
    "mesa",
    "shocks",
    "people",
    "managers",
    "teachers",
    "courses",
    "decisions",
    "emergence",
    "referrals",
    "views",
    "appointments",
    "reorganisation",
    "cover",
    "network",
)
MONTHS_PER_YEAR = 12
# A monthly rate from an annual probability of exactly 1 would be 1 (certain every month);
# the annual probability is capped just below 1 so the conversion stays finite.
MAX_ANNUAL_PROBABILITY = 0.999999


def make_streams(seed: int | np.random.SeedSequence) -> dict[str, np.random.Generator]:
    """One generator per purpose in :data:`STREAMS`, spawned from one ``SeedSequence``."""
    import numpy as np  # here, so the mechanisms' declarations load without NumPy

    root = seed if isinstance(seed, np.random.SeedSequence) else np.random.SeedSequence(seed)
    children = root.spawn(len(STREAMS))
    return {name: np.random.default_rng(child) for name, child in zip(STREAMS, children, strict=True)}


def monthly(annual_probability: float) -> float:
    """Monthly probability equivalent to an annual probability."""
    return 1.0 - (1.0 - min(annual_probability, MAX_ANNUAL_PROBABILITY)) ** (1.0 / MONTHS_PER_YEAR)


def draw_view(rng: np.random.Generator, mean: float, concentration: float) -> float:
    """A person's own view of MBCT: Beta-distributed around their tier's mean."""
    return float(rng.beta(concentration * mean, concentration * (1.0 - mean)))


def exponential_months(rng: np.random.Generator, mean_years: float) -> int:
    """A duration in whole months (at least one) drawn from an exponential with the given mean."""
    return max(1, math.ceil(rng.exponential(mean_years * float(MONTHS_PER_YEAR))))


class Scheduled:
    """A callback held by a model for Mesa's weakly-referencing event list.

    Mesa's scheduler keeps only weak references to callbacks, so the model
    holds these objects. ``method`` is the name of a method of ``target``, or a
    mechanism function called as ``method(target, *args)``.
    """

    def __init__(self, target: mesa.Model, method: str | Callable[..., Any], *args: Any) -> None:
        self.model = target
        self.method = method
        self.args = args

    def fire(self) -> None:
        """Call the method now."""
        if callable(self.method):
            self.method(self.model, *self.args)
        else:
            getattr(self.model, self.method)(*self.args)

    __call__ = fire
