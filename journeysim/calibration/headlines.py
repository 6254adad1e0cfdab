"""Section 5 of the calibration page: headline conclusions with the declared ranges against the posterior.

The caller runs each study twice with :func:`journeysim.compare` (``uncertain=True`` and ``posterior=DIR``, same
scenarios, replications and seed) and passes the two summaries, relabelled with the study's own names; these
functions tabulate them side by side and say in words which conclusions change: a paired difference whose
direction or significance differs, or an estimate whose two intervals no longer overlap.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import Any

from journeysim.outcomes.formats import count, decimal, percent


def markdown_table(header: Sequence[str], rows: Sequence[Sequence[Any]]) -> list[str]:
    """A GitHub Markdown table, as lines."""
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    return lines + ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]


def duration(seconds: float | None) -> str:
    """``45 s``, ``12 min`` or ``1.5 h``."""
    if seconds is None:
        return "not recorded"
    if seconds < 120:
        return f"{seconds:.0f} s"
    if seconds < 7200:
        return f"{seconds / 60:.0f} min"
    return f"{seconds / 3600:.1f} h"


FRAGILITY_METRICS: tuple[tuple[str, str, str], ...] = (
    ("p_running_at_end", "running at year 20", "share"),
    ("p_collapse_after_departure", "stopped after the departure", "share"),
    ("p_embedded_at.10", "embedded at year 10", "share"),
    ("departure_to_collapse", "median years from the departure to collapse", "median"),
    ("departure_to_last_course", "median years from the departure to the last course", "median"),
    ("people_reached", "people reached", "count"),
)
FRAGILITY_DIFFERENCES = ("p_running_at_end", "p_collapse_after_departure", "p_embedded_at_10", "people_reached")
NATIONAL_METRICS: tuple[tuple[str, str, str], ...] = (
    ("share_embedded_final", "embedded at the end", "share"),
    ("share_fragile_or_better_final", "fragile or embedded at the end", "share"),
    ("share_no_teacher_final", "nobody trained at the end", "share"),
    ("participants_per_100k_year", "people reached per 100,000 a year", "rate"),
    ("relapses_prevented_total", "relapses prevented", "count"),
    ("gini_final", "inequality of access (Gini)", "index"),
)
NATIONAL_DIFFERENCES = (
    "share_embedded_final",
    "share_fragile_or_better_final",
    "participants_total",
    "relapses_prevented_total",
    "gini_final",
)


def estimate(summary: dict[str, Any], metric: str) -> tuple[float | None, float | None, float | None]:
    """One scenario's value and interval of ``metric`` (``a.b`` for nested keys) from a comparison summary."""
    head, _, tail = metric.partition(".")
    x = summary.get(head)
    if tail:
        ci = (summary.get(f"{head}_ci") or {}).get(tail) or (None, None)
        x = (x or {}).get(tail)
        return x, ci[0], ci[1]
    if isinstance(x, dict) and "median_years" in x:
        return (x["median_years"] if x.get("median_reached") else None), x.get("ci_low"), x.get("ci_high")
    if isinstance(x, dict):
        return x.get("value"), x.get("ci_low"), x.get("ci_high")
    ci = summary.get(f"{metric}_ci") or (None, None)
    return x, ci[0], ci[1]


SHOWN: dict[str, Callable[[float | None], str]] = {
    "share": lambda x: percent(x, 0, "–"),
    "median": lambda x: decimal(x, 1, "∞"),  # an open upper bound is "infinity"
    "index": lambda x: decimal(x, 2, "–"),
    "rate": lambda x: decimal(x, 1, "–"),
    "count": lambda x: count(x, "–"),
}
"""How an estimate of each kind of metric is shown."""


def _shown(kind: str, v: float | None, lo: float | None, hi: float | None) -> str:
    f = SHOWN.get(kind, SHOWN["count"])
    value = ("not reached" if v is None else f(v)) if kind == "median" else f(v)
    return value + ("" if lo is None else f" ({f(lo)}–{f(hi)})")


