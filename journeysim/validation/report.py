"""Render a validation as ``docs/validation.md`` (its plotly figures: :mod:`journeysim.validation.figures`).

Everything here reads a :class:`~journeysim.validation.runner.Validation`;
nothing runs the model. The Markdown holds every figure as a number with its
interval, so the document stands without the HTML figures.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from journeysim.outcomes.formats import finite
from journeysim.parameters import PARAMETERS
from journeysim.uncertainty import uncertain_parameters
from journeysim.validation.knockouts import KNOCKOUTS
from journeysim.validation.measures import Estimate
from journeysim.validation.pattern_types import (
    CONSISTENCY,
    FAILS,
    HOLDS,
    PREDICTION,
    REPORTED,
    UNDEFINED,
    VALIDATION,
    Criterion,
)
from journeysim.validation.runner import PatternResult, Validation

COMMAND = "python experiments/validation.py"
CURVE_YEARS = (1, 3, 5, 8, 10, 15, 20)


UNIT_FORMATS = {"months": "{:.0f}", "relative": "{:+.0%}", "levels": "{:+.2f}", "difference": "{:+.3f}"}
"""How a number in each pattern unit is shown (any other unit: three decimals)."""


def fmt_value(x: float, unit: str) -> str:
    """One number in the pattern's unit."""
    return UNIT_FORMATS.get(unit, "{:.3f}").format(x) if np.isfinite(x) else "–"


def fmt_estimate(est: Estimate | None, unit: str) -> str:
    """``value [low, high]`` (n runs), or a dash when there is nothing to show."""
    if est is None:
        return "–"
    if not est.defined:
        return f"no data (n = {est.n})"
    return f"{fmt_value(est.value, unit)} [{fmt_value(est.low, unit)}, {fmt_value(est.high, unit)}]"


def fmt_verdict(verdict: str | None) -> str:
    """The verdict in bold when the pattern is not shown."""
    if verdict is None:
        return "–"
    return verdict if verdict == HOLDS else f"**{verdict}**"


def _row(*cells: str) -> str:
    """One Markdown table row, ``|`` and line breaks in the cells escaped."""
    return "| " + " | ".join(text.replace("|", "\\|").replace("\n", " ") for text in cells) + " |"


def _table(header: list[str], rows: list[list[str]]) -> list[str]:
    """A Markdown table: the header, its rule, then one escaped row per entry."""
    return [_row(*header), "|" + "---|" * len(header), *(_row(*r) for r in rows)]


def columns_of(v: Validation) -> list[str]:
    """Which figure columns the validation has: ``fixed``, then ``uncertain`` and/or ``posterior``.

    Without posterior runs the uncertainty column is always there (a dash under ``--no-uncertainty``),
    as the report has always had it; with posterior runs it is shown only if uncertain runs were made.
    """
    if v.posterior_runs is None:
        return ["fixed", "uncertain"]
    return ["fixed", *(["uncertain"] if v.uncertain_runs is not None else []), "posterior"]


def figures_of(r: PatternResult, column: str) -> tuple[Estimate | None, str | None]:
    """A pattern result's estimate and verdict in one column (``fixed``, ``uncertain`` or ``posterior``)."""
    return getattr(r, column), getattr(r, f"{column}_verdict")


COLUMN_LABELS = {
    "fixed": "fixed parameters",
    "uncertain": "with parameter uncertainty",
    "posterior": "with the calibrated posterior",
}


def pattern_table(v: Validation, kind: str = VALIDATION) -> list[str]:
    """One row per pattern of a kind, fixed, uncertain and posterior-drawn parameters side by side."""
    columns = columns_of(v)
    heads = [head for c in columns for head in (f"{COLUMN_LABELS[c]}: figure [95% CI]", "holds?")]
    rows = []
    for r in (r for r in v.patterns if r.pattern.kind == kind):
        p = r.pattern
        scen = ", ".join(f"`{s}`" for s in p.scenarios) + f" ({r.replications})"
        figures = []
        for est, verdict in (figures_of(r, c) for c in columns):
            figures += [fmt_estimate(est, p.unit), fmt_verdict(verdict)]
        crit = p.criterion.describe() if p.criterion is not None else "none (a prediction)"
        rows.append([f"**{p.id}**", p.statement, p.source, p.metric, p.counterfactual, scen, crit, *figures])
    if not rows:
        return [f"No {kind} was evaluated."]
    header = ["id", "pattern (our words)", "source", "metric", "matched counterfactual", "scenarios (runs each)"]
    return _table([*header, "criterion", *heads], rows)


