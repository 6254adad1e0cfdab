"""Every model parameter, declared once, gathered into one registry.

Each :class:`Parameter` carries its default, unit, plausible range and the
evidence behind it. The same declarations validate scenario files and
``--set`` overrides, build sweep designs and SALib problems, drive
uncertainty draws, and render ``docs/parameters.md``.

A monthly mechanism declares the parameters it reads next to its code
(``journeysim/model/<mechanism>.py``; :data:`journeysim.model.mechanisms.MECHANISMS`
lists them in step order). The declarations that belong to no monthly mechanism live
here, one module per part: the service's description (:mod:`~journeysim.parameters.service`),
its national history (:mod:`~journeysim.parameters.history`), the starting stages
(:mod:`~journeysim.parameters.starting`) and populations of services
(:mod:`~journeysim.parameters.population`, :mod:`~journeysim.parameters.nation`).
:data:`PARAMETERS` gathers both in the order of :data:`~journeysim.parameters.order.ORDER`.
"""

from __future__ import annotations

from journeysim.declare import POPULATION_GROUPS, Mechanism, Parameter
from journeysim.model.mechanisms import MECHANISMS
from journeysim.parameters import history, nation, population, service, starting
from journeysim.parameters.order import ORDER
from journeysim.values import ValueSpec
from journeysim.vocabulary import ROLES

DECLARATION_MODULES = (service, history, starting, population, nation)


def _gather(own: list[Parameter], mechanisms: tuple[Mechanism, ...]) -> dict[str, Parameter]:
    """Every declaration, in :data:`ORDER` (parameters it does not list follow, in the order gathered)."""
    declared = own + [p for mechanism in mechanisms for p in mechanism.parameters]
    rank = {name: i for i, name in enumerate(ORDER)}
    registry = {p.name: p for p in sorted(declared, key=lambda p: rank.get(p.name, len(ORDER)))}
    if len(registry) != len(declared):
        raise ValueError("a parameter is declared twice")
    return registry


PARAMETERS: dict[str, Parameter] = _gather([p for m in DECLARATION_MODULES for p in m.DECLARATIONS], MECHANISMS)
# The monthly mechanism that declares each parameter (absent: declared here, by part).
OWNER: dict[str, str] = {p.name: m.name for m in MECHANISMS for p in m.parameters}

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
        "Generated from the declarations by `journeysim docs`; do not edit by hand. Each monthly mechanism",
        "declares the parameters it reads at the top of its module (`journeysim/model/<mechanism>.py`); they",
        "come first, one section per mechanism in step order. The rest (the service's description, its national",
        "history, starting stages, populations) are declared in `journeysim/parameters/` and follow by group.",
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
    header = [
        "| name | default | unit | range | uncertain | group | source | meaning |",
        "|---|---|---|---|---|---|---|---|",
    ]
    sections = [(f"{m.name} (mechanism)", m.does, m.parameters) for m in MECHANISMS]
    groups: dict[str, list[Parameter]] = {}
    for p in PARAMETERS.values():
        if p.name not in OWNER:
            groups.setdefault(p.group, []).append(p)
    sections += [(group, "", tuple(params)) for group, params in groups.items()]
    for title, does, params in sections:
        lines += [f"## {title}", "", *([does, ""] if does else []), *header]
        for p in params:
            uncertain = "yes" if p.uncertain and p.numeric else "no"
            lines.append(
                f"| `{p.name}` | {p.default} | {p.unit} | {p.range_text()} | {uncertain} | {p.group} | {p.source} "
                f"| {p.description} |"
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


__all__ = ["IMPLEMENTER_FIELDS", "OWNER", "PARAMETERS", "POPULATION_GROUPS", "Parameter", "parameter_table_markdown"]
