"""Cost of a national run as the number of services grows (it should grow about linearly).

Times a 25-year run of the UK population (``uk_services``, 2004-2028) scaled
to 50, 100, 200 and 400 services (each nation's count scaled in proportion),
and, in the same process, the reference: the same services run as
independent single journeys with the same seeds and no national layer. Prints
seconds, seconds per service, cost relative to the smallest population per
service (1.0 = linear), and the ratio to the independent journeys. That ratio
is the national layer's own work (links, arrivals, policy; about 5% of a run
in a profile) plus the extra activity it causes: without it, services with
nobody stay dormant and cost little to step. The last column is the
process's peak resident memory so far (sizes run smallest first, so it is
the peak of the largest population yet). Machines here are noisy: read
the ratios, not the seconds.

Usage: ``python benchmarks/bench_nation.py [--sizes 50 100 200 400] [--years 25] [--repeat 1]``.
"""

from __future__ import annotations

import argparse
import resource
import time
from dataclasses import replace

import numpy as np

from journeysim.library import load_scenario
from journeysim.model.model import JourneyModel
from journeysim.nation.model import NationModel
from journeysim.scenario import Scenario


def scaled(base: Scenario, services: int) -> Scenario:
    """The population with its nations' service counts scaled to about ``services`` in all."""
    pop = base.population
    factor = services / pop.services
    nations = []
    for n in pop.nations:
        count = max(1, round(n.services * factor))
        nations.append(replace(n, services=count, regions=min(n.regions, count)))
    diff = services - sum(n.services for n in nations)
    nations[0] = replace(nations[0], services=nations[0].services + diff)  # England takes the rounding
    return replace(base, population=replace(pop, nations=tuple(nations)))


def time_nation(scenario: Scenario, seed: int) -> tuple[float, NationModel]:
    """Seconds to build and run the population, and the finished model."""
    t = time.perf_counter()
    model = NationModel(scenario, seed)
    model.run()
    return time.perf_counter() - t, model


def time_independent(model: NationModel, seed: int) -> float:
    """Seconds to run the same services as independent single journeys (same scenarios and seeds)."""
    seeds = np.random.SeedSequence(seed).spawn(2)[1].spawn(len(model.sites))
    t = time.perf_counter()
    for site, s in zip(model.sites, seeds, strict=True):
        JourneyModel(site.scenario, s).run()
    return time.perf_counter() - t


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--sizes", type=int, nargs="+", default=[50, 100, 200, 400])
    p.add_argument("--years", type=int, default=25)
    p.add_argument("--repeat", type=int, default=1, help="runs per size (the fastest is kept)")
    args = p.parse_args()
    base = load_scenario("uk_services", sets={"years": args.years})
    rows = []
    for size in sorted(args.sizes):
        scenario = scaled(base, size)
        best, best_ref = float("inf"), float("inf")
        for r in range(args.repeat):
            seconds, model = time_nation(scenario, seed=r)
            best = min(best, seconds)
            best_ref = min(best_ref, time_independent(model, seed=r))
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # MiB (Linux reports KiB)
        rows.append((len(model.services), best, best_ref, peak))
    n0, t0, _, _ = rows[0]
    print(f"National run, {args.years} years ({base.parameters['start_year']}-), best of {args.repeat}:")
    header = f"{'services':>9} {'seconds':>9} {'ms/service':>11} {'per-service cost vs ' + str(n0):>26}"
    print(header + f" {'vs independent journeys':>25} {'peak RSS MiB':>13}")
    for n, t, ref, peak in rows:
        line = f"{n:>9} {t:>9.2f} {1000 * t / n:>11.1f} {(t / n) / (t0 / n0):>26.2f} {t / ref:>25.2f}"
        print(line + f" {peak:>13.0f}")
    ns, ts = np.array([r[0] for r in rows], float), np.array([r[1] for r in rows])
    if len(rows) > 1:
        slope = np.polyfit(np.log(ns), np.log(ts), 1)[0]
        print(f"cost grows as services^{slope:.2f} (1.00 = linear)")


if __name__ == "__main__":
    main()