def beside_lines(v: Validation) -> list[str]:
    """Figures reported beside a pattern's (fixed parameters): a second criterion, or a finding."""
    out = [
        f"- **{r.pattern.id}**, {label}: {fmt_estimate(est, 'difference' if 'finding' in label else 'share')}"
        + ("" if verdict == REPORTED else f", {fmt_verdict(verdict)}")
        for r in v.patterns
        for label, est, verdict in r.beside
    ]
    return out or ["None."]


def mechanism_table(v: Validation) -> list[str]:
    """One row per validation pattern: the mechanism that produces it and the knock-outs that remove it."""
    rows = []
    for r in (r for r in v.patterns if r.pattern.kind == VALIDATION):
        pid = r.pattern.id
        kos = ", ".join(k.id for k in KNOCKOUTS if pid in k.patterns) or "none: no single mechanism to switch off"
        rows.append([pid, r.pattern.mechanism or "-", kos])
    return _table(["pattern", "mechanism (model modules in brackets)", "knock-outs"], rows)


def _criterion(v: Validation, pattern_id: str) -> Criterion:
    p = next(r.pattern for r in v.patterns if r.pattern.id == pattern_id)
    return p.criterion if p.criterion is not None else Criterion("above", float("nan"), p.unit)


def knockout_table(v: Validation) -> list[str]:
    """One row per knock-out and pattern: with the mechanism, without it (same seeds)."""
    if not v.knockouts:
        return ["No knock-outs were run."]
    rows = []
    for r in v.knockouts:
        k, crit = r.knockout, _criterion(v, r.pattern_id)
        params = ", ".join(f"`{name}={value:g}`" for name, value in k.parameters.items())
        rows.append(
            [
                f"{k.id} ({r.replications} runs)",
                f"{k.mechanism} ({params})",
                r.pattern_id,
                crit.describe() if np.isfinite(crit.threshold) else "none (a prediction)",
                fmt_estimate(r.present, crit.unit),
                fmt_verdict(r.present_verdict),
                fmt_estimate(r.removed, crit.unit),
                fmt_verdict(r.removed_verdict),
            ]
        )
    header = ["knock-out", "mechanism switched off (parameters)", "pattern", "criterion", "with the mechanism"]
    return _table([*header, "holds?", "without it", "holds?"], rows)


def curve_table(v: Validation) -> list[str]:
    """Share of services running at chosen years, per scenario (fixed parameters)."""
    c = v.fixed_runs.curves
    rows = []
    for ref in dict.fromkeys(c["scenario"]):
        running = c[c["scenario"] == ref].set_index("month")["running"]
        rows.append([f"`{ref}`", *(f"{running.get(12 * y - 1, float('nan')):.2f}" for y in CURVE_YEARS)])
    return _table(["scenario", *(f"year {y}" for y in CURVE_YEARS)], rows)


def failing_lines(v: Validation) -> list[str]:
    """Plain-words list of patterns the model does not show (for the lead)."""
    out = []
    for r in v.patterns:
        shown = ((COLUMN_LABELS[c], *figures_of(r, c)) for c in COLUMN_LABELS)
        bad = [(label, est, v) for label, est, v in shown if v is not None and v not in (HOLDS, REPORTED)]
        readings = "".join(
            f" Why, from knock-out {k.id}: {k.reading}." for k in KNOCKOUTS if r.pattern.id in k.patterns and k.reading
        )
        for label, est, verdict in bad:
            why = readings if verdict == FAILS else ""
            out.append(
                f"- **{r.pattern.id}** ({label}): {verdict}; figure {fmt_estimate(est, r.pattern.unit)}, "
                f"criterion {_criterion(v, r.pattern.id).describe()}. {r.pattern.statement}{why}"
            )
    if out:
        return out
    if v.posterior_runs is None:
        return ["None: every pattern holds, with fixed parameters and with parameter uncertainty."]
    labels = [COLUMN_LABELS[c] for c in columns_of(v)]
    return [f"None: every pattern holds, {', '.join(labels[:-1])} and {labels[-1]}."]


