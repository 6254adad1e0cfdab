"""``docs/sensitivity.md`` and its figures, from a finished :class:`~journeysim.validation.sensitivity_study.Study`."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

from journeysim.outcomes.formats import percent
from journeysim.parameters import PARAMETERS
from journeysim.validation.figures import write_html
from journeysim.validation.sensitivity_measures import (
    AFTER_DEPARTURE,
    NOISE_MULTIPLE,
    OUTCOME_WORDS,
    OUTCOMES,
    RUNNING,
    WINDOW,
    effects_frame,
    inert_parameters,
    largest_effects,
    strongest,
    top_by_outcome,
)
from journeysim.validation.sensitivity_study import COMMAND, OutcomeResult, Study


def _desc(name: str) -> str:
    p = PARAMETERS[name]
    kind = (
        "assumption"
        if p.source.strip().lower().startswith("assumption") or "value assumption" in p.source
        else "evidence"
    )
    return f"{p.description} ({p.low:g}–{p.high:g}; {kind}: {p.source})"


def morris_table(study: Study, outcome: str, rows: int = 10) -> list[str]:
    """Top Morris factors of one outcome over the scenarios, each in the scenario where its effect is largest."""
    t = top_by_outcome(study, rows).get(outcome)
    if t is None or t.empty:
        return ["No parameter changed this outcome in any scenario."]
    lines = [
        "| rank | parameter | scenario | μ* | μ*/spread | μ | σ | what it is |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for i, (f, row) in enumerate(t.iterrows(), 1):
        lines.append(
            f"| {i} | `{f}` | {row.scenario} | {row.mu_star:.3g} | {row.normalised:.2f} | {row.mu:+.3g}"
            f" | {row.sigma:.3g} | {_desc(str(f))} |"
        )
    return lines


def spread_lines(study: Study, outcome: str) -> list[str]:
    """The outcome's spread over the design and its replication noise, per scenario where it is measured."""
    parts = []
    for key, by in study.morris.items():
        r = by.get(outcome)
        if r is None:
            continue
        mean = float(np.nanmean(r.point_values)) if np.isfinite(r.point_values).any() else float("nan")
        noise = percent(r.noise_share, 0, "–")
        parts.append(f"{key}: mean {mean:.3g}, spread {r.spread:.3g}, noise {noise}, floor {r.noise_floor:.3g}")
    return [
        "Mean, spread (standard deviation over the runs), replication noise and the μ* of noise alone (floor) by"
        " scenario: " + "; ".join(parts) + "."
    ]


def inert_lines(study: Study) -> list[str]:
    """The inertness check, in words: every parameter must move some outcome above its noise floor somewhere."""
    inert = inert_parameters(study)
    pairs = sum(len(by) for by in study.morris.values())
    if not inert:
        return [
            f"**Passes**: every one of the {len(study.factors)} screened parameters acts above the noise floor on at"
            f" least one outcome in at least one scenario ({pairs} outcome-scenario pairs)."
        ]
    return [
        f"**Fails**: {len(inert)} of {len(study.factors)} screened parameters stay inside the noise floor on every"
        f" outcome in every scenario ({pairs} outcome-scenario pairs): what they do cannot be told"
        " from replication noise. Each is inert at these settings: either it cannot act on what the study measures"
        " (remove it, or give it the mechanism the evidence names), or it acts too weakly or rarely for this sample"
        " (rerun with more trajectories or replications). Inert, largest μ*/floor first:",
        "",
        *(f"- `{f}`: {_ratio(row.ratio)} ({row.outcome or 'μ* = 0 everywhere'}{_in(row.scenario)})"
          for f, row in largest_effects(study).loc[inert].sort_values("ratio", ascending=False).iterrows()),
    ]  # fmt: skip


def _ratio(ratio: float) -> str:
    return "no noise" if np.isinf(ratio) else f"{ratio:.2f} floors"


def _in(scenario: str) -> str:
    return f" in {scenario}" if scenario else ""


def largest_effect_table(study: Study) -> list[str]:
    """Every screened parameter's largest μ*/floor, with the outcome and scenario where it is reached."""
    reach = largest_effects(study)
    pairs = sum(len(by) for by in study.morris.values())
    lines = [
        "| parameter | group | max μ*/floor | outcome | scenario | μ*/spread there | above the floor in |",
        "|---|---|---|---|---|---|---|",
    ]
    for f, row in reach.sort_values(["ratio", "normalised"], ascending=False).iterrows():
        verdict = "" if row.acts else " **(inert)**"
        where = f"{row.outcome} | {row.scenario} | {row.normalised:.2f}" if row.outcome else "– | – | –"
        lines.append(
            f"| `{f}` | {PARAMETERS[str(f)].group} | {_ratio(row.ratio)}{verdict} | {where} | {row.acts} of {pairs} |"
        )
    return lines


