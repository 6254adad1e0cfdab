"""``journeysim validate`` and ``journeysim sensitivity-report``: the study's patterns and its sensitivity analysis.

Bad input raises :class:`~journeysim.cli.options.UsageError` or a
:class:`~journeysim.scenario.ScenarioError`, which ``main`` prints as one
line with exit status 2.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from journeysim.api.inputs import posterior_of, whole
from journeysim.cli.options import UsageError, command, executor_of, folder, progress, study_done
from journeysim.cli.targets import check_figures, check_overwrite, docs_target, write_text
from journeysim.validation.published import KNOCKOUT_REPLICATIONS, PUBLISHED_REPLICATIONS

STUDY_DEFAULTS = SimpleNamespace(
    morris_trajectories=20, morris_replications=3, sobol_samples=128, sobol_replications=8, sobol_factors=8
)
"""The defaults of :class:`journeysim.validation.sensitivity_study.StudySettings`, written here so that building the
parser does not import pandas (a test checks they agree)."""

STUDY_OPTIONS = (
    ("morris_trajectories", "R", "Morris trajectories"),
    ("morris_replications", "N", "runs per Morris design point"),
    ("sobol_samples", "N", "Sobol base sample, a power of 2"),
    ("sobol_replications", "N", "runs per Sobol design point"),
    ("sobol_factors", "K", "most influential Morris factors kept for Sobol"),
)
"""The sensitivity study's settings as options: ``dest``, metavar and help (the default is added)."""

MIN_REPLICATIONS = 10


def _target(path: str | None, option: str, suffix: str, default_name: str, force: bool) -> Path:
    """A generated document's file: given, or docs/<default_name> in a checkout; never a user's own file."""
    target = docs_target(path, default_name, option)
    if target.is_dir():
        raise UsageError(f"{option} {target}: is a folder; give a file name ending in {suffix}")
    if target.suffix.lower() != suffix:
        raise UsageError(f"{option} {target}: give a file name ending in {suffix}")
    return check_overwrite(target, force, option)


def chosen_patterns(spec: list[str] | None) -> list[Any]:
    """Patterns named on the command line (comma-separated or repeated), or all of them."""
    from journeysim.validation.patterns import PATTERNS

    if not spec:
        return list(PATTERNS)
    wanted = [s.strip() for item in spec for s in item.split(",") if s.strip()]
    known = {p.id: p for p in PATTERNS}
    unknown = [w for w in wanted if w not in known]
    if unknown:
        raise UsageError(f"--pattern {', '.join(unknown)}: no such pattern. Patterns: {', '.join(known)}")
    return [known[w] for w in dict.fromkeys(wanted)]


def summary_lines(validation: Any) -> list[str]:
    """A short plain-text table of the verdicts (a third column when runs drew from a posterior)."""
    from journeysim.validation.report import columns_of, figures_of, fmt_estimate

    heads = {"fixed": "fixed parameters", "uncertain": "with uncertainty", "posterior": "with the posterior"}
    columns = columns_of(validation)
    lines = [f"{'id':<5} " + " ".join(f"{heads[c]:<28} {'':<13}" for c in columns)]
    for r in validation.patterns:
        unit = r.pattern.unit
        cells = []
        for c in columns:
            est, verdict = figures_of(r, c)
            cells.append(f"{fmt_estimate(est, unit):<28} {verdict or '-':<13}")
        lines.append(f"{r.pattern.id:<5} " + " ".join(cells))
    for k in validation.knockouts:
        unit = next(p.pattern.unit for p in validation.patterns if p.pattern.id == k.pattern_id)
        lines.append(
            f"{k.knockout.id}/{k.pattern_id}: with {fmt_estimate(k.present, unit)} ({k.present_verdict}), "
            f"without {fmt_estimate(k.removed, unit)} ({k.removed_verdict})"
        )
    return lines


def cmd_validate(args: argparse.Namespace) -> int:
    """Check every pattern of the study against replicated runs and write docs/validation.md.

    Replicate the scenarios each pattern of the study needs (common random numbers), with fixed parameters and with
    parameter uncertainty (and, with --posterior, drawing from a calibrated posterior), evaluate every pattern with a
    95% confidence interval, rerun the knock-outs, and write docs/validation.md with its figures.
    """
    from journeysim.validation.figures import write_figures
    from journeysim.validation.report import render, to_json
    from journeysim.validation.runner import run_validation

    patterns = chosen_patterns(args.pattern)
    replications = whole("replications", args.replications, MIN_REPLICATIONS)
    ko_replications = whole("knockout_replications", args.knockout_replications, MIN_REPLICATIONS)
    posterior = posterior_of(args.posterior)  # checked before any run: a bad folder is one line and status 2
    out = None if args.out == "-" else _target(args.out, "--out", ".md", "validation.md", args.force)
    figures = None if out is None or args.no_figures else Path(args.figures or out.parent / "figures")
    if figures is not None:
        check_figures(figures, "validation_*.html", args.force)
    started = time.perf_counter()
    with executor_of(args) as executor:
        validation = run_validation(
            patterns,
            replications=replications,
            seed=args.seed,
            executor=executor,
            uncertainty=not args.no_uncertainty,
            knockouts=not args.no_knockouts,
            knockout_replications=ko_replications,
            progress=progress(args),
            posterior=posterior,
        )
    written = []
    if out is not None:
        links = write_figures(validation, figures, link_prefix=figures_link(out, figures)) if figures else None
        write_text(out, render(validation, links))
        written = [out, *(figures / Path(p).name for p in (links or {}).values())]
    study_done(args, to_json(validation), summary_lines(validation), written, started)
    return 1 if args.check and validation.failing() else 0


