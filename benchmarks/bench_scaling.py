"""Speedup of a comparison with 2 local worker processes over 1 (the same runs, the same numbers).

Times ``replicate`` of the fragility comparison serially (``--workers 1``:
in this process) and on a local process pool, in this one process run, and
checks that both give identical rows. Reported with the pool's start-up
(part of what a user waits for) and without it (the steady state that
matters for long sweeps).

Usage: ``python benchmarks/bench_scaling.py [--replications 300] [--workers 2]``.
On a bigger machine: ``--replications 1000 --workers 8``.
"""

from __future__ import annotations

import argparse
import time

import pandas as pd

from journeysim.batch import replicate
from journeysim.batch.executors import make_executor
from journeysim.library import load_scenario

SCENARIOS = ("lone_champion+champion_leaves_year5", "lone_champion_succession+champion_leaves_year5")


def warm_up() -> int:
    return 0


def timed(scenarios, replications: int, workers: int) -> tuple[pd.DataFrame, float, float]:
    """Rows, seconds including the pool's start-up, seconds once the workers are up."""
    t = time.perf_counter()
    with make_executor(workers=workers) as executor:
        executor.submit(warm_up).result()
        t_up = time.perf_counter()
        runs = replicate(scenarios, replications, executor=executor)
        t_end = time.perf_counter()
    return runs, t_end - t, t_end - t_up


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--replications", type=int, default=300)
    p.add_argument("--workers", type=int, default=2)
    args = p.parse_args()
    scenarios = [load_scenario(s) for s in SCENARIOS]
    serial, t1, s1 = timed(scenarios, args.replications, 1)
    pooled, tk, sk = timed(scenarios, args.replications, args.workers)
    pd.testing.assert_frame_equal(serial, pooled)
    n = len(serial)
    print(f"1 worker:  {n} runs in {t1:.1f} s = {n / t1:.1f} runs/s")
    print(
        f"{args.workers} workers: {n} runs in {tk:.1f} s = {n / tk:.1f} runs/s, of which {tk - sk:.1f} s starting "
        "the pool (identical rows)"
    )
    print(
        f"speedup with {args.workers} workers over 1: x{t1 / tk:.2f} including pool start-up, "
        f"x{s1 / sk:.2f} once the workers are up"
    )


if __name__ == "__main__":
    main()