def posterior_lines(v: Validation) -> list[str]:
    """The methods paragraph for the posterior column (nothing without posterior runs)."""
    if v.posterior_runs is None:
        return []
    post = v.settings.get("posterior", {})
    names = list(post.get("parameters", []))
    shown = ", ".join(f"`{n}`" for n in names)
    population = [n for n in names if n in PARAMETERS and PARAMETERS[n].population_only]
    generations = post.get("generations")
    made_by = post.get("code_fingerprint")
    lines = [
        f"**{COLUMN_LABELS['posterior'].capitalize()}.** Each replication draws one particle of the calibration's",
        "posterior (`journeysim calibrate`, [calibration.md](calibration.md)) with probability equal to its weight,",
        "from the same stream the uncertainty column draws from, so every scenario in replication *i* gets the",
        "same particle. The calibrated parameters take the particle's values; every other parameter stays at its",
        "declared default (or the scenario's own value, as in the fixed column): the posterior is conditional on",
        "those defaults, as the calibration held them there. A calibrated parameter a scenario sets on purpose",
        f"keeps the scenario's value. Calibrated parameters: {shown}.",
    ]
    if population:
        lines.append(
            "Parameters only a population of services uses ("
            + ", ".join(f"`{n}`" for n in population)
            + ") change nothing for a single service."
        )
    lines += [
        f"Posterior: folder `{post.get('folder')}`, digest {post.get('digest')}, {post.get('particles')} particles;",
        f"calibrated to `{Path(str(post.get('targets'))).name}` over "
        + (f"{generations} generations" if generations is not None else "an unrecorded number of generations")
        + (f", with model code {made_by}" if made_by else "")
        + (" (not this code: its particles may fit this model less well)." if made_by and made_by != v.code else "."),
    ]
    return ["", *lines]


def _section(heading: str, body: list[str]) -> list[str]:
    return [f"## {heading}", "", *body, ""]


