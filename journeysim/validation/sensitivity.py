"""Global sensitivity of the fragility conclusions: Morris screening, then Sobol indices.

The study, in two stages, each a pair of sweeps on the sweep machinery
(:func:`journeysim.batch.sweep.run_sweep`, resumable, local pool or Dask):

1. **Morris screening** of every parameter declared ``uncertain`` (the
   numeric assumptions, :func:`journeysim.uncertainty.uncertain_parameters`),
   each over its declared plausible range.
2. **Sobol indices** (first and total order, bootstrap confidence intervals)
   for the factors that matter most in the screening.

Two outcomes, each a per-design-point mean over replications (which share
their seeds across points: common random numbers):

* ``running_at_year_10`` in ``lone_champion``: the probability that a
  bottom-up service resting on one champion is still running at year 10;
* ``months_running_after_departure`` in ``lone_champion+champion_leaves_year5``:
  the months the service keeps running in the ten years after the first
  implementer leaves (the champion is made to leave at month 48 if nothing
  took them earlier), counting 0 if it had already stopped. Every departure
  happens by month 48 of a 240-month run, so each run is followed for at
  least 192 months afterwards: the ten-year window is never censored, and a
  service still running 120 months on counts as 120 (a restricted mean).

SALib's analysers are called through :func:`journeysim.analysis.sensitivity.analyze`.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from concurrent.futures import Executor
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from journeysim import __version__
from journeysim.parameters import PARAMETERS

WINDOW = 120  # months after the departure
RUNNING = "running_at_year_10"
AFTER_DEPARTURE = "months_running_after_departure"
STOPPED_SOON = "stopped_within_36_months"
SCENARIOS = {RUNNING: "lone_champion", AFTER_DEPARTURE: "lone_champion+champion_leaves_year5"}
COMMAND = "python experiments/sensitivity.py"
OUTCOME_WORDS = {
    RUNNING: "P(still running at year 10), one champion (`lone_champion`)",
    AFTER_DEPARTURE: "months running in the 10 years after the champion leaves (`lone_champion+champion_leaves_year5`)",
}
RUN_COLUMNS = [
    "point_hash",
    "replication",
    "status",
    "running_at_year_10",
    "running_at_first_departure",
    "collapsed_after_departure",
    "months_departure_to_collapse",
    "first_departure_month",
    "months",
]


@dataclass(frozen=True)
class StudySettings:
    """Sample sizes of the study (defaults: 36,480 runs, about 12-18 minutes on 2 cores).

    Publication-grade settings: ``morris_trajectories=40, morris_replications=20,
    sobol_samples=1024, sobol_replications=20`` (about 14 times the runs: hours on
    a workstation, or a Dask cluster).
    """

    morris_trajectories: int = 10
    morris_replications: int = 8
    morris_levels: int = 4
    sobol_samples: int = 128
    sobol_replications: int = 10
    sobol_factors: int = 8
    seed: int = 2024


@dataclass
class OutcomeResult:
    """Indices of one outcome in one stage.

    Attributes:
        outcome: Outcome name.
        indices: One row per factor (Morris: mu, mu_star, sigma, mu_star_conf; Sobol: S1, S1_conf, ST, ST_conf).
        noise_share: Share of the variance of the point means that is replication noise.
        point_values: The outcome's value at every design point (design order).
        stopped_soon: For the departure outcome, the share of runs running at the departure that
            stopped within 36 months, per design point (``nan`` where none was running): pattern P1a
            evaluated across the design.

    """

    outcome: str
    indices: pd.DataFrame
    noise_share: float
    point_values: np.ndarray
    stopped_soon: np.ndarray | None = None


@dataclass
class Study:
    """Results of the whole study."""

    settings: StudySettings
    factors: list[str]
    morris: dict[str, OutcomeResult]
    sobol_factors: list[str]
    sobol: dict[str, OutcomeResult]
    sweeps: dict[str, dict[str, Any]] = field(default_factory=dict)
    version: str = __version__
    code: str = field(default_factory=lambda: _code())

    def to_json(self) -> dict[str, Any]:
        """Machine-readable form (``journeysim sensitivity-report --json``)."""

        def table(r: OutcomeResult) -> dict[str, Any]:
            rows = {f: {k: _num(v) for k, v in row.items()} for f, row in r.indices.iterrows()}
            return {"noise_share": _num(r.noise_share), "indices": rows}

        return {
            "journeysim": self.version,
            "code": self.code,
            "settings": asdict(self.settings),
            "sweeps": self.sweeps,
            "morris": {o: table(r) for o, r in self.morris.items()},
            "sobol_factors": self.sobol_factors,
            "sobol": {o: table(r) for o, r in self.sobol.items()},
        }

    def summary_lines(self) -> list[str]:
        """The top factors per outcome, in plain text."""
        lines = []
        for o, r in self.morris.items():
            top = r.indices.sort_values("mu_star", ascending=False).head(5)
            lines.append(f"Morris {o}: " + ", ".join(f"{f} ({v:.3g})" for f, v in top["mu_star"].items()))
        for o, r in self.sobol.items():
            top = r.indices.sort_values("ST", ascending=False).head(5)
            lines.append(
                f"Sobol {o}: "
                + ", ".join(f"{f} (S1 {row.S1:.2f}, ST {row.ST:.2f})" for f, row in top.iterrows())
                + f"; noise {r.noise_share:.0%}"
            )
        return lines


def _code() -> str:
    from journeysim.fingerprint import code_fingerprint

    return code_fingerprint()


def _num(x: Any) -> float | None:
    try:
        f = float(x)
    except (TypeError, ValueError):
        return None
    return f if np.isfinite(f) else None


def screened_parameters() -> list[str]:
    """Every parameter declared uncertain (the model's numeric assumptions), in declaration order."""
    from journeysim.uncertainty import uncertain_parameters

    return [p.name for p in uncertain_parameters()]


def experiment_dict(name: str, scenario: str, factors: list[str], method: str, s: StudySettings) -> dict[str, Any]:
    """An experiment (the form of an experiment TOML file) varying ``factors`` over their declared ranges."""
    design: dict[str, Any] = {"method": method, "seed": s.seed}
    if method == "morris":
        design.update(samples=s.morris_trajectories, levels=s.morris_levels)
        replications = s.morris_replications
    else:
        design.update(samples=s.sobol_samples, second_order=False)
        replications = s.sobol_replications
    return {
        "name": name,
        "description": f"{method} design over {len(factors)} declared parameters, {scenario}",
        "scenario": scenario,
        "replications": replications,
        "seed": s.seed,
        "design": design,
        "vary": {f: {"low": PARAMETERS[f].low, "high": PARAMETERS[f].high} for f in factors},
    }


# ------------------------------------------------------------ outcomes per run
def _flag(values: pd.Series) -> np.ndarray:
    return np.array([bool(v) if pd.notna(v) else False for v in values], dtype=bool)


def months_after_departure(runs: pd.DataFrame, window: int = WINDOW) -> np.ndarray:
    """Months each run kept running after its first departure, up to ``window`` (0 if already stopped)."""
    running = _flag(runs["running_at_first_departure"])
    collapsed = _flag(runs["collapsed_after_departure"])
    gap = pd.to_numeric(runs["months_departure_to_collapse"], errors="coerce").to_numpy(dtype=float)
    follow = (runs["months"] - pd.to_numeric(runs["first_departure_month"], errors="coerce")).to_numpy(dtype=float)
    if np.any(running & ~collapsed & (follow < window)):
        raise ValueError("a run was followed for less than the window after its departure: the window is censored")
    kept = np.where(collapsed, np.minimum(gap, window), window)
    return np.where(running, np.nan_to_num(kept, nan=0.0), 0.0)


def per_run_outcome(runs: pd.DataFrame, outcome: str) -> np.ndarray:
    """The outcome's value in each run."""
    if outcome == RUNNING:
        return _flag(runs[RUNNING]).astype(float)
    if outcome == AFTER_DEPARTURE:
        return months_after_departure(runs)
    raise KeyError(outcome)


def point_frame(runs: pd.DataFrame, outcome: str) -> tuple[pd.DataFrame, float]:
    """One row per design point with the outcome's mean over replications, and the noise share.

    The noise share is the mean over points of the within-point variance
    divided by the replications, over the variance of the point means: how
    much of what the indices decompose is replication noise rather than the
    parameters.
    """
    ok = runs[runs["status"] == "ok"].copy()
    ok["y"] = per_run_outcome(ok, outcome)
    g = ok.groupby("point_hash")["y"]
    means, within, n = g.mean(), g.var(ddof=1), g.size()
    total = float(means.var(ddof=1))
    noise = float((within / n).mean()) / total if total > 0 else float("nan")
    frame = pd.DataFrame({"point_hash": means.index, "status": "ok", outcome: means.to_numpy()})
    return frame, noise


def analyse(experiment: Any, runs: pd.DataFrame, outcome: str, seed: int) -> OutcomeResult:
    """Indices of one outcome from a sweep's runs (SALib via :func:`journeysim.analysis.sensitivity.analyze`)."""
    from journeysim.analysis.sensitivity import analyze

    points, noise = point_frame(runs, outcome)
    indices = analyze(points, experiment, outcome=outcome, seed=seed)
    hashes = experiment.design().frame(experiment.factors)["point_hash"]
    values = hashes.map(points.set_index("point_hash")[outcome]).to_numpy(dtype=float)
    soon = hashes.map(stopped_soon_by_point(runs)).to_numpy(dtype=float) if outcome == AFTER_DEPARTURE else None
    return OutcomeResult(outcome, indices, noise, values, soon)


def stopped_soon_by_point(runs: pd.DataFrame, months: int = 36) -> pd.Series:
    """Per point, the share of runs running at the first departure that stopped within ``months`` (as P1a)."""
    ok = runs[runs["status"] == "ok"]
    eligible = _flag(ok["running_at_first_departure"])
    gap = pd.to_numeric(ok["months_departure_to_collapse"], errors="coerce").to_numpy(dtype=float)
    stopped = eligible & _flag(ok["collapsed_after_departure"]) & (np.nan_to_num(gap, nan=np.inf) <= months)
    frame = pd.DataFrame({"point_hash": ok["point_hash"].to_numpy(), "e": eligible, "s": stopped})
    g = frame.groupby("point_hash")
    return g["s"].sum() / g["e"].sum().replace(0, np.nan)


# ------------------------------------------------------------ the study
def run_stage(
    method: str,
    factors: list[str],
    settings: StudySettings,
    results: Path,
    executor: Executor | None,
    progress: bool,
) -> tuple[dict[str, OutcomeResult], dict[str, dict[str, Any]]]:
    """One sweep per outcome's scenario with this design; the indices of each outcome."""
    from journeysim.batch.experiment import Experiment
    from journeysim.batch.store import read_runs
    from journeysim.batch.sweep import run_sweep
    from journeysim.cli import UsageError
    from journeysim.fingerprint import code_fingerprint

    out: dict[str, OutcomeResult] = {}
    sweeps: dict[str, dict[str, Any]] = {}
    for outcome, scenario in SCENARIOS.items():
        name = f"sensitivity_{method}_{outcome}"
        exp = Experiment.from_dict(experiment_dict(name, scenario, factors, method, settings), source=f"<{name}>")
        folder = results / f"{name}-{exp.hash[:8]}-{code_fingerprint()[:8]}"
        summary = run_sweep(exp, folder, executor=executor, progress=progress)
        if not summary.complete:
            raise UsageError(
                f"sweep {folder} is incomplete ({summary.runs_done} of {summary.runs_total} runs): "
                + "; ".join(summary.chunk_errors[:3])
                + ". Run the same command again to finish it."
            )
        runs = read_runs(folder, columns=RUN_COLUMNS)
        out[outcome] = analyse(exp, runs, outcome, settings.seed)
        sweeps[name] = {
            "folder": str(folder),
            "experiment_hash": exp.hash,
            "scenario": scenario,
            "points": int(exp.size_of_design()),
            "runs": int(summary.runs_total),
            "failed": int(summary.runs_failed),
        }
    return out, sweeps


def top_factors(morris: dict[str, OutcomeResult], k: int) -> list[str]:
    """The ``k`` factors with the largest Morris mu* (each outcome's mu* scaled by its largest), best first."""
    scores: dict[str, float] = {}
    for r in morris.values():
        mu = r.indices["mu_star"]
        top = float(mu.max())
        for f, v in mu.items():
            scores[f] = max(scores.get(f, 0.0), float(v) / top if top > 0 else 0.0)
    return [f for f, _ in sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))[:k]]


