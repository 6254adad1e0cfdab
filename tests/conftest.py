import pytest

from journeysim.library import load_scenario


@pytest.fixture(scope="session")
def scenario():
    """Load a shipped scenario by name (cached per session)."""
    cache = {}

    def get(name: str, **sets):
        key = (name, tuple(sorted(sets.items())))
        if key not in cache:
            cache[key] = load_scenario(name, sets=sets or None)
        return cache[key]

    return get


# ---------------------------------------------------------------- posterior folders (for --posterior tests)
@pytest.fixture
def write_posterior(tmp_path):
    """Write a posterior folder (``posterior.parquet`` + ``manifest.json``) and return its path.

    ``columns`` maps parameter names to per-particle values; ``weights`` is the weight column.
    ``manifest`` entries replace the defaults (``None`` removes a key); ``frame`` replaces the table.
    """
    import json

    import pandas as pd

    from journeysim.fingerprint import code_fingerprint

    def write(columns, weights, name="posterior", manifest=None, frame=None):
        folder = tmp_path / name
        folder.mkdir()
        table = frame if frame is not None else pd.DataFrame({**columns, "weight": weights})
        table.to_parquet(folder / "posterior.parquet", index=False)
        data = {
            "kind": "journeysim-posterior",
            "format": 1,
            "parameters": list(columns),
            "targets": "targets.toml",
            "targets_sha256": "0" * 64,
            "code_fingerprint": code_fingerprint(),
            "journeysim_version": "test",
            "seed": 0,
            "settings": {},
            "generations": 1,
            "particles": len(weights),
        }
        for key, value in (manifest or {}).items():
            if value is None:
                data.pop(key, None)
            else:
                data[key] = value
        (folder / "manifest.json").write_text(json.dumps(data))
        return folder

    return write