def figures_link(out: Path, figures: Path) -> str:
    """Link prefix from the Markdown file to the figures folder."""
    try:
        return str(figures.resolve().relative_to(out.resolve().parent))
    except ValueError:
        return str(figures.resolve())


def cmd_sensitivity_report(args: argparse.Namespace) -> int:
    """Run the global sensitivity study on the sweep machinery and write docs/sensitivity.md.

    Morris screening of every uncertain parameter in scenarios where each is meant to act, on outcomes of survival,
    embedding, reach and fade-out, then Sobol indices (first and total order, with confidence intervals) for the most
    influential, on P(running at year 10) and on the months a service keeps running after its champion leaves; sweeps
    run on the sweep machinery (resumable). Exits with status 1 if a parameter's effect stays within the replication
    noise floor on every outcome in every scenario (the report is written anyway).
    """
    from journeysim.validation.sensitivity_report import write_study
    from journeysim.validation.sensitivity_study import StudySettings, run_study

    # every number was checked against its declared range (api.inputs.OPTIONS) before the command started
    settings = StudySettings(**{name: getattr(args, name) for name in (*vars(STUDY_DEFAULTS), "seed")})
    if settings.sobol_samples & (settings.sobol_samples - 1):
        raise UsageError(f"--sobol-samples {settings.sobol_samples}: must be a power of 2 (e.g. 64, 128, 256)")
    results = folder(args.results, "--results")
    out = _target(args.out, "--out", ".md", "sensitivity.md", args.force)
    figures = check_figures(Path(args.figures or out.parent / "figures"), "sensitivity_*", args.force)
    started = time.perf_counter()
    with executor_of(args) as executor:
        study = run_study(settings, results, executor=executor, progress=progress(args))
    study_done(args, study.to_json(), study.summary_lines(), write_study(study, out, figures), started, indent=None)
    return 1 if study.inert() else 0  # an inert parameter fails the study (the report is written anyway)


def add_commands(subparsers: argparse._SubParsersAction) -> None:
    """Register ``validate`` and ``sensitivity-report`` with the main parser."""
    help = "check the study's patterns against replicated runs; write docs/validation.md"
    p = command(subparsers, cmd_validate, help, "json", "executor", "study_seed")
    p.add_argument(
        "--replications", "-n", type=int, metavar="N", help=f"runs per scenario (default: {PUBLISHED_REPLICATIONS})"
    )
    p.add_argument(
        "--knockout-replications",
        type=int,
        metavar="N",
        help=f"runs per scenario for knock-outs ({KNOCKOUT_REPLICATIONS})",
    )
    p.add_argument("--pattern", action="append", metavar="ID", help="only these patterns (e.g. P1a,P2a; repeatable)")
    p.add_argument("--no-uncertainty", action="store_true", help="skip the parameter-uncertainty column")
    p.add_argument("--no-knockouts", action="store_true", help="skip the knock-outs")
    p.add_argument(
        "--posterior",
        metavar="DIR",
        help="add a column drawing one particle per replication from this calibrated posterior folder (written by "
        "'journeysim calibrate'); every scenario gets the same particle in a replication",
    )
    _add_document_options(p, "report to write ('-' for none; default: docs/validation.md")
    p.add_argument("--no-figures", action="store_true", help="write no HTML figures")
    p.add_argument("--check", action="store_true", help="exit with status 1 if a pattern does not hold")

    help = "global sensitivity analysis of the fragility conclusions; write docs/sensitivity.md"
    p = command(subparsers, cmd_sensitivity_report, help, "json", "executor", "study_seed")
    for dest, metavar, text in STUDY_OPTIONS:
        default = getattr(STUDY_DEFAULTS, dest)
        flag = "--" + dest.replace("_", "-")
        p.add_argument(flag, type=int, default=default, metavar=metavar, help=f"{text} (default {default})")
    p.add_argument("--results", default="results/sensitivity", metavar="DIR", help="sweep folders (resumable)")
    _add_document_options(p, "report to write (default: docs/sensitivity.md")


def _add_document_options(p: argparse.ArgumentParser, out_help: str) -> None:
    """``--out`` (a generated document; ``out_help`` names its default), ``--force`` and ``--figures``."""
    out_help += " of the journeysim checkout you are in, required anywhere else)"
    p.add_argument("--out", metavar="FILE.md", help=out_help)
    p.add_argument("--force", action="store_true", help="overwrite files journeysim did not generate")
    p.add_argument("--figures", metavar="DIR", help="where the HTML figures go (default: figures/ beside --out)")