def run_study(
    settings: StudySettings,
    results: str | Path,
    executor: Executor | None = None,
    progress: bool = False,
    factors: list[str] | None = None,
) -> Study:
    """Morris screening of ``factors`` (default: every uncertain parameter), then Sobol on the top ones."""
    results = Path(results)
    factors = factors or screened_parameters()
    morris, sweeps = run_stage("morris", factors, settings, results, executor, progress)
    chosen = top_factors(morris, settings.sobol_factors)
    sobol, more = run_stage("sobol", chosen, settings, results, executor, progress)
    return Study(settings, factors, morris, chosen, sobol, {**sweeps, **more})


# ------------------------------------------------------------ the report
def _desc(name: str) -> str:
    p = PARAMETERS[name]
    kind = (
        "assumption"
        if p.source.strip().lower().startswith("assumption") or "value assumption" in p.source
        else "evidence"
    )
    return f"{p.description} ({p.low:g}–{p.high:g}; {kind}: {p.source})"


def morris_table(r: OutcomeResult, rows: int = 15) -> list[str]:
    """Top Morris factors of one outcome."""
    t = r.indices.sort_values("mu_star", ascending=False).head(rows)
    lines = ["| rank | parameter | μ* | ±95% | μ | σ | what it is |", "|---|---|---|---|---|---|---|"]
    for i, (f, row) in enumerate(t.iterrows(), 1):
        lines.append(
            f"| {i} | `{f}` | {row.mu_star:.3g} | {row.mu_star_conf:.2g} | {row.mu:+.3g} | {row.sigma:.3g} "
            f"| {_desc(f)} |"
        )
    return lines