def _separate(a: tuple, b: tuple) -> bool:
    """Whether two intervals (value, low, high) do not overlap."""
    (_, lo1, hi1), (_, lo2, hi2) = a, b
    if None in (lo1, lo2):
        return False
    hi1 = math.inf if hi1 is None else hi1
    hi2 = math.inf if hi2 is None else hi2
    return hi1 < lo2 or hi2 < lo1


def _difference(d: dict[str, Any], kind: str) -> str:
    def fmt(x: float) -> str:
        if kind == "share":
            return f"{100 * x:+.1f} pts"
        if kind == "index" or abs(d["diff"]) < 1:
            return f"{x:+.3f}"
        return f"{x:+,.0f}"

    star = " *" if d.get("ci_excludes_zero") else ""
    return f"{fmt(d['diff'])} ({fmt(d['ci_low'])} to {fmt(d['ci_high'])}){star}"


def _verdict(d: dict[str, Any] | None) -> str:
    if d is None:
        return "?"
    if not d.get("ci_excludes_zero"):
        return "no clear difference"
    return "higher" if d["diff"] > 0 else "lower"


def comparison_lines(
    block: dict[str, Any], metrics: Sequence[tuple[str, str, str]], differences: Sequence[str]
) -> list[str]:
    """One study's outcomes and paired differences under the declared ranges and the posterior, and what changes.

    When the block also holds a run at the defaults (``block["defaults"]``), it is shown first: the posterior
    against the defaults is like for like (every parameter it does not calibrate is at its default in both),
    so what changes between them is what calibration alone changes.
    """
    ways = [w for w in ("defaults", "uncertain") if block.get(w) is not None]  # what the posterior is set against
    labels = list(block["labels"])
    base = labels[0]
    moved: dict[str, list[str]] = {w: [] for w in ways}
    changed: dict[str, list[str]] = {w: [] for w in ways}
    rows = []
    for label in labels:
        for metric, words, kind in metrics:
            b = estimate(block["posterior"]["scenarios"][label], metric)
            row, sep = [label, words], False
            for w in ways:
                a = estimate(block[w]["scenarios"][label], metric)
                row.append(_shown(kind, *a))
                if _separate(a, b):
                    moved[w].append(f"{words} for {label} ({_shown(kind, *a)} → {_shown(kind, *b)})")
                    sep = sep or w == "uncertain"
            rows.append([*row, _shown(kind, *b), "**moved**" if sep else ""])
    defaults = ["defaults"] if "defaults" in ways else []
    header = ["scenario", "outcome", *defaults, "declared ranges (`--uncertain`)", "posterior (`--posterior`)", ""]
    lines = [
        *markdown_table(header, rows),
        "",
        f"Paired differences against {base} (b − a, 95% bootstrap interval; * = excludes 0):",
        "",
    ]
    kinds = {m.split(".")[0]: k for m, _, k in metrics}
    drows = []
    for metric in differences:
        for label in labels[1:]:
            du, dp = (_find(block[w]["differences"], base, label, metric) for w in ("uncertain", "posterior"))
            if du is None or dp is None:
                continue
            kind = du.get("kind") or kinds.get(metric) or ("share" if metric.startswith("p_") else "count")
            vp = _verdict(dp)
            row = [label, du["label"]]
            for w in ways:
                dw = _find(block[w]["differences"], base, label, metric)
                row.append("–" if dw is None else _difference(dw, kind))
                if dw is not None and _verdict(dw) != vp:
                    where = "at the defaults" if w == "defaults" else "under the declared ranges"
                    changed[w].append(
                        f"{label} against {base}, {du['label']}: {_verdict(dw)} {where}, {vp} under the posterior"
                    )
            drows.append([*row, _difference(dp, kind), "**changes**" if _verdict(du) != vp else ""])
    lines += [*markdown_table(["scenario", "outcome", *defaults, "declared ranges", "posterior", ""], drows), ""]
    lines += _changes(changed["uncertain"], moved["uncertain"], "the declared ranges")
    if defaults:
        lines += ["", *_changes(changed["defaults"], moved["defaults"], "the defaults")]
    return lines


