"""``journeysim calibrate``: approximate Bayesian computation of the population model against real-world targets.

A bad targets file, bad settings or an output folder holding another
calibration raise an :class:`~journeysim.errors.InputError`, which ``main``
prints as one line with exit status 2.
"""

from __future__ import annotations

import argparse
import json
import time
from types import SimpleNamespace
from typing import Any

from journeysim.api.inputs import whole
from journeysim.cli.options import command, executor_of, out_dir, progress_lines

DEFAULTS = SimpleNamespace(population_size=200, generations=6, services=100, scenario="uk_services", batch=1)
"""The defaults of :class:`journeysim.calibration.abc.Settings`, written here so that building the parser does not
import pyabc (a test checks they agree)."""
SCREEN_DEFAULTS = SimpleNamespace(trajectories=8)
"""The defaults of :class:`journeysim.calibration.screen.ScreenSettings` (a test checks they agree)."""
TARGETS_HELP = (
    "targets file (TOML), or a shipped one: 'uk' (the UK figures 2009-2015 as point targets) or "
    "'uk+patterns' (the published calibration: those figures as intervals, the study's patterns as evidence and the "
    "held-back split)"
)


def cmd_calibrate(args: argparse.Namespace) -> int:
    """Run (or resume) a calibration and write the posterior folder.

    Approximate Bayesian computation (pyabc's ABC-SMC) of the population model against the targets in TARGETS (a TOML
    file; 'uk' for the shipped UK 2009-2015 targets, 'uk+patterns' for those with the study's patterns), with uniform
    priors over the declared ranges, on a reduced representative population. Resumable: the pyabc database lives in
    --out, and a second call with the same folder continues it. Same seed, same posterior, wherever it runs.
    """
    from journeysim.calibration.abc import Settings, calibrate
    from journeysim.calibration.simulator import calibration_scenario, check_parameters, default_parameters
    from journeysim.parameters import PARAMETERS

    targets = _load_targets(args.targets, args.scenario)
    given = [s.strip() for p in args.parameter for s in p.split(",") if s.strip()]
    names = check_parameters(given or default_parameters(targets))
    settings = Settings(
        population_size=whole("populations", args.populations, 2),
        generations=whole("generations", args.generations, 1),
        services=whole("services", args.services, 1),
        seed=args.seed,
        scenario=args.scenario,
        parameters=names,
        batch=whole("batch", args.batch, 1),
        leave_out=tuple(s.strip() for p in args.leave_out for s in p.split(",") if s.strip()),
    )
    calibration_scenario(targets, args.scenario, settings.services)  # a bad scenario fails before any run
    out = out_dir(args.out)
    started = time.perf_counter()
    with executor_of(args) as executor:
        result = calibrate(targets, out, settings, executor=executor, progress=progress_lines(args))
    seconds = time.perf_counter() - started
    if args.json:
        print(json.dumps({**result.manifest, "out": str(out), "seconds": round(seconds, 1)}, indent=2))
        return 0
    if result.resumed_from:
        print(f"resumed from generation {result.resumed_from} in {out}")
    w = result.posterior["weight"].to_numpy()
    print(f"{'parameter':<28} {'prior range':>18} {'posterior mean':>15}")
    for name in names:
        p = PARAMETERS[name]
        mean = float((result.posterior[name].to_numpy() * w).sum())
        print(f"{name:<28} {f'{p.low:g}-{p.high:g}':>18} {mean:>15.4g}")
    print(f"wrote {out} ({result.manifest['generations']} generations, {result.manifest['particles']} particles)")
    print(f"({seconds:.0f} s)")
    return 0