def sobol_table(r: OutcomeResult) -> list[str]:
    """Sobol first- and total-order indices of one outcome, largest total first."""
    t = r.indices.sort_values("ST", ascending=False)
    lines = ["| parameter | S1 [95% CI] | ST [95% CI] |", "|---|---|---|"]
    for f, row in t.iterrows():
        s1 = f"{row.S1:.2f} [{row.S1 - row.S1_conf:.2f}, {row.S1 + row.S1_conf:.2f}]"
        st = f"{row.ST:.2f} [{row.ST - row.ST_conf:.2f}, {row.ST + row.ST_conf:.2f}]"
        lines.append(f"| `{f}` | {s1} | {st} |")
    s1_sum, noise = float(r.indices["S1"].sum()), percent(r.noise_share, 0, "–")
    lines += ["", f"Sum of S1: {s1_sum:.2f}; replication noise: {noise} of the variance of the point means."]
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


def scenario_lines(study: Study) -> list[str]:
    """The scenario set, each with why it is in the set and which outcomes it measures."""
    lines = ["| scenario | reference | outcomes | why it is in the set |", "|---|---|---|---|"]
    for key, s in study.scenarios.items():
        measured = len(study.morris.get(key, {}))
        lines.append(f"| {key} | `{s.label}` | {measured} | {s.why} |")
    return lines


def outcome_lines() -> list[str]:
    """The outcomes, by theme."""
    return [f"  - {o.theme}: `{o.name}`, {o.words}." for o in OUTCOMES.values()]