def zero_effect_lines(r: OutcomeResult) -> list[str]:
    """The parameters whose every elementary effect was exactly zero."""
    zero = [f for f, v in r.indices["mu_star"].items() if v == 0]
    if not zero:
        return ["Every parameter changed the outcome of some replication."]
    return [
        f"μ* = 0 exactly for {len(zero)} of {len(r.indices)} parameters (no replication's outcome changed at any"
        " sampled step): " + ", ".join(f"`{f}`" for f in zero) + "."
    ]


def sobol_table(r: OutcomeResult) -> list[str]:
    """Sobol first- and total-order indices of one outcome, largest total first."""
    t = r.indices.sort_values("ST", ascending=False)
    lines = ["| parameter | S1 [95% CI] | ST [95% CI] |", "|---|---|---|"]
    for f, row in t.iterrows():
        s1 = f"{row.S1:.2f} [{row.S1 - row.S1_conf:.2f}, {row.S1 + row.S1_conf:.2f}]"
        st = f"{row.ST:.2f} [{row.ST - row.ST_conf:.2f}, {row.ST + row.ST_conf:.2f}]"
        lines.append(f"| `{f}` | {s1} | {st} |")
    s1_sum = float(r.indices["S1"].sum())
    lines += [
        "",
        f"Sum of S1: {s1_sum:.2f}; replication noise: {r.noise_share:.0%} of the variance of the point means.",
    ]
    return lines


