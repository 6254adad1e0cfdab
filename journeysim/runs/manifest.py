"""The one manifest builder: what every run, comparison and sweep records to be reproduced.

Every manifest in the package is ``build_manifest(identity, details)``: the
caller's identity keys (scenario and seed, or experiment and hash...), then
the same provenance keys (:data:`PROVENANCE_KEYS`: package version, code
fingerprint, Python version, dependency versions), then any details, then a
``created`` time stamp if asked for.
"""

from __future__ import annotations

import functools
import platform
from collections.abc import Mapping
from datetime import UTC, datetime
from importlib import metadata
from typing import Any

import numpy as np

from journeysim import __version__
from journeysim.fingerprint import code_fingerprint
from journeysim.scenario import Scenario

DEPENDENCIES = ("mesa", "numpy", "scipy", "pandas", "pyarrow", "duckdb", "SALib")
PROVENANCE_KEYS = ("journeysim", "code", "python", "dependencies")


@functools.cache
def dependency_versions() -> dict[str, str]:
    """Installed versions of :data:`DEPENDENCIES` (looked up once per process: ~3 ms each)."""
    versions = {}
    for dep in DEPENDENCIES:
        try:
            versions[dep] = metadata.version(dep)
        except metadata.PackageNotFoundError:  # pragma: no cover - all are dependencies
            versions[dep] = "not installed"
    return versions


def provenance() -> dict[str, Any]:
    """The code behind the numbers: package version, code fingerprint, Python and dependency versions."""
    return {
        "journeysim": __version__,
        "code": code_fingerprint(),
        "python": platform.python_version(),
        "dependencies": dict(dependency_versions()),
    }


def build_manifest(
    identity: Mapping[str, Any], details: Mapping[str, Any] | None = None, *, created: bool = False
) -> dict[str, Any]:
    """A manifest: ``identity``, then :func:`provenance`, then ``details``, then ``created`` if asked.

    Args:
        identity: What was run (scenario, seed; or command, scenarios; or experiment, hash...).
        details: Further records placed after the provenance (definitions, run counts...).
        created: Add the time of creation (UTC, ISO 8601, to the second).

    """
    out = {**identity, **provenance(), **(details or {})}
    if created:
        out["created"] = datetime.now(UTC).isoformat(timespec="seconds")
    return out


def seed_identity(seed: int | np.random.SeedSequence) -> Any:
    """A JSON-friendly identity for a seed."""
    if isinstance(seed, np.random.SeedSequence):
        return {"entropy": int(seed.entropy), "spawn_key": list(seed.spawn_key)}
    return int(seed)


def manifest_for(scenario: Scenario, seed: int | np.random.SeedSequence) -> dict[str, Any]:
    """The manifest of one run (single service or population): scenario and hash, seed, provenance."""
    identity = {
        "scenario": scenario.name,
        "scenario_hash": scenario.hash,
        "scenario_source": scenario.source,
        "seed": seed_identity(seed),
    }
    return build_manifest(identity, {"scenario_definition": scenario.to_dict()})