def render(study: Study, figures: dict[str, str]) -> str:
    """The whole ``docs/sensitivity.md``."""
    s = study.settings
    n_runs = sum(w["runs"] for w in study.sweeps.values())
    population = [p for p in PARAMETERS.values() if p.population_only]
    excluded = [
        p for p in PARAMETERS.values() if not (p.uncertain and p.kind in ("int", "float")) and not p.population_only
    ]
    points = len(study.factors) + 1
    lines = [
        "# Sensitivity: which assumptions the conclusions hinge on, and whether any does nothing",
        "",
        f"Generated by `{COMMAND}` (the same as `journeysim sensitivity-report`) with journeysim {study.version}",
        f"(model code {study.code});",
        f"do not edit by hand. {n_runs:,} runs in {len(study.sweeps)} sweeps on the sweep machinery (results under",
        "`results/sensitivity/`, resumable; add `--scheduler tcp://HOST:PORT` to run them on a Dask cluster).",
        f"Settings: Morris {s.morris_trajectories} trajectories × {points} points, {s.morris_levels} levels,"
        f" {s.morris_replications} replications per point, in each of {len(study.morris)} scenarios; Sobol (Saltelli)"
        f" N = {s.sobol_samples} × {len(study.sobol_factors) + 2} points, {s.sobol_replications} replications per"
        f" point, for each of {len(study.sobol)} fragility outcomes; seed {s.seed}.",
        "Each sweep folder is named by its experiment's hash and the model-code fingerprint, so a rerun with the",
        "same code resumes (or re-reads) it and a rerun after a model change starts afresh.",
        "Publication-grade settings (about 10 times the runs: hours on a workstation, or a Dask cluster):",
        "`--morris-trajectories 40 --morris-replications 10 --sobol-samples 1024 --sobol-replications 20`.",
        "",
        "## What is varied, and what is measured",
        "",
        f"- **Factors.** Morris screening covers all {len(study.factors)} parameters declared `uncertain` in",
        "  `journeysim/parameters/` that act on a single service (the model's numeric assumptions), each",
        f"  uniformly over its declared plausible range. Another {len(excluded)} declared parameters describe a",
        "  service or an experiment rather than an assumption about the world (run length and dates, nation,",
        "  kind of service, context indices, starting money, training pathway, fidelity stance, succession",
        "  planning, class sizes, national programme settings, the level criteria); the scenarios below and the",
        f"  validation (`docs/validation.md`) compare services that differ in them. The remaining {len(population)}",
        "  act only in a population of services (links between services, national policy levers, what courses",
        "  achieve; `docs/nation.md`) and change nothing in single-service runs.",
        "- **Scenarios.** A parameter can only show an effect where it is meant to act: handover when others",
        "  remain needs several implementers, a national programme needs Scotland's, costs need money, a starting",
        "  stage needs a service that starts in it. The screening runs one Morris sweep in each scenario below,",
        "  all with the same design and the same seeds (common random numbers); the set is the smallest we found",
        "  that gives every parameter a scenario where it is meant to act.",
        "",
        *scenario_lines(study),
        "",
        "- **Outcomes.** Each sweep yields every outcome from the same runs; per design point, the mean over",
        "  replications (replication *i* shares its seeds across points):",
        *outcome_lines(),
        "  The fade-out outcomes are measured only in scenarios with a scripted departure. **Censoring:** every",
        "  departure there happens by month 48 of a 240-month run, so each run is followed for at least 192 months;",
        f"  the {WINDOW}-month window is never censored: a service still running {WINDOW} months on counts",
        f"  {WINDOW} months running, and a last course {WINDOW} months or more after the departure counts {WINDOW}",
        "  (restricted means). A service that had already stopped when the champion left counts 0 months running.",
        "- **Comparable effects.** μ* is in the outcome's own unit; μ*/spread divides it by the outcome's standard",
        "  deviation over every run of that sweep (parameters and chance together), so effects on different",
        "  outcomes and in different scenarios can be compared: at 1, moving the parameter across its range moves",
        "  the outcome's mean by about one run-to-run standard deviation.",
        "- **Noise.** The model is stochastic, so each point's mean carries replication noise: the mean",
        "  within-point variance over the replications, divided by the variance of the point means, as if points",
        "  were independent. They are not: every point uses the same seeds, so much of the noise is shared by",
        "  neighbouring points and ends up attributed to the factors; read the share as an upper bound, expect",
        "  total-order indices to be inflated by noise, and read indices below about 0.05 as zero. A parameter",
        "  gets μ* = 0 exactly when no replication's outcome changed at any sampled step: common random numbers",
        "  make runs identical unless the parameter changes something that matters.",
        "- **Noise floor.** Replication noise alone gives every parameter some μ*: an elementary effect is the",
        "  difference of two point means over the Morris step Δ, so for independent noise its expected size, the",
        "  outcome's *floor*, is 2/√π × (s.d. of a point mean) / Δ, the s.d. being the root of the mean",
        "  within-point variance over the replications. Shared seeds make neighbouring points differ less, so the",
        f"  floor errs high. A parameter *acts* on an outcome in a scenario when its μ* exceeds {NOISE_MULTIPLE:g}",
        "  floors there and μ* less its bootstrap half-width (95%) exceeds one floor: with 12 or more",
        "  trajectories noise alone almost never gets that far on any of the pairs, with fewer it can; the",
        "  second condition keeps one flipped run on an outcome that rarely varies (a lone, large elementary",
        "  effect) from reading as an effect (`NOISE_MULTIPLE` in `journeysim/validation/sensitivity_measures.py`).",
        "",
        "## No inert parameter",
        "",
        "Every declared assumption should be able to move something the study measures, somewhere it is meant to",
        "act, by more than chance: a parameter that does not act above the noise floor on any outcome in any",
        "scenario is a failure of this check.",
        "",
        *inert_lines(study),
        "",
        "## Which assumptions the fragility conclusions hinge on",
        "",
        *hinge_lines(study),
        "",
        "How robust the fragility conclusions are across the plausible ranges of these factors:",
        "",
        *robustness_lines(study),
        "",
        "## Morris screening: the top factors of each outcome",
        "",
        "Per outcome, the 10 parameters with the largest μ*/spread over the scenarios, each in the scenario where",
        "its effect is largest. μ* is the mean absolute elementary effect: roughly the change in the outcome as",
        "the parameter moves across its whole declared range (SALib scales each step to the unit interval); μ is",
        "the signed mean; σ large against μ* means interactions or non-linearity.",
        "",
    ]
    for o in OUTCOMES.values():
        if not any(o.name in by for by in study.morris.values()):
            continue
        lines += [
            f"### {o.theme}: `{o.name}`",
            "",
            f"{o.words[0].upper()}{o.words[1:]}.",
            "",
            *morris_table(study, o.name),
            "",
            *spread_lines(study, o.name),
            "",
        ]
    lines += [
        "## Every parameter's largest effect",
        "",
        "Each screened parameter's largest μ* in noise floors over all outcomes and scenarios, where it is",
        "reached (with μ*/spread there), and in how many outcome-scenario pairs it acts above the noise floor;",
        "largest first. All indices are in the JSON below.",
        "",
        *largest_effect_table(study),
        "",
        "## Sobol indices for the most influential factors",
        "",
        f"Factors kept: the {len(study.sobol_factors)} with the largest μ* on the two fragility outcomes, each in its",
        "own scenario (each outcome's μ* scaled by its largest): "
        + ", ".join(f"`{f}`" for f in study.sobol_factors)
        + ". The others stay at their defaults. S1: share of the variance due to the factor alone; ST: including",
        "its interactions. Intervals: SALib's bootstrap, 95%.",
        "",
    ]
    for o, r in study.sobol.items():
        lines += [f"### {OUTCOME_WORDS[o]}", "", *sobol_table(r), ""]
    if figures:
        lines += ["## Figures", "", *(f"- [{title}]({path})" for title, path in figures.items()), ""]
    return "\n".join(lines)


