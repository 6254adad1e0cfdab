"""Shared runs for the validation tests: every pattern's scenarios, replicated once per session.

Runs go to a two-process pool (the CI machine has two cores); the numbers do
not depend on the executor. ``TEST_REPLICATIONS`` runs per scenario keep every
pattern's estimate several standard errors from its threshold (binomial
standard error about 0.04 for a share, 0.05 for a paired difference).

The runs are cached on disk (under ``.pytest_cache``, git-ignored), keyed by the code
fingerprint (:func:`journeysim.fingerprint.code_fingerprint`), the shipped scenario files, the
validation's run collector and the settings of each batch of runs: a second session with the same
code reads them back in a second, different code runs them again. Patterns and knock-outs are
always evaluated afresh from the runs. ``pytest --cache-clear`` (or ``-p no:cacheprovider``) runs
everything.
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

import journeysim.validation.runner as runner
from journeysim.batch.executors import make_executor
from journeysim.fingerprint import code_fingerprint
from journeysim.validation.knockouts import KNOCKOUTS
from journeysim.validation.patterns import PATTERNS, scenarios_of
from journeysim.validation.runner import DEFAULT_SEED, run_validation
from journeysim.validation.runs import Runs, collect

TEST_REPLICATIONS = 150
ROOT = Path(__file__).resolve().parents[2]


def code_key() -> str:
    """What the runs depend on beyond their settings: the code fingerprint, the scenario files, the collector."""
    digest = hashlib.sha256(code_fingerprint().encode())
    for path in [*sorted((ROOT / "scenarios").rglob("*.toml")), Path(runner.__file__).with_name("runs.py")]:
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def cached_collect(
    folder: Path | None, run: Callable[..., Runs] = collect, code: str | None = None
) -> Callable[..., Runs]:
    """``run`` (:func:`~journeysim.validation.runs.collect`) with its runs kept in ``folder`` (none: no cache).

    The key is ``code`` (default :func:`code_key`) and the settings; the executor and progress bars are not part of it.
    """
    code = code or code_key()

    def collect_cached(
        refs: Any, replications: int, *, executor: Any = None, progress: bool = False, **kw: Any
    ) -> Runs:
        if folder is None or kw.get("posterior") is not None:
            return run(refs, replications, executor=executor, progress=progress, **kw)
        settings = json.dumps([code, list(refs), replications, kw], sort_keys=True, default=str)
        path = folder / f"{hashlib.sha256(settings.encode()).hexdigest()[:24]}.pickle"
        if path.exists():
            return pickle.loads(path.read_bytes())
        runs = run(refs, replications, executor=executor, progress=progress, **kw)
        part = path.with_suffix(f".{os.getpid()}.part")
        part.write_bytes(pickle.dumps(runs))
        part.replace(path)  # atomic: a session killed mid-write leaves no half file under the real name
        return runs

    return collect_cached


@pytest.fixture(scope="session")
def runs_cache() -> Callable[..., Callable[..., Runs]]:
    """The cache's factory, :func:`cached_collect` (for its own test)."""
    return cached_collect


@pytest.fixture(scope="session")
def collect_runs(request: pytest.FixtureRequest) -> Callable[..., Runs]:
    """``collect`` with its runs cached on disk by code and settings."""
    cache = getattr(request.config, "cache", None)
    return cached_collect(Path(cache.mkdir("journeysim-validation")) if cache is not None else None)


@pytest.fixture(scope="session")
def executor() -> Iterator[Any]:
    with make_executor(workers=2) as ex:
        yield ex


@pytest.fixture(scope="session")
def validation(executor: Any, collect_runs: Callable[..., Runs]) -> runner.Validation:
    """Every pattern with fixed parameters, and the knock-outs the tests below rely on."""
    chosen = [
        k for k in KNOCKOUTS if k.id in ("K1", "K2", "K3", "K4", "K6", "K14", "K19", "K20", "K21", "K23", "K24", "K25")
    ]
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(runner, "collect", collect_runs)
        return run_validation(
            PATTERNS,
            replications=TEST_REPLICATIONS,
            seed=DEFAULT_SEED,
            executor=executor,
            uncertainty=False,
            knockouts=chosen,
        )


@pytest.fixture(scope="session")
def uncertain_runs(executor: Any, collect_runs: Callable[..., Runs]) -> Runs:
    """The fragility patterns' scenarios with uncertain parameters drawn per replication."""
    fragility = [p for p in PATTERNS if p.fragility]
    return collect_runs(
        scenarios_of(fragility), TEST_REPLICATIONS, seed=DEFAULT_SEED, executor=executor, uncertain=True
    )


@pytest.fixture(scope="session")
def result(validation: runner.Validation) -> Callable[[str], runner.PatternResult]:
    """Look up a pattern's result by id."""
    by_id = {r.pattern.id: r for r in validation.patterns}
    return by_id.__getitem__


@pytest.fixture(scope="session")
def knockout(validation: runner.Validation) -> Callable[[str, str], runner.KnockoutResult]:
    """Look up a knock-out result by (knock-out id, pattern id)."""
    by_id = {(r.knockout.id, r.pattern_id): r for r in validation.knockouts}
    return lambda k, p: by_id[(k, p)]
