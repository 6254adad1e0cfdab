"""experiments/calibration.py: its cache is keyed by everything the cached runs depend on."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[1] / "experiments" / "calibration.py"


def _script():
    spec = importlib.util.spec_from_file_location("calibration_script", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_cache_identity_changes_with_the_posterior_and_the_targets_it_was_fitted_to(tmp_path):
    script = _script()
    (tmp_path / "posterior.parquet").write_bytes(b"particles")
    (tmp_path / "manifest.json").write_text(json.dumps({"targets_sha256": "a" * 64}))
    first = script._identity(tmp_path)
    assert first["targets_sha256"] == "a" * 64 and len(first["code"]) == 12
    (tmp_path / "manifest.json").write_text(json.dumps({"targets_sha256": "b" * 64}))
    assert script._key(**script._identity(tmp_path)) != script._key(**first)
    (tmp_path / "posterior.parquet").write_bytes(b"other particles")
    assert script._identity(tmp_path)["posterior_sha256"] != first["posterior_sha256"]
