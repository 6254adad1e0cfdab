"""Every model parameter, declared once.

Each :class:`Parameter` carries its default, unit, plausible range and the
evidence behind it. The same declarations validate scenario files and
``--set`` overrides, build sweep designs and SALib problems, drive
uncertainty draws, and render ``docs/parameters.md``.

The declarations live in one module per part of the model
(:mod:`~journeysim.parameters.service`, :mod:`~journeysim.parameters.population`);
this module gathers them into :data:`PARAMETERS`.
"""

from __future__ import annotations

from journeysim.parameters import behaviour, demand, funding, history, nation, population, service, starting
from journeysim.parameters.spec import POPULATION_GROUPS, Parameter
from journeysim.values import ValueSpec
from journeysim.vocabulary import ROLES

DECLARATION_MODULES = (service, behaviour, demand, funding, history, starting, population, nation)

PARAMETERS: dict[str, Parameter] = {p.name: p for m in DECLARATION_MODULES for p in m.DECLARATIONS}

IMPLEMENTER_FIELDS: dict[str, ValueSpec] = {
    f.name: f
    for f in [
        ValueSpec(
            "role",
            "teacher",
            choices=ROLES,
            description="Organisational level of the implementer.",
            source="001 §Facilitation (teachers, managers, service users)",
        ),
        ValueSpec(
            "skill",
            0.6,
            unit="index 0-1",
            low=0.0,
            high=1.0,
            description="Communication, business sense and evaluation skills.",
            source="001 §MBCT implementers (critical characteristics)",
        ),
        ValueSpec(
            "commitment",
            0.8,
            unit="index 0-1",
            low=0.0,
            high=1.0,
            description="Personal commitment and drive.",
            source="001 §MBCT implementers",
        ),
        ValueSpec(
            "energy",
            None,
            unit="index 0-1",
            low=0.0,
            high=1.0,
            declared_kind="float",
            description="Starting energy (1 = fresh, low = near burnout); default from the nourishing stage.",
            source="001 §Discussion (burnout)",
        ),
        ValueSpec(
            "protected_time",
            False,
            description="Whether MBCT work is in their job plan.",
            source="001 §Context (crowbarred into an ordinary job)",
        ),
        ValueSpec(
            "lead",
            False,
            description="Whether this implementer holds the lead; the first one does if none is marked.",
            source="001 §MBCT implementers (the implementer)",
        ),
    ]
}


def parameter_table_markdown() -> str:
    """Render the declarations as the Markdown table in ``docs/parameters.md``."""
    lines = [
        "# Parameters",
        "",
        "Generated from the declarations in `journeysim/parameters/` by `journeysim docs`; do not edit by hand.",
        "Sources: `001 §X` is section X of the ASPIRE study's paper (Rycroft-Malone et al. 2019, *BMJ Open*",
        "9:e026244); `003` and `004` are the study's practitioner resources (its themes, and the checklist of",
        "stages by domain). *Assumption* marks numbers the study does not give; *design choice* marks a setting",
        "of the software rather than a claim about services. Ranges are what we consider plausible and are",
        "explored in `docs/sensitivity.md`.",
        "Parameters marked *uncertain* are drawn from their range when a comparison asks for parameter",
        "uncertainty (`--uncertain`).",
        "The groups *population*, *national policy* and *outcomes* act only in population scenarios (a",
        "`[population]` table, `journeysim nation`; see `docs/nation.md`). A single service ignores the first",
        "and last, is never drawn over them, and refuses national policy levers.",
        "",
    ]
    groups: dict[str, list[Parameter]] = {}
    for p in PARAMETERS.values():
        groups.setdefault(p.group, []).append(p)
    for group, params in groups.items():
        lines += [
            f"## {group}",
            "",
            "| name | default | unit | range | uncertain | source | meaning |",
            "|---|---|---|---|---|---|---|",
        ]
        for p in params:
            uncertain = "yes" if p.uncertain and p.numeric else "no"
            lines.append(
                f"| `{p.name}` | {p.default} | {p.unit} | {p.range_text()} | {uncertain} | {p.source} | {p.description} |"
            )
        lines.append("")
    lines += [
        "## implementer fields (`[[implementers]]`)",
        "",
        "| field | default | range | source | meaning |",
        "|---|---|---|---|---|",
    ]
    for f in IMPLEMENTER_FIELDS.values():
        lines.append(f"| `{f.name}` | {f.default} | {f.range_text()} | {f.source} | {f.description} |")
    return "\n".join(lines) + "\n"


__all__ = ["IMPLEMENTER_FIELDS", "PARAMETERS", "POPULATION_GROUPS", "Parameter", "parameter_table_markdown"]
