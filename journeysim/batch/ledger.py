"""A sweep folder's parts and their ledger: a part counts as committed only if its content is as written.

Layout of a sweep's results folder::

    DIR/manifest.json        identity: kind "sweep", the experiment, its hash, versions, runs per part
    DIR/design.parquet       the design: point_index, point_id, point_hash, one column per factor
    DIR/parts/part-NNNNNN.parquet    runs of chunk NNNNNN: one row per run
    DIR/series/part-NNNNNN.parquet   monthly series of those runs (only with keep_series)
    DIR/ledger/part-NNNNNN.json      written after the parts: rows, run ids, sizes and SHA-256 of both
    DIR/status.json          counts after the last session
    DIR/tmp/                 files being written; never read as data
    DIR/.lock                held while a sweep writes

A chunk is *committed* when its ledger entry exists (readers show only those
parts), and *verified* when its files still have the recorded size and
SHA-256 and the row count the design expects (a sweep resumes from verified
chunks only, so a replaced or truncated part is detected and its runs redone).
Every file is written through ``tmp/`` and :func:`os.replace`, so no reader
sees half a file; chunk *c* always holds the same runs, so a part written
twice is replaced by an identical one, never duplicated.
"""

from __future__ import annotations

import contextlib
import json
import re
from pathlib import Path
from typing import Any

import pyarrow as pa

from journeysim.batch.files import sha256_of, write_json, write_parquet
from journeysim.batch.tables import rows_to_table

MANIFEST = "manifest.json"
STATUS = "status.json"
DESIGN = "design.parquet"
PARTS = "parts"
SERIES = "series"
LEDGER = "ledger"
TMP = "tmp"
LOCK = ".lock"
LEDGER_VERSION = 1
_PART = re.compile(r"^part-(\d{6,})\.parquet$")
_ENTRY = re.compile(r"^part-(\d{6,})\.json$")


def part_name(chunk: int) -> str:
    """File name of chunk ``chunk``'s part."""
    return f"part-{chunk:06d}.parquet"


def entry_path(out_dir: Path, chunk: int) -> Path:
    """Where chunk ``chunk``'s ledger entry lives."""
    return Path(out_dir) / LEDGER / f"part-{chunk:06d}.json"


def _record(path: Path) -> dict[str, Any]:
    return {"bytes": path.stat().st_size, "sha256": sha256_of(path)}


def write_part(out_dir: Path, chunk: int, rows: list[dict[str, Any]], series: pa.Table | None = None) -> Path:
    """Commit chunk ``chunk``: its series part (if any), its runs part, then its ledger entry, each atomically."""
    out_dir = Path(out_dir)
    tmp = out_dir / TMP
    entry: dict[str, Any] = {"chunk": chunk, "rows": len(rows), "run_ids": [r.get("run_id") for r in rows]}
    if series is not None:
        entry["series"] = _record(write_parquet(series, out_dir / SERIES / part_name(chunk), tmp))
    path = write_parquet(rows_to_table(rows), out_dir / PARTS / part_name(chunk), tmp)
    entry["part"] = _record(path)
    write_json(entry_path(out_dir, chunk), entry, tmp)
    return path


def read_entry(out_dir: Path, chunk: int) -> dict[str, Any] | None:
    """Chunk ``chunk``'s ledger entry, or None if it has none (or an unreadable one)."""
    try:
        entry = json.loads(entry_path(out_dir, chunk).read_text())
    except (OSError, ValueError):
        return None
    return entry if isinstance(entry, dict) and entry.get("chunk") == chunk else None


def _numbers(folder: Path, pattern: re.Pattern[str]) -> set[int]:
    if not folder.is_dir():
        return set()
    return {int(m.group(1)) for p in folder.iterdir() if (m := pattern.match(p.name))}


def has_ledger(out_dir: Path) -> bool:
    """Whether the folder keeps a ledger (folders written before the ledger existed do not)."""
    return (Path(out_dir) / LEDGER).is_dir()


def committed_chunks(out_dir: Path) -> set[int]:
    """Chunks whose parts are committed: a ledger entry and a part file (by name, without reading them)."""
    out_dir = Path(out_dir)
    parts = _numbers(out_dir / PARTS, _PART)
    if not has_ledger(out_dir):
        return parts
    return parts & _numbers(out_dir / LEDGER, _ENTRY)


def _intact(path: Path, record: Any, full: bool) -> bool:
    """Whether a file still has the size (and, if ``full``, the SHA-256) the ledger recorded."""
    if not isinstance(record, dict):
        return False
    try:
        if path.stat().st_size != record.get("bytes"):
            return False
    except OSError:
        return False
    return not full or sha256_of(path) == record.get("sha256")


def check_chunk(out_dir: Path, chunk: int, rows: int | None = None, series: bool = False, full: bool = True) -> bool:
    """Whether chunk ``chunk`` is committed and its files are as the ledger recorded.

    Args:
        out_dir: The results folder.
        chunk: The chunk.
        rows: The runs the design puts in this chunk (None: not checked).
        series: Whether the chunk must have a series part too.
        full: Compare SHA-256 checksums (else sizes only, a cheap check for readers).

    """
    out_dir = Path(out_dir)
    entry = read_entry(out_dir, chunk)
    if entry is None or (rows is not None and (entry.get("rows") != rows or len(entry.get("run_ids") or ()) != rows)):
        return False
    if not _intact(out_dir / PARTS / part_name(chunk), entry.get("part"), full):
        return False
    if series or "series" in entry:
        return _intact(out_dir / SERIES / part_name(chunk), entry.get("series"), full)
    return True


def verified_chunks(out_dir: Path, sizes: dict[int, int], series: bool = False) -> set[int]:
    """The chunks of ``sizes`` (chunk -> expected runs) whose parts are intact; the others are uncommitted.

    A chunk that fails the check loses its ledger entry first (so readers stop showing it), then its files.
    """
    out_dir = Path(out_dir)
    good = set()
    for chunk in sorted(committed_chunks(out_dir) & set(sizes)):
        if check_chunk(out_dir, chunk, sizes[chunk], series):
            good.add(chunk)
            continue
        name = part_name(chunk)
        for path in (entry_path(out_dir, chunk), out_dir / PARTS / name, out_dir / SERIES / name):
            with contextlib.suppress(FileNotFoundError):
                path.unlink()
    return good


def committed_files(out_dir: Path, sub: str = PARTS) -> list[Path]:
    """The committed part files under ``sub`` (``parts`` or ``series``), in chunk order, as explicit paths.

    Raises:
        ValueError: naming a part whose size differs from its ledger entry (changed after it was committed).

    """
    out_dir = Path(out_dir)
    ledger = has_ledger(out_dir)
    files = []
    for chunk in sorted(committed_chunks(out_dir)):
        path = out_dir / sub / part_name(chunk)
        if not path.is_file():
            continue
        if ledger and not check_chunk(out_dir, chunk, full=False):
            raise ValueError(
                f"{path.relative_to(out_dir)} was changed after it was committed; "
                "run the same sweep command again to redo its runs"
            )
        files.append(path)
    return files


def clean_tmp(out_dir: Path) -> int:
    """Remove leftovers of interrupted writes (only temporary files); return how many."""
    folder = Path(out_dir) / TMP
    removed = 0
    if folder.is_dir():
        for p in folder.iterdir():
            if p.name.startswith(".") and p.name.endswith(".tmp"):
                with contextlib.suppress(FileNotFoundError):
                    p.unlink()
                    removed += 1
    return removed
