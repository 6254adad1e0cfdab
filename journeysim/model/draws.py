"""Random draws from one named stream, fetched from numpy in blocks.

A numpy call per draw costs far more than the draw itself, and the model
draws a handful of numbers a month from each stream. :class:`Draws` fetches
uniforms 256 at a time and hands them out one by one; the small discrete
draws the model needs (Poisson counts of trainees, binomial losses of
teachers, class sizes) are made from those uniforms by inversion. Each
stream's sequence depends only on its seed, so common random numbers hold.
"""

from __future__ import annotations

import math
from statistics import NormalDist

import numpy as np

BLOCK = 256  # uniforms fetched from numpy at a time
MAX_POISSON = 1000  # cap on the inversion loop; the model's means are a few a month at most
NORMAL_FROM = 30  # expected count above which Poisson and binomial counts are drawn from the normal approximation
TAIL = 1e-12  # uniforms are kept this far from 0 and 1 before inverting the normal
STANDARD_NORMAL = NormalDist()


class Draws:
    """Uniform and small discrete draws from one ``numpy.random.Generator``."""

    __slots__ = ("_buffer", "_i", "rng")

    def __init__(self, rng: np.random.Generator) -> None:
        self.rng = rng
        self._buffer: list[float] = []
        self._i = 0

    def uniform(self) -> float:
        """One draw from U[0, 1)."""
        if self._i >= len(self._buffer):
            self._buffer = self.rng.random(BLOCK).tolist()
            self._i = 0
        x = self._buffer[self._i]
        self._i += 1
        return x

    def skip(self, n: int) -> None:
        """Advance the stream by ``n`` uniforms, as ``n`` calls of :meth:`uniform` would."""
        i = self._i + n
        if i <= len(self._buffer):
            self._i = i
            return
        for _ in range(n):
            self.uniform()

    def integer(self, low: int, high: int) -> int:
        """A whole number from ``low`` to ``high`` inclusive, all equally likely."""
        return low + min(high - low, int(self.uniform() * (high - low + 1)))

    def poisson(self, mean: float) -> int:
        """A Poisson count by inversion (no uniform is used for a mean of zero)."""
        if mean <= 0.0:
            return 0
        return poisson_at(self.uniform(), mean)

    def poisson_aligned(self, mean: float) -> int:
        """A Poisson count that always uses exactly one uniform, even for a mean of zero (streams stay aligned)."""
        u = self.uniform()
        return poisson_at(u, mean) if mean > 0.0 else 0

    def binomial_aligned(self, n: int, p: float) -> int:
        """A binomial count from exactly one uniform, so the stream stays aligned whatever ``n`` is.

        Exact inversion for small expected counts; the normal approximation
        (inverted at the same uniform) once ``n * p`` exceeds :data:`NORMAL_FROM`.
        """
        u = self.uniform()
        if n <= 0 or p <= 0.0:
            return 0
        if p >= 1.0:
            return n
        if n * p > NORMAL_FROM:
            sd = math.sqrt(n * p * (1.0 - p))
            return min(n, max(0, round(n * p + sd * STANDARD_NORMAL.inv_cdf(min(max(u, TAIL), 1.0 - TAIL)))))
        q, k = (1.0 - p) ** n, 0
        cdf = q
        while u > cdf and k < n:
            k += 1
            q *= (n - k + 1) / k * p / (1.0 - p)
            cdf += q
        return k

    def binomial(self, n: int, p: float) -> int:
        """How many of ``n`` independent trials with probability ``p`` succeed."""
        if n <= 0 or p <= 0.0:
            return 0
        i = self._i
        if i + n <= len(self._buffer):  # all n in the block already fetched: count them there
            self._i = i + n
            return len([x for x in self._buffer[i : i + n] if x < p])  # a list counts faster than a generator sums
        return sum(1 for _ in range(n) if self.uniform() < p)


def poisson_at(u: float, mean: float) -> int:
    """The Poisson count at cumulative probability ``u``.

    Exact inversion for small means; the normal approximation (inverted at the
    same ``u``) once the mean exceeds :data:`NORMAL_FROM`, where the exact sum
    would be slow and, for very large means, underflow.
    """
    if mean > NORMAL_FROM:
        z = STANDARD_NORMAL.inv_cdf(min(max(u, TAIL), 1.0 - TAIL))
        return max(0, round(mean + math.sqrt(mean) * z))
    k, p = 0, math.exp(-mean)
    cdf = p
    while u > cdf and k < MAX_POISSON:
        k += 1
        p *= mean / k
        cdf += p
    return k
