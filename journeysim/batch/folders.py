"""Results folders that defend themselves: each records its kind, and no command writes into another kind.

Every folder journeysim writes carries ``manifest.json`` with a ``kind``:
``sweep`` (with its ``experiment_hash``), ``compare``, ``run`` or ``nation``.
:func:`claim` refuses, as one line naming the folder, what it holds and what
was asked, to write into a folder of another kind, of another experiment, or
holding files that are not journeysim results. Folders written in one go
(``compare``, ``run``, ``nation``) are built in a hidden sibling folder and
renamed into place (:func:`publish`): a kill leaves the old folder or the new
one, never a mixture. A sweep's folder is created manifest first (see
:mod:`journeysim.batch.sweep`), so a kill at any instant leaves nothing or a
folder the same command resumes.
"""

from __future__ import annotations

import contextlib
import ctypes
import json
import os
import shutil
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from journeysim.batch.errors import BatchInputError
from journeysim.batch.files import write_json

MANIFEST = "manifest.json"
KINDS = {"sweep": "sweep results", "compare": "a comparison", "run": "one run", "nation": "a national run"}
# Entries a sweep folder may hold before its manifest is written (a kill in the start-up window).
_SCAFFOLD = {".lock", "tmp", "design.parquet"}
# Files that betray a folder's kind when its manifest is missing or predates the ``kind`` key.
_TELLS = {
    "yearly.parquet": "nation",
    "yearly.csv": "nation",
    "comparison.json": "compare",
    "series.csv": "run",
    "runs.parquet": "compare",
}


@dataclass(frozen=True)
class FolderState:
    """What a folder holds: ``kind`` is None (nothing yet), a journeysim kind, or ``other``."""

    path: Path
    kind: str | None
    manifest: dict[str, Any] | None = None

    @property
    def experiment_hash(self) -> str | None:
        """The experiment a sweep folder belongs to."""
        return (self.manifest or {}).get("experiment_hash")

    def describe(self) -> str:
        """What the folder holds, in words."""
        if self.kind is None:
            return "nothing yet"
        if self.kind == "other":
            return "files that are not journeysim results"
        if self.kind == "sweep":
            name = ((self.manifest or {}).get("experiment") or {}).get("name", "?")
            return f"results of experiment '{name}' (hash {self.experiment_hash})"
        return KINDS[self.kind]


def _infer(manifest: dict[str, Any], names: set[str]) -> str:
    """The kind of a folder whose manifest has no ``kind`` (written before kinds were recorded)."""
    if "experiment_hash" in manifest or "parts" in names:
        return "sweep"
    if manifest.get("command") == "compare":
        return "compare"
    for name, kind in _TELLS.items():
        if name in names:
            return kind
    return "sweep" if not manifest else "other"


def inspect(path: str | Path) -> FolderState:
    """What ``path`` holds (it may not exist)."""
    path = Path(path)
    if not path.exists():
        return FolderState(path, None)
    if not path.is_dir():
        return FolderState(path, "other")
    names = {p.name for p in path.iterdir()}
    if (path / MANIFEST).is_file():
        try:
            manifest = json.loads((path / MANIFEST).read_text())
        except (OSError, ValueError):
            return FolderState(path, "other")
        if not isinstance(manifest, dict):
            return FolderState(path, "other")
        kind = manifest.get("kind")
        return FolderState(path, kind if kind in KINDS else _infer(manifest, names), manifest)
    if not names - _SCAFFOLD or all(n.startswith(".") and n.endswith(".tmp") for n in names - _SCAFFOLD):
        return FolderState(path, None)
    for name, kind in _TELLS.items():
        if name in names:
            return FolderState(path, kind)
    return FolderState(path, "other")


def claim(path: str | Path, kind: str, command: str, experiment: tuple[str, str] | None = None) -> FolderState:
    """Check that ``command`` may write ``kind`` results into ``path``; return what is there.

    Args:
        path: The ``--out`` folder.
        kind: What the command writes (a key of :data:`KINDS`).
        command: The command, for the message.
        experiment: For a sweep, ``(name, hash)`` of the experiment.

    Raises:
        BatchInputError: if the folder holds another kind, another experiment, a comparison
            already (``compare`` never overwrites one) or foreign files; nothing is changed.

    """
    state = inspect(path)
    if Path(path).exists() and not Path(path).is_dir():
        raise BatchInputError(f"--out {path}: exists and is not a folder")
    if kind == "sweep" and state.kind == "other":
        raise BatchInputError(
            f"--out {path}: folder is not empty and holds no sweep manifest; refusing to write into it "
            "(nothing was changed)"
        )
    if kind == "compare" and state.kind == "compare":
        raise BatchInputError(
            f"--out {path}: already holds a comparison; compare never overwrites one; "
            "give another --out (nothing was changed)"
        )
    other_sweep = state.manifest is not None and (experiment is None or state.experiment_hash != experiment[1])
    if state.kind not in (None, kind) or (kind == state.kind == "sweep" and other_sweep):
        asked = KINDS[kind] if experiment is None else f"results of experiment '{experiment[0]}' (hash {experiment[1]})"
        raise BatchInputError(
            f"--out {path}: holds {state.describe()}; {command} would write {asked} there; "
            "give another --out (nothing was changed)"
        )
    return state


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths in one step (Linux ``renameat2(RENAME_EXCHANGE)``); False where unavailable."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    return renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0


def publish(path: str | Path, kind: str, command: str, manifest: dict[str, Any], write: Callable[[Path], None]) -> Path:
    """Write a whole results folder at once: built beside ``path``, then renamed into place.

    Args:
        path: The folder to create (or to replace, if it holds the same kind).
        kind: What it holds; recorded in the manifest.
        command: The command, for messages.
        manifest: Written last as ``manifest.json``, with ``kind`` added.
        write: Writes the data files into the folder it is given.

    Raises:
        BatchInputError: as :func:`claim`.

    """
    path = Path(path)
    claim(path, kind, command)
    path.parent.mkdir(parents=True, exist_ok=True)
    build = path.parent / f".{path.name}.{os.getpid()}.{uuid.uuid4().hex[:8]}.building"
    build.mkdir()
    try:
        write(build)
        write_json(build / MANIFEST, {"kind": kind, **manifest})
        state = claim(path, kind, command)  # again: another process may have written meanwhile
        if state.kind is None:
            with contextlib.suppress(FileNotFoundError):
                path.rmdir()  # an empty folder (or one left by a kill in a sweep's start-up: refused above)
            os.rename(build, path)
        elif _exchange(build, path):
            shutil.rmtree(build, ignore_errors=True)  # now holds the old results
        else:
            old = path.parent / f".{path.name}.{os.getpid()}.{uuid.uuid4().hex[:8]}.old"
            os.rename(path, old)
            os.rename(build, path)
            shutil.rmtree(old, ignore_errors=True)
    except OSError as exc:
        raise BatchInputError(f"--out {path}: cannot write there ({exc.strerror or exc})") from None
    finally:
        if build.exists():
            shutil.rmtree(build, ignore_errors=True)
    return path