def outcome_figure(study: Study, outcome: str, title: str) -> Any:
    """μ*/spread against σ/spread for one outcome, each parameter in the scenario where its effect is largest."""
    import plotly.graph_objects as go

    long = effects_frame(study)
    best = strongest(long[long["outcome"] == outcome])
    scale = best["normalised"] / best["mu_star"].where(best["mu_star"] > 0)
    sigma = (best["sigma"] * scale).fillna(0.0)
    labels = [f if i < 12 else "" for i, f in enumerate(best["parameter"])]
    fig = go.Figure(
        go.Scatter(
            x=best["normalised"],
            y=sigma,
            mode="markers+text",
            text=labels,
            textposition="top center",
            hovertext=[f"{f} ({k})" for f, k in zip(best["parameter"], best["scenario"], strict=True)],
        )
    )
    fig.update_layout(title=title, xaxis_title="μ*/spread", yaxis_title="σ/spread", template="plotly_white")
    return fig


def heatmap_figure(study: Study, title: str) -> Any:
    """μ*/spread of every parameter (rows) on every outcome in every scenario (columns)."""
    import plotly.graph_objects as go

    long = effects_frame(study)
    long["pair"] = long["scenario"] + " · " + long["outcome"]
    grid = long.pivot_table(index="parameter", columns="pair", values="normalised", aggfunc="max", sort=False)
    grid = grid.reindex(study.factors)
    fig = go.Figure(go.Heatmap(z=grid.to_numpy(), x=list(grid.columns), y=list(grid.index), colorscale="Viridis"))
    fig.update_layout(title=title, height=max(400, 14 * len(grid)), template="plotly_white")
    return fig


def write_study(study: Study, out: Path, figures: Path) -> list[Path]:
    """Write the figures, ``docs/sensitivity.md`` and a JSON copy of the indices; return the paths."""
    measured = [o for o in OUTCOMES if any(o in by for by in study.morris.values())]
    makers: list[tuple[str, str, Callable[[], Any]]] = [
        (f"sensitivity_morris_{o}", f"Morris μ*/spread and σ/spread: {o}", lambda o=o: outcome_figure(study, o, o))
        for o in measured
    ]
    makers.append(
        (
            "sensitivity_morris_all",
            "Morris μ*/spread, every parameter, outcome and scenario",
            lambda: heatmap_figure(study, "Morris μ*/spread"),
        )
    )
    makers += [
        (f"sensitivity_sobol_{o}", f"Sobol indices: {o}", lambda r=r, o=o: sobol_figure(r, f"Sobol indices: {o}"))
        for o, r in study.sobol.items()
    ]
    try:
        prefix = str(figures.resolve().relative_to(out.resolve().parent))
    except ValueError:
        prefix = str(figures.resolve())
    links = write_html(makers, figures, prefix)
    data = figures / "sensitivity_indices.json"
    data.write_text(json.dumps(study.to_json(), indent=1, sort_keys=True), encoding="utf-8")
    links["All indices (JSON)"] = f"{prefix}/{data.name}"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(render(study, links), encoding="utf-8")
    return [out, *(figures / f"{name}.html" for name, _, _ in makers), data]


def sobol_figure(r: OutcomeResult, title: str) -> Any:
    """First- and total-order indices with their intervals."""
    import plotly.graph_objects as go

    t = r.indices.sort_values("ST", ascending=True)
    fig = go.Figure()
    fig.add_bar(y=t.index, x=t["S1"], orientation="h", name="S1", error_x={"type": "data", "array": t["S1_conf"]})
    fig.add_bar(y=t.index, x=t["ST"], orientation="h", name="ST", error_x={"type": "data", "array": t["ST_conf"]})
    fig.update_layout(title=title, barmode="group", xaxis_title="Sobol index", template="plotly_white")
    return fig