def hinge_lines(study: Study) -> list[str]:
    """Which assumptions the fragility conclusions hinge on, in words, from the Sobol results."""
    out = []
    for o, r in study.sobol.items():
        t = r.indices.sort_values("ST", ascending=False)
        strong = [f for f, row in t.iterrows() if row.ST - row.ST_conf > 0.05]
        if not strong:
            out.append(f"- **{OUTCOME_WORDS[o]}**: no single factor has a total-order index clearly above 0.05.")
            continue
        parts = []
        for f in strong:
            row = t.loc[f]
            p = PARAMETERS[f]
            what = p.description.rstrip(".")
            what = what[0].lower() + what[1:]
            parts.append(f"`{f}` (ST {row.ST:.2f}, S1 {row.S1:.2f}: {what}; source: {p.source})")
        out.append(f"- **{OUTCOME_WORDS[o]}** rests mainly on " + "; ".join(parts) + ".")
    return out


def robustness_lines(study: Study) -> list[str]:
    """How the outcomes, and pattern P1a, spread over the Sobol sample."""
    lines = []
    run = study.sobol.get(RUNNING)
    if run is not None:
        q = np.quantile(run.point_values, [0.0, 0.25, 0.5, 0.75, 1.0])
        lines.append(
            f"- P(running at year 10) for one champion, over the {run.point_values.size} Sobol points: median"
            f" {q[2]:.2f}, quartiles {q[1]:.2f}–{q[3]:.2f}, range {q[0]:.2f}–{q[4]:.2f}."
        )
    dep = study.sobol.get(AFTER_DEPARTURE)
    if dep is not None:
        q = np.quantile(dep.point_values, [0.25, 0.5, 0.75])
        lines.append(
            f"- Months running in the 10 years after the departure, over the {dep.point_values.size} Sobol points:"
            f" median {q[1]:.0f}, quartiles {q[0]:.0f}–{q[2]:.0f}."
        )
    if dep is not None and dep.stopped_soon is not None:
        soon = dep.stopped_soon[np.isfinite(dep.stopped_soon)]
        lines.append(
            f"- Pattern P1a (most services running when the champion leaves stop within 36 months) holds at"
            f" {np.mean(soon > 0.5):.0%} of the {soon.size} Sobol points with a service running at the departure"
            f" (a point's share rests on {study.settings.sobol_replications} replications, so this count is noisy)."
        )
    return lines


