"""``docs/sensitivity.md`` and its figures, from a finished :class:`~journeysim.validation.sensitivity_study.Study`."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

from journeysim.parameters import PARAMETERS
from journeysim.validation.sensitivity_study import (
    AFTER_DEPARTURE,
    COMMAND,
    OUTCOME_WORDS,
    RUNNING,
    WINDOW,
    OutcomeResult,
    Study,
)


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
        "  `journeysim/parameters/` that act on a single service (the model's numeric assumptions), each",
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
    data.write_text(json.dumps(study.to_json(), indent=1, sort_keys=True), encoding="utf-8")
    written.append(data)
    links["All indices (JSON)"] = f"{prefix}/{data.name}"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(render(study, links), encoding="utf-8")
    written.insert(0, out)
    return written
