"""The house rules: no import cycles, no oversized modules, a small model class.

The layer contract itself (which package may import which) is import-linter's
``[tool.importlinter]`` in ``pyproject.toml``, checked by ``lint-imports`` in CI;
these tests cover what a layer contract cannot see.
"""

from __future__ import annotations

import inspect
from pathlib import Path

import grimp
import networkx as nx

import journeysim
from journeysim.model.model import JourneyModel

PACKAGE = Path(journeysim.__file__).parent
MAX_LINES = 450
MAX_MODEL_CLASS_LINES = 400


def import_graph() -> nx.DiGraph:
    """Imports among the package's modules (``TYPE_CHECKING`` imports aside)."""
    graph = grimp.build_graph("journeysim", exclude_type_checking_imports=True)
    g = nx.DiGraph()
    g.add_nodes_from(graph.modules)
    for module in graph.modules:
        for imported in graph.find_modules_directly_imported_by(module):
            g.add_edge(module, imported)
    return g


def test_the_layer_contract_holds() -> None:
    # import-linter's contracts in pyproject.toml: layers one way, no files in the model or analysis.
    from importlinter.cli import lint_imports

    assert lint_imports(config_filename=str(PACKAGE.parent / "pyproject.toml"), no_cache=True) == 0


def test_no_import_cycles() -> None:
    cycles = [sorted(c) for c in nx.strongly_connected_components(import_graph()) if len(c) > 1]
    assert cycles == []


def test_the_cycle_check_sees_a_cycle() -> None:
    g = nx.DiGraph([("a", "b"), ("b", "a"), ("b", "c")])
    assert [c for c in nx.strongly_connected_components(g) if len(c) > 1] == [{"a", "b"}]


def test_no_source_file_over_the_limit() -> None:
    long = {
        p.relative_to(PACKAGE).as_posix(): n
        for p in PACKAGE.rglob("*.py")
        if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert long == {}


def test_the_model_class_stays_small() -> None:
    lines, _ = inspect.getsourcelines(JourneyModel)
    assert len(lines) < MAX_MODEL_CLASS_LINES
