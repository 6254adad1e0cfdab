"""The reports' appendix: the scenarios, their parameters, and the run manifest.

The parameters table puts the scenarios side by side and marks the rows where
they differ, which is what a reader checks first.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from journeysim.presentation.document import Report


def _is_definition(value: Any) -> bool:
    return isinstance(value, dict) and isinstance(value.get("parameters"), dict)


def scenario_definitions(manifest: dict[str, Any], names: list[str] | None = None) -> dict[str, dict[str, Any]]:
    """Scenario definitions (``Scenario.to_dict()`` shape) the manifest records, in the order of ``names``.

    A comparison's manifest holds ``scenarios``: name -> definition, or -> ``{"definition": ...}``;
    a sweep's or a population run's holds one ``scenario_definition``.
    """
    found: dict[str, dict[str, Any]] = {}
    for name, value in (manifest.get("scenarios") or {}).items():
        definition = value.get("definition", value) if isinstance(value, dict) else None
        if _is_definition(definition):
            found[str(name)] = definition
    single = manifest.get("scenario_definition")
    if not found and _is_definition(single):
        found[str(single.get("name", "scenario"))] = single
    if names:
        found = {n: found[n] for n in names if n in found} | {n: d for n, d in found.items() if n not in names}
    return found


def parameter_ranges(runs: pd.DataFrame, params: list[str]) -> pd.DataFrame:
    """Per parameter (a ``param.<name>`` column of ``runs``): how many distinct values, and the smallest and largest."""
    rows = []
    for name in params:
        values = runs[f"param.{name}"]
        numeric = pd.to_numeric(values, errors="coerce")
        known = numeric.notna().any()
        rows.append(
            {
                "parameter": name,
                "distinct values": int(values.nunique()),
                "min": float(numeric.min()) if known else None,
                "max": float(numeric.max()) if known else None,
            }
        )
    return pd.DataFrame(rows)


def parameters_table(definitions: dict[str, dict[str, Any]]) -> tuple[pd.DataFrame, list[bool]]:
    """Parameters side by side (rows that differ first); returns the table and which rows differ."""
    keys = sorted({k for d in definitions.values() for k in d["parameters"]})
    rows = []
    for key in keys:
        values = [d["parameters"].get(key) for d in definitions.values()]
        rows.append((len({repr(v) for v in values}) > 1, key, values))
    rows.sort(key=lambda r: (not r[0], r[1]))
    frame = pd.DataFrame([[k, *v] for _, k, v in rows], columns=["parameter", *definitions])
    return frame, [r[0] for r in rows]


def _start_table(definitions: dict[str, dict[str, Any]]) -> tuple[pd.DataFrame, list[bool]]:
    domains = list(dict.fromkeys(k for d in definitions.values() for k in (d.get("start") or {})))
    frame = pd.DataFrame(
        [
            [dom, *[(d.get("start") or {}).get(dom, "—").replace("_", " ") for d in definitions.values()]]
            for dom in domains
        ],
        columns=["domain (seed 004)", *definitions],
    )
    differs = [len(set(r[1:])) > 1 for r in frame.itertuples(index=False)]
    return frame, differs


def add_appendix(
    report: Report,
    runs: pd.DataFrame,
    manifest: dict[str, Any],
    comparison: dict[str, Any] | None = None,
    experiment: dict[str, Any] | None = None,
    names: list[str] | None = None,
) -> None:
    """Append the scenarios, parameters and manifest sections to ``report``."""
    report.section("Appendix A: scenarios")
    definitions = scenario_definitions(manifest, names)
    if definitions:
        report.table(
            pd.DataFrame(
                [
                    {
                        "scenario": name,
                        "description": d.get("description", ""),
                        "strategies": ", ".join(d.get("strategies") or []) or "—",
                        "implementers": ", ".join(str(i.get("role")) for i in d.get("implementers") or []) or "none",
                        "interventions": "; ".join(
                            f"{i.get('kind')} at month {i.get('month')}" for i in d.get("interventions") or []
                        )
                        or "none",
                    }
                    for name, d in definitions.items()
                ]
            )
        )
        start, start_differs = _start_table(definitions)
        if len(start):
            report.heading("Starting stage of each domain")
            report.table(start, highlight=start_differs)
    else:
        report.paragraph("The manifest does not record the scenario definitions.")

    report.section("Appendix B: parameters")
    if definitions:
        table, differs = parameters_table(definitions)
        report.paragraph(f"{sum(differs)} parameter(s) differ between the scenarios (highlighted, listed first).")
        report.table(table, highlight=differs)
    params = [str(c).removeprefix("param.") for c in runs.columns if str(c).startswith("param.")]
    if params:
        report.heading("Parameters varied across runs")
        report.table(parameter_ranges(runs, params))
    if experiment:
        report.heading("Experiment definition")
        report.code(experiment)

    report.section("Appendix C: run manifest")
    report.paragraph(
        f"{len(runs)} run(s). Same scenario, seed and package version give the same numbers; "
        "the manifest records all three."
    )
    report.code(manifest)
    if comparison:
        report.code(comparison, summary="The comparison as computed (JSON)")
