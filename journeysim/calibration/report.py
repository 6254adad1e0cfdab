"""The results part of docs/calibration.md, and its figures, from a finished calibration folder.

:func:`build_report` reads the folder (:func:`~journeysim.calibration.posterior_checks.load_calibration`),
summarises prior against posterior, runs the posterior and prior predictive checks, draws the figures
(:mod:`journeysim.calibration.figures`) and renders the page: the hand-written how-to text, then the generated
sections. The headline comparisons and the leave-one-out table need machinery above this layer: the caller
(``experiments/calibration.py``) passes them in; :mod:`journeysim.calibration.headlines` renders the first.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from concurrent.futures import Executor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from journeysim.calibration.figures import distances_figure, marginals_figure, pairs_figure, predictive_figure
from journeysim.calibration.headlines import duration, headline_lines, markdown_table
from journeysim.calibration.posterior_checks import (
    DEFAULTS,
    IDENTIFIED_SD_RATIO,
    POSTERIOR_DRAWS,
    PRIOR,
    CalibrationFolder,
    effective_sample_size,
    load_calibration,
    parameter_summary,
    predictive_draws,
    predictive_summary,
    run_predictive,
    weighted_correlations,
)
from journeysim.calibration.targets import SHIPPED, Targets
from journeysim.fingerprint import code_fingerprint
from journeysim.outcomes.formats import percent

FIGURE_PREFIX = "calibration_"
SCREEN_SECTION = "## Results: which parameters the targets can inform"
SECTIONS = (
    "## Results: the targets",
    "## Results: prior and posterior of each parameter",
    "## Results: what the targets identify",
    "## Results: posterior predictive checks",
    "## Results: the headline conclusions under the posterior",
)


@dataclass
class Report:
    """Everything the results part of the page is made of (computed once, rendered by :func:`render_page`)."""

    calibration: CalibrationFolder
    summary: pd.DataFrame
    correlations: pd.DataFrame
    runs: pd.DataFrame
    predictive: pd.DataFrame
    predictive_settings: dict[str, Any]
    figures: dict[str, Path] = field(default_factory=dict)
    headlines: dict[str, Any] | None = None
    command: str = ""
    screen: list[str] = field(default_factory=list)
    loo: list[str] = field(default_factory=list)  # experiments/leave_one_out.py's table, if there is one


BOUND_SIGNS = {"lower": "≥ ", "upper": "≤ "}
"""How a target that is a bound shows its figure (a point figure shows none)."""


def _g(x: float | None) -> str:
    if x is None or not np.isfinite(x):
        return "–"
    return f"{x:.3g}"


def _span(low: float, high: float) -> str:
    return f"{_g(low)}–{_g(high)}"


def calibrate_command(cal: CalibrationFolder) -> str:
    """The ``journeysim calibrate`` command that makes this calibration (from its manifest's settings)."""
    from journeysim.calibration.simulator import DEFAULT_SCENARIO, default_parameters

    s = cal.settings
    targets = str(cal.manifest.get("targets", "TARGETS"))
    targets = next((name for name, file in SHIPPED.items() if Path(targets).name == file), targets)
    parts = ["journeysim calibrate", targets, f"--out {cal.folder}"]
    for key, option in (
        ("population_size", "--populations"),
        ("generations", "--generations"),
        ("services", "--services"),
        ("seed", "--seed"),
    ):
        if key in s:
            parts.append(f"{option} {s[key]}")
    if s.get("scenario", DEFAULT_SCENARIO) != DEFAULT_SCENARIO:
        parts.append(f"--scenario {s['scenario']}")
    if tuple(s.get("parameters", ())) != default_parameters(cal.targets):
        parts.append("--parameter " + ",".join(s["parameters"]))
    return " ".join(parts)


def _figure(report: Report, key: str, caption: str, page: Path) -> list[str]:
    """The figure ``key`` as a Markdown image linked relative to the page, then a blank line (none if not drawn)."""
    if key not in report.figures:
        return []
    path = report.figures[key].resolve()
    try:
        link = os.path.relpath(path, page.resolve().parent)
    except ValueError:  # another drive
        link = str(path)
    return [f"![{caption}]({link})", ""]


def header_lines(report: Report) -> list[str]:
    """Who made the page and the posterior, with which code and settings."""
    cal = report.calibration
    m = cal.manifest
    made = m.get("code_fingerprint", "unknown")
    now = code_fingerprint()
    s = cal.settings
    settings = ", ".join(
        f"{k} {s[k]}" for k in ("population_size", "generations", "services", "scenario", "seed", "batch") if k in s
    )
    lines = [
        f"- **Generated** by `{report.command}` from the calibration in `{cal.folder}`, with the how-to text of"
        " `experiments/calibration_howto.md`; do not edit this page by hand.",
        f"- **Model code** now: `{now}`; the posterior was calibrated with model code `{made}`"
        + (" (the same)" if made == now else " (**different**: its particles may no longer fit the model)")
        + f"; journeysim {m.get('journeysim_version', '?')} at calibration.",
        f"- **Posterior** made by `{calibrate_command(cal)}`: {settings}; {m.get('generations', '?')} generations,"
        f" {m.get('particles', len(cal.posterior))} particles, {m.get('evaluations', '?')} model runs in all; wall"
        f" time {duration(cal.wall_seconds)}"
        + (" (from abc.db: includes any pause between resumed sessions)." if cal.wall_seconds is not None else "."),
    ]
    if cal.targets_changed:
        lines.append(
            f"- **Warning:** the targets file `{cal.targets.path}` has changed since the calibration (its SHA-256"
            " differs from the manifest's): the targets shown are today's."
        )
    return lines


def shown_path(path: str | Path) -> str:
    """A targets file as the page shows it: a shipped one from the package's folder, any other by its name."""
    p, package = Path(path), Path(__file__).resolve().parents[1]
    return p.resolve().relative_to(package.parent).as_posix() if p.resolve().is_relative_to(package) else p.name


def targets_lines(targets: Targets) -> list[str]:
    """Section 1: the targets with their sources."""
    rows = []
    for t in targets.targets:
        u = t.uncertainty
        shown = f"sd {t.sd:.3g}" if u.get("kind") == "sd" else f"95% interval {u['low']:g}–{u['high']:g}, sd {t.sd:.3g}"
        figure = f"{BOUND_SIGNS.get(t.bound, '')}{t.figure:g}"
        rows.append([f"`{t.name}`", f"{figure} ({shown})", t.year, f"`{t.output}`, {t.nation}", t.source])
    lines = [
        f"From `{shown_path(targets.path)}` (SHA-256 {targets.sha256[:12]}…); each entry's population, mapping"
        " and the reason for its uncertainty are in the file.",
        "",
        *markdown_table(["target", "figure (uncertainty)", "year", "output", "source"], rows),
        "",
        "How each figure is read as a model output:",
        "",
    ]
    lines += [f"- `{t.name}`: {t.mapping} *Uncertainty:* {t.uncertainty.get('why', '')}" for t in targets.targets]
    return lines + evidence_lines(targets)


def evidence_lines(targets: Targets) -> list[str]:
    """The study's patterns used as evidence, the held-back ones and the held-out figures (if the file has any)."""
    lines: list[str] = []
    if targets.patterns:
        rows = [
            [f"`{e.name}`", e.pattern, f"{BOUND_SIGNS[e.bound]}{e.figure:g} ({e.sd:g})", e.replications, e.pins]
            for e in targets.patterns
        ]
        lines += [
            "",
            "The study's patterns used as evidence (docs/validation.md states each; a pattern is one-sided: an"
            " estimate on its side of the threshold is no misfit):",
            "",
            *markdown_table(["evidence", "pattern", "threshold (softness)", "runs per scenario", "what it pins"], rows),
        ]
    if targets.held_back is not None:
        held = targets.held_back
        lines += ["", f"Held back for validation only: {', '.join(held.patterns)}. {held.why}"]
    for t in targets.held_out:
        lines += ["", f"Held out (compared, never fitted): `{t.name}`, {t.figure:g}, {t.year}, {t.nation}. {t.source}"]
    return lines


def parameter_lines(report: Report, page: Path) -> list[str]:
    """Section 2: prior and posterior of each parameter, with the two figures."""
    cal, s = report.calibration, report.summary
    ess = effective_sample_size(cal.weights)
    rows = [
        [
            f"`{n}`",
            _span(r.low, r.high),
            _g(r.default),
            f"**{_g(r['median'])}**",
            _span(r.q05, r.q95),
            _span(r.q25, r.q75),
        ]
        for n, r in s.iterrows()
    ]
    lines = [
        f"{len(cal.posterior)} particles of the last generation (effective number by their weights: {ess:.0f}). The"
        " prior of each parameter is uniform over its declared range; the posterior statistics are weighted by the"
        " particles' weights.",
        "",
        *markdown_table(
            ["parameter", "prior (uniform)", "default", "posterior median", "90% interval", "50% interval"], rows
        ),
        "",
    ]
    lines += _figure(report, "marginals", "Prior against posterior, per parameter", page)
    lines += _figure(report, "pairs", "Posterior, every pair", page)
    if distances := _figure(report, "distances", "Distances by generation", page):
        lines += [
            "How the ABC generations closed in (accepted particles' distances; the dashed line is the threshold):",
            "",
            *distances,
        ]
    return lines


def identifiability_lines(report: Report, strongest: int = 5) -> list[str]:
    """Section 3: shrinkage per parameter, which are identified, and the strongest trade-offs."""
    s = report.summary
    rows = [
        [f"`{n}`", f"{r.sd_ratio:.2f}", f"{r.shrinkage:+.2f}", "yes" if r.identified else "no"] for n, r in s.iterrows()
    ]
    yes = [f"`{n}`" for n, r in s.sort_values("sd_ratio").iterrows() if r.identified]
    no = [f"`{n}`" for n, r in s.sort_values("sd_ratio").iterrows() if not r.identified]
    words = [
        f"The targets identify {', '.join(yes)}: the posterior sd is below {IDENTIFIED_SD_RATIO:g} of the"
        " prior's, so the measured figures rule out part of each declared range."
        if yes
        else f"The targets identify none of the parameters clearly (no posterior sd below {IDENTIFIED_SD_RATIO:g}"
        " of the prior's)."
    ]
    if no:
        words.append(
            f"They leave {', '.join(no)} about as uncertain as declared: conclusions that rest on these still rest"
            " on the declared ranges. [Robust conclusions](robust.md) shows, for each headline comparison, how much"
            " of its spread these parameters explain and how often its direction holds across their ranges."
        )
    lines = [
        "The posterior's spread against the prior's, per parameter: the sd ratio (weighted posterior sd / prior sd;"
        " 1 = the targets say nothing, 0 = pinned down) and the shrinkage 1 − var(posterior)/var(prior) (0 = none,"
        f" 1 = all). A parameter counts as identified when its sd ratio is below {IDENTIFIED_SD_RATIO:g}.",
        "",
        *markdown_table(["parameter", "sd ratio", "shrinkage", "identified"], rows),
        "",
        " ".join(words),
        "",
    ]
    c = report.correlations.head(strongest)
    if not c.empty:
        lines += [
            "The strongest posterior correlations (weighted Pearson, over the particles): parameters the targets"
            " trade off against each other (a negative r: more of one fits with less of the other).",
            "",
            *markdown_table(["parameters", "r"], [[f"`{r.a}` and `{r.b}`", f"{r.r:+.2f}"] for r in c.itertuples()]),
            "",
        ]
        strong = c[c["r"].abs() >= 0.5]
        if strong.empty:
            lines.append("No pair has |r| of 0.5 or more: no strong trade-off between two parameters.")
        else:
            lines.append(
                "Traded off (|r| ≥ 0.5): "
                + "; ".join(f"`{r.a}` against `{r.b}` (r = {r.r:+.2f})" for r in strong.itertuples())
                + ". The targets fix a combination of these, not each alone."
            )
        lines.append("")
    return lines


def _spread(r: Any) -> str:
    """``± sd``, or ``−below/+above`` for an interval not centred on its figure."""
    below, above = r.get("sd_below", r.sd), r.get("sd_above", r.sd)
    return f"± {r.sd:.2f}" if abs(below - above) < 1e-9 else f"−{below:.2f}/+{above:.2f}"


def predictive_lines(report: Report, page: Path) -> list[str]:
    """Section 4: the targets against the prior and posterior predictive distributions and the defaults."""
    p, st = report.predictive, report.predictive_settings
    last = report.calibration.targets.last_year
    rows = []
    for name, r in p.iterrows():
        held = " (held out)" if r.get("held_out", False) else ""
        cells = [f"`{name}`{held}", f"{BOUND_SIGNS.get(r.bound, '')}{r.figure:.2f} {_spread(r)}"]
        for source in (PRIOR, POSTERIOR_DRAWS):
            cells.append(f"{r[f'{source}_median']:.2f} ({r[f'{source}_q05']:.2f}–{r[f'{source}_q95']:.2f})")
        cells += [
            f"{r[f'{DEFAULTS}_median']:.2f}" if r[f"{DEFAULTS}_n"] else "–",
            percent(r[f"{PRIOR}_near"], 0, "–"),
            percent(r[f"{POSTERIOR_DRAWS}_near"], 0, "–"),
            "yes" if r.inside else "**no**",
        ]
        rows.append(cells)
    lines = [
        f"{st['draws']} particles drawn from the posterior by weight and {st['draws']} parameter sets drawn from the"
        f" prior (uniform over the same declared ranges), seed {st['seed']}; each is one run of the calibration's own"
        f" simulator (`{st['scenario']}` reduced to {st['services']} services, up to {last}),"
        f" with its own model seed, shared by prior draw *i* and posterior draw *i*. Defaults: {st['defaults']} runs"
        f" at the declared defaults, on the first seeds. {st['runs']} runs"
        + (" (read from the cache)." if st.get("seconds") is None else f" in {duration(st['seconds'])}."),
        "Cells: median (90% interval) of the runs; 'near' is the share of runs within two sd of the figure."
        " A figure marked ≥ is a lower bound (the truth is at or above it: any run above it is near, and the"
        " figure counts as reproduced when the posterior's 90% interval reaches it); ≤ marks an upper bound.",
        "",
        *markdown_table(
            [
                "target",
                "figure ± sd",
                "prior predictive",
                "posterior predictive",
                "defaults",
                "prior near",
                "posterior near",
                "figure in posterior 90%",
            ],
            rows,
        ),
        "",
    ]
    lines += _figure(report, "predictive", "Prior and posterior predictive checks", page)
    outside = [f"`{n}`" for n, r in p.iterrows() if not r.inside]
    unreachable = [n for n, r in p.iterrows() if not r.reachable]
    findings = [
        f"The figure of {', '.join(outside)} lies outside the posterior predictive 90% interval: the calibrated"
        " model does not reproduce it well."
        if outside
        else "Every target's figure lies inside the posterior predictive 90% interval."
    ]
    given = report.calibration.targets
    for t in (*given.evidence, *given.held_out):  # an interval read honestly may hold what its figure misses
        u, m = t.uncertainty, p.loc[t.name, f"{POSTERIOR_DRAWS}_median"]
        if not p.loc[t.name, "inside"] and u.get("kind") == "interval" and u["low"] <= m <= u["high"]:
            findings.append(
                f"`{t.name}`'s posterior predictive median ({m:.2f}) lies inside its own stated 95% interval "
                f"({u['low']:g}–{u['high']:g}), widened on the side its known bias allows."
            )
    for n in unreachable:
        r = p.loc[n]
        far = "above" if r[f"{POSTERIOR_DRAWS}_median"] > r.figure else "below"
        findings.append(
            f"**Finding: the model cannot reach `{n}`.** No prior or posterior predictive run came within two sd of"
            f" {r.figure:.2f} (± {2 * r.sd:.2f}); the runs stay {far} it (posterior predictive median"
            f" {r[f'{POSTERIOR_DRAWS}_median']:.2f}, prior predictive 90% interval {r[f'{PRIOR}_q05']:.2f}–"
            f"{r[f'{PRIOR}_q95']:.2f}). Within the declared ranges of the calibrated parameters, the model's"
            " mechanism (or the target's mapping onto a model output) cannot produce this figure."
        )
    return [*lines, *(line for f in findings for line in (f, ""))]


def render_page(report: Report, howto: str, page: Path) -> str:
    """The whole page: the how-to text's title, the header, the how-to text, then the generated sections."""
    text = howto.strip("\n")
    title, _, rest = text.partition("\n")
    if not title.startswith("# "):
        title, rest = "# Calibration", text
    screen = [SCREEN_SECTION, "", *report.screen, ""] if report.screen else []
    bodies = (
        [*targets_lines(report.calibration.targets), "", *screen],
        parameter_lines(report, page),
        identifiability_lines(report),
        [*predictive_lines(report, page), *report.loo],
        [*headline_lines(report.headlines), ""],
    )
    lines = [title, "", *header_lines(report), "", rest.strip("\n"), ""]
    for heading, body in zip(SECTIONS, bodies, strict=True):
        lines += [heading, "", *body]
    return "\n".join(lines).rstrip("\n") + "\n"


def build_report(
    folder: str | Path,
    figures: str | Path,
    *,
    draws: int = 100,
    defaults: int = 5,
    seed: int = 0,
    executor: Executor | None = None,
    targets: str | Path | None = None,
    predictive_runs: Callable[[pd.DataFrame, Callable[[], pd.DataFrame]], pd.DataFrame] | None = None,
) -> Report:
    """Read a calibration folder, summarise it, run the predictive checks and write the figures.

    Args:
        folder: The calibration folder.
        figures: Where the PNG figures go (``calibration_*.png``).
        draws: Runs drawn from the posterior, and as many from the prior.
        defaults: Runs at the declared defaults.
        seed: Seed of the draws and of the runs.
        executor: Where the runs go (default: this process).
        targets: The targets file, if not the one the manifest names.
        predictive_runs: Optional cache: called with the draws and a function computing the runs, returns the runs.

    """
    import time

    cal = load_calibration(folder, targets)
    summary = parameter_summary(cal.posterior, cal.names)
    correlations = weighted_correlations(cal.posterior, cal.names)
    plan = predictive_draws(cal.posterior, cal.names, draws, seed, defaults)
    timing: dict[str, float] = {}

    def compute() -> pd.DataFrame:
        started = time.perf_counter()
        out = run_predictive(plan, cal.targets, cal.names, cal.scenario, cal.services, executor)
        timing["seconds"] = time.perf_counter() - started
        return out

    runs = predictive_runs(plan, compute) if predictive_runs else compute()
    settings = dict(draws=draws, defaults=defaults, seed=seed, scenario=cal.scenario, services=cal.services)
    settings |= {"runs": len(runs), "seconds": timing.get("seconds")}
    report = Report(cal, summary, correlations, runs, predictive_summary(runs, cal.targets), settings)
    out = Path(figures)
    report.figures["marginals"] = marginals_figure(cal, summary, out / f"{FIGURE_PREFIX}marginals.png")
    report.figures["pairs"] = pairs_figure(cal, out / f"{FIGURE_PREFIX}pairs.png")
    report.figures["predictive"] = predictive_figure(runs, cal.targets, out / f"{FIGURE_PREFIX}predictive.png")
    dist = distances_figure(cal, out / f"{FIGURE_PREFIX}distances.png")
    if dist is not None:
        report.figures["distances"] = dist
    return report


def write_page(report: Report, howto: str, page: str | Path) -> Path:
    """Render the page and write it."""
    path = Path(page)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render_page(report, howto, path), encoding="utf-8")
    return path
