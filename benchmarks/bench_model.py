"""Speed of one 20-year journey against a bare Mesa model with the same agents and steps.

The floor: a Mesa 3.5 model with the same number of agents whose monthly step
does nothing but ``agents.shuffle_do("step")`` on agents that draw one random
number. Both are timed in this process, interleaved, so the printed ratio is
robust to a noisy machine. Usage: ``python benchmarks/bench_model.py [--runs 200]``.
"""

from __future__ import annotations

import argparse
import time

import mesa

from journeysim.library import load_scenario
from journeysim.model.model import JourneyModel

BEFORE_FRAMEWORK = 3.9  # the ratio on a quiet machine before demand, start-up and fading delivery were added
ALLOWED_SLOWDOWN = 1.5  # the framework's mechanisms may cost at most this factor on that ratio


class BareAgent(mesa.Agent):
    def step(self) -> None:
        self.model.rng.random()


class BareModel(mesa.Model):
    def __init__(self, n_agents: int, seed: int) -> None:
        super().__init__(rng=seed)
        BareAgent.create_agents(self, n_agents)

    def step(self) -> None:
        self.agents.shuffle_do("step")


def time_journey(scenario, seed: int) -> tuple[float, int]:
    t = time.perf_counter()
    model = JourneyModel(scenario, seed)
    model.run()
    return time.perf_counter() - t, len(model.agents)


def time_bare(n_agents: int, months: int, seed: int) -> float:
    t = time.perf_counter()
    model = BareModel(n_agents, seed)
    model.run_for(months)
    return time.perf_counter() - t


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--scenario", default="several_implementers")
    args = parser.parse_args()
    scenario = load_scenario(args.scenario, sets={"years": 20})
    months = scenario.months
    journey, bare, agents = 0.0, 0.0, []
    for seed in range(args.runs):  # interleave so drift in machine speed hits both alike
        t, n = time_journey(scenario, seed)
        journey += t
        agents.append(n)
        bare += time_bare(round(sum(agents) / len(agents)), months, seed)
    n_agents = round(sum(agents) / len(agents))
    print(f"scenario {args.scenario}: {args.runs} runs of {months} months, ~{n_agents} agents")
    print(f"journeysim   {journey / args.runs * 1e3:8.2f} ms per run")
    print(f"bare mesa    {bare / args.runs * 1e3:8.2f} ms per run")
    ratio = journey / bare
    print(f"ratio        {ratio:8.2f}x the bare Mesa floor")
    print(
        f"             {ratio / BEFORE_FRAMEWORK:8.2f}x the {BEFORE_FRAMEWORK}x measured before the framework's"
        f" mechanisms were added (allowed: up to {ALLOWED_SLOWDOWN}x that)"
    )


if __name__ == "__main__":
    main()
