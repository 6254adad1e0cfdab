"""Many runs: identity and seeding, executors, result stores, comparisons and sweeps.

Named ``batch`` to keep it apart from the top-level ``experiments/`` folder of
experiment definitions and figure scripts.
"""

from journeysim.batch.runs import RunSpec, purpose_seeds, replication_seed, run_spec

__all__ = ["RunSpec", "purpose_seeds", "replication_seed", "run_spec"]
