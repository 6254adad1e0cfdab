"""Project metadata a package index and a type checker read (issue 27)."""

from __future__ import annotations

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_the_package_says_it_is_typed_and_describes_itself() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert (ROOT / "journeysim" / "py.typed").is_file()  # PEP 561: ships in the wheel with the package
    assert "Typing :: Typed" in project["classifiers"]
    assert any(c.startswith("Programming Language :: Python :: 3.12") for c in project["classifiers"])
    assert {"agent-based model", "implementation science"} <= set(project["keywords"])
