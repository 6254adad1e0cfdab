"""Throughput and peak memory of journeysim's runner against ``mesa.batch_run``, same model, same replications.

Both run the same JourneyModel (the ``lone_champion`` scenario, 20 years) for
the same number of replications on the same number of processes, each in a
fresh child process whose memory (PSS of the process and its workers) is
sampled every 50 ms. ``mesa.batch_run`` needs a DataCollector on the model,
so its model class adds one that records the same outcomes once, at the end.

Usage: ``python benchmarks/bench_runner.py [--replications 400] [--processes 2]``.
Bigger settings for a quieter machine: ``--replications 4000 --processes 8``.
"""

from __future__ import annotations

import argparse
import json
import time
import warnings

import mesa

from journeysim.model.model import JourneyModel
from journeysim.runs import outcomes_of

SCENARIO = "lone_champion"
_CACHE: dict = {}


def _scenario():
    from journeysim.library import load_scenario

    if SCENARIO not in _CACHE:
        _CACHE[SCENARIO] = load_scenario(SCENARIO)
    return _CACHE[SCENARIO]


class BatchJourney(JourneyModel):
    """JourneyModel as ``mesa.batch_run`` wants it: keyword parameters, ``rng``, a DataCollector."""

    def __init__(self, scenario: str = SCENARIO, rng=None) -> None:
        super().__init__(_scenario(), 0 if rng is None else rng)
        self.datacollector = mesa.DataCollector(
            model_reporters={"participants_total": participants, "final_level": final_level}
        )

    def step(self) -> None:
        super().step()
        if self.steps >= self.horizon:
            self.running = False
            self.datacollector.collect(self)


def participants(model: JourneyModel) -> int:
    return outcomes_of(model)["participants_total"]


def final_level(model: JourneyModel) -> str:
    return outcomes_of(model)["final_level"]


def child_mesa(replications: int, processes: int) -> dict:
    _scenario()
    t = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # batch_run is deprecated in Mesa 3.5
        rows = mesa.batch_run(
            BatchJourney,
            parameters={"scenario": SCENARIO},
            number_processes=processes,
            rng=list(range(replications)),
            max_steps=10_000,
            display_progress=False,
        )
    seconds = time.perf_counter() - t
    return {"runs": len(rows), "seconds": seconds, "participants": sum(r["participants_total"] for r in rows)}


def child_journeysim(replications: int, processes: int) -> dict:
    from journeysim.batch import replicate
    from journeysim.batch.executors import make_executor

    scenario = _scenario()
    t = time.perf_counter()
    with make_executor(workers=processes) as executor:
        runs = replicate([scenario], replications, executor=executor)
    seconds = time.perf_counter() - t
    return {"runs": len(runs), "seconds": seconds, "participants": int(runs["participants_total"].sum())}


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--replications", type=int, default=400)
    p.add_argument("--processes", type=int, default=2)
    p.add_argument("--child", choices=("mesa", "journeysim"), help=argparse.SUPPRESS)
    args = p.parse_args()
    if args.child:
        fn = child_mesa if args.child == "mesa" else child_journeysim
        print(json.dumps(fn(args.replications, args.processes)))
        return

    from common import measure, mib

    results = {}
    for which in ("mesa", "journeysim"):
        out, peak, wall = measure(
            [
                "benchmarks/bench_runner.py",
                "--child",
                which,
                "--replications",
                str(args.replications),
                "--processes",
                str(args.processes),
            ]
        )
        results[which] = {**out, "peak": peak, "wall": wall, "rate": out["runs"] / out["seconds"]}
        print(
            f"{which:>10}: {out['runs']} runs in {out['seconds']:.1f} s = {results[which]['rate']:.1f} runs/s; "
            f"peak memory {mib(peak)} (whole process tree, PSS)"
        )
    m, j = results["mesa"], results["journeysim"]
    print(
        f"ratio journeysim / mesa.batch_run on {args.processes} process(es), {args.replications} replications: "
        f"throughput x{j['rate'] / m['rate']:.2f}, peak memory x{j['peak'] / m['peak']:.2f}"
    )
    if m["participants"] != j["participants"]:
        print(
            "note: the two runners drew different seeds (mesa passes an int, journeysim a SeedSequence child), "
            "so the totals differ; each is reproducible on its own"
        )


if __name__ == "__main__":
    main()
