"""Where the fan chart's worlds take their parameters from: the page's choice, and the posteriors on offer.

Three choices (:data:`DRAWS`): the scenario's values (parameters fixed at their defaults), a draw
from the declared ranges per world (as ``--uncertain`` draws per replication), or a calibrated
posterior's particle per world (as ``--posterior`` draws). The posteriors on offer are the one given
at startup (``journeysim dashboard --posterior DIR``; also the default) and the posterior folders
found under the server's results folder. The server opens only a folder it offered itself.
"""

from __future__ import annotations

import functools
import json
import os
from dataclasses import dataclass
from pathlib import Path

from journeysim.batch.posterior import KIND, MANIFEST_FILE, POSTERIOR_FILE, PosteriorError, load_posterior
from journeysim.uncertainty import Posterior

# Where the worlds' parameters come from (the page's choice).
FIXED, RANGES, POSTERIOR = "fixed", "ranges", "posterior"
DRAWS = {
    FIXED: "fixed at defaults",
    RANGES: "drawn from declared ranges",
    POSTERIOR: "drawn from the calibrated posterior",
}
# How deep under the results folder posterior folders are looked for.
SEARCH_DEPTH = 3


@dataclass(frozen=True, eq=False)
class Draws:
    """Where the worlds take their parameters from: one of :data:`DRAWS`, and the posterior for ``posterior``."""

    kind: str = FIXED
    posterior: Posterior | None = None

    def __post_init__(self) -> None:
        if self.kind not in DRAWS:
            raise ValueError(f"parameters {self.kind!r}: allowed: {', '.join(DRAWS)}")
        if (self.kind == POSTERIOR) != (self.posterior is not None):
            raise ValueError("a posterior goes with parameters drawn from the posterior, and only with them")

    @property
    def key(self) -> str:
        """Identifies the draws in the cache (a posterior by its digest)."""
        return f"{POSTERIOR}:{self.posterior.digest}" if self.posterior is not None else self.kind

    def describe(self) -> str:
        """The draws in words, for the page."""
        if self.posterior is not None:
            return f"parameters drawn from the posterior '{Path(self.posterior.source).name}'"
        return f"parameters {DRAWS[self.kind]}"


_posterior: Posterior | None = None
_results = Path("results")


def set_startup_posterior(posterior: Posterior | None) -> None:
    """The posterior given at startup: offered first and the fan charts' default (``None``: none)."""
    global _posterior
    _posterior = posterior


def posterior() -> Posterior | None:
    """The posterior given at startup, if any."""
    return _posterior


def default_draws() -> Draws:
    """The draws of a fan chart nobody chose for: the startup posterior if there is one, else the defaults."""
    return Draws(POSTERIOR, _posterior) if _posterior is not None else Draws()


def use_results(folder: str | os.PathLike) -> None:
    """The server's results folder, searched for posterior folders (a relative path is read from the working folder)."""
    global _results
    _results = Path(folder)


def is_posterior_folder(folder: Path) -> bool:
    """Whether ``folder`` holds a ``manifest.json`` whose kind is a posterior's (the rest is checked on loading)."""
    try:
        manifest = json.loads((folder / MANIFEST_FILE).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError):
        return False
    return isinstance(manifest, dict) and manifest.get("kind") == KIND


def find_posteriors(folder: str | os.PathLike, depth: int = SEARCH_DEPTH) -> list[Path]:
    """Posterior folders at most ``depth`` levels under ``folder``, sorted.

    A folder holding a manifest of another kind (a sweep's results, say) is not entered.
    """
    found: list[Path] = []

    def visit(path: Path, level: int) -> None:
        try:
            children = sorted(p for p in path.iterdir() if p.is_dir() and not p.name.startswith("."))
        except OSError:
            return
        for child in children:
            if is_posterior_folder(child):
                found.append(child)
            elif level < depth and not (child / MANIFEST_FILE).exists():
                visit(child, level + 1)

    visit(Path(folder), 1)
    return found


def _stamp(folder: Path) -> tuple[int, ...]:
    out: list[int] = []
    for name in (MANIFEST_FILE, POSTERIOR_FILE):
        try:
            st = (folder / name).stat()
            out += [st.st_mtime_ns, st.st_size]
        except OSError:
            out += [-1, -1]
    return tuple(out)


@functools.lru_cache(maxsize=256)
def _load_stamped(folder: str, stamp: tuple[int, ...]) -> Posterior | str:
    try:
        return load_posterior(folder)
    except PosteriorError as exc:
        return str(exc)


def _load(folder: Path) -> Posterior:
    """:func:`load_posterior`, remembered (or its error) until the folder's files change."""
    loaded = _load_stamped(str(folder), _stamp(folder))
    if isinstance(loaded, str):
        raise PosteriorError(loaded)
    return loaded


@dataclass(frozen=True)
class PosteriorChoice:
    """A posterior the page offers: its folder (the option's value), its label, why it cannot be used (if so)."""

    path: str
    label: str
    problem: str = ""
    startup: bool = False


def posterior_choices() -> list[PosteriorChoice]:
    """The posterior given at startup, then those found under the results folder (each folder once)."""
    out: list[PosteriorChoice] = []
    seen: set[str] = set()
    if _posterior is not None:
        source = Path(_posterior.source)
        path = str(source.resolve()) if source.is_dir() else _posterior.source
        out.append(PosteriorChoice(path, f"{source.name} (given at start)", startup=True))
        seen.add(path)
    base = _results.resolve()
    for folder in find_posteriors(base):
        path = str(folder.resolve())
        if path in seen:
            continue
        seen.add(path)
        try:
            _load(folder)
            problem = ""
        except PosteriorError as exc:
            problem = str(exc)
        label = folder.relative_to(base).as_posix() + (" (cannot be used)" if problem else "")
        out.append(PosteriorChoice(path, label, problem))
    return out


def open_posterior(path: str | None) -> Posterior:
    """The offered posterior whose folder is ``path`` (read and checked).

    Raises:
        PosteriorError: ``path`` is not on offer, or its folder is not a usable posterior (the message says why).

    """
    for choice in posterior_choices():
        if choice.path == path:
            if choice.startup and _posterior is not None:
                return _posterior
            return _load(Path(choice.path))
    raise PosteriorError(f"{str(path)[:200]!r}: not a posterior this server offers; choose one from the list")


def draws_for(kind: str | None, path: str | None = None) -> Draws:
    """The draws the page's choice names (``kind`` one of :data:`DRAWS`; ``path`` the posterior's folder).

    Raises:
        PosteriorError: the chosen posterior cannot be used (the message says why).
        ValueError: an unknown ``kind``.

    """
    if kind == POSTERIOR:
        return Draws(POSTERIOR, open_posterior(path))
    return Draws(kind or FIXED)