def cmd_screen(args: argparse.Namespace) -> int:
    """Morris-screen every uncertain parameter on the targets' outputs; write the ranking.

    Before calibrating: a Morris screen (SALib) of every declared uncertain parameter on the outputs the targets in
    TARGETS map to, on the same reduced population the calibration runs. Effects are in target standard deviations per
    whole declared range; a parameter informs a target when its mu* clears the run-to-run noise floor. Prints the
    ranking and writes it to --out.
    """
    from journeysim.calibration.screen import ScreenSettings, screen, write_screen

    settings = ScreenSettings(
        trajectories=whole("trajectories", args.trajectories, 2),
        services=whole("services", args.services, 1),
        scenario=args.scenario,
        seed=args.seed,
    )
    targets = _load_targets(args.targets, args.scenario)
    out = out_dir(args.out)
    started = time.perf_counter()
    with executor_of(args) as executor:
        result = screen(targets, settings, executor=executor, progress=progress_lines(args))
    write_screen(result, out, targets)
    seconds = time.perf_counter() - started
    if args.json:
        summary = {
            "out": str(out),
            "runs": result.runs,
            "seconds": round(seconds, 1),
            "informative": result.informative(),
            "ranking": result.ranking.replace([float("inf")], None).to_dict(orient="records"),
            "noise": result.noise.to_dict(orient="records"),
        }
        print(json.dumps(summary, indent=2))
        return 0
    top = result.ranking.head(args.top)
    print(f"{'parameter':<32} {'mu*/noise floor':>16} {'mu* (target sds)':>17} {'targets informed':>17}  moves most")
    for row in top.itertuples():
        print(f"{row.parameter:<32} {row.signal:>16.2f} {row.mu_star:>17.2f} {row.informs:>17d}  {row.moves_most}")
    informative = result.informative()
    print(f"{len(informative)} of {len(result.ranking)} parameters inform at least one target above the noise floor")
    if informative:
        print("to calibrate them: --parameter " + ",".join(informative[: args.top]))
    print(f"wrote {out} ({result.runs} runs, {seconds:.0f} s)")
    return 0


def _load_targets(spec: str, scenario: str) -> Any:
    from journeysim.calibration.targets import SHIPPED, load_targets, shipped_targets
    from journeysim.library import load_scenario

    base = load_scenario(scenario)
    start = int(base.parameters["start_year"])
    path = shipped_targets(spec) if spec in SHIPPED else spec
    return load_targets(path, (start, start + int(base.parameters["years"]) - 1))


def add_commands(subparsers: argparse._SubParsersAction) -> None:
    """Register ``calibrate`` and ``screen`` with the main parser."""
    d, s = DEFAULTS, SCREEN_DEFAULTS
    help = "calibrate the population model to real-world targets (ABC-SMC); write a posterior folder"
    p = command(subparsers, cmd_calibrate, help, "json", "executor", "study_seed")
    p.add_argument("targets", metavar="TARGETS", help=TARGETS_HELP)
    p.add_argument("--out", default="results/calibration", metavar="DIR", help="output folder (resumable)")
    p.add_argument(
        "--populations",
        "--particles",
        dest="populations",
        type=int,
        default=d.population_size,
        metavar="N",
        help=f"particles per generation (default {d.population_size})",
    )
    p.add_argument(
        "--generations", type=int, default=d.generations, metavar="G", help=f"generations (default {d.generations})"
    )
    services = f"services in the reduced population (default {d.services}; the full UK has 196)"
    p.add_argument("--services", type=int, default=d.services, metavar="K", help=services)
    p.add_argument("--scenario", default=d.scenario, help=f"population scenario (default {d.scenario})")
    p.add_argument(
        "--parameter",
        action="append",
        default=[],
        metavar="NAME",
        help="a parameter to calibrate (repeatable or comma-separated; default: the targets' set, docs/calibration.md)",
    )
    p.add_argument("--batch", type=int, default=d.batch, metavar="B", help="runs per task on a cluster (default 1)")
    p.add_argument(
        "--leave-out",
        action="append",
        default=[],
        metavar="NAME",
        help="a target or pattern to run and record but keep out of the fit, to see how well the rest predict it "
        "(a leave-one-out check; repeatable or comma-separated)",
    )

    help = "Morris-screen every uncertain parameter on a targets file's outputs: which ones to calibrate"
    p = command(subparsers, cmd_screen, help, "json", "executor", "study_seed")
    p.add_argument("targets", metavar="TARGETS", help=TARGETS_HELP)
    p.add_argument("--out", default="results/calibration_screen", metavar="DIR", help="output folder")
    runs = f"Morris trajectories (default {s.trajectories}; runs = R x (parameters + 1))"
    p.add_argument("--trajectories", type=int, default=s.trajectories, metavar="R", help=runs)
    p.add_argument("--services", type=int, default=d.services, metavar="K", help=f"services (default {d.services})")
    p.add_argument("--scenario", default=d.scenario, help=f"population scenario (default {d.scenario})")
    p.add_argument("--top", type=int, default=10, metavar="K", help="rows to print (default 10)")