def render(v: Validation, figures: dict[str, str] | None = None) -> str:
    """The whole ``docs/validation.md``."""
    reps = sorted({r.replications for r in v.patterns})
    runs_fixed = len(v.fixed_runs.frame)
    runs_unc = len(v.uncertain_runs.frame) if v.uncertain_runs is not None else 0
    n_uncertain = len(uncertain_parameters())
    if v.posterior_runs is None:
        run_counts = [
            f"replications per scenario: {runs_fixed:,} runs with fixed parameters and {runs_unc:,} with parameter",
            "uncertainty, plus the knock-out runs. The same command gives the same numbers on any machine and",
        ]
    else:
        uncertain_count = f", {runs_unc:,} with parameter uncertainty" if v.uncertain_runs is not None else ""
        run_counts = [
            f"replications per scenario: {runs_fixed:,} runs with fixed parameters{uncertain_count} and",
            f"{len(v.posterior_runs.frame):,} drawing from the calibrated posterior, plus the knock-out runs.",
            "The same command gives the same numbers on any machine and",
        ]
    lines = [
        "# Validation: the study's patterns in the model",
        "",
        f"Generated by `{COMMAND}` (the same as `journeysim validate`) with journeysim {v.version}, model code",
        f"{v.code};",
        f"do not edit by hand. Settings: {settings_line(v)}; root seed {v.seed}; {'/'.join(map(str, reps))}",
        *run_counts,
        "executor: a run's numbers depend only on its scenario, seed and replication.",
        "",
        "Pattern-oriented modelling (Grimm et al. 2005) asks a model to reproduce, from its mechanisms, several",
        "patterns the field reports, each tested against a criterion fixed before looking at the output. Each row",
        "below is one pattern of the ASPIRE study (seed 001, the BMJ Open paper; 003 and 004, the practitioner",
        "resources) in our own words, the metric that tests it, the scenarios (shipped scenarios and strategy",
        "overlays, which differ only in what the study says differs between services), the model's figure with",
        "its 95% confidence interval, and the verdict. No parameter is set per scenario to make a pattern hold.",
        "",
        "**Contrasts, not thresholds on one arm.** A *validation pattern* is one the model could have failed. Where",
        "the evidence allows it is a contrast with a matched counterfactual: the same services, seeds and",
        "replications with the event or feature removed (a champion who stays, a programme that never came, money",
        "that continues, a line never cut), run with common random numbers, the counterfactual changing no draw of",
        "the factual world; the figure is P(outcome | factual) - P(outcome | counterfactual), paired by",
        "replication. Where the study reports only a share in one kind of service, the table says so, and the",
        "knock-out that removes the pattern's mechanism is the evidence that a mechanism, not a definition,",
        "produces it. A *consistency check* (P4a: a freeze is defined from the very alignment and pressure the",
        "scenarios set) is true by the model's definitions and tests the code, not the world. A *prediction*",
        "(P8b: erosion after 2015, beyond the study's data) is reported with its interval and no verdict.",
        "",
        "**Verdicts.** *holds*: the whole 95% interval lies on the pattern's side of the threshold; *inconclusive*:",
        "the estimate does but the interval reaches the threshold; *fails*: the estimate does not; *no data*: no",
        'run met the metric\'s condition. **Thresholds** come from the study\'s wording: "usually" and "most" mean',
        'more than half; "takes years" at least two years (24 months); a difference counts when the study could',
        "have seen it: ten percentage points for a probability (four of the study's forty services), a quarter",
        "of a level on the 0-3 embeddedness scale (absent 0, patchy 1, fragile 2, embedded 3), or ten per cent",
        "more people reached. The patterns restated from the evidence (P1a, P1b, P8a, P9a, P9b, P11) carry",
        "thresholds fixed before the model was run on them.",
        "",
        ("**Two columns of figures.**" if v.posterior_runs is None else "**Columns of figures.**")
        + " *Fixed parameters*: every parameter at its declared default. *With parameter",
        "uncertainty*: each replication draws every parameter declared `uncertain` uniformly from its plausible",
        "range (`journeysim.uncertainty.draw_parameters`), the same draw for every scenario in that replication, so",
        "the interval covers what we do not know about the world as well as chance.",
        f"For a single service that is {n_uncertain} parameters: the weights, thresholds, increments, starting",
        "values and distribution bounds inside every mechanism are declared with plausible ranges and drawn too",
        "(`docs/parameters.md`), so this column rests on every assumption the model makes, not only on the rates",
        "and effect sizes declared before the model's coefficients were (at the same defaults, so the fixed column",
        "did not change when they were).",
        *posterior_lines(v),
        "",
        *_section("Validation patterns: contrasts the model could have failed", pattern_table(v, VALIDATION)),
        *_section("Figures beside the patterns (fixed parameters)", beside_lines(v)),
        *_section("Consistency checks: true by the model's definitions", pattern_table(v, CONSISTENCY)),
        *_section("Predictions: beyond the study's data, no criterion", pattern_table(v, PREDICTION)),
        *_section("Patterns the model does not show", failing_lines(v)),
        *_section("Which mechanism produces each validation pattern", mechanism_table(v)),
        "## Which mechanisms the patterns rest on: knock-outs",
        "",
        "Each knock-out reruns the pattern's scenarios on the same seeds with one mechanism switched off",
        "(parameter values outside the declared ranges, which the model accepts and no scenario file could set).",
        "A pattern that vanishes without a mechanism is produced by it; one that survives rests on something else.",
        "The knock-outs run with fixed parameters.",
        "",
        *knockout_table(v),
        "",
        *knockout_notes(v),
        "",
        *_section("Share of services running, by year (fixed parameters)", curve_table(v)),
        "## How the figures are computed",
        "",
        "- Shares and conditional shares: Wilson score interval. Medians: bootstrap percentile interval over runs.",
        "  Differences between scenarios: paired bootstrap over replications (replication *i* of every scenario",
        "  shares its random numbers and, with uncertainty, its parameter draw), 2,000 resamples, fixed seed",
        "  (`journeysim.analysis.bootstrap`).",
        "- *Stopped within 36 months of a departure* (P1, P2c, P5c) counts only services that were running when the",
        "  implementer left and whose run continues long enough afterwards for a stop in the 36 months to be seen,",
        "  so no eligible run is censored inside the window (`journeysim.validation.measures.stops` defines a stop",
        "  and its month). P1a compares the worlds where the lead champion is made to leave at month 48",
        "  (`+champion_leaves_year5`, pairs where that was the first departure) with the same worlds without it;",
        "  P1b compares the first natural departure with the matched worlds where that champion never leaves",
        "  (`+champion_stays`, which still makes the champion's leaving draws, so nothing else moves).",
        "- P8a reads Scotland's programme in the study's years (end of 2015) against the same services without it",
        "  (`+no_national_programme`); P9a reads services two years after their pilot grant ended with no recurrent",
        "  line against the same services whose grant is renewed (`+pilot_renewed`); P9b reads a recurrent line five",
        "  years after a cut to nothing (month 48) against the same line never cut, among services holding it then.",
        "- Levels at year 10 are read at the end of month 120; a service is *running* as the run's own outcomes read",
        "  it (its last course recent enough), and every measure reads running and stops through one definition.",
        "- *By construction*, not emergent: `embedded` requires a funding line, governance and a lead role, which only",
        "  top-down decisions and commissioning provide (`journeysim/model/embeddedness.py`). P3b and the K4",
        "  knock-out therefore test how often and how fast bottom-up work wins that support, not whether embedding",
        "  needs it.",
        *figure_lines(figures),
        "",
    ]
    return "\n".join(lines)


