"""How long ``journeysim advise`` takes at its default settings, against one comparison of two strategies.

The issue asks for advice within a minute on a 2-core machine. This prints the wall and CPU seconds of
``journeysim.advise(SERVICE)`` (defaults: 100 worlds, every strategy and pair, the shipped posterior, one
process) and, measured in the same process just before, a ``compare`` of the service against one strategy
over the same 100 worlds: the ratio says how many comparisons' worth of work the advice is, whatever the
machine's speed or load.

Usage: ``python benchmarks/bench_advise.py [--service trainer_demo]``.
"""

from __future__ import annotations

import argparse
import time

import journeysim


def timed(call) -> tuple[float, float]:
    """Wall and CPU seconds of ``call()``."""
    wall, cpu = time.perf_counter(), time.process_time()
    call()
    return time.perf_counter() - wall, time.process_time() - cpu


def main() -> None:
    """Time a reference comparison, then the advice."""
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--service", default="trainer_demo")
    args = p.parse_args()
    ref = timed(lambda: journeysim.compare([args.service, f"{args.service}+succession_planning"], replications=100,
                                           workers=1, posterior="default"))  # fmt: skip
    advice = timed(lambda: journeysim.advise(args.service, workers=1))
    print(f"reference: compare of 2 options x 100 worlds: {ref[0]:.1f} s wall, {ref[1]:.1f} s CPU")
    print(f"advise {args.service} (defaults): {advice[0]:.1f} s wall, {advice[1]:.1f} s CPU")
    print(f"ratio: {advice[0] / ref[0]:.1f}x the reference (wall), {advice[1] / ref[1]:.1f}x (CPU)")


if __name__ == "__main__":
    main()
