"""The documentation site builds with ``mkdocs build --strict`` (no warnings), and the citation files hold."""

from __future__ import annotations

import os
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.docs
def test_the_site_builds_strictly(tmp_path: Path) -> None:
    pytest.importorskip("mkdocs", reason="the docs extra (mkdocs, mkdocs-material, mkdocstrings) is not installed")
    pytest.importorskip("material", reason="mkdocs-material is not installed")
    pytest.importorskip("mkdocstrings", reason="mkdocstrings is not installed")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(tmp_path / "site")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        env=env,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "WARNING" not in done.stderr
    site = tmp_path / "site"
    for page in ("index.html", "install/index.html", "api/index.html", "odd/index.html", "architecture/index.html"):
        assert (site / page).is_file(), page
    for tutorial in ("researcher", "trainer", "policy_analyst"):
        assert (site / "tutorials" / tutorial / "index.html").is_file()
    api = (site / "api" / "index.html").read_text(encoding="utf-8")
    for name in ("journeysim.api.functions.compare", "journeysim.api.results.Comparison", "run_nation"):
        assert name in api
    assert (site / "figures" / "fragility_collapse.html").is_file()


def test_every_page_of_the_model_is_in_the_navigation() -> None:
    yaml = pytest.importorskip("yaml")
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    assert config["docs_dir"] == "docs"
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    for page in ROOT.joinpath("docs").glob("*.md"):
        assert f": {page.name}" in text, page.name


def test_citation_and_licence() -> None:
    yaml = pytest.importorskip("yaml")
    cff = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    assert cff["cff-version"] == "1.2.0" and cff["type"] == "software"
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert cff["license"] == project["license"] == "MIT"
    assert cff["version"] == __import__("journeysim").__version__
    (study,) = cff["references"]
    assert study["doi"] == "10.1136/bmjopen-2018-026244" and study["journal"] == "BMJ Open"
    assert "MIT License" in (ROOT / "LICENSE").read_text(encoding="utf-8")
    changelog = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    assert "## [Unreleased]" in changelog and "## [0.1.0]" in changelog