def _changes(changed: list[str], moved: list[str], against: str) -> list[str]:
    """What changes from ``against`` to the posterior, in words."""
    if not changed and not moved:
        return [
            f"**Against {against}, no conclusion changes**: every paired difference keeps its direction and"
            " significance, and no estimate moves beyond the overlap of the two intervals."
        ]
    lines = [
        f"**Conclusions that change against {against}** (the direction or significance of a paired"
        " difference): " + "; ".join(changed) + "."
        if changed
        else f"Against {against}, every paired difference keeps its direction and significance."
    ]
    if moved:
        lines += ["", f"Estimates whose intervals no longer overlap those under {against}: " + "; ".join(moved) + "."]
    return lines


def _find(diffs: list[dict[str, Any]], a: str, b: str, metric: str) -> dict[str, Any] | None:
    return next((d for d in diffs if d["a"] == a and d["b"] == b and d["metric"] == metric), None)


def _reduced(block: dict[str, Any]) -> str:
    study = block.get("study_replications")
    if study is None or block["replications"] == study:
        return "as in the study"
    if block["replications"] < study:
        return f"reduced from the study's {study}, to keep this page's script short: the intervals are wider"
    return f"more than the study's {study}"


def _runs(block: dict[str, Any]) -> str:
    """How many ways a study was run, in words."""
    return "three" if "defaults" in block else "two"


def headline_lines(headlines: dict[str, Any] | None) -> list[str]:
    """Section 5: the fragility and national policy studies with the declared ranges and with the posterior."""
    if not headlines:
        return ["Not computed for this page (`--skip-headlines`); run `python experiments/calibration.py` without it."]
    lines = [
        "Each study is run twice with the same scenarios, replications and seed: once drawing every uncertain"
        " parameter from its declared range (`journeysim compare --uncertain`), once drawing one posterior particle"
        " per replication (`journeysim compare --posterior DIR`). With the posterior, the calibrated parameters come"
        " from the particle and every other parameter stays at its default (a single service uses only the"
        " calibrated parameters that act on one service), so the second run is narrower for two reasons: the"
        " calibration, and the parameters no longer drawn. A third run holds every parameter at its default"
        " (`journeysim compare`): against it the posterior is like for like, the same parameters fixed in both,"
        " so what changes between those two columns is what calibration alone changes.",
        "",
    ]
    f = headlines.get("fragility")
    if f:
        lines += [
            "### The fragility hypothesis (`experiments/fragility.py`)",
            "",
            f"Scenarios: {', '.join(f'{k} (`{v}`)' for k, v in f['labels'].items())}; {f['replications']} paired"
            f" replications each, seed {f['seed']}, under each of the {_runs(f)}.",
            "",
            *comparison_lines(f, FRAGILITY_METRICS, FRAGILITY_DIFFERENCES),
            "",
        ]
    n = headlines.get("national")
    if n:
        lines += [
            "### National policy (`experiments/national_policy.py`)",
            "",
            f"Policies: {', '.join(f'{k} (`{v}`)' for k, v in n['labels'].items())}; **{n['replications']} paired"
            f" replications** each ({_reduced(n)}), seed {n['seed']}, under each of the {_runs(n)}. Outcomes at the end"
            " of the run (2028); means with 95% bootstrap intervals. The study's 2015 census check is left out"
            " here: the shipped targets hold it (see the predictive checks).",
            "",
            *comparison_lines(n, NATIONAL_METRICS, NATIONAL_DIFFERENCES),
            "",
        ]
        if n.get("sweep"):
            lines += [n["sweep"], ""]
    if headlines.get("seconds") is not None:
        lines.append(f"These comparisons took {duration(headlines['seconds'])}.")
    return lines
