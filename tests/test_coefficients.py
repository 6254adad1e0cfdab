"""Every coefficient that shapes behaviour is a declared parameter.

Scans the model and the population model for numeric literals. A literal is
allowed only if it is a structural identity (0 and 1 as bounds, 12 months a
year), sits inside a declaration (a parameter, a value spec, an intervention
detail, a dated national event: the declaration is where numbers live, with
their source), or is one of the named structural constants listed below with
the reason it is not a coefficient.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import journeysim
from journeysim.parameters import PARAMETERS

PACKAGE = Path(journeysim.__file__).parent
SCANNED = ("model", "nation")
IDENTITIES = {0, 1, 12}  # bounds and identities, and 12 months a year (0.0 and 1.0 compare equal)
DECLARATIONS = {"Parameter", "ValueSpec", "Detail", "NationalEvent"}
# Named constants that are not behaviour: (file, name) -> why.
STRUCTURAL_CONSTANTS = {
    ("model/draws.py", "BLOCK"): "uniforms fetched from numpy at a time (speed only; the sequence is the same)",
    ("model/draws.py", "MAX_POISSON"): "cap on the Poisson inversion loop (never reached at the model's means)",
    ("model/draws.py", "NORMAL_FROM"): "expected count above which a binomial is drawn from its normal approximation",
    ("model/draws.py", "TAIL"): "how far uniforms are kept from 0 and 1 before the normal is inverted",
    ("model/workforce.py", "EMERGENCE_DRAWS"): "uniforms the emergence step draws every month (stream alignment)",
    ("model/model.py", "EVENT_OFFSET"): "scheduled events fire half-way between two monthly steps",
    ("model/streams.py", "MAX_ANNUAL_PROBABILITY"): "keeps the annual-to-monthly conversion finite",
    ("nation/outputs.py", "PER"): "reporting unit: people reached per 100,000 population",
    ("nation/outputs.py", "MONEY_DECIMALS"): "reporting unit: money rounded to pence",
}


def _parents(tree: ast.AST) -> dict[ast.AST, ast.AST]:
    return {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}


def _inside_declaration(node: ast.AST, parents: dict[ast.AST, ast.AST]) -> bool:
    while node in parents:
        node = parents[node]
        if isinstance(node, ast.Call):
            name = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", "")
            if name in DECLARATIONS:
                return True
    return False


def _named_constant(node: ast.AST, parents: dict[ast.AST, ast.AST], rel: str) -> bool:
    while node in parents:
        node = parents[node]
        if isinstance(node, ast.Assign) and isinstance(parents.get(node), ast.Module):
            names = {t.id for t in node.targets if isinstance(t, ast.Name)}
            return any((rel, n) in STRUCTURAL_CONSTANTS for n in names)
    return False


def undeclared_literals() -> list[str]:
    """Every numeric literal in the scanned packages that is not allowed, as ``file:line: value``."""
    found = []
    for folder in SCANNED:
        for path in sorted((PACKAGE / folder).rglob("*.py")):
            rel = path.relative_to(PACKAGE).as_posix()
            tree = ast.parse(path.read_text(encoding="utf-8"))
            parents = _parents(tree)
            for node in ast.walk(tree):
                if not isinstance(node, ast.Constant) or isinstance(node.value, bool):
                    continue
                if not isinstance(node.value, int | float) or node.value in IDENTITIES:
                    continue
                if _inside_declaration(node, parents) or _named_constant(node, parents, rel):
                    continue
                found.append(f"{rel}:{node.lineno}: {node.value!r}")
    return found


def test_no_undeclared_numeric_literals_in_model_and_nation() -> None:
    assert undeclared_literals() == []


def test_the_structural_constants_listed_exist() -> None:
    for rel, name in STRUCTURAL_CONSTANTS:
        source = (PACKAGE / rel).read_text(encoding="utf-8")
        assert re.search(rf"^{name} = ", source, re.M), (rel, name)


def test_the_scan_catches_a_bare_coefficient(tmp_path, monkeypatch) -> None:
    (tmp_path / "model").mkdir()
    (tmp_path / "nation").mkdir()
    (tmp_path / "model" / "m.py").write_text("def f(x):\n    return 0.3 * x + 1.0\n")
    monkeypatch.setattr(__import__(__name__), "PACKAGE", tmp_path)
    assert undeclared_literals() == ["model/m.py:2: 0.3"]


# Parameters read through a name built at run time: the pattern and what fills it.
DYNAMIC = (
    r"role_weight_(teacher|manager|service_user)_(evaluate|network|adapt|advocate)",
    r"start_[a-z_]+_(starting_out|developmental|sustainable)",
    r"trainees_(none|ad_hoc|commissioned|internal)",
)


def test_every_declared_parameter_is_read_somewhere() -> None:
    source = "\n".join(
        p.read_text(encoding="utf-8") for p in PACKAGE.rglob("*.py") if "parameters" not in p.relative_to(PACKAGE).parts
    )
    unused = [
        name
        for name in PARAMETERS
        if f'"{name}"' not in source
        and f"'{name}'" not in source
        and not re.search(rf"\.{name}\b", source)  # read as an attribute of a run's parameters (p.{name})
        and not any(re.fullmatch(d, name) for d in DYNAMIC)
    ]
    assert unused == []
