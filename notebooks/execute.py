"""Run the tutorial notebooks top to bottom and store them with their outputs: ``python notebooks/execute.py``.

Stored outputs let a notebook read on a repository page without running it; its figures are also written as
PNG files under ``docs/tutorials/images/`` for the tutorials. The notebooks test tier runs every notebook again
and checks that it prints the same text (the numbers are reproducible), so stored outputs cannot go stale.
"""

from __future__ import annotations

import base64
import sys
from pathlib import Path

import nbclient
import nbformat

HERE = Path(__file__).resolve().parent
IMAGES = HERE.parent / "docs" / "tutorials" / "images"


def execute(path: Path) -> nbformat.NotebookNode:
    """The notebook at ``path``, executed in its own folder (raises on the first failing cell)."""
    notebook = nbformat.read(path, as_version=4)
    nbclient.NotebookClient(
        notebook,
        timeout=600,
        kernel_name="python3",
        record_timing=False,
        resources={"metadata": {"path": str(path.parent)}},
    ).execute()
    return notebook


def without_stderr(notebook: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """The notebook without what its cells wrote to stderr (progress bars and warnings, which name local paths)."""
    for cell in notebook.cells:
        if cell.cell_type == "code":
            cell.outputs = [o for o in cell.outputs if not (o.output_type == "stream" and o.name == "stderr")]
    return notebook


def figures(notebook: nbformat.NotebookNode) -> list[bytes]:
    """The PNG images a notebook's cells display, in order."""
    return [
        base64.b64decode(out["data"]["image/png"])
        for cell in notebook.cells
        for out in cell.get("outputs", [])
        if "image/png" in out.get("data", {})
    ]


def image_path(notebook: Path, index: int) -> Path:
    """Where the tutorials find figure ``index`` (from 1) of ``notebook``."""
    return IMAGES / f"{notebook.stem}-{index}.png"


def main(paths: list[str]) -> None:
    """Execute and store each notebook (all of them by default) and write its figures."""
    IMAGES.mkdir(parents=True, exist_ok=True)
    for path in [Path(p) for p in paths] or sorted(HERE.glob("*.ipynb")):
        notebook = without_stderr(execute(path))
        nbformat.write(notebook, path)
        for i, png in enumerate(figures(notebook), start=1):
            image_path(path, i).write_bytes(png)
        print(f"{path.name}: executed and stored with {len(figures(notebook))} figure(s)")


if __name__ == "__main__":
    main(sys.argv[1:])
