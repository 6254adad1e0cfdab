"""Shipped experiments: found by name, like shipped scenarios.

The experiment definitions live in the repository's ``experiments/*.toml``
and are copied into the wheel as ``journeysim/_experiments`` (the
``force-include`` table of ``pyproject.toml``). In a repository checkout the
``experiments/`` folder is used, so an edit there takes effect at once; in an
installed package, the shipped copy. An experiment argument may be a path to
a TOML file, a shipped name (``funding_sweep``) or the path the README gives
(``experiments/funding_sweep.toml``), which works from any folder.
"""

from __future__ import annotations

from pathlib import Path

from journeysim.batch.errors import BatchInputError
from journeysim.library import read_toml
from journeysim.scenario import ScenarioError, _suggest


def experiments_dir() -> Path | None:
    """The folder of shipped experiments: the checkout's ``experiments/``, else the installed copy."""
    here = Path(__file__).resolve().parents[1]
    checkout = here.parent
    if (checkout / "pyproject.toml").is_file() and (checkout / "experiments").is_dir():
        return checkout / "experiments"
    installed = here / "_experiments"
    return installed if installed.is_dir() else None


def shipped_experiments() -> dict[str, Path]:
    """Shipped experiment names and their files."""
    folder = experiments_dir()
    return {p.stem: p for p in sorted(folder.glob("*.toml"))} if folder else {}


def describe(path: Path) -> str:
    """The experiment's one-line ``description`` ("" if it has none or cannot be read)."""
    try:
        return str(read_toml(path).get("description", ""))
    except ScenarioError:
        return ""


def find_experiment(ref: str | Path) -> Path:
    """The experiment file ``ref`` names: an existing path, a shipped name, or ``experiments/NAME.toml``.

    Raises:
        BatchInputError: naming ``ref`` and the shipped experiments.

    """
    path = Path(ref)
    if path.exists():
        return path
    shipped = shipped_experiments()
    text = str(ref)
    if text in shipped:
        return shipped[text]
    if path.suffix == ".toml" and path.parent.name in ("", "experiments") and path.stem in shipped:
        return shipped[path.stem]
    hint = _suggest(path.stem, tuple(shipped)) if shipped else ""
    listing = f" Shipped experiments: {', '.join(shipped)}." if shipped else ""
    raise BatchInputError(
        f"{text}: no such experiment file or shipped experiment.{hint}{listing} "
        "See `journeysim experiments` for the list."
    )
