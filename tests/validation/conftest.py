"""Shared runs for the validation tests: every pattern's scenarios, replicated once per session.

Runs go to a two-process pool (the CI machine has two cores); the numbers do
not depend on the executor. ``TEST_REPLICATIONS`` runs per scenario keep every
pattern's estimate several standard errors from its threshold (binomial
standard error about 0.04 for a share, 0.05 for a paired difference).
"""

import pytest

from journeysim.batch.executors import make_executor
from journeysim.validation.knockouts import KNOCKOUTS
from journeysim.validation.patterns import PATTERNS, scenarios_of
from journeysim.validation.runner import DEFAULT_SEED, run_validation
from journeysim.validation.runs import collect

TEST_REPLICATIONS = 150


@pytest.fixture(scope="session")
def executor():
    with make_executor(workers=2) as ex:
        yield ex


@pytest.fixture(scope="session")
def validation(executor):
    """Every pattern with fixed parameters, and the knock-outs the tests below rely on."""
    chosen = [k for k in KNOCKOUTS if k.id in ("K1", "K2", "K3", "K4", "K6", "K19", "K20", "K21", "K23", "K24", "K25")]
    return run_validation(
        PATTERNS,
        replications=TEST_REPLICATIONS,
        seed=DEFAULT_SEED,
        executor=executor,
        uncertainty=False,
        knockouts=chosen,
    )


@pytest.fixture(scope="session")
def uncertain_runs(executor):
    """The fragility patterns' scenarios with uncertain parameters drawn per replication."""
    fragility = [p for p in PATTERNS if p.fragility]
    return collect(scenarios_of(fragility), TEST_REPLICATIONS, seed=DEFAULT_SEED, executor=executor, uncertain=True)


@pytest.fixture(scope="session")
def result(validation):
    """Look up a pattern's result by id."""
    by_id = {r.pattern.id: r for r in validation.patterns}
    return by_id.__getitem__


@pytest.fixture(scope="session")
def knockout(validation):
    """Look up a knock-out result by (knock-out id, pattern id)."""
    by_id = {(r.knockout.id, r.pattern_id): r for r in validation.knockouts}
    return lambda k, p: by_id[(k, p)]