def render(study: Study, figures: dict[str, str]) -> str:
    """The whole ``docs/sensitivity.md``."""
    s = study.settings
    n_runs = sum(w["runs"] for w in study.sweeps.values())
    population = [p for p in PARAMETERS.values() if p.population_only]
    excluded = [
        p for p in PARAMETERS.values() if not (p.uncertain and p.kind in ("int", "float")) and not p.population_only
    ]
    lines = [
        "# Sensitivity: which assumptions the fragility conclusions hinge on",
        "",
        f"Generated by `{COMMAND}` (the same as `journeysim sensitivity-report`) with journeysim {study.version}",
        f"(model code {study.code});",
        f"do not edit by hand. {n_runs:,} runs in four sweeps on the sweep machinery (results under",
        "`results/sensitivity/`, resumable; add `--scheduler tcp://HOST:PORT` to run them on a Dask cluster).",
        f"Settings: Morris {s.morris_trajectories} trajectories × {len(study.factors) + 1} points, {s.morris_levels}"
        f" levels, {s.morris_replications} replications per point; Sobol (Saltelli) N = {s.sobol_samples} ×"
        f" {len(study.sobol_factors) + 2} points, {s.sobol_replications} replications per point; seed {s.seed}.",
        "Each sweep folder is named by its experiment's hash and the model-code fingerprint, so a rerun with the",
        "same code resumes (or re-reads) it and a rerun after a model change starts afresh.",
        "Publication-grade settings (about 14 times the runs: hours on a workstation, or a Dask cluster):",
        "`--morris-trajectories 40 --morris-replications 20 --sobol-samples 1024 --sobol-replications 20`.",
        "",
        "## What is varied, and what is measured",
        "",
        f"- **Factors.** Morris screening covers all {len(study.factors)} parameters declared `uncertain` in",
        "  `journeysim/parameters.py` that act on a single service (the model's numeric assumptions), each",
        f"  uniformly over its declared plausible range. Another {len(excluded)} declared parameters describe a",
        "  service or an experiment rather than an assumption about the world (run length and dates, nation,",
        "  context indices, starting money, training pathway, fidelity stance, succession planning, class sizes,",
        "  national programme settings); the validation compares services that differ in them",
        f"  (`docs/validation.md`). The remaining {len(population)} act only in a population of services (links",
        "  between services, national policy levers, what courses achieve; `docs/nation.md`) and change nothing",
        "  in these single-service runs.",
        "- **Outcomes.** Per design point, the mean over replications (replication *i* shares its seeds across",
        "  points: common random numbers):",
        f"  - `{RUNNING}`: {OUTCOME_WORDS[RUNNING]}.",
        f"  - `{AFTER_DEPARTURE}`: {OUTCOME_WORDS[AFTER_DEPARTURE]}. The champion is made to leave at month 48",
        "    unless turnover or burnout took them earlier; the first departure starts the clock. **Censoring:** every",
        "    departure happens by month 48 of a 240-month run, so each run is followed for at least 192 months; the",
        f"    {WINDOW}-month window is never censored, and a service still running {WINDOW} months on counts",
        f"    as {WINDOW} (a restricted mean survival time). A service that had already stopped when the champion",
        "    left counts 0.",
        "- **Noise.** The model is stochastic, so each point's mean carries replication noise. The share reported",
        "  below is the mean within-point variance over the replications, divided by the variance of the point",
        "  means, as if points were independent. They are not: every point uses the same seeds, so much of the",
        "  noise is shared by neighbouring points and ends up attributed to the factors; read the share as an",
        "  upper bound, expect total-order indices to be inflated by noise, and read indices below about 0.05 as",
        "  zero. A parameter gets μ* = 0 exactly when no replication's outcome changed at any sampled step:",
        "  common random numbers make runs identical unless the parameter changes something that matters. That",
        "  is certain for parameters that cannot act in these scenarios (`national_programme_decay_annual`, the",
        "  gold-standard and succession factors), and is listed below for each outcome.",
        "",
        "## Which assumptions the conclusions hinge on",
        "",
        *hinge_lines(study),
        "",
        "How robust the fragility conclusions are across the plausible ranges of these factors:",
        "",
        *robustness_lines(study),
        "",
    ]
    for o, r in study.morris.items():
        lines += [
            f"## Morris screening: {OUTCOME_WORDS[o]}",
            "",
            f"Top 15 of {len(r.indices)} parameters by μ*, the mean absolute elementary effect: roughly the change in",
            "the outcome as the parameter moves across its whole declared range (SALib scales each step to the",
            "unit interval); μ is the signed mean; σ large against μ* means interactions or non-linearity.",
            f"Replication noise: {r.noise_share:.0%} of the variance of the point means.",
            "",
            *morris_table(r),
            "",
            *zero_effect_lines(r),
            "",
        ]
    lines += [
        "## Sobol indices for the most influential factors",
        "",
        f"Factors kept: the {len(study.sobol_factors)} with the largest μ* (each outcome's μ* scaled by its largest):",
        ", ".join(f"`{f}`" for f in study.sobol_factors) + ". The others stay at their defaults. S1: share of the",
        "variance due to the factor alone; ST: including its interactions. Intervals: SALib's bootstrap, 95%.",
        "",
    ]
    for o, r in study.sobol.items():
        lines += [f"### {OUTCOME_WORDS[o]}", "", *sobol_table(r), ""]
    if figures:
        lines += ["## Figures", "", *(f"- [{title}]({path})" for title, path in figures.items()), ""]
    return "\n".join(lines)


