"""A sweep folder's parts: an atomically renamed Parquet file is a commit, and its footer says what it holds.

Layout of a sweep's results folder::

    DIR/manifest.json        identity: kind "sweep", the experiment, its hash, versions, runs per part
    DIR/design.parquet       the design: point_index, point_id, point_hash, one column per factor
    DIR/parts/part-NNNNNN.parquet    runs of chunk NNNNNN: one row per run
    DIR/series/part-NNNNNN.parquet   monthly series of those runs (only with keep_series)
    DIR/status.json          counts after the last session
    DIR/tmp/                 files being written; never read as data
    DIR/.lock                held while a sweep writes

A chunk is *committed* when its runs part is in ``parts/``: each file is written
in ``tmp/`` and renamed into place (its series part first), so a kill leaves a
whole file or none. Chunk *c* always holds the same runs, so a part written
twice (by an orphaned worker, say) is replaced by an identical one.

Each part's footer records its chunk, run ids, columns, and the experiment hash
and code fingerprint of the folder's manifest (:data:`IDENTITY`); its pages
carry Parquet's CRC-32 checksums. Readers check every footer and the page
checksums they read; a resumed sweep reads each part whole and redoes any that
disagree: a replaced, truncated, foreign or corrupted part is never results.
"""

from __future__ import annotations

import contextlib
import json
import re
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from journeysim.batch import folders
from journeysim.batch.errors import BatchInputError
from journeysim.batch.files import write_atomic
from journeysim.batch.tables import rows_to_table, typed

MANIFEST = "manifest.json"
STATUS = "status.json"
DESIGN = "design.parquet"
PARTS = "parts"
SERIES = "series"
TMP = "tmp"
LOCK = ".lock"
STORE_VERSION = 2  # 1: a ledger of SHA-256 checksums beside the parts; 2: each part's footer identifies it
IDENTITY = b"journeysim.part"
_PART = re.compile(r"^part-(\d{6,})\.parquet$")


def part_name(chunk: int) -> str:
    """File name of chunk ``chunk``'s part."""
    return f"part-{chunk:06d}.parquet"


def _manifest(out_dir: Path) -> dict[str, Any]:
    return folders.inspect(out_dir).manifest or {}


def _run_ids(table: pa.Table) -> list[str]:
    """The distinct run ids of a part, in order (a series part has one row per month of each run)."""
    return list(dict.fromkeys(table.column("run_id").to_pylist())) if "run_id" in table.column_names else []


def _identity(manifest: dict[str, Any], chunk: int, schema: pa.Schema) -> dict[str, Any]:
    """What a part of chunk ``chunk`` with these columns must say it is (its run ids aside)."""
    columns = [f"{f.name}: {f.type}" for f in schema]
    return {
        "chunk": chunk,
        "columns": columns,
        "experiment_hash": manifest.get("experiment_hash"),
        "code": manifest.get("code"),
    }


def _write(out_dir: Path, sub: str, chunk: int, table: pa.Table, manifest: dict[str, Any]) -> Path:
    table = typed(table)
    identity = {**_identity(manifest, chunk, table.schema), "run_ids": _run_ids(table)}
    table = table.replace_schema_metadata({**(table.schema.metadata or {}), IDENTITY: json.dumps(identity)})
    return write_atomic(
        out_dir / sub / part_name(chunk),
        lambda p: pq.write_table(table, p, compression="zstd", write_statistics=False, write_page_checksum=True),
        out_dir / TMP,
    )


def write_part(out_dir: Path, chunk: int, rows: list[dict[str, Any]], series: pa.Table | None = None) -> Path:
    """Commit chunk ``chunk``: its series part (if any), then its runs part, each renamed into place whole."""
    out_dir = Path(out_dir)
    manifest = _manifest(out_dir)
    if series is not None:
        _write(out_dir, SERIES, chunk, series, manifest)
    return _write(out_dir, PARTS, chunk, rows_to_table(rows), manifest)


def _legacy(manifest: dict[str, Any]) -> bool:
    """A folder written before parts identified themselves (its manifest records no store version 2)."""
    return manifest.get("store") != STORE_VERSION


def committed_chunks(out_dir: Path) -> set[int]:
    """Chunks whose runs part is in place (by name, without reading them)."""
    folder = Path(out_dir) / PARTS
    return {int(m.group(1)) for p in folder.iterdir() if (m := _PART.match(p.name))} if folder.is_dir() else set()


def _agrees(manifest: dict[str, Any], chunk: int, schema: pa.Schema) -> dict[str, Any] | None:
    """The part's identity if its footer names this chunk, the folder's experiment and code, and its columns."""
    try:
        identity, expected = json.loads(schema.metadata[IDENTITY]), _identity(manifest, chunk, schema)
    except (KeyError, TypeError, ValueError):  # no identity, or bytes that are not text where names should be
        return None
    return identity if isinstance(identity, dict) and all(identity.get(k) == v for k, v in expected.items()) else None


def check_part(
    out_dir: Path, sub: str, chunk: int, rows: int | None = None, manifest: dict[str, Any] | None = None
) -> bool:
    """Whether a part reads whole (checksums verified) and is what its footer says (``rows``: runs expected).

    ``manifest``: the folder's, if the caller has read it already (else it is read here).
    """
    try:
        table = pq.read_table(Path(out_dir) / sub / part_name(chunk), page_checksum_verification=True)
    except (OSError, pa.ArrowException):
        return False
    identity = _agrees(_manifest(Path(out_dir)) if manifest is None else manifest, chunk, table.schema)
    if identity is None or identity.get("run_ids") != _run_ids(table):
        return False
    return rows is None or table.num_rows == rows == len(identity["run_ids"])


def verified_chunks(out_dir: Path, sizes: dict[int, int], series: bool = False) -> set[int]:
    """The chunks of ``sizes`` (chunk -> expected runs) whose parts are intact; the others are uncommitted.

    A chunk that fails the check loses its runs part first (so readers stop showing it), then its series part.
    """
    out_dir = Path(out_dir)
    manifest = _manifest(out_dir)
    if _legacy(manifest):
        raise BatchInputError(
            f"--out {out_dir}: results written by an earlier journeysim (a ledger of checksums beside the parts); "
            "finish them with that version or start a new folder (nothing was changed)"
        )
    good = set()
    for chunk in sorted(committed_chunks(out_dir) & set(sizes)):
        intact = check_part(out_dir, PARTS, chunk, sizes[chunk], manifest)
        if intact and (not series or check_part(out_dir, SERIES, chunk, manifest=manifest)):
            good.add(chunk)
            continue
        for sub in (PARTS, SERIES):
            with contextlib.suppress(FileNotFoundError):
                (out_dir / sub / part_name(chunk)).unlink()
    return good


def committed_files(out_dir: Path, sub: str = PARTS) -> list[Path]:
    """The committed part files under ``sub`` (``parts`` or ``series``), in chunk order, as explicit paths.

    Raises:
        ValueError: naming a part whose footer does not identify it (changed after it was committed).

    """
    out_dir = Path(out_dir)
    manifest = _manifest(out_dir)
    legacy = _legacy(manifest)
    files = []
    for chunk in sorted(committed_chunks(out_dir)):
        path = out_dir / sub / part_name(chunk)
        if not path.is_file():
            continue
        try:
            schema = pq.read_schema(path)
        except (OSError, pa.ArrowException):
            schema = None
        if schema is None or (not legacy and _agrees(manifest, chunk, schema) is None):
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
