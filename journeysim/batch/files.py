"""Files written whole or not at all: written under a temporary name, then :func:`os.replace`-d into place.

A killed process leaves the old file or the new one, never part of one.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import uuid
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from journeysim.batch.tables import csv_frame, frame_to_table, typed


def write_atomic(path: Path, write: Any, tmp_dir: Path | None = None) -> Path:
    """Write a file through a temporary name and :func:`os.replace` it into place.

    Args:
        path: Final location.
        write: Function taking the temporary path and writing the content.
        tmp_dir: Folder for the temporary file (same file system as ``path``); default ``path``'s folder.

    """
    tmp_dir = tmp_dir or path.parent
    tmp_dir.mkdir(parents=True, exist_ok=True)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = tmp_dir / f".{path.name}.{os.getpid()}.{uuid.uuid4().hex[:8]}.tmp"
    try:
        write(tmp)
        os.replace(tmp, path)
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
    return path


def write_json(path: Path, data: dict[str, Any], tmp_dir: Path | None = None) -> Path:
    """Write JSON atomically."""
    return write_atomic(
        path, lambda p: p.write_text(json.dumps(data, indent=2, default=str) + "\n", encoding="utf-8"), tmp_dir
    )


def write_parquet(table: pa.Table, path: Path, tmp_dir: Path | None = None) -> Path:
    """Write a Parquet file atomically (a column Arrow typed ``null`` is written with its declared type)."""
    table = typed(table)
    return write_atomic(path, lambda p: pq.write_table(table, p, compression="zstd"), tmp_dir)


def sha256_of(path: Path) -> str:
    """SHA-256 of a file's bytes (hex)."""
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


FORMATS = ("parquet", "csv")


def write_table(data: pa.Table | Any, folder: Path, stem: str, fmt: str = "parquet") -> Path:
    """Write one results table as ``folder/STEM.parquet`` (default) or ``folder/STEM.csv``, atomically.

    Args:
        data: An Arrow table or a pandas DataFrame (converted with :func:`~journeysim.batch.tables.frame_to_table`).
        folder: Where to write.
        stem: The table's conventional name (``runs``, ``series``, ``events``, ``yearly``...).
        fmt: ``parquet`` or ``csv`` (lists as JSON arrays).

    """
    table = data if isinstance(data, pa.Table) else frame_to_table(data)
    if fmt == "csv":
        frame = csv_frame(table)
        return write_atomic(folder / f"{stem}.csv", lambda p: frame.to_csv(p, index=False))
    if fmt != "parquet":
        raise ValueError(f"format {fmt!r}: must be one of {', '.join(FORMATS)}")
    return write_parquet(table, folder / f"{stem}.parquet")