def settings_line(v: Validation) -> str:
    """The options that produced this validation, as command-line flags (empty: the defaults)."""
    s = v.settings
    flags = [f"--{k.replace('_', '-')} {s[k]}" for k in ("replications", "knockout_replications") if s.get(k)]
    if not s.get("uncertainty", True):
        flags.append("--no-uncertainty")
    if not s.get("knockouts"):
        flags.append("--no-knockouts")
    if s.get("posterior"):
        flags.append(f"--posterior {s['posterior']['folder']}")
    if s.get("patterns") and len(s["patterns"]) < s.get("patterns_total", 0):
        flags.append("--pattern " + ",".join(s["patterns"]))
    return "`" + " ".join(flags) + "`" if flags else "defaults"


def knockout_notes(v: Validation) -> list[str]:
    """Plain-words reading of each knock-out (did the targeted pattern vanish?)."""
    out = []
    for r in v.knockouts:
        unit = _criterion(v, r.pattern_id).unit
        change = f"{fmt_value(r.present.value, unit)} → {fmt_value(r.removed.value, unit)}"
        what = {
            HOLDS: "still holds",
            "inconclusive": "weakened, no longer clearly shown",
            "fails": "gone",
        }.get(r.removed_verdict, "cannot be observed")
        if r.present_verdict == REPORTED:
            what = "a prediction, reported"
        elif r.present_verdict != HOLDS and r.removed_verdict != UNDEFINED:
            what = f"not clearly shown with the mechanism either; without it, {r.removed_verdict}"
        line = f"- {r.knockout.id} / {r.pattern_id}: {what} ({change}). Expected: {r.knockout.expectation}."
        if r.knockout.reading:
            line += f" Reading: {r.knockout.reading}."
        out.append(line)
    return out


def figure_lines(figures: dict[str, str] | None) -> list[str]:
    """Links to the HTML figures, if any were written."""
    if not figures:
        return []
    return ["", "## Figures", "", *(f"- [{title}]({path})" for title, path in figures.items())]


def to_json(v: Validation) -> dict[str, Any]:
    """Machine-readable form of a validation (``journeysim validate --json``)."""

    def est(e: Estimate | None) -> dict[str, Any] | None:
        if e is None:
            return None
        return {"value": finite(e.value), "ci_low": finite(e.low), "ci_high": finite(e.high), "n": e.n}

    def figures(r: PatternResult) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for c in COLUMN_LABELS:
            e, verdict = figures_of(r, c)
            out |= {c: est(e), f"{c}_verdict": verdict}
        return out

    return {
        "journeysim": v.version,
        "code": v.code,
        "seed": v.seed,
        "settings": v.settings,
        "failed_runs": v.failed_runs,
        "patterns": [
            {
                "id": r.pattern.id,
                "statement": r.pattern.statement,
                "source": r.pattern.source,
                "metric": r.pattern.metric,
                "scenarios": list(r.pattern.scenarios),
                "replications": r.replications,
                "kind": r.pattern.kind,
                "counterfactual": r.pattern.counterfactual,
                "criterion": r.pattern.criterion.describe() if r.pattern.criterion is not None else None,
                "beside": [{"figure": label, **(est(e) or {}), "verdict": bv} for label, e, bv in r.beside],
                **figures(r),
            }
            for r in v.patterns
        ],
        "knockouts": [
            {
                "id": r.knockout.id,
                "mechanism": r.knockout.mechanism,
                "parameters": r.knockout.parameters,
                "pattern": r.pattern_id,
                "replications": r.replications,
                "with": est(r.present),
                "with_verdict": r.present_verdict,
                "without": est(r.removed),
                "without_verdict": r.removed_verdict,
            }
            for r in v.knockouts
        ],
    }
