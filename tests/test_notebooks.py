"""The tutorial notebooks: stored with their outputs (they read on a repository page), and those outputs are what
running them top to bottom with the Python API prints today (so they never rot)."""

from __future__ import annotations

import base64
import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
sys.path.insert(0, str(ROOT / "notebooks"))
import execute  # noqa: E402  (notebooks/execute.py: how the stored outputs are made)


def code_cells(notebook: dict) -> list[dict]:
    return [c for c in notebook["cells"] if c["cell_type"] == "code"]


def printed(cell: dict) -> list[str]:
    """What a cell shows as text: its stdout and the plain-text form of its results (figures' text is stable)."""
    return [
        "".join(o["text"]) if o["output_type"] == "stream" else "".join(o["data"]["text/plain"])
        for o in cell["outputs"]
        if o["output_type"] != "stream" or o["name"] == "stdout"
    ]


def test_the_tutorial_notebooks_are_there() -> None:
    assert {p.name for p in NOTEBOOKS} >= {"researcher.ipynb", "policy_analyst.ipynb"}


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_is_stored_run_top_to_bottom_with_its_figures(path: Path) -> None:
    notebook = json.loads(path.read_text(encoding="utf-8"))
    cells = code_cells(notebook)
    assert [c["execution_count"] for c in cells] == list(range(1, len(cells) + 1))
    outputs = [o for c in cells for o in c["outputs"]]
    assert not [o for o in outputs if o["output_type"] == "error" or o.get("name") == "stderr"]
    assert all(c["outputs"] for c in cells[1:])  # every cell after the settings shows something
    images = [base64.b64decode(o["data"]["image/png"]) for o in outputs if "image/png" in o.get("data", {})]
    assert images, "a tutorial notebook draws at least one figure"
    for i, png in enumerate(images, start=1):  # the tutorials show the notebook's own figures
        assert execute.image_path(path, i).read_bytes() == png


@pytest.mark.notebooks
@pytest.mark.filterwarnings("ignore::DeprecationWarning")
@pytest.mark.filterwarnings("ignore::RuntimeWarning")
@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_executes_and_prints_what_it_stores(path: Path) -> None:
    pytest.importorskip("nbclient")
    pytest.importorskip("ipykernel", reason="executing notebooks needs a Python kernel")
    stored = json.loads(path.read_text(encoding="utf-8"))
    fresh = execute.execute(path)  # raises CellExecutionError, naming the cell, if any cell fails
    ran = code_cells(json.loads(json.dumps(fresh)))
    assert [printed(c) for c in ran] == [printed(c) for c in code_cells(stored)]
