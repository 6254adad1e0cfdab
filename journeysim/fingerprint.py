"""A fingerprint of the code that determines a run's numbers.

The version number alone does not change when the model is edited between
releases, so results folders and manifests also record a hash of the source
files that the numbers depend on (the model, the parameter declarations and
value specs, scenario handling and the runs). A sweep refuses to resume results
made by different code.
"""

from __future__ import annotations

import functools
import hashlib
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent
_SOURCES = (
    "model/*.py",
    "nation/*.py",
    "parameters/*.py",
    "declare.py",
    "values.py",
    "vocabulary.py",
    "scenario.py",
    "library.py",
    "runs/*.py",
    "uncertainty.py",
    "batch/runs.py",
    "batch/posterior.py",
)


@functools.cache
def code_fingerprint() -> str:
    """First 12 hex digits of a SHA-256 over the sources that determine a run's numbers."""
    digest = hashlib.sha256()
    for pattern in _SOURCES:
        for path in sorted(_PACKAGE.glob(pattern)):
            digest.update(path.relative_to(_PACKAGE).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:12]
