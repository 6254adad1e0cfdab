"""Reading a calibration's posterior folder: ``posterior.parquet`` and ``manifest.json``, checked once.

The folder's format is shared with ``journeysim calibrate`` (which writes it): one float column per
calibrated parameter, named as declared, and a ``weight`` column; a manifest naming the parameters,
the targets and the code fingerprint at calibration time. Everything is checked before any run:
a missing file, a column that is missing, not numeric or not a declared parameter, a value outside
the parameter's declared range, or weights that are negative or do not sum to 1 are each an
:class:`~journeysim.errors.InputError` naming the file, the column, the value and what is allowed.
What to do with the particles is :class:`journeysim.uncertainty.Posterior`'s business.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import numpy as np

from journeysim.batch.files import sha256_of
from journeysim.errors import InputError
from journeysim.fingerprint import code_fingerprint
from journeysim.parameters import PARAMETERS
from journeysim.scenario import shown
from journeysim.uncertainty import Posterior

POSTERIOR_FILE = "posterior.parquet"
MANIFEST_FILE = "manifest.json"
KIND = "journeysim-posterior"
FORMAT = 1
WEIGHT = "weight"
WEIGHT_TOLERANCE = 1e-9


class PosteriorError(InputError):
    """A posterior folder that cannot be used (the message names file, key, value and what is allowed)."""


def _read_manifest(path: Path) -> dict[str, Any]:
    if not path.is_file():
        raise PosteriorError(f"{path}: missing: a posterior folder holds {MANIFEST_FILE} and {POSTERIOR_FILE}")
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise PosteriorError(f"{path}: cannot be read as JSON ({exc})") from None
    if not isinstance(manifest, dict):
        raise PosteriorError(f"{path}: must be a JSON object")
    if manifest.get("kind") != KIND:
        raise PosteriorError(f"{path}: kind = {shown(manifest.get('kind'))}: allowed: {KIND!r}")
    if manifest.get("format") != FORMAT:
        raise PosteriorError(
            f"{path}: format = {shown(manifest.get('format'))}: this journeysim reads posterior format {FORMAT}"
        )
    names = manifest.get("parameters")
    if not isinstance(names, list) or not names or not all(isinstance(n, str) for n in names):
        raise PosteriorError(f"{path}: parameters = {shown(names)}: must be a non-empty list of parameter names")
    if len(set(names)) != len(names):
        raise PosteriorError(f"{path}: parameters = {shown(names)}: names must not repeat")
    return manifest


def _check_name(path: Path, name: str) -> None:
    if name not in PARAMETERS:
        raise PosteriorError(f"{path}: column {name!r} is not a declared parameter (see docs/parameters.md)")
    kind = PARAMETERS[name].kind
    if kind not in ("int", "float"):
        raise PosteriorError(f"{path}: column {name!r} is a {kind} parameter; a posterior holds numeric parameters")


def _column(path: Path, frame: Any, name: str) -> np.ndarray:
    import pandas as pd

    if name not in frame.columns:
        present = ", ".join(map(str, frame.columns))
        raise PosteriorError(f"{path}: column {name!r} is missing; columns present: {present}")
    column = frame[name]
    if pd.api.types.is_bool_dtype(column) or not pd.api.types.is_numeric_dtype(column):
        raise PosteriorError(f"{path}: column {name!r} has type {column.dtype}; allowed: float64 numbers")
    values = column.to_numpy(dtype=float)
    bad = np.flatnonzero(~np.isfinite(values))
    if bad.size:
        raise PosteriorError(f"{path}: column {name!r} row {bad[0]}: {values[bad[0]]}: allowed: finite numbers")
    return values


def load_posterior(folder: str | os.PathLike) -> Posterior:
    """Read and check a posterior folder (as ``journeysim calibrate --out DIR`` writes it).

    Raises:
        PosteriorError: an :class:`~journeysim.errors.InputError` naming the file, the column or key,
            the value and what is allowed.

    """
    import pandas as pd

    root = Path(folder)
    if not root.is_dir():
        what = "is a file, not a folder" if root.exists() else "no such folder"
        raise PosteriorError(f"{shown(os.fspath(folder))}: {what}; give a calibration's posterior folder")
    manifest = _read_manifest(root / MANIFEST_FILE)
    table_path = root / POSTERIOR_FILE
    if not table_path.is_file():
        raise PosteriorError(f"{table_path}: missing: a posterior folder holds {MANIFEST_FILE} and {POSTERIOR_FILE}")
    try:
        frame = pd.read_parquet(table_path)
    except Exception as exc:  # pyarrow raises several kinds for a damaged file
        raise PosteriorError(f"{table_path}: cannot be read as Parquet ({type(exc).__name__})") from None
    if frame.empty:
        raise PosteriorError(f"{table_path}: holds no particles; allowed: at least one row")
    names = list(manifest["parameters"])
    for name in names:
        _check_name(root / MANIFEST_FILE, name)
    extra = [c for c in frame.columns if c != WEIGHT and c not in names]
    if extra:
        _check_name(table_path, str(extra[0]))
        raise PosteriorError(
            f"{table_path}: column {extra[0]!r} is not listed in {MANIFEST_FILE} parameters; "
            f"allowed: {', '.join([*names, WEIGHT])}"
        )
    columns = []
    for name in names:
        values = _column(table_path, frame, name)
        p = PARAMETERS[name]
        outside = np.flatnonzero((values < p.low) | (values > p.high))
        if outside.size:
            i = outside[0]
            raise PosteriorError(
                f"{table_path}: column {name!r} row {i}: {values[i]:g} is outside the declared range; "
                f"allowed: {p.low:g} to {p.high:g}"
            )
        columns.append(values)
    weights = _column(table_path, frame, WEIGHT)
    negative = np.flatnonzero(weights < 0)
    if negative.size:
        i = negative[0]
        raise PosteriorError(f"{table_path}: column 'weight' row {i}: {weights[i]:g}; allowed: weights of 0 or more")
    total = float(weights.sum())
    if abs(total - 1.0) > WEIGHT_TOLERANCE:
        raise PosteriorError(
            f"{table_path}: column 'weight' sums to {total:.12g}; allowed: weights summing to 1 (within 1e-9)"
        )
    sha = sha256_of(table_path)
    record = {
        "path": str(root.resolve()),
        "posterior_sha256": sha,
        "manifest_sha256": sha256_of(root / MANIFEST_FILE),
        "code_fingerprint": manifest.get("code_fingerprint"),
        "targets": manifest.get("targets"),
        "targets_sha256": manifest.get("targets_sha256"),
        "generations": manifest.get("generations"),
        "settings": manifest.get("settings"),
        "particles": len(frame),
        "parameters": names,
    }
    values = np.column_stack(columns)
    return Posterior(tuple(names), values, weights, digest=sha[:16], source=str(root), manifest=record)


def posterior_record(posterior: Posterior) -> dict[str, Any]:
    """What a result records about the posterior it drew from: folder, hashes, code fingerprint, size."""
    base = {"path": posterior.source, "digest": posterior.digest, "particles": posterior.particles}
    return {**base, **posterior.manifest, "parameters": list(posterior.parameters)}


def posterior_warning(posterior: Posterior) -> str | None:
    """A warning if the posterior was calibrated with other model code (its fingerprint differs), else ``None``."""
    made = posterior.manifest.get("code_fingerprint")
    if made is None or made == code_fingerprint():
        return None
    return (
        f"the posterior in {posterior.source} was calibrated with other model code (fingerprint {made}, "
        f"this is {code_fingerprint()}); its draws may no longer fit the model's data"
    )


def as_posterior(posterior: Posterior | str | os.PathLike | None) -> Posterior | None:
    """A :class:`Posterior` from a folder path (read and checked), an existing one, or ``None``."""
    if posterior is None or isinstance(posterior, Posterior):
        return posterior
    if isinstance(posterior, str | os.PathLike):
        return load_posterior(posterior)
    raise PosteriorError(f"posterior={shown(posterior)}: must be a posterior folder's path or a Posterior")