def morris_figure(r: OutcomeResult, title: str) -> Any:
    """μ* against σ, one labelled point per parameter."""
    import plotly.graph_objects as go

    t = r.indices.sort_values("mu_star", ascending=False)
    labels = [f if i < 12 else "" for i, f in enumerate(t.index)]
    fig = go.Figure(
        go.Scatter(
            x=t["mu_star"],
            y=t["sigma"],
            mode="markers+text",
            text=labels,
            textposition="top center",
            hovertext=list(t.index),
            error_x={"type": "data", "array": t["mu_star_conf"]},
        )
    )
    fig.update_layout(
        title=title, xaxis_title="μ* (mean |elementary effect|)", yaxis_title="σ", template="plotly_white"
    )
    return fig


def sobol_figure(r: OutcomeResult, title: str) -> Any:
    """First- and total-order indices with their intervals."""
    import plotly.graph_objects as go

    t = r.indices.sort_values("ST", ascending=True)
    fig = go.Figure()
    fig.add_bar(y=t.index, x=t["S1"], orientation="h", name="S1", error_x={"type": "data", "array": t["S1_conf"]})
    fig.add_bar(y=t.index, x=t["ST"], orientation="h", name="ST", error_x={"type": "data", "array": t["ST_conf"]})
    fig.update_layout(title=title, barmode="group", xaxis_title="Sobol index", template="plotly_white")
    return fig


def write_study(study: Study, out: Path, figures: Path) -> list[Path]:
    """Write the figures, ``docs/sensitivity.md`` and a JSON copy of the indices; return the paths."""
    figures.mkdir(parents=True, exist_ok=True)
    links: dict[str, str] = {}
    written: list[Path] = []
    makers: list[tuple[str, str, Callable[[OutcomeResult, str], Any], OutcomeResult]] = [
        (f"sensitivity_morris_{o}", f"Morris μ* and σ: {o}", morris_figure, r) for o, r in study.morris.items()
    ] + [(f"sensitivity_sobol_{o}", f"Sobol indices: {o}", sobol_figure, r) for o, r in study.sobol.items()]
    try:
        prefix = str(figures.resolve().relative_to(out.resolve().parent))
    except ValueError:
        prefix = str(figures.resolve())
    for name, title, make, r in makers:
        path = figures / f"{name}.html"
        make(r, title).write_html(path, include_plotlyjs="cdn", full_html=True, div_id=name)
        links[title] = f"{prefix}/{path.name}"
        written.append(path)
    data = figures / "sensitivity_indices.json"
    data.write_text(json.dumps(study.to_json(), indent=1, sort_keys=True))
    written.append(data)
    links["All indices (JSON)"] = f"{prefix}/{data.name}"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(render(study, links))
    written.insert(0, out)
    return written
